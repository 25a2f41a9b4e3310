"""Tests of the embedded area and line data: governorates, desert zones and rivers.

They read only ``gazetteer/data/*.geojson`` (never ``../shared``) and run in well under 2 s.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, shape

DATA = Path(__file__).resolve().parents[1] / "gazetteer" / "data"
METRIC_CRS = "EPSG:32637"

ISO_BY_PCODE = {
    "SY01": "SY-DI", "SY02": "SY-HL", "SY03": "SY-RD", "SY04": "SY-HI", "SY05": "SY-HM",
    "SY06": "SY-LA", "SY07": "SY-ID", "SY08": "SY-HA", "SY09": "SY-DY", "SY10": "SY-TA",
    "SY11": "SY-RA", "SY12": "SY-DR", "SY13": "SY-SU", "SY14": "SY-QU",
}

#: (lat, lon, governorate P-code, inside the Badia?) of places named in the data definition.
PLACES = {
    "Palmyra": (34.5605, 38.2811, "SY04", True),
    "As-Sukhnah": (34.8853, 38.8713, "SY04", True),
    "Kabajeb": (35.0790, 39.6804, "SY09", True),
    "Al-Shula": (35.1859, 39.8488, "SY09", True),
    "Arak": (34.6431, 38.5691, "SY04", True),
    "T4 airbase": (34.52, 37.63, "SY04", True),
    # Natural Earth puts Al-Tanf in Homs; OCHA COD-AB puts it in Rural Damascus (SY03).
    "Al-Tanf": (33.5, 38.66, "SY04", True),
    "Ithriyah": (35.365, 37.788, "SY05", True),
    "Al-Qaryatayn": (34.230, 37.241, "SY04", True),
    "Al-Resafa": (35.630, 38.758, "SY11", True),
    "Homs": (34.7315, 36.6854, "SY04", False),
    "Hama": (35.1318, 36.7578, "SY05", False),
    "Salamiyah": (35.011, 37.053, "SY05", False),
    "Damascus": (33.5158, 36.2815, "SY01", False),
    "Deir ez-Zor": (35.336, 40.141, "SY09", False),
    "Al-Raqqah": (35.95, 39.01, "SY11", False),
    "Al-Mayadin": (35.021, 40.453, "SY09", False),
    "Albu Kamal": (34.45, 40.9186, "SY09", False),
    "Aleppo": (36.2037, 37.1726, "SY02", False),
    "As-Suwayda": (32.709, 36.5695, "SY13", False),
}

ZONE_IDS = {
    "zone:badia", "zone:homs-desert", "zone:deir-ez-zor-desert", "zone:al-raqqah-desert",
    "zone:hama-desert", "zone:aleppo-desert", "zone:rural-damascus-desert",
    "zone:as-suwayda-desert", "zone:palmyra-desert", "zone:aleppo-hama-raqqah-triangle",
}


@pytest.fixture(scope="module")
def governorates() -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(DATA / "governorates.geojson")


@pytest.fixture(scope="module")
def zones() -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(DATA / "zones.geojson")


@pytest.fixture(scope="module")
def rivers() -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(DATA / "rivers.geojson")


@pytest.fixture(scope="module")
def syria(governorates: gpd.GeoDataFrame) -> shapely.Geometry:
    return shapely.union_all(governorates.geometry.values)


def _zone(zones: gpd.GeoDataFrame, place_id: str) -> shapely.Geometry:
    return zones.loc[zones["place_id"] == place_id].geometry.iloc[0]


def _exteriors_ccw(geom: shapely.Geometry) -> bool:
    polygons = getattr(geom, "geoms", [geom])
    return all(
        p.exterior.is_ccw and all(not ring.is_ccw for ring in p.interiors) for p in polygons
    )


def _max_decimals(path: Path) -> int:
    def walk(obj: object) -> int:
        if isinstance(obj, list):
            return max((walk(v) for v in obj), default=0)
        if isinstance(obj, float):
            text = repr(obj)
            return len(text.split(".")[1]) if "." in text and "e" not in text else 0
        return 0

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return max(walk(f["geometry"]["coordinates"]) for f in features)


# --- governorates ---------------------------------------------------------------------------


def test_fourteen_valid_governorates(governorates: gpd.GeoDataFrame) -> None:
    assert len(governorates) == 14
    assert governorates.geometry.is_valid.all()
    assert not governorates.geometry.is_empty.any()
    assert set(governorates.geom_type) <= {"Polygon", "MultiPolygon"}


def test_governorate_codes(governorates: gpd.GeoDataFrame) -> None:
    assert governorates["pcode"].is_unique and governorates["iso_3166_2"].is_unique
    assert governorates["geonames_id"].is_unique
    assert dict(zip(governorates["pcode"], governorates["iso_3166_2"], strict=True)) == ISO_BY_PCODE
    assert list(governorates["place_id"]) == [f"gov:{p}" for p in governorates["pcode"]]


def test_governorate_properties(governorates: gpd.GeoDataFrame) -> None:
    expected = {"place_id", "name", "name_ar", "iso_3166_2", "pcode", "geonames_id", "aliases",
                "capital_place_id", "geometry"}
    assert set(governorates.columns) == expected
    for row in governorates.itertuples():
        aliases = list(row.aliases)
        assert row.name in aliases and row.name_ar in aliases
        assert any("\u0600" <= ch <= "\u06ff" for ch in row.name_ar)
        assert row.capital_place_id.startswith("place:")
    by_name = dict(zip(governorates["name"], governorates["aliases"], strict=True))
    deir = {"Deir Ezzor", "Dayr az Zawr", "Deir al-Zour", "دير الزور"}
    assert deir <= set(by_name["Deir ez-Zor"])
    assert {"Raqqa", "Ar-Raqqa", "الرقة"} <= set(by_name["Al-Raqqah"])
    assert {"Sweida", "السويداء"} <= set(by_name["As-Suwayda"])


def test_governorates_do_not_overlap(
    governorates: gpd.GeoDataFrame, syria: shapely.Geometry
) -> None:
    total = sum(shapely.area(governorates.geometry.values))  # planar degrees² is enough here
    assert total == pytest.approx(syria.area, rel=1e-4)
    assert syria.geom_type == "Polygon"


@pytest.mark.parametrize("place", sorted(PLACES))
def test_place_in_governorate(governorates: gpd.GeoDataFrame, place: str) -> None:
    lat, lon, pcode, _ = PLACES[place]
    hits = governorates.loc[governorates.geometry.contains(Point(lon, lat)), "pcode"].tolist()
    assert hits == [pcode]


# --- zones ----------------------------------------------------------------------------------


def test_zone_ids_and_properties(zones: gpd.GeoDataFrame) -> None:
    assert set(zones["place_id"]) == ZONE_IDS and zones["place_id"].is_unique
    for row in zones.itertuples():
        assert len(row.aliases) >= 3, row.place_id
        assert any(any("\u0600" <= ch <= "\u06ff" for ch in a) for a in row.aliases)
        assert row.kind in {"badia", "desert_zone", "triangle"}
        assert row.definition and len(row.governorate_pcodes) >= 1
        assert set(row.governorate_pcodes) <= set(ISO_BY_PCODE)


def test_zones_valid_and_inside_syria(zones: gpd.GeoDataFrame, syria: shapely.Geometry) -> None:
    assert zones.geometry.is_valid.all()
    assert not zones.geometry.is_empty.any()
    metric = zones.set_crs(4326, allow_override=True).to_crs(METRIC_CRS)
    assert (metric.geometry.area > 1e9).all()  # every zone > 1,000 km²
    tolerant = syria.buffer(1e-4)
    for row in zones.itertuples():
        assert tolerant.contains(row.geometry), row.place_id


@pytest.mark.parametrize("place", sorted(PLACES))
def test_badia_membership(zones: gpd.GeoDataFrame, place: str) -> None:
    lat, lon, _, inside = PLACES[place]
    assert _zone(zones, "zone:badia").contains(Point(lon, lat)) is inside


def test_desert_zones(zones: gpd.GeoDataFrame) -> None:
    sukhnah, kabajeb, palmyra = (Point(lon, lat) for lat, lon, *_ in (
        PLACES["As-Sukhnah"], PLACES["Kabajeb"], PLACES["Palmyra"]))
    assert _zone(zones, "zone:homs-desert").contains(sukhnah)
    assert _zone(zones, "zone:deir-ez-zor-desert").contains(kabajeb)
    assert not _zone(zones, "zone:homs-desert").contains(kabajeb)
    assert _zone(zones, "zone:palmyra-desert").contains(palmyra)
    ithriyah = Point(PLACES["Ithriyah"][1], PLACES["Ithriyah"][0])
    assert _zone(zones, "zone:aleppo-hama-raqqah-triangle").contains(ithriyah)
    assert _zone(zones, "zone:hama-desert").contains(ithriyah)
    resafa = Point(PLACES["Al-Resafa"][1], PLACES["Al-Resafa"][0])
    assert _zone(zones, "zone:al-raqqah-desert").contains(resafa)
    badia = _zone(zones, "zone:badia").buffer(1e-6)
    for row in zones.loc[zones["kind"] == "desert_zone"].itertuples():
        assert badia.contains(row.geometry), row.place_id


def test_governorate_deserts_match_pcodes(zones: gpd.GeoDataFrame) -> None:
    is_desert = zones["kind"] == "desert_zone"
    singles = zones.loc[is_desert & (zones["place_id"] != "zone:palmyra-desert")]
    assert len(singles) == 7
    for row in singles.itertuples():
        assert len(row.governorate_pcodes) == 1, row.place_id


# --- rivers ---------------------------------------------------------------------------------


def test_euphrates(rivers: gpd.GeoDataFrame) -> None:
    row = rivers.loc[rivers["place_id"] == "river:euphrates"].iloc[0]
    assert row["feature_type"] == "river" and row.geometry.geom_type == "LineString"
    assert {"Euphrates River", "the Euphrates", "Al-Furat", "الفرات"} <= set(row["aliases"])
    line = gpd.GeoSeries([row.geometry], crs=4326).to_crs(METRIC_CRS).iloc[0]
    for town in ("Deir ez-Zor", "Al-Raqqah", "Albu Kamal"):
        lat, lon, *_ = PLACES[town]
        point = gpd.GeoSeries([Point(lon, lat)], crs=4326).to_crs(METRIC_CRS).iloc[0]
        assert line.distance(point) < 5_000, town


def test_badia_keeps_out_of_the_euphrates_valley(zones: gpd.GeoDataFrame,
                                                 rivers: gpd.GeoDataFrame) -> None:
    euphrates = rivers.loc[rivers["place_id"] == "river:euphrates"].geometry.iloc[0]
    both = gpd.GeoSeries([_zone(zones, "zone:badia"), euphrates], crs=4326).to_crs(METRIC_CRS)
    assert both.iloc[0].distance(both.iloc[1]) > 5_000


# --- encoding -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["governorates", "zones"])
def test_polygons_right_hand_wound(name: str) -> None:
    # Read the raw JSON: a GDAL driver might re-wind rings on reading.
    features = json.loads((DATA / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
    for feature in features:
        assert _exteriors_ccw(shape(feature["geometry"])), feature["properties"]["place_id"]


@pytest.mark.parametrize("name", ["governorates", "zones", "rivers"])
def test_files_small_and_rounded(name: str) -> None:
    path = DATA / f"{name}.geojson"
    assert path.stat().st_size < 400_000
    assert _max_decimals(path) <= 5
