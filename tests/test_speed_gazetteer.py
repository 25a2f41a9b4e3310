"""Speed-ups of the gazetteer side must not change results: each fast path against the
plain computation it replaces (no timings here; those live in ``benchmarks/``)."""

from __future__ import annotations

import random
import string

import pytest

import gazetteer.index as index_mod
import gazetteer.normalize as normalize_mod
from gazetteer import Gazetteer
from tests.generated_text import random_strings
from tests.test_speed_invariants import _texts

#: Texts that reach the corners of the mention scan: Arabic (conjunctions and prepositions
#: glued to the article), articles in every position and spacing, words folding to nothing,
#: armed groups named like places, lower- and upper-case text, a text past the counted words.
MENTION_TEXTS = [
    "قصف على دير الزور والرقة وبالرقة ومدينة حمص",
    "Shelling of al-Bab, Al Tal, as-Sukhnah, as Sukhnah and at Tall; at-Tanf at Tanf.",
    "The al al-Bab and Al- Bab, AL-TAL, el-Mayadin, El\u00a0Mayadin; # and ## words",
    "Hay'at Tahrir al-Sham in Idlib; Jabal al-Akrad; Rural Damascus; the Euphrates",
    "al al al-Bab al ـ Bab; Al-ـ-Tal; ء Homs ـ al; the al- -Sukhnah al‐Bab al‑Bab",
    "Ma'arrat al-Nu'man, Jisr ash-Shughur's edge, al''Bab, 'quoted' words' end, Kafr Nabl",
    "Deir ez-Zor, Deir Ezzor, Dayr az Zawr and Deir al-Zour; Kaba Jeb, Kabajeb; Sokhneh",
    "An IED hit a car in Al-Mayadin. Al Mayadin. al-mayadin. AL-MAYADIN. As-Safira",
    "al-Bab", "Al", "as", "at Homs", "Homs at", "ـ", "", "   ", "1,100 IS fighters; T4, M5",
    "ISIS attacked Palmyra (Tadmur) and the T4 airbase; SDF and YPG near Manbij and Kobani",
    "Homs\tal-Bab\nAl--Tal\x00Raqqa\x7fIdlib  al - Bab,al-Bab;Deir-ez-Zor_Raqqa 2_Homs",
    "al\t-Bab al -\tBab Al  -  Tal; al\r\nBab; at-\nTanf; the al-Sukhnah-Palmyra road",
]


def _mention_texts() -> list[str]:
    texts = _texts() + MENTION_TEXTS
    texts.append(" ".join(texts))  # past the counted words
    return texts + [t.lower() for t in texts] + [t.upper() for t in texts]


@pytest.mark.parametrize("split_ascii", [True, False])
@pytest.mark.parametrize("embedded", [True, False])
def test_fast_mention_scan_finds_the_mentions_of_the_plain_scan(
        monkeypatch: pytest.MonkeyPatch, embedded: bool, split_ascii: bool) -> None:
    monkeypatch.setattr(index_mod, "_SPLIT_ASCII", split_ascii)
    places = Gazetteer.default().places if embedded else Gazetteer.default().places[::3]
    texts = _mention_texts()
    monkeypatch.setattr(index_mod, "_FAST_SCAN", False)
    plain_gaz = Gazetteer(places)
    plain = [plain_gaz.find_mentions(t) for t in texts]
    plain_within = [plain_gaz.find_mentions(t, within=(3, len(t) // 2)) for t in texts]
    monkeypatch.setattr(index_mod, "_FAST_SCAN", True)
    gaz = Gazetteer(places)
    assert [gaz.find_mentions(t) for t in texts] == plain
    assert [gaz.find_mentions(t, within=(3, len(t) // 2)) for t in texts] == plain_within
    for capital in (True, False):
        monkeypatch.setattr(index_mod, "_FAST_SCAN", False)
        slow = [plain_gaz.find_mentions(t, require_capital=capital) for t in texts]
        monkeypatch.setattr(index_mod, "_FAST_SCAN", True)
        assert [gaz.find_mentions(t, require_capital=capital) for t in texts] == slow
    assert sum(map(len, plain)) > 100


def test_fast_mention_scan_with_words_forgotten_all_the_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _mention_texts()
    plain = [Gazetteer.default().find_mentions(t) for t in texts]
    monkeypatch.setattr(index_mod, "_TOKEN_WORDS_SIZE", 2)
    gaz = Gazetteer(Gazetteer.default().places)
    assert [gaz.find_mentions(t) for t in texts] == plain


def test_fast_mention_scan_past_the_counted_words(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _mention_texts()
    gaz = Gazetteer(Gazetteer.default().places)
    counted = [gaz.find_mentions(t) for t in texts]
    monkeypatch.setattr(index_mod, "_COUNTED_WORDS", -1)
    assert [gaz.find_mentions(t) for t in texts] == counted


def _words() -> list[str]:
    rnd = random.Random(7)
    words = set()
    for text in _mention_texts():
        words.update(normalize_mod._WORD_RE.findall(text))
    for place in Gazetteer.default().places:
        for name in place.names or (place.name,):
            words.update(normalize_mod._WORD_RE.findall(name))
    alphabet = string.ascii_letters + string.digits + "'`’ʿ-_ .,ـءéçİıßł"
    words.update(random_strings(rnd, alphabet, 20000, 1, 12))
    words.update(random_strings(rnd, "aeiouyxdjschkgtpqwezrlmnf", 20000, 1, 14))
    return sorted(words)


def test_ascii_token_folding_equals_the_unicode_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    fold = normalize_mod.normalize_token.__wrapped__
    words = _words()
    monkeypatch.setattr(normalize_mod, "_ASCII_TOKENS", False)
    plain = [fold(w) for w in words]
    monkeypatch.setattr(normalize_mod, "_ASCII_TOKENS", True)
    assert [fold(w) for w in words] == plain


def test_skipped_letter_rules_fold_words_as_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    fold = normalize_mod._phonetic_word.__wrapped__
    words = sorted({normalize_mod.normalize_token(w) for w in _words()} - {""})
    for first in (False, True):
        monkeypatch.setattr(normalize_mod, "_SKIP_RULES", False)
        plain = [fold(w, first) for w in words]
        monkeypatch.setattr(normalize_mod, "_SKIP_RULES", True)
        assert [fold(w, first) for w in words] == plain


def test_every_letter_rule_match_holds_a_needle() -> None:
    words = [w.lower() for w in _words()]
    for (pattern, _), (needles, suffix) in zip(normalize_mod._RULES,
                                               normalize_mod._RULE_NEEDLES, strict=True):
        for w in words:
            if pattern.search(w):
                if suffix:
                    assert w.endswith(needles), (pattern.pattern, w)
                else:
                    assert any(n in w for n in needles), (pattern.pattern, w)


@pytest.mark.parametrize("cutoff", [88.0, 80.0, 60.0])
def test_two_stage_bound_keeps_the_keys_of_the_one_stage_bound(
        monkeypatch: pytest.MonkeyPatch, cutoff: float) -> None:
    gaz = Gazetteer(Gazetteer.default().places)
    index = gaz.index
    queries = ["Deir Ezzor", "Palmyraa", "Kabajeeb", "Qamishlo", "Xyzzyqwerty", "Abu Kamaal",
               "Homs desertt", "Aaaaleppo", "Maarat al-Numaan", "Ssssaraqib", "Tal Abyadd"]
    for kind in ("phonetic", "normalized"):
        table = index._fuzzy_table(kind)
        for name in queries:
            query = dict(index._fuzzy_queries(name))[kind]
            for first, last in ((0, len(table.keys)), (len(table.keys) // 3,
                                                        len(table.keys) // 2)):
                monkeypatch.setattr(index_mod, "_TWO_STAGE_BOUND", False)
                plain = index_mod.NameIndex._close_keys(table, query, first, last, cutoff)
                monkeypatch.setattr(index_mod, "_TWO_STAGE_BOUND", True)
                assert index_mod.NameIndex._close_keys(table, query, first, last,
                                                       cutoff) == plain


@pytest.mark.parametrize("cutoff", [88.0, 80.0, 95.5, 60.0])
def test_remembered_length_spans_equal_spans_worked_out(monkeypatch: pytest.MonkeyPatch,
                                                        cutoff: float) -> None:
    index = Gazetteer(Gazetteer.default().places).index
    names = ["Deir Ezzor", "Palmyraa", "Kabajeeb", "Xyzzyqwerty", "Abu Kamaal", "Idlibb",
             "Maarat al-Numaan", "Tal Abyadd", "Homs desertt", "Qamishlo"]
    for exact in (True, False, True):  # remembered per setting, not across
        monkeypatch.setattr(index_mod, "_EXACT_LENGTHS", exact)
        for kind in ("phonetic", "normalized"):
            table = index._fuzzy_table(kind)
            for _ in range(2):  # worked out and remembered, then remembered
                for n in range(0, len(table.offsets) + 3):
                    monkeypatch.setattr(index_mod, "_REMEMBER_SPANS", False)
                    plain = index_mod.NameIndex._length_span(table, n, cutoff)
                    monkeypatch.setattr(index_mod, "_REMEMBER_SPANS", True)
                    assert index_mod.NameIndex._length_span(table, n, cutoff) == plain
        monkeypatch.setattr(index_mod, "_REMEMBER_SPANS", False)
        plain_hits = [index._fuzzy_uncached(n, limit=10, cutoff=cutoff) for n in names]
        monkeypatch.setattr(index_mod, "_REMEMBER_SPANS", True)
        assert [index._fuzzy_uncached(n, limit=10, cutoff=cutoff) for n in names] == plain_hits
    assert index._fuzzy_table("phonetic").spans


def _misspelled(name: str, rng: random.Random) -> str:
    """``name`` with a vowel changed, dropped or doubled, or a letter doubled."""
    at = [i for i, c in enumerate(name) if c.lower() in "aeiouy"] or [0]
    i = rng.choice(at)
    how = rng.randrange(4)
    if how == 0:
        return name[:i] + rng.choice("aeiou") + name[i + 1:]
    if how == 1:
        return name[:i] + name[i + 1:]
    if how == 2:
        return name[:i] + name[i] * 2 + name[i + 1:]
    j = rng.randrange(len(name))
    return name[:j] + name[j] * 2 + name[j + 1:]


def test_skeleton_hits_at_once_equal_one_comparison_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    places = Gazetteer.default().places
    rng = random.Random(7)
    names = [n for p in places for n in (p.names or (p.name,))]
    queries = names + [_misspelled(n, rng) for n in names for _ in range(3) if n]
    queries += ["Bseimeh", "Hseiniyeh", "Sfireh", "Kfr Nbl", "Tadmor", "Tdmr", "Zzz"]
    monkeypatch.setattr(index_mod, "_REMEMBER_LOOKUPS", False)
    monkeypatch.setattr(index_mod, "_SKELETON_AT_ONCE", False)
    index = Gazetteer(places).index
    plain = [index.lookup(q) for q in queries]
    monkeypatch.setattr(index_mod, "_SKELETON_AT_ONCE", True)
    monkeypatch.setattr(index_mod, "_SKELETON_AT_ONCE_FROM", 1)
    for _ in range(2):  # the names' keys worked out and kept, then kept
        assert [index.lookup(q) for q in queries] == plain
    assert index._skeleton_monos
    assert sum(h.match == "skeleton" for hits in plain for h in hits) > 20


def test_skeleton_scores_at_once_keep_similarities_equal_to_the_cutoff() -> None:
    index = Gazetteer(Gazetteer.default().places).index
    Indel = index_mod._rapidfuzz()[2]
    at_cutoff = 0
    for skel, value in index.skeleton.items():
        nis = (value,) if isinstance(value, int) else value
        for ni in nis:
            mono = index_mod._monophthong(index.name_phonetic[ni])
            one_by_one = sorted(((Indel.normalized_similarity(mono, index_mod._monophthong(
                index.name_phonetic[other])), other) for other in nis), reverse=True)
            at_once = index._skeleton_scores(skel, nis, mono, 0.8)
            assert [x for x in at_once if x[0] >= 0.8] == [
                x for x in one_by_one if x[0] >= 0.8]
            at_cutoff += sum(sim == 0.8 for sim, _ in one_by_one)
    assert at_cutoff


def test_location_keyed_by_the_text_as_read_equals_one_of_another_text() -> None:
    import dataclasses

    from gazetteer.model import ResolveContext
    from mapper import locate as locate_mod
    from mapper import locate_memo, place_expr

    gaz = Gazetteer.default()
    contexts = [None, ResolveContext(governorate_pcodes=frozenset({"SY04"}))]
    texts = _texts() + [
        "Clashes near the Homs desert and near Palmyra countryside; near Arak, near Tadmur.",
        "Shelling near the outskirts of Al-Sukhnah and in the eastern countryside of Hama.",
        "Fighting in Nowhereville and near Xyzzy; an attack near the M20 by Arak.",
    ]
    tried = 0
    for text in texts:
        for expr in place_expr.find_place_expressions(text, gazetteer=gaz,
                                                      mentions=gaz.find_mentions(text)):
            read = locate_memo._text_key(expr)
            if read == expr.text:
                continue
            others = ["x", "the desert of somewhere", "near it", "Palmyra countryside", ""]
            for other in others:
                variant = dataclasses.replace(expr, text=other)
                if locate_memo._text_key(variant) != read:
                    continue
                tried += 1
                for ctx in contexts:
                    assert locate_mod.locate_with_reason(variant, gaz, context=ctx) == \
                        locate_mod.locate_with_reason(expr, gaz, context=ctx), (expr, other)
    assert tried > 50


@pytest.mark.parametrize("size", [3, 4096])
def test_mentions_read_ahead_equal_mentions_read_on_demand(
        monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(index_mod, "_AHEAD_SIZE", size)
    texts = _mention_texts()
    plain = Gazetteer(Gazetteer.default().places)
    expected = [plain.find_mentions(t) for t in texts]
    expected_within = [plain.find_mentions(t, within=(3, len(t) // 2)) for t in texts]
    gaz = Gazetteer(Gazetteer.default().places)
    read = 0
    for i in range(0, len(texts), 5):
        block = texts[i:i + 5]
        read += gaz.read_ahead(block + block[:1])  # a text twice: read once
        for k, text in enumerate(block):
            if k % 2:
                assert gaz.find_mentions(text, within=(3, len(text) // 2)) == \
                    expected_within[i + k]
            else:
                assert gaz.find_mentions(text) == expected[i + k]
            assert gaz.find_mentions(text) == expected[i + k]  # asked again: read again
            assert gaz.find_mentions(text, require_capital=False) == \
                plain.find_mentions(text, require_capital=False)
    assert read >= len(texts) // 2
    gaz.read_ahead(texts[:2])  # never asked for: dropped when too many wait
    assert gaz.read_ahead(texts[2:4]) >= 1
    assert gaz.read_ahead(texts[4:4 + size + 1]) >= 1
    assert [gaz.find_mentions(t) for t in texts[:size + 5]] == expected[:size + 5]
    assert len(gaz.index._ahead) <= size


@pytest.mark.parametrize("split_ascii", [True, False])
def test_word_starts_to_the_last_match_equal_every_word_start(
        monkeypatch: pytest.MonkeyPatch, split_ascii: bool) -> None:
    monkeypatch.setattr(index_mod, "_SPLIT_ASCII", split_ascii)
    texts = _mention_texts() + ["Homs and Hama; then twenty words " + "more " * 20]
    gaz = Gazetteer(Gazetteer.default().places)
    monkeypatch.setattr(index_mod, "_STARTS_TO_LAST_MATCH", False)
    every = [gaz.find_mentions(t, require_capital=c) for t in texts for c in (True, False)]
    monkeypatch.setattr(index_mod, "_STARTS_TO_LAST_MATCH", True)
    assert [gaz.find_mentions(t, require_capital=c) for t in texts for c in (True, False)
            ] == every
    assert sum(map(len, every)) > 100


def test_word_starts_of_the_first_words_begin_every_word_start() -> None:
    text = "-- al-Bab,  Homs;; x  Tall 2 --"
    parts = index_mod._ASCII_SPLIT_RE.split(text)
    pieces = text.translate({ord(c): " " for c in "-,;"}).split(" ")
    every = index_mod._word_starts(parts, [])
    assert every == index_mod._word_starts(None, pieces)
    assert [text[i] for i in every] == ["a", "B", "H", "x", "T", "2"]
    for words in range(len(every) + 1):
        assert index_mod._word_starts(parts, [], words) == every[:words]
        assert index_mod._word_starts(None, pieces, words) == every[:words]
