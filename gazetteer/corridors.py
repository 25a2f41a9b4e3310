"""Highway corridors: a road as a line through its waypoints, with linear referencing.

A :class:`Corridor` wraps a corridor :class:`~gazetteer.model.Place` (feature type
``corridor``) and the waypoint places it passes through. Its line is the place's own
LineString when it has one (an imported road line), else the polyline through the
waypoints. All distances are computed once on the line projected to UTM zone 37N
(:data:`gazetteer.geo.METRIC_CRS`; scale error < 0.15 % across Syria) and cached, so
kilometre look-ups cost one projection of the query point.

Kilometre 0 is the first waypoint (the start of the line); ``length_km`` is the end.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point
from shapely.ops import linemerge, substring

from gazetteer.geo import from_metric, lonlat_to_metric, metric_to_lonlat, to_metric
from gazetteer.model import Place

logger = logging.getLogger(__name__)

#: Shortest segment :meth:`Corridor.segment` returns (km): a segment between two places that
#: snap to the same kilometre is widened to this length around that kilometre.
MIN_SEGMENT_KM = 1.0


#: :func:`_metric_point` remembers the projection of each (lon, lat) (off: projected
#: every time): the corridors are measured against the same towns again and again.
_REMEMBER_POINTS = True
#: Most projected points remembered (then all forgotten).
_POINTS_SIZE = 4096
_METRIC_POINTS: dict[tuple[float, float], Point] = {}


def _metric_point(lon: float, lat: float) -> Point:
    """The Point of ``(lon, lat)`` in metres (UTM 37N), the same object for the same
    coordinates (shapely geometries are immutable; a zero, whose sign a dictionary key
    would not tell, is projected afresh)."""
    remember = _REMEMBER_POINTS and lon and lat
    if remember:
        found = _METRIC_POINTS.get((lon, lat))
        if found is not None:
            return found
    x, y = lonlat_to_metric(lon, lat)
    point = Point(x, y)
    if remember:
        if len(_METRIC_POINTS) >= _POINTS_SIZE:
            _METRIC_POINTS.clear()
        _METRIC_POINTS[(lon, lat)] = point
    return point


def _as_line(geometry: Any) -> LineString | None:
    """A single LineString from a LineString / MultiLineString, or ``None``."""
    if geometry is None or geometry.is_empty:
        return None
    if isinstance(geometry, LineString):
        return geometry if len(geometry.coords) >= 2 else None
    if isinstance(geometry, MultiLineString):
        merged = linemerge(geometry)
        if isinstance(merged, LineString):
            return merged
        # Disconnected parts: chain them in order (gaps become straight joins).
        coords = [c for part in geometry.geoms for c in part.coords]
        return LineString(coords) if len(coords) >= 2 else None
    return None


class Corridor:
    """A highway as a line through waypoints, with kilometre positions along it.

    Parameters
    ----------
    place
        The corridor place (feature type ``corridor``). Its ``geometry``, when it is a
        LineString (or a mergeable MultiLineString), is the road line.
    waypoints
        The places the road passes through, in road order. Used to build the line when the
        place has no geometry, and for :attr:`waypoint_km`.

    Raises
    ------
    ValueError
        When neither the place's geometry nor the waypoints give a line (fewer than two
        distinct points).

    Examples
    --------
    >>> c = Corridor(road, [homs, palmyra, deir_ez_zor])       # doctest: +SKIP
    >>> round(c.length_km)                                     # doctest: +SKIP
    420
    >>> c.segment_between(kabajeb, sukhnah).length             # doctest: +SKIP
    """

    __slots__ = ("place", "waypoints", "line", "line_m", "length_km", "waypoint_km")

    def __init__(self, place: Place, waypoints: Sequence[Place]) -> None:
        self.place = place
        self.waypoints: list[Place] = list(waypoints)
        line = _as_line(place.geometry)
        if line is None:
            coords = [(w.lon, w.lat) for w in self.waypoints]
            # Drop consecutive duplicates (a waypoint listed twice).
            coords = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
            if len(coords) < 2:
                raise ValueError(
                    f"corridor {place.place_id!r}: needs a LineString geometry or at least two "
                    f"distinct waypoints (got {len(self.waypoints)})")
            line = LineString(coords)
        #: The road line in lon/lat (EPSG:4326).
        self.line: LineString = line
        #: The road line in metres (UTM 37N), the basis of every kilometre figure.
        self.line_m: LineString = to_metric(line)
        #: Length of the road in km.
        self.length_km: float = self.line_m.length / 1000.0
        #: ``(waypoint place, km along the road)`` in waypoint order.
        self.waypoint_km: list[tuple[Place, float]] = [
            (w, self.km_at(w.lon, w.lat)) for w in self.waypoints]

    # -- identity ---------------------------------------------------------------------------
    @property
    def place_id(self) -> str:
        """The corridor's place id (``corridor:homs-deir-ez-zor``)."""
        return self.place.place_id

    @property
    def name(self) -> str:
        """The corridor's preferred name."""
        return self.place.name

    @property
    def geometry(self) -> LineString:
        """The road line in lon/lat (alias of :attr:`line`)."""
        return self.line

    def __repr__(self) -> str:
        return (f"Corridor({self.place.place_id!r}, {len(self.waypoints)} waypoints, "
                f"{self.length_km:.1f} km)")

    # -- linear referencing -------------------------------------------------------------------
    def _point_m(self, lon: float, lat: float) -> Point:
        """``(lon, lat)`` projected to metres, as a Point (see :func:`_metric_point`)."""
        return _metric_point(lon, lat)

    def km_at(self, lon: float, lat: float) -> float:
        """Kilometre along the road of the road point nearest to ``(lon, lat)``.

        Parameters
        ----------
        lon, lat
            Query point in degrees; it need not lie on the road.

        Returns
        -------
        float
            Distance along the road from its start, in ``[0, length_km]``.
        """
        return float(self.line_m.project(self._point_m(lon, lat))) / 1000.0

    def distance_km(self, lon: float, lat: float) -> float:
        """Distance in km from ``(lon, lat)`` to the nearest point of the road."""
        return float(self.line_m.distance(self._point_m(lon, lat))) / 1000.0

    def snap(self, lon: float, lat: float) -> tuple[float, float]:
        """``(km along the road, distance from the road in km)`` of a point."""
        p = self._point_m(lon, lat)
        return (float(self.line_m.project(p)) / 1000.0, float(self.line_m.distance(p)) / 1000.0)

    def kms_at(self, lons: Any, lats: Any) -> np.ndarray:
        """Vectorised :meth:`km_at` for arrays of longitudes and latitudes."""
        x, y = lonlat_to_metric(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        return shapely.line_locate_point(self.line_m, shapely.points(x, y)) / 1000.0

    def distances_km(self, lons: Any, lats: Any) -> np.ndarray:
        """Vectorised :meth:`distance_km` for arrays of longitudes and latitudes."""
        x, y = lonlat_to_metric(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        return shapely.distance(self.line_m, shapely.points(x, y)) / 1000.0

    def _clamp(self, km: float) -> float:
        if math.isnan(km):
            raise ValueError("km is NaN")
        return min(max(float(km), 0.0), self.length_km)

    def point_at(self, km: float) -> tuple[float, float]:
        """The ``(lon, lat)`` of the road at kilometre ``km`` (clamped to the road's ends)."""
        p = self.line_m.interpolate(self._clamp(km) * 1000.0)
        lon, lat = metric_to_lonlat(p.x, p.y)
        return (float(lon), float(lat))

    def segment(self, km_a: float, km_b: float) -> LineString:
        """The part of the road between two kilometres, as a lon/lat LineString.

        The segment runs from ``km_a`` to ``km_b`` (reversed when ``km_a > km_b``); both are
        clamped to ``[0, length_km]``. A segment shorter than :data:`MIN_SEGMENT_KM` is
        widened to that length around its middle, so the result is always a valid line.
        """
        a, b = self._clamp(km_a), self._clamp(km_b)
        if abs(b - a) < MIN_SEGMENT_KM:
            mid = (a + b) / 2.0
            half = min(MIN_SEGMENT_KM, self.length_km) / 2.0
            lo = min(max(mid - half, 0.0), self.length_km - 2 * half)
            a, b = (lo, lo + 2 * half) if a <= b else (lo + 2 * half, lo)
        part = substring(self.line_m, a * 1000.0, b * 1000.0)
        return from_metric(part)

    def segment_between(self, a: Place, b: Place) -> LineString:
        """The road between two places, each snapped to its nearest road point.

        The places may lie off the road (a village a few km from the highway); they are
        projected onto it. The segment runs from ``a``'s kilometre to ``b``'s.
        """
        return self.segment(self.km_at(a.lon, a.lat), self.km_at(b.lon, b.lat))

    def segment_length_km(self, km_a: float, km_b: float) -> float:
        """Length in km of :meth:`segment` ``(km_a, km_b)`` without building it."""
        return max(abs(self._clamp(km_b) - self._clamp(km_a)), min(MIN_SEGMENT_KM,
                                                                    self.length_km))

    def nearest_waypoint(self, lon: float, lat: float) -> tuple[Place, float]:
        """The waypoint nearest along the road to ``(lon, lat)``, and its km offset from it."""
        if not self.waypoint_km:
            raise ValueError(f"corridor {self.place.place_id!r} has no waypoints")
        km = self.km_at(lon, lat)
        place, wkm = min(self.waypoint_km, key=lambda pk: abs(pk[1] - km))
        return place, abs(wkm - km)
