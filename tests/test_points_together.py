"""The points of a gazetteer's places, made together, are the points made one by one.

Each test compares the shortcut switched off and on. Every note and table is written for
these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from shapely.geometry import Point

import mapper.locate as locate
import mapper.tables as tables
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


def _read_all(gaz: Gazetteer) -> list[tuple[dict[str, Any], str | None]]:
    return [tables.locate_text(text, gaz) for text in NOTES + NOTES]


def _compare(monkeypatch: pytest.MonkeyPatch, switch: Callable[[bool], None]
             ) -> list[tuple[dict[str, Any], str | None]]:
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", False)  # every note read
    switch(False)
    plain = _read_all(Gazetteer(load_embedded()))
    switch(True)
    fast = _read_all(Gazetteer(load_embedded()))
    assert fast == plain
    assert any(v.get("latitude") is not None for v, _ in plain)
    return fast


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
    _compare(monkeypatch, lambda on: monkeypatch.setattr(locate, "_POINTS_TOGETHER", on))
