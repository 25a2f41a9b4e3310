"""Cuts of the note locator change no answer:

- the places a town is "near" are located one by one, only those that may be such a place
  (a "near" expression that says how far, naming no governorate), not every place of the
  note;
- where one governorate's area (or a part of one) is represented is worked out once,
  whatever other governorates a note names;
- the governorate a note names through a zone ("the Homs desert") is read from the zone
  the gazetteer is sure of, asked without fuzzy matching where none could be sure enough.

Each test compares a cut switched off and on. Every note is written for these tests.
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
NEAR_NOTES = [
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
        monkeypatch, NEAR_NOTES, lambda on: monkeypatch.setattr(notes, "_NEAR_ANCHORS_ALONE", on))
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
        for text in NEAR_NOTES:
            extract_incidents(text, gazetteer=gaz, note=True)
        counts.append(len(located))
    assert counts[1] < counts[0]


#: Parts of governorates alone and beside other governorates (the same part, other sides
#: of the same governorate), Rural Damascus around its seat, whole governorates, zones
#: and towns beside them.
AREA_NOTES = [
    "Shells hit Al-Bab in Aleppo.",
    "Shells hit Al-Bab in Idlib province.",
    "Shells hit Saraqib in Idlib and Kafr Nabl in Hama.",
    "Shells hit Saraqib in Aleppo province.",
    "Shells hit Al-Bab in Aleppo province.",
    "Clashes near Al-Sukhnah in Homs; shells hit Al-Bab.",
    "Clashes in the southern countryside of Hama.",
    "Clashes in the southern countryside of Hama, as in Aleppo.",
    "Clashes in the northern countryside of Hama, as in Aleppo.",
    "Clashes in the northern countryside of Hama, as in Idlib.",
    "Clashes in the eastern countryside of Deir ez-Zor, as in Raqqa.",
    "Clashes in the western countryside of Deir ez-Zor, as in Raqqa.",
    "Clashes in the western countryside of Daraa, as in Quneitra.",
    "Clashes in the eastern countryside of Rural Damascus, as in Homs.",
    "Clashes in the eastern countryside of Rural Damascus.",
    "Regime forces shelled Idlib governorate and Hama governorate.",
    "Shelling hit the Hama desert near Arak.",
    "Shelling hit the Homs desert near Arak.",
    "Shelling hit the Homs desert, as in Hama.",
    "Clashes took place in the Homs desert near Arak in Homs.",
    "Regime forces shelled the Palmyra desert and Deir ez-Zor.",
]


def test_own_areas_represented_once(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = same_with_and_without(
        monkeypatch, AREA_NOTES, lambda on: monkeypatch.setattr(notes, "_OWN_AREAS_ONCE", on))
    places = [v.get("location") for v, _ in answers]
    assert "southern Hama" in places and "northern Hama" in places


#: Zones of one governorate and of several, zones misspelled, deserts no zone is named
#: after, and towns that fit the zone's governorate or not.
ZONE_NOTES = [
    "Shelling hit the Hama desert near Arak.",
    "Shelling hit the Homs desert near Arak.",
    "Clashes took place in the Homs desert near Arak in Homs.",
    "Regime forces shelled the Palmyra desert and Deir ez-Zor.",
    "ISIS fighters attacked regime positions in the Hamah desert near Al-Sukhnah.",
    "Airstrikes hit the Deir ez-Zor desert around Al-Bab.",
    "An IED exploded in the Aleppo desert; a shell hit Kabajeb.",
    "Clashes in the Al-Bab desert near Arak.",
    "Shelling hit the Homs deserts near Palmyra and the Rural Damascus desert.",
    "Clashes took place in the Syrian Badia near Arak.",
    "Clashes in the Raqqa desert and the Sweida desert near Arak.",
    "Shelling hit the Hmos dessert near Arak.",
]


def test_zone_governorates_read_from_sure_zones(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = same_with_and_without(
        monkeypatch, ZONE_NOTES, lambda on: monkeypatch.setattr(notes, "_ZONE_IF_CONFIDENT", on))
    assert answers[0][0]["location"] != answers[1][0]["location"]
