"""Fuzzy lookups of ASCII queries compare them only with the keys holding an ASCII
character (``gazetteer.index._ASCII_TABLES``): the same hits as a comparison with every key,
and the smaller tables equal tables made of their keys alone. Key lookups give their hits
best level first."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gazetteer.index as index_mod
from gazetteer.gazetteer import Gazetteer
from gazetteer.index import LEVELS, NameIndex, _fuzzy_table_of
from gazetteer.model import Place

# Invented names: Latin, Arabic script, and both in one name; Arabic letters fall in the
# same character buckets as Latin ones, so the pre-filter alone does not tell them apart.
_LATIN = ["Qarrat Zamiya", "Tell Harbun", "Kfar Sulwan", "Ain Dhibab", "Marj Hasaniya",
          "Jubb Tawila", "Bir Anqalus", "Zor Minhal", "Umm Rasifa", "Hawsh Qadri"]
_ARABIC = ["قرة زامية", "تل حربون", "كفر سلوان", "عين ذباب", "مرج حسانية", "جب طويلة",
           "بئر عنقلوس", "زور منهل", "أم رصيفة", "حوش قدري"]
_MIXED = ["Tell حربون", "Kfar سلوان 2", "مرج Hasaniya", "Zor-منهل"]
# Other places of a name's keys: hits at several levels in one lookup.
_TWINS = ["Tal Harboun", "Tell-Harbun", "Kefar Sulwan"]


def _index() -> NameIndex:
    places = [Place(f"place:t{i}", latin, "village", 35.0 + i / 100, 38.0,
                    names=(latin, arabic))
              for i, (latin, arabic) in enumerate(zip(_LATIN, _ARABIC, strict=True))]
    places += [Place(f"place:m{i}", name, "village", 34.0, 37.0 + i / 100, names=(name,))
               for i, name in enumerate(_MIXED + _TWINS)]
    return NameIndex(places)


def _queries() -> list[str]:
    """Typos of the names (a letter doubled, dropped or changed), and the names."""
    out = []
    for name in _LATIN + _ARABIC + _MIXED:
        out.append(name)
        out.append(name[:3] + name[3] + name[3:])
        out.append(name[:2] + name[3:])
        out.append(name[:-1] + ("a" if name.isascii() else "ة"))
    return out + ["Qarrat Zamiyya", "Tel Harboun", "Kefr Silwan", "Umm Rusaifa",
                  "Hosh Qadry", "Zawr Minhil", "Qarratزامية", "Dhibab é"]


@pytest.mark.parametrize("cutoff", [88.0, 70.0, 40.0])
def test_fuzzy_hits_equal_a_comparison_with_every_key(
        monkeypatch: pytest.MonkeyPatch, cutoff: float) -> None:
    queries = _queries()
    assert any(q.isascii() for q in queries) and not all(q.isascii() for q in queries)
    monkeypatch.setattr(index_mod, "_ASCII_TABLES", False)
    plain = [_index().fuzzy(q, cutoff=cutoff) for q in queries]
    monkeypatch.setattr(index_mod, "_ASCII_TABLES", True)
    index = _index()
    assert [index.fuzzy(q, cutoff=cutoff) for q in queries] == plain
    assert sum(map(bool, plain)) > len(queries) // 2


def test_fuzzy_hits_equal_a_comparison_with_every_key_on_the_default_gazetteer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    names = [p.name for p in Gazetteer.default().places[:120]]
    queries = [n[:4] + n[3:] for n in names] + [n[:-1] for n in names if len(n) > 5]
    monkeypatch.setattr(index_mod, "_ASCII_TABLES", False)
    plain_index = Gazetteer(Gazetteer.default().places).index
    plain = [plain_index.fuzzy(q) for q in queries]
    monkeypatch.setattr(index_mod, "_ASCII_TABLES", True)
    index = Gazetteer(Gazetteer.default().places).index
    assert [index.fuzzy(q) for q in queries] == plain
    assert any(plain)


def _same_table(sub: index_mod._FuzzyTable, made: index_mod._FuzzyTable) -> None:
    assert sub.keys == made.keys and sub.offsets == made.offsets
    assert np.array_equal(sub.lengths, made.lengths)
    assert sub.counts.dtype == made.counts.dtype and np.array_equal(sub.counts, made.counts)
    for t in sorted({*sub.masks, *range(1, 10)}):
        assert np.array_equal(NameIndex._masks(sub, t), NameIndex._masks(made, t))


def test_ascii_tables_equal_tables_made_of_their_keys() -> None:
    for index in (_index(), Gazetteer(Gazetteer.default().places).index):
        for kind in ("phonetic", "normalized"):
            full = index._fuzzy_table(kind)
            for t in range(1, 4):
                NameIndex._masks(full, t)  # carried over to the smaller table
            sub = index._ascii_fuzzy_table(kind)
            assert sub.mapping is full.mapping
            ascii_keys = {k for k in full.keys if any(c.isascii() for c in k)}
            assert set(sub.keys) == ascii_keys and len(sub.keys) < len(full.keys)
            _same_table(sub, _fuzzy_table_of({k: full.mapping[k] for k in ascii_keys}))


def test_ascii_tables_saved_with_the_index_equal_those_made(tmp_path: Path) -> None:
    index = _index()
    loaded = NameIndex.load(index.save(tmp_path / "names.index"))
    assert set(loaded._ascii_fuzzy) == {"phonetic", "normalized"}
    for kind in ("phonetic", "normalized"):
        saved = loaded._ascii_fuzzy[kind]
        assert saved.mapping is loaded._fuzzy[kind].mapping
        _same_table(saved, index._ascii_fuzzy_table(kind))
    queries = _queries()
    assert [loaded.fuzzy(q) for q in queries] == [_index().fuzzy(q) for q in queries]


def test_lookup_hits_come_best_level_first() -> None:
    index = _index()
    levels = set()
    for query in _queries() + [q.upper() for q in _queries()] + ["tell harbun", "Tal Harbun"]:
        for skeleton in (True, False):
            hits = index._lookup(query, skeleton)
            assert hits == sorted(hits, key=lambda h: LEVELS.index(h.match))
            assert len({h.place_index for h in hits}) == len(hits)
            levels.update(h.match for h in hits)
            if len({h.match for h in hits}) > 1:
                levels.add("several")
    assert levels >= {"exact", "normalized", "phonetic", "skeleton", "several"}
