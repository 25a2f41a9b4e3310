"""Tests of the embedded curated places (``places.csv``) and highway corridors (``corridors.json``).

Only the csv/json modules are used: these tests check the data files as shipped, fast, and
never read ``../shared``.
"""

from __future__ import annotations

import csv
import json
import math
import re
from functools import cache
from pathlib import Path

import pytest

from gazetteer.embedded import PLACES_COLUMNS
from gazetteer.model import POINT_TYPES

DATA = Path(__file__).resolve().parent.parent / "gazetteer" / "data"
PLACES_CSV = DATA / "places.csv"
CORRIDORS_JSON = DATA / "corridors.json"

HEADER = list(PLACES_COLUMNS)
FEATURE_TYPES = POINT_TYPES
REQUIRED_SLUGS = [
    "damascus",
    "aleppo",
    "homs",
    "hama",
    "latakia",
    "idlib",
    "al-hasakah",
    "deir-ez-zor",
    "tartus",
    "al-raqqah",
    "daraa",
    "as-suwayda",
    "quneitra",
    "palmyra",
    "as-sukhnah",
    "kabajeb",
    "al-shula",
    "furqlus",
    "t4-airbase",
    "arak",
    "al-mayadin",
    "albu-kamal",
    "ithriyah",
    "salamiyah",
    "al-tanf",
]
#: Known positions (lat, lon) that the file must match within 5 km.
KNOWN = {
    "place:homs": (34.7268, 36.7234),
    "place:palmyra": (34.5605, 38.2811),
    "place:as-sukhnah": (34.8853, 38.8713),
    "place:kabajeb": (35.0790, 39.6804),
    "place:al-shula": (35.1859, 39.8488),
    "place:deir-ez-zor": (35.3359, 40.1408),
}
CAPITAL_SEATS = {
    "place:damascus": "SY01",
    "place:aleppo": "SY02",
    "place:homs": "SY04",
    "place:hama": "SY05",
    "place:latakia": "SY06",
    "place:idlib": "SY07",
    "place:al-hasakah": "SY08",
    "place:deir-ez-zor": "SY09",
    "place:tartus": "SY10",
    "place:al-raqqah": "SY11",
    "place:daraa": "SY12",
    "place:as-suwayda": "SY13",
    "place:quneitra": "SY14",
}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def point_to_polyline_km(lat: float, lon: float, line: list[tuple[float, float]]) -> float:
    """Distance in km from a point to a polyline of (lat, lon), in a local flat projection."""
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return ((p[1] - lon) * kx, (p[0] - lat) * ky)

    best = math.inf
    for a, b in zip(line, line[1:], strict=False):
        (ax, ay), (bx, by) = xy(a), xy(b)
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        t = 0.0 if seg2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / seg2))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with PLACES_CSV.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def _by_id() -> dict[str, dict[str, str]]:
    return {r["place_id"]: r for r in _rows()}


@cache
def _corridors() -> tuple[dict, ...]:
    return tuple(json.loads(CORRIDORS_JSON.read_text(encoding="utf-8")))


def _pos(place_id: str) -> tuple[float, float]:
    r = _by_id()[place_id]
    return float(r["lat"]), float(r["lon"])


def test_header_exact() -> None:
    with PLACES_CSV.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == HEADER


def test_at_least_400_rows_unique_ids() -> None:
    rows = _rows()
    assert len(rows) >= 400
    ids = [r["place_id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_source_ids_unique() -> None:
    # the gazetteer collapses records that share a source_id into one place
    sources = [r["source_id"] for r in _rows()]
    assert len(sources) == len(set(sources))


def test_ids_types_sources_and_coordinates() -> None:
    slug = re.compile(r"^place:[a-z0-9]+(?:-[a-z0-9]+)*$")
    for r in _rows():
        assert slug.match(r["place_id"]), r["place_id"]
        assert r["name"].strip(), r["place_id"]
        assert r["feature_type"] in FEATURE_TYPES, r
        assert re.match(r"^(geonames|wof|hiu|wikipedia):\S+$", r["source_id"]), r
        lat, lon = float(r["lat"]), float(r["lon"])
        assert 32.3 <= lat <= 37.35 and 35.6 <= lon <= 42.4, r["place_id"]
        assert re.match(r"^SY(0[1-9]|1[0-4])$", r["governorate_pcode"]), r["place_id"]
        if r["district_pcode"]:
            assert r["district_pcode"].startswith(r["governorate_pcode"]), r["place_id"]
        if r["subdistrict_pcode"]:
            assert r["subdistrict_pcode"].startswith(r["district_pcode"]), r["place_id"]
        assert "" not in r["aliases"].split("|") or not r["aliases"], r["place_id"]
        assert r["population"] == "" or int(r["population"]) > 0


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_required_slug(slug: str) -> None:
    assert f"place:{slug}" in _by_id()


@pytest.mark.parametrize("place_id", sorted(KNOWN))
def test_known_positions(place_id: str) -> None:
    lat, lon = _pos(place_id)
    assert haversine_km(lat, lon, *KNOWN[place_id]) <= 5.0


def test_seats_cover_every_admin_unit() -> None:
    seats = [code for r in _rows() for code in r["seat_of"].split("|") if code]
    assert len(seats) == len(set(seats)), "a P-code has two seats"
    codes = set(seats)
    assert sum(1 for c in codes if len(c) == 8) == 272
    assert sum(1 for c in codes if len(c) == 6) == 62
    assert sum(1 for c in codes if len(c) == 4) >= 13
    for place_id, gov in CAPITAL_SEATS.items():
        assert gov in _by_id()[place_id]["seat_of"].split("|"), place_id


def test_aliases_reporters_use() -> None:
    def names(pid: str) -> set[str]:
        r = _by_id()[pid]
        return {r["name"], *r["aliases"].split("|")}

    assert {"Sokhneh", "Al-Sukhnah", "السخنة"} <= names("place:as-sukhnah")
    assert {"Kaba Jeb", "Kabajib", "كباجب"} <= names("place:kabajeb")
    assert {"Al-Shawla", "الشولا"} <= names("place:al-shula")
    assert {"Deir Ezzor", "Dayr az Zawr", "Deir-ez-Zor", "دير الزور"} <= names("place:deir-ez-zor")
    assert {"Tadmur", "تدمر"} <= names("place:palmyra")
    assert {"T4", "Tiyas", "مطار التيفور"} <= names("place:t4-airbase")
    assert {"Abu Kamal", "Al-Bukamal", "البوكمال"} <= names("place:albu-kamal")
    assert "Ma'arrat al-Nu'man" in names("place:maarat-al-numan")
    assert "Jisr al-Shughur" in names("place:jisr-al-shughur")


def test_corridors_shape_and_waypoints() -> None:
    ids = _by_id()
    seen = set()
    for c in _corridors():
        assert c["place_id"].startswith("corridor:") and c["place_id"] not in seen
        seen.add(c["place_id"])
        assert c["name"] and isinstance(c["aliases"], list) and c["aliases"]
        assert c["ref"] is None or isinstance(c["ref"], str)
        assert len(c["waypoints"]) >= 2
        for w in c["waypoints"]:
            assert w in ids, (c["place_id"], w)
        for a, b in zip(c["waypoints"], c["waypoints"][1:], strict=False):
            assert haversine_km(*_pos(a), *_pos(b)) <= 90.0, (c["place_id"], a, b)
    for required in (
        "corridor:homs-deir-ez-zor",
        "corridor:damascus-palmyra",
        "corridor:damascus-baghdad",
        "corridor:aleppo-deir-ez-zor",
        "corridor:ithriyah-al-raqqah",
        "corridor:salamiyah-ithriyah",
        "corridor:ithriyah-khanasser",
        "corridor:deir-ez-zor-albu-kamal",
    ):
        assert required in seen


def test_homs_deir_ez_zor_corridor() -> None:
    c = next(c for c in _corridors() if c["place_id"] == "corridor:homs-deir-ez-zor")
    assert c["ref"] == "M20"
    assert {"Homs-Deir Ezzor highway", "Homs–Deir Ezzor highway", "M20"} <= set(c["aliases"])
    assert c["waypoints"][0] == "place:homs" and c["waypoints"][-1] == "place:deir-ez-zor"
    line = [_pos(w) for w in c["waypoints"]]
    for pid in ("place:palmyra", "place:as-sukhnah", "place:kabajeb", "place:al-shula"):
        assert point_to_polyline_km(*KNOWN[pid], line) <= 10.0, pid
