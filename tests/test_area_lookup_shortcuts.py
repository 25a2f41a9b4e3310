"""Shortcuts of the area look-ups change no answer: points given as lists, all
remembered, answered without arrays, and one point held by an area looked up without the
sorting that serves many points.

Each test compares the shortcut switched off and on, on fresh area indexes (nothing
remembered crosses over). The points are written for these tests.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from switch_cases import same_with_and_without

import gazetteer.spatial as spatial
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded

#: Towns, areas and a road, grouped by the areas their points are in.
NOTES = [
    "Shelling hit Kafr Nabl in Idleb province.",
    "Clashes near Palmyra left two fighters dead.",
    "Airstrikes hit villages in the eastern countryside of Hama.",
    "Gunmen fired on a car on the Homs-Palmyra road near Al-Sukhnah.",
    "An IED exploded in the Syrian desert in Homs.",
    "Unknown gunmen killed a man in Qaryat Zzzyx.",
]

#: Towns, a point on no land (snapped or not), the same point twice, points that are not
#: numbers, a point far outside, and a point in the desert.
LONS = [36.72, 38.27, 40.14, 36.72, 35.70, 35.80, 999.0, float("nan"), 38.27, 36.16, 39.0]
LATS = [34.73, 34.55, 35.33, 34.73, 35.50, 35.55, 0.0, 1.0, 34.55, 36.20, 34.5]


def _answers(places: list[Any], saved: dict[str, Any] | None = None) -> list[Any]:
    """Every look-up of the points, one point at a time and all at once, each asked
    three times (the later answers come from what the first ones remembered), by an
    index given the ``saved`` answers of its point places (or none)."""
    areas = spatial.AreaIndex(places, answers=saved)
    assert (saved is None) == (areas._saved_answers is None)
    out: list[Any] = []
    for _ in range(3):
        for x, y in zip(LONS, LATS, strict=True):
            out.append(areas.admin_many([x], [y]))
            out.append(areas.zones_at([x], [y]))
            out.append(areas.governorate_pcodes([x], [y]).tolist())
        finite = [k for k, x in enumerate(LONS) if abs(x) < 180]
        lons, lats = [LONS[k] for k in finite], [LATS[k] for k in finite]
        out.append(areas.admin_many(lons, lats))  # all remembered after the first time
        out.append(areas.zones_at(lons, lats))
        out.append(areas.admin_many(LONS, LATS))
        out.append(areas.admin_many(tuple(LONS), tuple(LATS)))
        out.append(areas.zones_at(LONS, LATS))
        out.append([areas.places_at(level, LONS, LATS) for level in spatial.ADMIN_LEVELS])
        out.append(areas.admin_at(LONS[0], LATS[0]))
    return out


@pytest.mark.parametrize("switch", ["_LISTS_WITHOUT_ARRAYS", "_ONE_POINT_ALONE"])
def test_area_lookup_shortcut_changes_no_answer(monkeypatch: pytest.MonkeyPatch,
                                                switch: str) -> None:
    places = list(Gazetteer(load_embedded()).places)
    monkeypatch.setattr(spatial, switch, False)
    plain = _answers(places)
    monkeypatch.setattr(spatial, switch, True)
    fast = _answers(places)
    assert fast == plain
    assert any(p is not None for p in plain[0]["governorate"])
    same_with_and_without(monkeypatch, NOTES,
                          lambda on: monkeypatch.setattr(spatial, switch, on))


def test_area_lookup_mismatched_lists_still_refused() -> None:
    areas = Gazetteer(load_embedded()).areas
    with pytest.raises(ValueError):
        areas.admin_many([36.72, 38.27], [34.73])


def _town_answers(places: list[Any], saved: dict[str, Any]) -> list[Any]:
    """The areas of a point on no town, then of the towns' and villages' own points, one
    at a time and all at once."""
    towns = [p for p in places if p.feature_type in ("town", "village")]
    lons, lats = [36.16] + [p.lon for p in towns], [36.2] + [p.lat for p in towns]
    areas = spatial.AreaIndex(places, answers=saved)
    out = [(areas.admin_many([x], [y]), areas.zones_at([x], [y]))
           for x, y in zip(lons, lats, strict=True)]
    return [*out, spatial.AreaIndex(places, answers=saved).admin_many(lons, lats)]


def test_saved_answers_read_at_once_change_no_answer(monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    places = list(Gazetteer(load_embedded()).places)
    saved = spatial.AreaIndex(places).point_answers()
    monkeypatch.setattr(spatial, "_SAVED_AT_ONCE", False)
    plain = _answers(places, saved)
    assert plain == _answers(places)
    plain_towns = _town_answers(places, saved)
    monkeypatch.setattr(spatial, "_SAVED_AT_ONCE", True)
    assert _answers(places, saved) == plain
    assert _town_answers(places, saved) == plain_towns
    # the first point worked out brings in the saved answers of every point place
    areas = spatial.AreaIndex(places, answers=saved)
    areas.admin_many([36.16], [36.2])
    assert len(areas._memo["governorate"]) == len(areas._place_points) + 1
    # a point place with no finite coordinates: its answers are not read at once
    town = next(p for p in places if p.feature_type == "town")
    far = [*places, dataclasses.replace(town, place_id="far:1", lon=math.inf)]
    saved_far = spatial.AreaIndex(far).point_answers()
    areas = spatial.AreaIndex(far, answers=saved_far)
    assert areas._saved_answers is not None
    assert not areas._take_all_saved("governorate", {})
    assert _answers(far, saved_far) == plain
