"""The named regions of ``gazetteer/data/regions.geojson`` (reads only the repository's files).

Regions are defined by member towns (``gazetteer/tools/derive_regions.py``): each polygon must
be valid, inside Syria, hold every member town, have a plausible area, resolve by all its
names, and never take a town's name away from the town.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, shape

from gazetteer import Gazetteer
from gazetteer.embedded import DATA_DIR
from gazetteer.normalize import normalize_name

REGIONS_PATH = DATA_DIR / "regions.geojson"

#: Plausible area (km², min-max) of each region: the real extent of the region as reporters
#: use it, allowing for the buffer around the member towns.
AREA_RANGES_KM2: dict[str, tuple[float, float]] = {
    "eastern-ghouta": (150, 550),  # enclave ~100 km² (2018); the whole Ghouta farmland more
    "western-ghouta": (150, 550),  # Darayya - Qatana - Kanaker
    "wadi-barada": (40, 200),  # a ~10 km valley
    "qalamoun": (1200, 4000),  # the whole mountain region between Damascus and Homs
    "eastern-qalamoun": (250, 1000),  # Dumayr - Nasiriyah foothills
    "western-qalamoun": (500, 2000),  # Rankous - Qara along the Lebanese border
    "mount-hermon": (150, 700),  # the Syrian slopes
    "yarmouk-basin": (150, 700),  # the Jaish Khalid pocket was ~250 km²
    "lajat": (500, 1600),  # the basalt plateau is ~900 km²
    "jabal-al-zawiya": (250, 900),
    "jabal-al-akrad": (120, 600),
    "jabal-al-turkman": (120, 700),
    "ghab": (300, 1100),  # ~60 x 10-15 km plain
    "houla": (50, 250),
    "northern-homs-countryside": (250, 1000),  # Rastan - Talbiseh - Houla pocket
    "euphrates-valley": (3000, 8000),  # ~290 km of river, ~16 km wide
}

#: Names (Latin, variant, Arabic) that must resolve to the region.
ALIASES: list[tuple[str, str]] = [
    ("Eastern Ghouta", "eastern-ghouta"), ("Eastern Ghota", "eastern-ghouta"),
    ("East Ghouta", "eastern-ghouta"), ("Ghouta", "eastern-ghouta"),
    ("الغوطة الشرقية", "eastern-ghouta"),
    ("Western Ghouta", "western-ghouta"), ("الغوطة الغربية", "western-ghouta"),
    ("Wadi Barada", "wadi-barada"), ("وادي بردى", "wadi-barada"),
    ("Qalamoun", "qalamoun"), ("Qalamoon", "qalamoun"), ("Qalamon", "qalamoun"),
    ("القلمون", "qalamoun"),
    ("Eastern Qalamoun", "eastern-qalamoun"), ("Eastern Qalamoon", "eastern-qalamoun"),
    ("East Qalamoun", "eastern-qalamoun"), ("القلمون الشرقي", "eastern-qalamoun"),
    ("Western Qalamoun", "western-qalamoun"), ("Jroud al-Qalamoun", "western-qalamoun"),
    ("جرود القلمون", "western-qalamoun"),
    ("Mount Hermon", "mount-hermon"), ("Jabal al-Sheikh", "mount-hermon"),
    ("جبل الشيخ", "mount-hermon"),
    ("Yarmouk Basin", "yarmouk-basin"), ("Yarmouk Valley", "yarmouk-basin"),
    ("حوض اليرموك", "yarmouk-basin"),
    ("Lajat", "lajat"), ("Leja", "lajat"), ("Laja", "lajat"), ("اللجاة", "lajat"),
    ("Jabal al-Zawiya", "jabal-al-zawiya"), ("Jabal Zawiya", "jabal-al-zawiya"),
    ("جبل الزاوية", "jabal-al-zawiya"),
    ("Jabal al-Akrad", "jabal-al-akrad"), ("Kurd Mountain", "jabal-al-akrad"),
    ("جبل الأكراد", "jabal-al-akrad"),
    ("Jabal al-Turkman", "jabal-al-turkman"), ("Turkmen Mountain", "jabal-al-turkman"),
    ("جبل التركمان", "jabal-al-turkman"),
    ("Ghab plain", "ghab"), ("Sahl al-Ghab", "ghab"), ("Ghab", "ghab"), ("سهل الغاب", "ghab"),
    ("Houla plain", "houla"), ("سهل الحولة", "houla"),
    ("Rastan pocket", "northern-homs-countryside"),
    ("ريف حمص الشمالي", "northern-homs-countryside"),
    ("Euphrates valley", "euphrates-valley"), ("وادي الفرات", "euphrates-valley"),
]

#: Towns inside a region that must still resolve to the town, not the region.
TOWNS_INSIDE: list[tuple[str, str]] = [
    ("Douma", "eastern-ghouta"), ("Harasta", "eastern-ghouta"),
    ("Darayya", "western-ghouta"), ("Yabroud", "western-qalamoun"),
    ("Jayrud", "eastern-qalamoun"), ("Kafr Nabl", "jabal-al-zawiya"),
    ("Beit Jinn", "mount-hermon"), ("Tasil", "yarmouk-basin"),
    ("Al-Rastan", "northern-homs-countryside"),
    ("Houla", "houla"), ("Yarmouk", "yarmouk-basin"), ("Euphrates", "euphrates-valley"),
    ("Al-Mayadin", "euphrates-valley"),
]

_TO_M = Transformer.from_crs("EPSG:4326", "EPSG:32637", always_xy=True)


def _area_km2(geom: Any) -> float:
    metric = shapely.transform(geom, lambda x, y: _TO_M.transform(x, y), interleaved=False)
    return metric.area / 1e6


@pytest.fixture(scope="module")
def features() -> list[dict[str, Any]]:
    data = json.loads(REGIONS_PATH.read_text(encoding="utf-8"))
    return data["features"]


@pytest.fixture(scope="module")
def syria() -> Any:
    data = json.loads((DATA_DIR / "governorates.geojson").read_text(encoding="utf-8"))
    return shapely.union_all([shape(f["geometry"]) for f in data["features"]])


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _slug(feature: dict[str, Any]) -> str:
    return feature["properties"]["place_id"].removeprefix("region:")


def test_every_documented_region_is_there(features: list[dict[str, Any]]) -> None:
    assert sorted(_slug(f) for f in features) == sorted(AREA_RANGES_KM2)


def test_properties(features: list[dict[str, Any]]) -> None:
    for f in features:
        p = f["properties"]
        assert p["place_id"].startswith("region:")
        assert p["kind"] == "region"
        assert p["name"] and p["name_ar"]
        assert isinstance(p["aliases"], list) and p["name"] in p["aliases"]
        assert p["name_ar"] in p["aliases"]
        assert any(any("\u0600" <= c <= "\u06ff" for c in a) for a in p["aliases"])
        assert p["governorate_pcodes"] and all(c.startswith("SY") for c in
                                               p["governorate_pcodes"])
        assert "buffered by" in p["definition"]
        assert len(p["members"]) >= 5
        assert len(p["members"]) == len(p["members_lonlat"])
        assert all(m.startswith(("wof:", "gn:")) for m in p["members"])
        assert len(set(p["members"])) == len(p["members"])


def test_geometry_valid_inside_syria(features: list[dict[str, Any]], syria: Any) -> None:
    outline = syria.buffer(1e-4)
    for f in features:
        geom = shape(f["geometry"])
        assert geom.is_valid, _slug(f)
        assert geom.geom_type in ("Polygon", "MultiPolygon"), _slug(f)
        assert outline.contains(geom), _slug(f)


def test_contains_member_towns(features: list[dict[str, Any]]) -> None:
    for f in features:
        geom = shape(f["geometry"])
        for lon, lat in f["properties"]["members_lonlat"]:
            assert geom.contains(Point(lon, lat)), (_slug(f), lon, lat)


def test_area_plausible(features: list[dict[str, Any]]) -> None:
    for f in features:
        low, high = AREA_RANGES_KM2[_slug(f)]
        area = _area_km2(shape(f["geometry"]))
        assert low <= area <= high, (_slug(f), round(area))


def test_curated_members_agree_with_places_csv(features: list[dict[str, Any]],
                                                gaz: Gazetteer) -> None:
    """A member that is also a curated place (same WOF id) lies where places.csv has it."""
    by_source = {p.source_id: p for p in gaz.places if p.source_id}
    checked = 0
    for f in features:
        for member, (lon, lat) in zip(f["properties"]["members"],
                                      f["properties"]["members_lonlat"], strict=True):
            place = by_source.get(member)
            if place is None:
                continue
            checked += 1
            assert abs(place.lon - lon) < 0.08 and abs(place.lat - lat) < 0.08, member
            assert shape(f["geometry"]).contains(Point(place.lon, place.lat)), member
    assert checked >= 5


@pytest.mark.parametrize(("name", "slug"), ALIASES)
def test_aliases_resolve_to_region(gaz: Gazetteer, name: str, slug: str) -> None:
    res = gaz.resolve(name)
    assert res.place is not None and res.place.place_id == f"region:{slug}", (
        name, res.place and res.place.place_id)


def test_every_alias_resolves(gaz: Gazetteer, features: list[dict[str, Any]]) -> None:
    """Every alias of a region that is not also a curated place's name resolves to it."""
    other_keys = {normalize_name(n) for p in gaz.places
                  if not p.place_id.startswith("region:") for n in p.names}
    for f in features:
        p = f["properties"]
        for alias in p["aliases"]:
            if normalize_name(alias) in other_keys:
                continue
            res = gaz.resolve(alias)
            assert res.place is not None and res.place.place_id == p["place_id"], alias


@pytest.mark.parametrize(("town", "slug"), TOWNS_INSIDE)
def test_towns_keep_their_names(gaz: Gazetteer, town: str, slug: str) -> None:
    res = gaz.resolve(town)
    assert res.place is not None and not res.place.place_id.startswith("region:"), town
    assert res.place.place_id != f"region:{slug}"


def test_regions_are_area_places_not_admin_or_zones(gaz: Gazetteer) -> None:
    region = gaz.get("region:eastern-ghouta")
    assert region.feature_type == "region" and region.is_area
    assert region.geometry is not None
    assert region.attributes["members"]
    assert all(not z.place_id.startswith("region:") for z in gaz.zones())
    assert all(not g.place_id.startswith("region:") for g in gaz.governorates())
    # A point in the Eastern Ghouta is still in Rural Damascus, and in no desert zone.
    admin = gaz.areas.admin_at(36.45, 33.52)
    assert admin["governorate"] is not None
    assert admin["governorate"].place_id == "gov:SY03"
    assert gaz.areas.zone_at(36.45, 33.52) is None


def test_regions_file_is_reproducible_from_the_tool(tmp_path: Path) -> None:
    """The committed file is what ``derive_regions.py`` writes (byte for byte)."""
    import importlib.util
    import sys

    tools = Path(__file__).resolve().parents[1] / "gazetteer" / "tools"
    spec = importlib.util.spec_from_file_location("derive_regions", tools / "derive_regions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(tools))
    try:
        spec.loader.exec_module(module)
        out = tmp_path / "regions.geojson"
        assert module.main(["-o", str(out)]) == 0
    finally:
        sys.path.remove(str(tools))
    assert out.read_bytes() == REGIONS_PATH.read_bytes()
