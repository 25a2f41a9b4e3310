"""Cuts of the note locator's anchors change no answer: the places a town is "near" are
located one by one, only those that may be such a place (a "near" expression that says
how far, naming no governorate), not every place of the note.

Each test compares the cut switched off and on. Every note is written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from switch_cases import same_with_and_without

import mapper.notes as notes
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded
from mapper.extract import extract_incidents

#: Towns with several "near" places: far and close ones, a compass relation, a
#: countryside (which says no distance), a governorate's name and places after them.
NOTES = [
    "Shells hit Al-Bab near Palmyra and near Arak.",
    "Clashes near Palmyra and near Al-Sukhnah; a shell also hit Al-Bab.",
    "Airstrikes hit Saraqib near Idlib and near Maarat al-Numan.",
    "Regime forces shelled Morek, east of Kafr Nabl and near Khan Shaykhun.",
    "Shelling hit Kabajeb in the Palmyra countryside near Al-Sukhnah.",
    "A car bomb exploded in Tal Rifaat near Menbij, south of Jarablus.",
    "Clashes near Arak and on the outskirts of Palmyra killed 3 fighters in Al-Bab.",
    "Gunmen attacked a checkpoint near Deir ez-Zor and near Mayadin in Homs.",
    "Shells hit Arak near Al-Bab and near Jarablus, then Kabajeb.",
    "Shells hit Al-Bab near Aleppo.",
    "Shells hit Al-Bab near Palmyra in Aleppo province.",
    "Clashes took place in Jarablus near Homs and near Al-Bab.",
]


def test_near_places_located_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_NEAR_ANCHORS_ALONE", on))
    # the town far from the places the note puts the event near loses to them
    assert answers[0][0]["location"] == "near Palmyra"


def test_near_places_located_alone_locate_fewer(monkeypatch: pytest.MonkeyPatch) -> None:
    located: list[Any] = []
    plain = notes._located

    def counted(expr: Any, gazetteer: Any, rctx: Any) -> Any:
        located.append(expr.text)
        return plain(expr, gazetteer, rctx)

    monkeypatch.setattr(notes, "_located", counted)
    counts = []
    for on in (False, True):
        monkeypatch.setattr(notes, "_NEAR_ANCHORS_ALONE", on)
        located.clear()
        gaz = Gazetteer(load_embedded())
        for text in NOTES:
            extract_incidents(text, gazetteer=gaz, note=True)
        counts.append(len(located))
    assert counts[1] < counts[0]
