"""A note is read with less work where the work cannot change its incident: the same
incident as the plain reading, on notes written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

import mapper.extract as extract
from gazetteer import Gazetteer

#: Notes in the style of incident tables, written for these tests: one sentence with an
#: event word and a precise place, none, or only an area; a date of a day, a month or none;
#: spaces around the sentence; and notes of two sentences, where a first sentence without a
#: precise place leaves the incident to the second.
NOTES = [
    "Clashes took place between regime forces and ISIS.",
    "Clashes took place between regime forces and ISIS near Al-Sukhnah.",
    "On 3 May 2018, an airstrike hit the area.",
    "In May 2018, regime forces shelled positions in northern Hama.",
    "An IED exploded in the Syrian desert.",
    "  Regime forces shelled Kafr Nabl town. ",
    "Arrests in the Homs countryside during May 2018",
    "Clashes took place between regime forces and ISIS. No fatalities reported.",
    "On 3 May 2018, an airstrike hit the area. 2 civilians were killed.",
    "Unknown fatalities coded as 10. Shelling targeted Jobar.",
    "Protesters gathered.",
]


def _read(note: str, gaz: Any) -> list[tuple[dict[str, Any], Any]]:
    return [(i.properties(), i.location.point if i.location else None)
            for i in extract.extract_incidents(note, gazetteer=gaz, note=True)]


@pytest.mark.parametrize("use_gazetteer", [False, True])
def test_a_one_sentence_note_read_as_an_event_without_its_place_test(
        monkeypatch: pytest.MonkeyPatch, use_gazetteer: bool) -> None:
    gaz = Gazetteer.default() if use_gazetteer else None
    monkeypatch.setattr(extract, "_SKIP_MOOT_PLACE_TEST", False)
    plain = [_read(n, gaz) for n in NOTES]
    monkeypatch.setattr(extract, "_SKIP_MOOT_PLACE_TEST", True)
    assert [_read(n, gaz) for n in NOTES] == plain
    assert any(r and r[0][0].get("fatalities") == 0 for r in plain)  # the second sentence's


#: Follow-up sentences and others, written for this test.
FOLLOW_UPS = [
    "It is worth noting that the fighters withdrew after the attack.",
    "It is worth mentioning that two raids took place.",
    "Three soldiers were wounded during this attack.",
    "Shelling continued after the same explosion near the dam.",
    "Two cars burned in the said bombing; in that ambush a convoy was hit.",
    "Casualties of that operation and since this strike are unknown.",
    "The attack on the village left the area empty.",
    "Nothing else: this was a quiet day.",
]


def test_follow_up_guard_finds_a_word_of_each_match() -> None:
    guarded = extract._FOLLOW_UP_GUARDED
    hits = 0
    for text in FOLLOW_UPS:
        for m in guarded.pattern.finditer(text):
            hits += 1
            assert any(w in m.group(0).lower() for w in guarded.words), m.group(0)
        assert (guarded.search(text) is None) == (guarded.pattern.search(text) is None)
    assert hits >= 6


#: Notes whose zones a tally's "Syrian desert" is read as, written for this test.
ZONE_NOTES = [
    "The areas of the Aleppo-Hama-Al-Raqqah triangle, Homs and Deir Ezzor deserts saw more "
    "activity. In May 2018, ISIS carried out 9 attacks in the Syrian desert, killing 21.",
    "Homs and Deir Ezzor deserts were quiet. In May 2018, 4 attacks in the Badia left 6 dead.",
    "Fighting in the Homs desert. In May 2018, 3 attacks in the Syrian desert killed 5.",
]


@pytest.mark.parametrize("use_gazetteer", [False, True])
def test_zones_read_when_a_tally_asks_for_them(monkeypatch: pytest.MonkeyPatch,
                                               use_gazetteer: bool) -> None:
    gaz = Gazetteer.default() if use_gazetteer else None
    monkeypatch.setattr(extract, "_AREAS_WHEN_ASKED", False)
    plain = [_read(n, gaz) for n in ZONE_NOTES]
    monkeypatch.setattr(extract, "_AREAS_WHEN_ASKED", True)
    assert [_read(n, gaz) for n in ZONE_NOTES] == plain
    assert any("read as the areas" in w for r in plain for w in r[0][0]["warnings"])


def test_mention_starts_worked_out_when_asked_for_the_mentions_read() -> None:
    """The reader's mention offsets, worked out only when first asked for, are those of
    the mentions it reads, also after :meth:`mapper.extract.IncidentStream.set_mentions`."""
    gaz = Gazetteer.default()
    text = "Regime forces shelled Kafr Nabl and Palmyra. Clashes near Arak killed 2."
    segs, anchor = extract.read_segments(text, None)
    stream = extract.IncidentStream(text, anchor, [], gaz, "<t>")
    assert stream.reader.mention_starts == []
    mentions = extract._mentions(gaz, text)
    stream.set_mentions(mentions)
    assert mentions and stream.reader.mention_starts == [m.start for m in mentions]
    read = [i.properties() for i in [*stream.read(segs), *stream.finish(segs)]]
    assert read == [i.properties() for i in extract.extract_incidents(text, gazetteer=gaz,
                                                                      source="<t>")]
