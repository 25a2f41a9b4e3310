"""assign_groups(): governorate, district and desert zone of located incidents."""

from __future__ import annotations

import numpy as np
import pytest
from geo_fixtures import (
    DAMASCUS,
    HOMS,
    KABAJEB,
    PALMYRA,
    SUKHNAH,
    TANF,
    all_places,
    area,
    gazetteer,
)
from shapely.geometry import Point, box

from gazetteer.gazetteer import Gazetteer
from mapper.group import assign_groups
from mapper.locate import locate
from mapper.schema import Incident, Location, PlaceExpression


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def incident(i: int, loc: Location | None) -> Incident:
    return Incident(id=f"i{i}", source="<test>", source_span=(0, 1), text="x", location=loc)


def point_loc(p, feature_type: str = "town") -> Location:
    return Location(Point(p.lon, p.lat), (p.lon, p.lat), p.name, p.place_id, feature_type,
                    1, 1, 1.0, 1.0)


def located(gaz, text: str, kind: str, names: list[str], qualifier: str | None = None
            ) -> Incident:
    loc = locate(PlaceExpression(text, 0, len(text), kind=kind, names=names,
                                 qualifier=qualifier), gaz)
    assert loc is not None
    return incident(0, loc)


def test_points_get_governorate_and_zone(gaz) -> None:
    incs = [incident(i, point_loc(p)) for i, p in enumerate((SUKHNAH, KABAJEB, DAMASCUS, TANF))]
    incs.append(incident(9, None))
    out = assign_groups(incs, gaz)
    assert out is incs
    s, k, d, t, none = incs
    assert (s.governorate, s.governorate_pcode, s.desert_zone) == ("Homs", "SY04", "Homs desert")
    assert (k.governorate_pcode, k.desert_zone) == ("SY09", "Deir ez-Zor desert")
    assert (d.governorate, d.governorate_pcode, d.desert_zone) == ("Damascus", "SY01", None)
    assert (t.governorate_pcode, t.desert_zone) == ("SY04", "Badia")
    assert s.district is None and s.district_pcode is None  # no district polygons
    assert none.governorate is None and none.desert_zone is None


def test_zone_records_take_their_own_zone_names(gaz) -> None:
    one = located(gaz, "the Homs desert", "zone", ["Homs desert"])
    two = located(gaz, "the Homs and Deir Ezzor deserts", "zone",
                  ["Homs desert", "Deir Ezzor desert"])
    badia = located(gaz, "the Syrian desert", "zone", ["Syrian desert"])
    assign_groups([one, two, badia], gaz)
    assert one.desert_zone == "Homs desert" and one.governorate_pcode == "SY04"
    assert two.desert_zone == "Homs desert, Deir ez-Zor desert"
    assert badia.desert_zone == "Badia"


def test_lines_and_unions(gaz) -> None:
    seg = located(gaz, "from Al-Shawla to Al-Sukhnah", "segment", ["Al-Shawla", "Al-Sukhnah"])
    govs = located(gaz, "Homs and Deir Ezzor", "governorates", ["Homs", "Deir Ezzor"])
    assign_groups([seg, govs], gaz)
    lon, lat = seg.location.point
    assert seg.governorate_pcode == ("SY09" if lon >= 39.4 else "SY04")
    assert seg.desert_zone in ("Homs desert", "Deir ez-Zor desert")
    assert govs.governorate_pcode in ("SY04", "SY09")
    assert govs.desert_zone == "Badia"  # the fixture Badia holds most of both
    # An area with its point in the Badia but only 30 % of it there: no desert zone.
    edge = box(36.0, 33.0, 37.4, 34.0)
    inc = incident(1, Location(edge, (37.2, 33.5), "x", None, "region", 3, 4, 80.0, 0.9))
    assign_groups([inc], gaz)
    assert inc.desert_zone is None and inc.governorate_pcode == "SY03"
    whole = located(gaz, "the Homs-Deir Ezzor highway", "corridor", ["Homs-Deir Ezzor highway"])
    assign_groups([whole], gaz)
    assert whole.desert_zone in ("Homs desert", "Badia")  # the zone holding half the road


def test_governorate_records_keep_their_governorate(gaz) -> None:
    west = located(gaz, "western Deir Ezzor", "direction", ["Deir Ezzor"], "western")
    one = located(gaz, "Deir Ezzor governorate", "governorates", ["Deir Ezzor"])
    # A representative point moved into Homs must not change the governorate of the record.
    one.location.point = (SUKHNAH.lon, SUKHNAH.lat)
    assign_groups([west, one], gaz)
    assert west.governorate_pcode == "SY09" and west.governorate == "Deir ez-Zor"
    assert one.governorate_pcode == "SY09"


def test_point_outside_every_polygon_falls_back_to_the_place_pcode() -> None:
    from gazetteer.model import Place

    far = Place("place:far", "Far", "town", 30.0, 30.0, names=("Far",), governorate_pcode="SY04")
    g = Gazetteer([*all_places(), far])
    inc = incident(0, point_loc(far))
    assign_groups([inc], g)
    assert inc.governorate_pcode == "SY04" and inc.governorate == "Homs"
    assert inc.desert_zone is None


def test_districts_only_with_district_polygons() -> None:
    tadmor = area("ocha:SY0405", "Tadmor", "district", box(37.5, 33.5, 39.4, 35.2),
                  gov="SY04", district="SY0405")
    ocha_homs = area("ocha:SY04", "Homs", "governorate",
                     box(36.2, 34.3, 39.4, 35.3).union(box(38.5, 32.6, 39.4, 34.3)), gov="SY04")
    g = Gazetteer([*all_places(), tadmor, ocha_homs])
    a, b = incident(0, point_loc(PALMYRA)), incident(1, point_loc(HOMS, "city"))
    assign_groups([a, b], g)
    assert (a.district, a.district_pcode) == ("Tadmor", "SY0405")
    assert a.governorate_pcode == "SY04"
    assert b.district is None and b.governorate_pcode == "SY04"


def test_twenty_thousand_incidents_grouped(gaz) -> None:
    rng = np.random.default_rng(5)
    lons, lats = rng.uniform(36.0, 41.3, 20_000), rng.uniform(32.7, 35.9, 20_000)
    incs = [incident(i, Location(Point(x, y), (x, y), "p", None, "town", 1, 1, 1.0, 1.0))
            for i, (x, y) in enumerate(zip(lons, lats, strict=True))]
    assign_groups(incs, gaz)
    assert sum(i.governorate is not None for i in incs) > 12_000
    assert sum(i.desert_zone is not None for i in incs) > 5_000


# -- the real embedded gazetteer -----------------------------------------------------------------
def test_real_groups() -> None:
    g = Gazetteer.default()
    if "place:as-sukhnah" not in g or not g.zones():
        pytest.skip("embedded places.csv / zones.geojson not there yet")
    s = g.get("place:as-sukhnah")
    a = incident(0, point_loc(s))
    b = incident(1, Location(Point(36.2919, 33.5132), (36.2919, 33.5132), "Damascus",
                             None, "city", 1, 1, 1.0, 1.0))
    assign_groups([a, b], g)
    assert a.governorate_pcode == "SY04" and a.desert_zone == g.get("zone:homs-desert").name
    assert b.governorate_pcode == "SY01" and b.desert_zone is None
