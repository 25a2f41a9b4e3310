"""Mentions whose first character cannot start a direction word skip the direction-name
pattern (:func:`mapper.place_expr._find_direction_names`): checked on every character
as ``re`` folds case ("ſ", the Kelvin sign), and on mentions written for the tests."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import pytest

import mapper.place_expr as place_expr

#: Direction words without their first letter (one for each letter), and a name after.
TAILS = ["orth x", "outh-east x", "astern x", "EST x", "entral\tx"]
#: Every character but the newline.
CHARS = [chr(i) for i in range(sys.maxunicode + 1) if i != 0x0A]


def _first_characters(pattern: re.Pattern[str], tail: str) -> set[str]:
    """The characters ``c`` for which ``pattern`` matches at the start of ``c + tail``
    (every character but the newline, tried in one search)."""
    lines = re.compile("(?m)^(?:" + pattern.pattern + ")", pattern.flags)
    return {m.group(0)[0] for m in lines.finditer("\n".join(c + tail for c in CHARS))}


def test_the_letter_check_admits_every_character_a_direction_may_start_with() -> None:
    starts: set[str] = set()
    for tail in TAILS:
        starts |= _first_characters(place_expr._DIR_NAME_RE, tail)
    admitted = _first_characters(place_expr._DIRECTION_LETTER_RE, "")
    assert {"n", "S", "ſ", "e", "W", "c"} <= starts
    assert starts == admitted


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    place_ids: list[str] = field(default_factory=list)


TEXTS = ["Shelling on Eastern Ghouta and the ſouthern Homs desert; Central Hama hit.",
         "Clashes in north Aleppo, near Western Qalamoun, in Ein Tarma and Kafr Nabl.",
         "Fighting in NORTHERN Hama countryside, South Idlib and central Badia.",
         "Airstrikes hit Eastern, Nawa, Sanamayn and West; Ebla; Como x."]


def _mentions(text: str) -> list[_Mention]:
    """Every run of capitalised or direction words, as a gazetteer might mention them."""
    run = re.compile(r"(?:[A-Z]\w*|ſ\w+|central|north|south)(?:\s+[A-Z]\w*)*")
    return [_Mention(m.start(), m.end(), m.group(0),
                     ["zone:x"] if m.group(0).lower().startswith("central") else [])
            for m in run.finditer(text)]


def _exprs(text: str) -> list[tuple]:
    return [(e.start, e.end, e.kind, tuple(e.names))
            for e in place_expr.find_place_expressions(text, mentions=_mentions(text),
                                                        all_mentions=True)]


def test_skipping_mentions_by_first_letter_changes_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    checked = [_exprs(t) for t in TEXTS]
    monkeypatch.setattr(place_expr, "_CHECK_DIRECTION_LETTER", False)
    assert checked == [_exprs(t) for t in TEXTS]
    assert any(kind == "zone" for exprs in checked for _, _, kind, _ in exprs)
