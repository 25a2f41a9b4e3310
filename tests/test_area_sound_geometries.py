"""Areas listed as valid with the saved point answers are not checked again, and the
zones' saved nesting depths are read: they index as the areas whose validity and depths
are worked out (the same geometries, the same order, the same answers); what was saved
for other places is not used.

The places are the test fixtures and a self-crossing governorate written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
import shapely
from geo_fixtures import all_places, area
from shapely.geometry import Polygon

import gazetteer.spatial as spatial
from gazetteer.spatial import ADMIN_LEVELS, AreaIndex

#: A governorate drawn as a bow tie (not valid: repaired into two triangles).
BOWTIE = area("gov:SY14", "Quneitra", "governorate",
              Polygon([(36, 34), (38, 36), (38, 34), (36, 36), (36, 34)]), gov="SY14")

LONS = [36.3, 37.0, 37.7, 38.9, 40.1, 36.29, 36.72, 39.0]
LATS = [35.0, 34.5, 35.0, 34.5, 35.3, 33.51, 34.73, 34.5]


def _places() -> list[Any]:
    return [*all_places(), BOWTIE]


def _shapes_and_answers(areas: AreaIndex) -> list[Any]:
    """Each level's geometries (as WKB) and preference ranks, the zones' depths and the
    areas of the points."""
    layers = [*areas._levels.values(), areas._zones]
    return [[shapely.to_wkb(g) for g in layer.geoms] for layer in layers] + [
        [layer.rank.tolist() for layer in layers], list(areas._zone_depth),
        areas.admin_many(LONS, LATS), areas.zones_at(LONS, LATS),
        [areas.places_at(level, LONS, LATS) for level in ADMIN_LEVELS]]


@pytest.mark.parametrize("switch", ["_TRUST_SAVED_SOUND", "_TRUST_SAVED_NESTING"])
@pytest.mark.parametrize("trust", [True, False])
def test_areas_saved_as_valid_index_as_areas_checked(monkeypatch: pytest.MonkeyPatch,
                                                     trust: bool, switch: str) -> None:
    places = _places()
    answers = AreaIndex(places).point_answers()
    assert BOWTIE.place_id not in answers["sound"]
    assert "gov:SY04" in answers["sound"] and len(answers["sound"]) >= 6
    assert sorted(answers["zone_depth"].values()) == [0, 1, 1]
    plain = _shapes_and_answers(AreaIndex(places))
    monkeypatch.setattr(spatial, switch, trust)
    saved = AreaIndex(places, answers=answers)
    assert saved._saved_answers is not None
    assert _shapes_and_answers(saved) == plain
    assert any(p is not None for p in plain[-3]["governorate"])


def test_areas_listed_as_valid_for_other_places_are_checked() -> None:
    places = _places()
    answers = AreaIndex(places).point_answers()
    plain = _shapes_and_answers(AreaIndex(places))
    every = [p.place_id for p in places]
    deep = dict.fromkeys(answers["zone_depth"], 5) | {"zone:badia": 9}
    for other in ({**answers, "sound": every, "zone_depth": deep, "layers": {}},
                  {**answers, "sound": [], "zone_depth": deep, "layers": {}},
                  {**answers, "sound": every, "zone_depth": deep,
                   "recipe": spatial.ANSWERS_RECIPE - 1}):
        areas = AreaIndex(places, answers=other)
        assert areas._saved_answers is None
        assert _shapes_and_answers(areas) == plain
