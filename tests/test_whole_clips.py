"""An area clip sure to keep the whole area (and so to be thrown away) is skipped.

Each test compares the shortcut switched off and on. Every note and table is written for
these tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import shapely
from shapely.geometry import Polygon

import mapper.notes as notes
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
    _compare(monkeypatch, lambda on: monkeypatch.setattr(notes, "_SKIP_WHOLE_CLIPS", on))
    assert any(skipped)  # an area inside the governorates its note names
