"""One located incident whose groups are remembered takes them without the lists that
serve many (:data:`mapper.group._ONE_REMEMBERED_ALONE`): the same fields either way.

The towns and roads are the test fixtures'; the notes are written for these tests.
"""

from __future__ import annotations

import pytest
from geo_fixtures import DAMASCUS, HOMS, PALMYRA, ROAD, SUKHNAH, TANF, gazetteer
from shapely.geometry import Point
from switch_cases import same_with_and_without

import mapper.group as group
from mapper.schema import Incident, Location

NOTES = [
    "Shelling hit Kafr Nabl in Idleb province.",
    "Gunmen fired on a car on the Homs-Palmyra road near Al-Sukhnah.",
    "An IED exploded in the Syrian desert in Homs.",
    "Clashes near Palmyra left two fighters dead.",
]

_FIELDS = ("governorate", "governorate_pcode", "district", "district_pcode", "desert_zone")


def _incidents() -> list[Incident]:
    """Towns (two of them twice), a road and one without a location."""
    locs = [Location(Point(p.lon, p.lat), (p.lon, p.lat), p.name, p.place_id, "town",
                     1, 1, 1.0, 1.0) for p in (HOMS, PALMYRA, SUKHNAH, TANF, DAMASCUS, HOMS,
                                                TANF)]
    locs.append(Location(ROAD.geometry, (ROAD.lon, ROAD.lat), ROAD.name, ROAD.place_id,
                         "corridor", 1, 1, 1.0, 1.0))
    locs.append(locs[-1])
    return [Incident(id=f"i{k}", source="<test>", source_span=(0, 1), text="x",
                     location=loc) for k, loc in enumerate([*locs, None])]


def _grouped_one_at_a_time() -> list[tuple]:
    gaz = gazetteer()  # nothing remembered from another test
    out = []
    for _ in range(2):  # the second time, every location's groups are remembered
        for inc in _incidents():
            group.assign_groups([inc], gaz)
            out.append(tuple(getattr(inc, f) for f in _FIELDS))
    return out


def test_one_remembered_incident_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(group, "_ONE_REMEMBERED_ALONE", False)
    plain = _grouped_one_at_a_time()
    monkeypatch.setattr(group, "_ONE_REMEMBERED_ALONE", True)
    fast = _grouped_one_at_a_time()
    assert fast == plain
    assert len({row[0] for row in plain}) > 2 and any(row[4] for row in plain)
    same_with_and_without(monkeypatch, NOTES, lambda on: monkeypatch.setattr(
        group, "_ONE_REMEMBERED_ALONE", on))
