"""The keys of remembered locations: the shortcuts in working them out change no answer.

A "near X" text says "countryside", "desert" ... or not, remembered per text; a memo key
reads each part of the expression once. Each test compares the shortcut switched off and
on. Every note and expression is written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from switch_cases import same_with_and_without

import mapper.locate as locate_mod
import mapper.locate_memo as locate_memo
from gazetteer.model import Mention, ResolveContext
from mapper.schema import PlaceExpression

#: "Near" places with and without a wide area named.
NOTES = [
    "Clashes took place near Palmyra.",
    "Shelling hit Palmyra countryside.",
    "Clashes took place near Saraqib.",
    "Shelling hit the countryside of Saraqib.",
    "An IED exploded in the desert near Al-Sukhnah in Homs province.",
    "Regime forces shelled Kafr Nabl in Idlib province.",
    "Regime forces shelled Kafr Nabl in Homs province.",
    "Airstrikes hit Al-Sukhnah and Arak in Homs governorate, near Palmyra.",
    "Gunmen fired on a car in the rural area near Saraqib, Idlib.",
    "A landmine exploded near Khan Shaykhun in Hama province.",
    "Clashes took place in Tal Rifaat in Aleppo governorate.",
]


def _remember_wide(on: bool) -> None:
    locate_memo._WIDE.clear()
    locate_memo._REMEMBER_WIDE = on


def test_wide_texts_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate_memo, "_REMEMBER_WIDE", locate_memo._REMEMBER_WIDE)
    same_with_and_without(monkeypatch, NOTES, _remember_wide)
    assert locate_memo._WIDE  # the notes did ask


class _BareMention:
    """A mention without the gazetteer's fields (what the key reads of it is ``None``)."""


def _plain_text_key(expr: PlaceExpression) -> Any:
    """What :mod:`mapper.locate` reads of the text, searched each time."""
    if not locate_memo._TEXT_AS_READ or not expr.names:
        return expr.text
    kind = expr.kind if expr.kind in locate_mod.KINDS else "place"
    if kind == "place":
        return None
    if kind == "near" and not expr.corridor:
        return bool(locate_mod._WIDE_RE.search(expr.text or ""))
    return expr.text


def _plain_key(expr: PlaceExpression, context: Any) -> tuple:
    """The memo key, each part worked out on its own."""
    return (_plain_text_key(expr), expr.kind, tuple(expr.names or ()),
            tuple((getattr(m, "text", None), tuple(getattr(m, "place_ids", ()) or ()))
                  for m in expr.mentions or ()),
            expr.qualifier, tuple(expr.corridor or ()), context)


def test_key_reads_each_part_once(monkeypatch: pytest.MonkeyPatch) -> None:
    mention = Mention(5, 10, "Homsa", "homsa", ("town:1", "town:2"))
    context = ResolveContext(governorate_pcodes=frozenset({"SY04"}))
    exprs = [
        PlaceExpression("in Homsa", 0, 8, "place", ["Homsa"], [mention]),
        PlaceExpression("near Homsa countryside", 0, 20, "near", ["Homsa"], [mention]),
        PlaceExpression("near Homsa", 0, 10, "near", ["Homsa"], [mention, _BareMention()]),
        PlaceExpression("the Homsa road", 0, 14, "corridor", ["Homsa"], [],
                        "north", ["Homsa", "Tarta"]),
        PlaceExpression("near Homsa desert", 0, 17, "near", ["Homsa"], [], None, ["Homsa"]),
        PlaceExpression("somewhere odd", 0, 13, "odd kind", ["Odd"]),
        PlaceExpression("nothing named", 0, 13, "zone"),
        PlaceExpression(None, 0, 0, "near", ["Homsa"]),  # type: ignore[arg-type]
    ]
    for remember in (False, True):
        monkeypatch.setattr(locate_memo, "_REMEMBER_WIDE", remember)
        for context_ in (None, context):
            keys = [locate_memo._key(e, context_) for e in exprs * 2]
            assert keys == [_plain_key(e, context_) for e in exprs * 2]
    monkeypatch.setattr(locate_memo, "_TEXT_AS_READ", False)
    assert [locate_memo._key(e, None) for e in exprs] == [_plain_key(e, None) for e in exprs]
    # what the text says is read only where mapper.locate reads it
    assert [locate_memo._text_key(e) for e in exprs] == [e.text for e in exprs]
