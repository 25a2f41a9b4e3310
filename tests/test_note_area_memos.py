"""Where one governorate's area (or a part of one) is represented is worked out once,
whatever other governorates a note names: the same answers as working it out for each
list of governorates named.

The test compares the memo switched off and on. Every note is written for these tests.
"""

from __future__ import annotations

import pytest
from switch_cases import same_with_and_without

import mapper.notes as notes

#: Parts of governorates alone and beside other governorates (the same part, other sides
#: of the same governorate), Rural Damascus around its seat, whole governorates, zones
#: and towns beside them.
NOTES = [
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
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_OWN_AREAS_ONCE", on))
    places = [v.get("location") for v, _ in answers]
    assert "southern Hama" in places and "northern Hama" in places
