"""Small geographic helpers: the one place that converts (lat, lon) ⇄ (lon, lat).

The gazetteer stores shapely geometries in lon/lat (x, y) order, as GeoJSON does; people and
geopy speak (lat, lon). Convert only here.
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
#: UTM zone 37N covers most of Syria; good enough for km-scale lengths and buffers.
METRIC_CRS = "EPSG:32637"


def to_lonlat(lat: float, lon: float) -> tuple[float, float]:
    """Return ``(lon, lat)`` for a ``(lat, lon)`` pair."""
    return (lon, lat)


def to_latlon(lon: float, lat: float) -> tuple[float, float]:
    """Return ``(lat, lon)`` for a ``(lon, lat)`` pair."""
    return (lat, lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_per_degree(lat: float) -> tuple[float, float]:
    """Kilometres per degree of (longitude, latitude) at latitude ``lat``."""
    ky = math.pi * EARTH_RADIUS_KM / 180.0
    return ky * math.cos(math.radians(lat)), ky
