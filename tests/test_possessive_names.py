"""Name words matched possessively (:func:`mapper.place_expr._word_runs_possessive`) give
the same matches as plain greedy ones, on sentences written for it and on generated
text full of the edges: "'s", hyphens, articles, brackets, commas and Arabic words."""

from __future__ import annotations

import re

import pytest

import mapper.place_expr as place_expr
from tests.generated_text import generated_texts
from tests.test_note_match_cuts import NOTES

POSSESSIVE = ["_NAME_NOUN", "_NEAR", "_DIRECTION", "_GOV_LIST_AFTER", "_ZONE_LIST"]

WORDS = ["Idlib's", "Homs’s", "Idlib", "Al-Bab", "al-Hamra", "(Hama)", "Kafr", "Nabl", "Tall",
         "ibn", "Abu", "Hill's", "D'ara", "Deir", "ez-Zor", "Raqqa's", "Um", "Khan", "town",
         "village", "city", "area", "countryside", "outskirts", "surroundings", "desert",
         "deserts", "triangle", "Badia", "province", "provinces", "governorate", "and", "near",
         "in", "of", "the", "western", "north-east", "eastern", "دير", "الزور", "حماة", "farms",
         "camp", "front", "Sukhnah", "Palmyra", "X'", "s", "'s", "ʿAyn", "`Ali", "Jabal"]
SEPARATORS = [" ", " ", " ", ", ", "-", " and ", "'s ", "’s ", ". ", " (", ") "]



def _generated() -> list[str]:
    return generated_texts(WORDS, SEPARATORS, 4000, seed=7, most_words=14)


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern.replace("*+", "*"), pattern.flags)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", POSSESSIVE)
def test_possessive_name_words_change_no_match(name: str) -> None:
    pattern = getattr(place_expr, name)
    assert "*+" in pattern.pattern
    plain = _plain(pattern)
    texts = [*NOTES, *_generated()]
    assert [_matches(pattern, t) for t in texts] == [_matches(plain, t) for t in texts]


def test_the_generated_text_reaches_the_edges() -> None:
    texts = _generated()
    near = place_expr._NEAR
    found = [m.group(0) for t in texts for m in near.finditer(t)]
    assert any("'s countryside" in f or "’s outskirts" in f for f in found)
    assert any("(" in f for f in found) and any("-" in f for f in found)


def test_a_name_before_a_word_boundary_stays_greedy() -> None:
    """``_PLACE`` ends in ``\\b``, which also falls inside a word ("Idlib|'s"): there,
    possessive words would lose matches."""
    assert "*+" not in place_expr._PLACE.pattern
    possessive = re.compile(place_expr._word_runs_possessive(place_expr._PLACE.pattern))
    texts = _generated()
    assert any(_matches(possessive, t) != _matches(place_expr._PLACE, t) for t in texts)
