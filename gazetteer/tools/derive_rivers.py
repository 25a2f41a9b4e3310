"""Derive ``gazetteer/data/rivers.geojson``: the Euphrates, Khabur and Orontes as lines.

Each river is an ordered list of waypoints, downstream, written here as facts: a town on or
beside the river with its GeoNames id (``gn``) and/or Who's On First id (``wof``), coordinates
as published by GeoNames / WOF (``whosonfirst-data-admin-sy``), rounded to 5 decimals. The
line joins them, so it follows the river to within a few kilometres (towns sit on either bank
and the line cuts meanders); it is meant for "on the Euphrates", "along the Khabur" and for
measuring how far a place is from a river, not for cartography.

Run from the repository root (no input needed)::

    .venv/bin/python gazetteer/tools/derive_rivers.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NamedTuple

from shapely.geometry import LineString

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geojson_writer import write_features  # noqa: E402  (sibling tool module)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "gazetteer" / "data" / "rivers.geojson"


class Waypoint(NamedTuple):
    """A place on a river: name, latitude, longitude and the id the coordinates come from."""

    name: str
    lat: float
    lon: float
    source_id: str


#: The Euphrates in Syria, from the Turkish border (Jarabulus) to the Iraqi border (Al-Baghuz).
#: Between Qal'at Najm and Al-Thawrah (Tabqa) the line crosses Lake Tishrin and Lake Assad.
EUPHRATES: tuple[Waypoint, ...] = (
    Waypoint("Jarabulus", 36.81750, 38.01111, "gn:169179 wof:1125967369"),  # right bank
    Waypoint("Shuyukh Tahtani", 36.75059, 38.07676, "gn:164159 wof:1360169155"),  # left
    Waypoint("Qarah Qawzaq", 36.63616, 38.22416, "gn:166079 wof:1309696799"),  # M4 bridge
    Waypoint("Qal'at Najm", 36.55405, 38.25840, "gn:166190 wof:1277066515"),  # right bank
    Waypoint("Al-Khafsah", 36.23110, 38.02172, "gn:168422 wof:1242963037"),  # Lake Assad W
    Waypoint("Maskanah", 35.96577, 38.04165, "gn:167080 wof:1209504851"),  # Lake Assad SW
    Waypoint("Dibsi Faraj", 35.91617, 38.23002, "gn:170679 wof:1344262907"),  # Lake Assad S
    Waypoint("Qal'at Ja'bar (Old Jabbar)", 35.88801, 38.51008, "gn:6886 wof:1293390515"),
    Waypoint("Al-Thawrah (Tabqa)", 35.83453, 38.54659, "gn:172374 wof:890449887"),  # dam
    Waypoint("Hunaydah", 35.83234, 38.69938, "gn:6852 wof:1343762537"),
    Waypoint("Al-Raqqah", 35.95283, 39.00788, "gn:172955 wof:421172833"),  # left bank
    Waypoint("Al-Karamah", 35.86865, 39.27803, "gn:4273 wof:1277074753"),  # left bank
    Waypoint("Ma'dan", 35.75520, 39.59835, "gn:167538 wof:1309930097"),  # right bank
    Waypoint("Halabiyah", 35.67355, 39.82585, "gn:170061 wof:1292997399"),  # gorge
    Waypoint("Shumaytiyah", 35.51667, 39.96667, "gn:164206 wof:1242674481"),
    Waypoint("Deir ez-Zor", 35.33588, 40.14084, "gn:170794 wof:421202167"),  # right bank
    Waypoint("Khusham", 35.30088, 40.28916, "gn:167899 wof:1276330927"),  # left bank
    Waypoint("Muhassan", 35.23349, 40.31660, "gn:162284 wof:1209807209"),  # right bank
    Waypoint("Al-Busayrah", 35.15618, 40.42716, "gn:173927 wof:1226134263"),  # Khabur mouth
    Waypoint("Al-Mayadin", 35.02089, 40.45346, "gn:173480 wof:1125980167"),  # right bank
    Waypoint("Al-Asharah", 34.92133, 40.56007, "gn:174036 wof:1243193555"),  # right bank
    Waypoint("Subaykhan", 34.85444, 40.60833, "gn:164025 wof:421167009"),
    Waypoint("As-Salihiyah", 34.74422, 40.73842, "wof:421190391"),  # right bank
    Waypoint("Hajin", 34.69270, 40.82700, "gn:174506 wof:890449895"),  # left bank
    Waypoint("As-Susah", 34.53366, 40.95819, "gn:172415 wof:1209812425"),  # left bank
    Waypoint("Albu Kamal", 34.45000, 40.91861, "gn:174448 wof:890449891"),  # right bank
    Waypoint("Hawijat al-Baghuz", 34.42402, 40.97792, "gn:384696 wof:1243360577"),  # island
)

#: The Khabur, from its springs at Ras al-Ayn to the Euphrates at Al-Busayrah.
KHABUR: tuple[Waypoint, ...] = (
    Waypoint("Ras al-Ayn", 36.85034, 40.07055, "gn:165509 wof:1276457637"),
    Waypoint("Tell Tamer", 36.65556, 40.37079, "gn:163434 wof:1327435755"),
    Waypoint("Al-Hasakah", 36.50237, 40.74772, "gn:173811 wof:421168649"),
    Waypoint("Al-Shaddadi", 36.05756, 40.73478, "gn:172837 wof:1259983725"),
    Waypoint("Markadah", 35.74607, 40.75304, "gn:167208 wof:1225859001"),
    Waypoint("As-Suwar", 35.50603, 40.65671, "gn:172413 wof:1209812331"),
    Waypoint("Al-Busayrah", 35.15618, 40.42716, "gn:173927 wof:1226134263"),
)

#: The Orontes (Al-Asi) in Syria, from Al-Qusayr near the Lebanese border to Darkush, where
#: it turns north-west towards the Turkish border (the last ~25 km are not drawn).
ORONTES: tuple[Waypoint, ...] = (
    Waypoint("Al-Qusayr", 34.50914, 36.57975, "gn:173322 wof:421178435"),
    Waypoint("Qattinah (Lake Qattinah)", 34.64739, 36.62734, "gn:165907 wof:1276314203"),
    Waypoint("Homs", 34.73153, 36.68545, "gn:169577 wof:421168647"),  # river W of the city
    Waypoint("Al-Rastan", 34.92653, 36.73238, "gn:172946 wof:421178433"),  # dam
    Waypoint("Hama", 35.13179, 36.75783, "gn:170017 wof:421202161"),
    Waypoint("Muhradah", 35.24790, 36.57250, "gn:166742 wof:1292989737"),
    Waypoint("Shayzar", 35.26301, 36.56200, "gn:164300 wof:1277060107"),
    Waypoint("Qal'at al-Madiq", 35.41465, 36.39085, "gn:166227 wof:1276435799"),  # Ghab
    Waypoint("Jisr al-Shughur", 35.81426, 36.32062, "gn:169023 wof:890449849"),
    Waypoint("Darkush", 35.99180, 36.39361, "gn:170865 wof:1276955567"),
)

RIVERS: tuple[dict[str, Any], ...] = (
    {
        "place_id": "river:euphrates", "name": "Euphrates", "name_ar": "الفرات",
        "aliases": ["Euphrates", "Euphrates River", "River Euphrates", "the Euphrates",
                    "Al-Furat", "Furat", "Nahr al-Furat", "Firat", "الفرات", "نهر الفرات"],
        "waypoints": EUPHRATES,
    },
    {
        "place_id": "river:khabur", "name": "Khabur", "name_ar": "الخابور",
        "aliases": ["Khabur", "Khabur River", "River Khabur", "the Khabur", "Al-Khabur",
                    "Khabour", "Al-Khabour", "Khaboor", "Habur", "الخابور", "نهر الخابور"],
        "waypoints": KHABUR,
    },
    {
        "place_id": "river:orontes", "name": "Orontes", "name_ar": "العاصي",
        "aliases": ["Orontes", "Orontes River", "River Orontes", "the Orontes", "Al-Asi",
                    "Asi", "Assi", "Al-Assi", "Nahr al-Asi", "العاصي", "نهر العاصي"],
        "waypoints": ORONTES,
    },
)


def river_line(waypoints: tuple[Waypoint, ...]) -> LineString:
    """Return the LineString (lon/lat) through ``waypoints`` in order."""
    return LineString([(w.lon, w.lat) for w in waypoints])


def build_features() -> list[dict[str, Any]]:
    """Build the river features (properties and geometry)."""
    features = []
    for river in RIVERS:
        waypoints = river["waypoints"]
        props = {
            "place_id": river["place_id"],
            "name": river["name"],
            "name_ar": river["name_ar"],
            "aliases": river["aliases"],
            "feature_type": "river",
            "waypoints": [w.name for w in waypoints],
            "source_ids": [w.source_id for w in waypoints],
        }
        features.append({"properties": props, "geometry": river_line(waypoints)})
    return features


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    features = build_features()
    write_features(features, args.output)
    print(f"wrote {len(features)} rivers to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
