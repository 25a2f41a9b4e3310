"""Small geographic helpers: the one place that converts (lat, lon) ⇄ (lon, lat).

The gazetteer stores shapely geometries in lon/lat (x, y) order, as GeoJSON does; people and
geopy speak (lat, lon). Convert only here.
"""

from __future__ import annotations

import math
from typing import Any

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



# --- metric projection helpers -------------------------------------------------------------
# pyproj and shapely are imported inside the functions so that ``import gazetteer.geo`` stays
# light; the two transformers are built once (building one costs milliseconds).

_TRANSFORMERS: tuple[Any, Any] | None = None


def _transformer(*, inverse: bool = False) -> Any:
    global _TRANSFORMERS
    if _TRANSFORMERS is None:
        from pyproj import Transformer

        _TRANSFORMERS = (
            Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True),
            Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True),
        )
    return _TRANSFORMERS[1 if inverse else 0]


def _apply(geom: Any, transformer: Any) -> Any:
    import numpy as np
    import shapely

    def _xy(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _xy)


#: Most projections :func:`to_metric` remembers of each kind (then all of that kind forgotten).
_METRIC_MEMO_SIZE = 4096
#: :func:`to_metric` remembers the projection of each geometry object it is given, and of
#: each 2-D point by its coordinates (off: every geometry projected). Shapely geometries are
#: immutable: the places' outlines and points are projected again and again otherwise.
_REMEMBER_METRIC = True
#: id of a geometry → (the geometry, kept so that its id stays its own; its projection).
_METRIC_OF_OBJECT: dict[int, tuple[Any, Any]] = {}
#: (x, y, sign of x, sign of y) of a 2-D point → its projection.
_METRIC_OF_POINT: dict[tuple[float, float, float, float], Any] = {}


def to_metric(geom: Any) -> Any:
    """Project a lon/lat shapely geometry (or an array of them) to :data:`METRIC_CRS`.

    Parameters
    ----------
    geom
        shapely geometry, or numpy array of geometries, in lon/lat (EPSG:4326).

    Returns
    -------
    shapely geometry (or array)
        The same geometry with x/y in metres (UTM zone 37N); a geometry projected before
        (the same object, or a 2-D point with the same coordinates) gives the same result
        object.
    """
    geom_type = getattr(geom, "geom_type", None) if _REMEMBER_METRIC else None
    if geom_type is None:  # an array, or nothing remembered
        return _apply(geom, _transformer())
    if geom_type == "Point" and not geom.is_empty and not geom.has_z:
        x, y = geom.x, geom.y
        key = (x, y, math.copysign(1.0, x), math.copysign(1.0, y))
        found = _METRIC_OF_POINT.get(key)
        if found is None:
            found = _apply(geom, _transformer())
            if len(_METRIC_OF_POINT) >= _METRIC_MEMO_SIZE:
                _METRIC_OF_POINT.clear()
            _METRIC_OF_POINT[key] = found
        return found
    held = _METRIC_OF_OBJECT.get(id(geom))
    if held is not None and held[0] is geom:
        return held[1]
    found = _apply(geom, _transformer())
    if len(_METRIC_OF_OBJECT) >= _METRIC_MEMO_SIZE:
        _METRIC_OF_OBJECT.clear()
    _METRIC_OF_OBJECT[id(geom)] = (geom, found)
    return found


def from_metric(geom: Any) -> Any:
    """Inverse of :func:`to_metric`: a geometry in metres (UTM 37N) back to lon/lat."""
    return _apply(geom, _transformer(inverse=True))


def lonlat_to_metric(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Project lon/lat (floats or numpy arrays) to metric x/y in metres (UTM 37N)."""
    return _transformer().transform(lon, lat)


def metric_to_lonlat(x: Any, y: Any) -> tuple[Any, Any]:
    """Inverse of :func:`lonlat_to_metric`: metres (UTM 37N) to lon/lat."""
    return _transformer(inverse=True).transform(x, y)
