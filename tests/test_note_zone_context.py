"""The governorate a note names through a zone ("the Homs desert") is read from the zone
the gazetteer is sure of, asked without fuzzy matching where none could be sure enough:
the same answers as resolving each zone's name.

The test compares the shortcut switched off and on. Every note is written for these tests.
"""

from __future__ import annotations

import pytest
from switch_cases import same_with_and_without

import mapper.notes as notes

#: Zones of one governorate and of several, zones misspelled, deserts no zone is named
#: after, and towns that fit the zone's governorate or not.
NOTES = [
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
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_ZONE_IF_CONFIDENT", on))
    assert answers[0][0]["location"] != answers[1][0]["location"]
