"""The zone holding a share of a line or an area is the same whether every overlap is
measured or only those that can decide (:data:`gazetteer.spatial._MEASURE_DECIDING_ONLY`).

The lines and areas are generated over the zones of the test fixtures and of the
embedded gazetteer (a fixed seed): inside one zone, across nested zones, straddling two,
outside every zone. Each is compared with the plain answer and with
:meth:`AreaIndex.zones_for_geometry` plus :meth:`AreaIndex.zones_overlapping`.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import shapely
from geo_fixtures import all_places
from shapely.geometry import LineString, MultiLineString, box
from switch_cases import same_with_and_without

import gazetteer.spatial as spatial
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded

#: Roads, deserts and country sides, one or two shares each.
NOTES = [
    "Gunmen fired on a car on the Homs-Palmyra road near Al-Sukhnah.",
    "An IED exploded in the Syrian desert in Homs.",
    "Airstrikes hit villages in the eastern countryside of Deir Ez-Zor.",
    "Clashes in the desert between Palmyra and Deir Ez-Zor left five dead.",
]


def _shapes(seed: int, bounds: tuple[float, float, float, float], n: int) -> list[Any]:
    """Lines, boxes and their multi-part forms (valid) of every size within ``bounds``."""
    rng = random.Random(seed)
    x0, y0, x1, y1 = bounds
    out: list[Any] = []
    for _ in range(n):
        size = rng.choice((0.05, 0.3, 1.0, 3.0))

        def corner(size: float = size) -> tuple[float, float]:
            return rng.uniform(x0 - 0.5, x1 + 0.5 - size), rng.uniform(y0 - 0.5, y1 + 0.5 - size)

        ax, ay = corner()
        bx, by = corner()
        line = LineString([(ax, ay), (ax + size, ay + rng.uniform(0, size)),
                           (ax + size, ay + size)])
        square = box(ax, ay, ax + size, ay + size * rng.uniform(0.3, 1.0))
        out += [line, square, MultiLineString([line, LineString([(bx, by), (bx + size, by)])]),
                shapely.union(square, box(bx, by, bx + size / 2, by + size / 2))]
    return out


def _answers(areas: spatial.AreaIndex, shapes: list[Any], share: float) -> list[Any]:
    return [areas.zone_holding(g, share) for g in shapes]


def _by_overlaps(areas: spatial.AreaIndex, geom: Any, share: float) -> Any:
    zone = areas.zones_for_geometry(geom, min_share=share)
    shares = {p.place_id: s for p, s in areas.zones_overlapping(geom)}
    return zone if zone is not None and shares.get(zone.place_id, 0.0) >= share else None


@pytest.mark.parametrize("places", ["fixtures", "embedded"])
@pytest.mark.parametrize("share", [0.5, 0.2, 0.9])
def test_zone_holding_measures_no_other_answer(monkeypatch: pytest.MonkeyPatch, places: str,
                                               share: float) -> None:
    indexed = all_places() if places == "fixtures" else list(Gazetteer(load_embedded()).places)
    zones = spatial.AreaIndex(indexed).places("zone")
    bounds = shapely.total_bounds([z.geometry for z in zones])
    shapes = [*_shapes(7, tuple(bounds), 150), *(z.geometry for z in zones),
              *(z.geometry.buffer(0.2) for z in zones)]
    monkeypatch.setattr(spatial, "_MEASURE_DECIDING_ONLY", False)
    plain = _answers(spatial.AreaIndex(indexed), shapes, share)
    monkeypatch.setattr(spatial, "_MEASURE_DECIDING_ONLY", True)
    areas = spatial.AreaIndex(indexed)
    fast = _answers(areas, shapes, share)
    assert fast == plain
    assert fast == [_by_overlaps(areas, g, share) for g in shapes]
    assert sum(z is not None for z in fast) > 20
    assert len({z.place_id for z in fast if z is not None}) > 1


def test_zone_holding_in_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    same_with_and_without(monkeypatch, NOTES, lambda on: monkeypatch.setattr(
        spatial, "_MEASURE_DECIDING_ONLY", on))
