"""Patterns led by a list of words (:func:`mapper.place_expr._word_led`) find what the
same words after a ``\\b`` find: on generated text full of the edges (a word inside a
longer word, after an underscore, a digit or a non-ASCII letter, at a span's start with a
letter before it, "ſ" and the Kelvin sign) and on notes written for the tests."""

from __future__ import annotations

import re

import pytest

import mapper.place_expr as place_expr
from mapper.place_expr import _NAME_START, NAME
from tests.generated_text import generated_texts, spans_of
from tests.test_note_match_cuts import NOTES

WORDS = ["in", "In", "into", "on", "of", "to", "across", "throughout", "near", "nearby",
         "close", "around", "the", "vicinity", "outskirts", "surroundings", "countryside",
         "edge", "edges", "north", "south-east", "northwest", "east", "west", "western",
         "eastern", "North", "central", "town", "village", "city", "area", "rural", "Rural",
         "Idlib", "Idlib's", "Homs’s", "Al-Bab", "al-Hamra", "Kafr", "Nabl", "Deir", "ez-Zor",
         "(Hama)", "دير", "الزور", "camp", "dam", "Sukhnah", "and", "ſouth", "\u212aafr", "é",
         "x", "_", "9", "Ɐ", "in western", "of the eastern", "across northern", "to the south",
         "near the", "on the outskirts of", "in the countryside of", "east of"]
#: Between words; "" glues two words into one ("xin", "_near", "9of", "éon").
SEPARATORS = [" ", " ", " ", "", ", ", "-", "'s ", ". ", " (", ") ", "\n", "\t"]




def _matches(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text, start, end)]


SPANS = spans_of([*NOTES, *generated_texts(WORDS, SEPARATORS, 3000, seed=11, most_words=16)],
                 seed=5)


def _first_alternative_as_written(pattern: re.Pattern[str], groups: tuple[str, ...]
                                  ) -> re.Pattern[str]:
    """``pattern``'s first alternative cut from its source, as it reads: ``\\b`` and the
    words, no second alternative."""
    head, sep, _ = pattern.pattern.partition(r"|\b" + _NAME_START + "(?P<n2>")
    assert sep
    return re.compile(head + "|(?!)" + "".join(f"(?P<{g}>)" for g in groups), pattern.flags)


@pytest.mark.parametrize("words", [
    ("in", "across", "of", "throughout", "to"),
    ("near", "nearby", r"close\s+to", "n", r"north\s+of", r"north-?east\s+of"),
    ("Rural", "rural"),
    ("sa", "ss", "s"),
])
def test_word_led_words_match_as_after_a_word_boundary(words: tuple[str, ...]) -> None:
    led = re.compile(place_expr._word_led(words) + r"\W")
    plain = re.compile(rf"\b(?:{'|'.join(words)})\W")
    assert [_matches(led, *s) for s in SPANS] == [_matches(plain, *s) for s in SPANS]
    assert any(_matches(plain, *s) for s in SPANS)


@pytest.mark.parametrize(("name", "groups"), [("_NEAR", ("n2", "what")),
                                              ("_DIRECTION", ("n2", "dir2"))])
def test_word_led_first_alternatives_match_as_written(name: str, groups: tuple[str, ...]
                                                      ) -> None:
    pattern = getattr(place_expr, name)
    _, first = place_expr._ALTERNATIVE_WORDS[id(pattern)]
    written = _first_alternative_as_written(pattern, groups)
    found = [_matches(first, *s) for s in SPANS]
    assert found == [_matches(written, *s) for s in SPANS]
    assert sum(bool(f) for f in found) > 100


def test_rural_matches_as_written() -> None:
    written = re.compile(rf"\b(?P<rural>[Rr]ural)\s+(?P<n>{NAME})")
    found = [_matches(place_expr._RURAL, *s) for s in SPANS]
    assert found == [_matches(written, *s) for s in SPANS]
    assert sum(bool(f) for f in found) > 20


def test_the_generated_text_reaches_the_edges() -> None:
    near = place_expr._ALTERNATIVE_WORDS[id(place_expr._NEAR)][1]
    found = [m.group("prep") for text, a, b in SPANS for m in near.finditer(text, a, b)]
    assert {"near", "nearby", "around"} <= set(found)
    glued = re.compile(r"(?:\w|ſ)(?:in|near|of|to)\s")
    assert any(glued.search(text) for text, _, _ in SPANS)
