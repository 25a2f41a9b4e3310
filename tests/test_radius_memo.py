"""Remembered radii and points change no answer: :func:`mapper.locate.uncertainty_km`
kept per geometry object and point, and :func:`mapper.locate.representative_point` kept
per geometry object, equal those worked out afresh, for areas, lines and points, the same
geometry around different points and equal geometries that are other objects.

Each test compares the memo switched off and on. Every geometry and note is written for
these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from switch_cases import same_with_and_without

import mapper.locate as locate

SQUARE = Polygon([(36.0, 34.0), (36.5, 34.0), (36.5, 34.4), (36.0, 34.4)])
TWO = MultiPolygon([SQUARE, Polygon([(37.0, 35.0), (37.2, 35.0), (37.1, 35.3)])])
ROAD = LineString([(36.7, 34.7), (37.2, 34.6), (38.3, 34.55)])
NEAR_ZERO = Polygon([(-0.2, -0.1), (0.3, -0.1), (0.3, 0.2), (-0.2, 0.2)])

#: (geometry, point) pairs, some asked twice, some around other points of the same
#: geometry, one an equal geometry that is another object, one at a signed zero.
CASES: list[tuple[Any, tuple[float, float]]] = [
    (SQUARE, (36.25, 34.2)), (SQUARE, (36.01, 34.01)), (SQUARE, (36.25, 34.2)),
    (Polygon(SQUARE.exterior.coords), (36.01, 34.01)), (TWO, (36.25, 34.2)),
    (TWO, (37.1, 35.1)), (ROAD, (37.2, 34.6)), (ROAD, (36.7, 34.7)),
    (Point(36.3, 34.3), (36.3, 34.3)), (NEAR_ZERO, (0.0, 0.0)), (NEAR_ZERO, (-0.0, 0.0)),
    (NEAR_ZERO, (0.0, -0.0)), (SQUARE, [36.25, 34.2]), (SQUARE, (36.25, 34.01)),
]

#: Areas, a road and towns: notes whose answers carry radii.
NOTES = [
    "Shelling hit villages in the eastern countryside of Hama.",
    "Clashes in the western countryside of Idleb killed three fighters.",
    "Gunmen fired on a car on the Homs-Palmyra road near Al-Sukhnah.",
    "An IED exploded in the Syrian desert in Homs.",
    "Airstrikes hit Idleb province.",
    "Shells hit Kafr Nabl in Idleb province.",
]


def _radii() -> list[float]:
    return [locate.uncertainty_km(geom, point) for geom, point in CASES * 2]


def _points() -> list[tuple[float, float]]:
    apart = MultiLineString([ROAD.coords, [(39.0, 35.0), (39.1, 35.2)]])
    geoms = [SQUARE, TWO, ROAD, apart, Point(36.3, 34.3), NEAR_ZERO,
             Polygon(SQUARE.exterior.coords), LineString(ROAD.coords)]
    return [locate.representative_point(g) for g in geoms * 2]


@pytest.mark.parametrize(("switch", "memo", "answers"), [
    ("_REMEMBER_RADII", "_RADII", _radii),
    ("_REMEMBER_REPRESENTATIVE", "_REPRESENTATIVE", _points),
])
def test_remembered_answers_equal_fresh_ones(monkeypatch: pytest.MonkeyPatch, switch: str,
                                             memo: str, answers: Any) -> None:
    monkeypatch.setattr(locate, switch, False)
    plain = answers()
    monkeypatch.setattr(locate, memo, {})
    monkeypatch.setattr(locate, switch, True)
    assert answers() == plain
    assert len(set(plain)) > 3
    same_with_and_without(monkeypatch, NOTES,
                          lambda on: monkeypatch.setattr(locate, switch, on))
