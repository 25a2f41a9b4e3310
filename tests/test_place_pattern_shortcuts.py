"""Shortcuts of the place patterns' readers (:mod:`mapper.place_expr`) find the same
expressions as the plain paths, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

import mapper.place_expr as place_expr
from gazetteer import Gazetteer

#: Sentences where later patterns match over expressions earlier ones found ("near
#: Al-Bab" then "Al-Bab town"), with governorates, towns and names the gazetteer lacks.
TEXTS = [
    "Shelling near Al-Bab town and in Hama city; clashes around Homs area, in Idlib.",
    "Regime forces advanced on Kafr Nabl village near Maarat al-Numan city in Idlib.",
    "IS attacked in western Deir ez-Zor countryside, east of Raqqa area, in Raqqa.",
    "Airstrikes hit Saraqib town, the town of Ariha and the villages of Tleihat and "
    "Um Khan in southern Idlib countryside near Jisr al-Shughur district.",
    "Fighting in rural Hama near Rural Damascus; shelling in Hama area and Homs city, in "
    "Daraa province, near Qalaat Qasrah camp and in Jobar front.",
    "Clashes in the vicinity of Tall Rifat town in northern Aleppo, in Aleppo city.",
    "Protest in Latakia area. Gunmen attacked Quneitra town near Hama neighbourhood.",
]


class _CountingGazetteer:
    """A gazetteer that counts the questions :func:`is_governorate_name` asks it."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.asked = 0

    def confident_place(self, name: str, **kwargs: Any) -> Any:
        self.asked += 1
        return self.gaz.confident_place(name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gaz, name)


def _read(gaz: Any) -> list[list[tuple]]:
    out = []
    for text in TEXTS:
        for all_mentions in (False, True):
            mentions = gaz.find_mentions(text)
            out.append([(e.start, e.end, e.kind, e.names, e.qualifier, e.corridor)
                        for e in place_expr.find_place_expressions(
                            text, mentions=mentions, gazetteer=gaz,
                            all_mentions=all_mentions)])
    return out


def test_matches_over_taken_spans_skipped_find_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(place_expr, "_REMEMBER_GOVERNORATES", False)  # count every question
    gaz = Gazetteer.default()
    monkeypatch.setattr(place_expr, "_SKIP_TAKEN_MATCHES", False)
    plain_gaz = _CountingGazetteer(gaz)
    plain = _read(plain_gaz)
    monkeypatch.setattr(place_expr, "_SKIP_TAKEN_MATCHES", True)
    fast_gaz = _CountingGazetteer(gaz)
    assert _read(fast_gaz) == plain
    assert any(e[2] == "governorates" for found in plain for e in found)
    assert fast_gaz.asked < plain_gaz.asked  # the shortcut was taken


#: Words for generated text around :data:`mapper.place_expr._AFTER_NAMES`: names ending in
#: every way a name ends (a capital's word, "'s", a parenthesis, Arabic), direction words
#: in any case, the second alternatives' last words, and words that are no name.
_AFTER_NAME_WORDS = [
    "Al-Bab", "al-Bab", "Deir", "Ezzor", "Idlib's", "Homs’s", "(Tadmor)", "Palmyra (Tadmor)",
    "دير الزور", "الزور", "Kafr", "ibn", "Abu", "the", "of", "in", "near", "to", "x", "9",
    "eastern", "Western", "north", "south-east", "Northwest", "central", "southern",
    "countryside", "countrysides", "Countryside", "outskirts", "surroundings", "environs",
    "surrounding", "town", "across", "throughout", "around", "close to", "east of",
    "western countryside", "North-east countryside", "southern\tcountryside",
]
_AFTER_NAME_SEPARATORS = [" ", " ", " ", "", "'s ", "’s ", ", ", "\n", "-", ") ", " ("]


def _second_alternative_spans() -> list[tuple[str, int, int]]:
    from tests.generated_text import generated_texts, spans_of

    texts = generated_texts(_AFTER_NAME_WORDS, _AFTER_NAME_SEPARATORS, 3000, seed=11,
                            most_words=14)
    return spans_of([*TEXTS, *texts], seed=3)


@pytest.mark.parametrize("name", ["_NEAR", "_DIRECTION"])
def test_second_alternative_run_only_after_a_name_finds_the_same(
        monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    pattern = getattr(place_expr, name)
    assert id(pattern) in place_expr._AFTER_NAMES
    spans = _second_alternative_spans()

    def found(check: bool) -> list[list[tuple]]:
        monkeypatch.setattr(place_expr, "_CHECK_AFTER_NAME", check)
        return [[(m.span(), m.groupdict()) for m in place_expr._search(pattern, t, a, b, t[a:b])]
                for t, a, b in spans]

    plain = found(False)
    assert found(True) == plain
    second = sum(any(g["n2"] for _, g in ms) for ms in plain)
    assert second > 100, second  # spans where the second alternative matches
    words = place_expr._ALTERNATIVE_WORDS[id(pattern)][0]
    after = place_expr._AFTER_NAMES[id(pattern)]
    skipped = sum(1 for t, a, b in spans
                  if any(w in t[a:b] for w in words) and after.search(t, a, b) is None)
    assert skipped > 100, skipped  # spans where the first alternative is run alone


@pytest.mark.parametrize("name", ["_NEAR", "_DIRECTION"])
def test_every_second_alternative_match_holds_a_name_end(name: str) -> None:
    pattern = getattr(place_expr, name)
    after = place_expr._AFTER_NAMES[id(pattern)]
    checked = 0
    for t, a, b in _second_alternative_spans():
        for m in pattern.finditer(t, a, b):
            if m.group("n2"):
                assert after.search(t, m.start(), m.end()) is not None, m.group(0)
                checked += 1
    assert checked > 100
