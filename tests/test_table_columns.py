"""A note's table columns read at once equal those read property by property."""

from __future__ import annotations

import itertools

import pytest

from mapper import tables
from mapper.schema import Incident, Location


def _incidents() -> list[Incident]:
    locations = [
        None,
        Location(geometry=None, point=(38.123456789, 35.987654321), name="Tall Abyad",
                 place_id="pl:1", feature_type="town", geo_precision=1, where_prec=1,
                 uncertainty_km=0.0, confidence=0.87654),
        Location(geometry=None, point=(-0.0000004, 0.0000006), name="", place_id=None,
                 feature_type="zone", geo_precision=3, where_prec=3, uncertainty_km=25.5,
                 confidence=1.0),
        Location(geometry=None, point=[40.5, 34.25], name="Desert", place_id="zone:x",
                 feature_type="zone", geo_precision=3, where_prec=3, uncertainty_km=12.0,
                 confidence=0.0),
    ]
    out = []
    for loc, (gov, date, fat) in itertools.product(
            locations, [(None, None, None), ("Homs", "2017-03-04", 0), ("Raqqa", "--05", 12)]):
        inc = Incident(id="t#1", source="t", source_span=(0, 4), text="text", date=date,
                       event_type="Battles" if fat else None, fatalities=fat,
                       location=loc, governorate=gov, district=gov and gov + " district",
                       desert_zone=None if loc is None else "Homs desert")
        out.append(inc)
    return out


@pytest.mark.parametrize("inc", _incidents())
def test_columns_at_once_equal_the_properties(inc: Incident,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_COLUMNS_AT_ONCE", True)
    fast = tables._attributes(inc)
    monkeypatch.setattr(tables, "_COLUMNS_AT_ONCE", False)
    plain = tables._attributes(inc)
    assert list(plain) == list(tables.LOCATION_COLUMNS)
    assert list(fast.items()) == list(plain.items())
    assert [type(v) for v in fast.values()] == [type(v) for v in plain.values()]


def test_no_incident_has_no_columns() -> None:
    assert tables._attributes(None) == {}
