"""Geometry shortcuts of the note locator change no answer: the points of a gazetteer's
places made together, and area clips sure to keep the whole area skipped.

Each test compares the shortcut switched off and on. Every note is written for these
tests.
"""

from __future__ import annotations

from typing import Any

import pytest
import shapely
from shapely.geometry import Point, Polygon
from switch_cases import same_with_and_without

import mapper.locate as locate
import mapper.notes as notes
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded

#: Towns, places near towns, and areas clipped to the governorates the note names.
NOTES = [
    "Regime forces shelled Saraqib and Kafr Nabl in Idleb.",
    "Clashes were reported near Palmyra and in Al-Sukhnah.",
    "A landmine exploded near Khan Shaykhun.",
    "Airstrikes hit the Eastern Ghouta in Rural Damascus.",
    "Shelling hit villages of the Eastern Ghouta in Damascus and Rural Damascus.",
    "Snipers exchanged fire in the Jabal al-Akrad area in Lattakia.",
    "IS cells ambushed a patrol in the Syrian desert in Homs and Hama.",
    "A landmine exploded in the Homs desert in Homs governorate.",
    "Clashes took place in Jabal al-Zawiya in Idleb and Hama.",
    "Tension remains high in Saraqib in Idleb.",
]



# -- points made together ------------------------------------------------------------------
def test_points_made_together_are_the_points() -> None:
    gaz = Gazetteer(load_embedded())
    places = [p for p in gaz.places if p.lon and p.lat]
    assert places
    for p in places:
        point = locate._point_at(p.lon, p.lat, gaz)
        assert point.geom_type == "Point"
        assert (point.x, point.y) == (p.lon, p.lat)
        assert point is locate._point_at(p.lon, p.lat, gaz)  # one object per coordinates
    elsewhere = locate._point_at(1.5, 2.5, gaz)  # no place there: made on its own
    assert (elsewhere.x, elsewhere.y) == (1.5, 2.5)
    assert locate._point_at(0.0, 2.5, gaz).equals(Point(0.0, 2.5))


def test_points_made_together_change_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(locate, "_POINTS_TOGETHER", on))


# -- clips that keep the whole area ---------------------------------------------------------
def _square(x0: float, y0: float, size: float) -> Polygon:
    return Polygon([(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size)])


def test_clip_skipped_only_when_it_keeps_all() -> None:
    govs = _square(0, 0, 10)
    inside, edge, across = _square(1, 1, 2), _square(0, 0, 10), _square(9, 1, 2)
    bowtie = Polygon([(1, 1), (3, 3), (3, 1), (1, 3)])
    for geom in (inside, edge, across, bowtie, _square(20, 20, 1)):
        whole = shapely.make_valid(geom).intersection(govs)
        kept = not whole.is_empty and whole.area < 0.98 * geom.area
        skipped = notes._clip_keeps_all(geom, govs)
        assert not (skipped and kept)
    assert notes._clip_keeps_all(inside, govs) and notes._clip_keeps_all(edge, govs)
    assert not notes._clip_keeps_all(across, govs)
    assert not notes._clip_keeps_all(bowtie, govs)  # invalid: clipped as before


def test_skipped_clips_change_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    skipped: list[bool] = []
    check = notes._clip_keeps_all

    def counted(geom: Any, govs: Any) -> bool:
        skipped.append(check(geom, govs))
        return skipped[-1]

    monkeypatch.setattr(notes, "_clip_keeps_all", counted)
    same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_SKIP_WHOLE_CLIPS", on))
    assert any(skipped)  # an area inside the governorates its note names
