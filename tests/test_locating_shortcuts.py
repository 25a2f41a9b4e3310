"""Shortcuts of locating notes change no answer: places located only when their answer is
needed, remembered locations read without copies, road distances measured from
remembered projected points, the areas of the point places remembered in one go, and one
resolve context shared by the notes naming the same governorates.

Each test compares the shortcut switched off and on. Every note is written for these
tests.
"""

from __future__ import annotations

import pytest
from switch_cases import same_with_and_without

import gazetteer.corridors as corridors
import mapper.notes as notes
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded

#: Several places in one note: a town far from the place the note puts the event near,
#: places near one another, a compass relation, a road, an area and nothing at all.
NOTES = [
    "Shells hit Al-Bab after clashes near Palmyra.",
    "Clashes near Palmyra; shells also hit Al-Bab and Arak.",
    "An IED exploded in Arak, 30 km east of Palmyra.",
    "Regime forces shelled Kafr Nabl near Maarat al-Numan and Saraqib.",
    "Airstrikes hit Al-Sukhnah and Kabajeb near Deir ez-Zor.",
    "A landmine exploded near Khan Shaykhun; Morek was shelled.",
    "Clashes took place in Tal Rifaat north of Aleppo.",
    "Clashes took place in Abu Kahf southwest of Menbij.",
    "Regime forces shelled Saraqib in Hama province, then Kafr Nabl.",
    "Gunmen fired on a car on the Homs-Palmyra road near Al-Sukhnah.",
    "Shelling hit villages in the northern countryside of Hama.",
    "Unknown gunmen killed a man in Qaryat Zzzyx.",
]


def test_places_located_when_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_LOCATE_WHEN_NEEDED", on))
    # the first note is located near Palmyra, not in Al-Bab (which is far from it)
    assert answers[0][0]["location"] == "near Palmyra"


def test_locations_read_without_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_SHARE_LOCATIONS", on))


def test_answered_location_is_the_callers_own() -> None:
    """Changing a note's answer changes no answer remembered for the next note."""
    from mapper.extract import extract_incidents

    gaz = Gazetteer(load_embedded())
    text = "Clashes near Palmyra; shells also hit Al-Bab and Arak."
    first = extract_incidents(text, gazetteer=gaz, note=True)[0].location
    before = (first.confidence, [dict(c) for c in first.candidates])
    first.confidence = -1.0
    first.candidates.append({"name": "x", "place_id": "x", "score": 0.0})
    if first.candidates[:-1]:
        first.candidates[0]["score"] = -1.0
    again = extract_incidents(text, gazetteer=gaz, note=True)[0].location
    assert again is not first
    assert (again.confidence, again.candidates) == before


def test_projected_points_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    gaz = Gazetteer(load_embedded())
    roads = [gaz.corridor(p.place_id) for p in gaz.corridors()]
    towns = [p for p in gaz.places if p.lon and p.lat and p.geometry is None][:40]
    assert roads and towns

    def measures() -> list[tuple[float, ...]]:
        return [(road.km_at(t.lon, t.lat), road.distance_km(t.lon, t.lat),
                 *road.snap(t.lon, t.lat)) for road in roads for t in towns]

    monkeypatch.setattr(corridors, "_REMEMBER_POINTS", False)
    plain = measures()
    monkeypatch.setattr(corridors, "_REMEMBER_POINTS", True)
    assert measures() == plain
    assert measures() == plain  # answered from the remembered points
    point = corridors._metric_point(towns[0].lon, towns[0].lat)
    assert point is corridors._metric_point(towns[0].lon, towns[0].lat)
    assert corridors._metric_point(-0.0, 0.0).equals(corridors._metric_point(0.0, 0.0))
    same_with_and_without(monkeypatch, NOTES,
                          lambda on: monkeypatch.setattr(corridors, "_REMEMBER_POINTS", on))


def test_prefill_by_keys_remembers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The areas of the point places remembered in one ``dict.update`` are those
    remembered key by key, with some points already remembered, and with a place
    without finite coordinates."""
    import dataclasses

    import gazetteer.spatial as spatial

    places = list(Gazetteer(load_embedded()).places)
    town = next(p for p in places if p.lon and p.lat and p.geometry is None)
    odd = [dataclasses.replace(town, place_id="place:nowhere", lon=float("nan"), lat=1.0)]
    for extra in ([], odd):
        memos = []
        for by_keys in (False, True):
            monkeypatch.setattr(spatial, "_PREFILL_BY_KEYS", by_keys)
            areas = spatial.AreaIndex(places + extra)
            memo: dict = {}
            for level in (*spatial.ADMIN_LEVELS, "zone"):
                memo = {(town.lon, town.lat): -7}  # already remembered: kept as it is
                areas._prefill(level, memo)
                memos.append((level, list(memo.items())))
        half = len(memos) // 2
        assert memos[half:] == memos[:half]
        assert all(len(items) > 1 for _, items in memos)


def test_resolve_contexts_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_SHARE_CONTEXTS", on))
    idleb = notes.NoteContext(frozenset({"SY07"}), ("SY07",))
    again = notes.NoteContext(frozenset({"SY07"}), ("SY07",))
    other = notes.NoteContext(frozenset({"SY07", "SY05"}), ("SY07", "SY05"))
    assert idleb.resolve_context() is again.resolve_context()
    assert idleb.resolve_context().governorate_pcodes == frozenset({"SY07"})
    assert other.resolve_context().governorate_pcodes == frozenset({"SY07", "SY05"})
    assert notes.NoteContext().resolve_context() is None
    unhashable = notes.NoteContext({"SY07"}, ("SY07",))  # type: ignore[arg-type]
    assert unhashable.resolve_context().governorate_pcodes == {"SY07"}
