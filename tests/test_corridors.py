"""Corridor: a highway as a line through waypoints, with linear referencing."""

from __future__ import annotations

import numpy as np
import pytest
from geo_fixtures import (
    DEIR,
    HOMS,
    KABAJEB,
    PALMYRA,
    ROAD,
    ROAD_WAYPOINTS,
    SHULA,
    SUKHNAH,
    offset_km,
)
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point

from gazetteer.corridors import MIN_SEGMENT_KM, Corridor
from gazetteer.geo import haversine_km
from gazetteer.model import Place

GEOD = Geod(ellps="WGS84")


def geodesic_km(line: LineString) -> float:
    return GEOD.geometry_length(line) / 1000.0


@pytest.fixture(scope="module")
def road() -> Corridor:
    return Corridor(ROAD, ROAD_WAYPOINTS)


def test_length_matches_geodesic(road: Corridor) -> None:
    legs = sum(haversine_km(a.lat, a.lon, b.lat, b.lon)
               for a, b in zip(ROAD_WAYPOINTS, ROAD_WAYPOINTS[1:], strict=False))
    assert road.length_km == pytest.approx(legs, rel=0.005)
    assert road.length_km == pytest.approx(geodesic_km(road.line), rel=0.005)


def test_waypoint_km_increase_from_zero_to_length(road: Corridor) -> None:
    kms = [km for _, km in road.waypoint_km]
    assert [p.place_id for p, _ in road.waypoint_km] == [p.place_id for p in ROAD_WAYPOINTS]
    assert kms[0] == pytest.approx(0.0, abs=1e-6)
    assert kms[-1] == pytest.approx(road.length_km, abs=1e-6)
    assert kms == sorted(kms)


def test_line_from_waypoints_when_place_has_no_geometry() -> None:
    bare = Place(ROAD.place_id, ROAD.name, "corridor", ROAD.lat, ROAD.lon)
    c = Corridor(bare, ROAD_WAYPOINTS)
    assert c.length_km == pytest.approx(Corridor(ROAD, ROAD_WAYPOINTS).length_km, rel=1e-9)
    assert c.place_id == ROAD.place_id and c.name == ROAD.name
    assert "Corridor(" in repr(c)


def test_multilinestring_geometry_is_merged() -> None:
    coords = [(p.lon, p.lat) for p in ROAD_WAYPOINTS]
    multi = MultiLineString([coords[:4], coords[3:]])
    c = Corridor(Place("corridor:x", "X", "corridor", 0, 0, geometry=multi), [])
    assert c.line.geom_type == "LineString"
    assert c.length_km == pytest.approx(Corridor(ROAD, ROAD_WAYPOINTS).length_km, rel=1e-9)


def test_needs_two_points() -> None:
    with pytest.raises(ValueError, match="at least two"):
        Corridor(Place("corridor:x", "X", "corridor", 0, 0), [HOMS, HOMS])


def test_point_at_inverts_km_at(road: Corridor) -> None:
    for km in (0.0, 12.5, 100.0, 250.0, road.length_km):
        lon, lat = road.point_at(km)
        assert road.km_at(lon, lat) == pytest.approx(km, abs=0.01)
        assert road.distance_km(lon, lat) < 0.01
    assert road.point_at(-50) == pytest.approx((HOMS.lon, HOMS.lat), abs=1e-6)
    assert road.point_at(1e6) == pytest.approx((DEIR.lon, DEIR.lat), abs=1e-6)
    with pytest.raises(ValueError):
        road.point_at(float("nan"))


def test_distance_and_snap_of_an_off_road_point(road: Corridor) -> None:
    # Palmyra–Arak leg runs WSW–ENE; 10 km due north of Palmyra is ~9.5 km off the road.
    lon, lat = offset_km(PALMYRA, north_km=10.0)
    km, dist = road.snap(lon, lat)
    assert 8.0 < dist < 10.05
    assert dist == pytest.approx(road.distance_km(lon, lat))
    assert km == pytest.approx(road.km_at(lon, lat))
    pkm = dict((p.place_id, k) for p, k in road.waypoint_km)[PALMYRA.place_id]
    assert abs(km - pkm) < 10.0


def test_segment_length_and_direction(road: Corridor) -> None:
    seg = road.segment(50.0, 150.0)
    assert seg.geom_type == "LineString"
    assert geodesic_km(seg) == pytest.approx(100.0, rel=0.005)
    start = road.point_at(50.0)
    assert seg.coords[0] == pytest.approx(start, abs=1e-6)
    rev = road.segment(150.0, 50.0)
    assert rev.coords[0] == pytest.approx(seg.coords[-1], abs=1e-6)
    assert road.segment_length_km(150.0, 50.0) == pytest.approx(100.0)


def test_short_segment_is_widened(road: Corridor) -> None:
    seg = road.segment(80.0, 80.0)
    assert seg.geom_type == "LineString" and seg.is_valid
    assert geodesic_km(seg) == pytest.approx(MIN_SEGMENT_KM, rel=0.01)
    end = road.segment(road.length_km + 5, road.length_km + 9)  # clamped to the end
    assert geodesic_km(end) == pytest.approx(MIN_SEGMENT_KM, rel=0.01)


def test_segment_between_snaps_places_off_the_road(road: Corridor) -> None:
    lon, lat = offset_km(KABAJEB, north_km=6.0)
    off = Place("place:off", "Off-road village", "village", lat, lon)
    seg = road.segment_between(off, SUKHNAH)
    a, b = Point(seg.coords[0]), Point(seg.coords[-1])
    assert haversine_km(a.y, a.x, KABAJEB.lat, KABAJEB.lon) < 7.0
    assert haversine_km(b.y, b.x, SUKHNAH.lat, SUKHNAH.lon) < 0.01
    assert 40 < geodesic_km(seg) < 80


def test_vectorised_matches_scalar(road: Corridor) -> None:
    rng = np.random.default_rng(1)
    lons, lats = rng.uniform(36.5, 40.5, 200), rng.uniform(34.0, 35.6, 200)
    kms, dists = road.kms_at(lons, lats), road.distances_km(lons, lats)
    for i in range(0, 200, 17):
        assert kms[i] == pytest.approx(road.km_at(lons[i], lats[i]), abs=1e-6)
        assert dists[i] == pytest.approx(road.distance_km(lons[i], lats[i]), abs=1e-6)


def test_nearest_waypoint(road: Corridor) -> None:
    place, off = road.nearest_waypoint(*offset_km(SHULA, east_km=2.0))
    assert place.place_id == SHULA.place_id and off < 3.0


def test_vectorised_kms_match_single_calls(road: Corridor) -> None:
    rng = np.random.default_rng(2)
    lons, lats = rng.uniform(36, 41, 2_000), rng.uniform(33, 36, 2_000)
    kms = road.kms_at(lons, lats)
    single = [road.km_at(lons[i], lats[i]) for i in range(0, 2000, 97)]
    assert np.allclose(kms[::97], single)


# -- the real embedded corridor ------------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    from gazetteer.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    if "corridor:homs-deir-ez-zor" not in gaz:
        pytest.skip("embedded corridors.json not there yet")
    return gaz, gaz.corridor("corridor:homs-deir-ez-zor")


def test_real_corridor_passes_the_towns(real) -> None:
    gaz, road = real
    for pid in ("place:homs", "place:palmyra", "place:as-sukhnah", "place:deir-ez-zor"):
        p = gaz.get(pid)
        assert road.distance_km(p.lon, p.lat) < 15.0, pid
    assert 280 < road.length_km < 550  # a waypoint polyline is shorter than the road


def test_real_segment_kabajeb_or_shula_to_sukhnah(real) -> None:
    gaz, road = real
    sukhnah = gaz.get("place:as-sukhnah")
    homs = gaz.get("place:homs")
    for pid in ("place:kabajeb", "place:al-shula"):
        if pid not in gaz:
            continue
        end = gaz.get(pid)
        seg = road.segment_between(end, sukhnah)
        assert 60 <= geodesic_km(seg) <= 220
        a, b = seg.coords[0], seg.coords[-1]
        assert haversine_km(a[1], a[0], end.lat, end.lon) < 12
        assert haversine_km(b[1], b[0], sukhnah.lat, sukhnah.lon) < 12
        assert min(haversine_km(y, x, homs.lat, homs.lon) for x, y in seg.coords) > 100
