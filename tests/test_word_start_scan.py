"""Patterns tried only where one of their words starts find what a search finds.

:data:`mapper.place_expr._WORD_STARTS` patterns are matched at a span's start and after
the non-word characters a scanner finds; these tests compare that with the plain search
on generated text (names, keywords and separators, ASCII or not) and on written sentences,
over whole texts and spans starting and ending anywhere.
"""

from __future__ import annotations

import re

import pytest

import mapper.place_expr as place_expr
from tests.generated_text import generated_texts, spans_of
from tests.test_name_pattern_forms import SPANS

#: Sentences written for these tests: words of the patterns after odd characters, at a
#: span's start, glued to other words, and in texts that are not ASCII.
SENTENCES = [
    "in Al-Bab;at Jisr al-Shughur,(on Tell Rifaat) and [into Kafr Nabl] near nothing",
    "Fighting in the town of Ariha; captured Tal Hamam.attacked Maarat in el-Bab",
    "The village was stormed:towards Khan Tuman—in Saraqib, hit Kafrzita city",
    "Shelling in Zamalka, in دير الزور, in Ɐbu and in é-Town; entered Harasta",
    "within Idlib, main road; into\tTaftanaz\nin\nBinnish province; attacks on Sheikh Maqsoud",
    "Ain Issa, Tal Abyad: offensive on Manbij-in Jarablus/in Qabasin'in Bzaa",
    "control of Deir Hafer’s countryside and control over Maskanah desert; took over Ithriya",
    "nothing here at all",
    "near Al-Bab;north of Deir Hafer,(around Tell Rifaat) in western Aleppo, nearby x",
    "across the eastern countryside of Hama throughout southern Idlib\tto the North-west "
    "Jisr al-Shughur, close to Ariha, on the outskirts of Binnish, in the town of Kafr",
    "in the vicinity of the town of Saraqib and surroundings of ad-Dana near دير الزور; "
    "south-east of\nMaarat, in the countryside of Homs, of central Hama to East Ghouta",
    "",
]
#: Words of the patterns that start with :data:`mapper.place_expr._NEAR_WORDS` and
#: :data:`mapper.place_expr._DIRECTION_WORDS`, and what may follow them, for generated text.
_NEAR_DIRECTION_WORDS = [
    "near", "nearby", "close to", "in the vicinity of", "on the outskirts of", "outskirts of",
    "around", "surroundings of", "in the countryside of", "on the edges of", "countryside of",
    "north of", "north-east of", "southwest of", "in", "across", "of", "throughout", "to",
    "the", "eastern", "Western", "north", "south-west", "central", "town of", "area of",
    "countryside", "Al-Bab", "al-Bab", "Deir", "Ezzor", "Idlib's", "دير", "x", "é", "9",
]
_NEAR_DIRECTION_SEPARATORS = [" ", " ", " ", "", ", ", "-", "\n", "(", ") ", ";"]


def _patterns() -> dict[str, re.Pattern[str]]:
    return {k: v for k, v in vars(place_expr).items()
            if isinstance(v, re.Pattern) and id(v) in place_expr._WORD_STARTS}


def _found(monkeypatch: pytest.MonkeyPatch, pattern: re.Pattern[str], switch: bool,
           spans: list[tuple[str, int, int]]) -> list[list[tuple]]:
    monkeypatch.setattr(place_expr, "_MATCH_AT_WORD_STARTS", switch)
    return [[(m.span(), m.groupdict()) for m in place_expr._search(pattern, t, a, b, t[a:b])]
            for t, a, b in spans]


def _every_span(text: str) -> list[tuple[str, int, int]]:
    return [(text, a, b) for a in range(len(text) + 1) for b in range(a, len(text) + 1, 7)]


def test_patterns_tried_at_word_starts_find_every_match(
        monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = _patterns()
    assert patterns
    spans = [*SPANS, *spans_of(SENTENCES, seed=5), *spans_of(generated_texts(
        _NEAR_DIRECTION_WORDS, _NEAR_DIRECTION_SEPARATORS, 2000, seed=9, most_words=14),
        seed=13)]
    for s in SENTENCES:
        spans.extend(_every_span(s))
    for name, pattern in patterns.items():
        plain = _found(monkeypatch, pattern, False, spans)
        scanned = _found(monkeypatch, pattern, True, spans)
        assert scanned == plain, name
        assert sum(len(ms) > 1 for ms in plain) > 50, name
        assert sum(bool(ms) for ms in plain) > 500, name


def test_scanners_find_the_character_before_each_word() -> None:
    ascii_scan, any_scan = place_expr._word_start_scanners(("in", "at", r"took\s+over"))
    text = "in X,at Y (took  over Z) within W; in\u00a0V «at U"
    assert [m.end() for m in any_scan.finditer(text)] == [5, 11, 35, 41]
    assert [m.end() for m in ascii_scan.finditer(text)] == [5, 11, 35]  # "«": not ASCII
    assert set(place_expr._ASCII_NON_WORD) == {
        chr(i) for i in range(128) if not re.match(r"\w", chr(i))}
