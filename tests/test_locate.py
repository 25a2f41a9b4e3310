"""locate(): place expressions to geometry, precision and uncertainty."""

from __future__ import annotations

import pytest
from geo_fixtures import (
    ARAK,
    DAMASCUS,
    DEIR,
    GOV_DEIR,
    GOV_HOMS,
    HOMS,
    KABAJEB,
    NABK,
    PALMYRA,
    SHULA,
    SUKHNAH,
    TANF,
    gazetteer,
)
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from gazetteer.geo import haversine_km
from gazetteer.model import Mention
from mapper.locate import (
    direction_part,
    explain_unlocated,
    locate,
    locate_with_reason,
    representative_point,
    uncertainty_km,
)
from mapper.schema import Location, PlaceExpression

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def expr(text: str, kind: str = "place", names: list[str] | None = None,
         qualifier: str | None = None, mentions: list | None = None) -> PlaceExpression:
    return PlaceExpression(text=text, start=0, end=len(text), kind=kind,
                           names=list(names or []), mentions=list(mentions or []),
                           qualifier=qualifier)


def km(a: tuple[float, float], p) -> float:
    return haversine_km(a[1], a[0], p.lat, p.lon)


def check_common(loc: Location | None) -> Location:
    assert loc is not None
    assert loc.geometry.is_valid and not loc.geometry.is_empty
    assert 0.0 < loc.confidence <= 1.0
    assert 1 <= len(loc.candidates) <= 5
    assert {"name", "place_id", "score"} <= set(loc.candidates[0])
    assert round(loc.uncertainty_km, 1) == loc.uncertainty_km
    if loc.geometry.geom_type != "Point":
        assert loc.geometry.buffer(1e-9).contains(Point(loc.point))
    return loc


# -- place / near -------------------------------------------------------------------------------
def test_place_is_a_point(gaz) -> None:
    loc = check_common(locate(expr("Palmyra", names=["Palmyra"]), gaz))
    assert loc.geometry.geom_type == "Point" and loc.point == (PALMYRA.lon, PALMYRA.lat)
    assert (loc.geo_precision, loc.where_prec) == (1, 1)
    assert 0.5 <= loc.uncertainty_km <= 2.0
    assert loc.place_id == "place:palmyra" and loc.feature_type == "town"


def test_governorate_capital_used_as_a_place_is_the_city(gaz) -> None:
    loc = check_common(locate(expr("in Homs", names=["Homs"]), gaz))
    assert loc.place_id == "place:homs" and loc.geo_precision == 1
    assert loc.uncertainty_km == 2.0  # a city


def test_alias_spelling_resolves(gaz) -> None:
    loc = locate(expr("Al-Sukhnah", names=["Al-Sukhnah"]), gaz)
    assert loc is not None and loc.place_id == "place:as-sukhnah"


def test_near_is_a_point_with_a_radius(gaz) -> None:
    loc = check_common(locate(expr("near Palmyra", "near", ["Palmyra"]), gaz))
    assert loc.geometry.geom_type == "Point"
    assert (loc.geo_precision, loc.where_prec) == (2, 2)
    assert loc.uncertainty_km == 10.0
    wide = locate(expr("the countryside of Al-Sukhnah", "near", ["Al-Sukhnah"]), gaz)
    assert wide is not None and 10.0 < wide.uncertainty_km <= 25.0
    city = locate(expr("Homs countryside", "near", ["Homs"]), gaz)
    assert city is not None and city.uncertainty_km == 25.0 and city.place_id == "place:homs"


def test_unknown_kind_is_read_as_place(gaz) -> None:
    loc = locate(expr("Palmyra", "landmark?", ["Palmyra"]), gaz)
    assert loc is not None and loc.geo_precision == 1


def test_place_that_is_an_area_keeps_area_precision(gaz) -> None:
    loc = check_common(locate(expr("Badia", names=["Badia"]), gaz))
    assert loc.place_id == "zone:badia" and (loc.geo_precision, loc.where_prec) == (3, 5)


# -- roads ------------------------------------------------------------------------------------
def test_whole_corridor(gaz) -> None:
    loc = check_common(locate(expr("the Homs-Deir Ezzor highway", "corridor",
                                   ["Homs-Deir Ezzor highway"]), gaz))
    assert loc.geometry.geom_type == "LineString"
    assert loc.place_id == "corridor:homs-deir-ez-zor"
    assert (loc.geo_precision, loc.where_prec) == (3, 5)
    length = GEOD.geometry_length(loc.geometry) / 1000
    assert loc.uncertainty_km == pytest.approx(length / 2, abs=0.2)


def test_sample_segment_kabajeb_shawla_sukhnah(gaz) -> None:
    text = "from Kabajeb and Al-Shawla in western Deir Ezzor to Al-Sukhnah"
    loc = check_common(locate(expr(text, "segment",
                                   ["Kabajeb", "Al-Shawla", "Deir Ezzor", "Al-Sukhnah"]), gaz))
    assert loc.geometry.geom_type == "LineString"
    assert loc.place_id == "corridor:homs-deir-ez-zor" and loc.feature_type == "corridor"
    assert (loc.geo_precision, loc.where_prec) == (2, 5)
    length = GEOD.geometry_length(loc.geometry) / 1000
    assert 60 <= length <= 220
    start, end = loc.geometry.coords[0], loc.geometry.coords[-1]
    # The farthest pair: Al-Shula (first named end, text order) ... As-Sukhnah; "western
    # Deir Ezzor" is context, so the segment stops well short of Deir ez-Zor city.
    assert km(start, SHULA) < 12 and km(end, SUKHNAH) < 12
    assert km(start, DEIR) > 25
    assert min(haversine_km(y, x, HOMS.lat, HOMS.lon) for x, y in loc.geometry.coords) > 100
    assert loc.uncertainty_km == pytest.approx(length / 2, abs=0.2)
    assert {c["place_id"] for c in loc.candidates} >= {"place:al-shula", "place:as-sukhnah"}
    assert "Al-Shula" in loc.name and "As-Sukhnah" in loc.name


def test_segment_picks_the_corridor_closest_to_the_places(gaz) -> None:
    loc = check_common(locate(expr("between Damascus and An-Nabk", "segment",
                                   ["Damascus", "An-Nabk"]), gaz))
    assert loc.place_id == "corridor:damascus-homs"
    assert km(loc.geometry.coords[0], DAMASCUS) < 1 and km(loc.geometry.coords[-1], NABK) < 1


def test_segment_with_one_named_place_on_a_named_road(gaz) -> None:
    loc = check_common(locate(expr("the Homs-Deir Ezzor highway near Arak", "segment",
                                   ["Homs-Deir Ezzor highway", "Arak"]), gaz))
    assert loc.place_id == "corridor:homs-deir-ez-zor"
    assert 19 < GEOD.geometry_length(loc.geometry) / 1000 < 21


def test_segment_ends_prefer_the_reading_on_the_road(gaz) -> None:
    res = gaz.resolve("Arak")
    assert {c.place.place_id for c in res.candidates} >= {"place:arak", "place:arak-gas-field"}
    loc = check_common(locate(expr("the road between Palmyra and Arak", "segment",
                                   ["Palmyra", "Arak"]), gaz))
    assert km(loc.geometry.coords[-1], ARAK) < 1
    assert "Arak" in loc.name and "gas field" not in loc.name


def test_nearest_alternative_swaps_to_the_place_on_the_road() -> None:
    from geo_fixtures import ARAK_FIELD, ROAD, ROAD_WAYPOINTS

    from gazetteer.corridors import Corridor
    from mapper.locate import _Hit, _Locator

    road = Corridor(ROAD, ROAD_WAYPOINTS)
    field_first = _Hit("Arak", ARAK_FIELD, 0.9, [], [(ARAK_FIELD, 0.9), (ARAK, 0.85)])
    assert _Locator.nearest_alternative(field_first, road).place is ARAK
    far_behind = _Hit("Arak", ARAK_FIELD, 0.9, [], [(ARAK_FIELD, 0.9), (ARAK, 0.6)])
    assert _Locator.nearest_alternative(far_behind, road).place is ARAK_FIELD


def test_segment_off_every_road_is_a_straight_line(gaz) -> None:
    loc = check_common(locate(expr("between Al-Tanf and Damascus", "segment",
                                   ["Al-Tanf", "Damascus"]), gaz))
    assert loc.place_id is None and loc.geometry.geom_type == "LineString"
    assert loc.confidence < 0.7
    ends = {loc.geometry.coords[0], loc.geometry.coords[-1]}
    assert ends == {(TANF.lon, TANF.lat), (DAMASCUS.lon, DAMASCUS.lat)}


def test_corridor_from_two_town_names(gaz) -> None:
    loc = locate(expr("the Palmyra-Al-Sukhnah road", "corridor", ["Palmyra", "Al-Sukhnah"]),
                 gaz)
    assert loc is not None and loc.geometry.geom_type == "LineString"
    assert km(loc.geometry.coords[0], PALMYRA) < 1 and km(loc.geometry.coords[-1], SUKHNAH) < 1


HAS_ENDS = "corridor" in PlaceExpression.__dataclass_fields__


@pytest.mark.skipif(not HAS_ENDS, reason="PlaceExpression.corridor not there yet")
def test_road_named_by_its_ends(gaz) -> None:
    def road(text: str, kind: str, names: list[str], ends: list[str]) -> Location | None:
        e = expr(text, kind, names)
        e.corridor = ends
        return locate(e, gaz)

    whole = check_common(road("the Homs-Deir Ezzor highway", "corridor", [],
                              ["Homs", "Deir Ezzor"]))
    assert whole.place_id == "corridor:homs-deir-ez-zor" and whole.geo_precision == 3
    part = check_common(road("the Homs-Palmyra road", "corridor", [], ["Homs", "Palmyra"]))
    assert part.place_id == "corridor:homs-deir-ez-zor" and part.geo_precision == 2
    assert km(part.geometry.coords[0], HOMS) < 1 and km(part.geometry.coords[-1], PALMYRA) < 1
    seg = check_common(road("on the Homs-Deir Ezzor highway near Al-Sukhnah", "segment",
                            ["Al-Sukhnah"], ["Homs", "Deir Ezzor"]))
    assert seg.place_id == "corridor:homs-deir-ez-zor"
    assert 19 < GEOD.geometry_length(seg.geometry) / 1000 < 21
    assert km(seg.point, SUKHNAH) < 1
    m5 = check_common(road("the Damascus-Homs highway", "corridor", [], ["Damascus", "Homs"]))
    assert m5.place_id == "corridor:damascus-homs"


# -- zones, directions, governorates ------------------------------------------------------------
def test_zone_from_governorate_name_and_desert(gaz) -> None:
    for names in (["Homs"], ["Homs desert"]):
        loc = check_common(locate(expr("the Homs desert", "zone", names), gaz))
        assert loc.place_id == "zone:homs-desert", names
        assert loc.geometry.geom_type in ("Polygon", "MultiPolygon")
        assert (loc.geo_precision, loc.where_prec) == (3, 5)


def test_several_zones_are_one_union(gaz) -> None:
    loc = check_common(locate(expr("the Homs and Deir Ezzor deserts", "zone",
                                   ["Homs desert", "Deir Ezzor desert"]), gaz))
    assert loc.name == "Homs desert and Deir ez-Zor desert"
    assert loc.place_id == "zone:homs-desert,zone:deir-ez-zor-desert"
    assert loc.geometry.contains(Point(SUKHNAH.lon, SUKHNAH.lat))
    assert loc.geometry.contains(Point(KABAJEB.lon + 0.05, KABAJEB.lat))
    three = locate(expr("x", "zone", ["Homs desert", "Deir Ezzor desert", "Badia"]), gaz)
    assert three is not None and three.name == "Homs desert, Deir ez-Zor desert and Badia"


def test_syrian_desert_is_the_badia(gaz) -> None:
    for kind, names in (("zone", []), ("governorates", ["Syrian desert"]),
                        ("zone", ["the Syrian desert"])):
        loc = check_common(locate(expr("the Syrian desert", kind, names), gaz))
        assert loc.place_id == "zone:badia" and loc.where_prec == 5, (kind, names)
        assert loc.confidence >= 0.8


def test_zone_without_a_zone_is_the_area_around_the_place(gaz) -> None:
    loc = check_common(locate(expr("the Palmyra desert", "zone", ["Palmyra"]), gaz))
    assert loc.place_id == "place:palmyra" and (loc.geo_precision, loc.where_prec) == (2, 2)


def test_direction_is_part_of_the_governorate(gaz) -> None:
    loc = check_common(locate(expr("western Deir Ezzor", "direction", ["Deir Ezzor"],
                                   qualifier="western"), gaz))
    assert (loc.geo_precision, loc.where_prec) == (3, 4)
    assert loc.name == "western Deir ez-Zor" and loc.place_id == "gov:SY09"
    g = loc.geometry
    assert GOV_DEIR.geometry.buffer(1e-6).contains(g)
    assert 0.4 < g.area / GOV_DEIR.geometry.area < 0.6
    assert g.contains(Point(KABAJEB.lon + 0.01, KABAJEB.lat))
    assert not g.contains(Point(DEIR.lon + 0.6, DEIR.lat))
    east = locate(expr("the eastern countryside of Homs", "direction", ["Homs"]), gaz)
    assert east is not None and east.name == "eastern Homs"
    assert east.geometry.contains(Point(SUKHNAH.lon, SUKHNAH.lat))
    assert not east.geometry.contains(Point(HOMS.lon, HOMS.lat))


def test_direction_part_diagonals_and_centre() -> None:
    sq = box(38.0, 34.0, 40.0, 36.0)
    ne = direction_part(sq, "north-eastern")
    assert ne.contains(Point(39.9, 35.9)) and not ne.contains(Point(38.1, 34.1))
    assert ne.area == pytest.approx(sq.area / 2, rel=0.05)
    c = direction_part(sq, "central")
    assert c.contains(Point(39.0, 35.0)) and not c.contains(Point(38.1, 35.0))
    assert direction_part(sq, "upper") is None


def test_direction_of_a_town_is_around_the_town(gaz) -> None:
    loc = locate(expr("east of Palmyra", "direction", ["Palmyra"], qualifier="east"), gaz)
    assert loc is not None and loc.place_id == "place:palmyra" and loc.geo_precision == 2


def test_governorates_union(gaz) -> None:
    loc = check_common(locate(expr("Homs and Deir Ezzor", "governorates",
                                   ["Homs", "Deir Ezzor"]), gaz))
    assert loc.name == "Homs and Deir ez-Zor" and loc.place_id == "gov:SY04,gov:SY09"
    assert (loc.geo_precision, loc.where_prec) == (3, 4)
    assert loc.geometry.area == pytest.approx(GOV_HOMS.geometry.area + GOV_DEIR.geometry.area,
                                              rel=1e-6)
    one = check_common(locate(expr("Deir Ezzor governorate", "governorates",
                                   ["Deir Ezzor"]), gaz))
    assert one.place_id == "gov:SY09" and (one.geo_precision, one.where_prec) == (3, 4)
    assert one.feature_type == "governorate"


# -- mentions, failures, helpers ---------------------------------------------------------------
def test_mentions_are_used_when_names_are_missing(gaz) -> None:
    m = Mention(5, 12, "Palmyra", "palmyra", ("place:palmyra",))
    loc = locate(expr("near Palmyra", "near", mentions=[m]), gaz)
    assert loc is not None and loc.place_id == "place:palmyra"


def test_unresolved_returns_none_with_a_reason(gaz) -> None:
    e = expr("in Foozville", names=["Foozville"])
    assert locate(e, gaz) is None
    assert explain_unlocated(e, gaz) == "no gazetteer match for 'Foozville'"
    assert locate_with_reason(e, gaz) == (None, "no gazetteer match for 'Foozville'")
    assert explain_unlocated(expr("Palmyra", names=["Palmyra"]), gaz) is None
    assert explain_unlocated(expr("", names=[])) == "no place name in the expression"
    assert locate(expr("", names=[]), gaz) is None


def test_representative_point_and_uncertainty_of_a_line() -> None:
    line = LineString([(38.0, 34.0), (38.0, 34.5), (39.0, 34.5)])
    lon, lat = representative_point(line)
    # Midpoint along the line (55 + 92 km): on the second leg, ~18 km east of the corner.
    assert lat == pytest.approx(34.5, abs=1e-6) and 38.15 < lon < 38.25
    assert line.distance(Point(lon, lat)) < 1e-9
    assert uncertainty_km(line, (lon, lat)) == pytest.approx(
        GEOD.geometry_length(line) / 2000, abs=0.3)
    assert uncertainty_km(Point(38, 34), (38, 34)) == 0.0
    sq = box(38.0, 34.0, 38.2, 34.2)
    p = representative_point(sq)
    assert 12 < uncertainty_km(sq, p) < 16


# -- the real embedded gazetteer -----------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    from gazetteer.gazetteer import Gazetteer

    g = Gazetteer.default()
    if "corridor:homs-deir-ez-zor" not in g or not g.zones():
        pytest.skip("embedded places/zones/corridors not there yet")
    return g


def test_real_sample_segment(real) -> None:
    text = "from Kabajeb and Al-Shawla in western Deir Ezzor to Al-Sukhnah"
    loc = locate(expr(text, "segment", ["Kabajeb", "Al-Shawla", "Deir Ezzor", "Al-Sukhnah"]),
                 real)
    assert loc is not None and loc.place_id == "corridor:homs-deir-ez-zor"
    length = GEOD.geometry_length(loc.geometry) / 1000
    assert 60 <= length <= 220
    sukhnah, homs = real.get("place:as-sukhnah"), real.get("place:homs")
    ends = [loc.geometry.coords[0], loc.geometry.coords[-1]]
    assert min(km(e, sukhnah) for e in ends) < 12
    assert min(haversine_km(y, x, homs.lat, homs.lon) for x, y in loc.geometry.coords) > 100


def test_real_zones_and_directions(real) -> None:
    z = locate(expr("the Homs desert", "zone", ["Homs desert"]), real)
    assert z is not None and z.place_id == "zone:homs-desert"
    b = locate(expr("the Syrian desert", "zone", ["Syrian desert"]), real)
    assert b is not None and b.place_id == "zone:badia"
    w = locate(expr("western Deir Ezzor", "direction", ["Deir Ezzor"], "western"), real)
    assert w is not None and w.where_prec == 4
    kab = real.get("place:kabajeb") if "place:kabajeb" in real else None
    if kab is not None:
        assert w.geometry.buffer(0.05).contains(Point(kab.lon, kab.lat))
