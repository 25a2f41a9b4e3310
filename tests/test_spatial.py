"""AreaIndex: point → governorate / district / desert zone, single and vectorised."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from geo_fixtures import (
    BADIA,
    DAMASCUS,
    DEIR,
    DEIR_DESERT,
    GOV_DEIR,
    GOV_HOMS,
    GOVERNORATES,
    HOMS,
    HOMS_DESERT,
    KABAJEB,
    PALMYRA,
    SUKHNAH,
    TANF,
    ZONES,
    all_places,
    area,
)
from shapely.geometry import LineString, Polygon, box

from gazetteer.model import Place
from gazetteer.spatial import AreaIndex, place_pcode


@pytest.fixture(scope="module")
def areas() -> AreaIndex:
    return AreaIndex(all_places())


def gid(p: Place | None) -> str | None:
    return p.place_id if p is not None else None


def test_admin_at_point_places(areas: AreaIndex) -> None:
    assert gid(areas.admin_at(SUKHNAH.lon, SUKHNAH.lat)["governorate"]) == "gov:SY04"
    assert gid(areas.admin_at(KABAJEB.lon, KABAJEB.lat)["governorate"]) == "gov:SY09"
    assert gid(areas.governorate_at(DAMASCUS.lon, DAMASCUS.lat)) == "gov:SY01"
    admin = areas.admin_at(HOMS.lon, HOMS.lat)
    assert set(admin) == {"governorate", "district", "subdistrict"}
    assert admin["district"] is None and admin["subdistrict"] is None


def test_most_specific_zone(areas: AreaIndex) -> None:
    assert gid(areas.zone_at(SUKHNAH.lon, SUKHNAH.lat)) == "zone:homs-desert"
    assert gid(areas.zone_at(KABAJEB.lon, KABAJEB.lat)) == "zone:deir-ez-zor-desert"
    assert gid(areas.zone_at(TANF.lon, TANF.lat)) == "zone:badia"  # Badia only
    assert areas.zone_at(DAMASCUS.lon, DAMASCUS.lat) is None
    assert areas.zone_at(HOMS.lon, HOMS.lat) is None


def test_zone_order_does_not_matter() -> None:
    for order in (ZONES, ZONES[::-1]):
        a = AreaIndex(order)
        assert gid(a.zone_at(PALMYRA.lon, PALMYRA.lat)) == "zone:homs-desert"


def test_ocha_polygons_win_over_natural_earth() -> None:
    # OCHA's Homs stops at 38.0°E here: east of it the Natural Earth polygon still answers.
    ocha = area("ocha:SY04", "Homs", "governorate", box(36.2, 34.3, 38.0, 35.3), gov="SY04")
    ocha_hama = area("ocha:SY05", "Hama", "governorate", box(36.2, 34.72, 37.0, 35.5),
                     gov="SY05")
    a = AreaIndex([*GOVERNORATES, ocha, ocha_hama])
    # Homs city is in gov:SY04 (NE) *and* in ocha:SY05 (the OCHA Hama box): OCHA wins.
    assert gid(a.governorate_at(HOMS.lon, HOMS.lat)) == "ocha:SY05"
    assert gid(a.governorate_at(37.5, 34.5)) == "ocha:SY04"
    # Only the Natural Earth polygon holds As-Sukhnah; the answer is still OCHA's Homs.
    assert gid(a.governorate_at(SUKHNAH.lon, SUKHNAH.lat)) == "ocha:SY04"
    assert gid(a.governorate_at(KABAJEB.lon, KABAJEB.lat)) == "gov:SY09"  # no OCHA SY09
    assert gid(a.governorate_by_pcode("SY04")) == "ocha:SY04"
    assert list(a.governorate_pcodes([HOMS.lon, 37.5], [HOMS.lat, 34.5])) == ["SY05", "SY04"]


def test_points_just_outside_snap_to_the_nearest_governorate(areas: AreaIndex) -> None:
    lon, lat = DEIR.lon, DEIR.lat
    edge_lon = 41.4 + 5.0 / 91.0  # ~5 km east of the Deir ez-Zor box
    assert gid(areas.governorate_at(edge_lon, 35.0)) == "gov:SY09"
    assert areas.governorate_at(41.4 + 30.0 / 91.0, 35.0) is None
    assert gid(areas.governorate_at(lon, lat)) == "gov:SY09"
    assert AreaIndex(all_places(), snap_km=0).governorate_at(edge_lon, 35.0) is None
    assert areas.zone_at(41.2 + 2.0 / 91.0, 34.0) is None  # zones never snap


def test_vectorised_equals_single(areas: AreaIndex) -> None:
    rng = np.random.default_rng(3)
    lons, lats = rng.uniform(35.5, 42.0, 500), rng.uniform(32.4, 36.5, 500)
    codes = areas.governorate_pcodes(lons, lats)
    zones = areas.zones_at(lons, lats)
    many = areas.admin_many(lons, lats)
    for i in range(0, 500, 7):
        one = areas.governorate_at(lons[i], lats[i])
        assert codes[i] == place_pcode(one)
        assert many["governorate"][i] is one
        assert zones[i] is areas.zone_at(lons[i], lats[i])
    assert codes.dtype == object and len(codes) == 500
    with pytest.raises(ValueError, match="differ in shape"):
        areas.governorate_pcodes([1.0, 2.0], [1.0])


def test_vectorised_20000_points_agree_with_a_naive_loop(areas: AreaIndex) -> None:
    rng = np.random.default_rng(4)
    n = 20_000
    lons, lats = rng.uniform(36.0, 41.3, n), rng.uniform(32.7, 35.9, n)
    codes = areas.governorate_pcodes(lons, lats)
    zones = areas.zones_at(lons, lats)
    # A naive loop over unprepared polygons, on a tenth of the points.
    polys = [(place_pcode(g), shapely.from_wkb(shapely.to_wkb(g.geometry))) for g in GOVERNORATES]
    naive = []
    for x, y in zip(lons[: n // 10], lats[: n // 10], strict=True):
        pt = shapely.Point(x, y)
        naive.append(next((c for c, g in polys if g.contains(pt)), None))
    inside = [i for i, c in enumerate(naive) if c is not None]
    assert [codes[i] for i in inside] == [naive[i] for i in inside]
    assert sum(z is not None for z in zones) > n / 4


def test_invalid_polygons_are_repaired() -> None:
    bowtie = Polygon([(36, 34), (38, 36), (38, 34), (36, 36), (36, 34)])
    assert not bowtie.is_valid
    a = AreaIndex([area("gov:SY14", "Quneitra", "governorate", bowtie, gov="SY14")])
    assert gid(a.governorate_at(36.3, 35.0)) == "gov:SY14"
    assert a.governorate_at(37.0, 34.5) is None  # between the two triangles, 35 km off


def test_levels_and_errors(areas: AreaIndex) -> None:
    assert areas.has_level("governorate") and areas.has_level("zone")
    assert not areas.has_level("district")
    assert {p.place_id for p in areas.places("zone")} == {z.place_id for z in ZONES}
    with pytest.raises(ValueError, match="governorate, district, subdistrict, zone"):
        areas.places_at("county", [36.0], [34.0])
    assert AreaIndex([]).admin_at(36.0, 34.0) == {"governorate": None, "district": None,
                                                  "subdistrict": None}
    assert AreaIndex([]).zone_at(36.0, 34.0) is None


def test_districts_when_loaded() -> None:
    tadmor = area("ocha:SY0405", "Tadmor", "district", box(37.5, 33.5, 39.4, 35.2),
                  gov="SY04", district="SY0405")
    a = AreaIndex([*GOVERNORATES, tadmor])
    d = a.admin_at(PALMYRA.lon, PALMYRA.lat)["district"]
    assert gid(d) == "ocha:SY0405" and place_pcode(d, "district") == "SY0405"
    assert a.admin_at(HOMS.lon, HOMS.lat)["district"] is None


def test_place_pcode_from_fields_and_ids() -> None:
    assert place_pcode(GOV_HOMS) == "SY04"
    bare = Place("ocha:SY0903", "Al Mayadin", "district", 35.0, 40.4)
    assert place_pcode(bare, "district") == "SY0903"
    assert place_pcode(bare, "governorate") is None
    assert place_pcode(None) is None


def test_zones_for_lines_and_polygons(areas: AreaIndex) -> None:
    along_homs = LineString([(PALMYRA.lon, PALMYRA.lat), (SUKHNAH.lon, SUKHNAH.lat)])
    assert gid(areas.zones_for_geometry(along_homs)) == "zone:homs-desert"
    # Mostly in the Deir ez-Zor desert, a little in the Homs desert: the larger share.
    across = LineString([(39.2, 34.9), (40.6, 35.0)])
    assert gid(areas.zones_for_geometry(across)) == "zone:deir-ez-zor-desert"
    # Mostly in the Badia-only south: the Badia.
    south = LineString([(38.0, 33.2), (38.5, 33.2), (38.5, 34.1)])
    assert gid(areas.zones_for_geometry(south)) == "zone:badia"
    shares = dict((p.place_id, s) for p, s in areas.zones_overlapping(across))
    assert shares["zone:badia"] == pytest.approx(1.0)
    assert gid(areas.zones_for_geometry(GOV_DEIR.geometry.intersection(BADIA.geometry))) \
        == "zone:deir-ez-zor-desert"
    assert areas.zones_for_geometry(box(36.0, 33.0, 36.5, 33.3)) is None
    assert gid(areas.zones_for_geometry(shapely.Point(SUKHNAH.lon, SUKHNAH.lat))) \
        == HOMS_DESERT.place_id
    assert DEIR_DESERT.place_id in shares


# -- the real embedded gazetteer -----------------------------------------------------------------
@pytest.fixture(scope="module")
def real():
    from gazetteer.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    if "place:as-sukhnah" not in gaz or not gaz.zones():
        pytest.skip("embedded places.csv / zones.geojson not there yet")
    return gaz


def test_real_sukhnah_is_in_homs_and_the_homs_desert(real) -> None:
    s = real.get("place:as-sukhnah")
    admin = real.areas.admin_at(s.lon, s.lat)
    assert place_pcode(admin["governorate"]) == "SY04"
    assert gid(real.areas.zone_at(s.lon, s.lat)) == "zone:homs-desert"


def test_real_damascus_is_in_no_desert_zone(real) -> None:
    assert real.areas.zone_at(36.2919, 33.5132) is None  # Umayyad Mosque
    assert place_pcode(real.areas.governorate_at(36.2919, 33.5132)) == "SY01"


def test_real_every_curated_place_in_its_governorate(real) -> None:
    pts = [p for p in real.places if p.lat and p.geometry is None and p.governorate_pcode]
    codes = real.areas.governorate_pcodes([p.lon for p in pts], [p.lat for p in pts])
    wrong = [(p.place_id, p.governorate_pcode, c)
             for p, c in zip(pts, codes, strict=True) if c != p.governorate_pcode]
    # Natural Earth outlines differ from OCHA's near borders: allow a few.
    assert len(wrong) <= max(3, len(pts) // 20), wrong
