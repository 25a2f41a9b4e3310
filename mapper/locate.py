"""Place expression → :class:`~mapper.schema.Location`: geometry, precision and uncertainty.

:func:`locate` turns what the extractor read ("near Palmyra", "on the Homs–Deir Ezzor
highway between Kabajeb and Al-Sukhnah", "the Homs desert", "western Deir Ezzor") into a
geometry and says how precise it is (docs/architecture.md, "Location semantics"):

==============  ====================================================  =====  =====  ===========
kind            geometry                                              geo    where  uncertainty
==============  ====================================================  =====  =====  ===========
``place``       Point of the place                                    1      1      0.5–2 km
``near``        Point of X; the radius says how far around            2      2      10–25 km
``segment``     the corridor between the extreme named places         2      5      half length
``corridor``    the whole corridor line (3 when longer than 100 km)   2/3    5      half length
``zone``        zone polygon; several zones → their union             3      5      radius
``direction``   the matching half of a governorate (see below)        3      4      radius
``governorates`` union of governorate polygons ("the Syrian desert"   3      4      radius
                → the Badia zone, where_prec 5)
==============  ====================================================  =====  =====  ===========

Representative point: the point itself, the midpoint *along* a line, a polygon's
``representative_point()`` (always inside). ``uncertainty_km`` is the radius around that point
holding the whole geometry (half the length for a line), rounded to 0.1 km.

Directions. "western Deir Ezzor" is the part of the governorate polygon west of the
north–south line through its centroid: the polygon intersected with the half-plane
``(p - c) · d >= 0`` where ``c`` is the centroid and ``d`` the direction's unit vector, in
metres (UTM 37N). Diagonals ("north-eastern") use the diagonal vector; "central" is the
polygon scaled by one half about its centroid, intersected with the polygon. A half-plane
through the centroid keeps about half the governorate: coarse, but it never cuts off the
places reports mean (a third by longitude would drop Kabajeb from "western Deir Ezzor"
for a few km of error in the Natural Earth outline).

Multi-area records (several zones or governorates) get ``place_id`` = the place ids joined
with ``,`` (place ids never contain commas), and ``name`` = "A, B and C".

When nothing resolves :func:`locate` returns ``None``; :func:`explain_unlocated` (or
:func:`locate_with_reason`) says why, for ``Incident.unlocated_reason``.
"""

from __future__ import annotations

import logging
import math
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely import affinity
from shapely.errors import GEOSException
from shapely.geometry import LineString, Point, Polygon

from gazetteer.geo import from_metric, to_metric
from gazetteer.model import AREA_TYPES, FEATURE_TYPES, LINE_TYPES, Place, ResolveContext
from mapper.schema import Location, PlaceExpression

logger = logging.getLogger(__name__)

__all__ = ["locate", "locate_with_reason", "explain_unlocated", "representative_point",
           "uncertainty_km", "direction_part", "KINDS"]

#: Expression kinds :func:`locate` understands (anything else is read as ``place``).
KINDS: tuple[str, ...] = ("place", "near", "corridor", "segment", "zone", "direction",
                          "governorates")

#: Feature types that are points.
POINT_TYPES: frozenset[str] = frozenset(FEATURE_TYPES) - AREA_TYPES - LINE_TYPES
ZONE_TYPES: frozenset[str] = frozenset({"zone", "region"})
#: Areas a name used as a place may mean when no point matches it as well.
AREA_NAME_TYPES: frozenset[str] = frozenset({"zone", "region", "district", "subdistrict"})
#: How much better an area's match must be than the best point's to be taken instead, and
#: the confidence of a point beyond which no area is looked for.
AREA_MARGIN = 0.1
SURE_POINT = 0.85
#: Confidence of a place taken from the extractor's mention when the resolver ranked none.
MENTION_CONFIDENCE = 0.7
#: :meth:`_Locator.better_area` asks the gazetteer whether an area may be sure enough
#: before resolving the name as one (off: always resolved).
_SKIP_UNREACHABLE = True
GOVERNORATE_TYPES: frozenset[str] = frozenset({"governorate"})
CORRIDOR_TYPES: frozenset[str] = frozenset({"corridor"})

#: A named place farther than this from a corridor is not "on" it (km).
MAX_OFFROAD_KM = 40.0
#: Half-length of the stretch of road used when only one named place lies on the corridor.
SINGLE_PLACE_HALF_KM = 10.0
#: A corridor longer than this is a "long road" (geo_precision 3 when it is the whole road).
LONG_ROAD_KM = 100.0
#: Uncertainty radius (km) for a point place by feature type (default 1 km).
POINT_UNCERTAINTY_KM: dict[str, float] = {"city": 2.0, "neighbourhood": 0.5, "airbase": 1.5,
                                          "oil_field": 2.0, "gas_field": 2.0, "mountain": 2.0}
#: Radius for "near X" / "X outskirts" (km) and for "X countryside" / "X desert".
NEAR_KM = 10.0
COUNTRYSIDE_KM = 25.0
COUNTRYSIDE_SMALL_KM = 15.0

_WIDE_RE = re.compile(r"countryside|desert|badia|rural|\barea\b|region|surround|environ|"
                      r"\brif\b|reef|ريف|بادية", re.IGNORECASE)
_BADIA_RE = re.compile(r"syrian\s+desert|\bbadia\b|\bbadiya|\bbadiyah|بادية|البادية",
                       re.IGNORECASE)
_THE_RE = re.compile(r"^\s*(in|on|at|near|of)?\s*the\s+", re.IGNORECASE)
_ROAD_RE = re.compile(r"\b(highway|road|motorway|route|freeway)\b|^m\s?\d+$|الطريق|طريق",
                      re.IGNORECASE)
_DIRECTION_RE = re.compile(
    r"\b(north|south)?[\s-]?(east|west)(ern)?\b|\b(north|south)(ern)?\b|\bcentral\b|"
    r"\bcentre\b|\bcenter\b|\bmiddle\b", re.IGNORECASE)
# "... in western", "... of the eastern", "in the countryside of": a governorate named after
# this inside a segment expression is context, not an end of the segment.
_CONTEXT_BEFORE_RE = re.compile(
    r"\b(in|of|across)\s+(the\s+)?((north|south)?[\s-]?(east|west)ern\s+|northern\s+|"
    r"southern\s+|central\s+)?(countryside\s+of\s+|desert\s+of\s+)?$", re.IGNORECASE)


# -- geometry helpers ------------------------------------------------------------------------------
#: :func:`representative_point` remembers the point of each geometry object (off: worked
#: out every time); a place's outline comes back for every expression that names it.
_REMEMBER_REPRESENTATIVE = True
#: Most representative points remembered (then all forgotten).
_REPRESENTATIVE_SIZE = 4096
#: id of a geometry → (the geometry, kept so that its id stays its own; its point).
_REPRESENTATIVE: dict[int, tuple[Any, tuple[float, float]]] = {}


def representative_point(geom: Any) -> tuple[float, float]:
    """The ``(lon, lat)`` that stands for a geometry in tables and clusters.

    A point is itself; a line its midpoint measured along the line (in metres); a polygon
    its ``representative_point()`` (guaranteed inside, unlike the centroid).
    """
    if not _REMEMBER_REPRESENTATIVE:
        return _representative_point(geom)
    held = _REPRESENTATIVE.get(id(geom))
    if held is not None and held[0] is geom:
        return held[1]
    point = _representative_point(geom)
    if len(_REPRESENTATIVE) >= _REPRESENTATIVE_SIZE:
        _REPRESENTATIVE.clear()
    _REPRESENTATIVE[id(geom)] = (geom, point)
    return point


def _representative_point(geom: Any) -> tuple[float, float]:
    if geom.geom_type == "Point":
        return (geom.x, geom.y)
    if geom.geom_type in ("LineString", "MultiLineString", "LinearRing"):
        m = to_metric(geom)
        if geom.geom_type == "MultiLineString":
            m = shapely.line_merge(m)
        if m.geom_type == "MultiLineString":  # disconnected: the longest part's middle
            m = max(m.geoms, key=lambda g: g.length)
        p = from_metric(m.interpolate(0.5, normalized=True))
        # A straight metric edge is not exactly straight in lon/lat (tens of metres over a
        # long leg): put the point back on the lon/lat line.
        p = geom.interpolate(geom.project(p))
        return (p.x, p.y)
    p = geom.representative_point()
    return (p.x, p.y)


#: :func:`uncertainty_km` remembers its answer per geometry object and point (off: worked
#: out every time). Shapely geometries are immutable, and a place's outline comes back
#: for every expression that names it.
_REMEMBER_RADII = True
#: Most radii remembered (then all forgotten).
_RADII_SIZE = 4096
#: (id of a geometry, x, y, signs of x and y) → (the geometry, kept so that its id stays
#: its own; the radius).
_RADII: dict[tuple[int, float, float, float, float], tuple[Any, float]] = {}


def uncertainty_km(geom: Any, point: tuple[float, float]) -> float:
    """Radius (km, 0.1 km steps, rounded up) around ``point`` that holds ``geom``.

    For a line this is half its length (as the architecture notes define it: the distance
    along the road to either end of a midpoint); for a polygon the distance from the point
    to its farthest vertex; for a point 0.
    """
    if not _REMEMBER_RADII:
        return _radius_km(geom, point)
    try:
        x, y = point[0], point[1]
        key = (id(geom), x, y, math.copysign(1.0, x), math.copysign(1.0, y))
        held = _RADII.get(key)
    except TypeError:  # coordinates that are not numbers: not remembered
        return _radius_km(geom, point)
    if held is not None and held[0] is geom:
        return held[1]
    km = _radius_km(geom, point)
    if len(_RADII) >= _RADII_SIZE:
        _RADII.clear()
    _RADII[key] = (geom, km)
    return km


def _radius_km(geom: Any, point: tuple[float, float]) -> float:
    if geom.geom_type == "Point":
        return 0.0
    gm = to_metric(geom)
    if geom.geom_type in ("LineString", "MultiLineString", "LinearRing"):
        km = gm.length / 2000.0
    else:
        pm = to_metric(Point(point))
        km = shapely.hausdorff_distance(pm, gm) / 1000.0
    return math.ceil(km * 10.0 - 1e-9) / 10.0


def _direction_vector(qualifier: str) -> tuple[float, float] | None:
    q = qualifier.lower()
    if any(w in q for w in ("central", "centre", "center", "middle")):
        return (0.0, 0.0)
    dx = (1.0 if "east" in q else 0.0) - (1.0 if "west" in q else 0.0)
    dy = (1.0 if "north" in q else 0.0) - (1.0 if "south" in q else 0.0)
    if dx == 0 and dy == 0:
        return None
    n = math.hypot(dx, dy)
    return (dx / n, dy / n)


def direction_part(geom: Any, qualifier: str) -> Any | None:
    """The part of an area named by a direction ("western", "north-eastern", "central").

    Parameters
    ----------
    geom
        (Multi)Polygon in lon/lat.
    qualifier
        Text holding a direction word: ``west``/``western``, ``north-east``, ``central`` ...

    Returns
    -------
    shapely geometry or None
        The polygon intersected with the half-plane on that side of its centroid (or the
        middle half for "central"), in lon/lat; ``None`` when the qualifier names no
        direction.
    """
    vec = _direction_vector(qualifier)
    if vec is None:
        return None
    key = (id(geom), vec)
    cached = _DIRECTION_PARTS.get(key)
    if cached is not None and cached[0] is geom:
        return cached[1]
    part = _direction_part(geom, vec)
    if len(_DIRECTION_PARTS) >= 4096:
        _DIRECTION_PARTS.clear()
    _DIRECTION_PARTS[key] = (geom, part)  # the geometry kept, so its id is not reused
    return part


#: Parts already cut, by (id of the area's geometry, direction vector): the cut is a pure
#: function of both, and costly (projections, a densified polygon, an intersection).
_DIRECTION_PARTS: dict[tuple[int, tuple[float, float]], tuple[Any, Any]] = {}


def _direction_part(geom: Any, vec: tuple[float, float]) -> Any | None:
    gm = to_metric(geom)
    c = gm.centroid
    if vec == (0.0, 0.0):
        keep = affinity.scale(gm, 0.5, 0.5, origin=c)
    else:
        dx, dy = vec
        minx, miny, maxx, maxy = gm.bounds
        big = 2.0 * math.hypot(maxx - minx, maxy - miny) + 10_000.0  # beyond the area
        px, py = -dy, dx  # along the dividing line
        keep = Polygon([
            (c.x + px * big, c.y + py * big),
            (c.x + px * big + dx * big, c.y + py * big + dy * big),
            (c.x - px * big + dx * big, c.y - py * big + dy * big),
            (c.x - px * big, c.y - py * big),
        ])
    # Back to lon/lat densified (a straight metric edge bends slightly in lon/lat), and cut
    # the original lon/lat geometry with it, so the part never pokes outside the area.
    keep = from_metric(shapely.segmentize(keep, 5_000.0))
    part = shapely.make_valid(geom).intersection(keep)
    if part.is_empty:
        return None
    if part.geom_type == "GeometryCollection":
        part = shapely.union_all([g for g in part.geoms if g.geom_type.endswith("Polygon")])
    return part if not part.is_empty else None


def _join_names(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


# -- resolution --------------------------------------------------------------------------------
@dataclass(slots=True)
class _Hit:
    """A name of the expression and the place it resolved to."""

    name: str
    place: Place
    confidence: float
    candidates: list[dict[str, Any]] = field(default_factory=list)
    #: The resolver's ranked alternatives ``(place, score)``, for re-ranking by a road.
    alternatives: list[tuple[Place, float]] = field(default_factory=list)


def _candidates(resolution: Any) -> list[dict[str, Any]]:
    out = []
    for c in getattr(resolution, "candidates", ()) or ():
        out.append({"name": c.place.name, "place_id": c.place.place_id,
                    "score": round(float(c.score), 3)})
    return out


def _merge_candidates(hits: Iterable[_Hit], limit: int = 5) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for h in hits:
        for c in h.candidates or [{"name": h.place.name, "place_id": h.place.place_id,
                                   "score": round(h.confidence, 3)}]:
            if c["place_id"] not in seen or c["score"] > seen[c["place_id"]]["score"]:
                seen[c["place_id"]] = c
    return sorted(seen.values(), key=lambda c: -c["score"])[:limit]


_CORRIDOR_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

#: Point geometries of places by (lon, lat), per gazetteer: shapely geometries are
#: immutable, so the locations of one town share one. The points of all the gazetteer's
#: places are made together, in one ``shapely.points`` call, the first time one is asked
#: for (a shapely call per point costs several times the whole array).
_POINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: Points of coordinates no place of the gazetteer has (emptied when this many are kept).
_POINTS_SIZE = 16384
#: Points made without a gazetteer (or for one that cannot be weakly referenced).
_LOOSE_POINTS: dict[tuple[float, float], Point] = {}
#: Off: every point made on its own, as ``Point(lon, lat)`` (for tests).
_POINTS_TOGETHER = True


def _points_of(gazetteer: Any) -> dict[tuple[float, float], Point]:
    """The points of ``gazetteer``'s places by (lon, lat), made together on first use
    (:data:`_LOOSE_POINTS` when there is no gazetteer or it cannot be weakly
    referenced)."""
    try:
        found = _POINTS.get(gazetteer)
    except TypeError:
        return _LOOSE_POINTS
    if found is None:
        places = [p for p in getattr(gazetteer, "places", ()) if p.lon and p.lat]
        lons = [p.lon for p in places]
        lats = [p.lat for p in places]
        made = shapely.points(lons, lats).tolist() if places else []
        found = {}
        for key, point in zip(zip(lons, lats, strict=True), made, strict=True):
            found.setdefault(key, point)
        _POINTS[gazetteer] = found
    return found


def _point_at(lon: float, lat: float, gazetteer: Any = None) -> Point:
    """``Point(lon, lat)``, the same object for the same coordinates of one gazetteer (a
    zero, whose sign a dictionary key would not tell, is made afresh)."""
    if not (lon and lat):
        return Point(lon, lat)
    points = _points_of(gazetteer) if _POINTS_TOGETHER else _LOOSE_POINTS
    key = (lon, lat)
    found = points.get(key)
    if found is None:
        if len(points) >= _POINTS_SIZE + len(getattr(gazetteer, "places", ())):
            points.clear()
        found = points[key] = Point(lon, lat)
    return found


class _Locator:
    """One :func:`locate` call: the gazetteer, the context and why it failed, if it did."""

    def __init__(self, gazetteer: Any, context: ResolveContext | None) -> None:
        self.gaz = gazetteer
        self.context = context
        self.reason: str | None = None
        self.unmatched: list[str] = []

    # -- gazetteer access -----------------------------------------------------------------------
    def corridor(self, place_id: str) -> Any:
        try:
            cache = _CORRIDOR_CACHE.setdefault(self.gaz, {})
        except TypeError:  # not weak-referenceable: no cache
            return self.gaz.corridor(place_id)
        if place_id not in cache:
            cache[place_id] = self.gaz.corridor(place_id)
        return cache[place_id]

    def corridors(self) -> list[Any]:
        out = []
        for p in self.gaz.corridors():
            try:
                out.append(self.corridor(p.place_id))
            except (ValueError, LookupError) as exc:
                logger.warning("corridor %s unusable: %s", p.place_id, exc)
        return out

    def get(self, place_id: str) -> Place | None:
        try:
            return self.gaz.get(place_id)
        except LookupError:
            return None

    def resolve(self, name: str, types: frozenset[str] | None, *,
                context: ResolveContext | None = None, mention: Any = None) -> _Hit | None:
        """Resolve ``name`` to a place of ``types`` (any type when ``None``)."""
        if not name or not name.strip():
            return None
        res = self.gaz.resolve(name, context=context or self.context,
                               feature_types=types or None)
        place = res.place if res is not None else None
        if place is not None and (types is None or place.feature_type in types):
            alts = [(c.place, float(c.score)) for c in getattr(res, "candidates", ()) or ()]
            return _Hit(name, place, float(res.confidence), _candidates(res), alts)
        # The extractor's mention may carry ids the resolver did not rank (another type).
        for pid in getattr(mention, "place_ids", ()) or ():
            p = self.get(pid)
            if p is not None and (types is None or p.feature_type in types):
                return _Hit(name, p, MENTION_CONFIDENCE, [
                    {"name": p.name, "place_id": p.place_id, "score": MENTION_CONFIDENCE}])
        return None

    def may_reach(self, name: str, types: frozenset[str], least: float) -> bool:
        """Whether :meth:`resolve` may find a place of ``types`` for ``name`` at least
        ``least`` sure (the gazetteer's ``may_reach``; ``True`` when it has none)."""
        if not _SKIP_UNREACHABLE:
            return True
        may_reach = getattr(self.gaz, "may_reach", None)
        if may_reach is None or not name or not name.strip():
            return True
        return bool(may_reach(name, least, context=self.context, feature_types=types))

    # -- expression parts -----------------------------------------------------------------------
    @staticmethod
    def names(expr: PlaceExpression) -> list[tuple[str, Any]]:
        """``(name, mention or None)`` pairs: the expression's names, else its mentions."""
        mentions = list(expr.mentions or [])
        by_text = {str(getattr(m, "text", "")).casefold(): m for m in mentions}
        if expr.names:
            return [(_THE_RE.sub("", n), by_text.get(n.casefold()))
                    for n in expr.names if n and n.strip()]
        if mentions:
            return [(str(m.text), m) for m in mentions]
        text = _THE_RE.sub("", expr.text or "").strip()
        return [(text, None)] if text else []

    def fail(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason

    def no_match(self, names: Sequence[str]) -> None:
        if names:
            self.fail("no gazetteer match for " + ", ".join(repr(n) for n in names))
        else:
            self.fail("no place name in the expression")

    # -- constructions --------------------------------------------------------------------------
    def locate(self, expr: PlaceExpression) -> Location | None:
        kind = expr.kind if expr.kind in KINDS else "place"
        if expr.kind not in KINDS:
            logger.debug("unknown expression kind %r read as 'place'", expr.kind)
        handler = getattr(self, f"_{kind}")
        return handler(expr)

    def _place(self, expr: PlaceExpression, *, factor: float = 1.0) -> Location | None:
        pairs = self.names(expr)
        for name, mention in pairs:
            hit = self.resolve(name, POINT_TYPES, mention=mention)
            if hit is not None:
                area = self.better_area(name, hit, mention)
                if area is not None:
                    return self.any_location(area, factor=factor)
                return self.point_location(hit, factor=factor)
        # Not a point: a name used as a place may still be an area or a road.
        for name, mention in pairs:
            hit = self.resolve(name, None, mention=mention)
            if hit is not None:
                return self.any_location(hit, factor=factor * 0.9)
        return self.by_part_of_name(pairs, factor=factor)

    def by_part_of_name(self, pairs: Sequence[tuple[str, Any]], *, factor: float = 1.0
                        ) -> Location | None:
        """"Idlib Central Prison", "Maarat al-Numan Syria", "the Jeb Shair-Jeb Ej-Jarrah-
        Shomriyeh triangle": a site or stretch named after a known place is near that place
        (see :func:`reduced_names`); ``None`` (and the reason noted) when no part is known."""
        for name, _ in pairs:
            for part in reduced_names(name):
                hit = self.resolve(part, POINT_TYPES)
                if hit is not None and hit.confidence >= REDUCED_MIN:
                    return self.near_location(hit, "near", factor=factor * 0.8)
        self.no_match([n for n, _ in pairs])
        return None

    def better_area(self, name: str, point: _Hit, mention: Any = None) -> _Hit | None:
        """The region, zone or district ``name`` names when it matches clearly better than
        the best point ("Jabal al-Akrad" the region, not a village loosely like it)."""
        if point.confidence >= SURE_POINT:
            return None
        needed = point.confidence + AREA_MARGIN
        if needed > MENTION_CONFIDENCE and not self.may_reach(name, AREA_NAME_TYPES, needed):
            return None  # no area of that name could be sure enough (nor a mention's)
        hit = self.resolve(name, AREA_NAME_TYPES, mention=mention)
        if hit is None or hit.confidence < point.confidence + AREA_MARGIN:
            return None
        return hit

    def point_location(self, hit: _Hit, *, factor: float = 1.0) -> Location:
        p = hit.place
        return Location(
            geometry=_point_at(p.lon, p.lat, self.gaz), point=(p.lon, p.lat), name=p.name,
            place_id=p.place_id, feature_type=p.feature_type, geo_precision=1, where_prec=1,
            uncertainty_km=POINT_UNCERTAINTY_KM.get(p.feature_type, 1.0),
            confidence=hit.confidence * factor, candidates=_merge_candidates([hit]))

    def any_location(self, hit: _Hit, *, factor: float = 1.0) -> Location | None:
        """A place of any type at the precision its type implies."""
        p = hit.place
        if p.feature_type in POINT_TYPES or p.geometry is None:
            return self.point_location(hit, factor=factor)
        if p.feature_type == "corridor":
            return self.whole_corridor(p, hit, factor=factor)
        if p.feature_type == "river":
            return self.area_location(p.geometry, [hit], name=p.name, place_id=p.place_id,
                                      feature_type="river", geo_precision=3, where_prec=5,
                                      factor=factor)
        if p.feature_type in ZONE_TYPES:
            return self.area_location(p.geometry, [hit], name=p.name, place_id=p.place_id,
                                      feature_type=p.feature_type, geo_precision=3,
                                      where_prec=5, factor=factor)
        if p.feature_type in ("district", "subdistrict"):
            return self.area_location(p.geometry, [hit], name=p.name, place_id=p.place_id,
                                      feature_type=p.feature_type, geo_precision=2,
                                      where_prec=3, factor=factor)
        return self.area_location(p.geometry, [hit], name=p.name, place_id=p.place_id,
                                  feature_type=p.feature_type, geo_precision=3, where_prec=4,
                                  factor=factor)

    def area_location(self, geom: Any, hits: Sequence[_Hit], *, name: str,
                      place_id: str | None, feature_type: str, geo_precision: int,
                      where_prec: int, factor: float = 1.0) -> Location:
        point = representative_point(geom)
        conf = min(h.confidence for h in hits) if hits else 0.5
        return Location(
            geometry=geom, point=point, name=name, place_id=place_id,
            feature_type=feature_type, geo_precision=geo_precision, where_prec=where_prec,
            uncertainty_km=uncertainty_km(geom, point), confidence=conf * factor,
            candidates=_merge_candidates(hits))

    def _near(self, expr: PlaceExpression) -> Location | None:
        pairs = self.names(expr)
        for name, mention in pairs:
            hit = self.resolve(name, POINT_TYPES, mention=mention)
            if hit is not None:
                on_road = self.near_on_road(expr, hit)
                return on_road or self.near_location(hit, expr.text)
        for name, mention in pairs:  # "near the Homs desert", "near the M20"
            hit = self.resolve(name, None, mention=mention)
            if hit is not None:
                return self.any_location(hit, factor=0.85)
        return self.by_part_of_name(pairs, factor=0.95)

    def near_on_road(self, expr: PlaceExpression, hit: _Hit) -> Location | None:
        """"on the Homs–Deir Ezzor highway near Arak": the road ±10 km around the place."""
        ends = list(getattr(expr, "corridor", None) or [])
        if not ends:
            return None
        road, _ = self.road_from_ends(ends)
        if road is None:
            return None
        c = self.corridor(road.place.place_id)
        if c.distance_km(hit.place.lon, hit.place.lat) > MAX_OFFROAD_KM:
            return None
        return self.segment_on(c, [hit], road, [], expr)

    def near_location(self, hit: _Hit, text: str, *, factor: float = 0.95) -> Location:
        p = hit.place
        if _WIDE_RE.search(text or ""):
            big = p.feature_type == "city" or (p.population or 0) >= 100_000
            radius = COUNTRYSIDE_KM if big else COUNTRYSIDE_SMALL_KM
        else:
            radius = NEAR_KM
        return Location(
            geometry=_point_at(p.lon, p.lat, self.gaz), point=(p.lon, p.lat),
            name=f"near {p.name}",
            place_id=p.place_id, feature_type=p.feature_type, geo_precision=2, where_prec=2,
            uncertainty_km=radius, confidence=hit.confidence * factor,
            candidates=_merge_candidates([hit]))

    # -- roads -------------------------------------------------------------------------------
    def find_corridor(self, expr: PlaceExpression,
                      pairs: Sequence[tuple[str, Any]]) -> tuple[_Hit | None, set[str]]:
        """A corridor the expression names, and the names used up by it."""
        for m in expr.mentions or []:
            for pid in getattr(m, "place_ids", ()) or ():
                p = self.get(pid) if pid.startswith("corridor:") else None
                if p is not None and p.feature_type == "corridor":
                    return _Hit(str(m.text), p, 0.9), {str(m.text).casefold()}
        for name, mention in pairs:
            if _ROAD_RE.search(name) or expr.kind == "corridor":
                hit = self.resolve(name, CORRIDOR_TYPES, mention=mention)
                if hit is not None and hit.confidence >= 0.6:
                    return hit, {name.casefold()}
        if expr.kind == "corridor" and expr.text:
            hit = self.resolve(expr.text, CORRIDOR_TYPES)
            if hit is not None and hit.confidence >= 0.6:
                return hit, {n.casefold() for n, _ in pairs}
        return None, set()

    def whole_corridor(self, place: Place, hit: _Hit, *, factor: float = 0.95) -> Location | None:
        try:
            c = self.corridor(place.place_id)
        except (ValueError, LookupError) as exc:
            self.fail(f"corridor {place.place_id} has no usable line ({exc})")
            return None
        geom = c.line
        point = representative_point(geom)
        return Location(
            geometry=geom, point=point, name=c.name, place_id=c.place_id,
            feature_type="corridor", geo_precision=3 if c.length_km > LONG_ROAD_KM else 2,
            where_prec=5, uncertainty_km=uncertainty_km(geom, point),
            confidence=hit.confidence * factor, candidates=_merge_candidates([hit]))

    def road_from_ends(self, ends: Sequence[str]) -> tuple[_Hit | None, list[_Hit]]:
        """The corridor of a road named by its ends ("the Homs–Deir Ezzor highway").

        First by name ("Homs–Deir Ezzor highway" as a corridor alias), then by geometry: the
        corridor passing within :data:`MAX_OFFROAD_KM` of every resolved end, the closest on
        average. Returns the corridor hit (or ``None``) and the resolved ends.
        """
        ends = [e for e in ends if e and e.strip()]
        if not ends:
            return None, []
        joined = [f"{ends[0]}–{ends[-1]} highway", f"{ends[0]}-{ends[-1]} road"] \
            if len(ends) >= 2 else [f"{ends[0]} highway"]
        end_hits = [h for h in (self.resolve(e, POINT_TYPES) for e in ends) if h is not None]
        for q in joined:
            hit = self.resolve(q, CORRIDOR_TYPES)
            if hit is not None and hit.confidence >= 0.8:
                return hit, end_hits
        if len(end_hits) < 2:
            return None, end_hits
        best, best_mean = None, None
        for c in self.corridors():
            d = [c.distance_km(h.place.lon, h.place.lat) for h in end_hits]
            if max(d) > MAX_OFFROAD_KM:
                continue
            mean = sum(d) / len(d)
            if best_mean is None or mean < best_mean:
                best, best_mean = c, mean
        if best is None:
            return None, end_hits
        conf = 0.85 * min(h.confidence for h in end_hits)
        return _Hit(" – ".join(ends), best.place, conf), end_hits

    def _corridor(self, expr: PlaceExpression) -> Location | None:
        pairs = self.names(expr)
        ends = list(getattr(expr, "corridor", None) or [])
        if ends:
            road, end_hits = self.road_from_ends(ends)
            if road is not None:
                c = self.corridor(road.place.place_id)
                kms = [c.km_at(h.place.lon, h.place.lat) for h in end_hits]
                if len(kms) >= 2 and max(kms) - min(kms) < 0.8 * c.length_km:
                    # "the Homs–Palmyra road": a stretch of a longer corridor.
                    return self.segment_on(c, end_hits, road, [], expr)
                return self.whole_corridor(road.place, road)
        road, used = self.find_corridor(expr, pairs)
        rest = [(n, m) for n, m in pairs if n.casefold() not in used]
        if road is not None and not rest:
            return self.whole_corridor(road.place, road)
        if road is None and len(pairs) < 2:
            # "the Palmyra road" alone: not a corridor we know.
            self.fail("no corridor matches " + repr(expr.text))
            return None
        # "the Palmyra–Al-Sukhnah road", or "the M20 near Arak": a stretch of road.
        return self._segment(expr)

    def point_hits(self, pairs: Sequence[tuple[str, Any]], text: str,
                   skip: set[str]) -> tuple[list[_Hit], list[str], set[str]]:
        """Resolve the point places of a road expression.

        Returns the hits, the names that did not resolve, and governorate P-codes named as
        context ("in western Deir Ezzor") rather than as ends of the road.
        """
        hits: list[_Hit] = []
        missing: list[str] = []
        govs: set[str] = set()
        for name, mention in pairs:
            if name.casefold() in skip or _ROAD_RE.search(name):
                continue
            pos = text.casefold().find(name.casefold()) if text else -1
            before = text[max(0, pos - 40):pos] if pos > 0 else ""
            if _CONTEXT_BEFORE_RE.search(before):
                gov = self.resolve(name, GOVERNORATE_TYPES)
                if gov is not None and gov.confidence >= 0.8:
                    code = gov.place.governorate_pcode or gov.place.place_id.split(":")[-1]
                    govs.add(code)
                    continue
            hit = self.resolve(name, POINT_TYPES, mention=mention)
            if hit is None:
                missing.append(name)
            else:
                hits.append(hit)
        return hits, missing, govs

    def _segment(self, expr: PlaceExpression) -> Location | None:
        pairs = self.names(expr)
        road, used = self.find_corridor(expr, pairs)
        hits, missing, govs = self.point_hits(pairs, expr.text, used)
        if govs and hits:
            # Re-rank the ends with the governorates named around them.
            ctx = _with(self.context, governorate_pcodes=govs)
            hits = [self.resolve(h.name, POINT_TYPES, context=ctx) or h for h in hits]
        if not hits:
            if road is not None:
                return self.whole_corridor(road.place, road)
            self.no_match(missing or [n for n, _ in pairs])
            return None
        if road is None and getattr(expr, "corridor", None):
            road, _ = self.road_from_ends(expr.corridor)
        corridor = self.corridor(road.place.place_id) if road is not None \
            else self.closest_corridor(hits)
        if corridor is None:
            return self.straight_segment(hits, missing)
        return self.segment_on(corridor, hits, road, missing, expr)

    def segment_on(self, corridor: Any, hits: list[_Hit], road: _Hit | None,
                   missing: Sequence[str], expr: PlaceExpression) -> Location | None:
        """The stretch of ``corridor`` between the extreme places of ``hits``."""
        road_conf = road.confidence if road is not None else 0.85
        hits = [self.nearest_alternative(h, corridor) for h in hits]
        snaps = [(h, *corridor.snap(h.place.lon, h.place.lat)) for h in hits]
        on_road = [(h, km, d) for h, km, d in snaps if d <= MAX_OFFROAD_KM]
        if not on_road:
            # Try the ends again, ranked by closeness to the road.
            ctx = _with(self.context, near=tuple((w.lon, w.lat) for w in corridor.waypoints))
            hits = [self.resolve(h.name, POINT_TYPES, context=ctx) or h for h in hits]
            snaps = [(h, *corridor.snap(h.place.lon, h.place.lat)) for h in hits]
            on_road = [(h, km, d) for h, km, d in snaps if d <= MAX_OFFROAD_KM]
        if not on_road:
            self.fail(f"none of {_join_names([h.name for h in hits])} lies within "
                      f"{MAX_OFFROAD_KM:.0f} km of {corridor.name}")
            return None
        off = [h.name for h, _, d in snaps if d > MAX_OFFROAD_KM]
        if off:
            logger.debug("segment %r: %s off %s", expr.text, off, corridor.place_id)
        if road is None and len(hits) >= 2 and len({h.place.place_id for h, _, _ in on_road}) < 2:
            # Two places named, only one near any known road: not a road we know.
            return self.straight_segment(hits, missing)
        first = min(on_road, key=lambda t: t[1])
        last = max(on_road, key=lambda t: t[1])
        if _text_pos(expr.text, last[0].name) < _text_pos(expr.text, first[0].name):
            first, last = last, first  # "from Al-Shawla ... to Al-Sukhnah": keep text order
        used_hits = [first[0], last[0]] if first[0] is not last[0] else [first[0]]
        mean_off = sum(d for _, _, d in on_road) / len(on_road)
        conf = road_conf * min(h.confidence for h, _, _ in on_road) * 0.9
        conf *= max(0.5, 1.0 - mean_off / (2 * MAX_OFFROAD_KM))
        if missing or off:
            conf *= 0.85
        if first[0] is last[0] or abs(last[1] - first[1]) < 1.0:
            km = first[1]
            geom = corridor.segment(km - SINGLE_PLACE_HALF_KM, km + SINGLE_PLACE_HALF_KM)
            name = f"{corridor.name} near {first[0].place.name}"
        else:
            geom = corridor.segment(first[1], last[1])  # runs from first to last
            name = f"{corridor.name} between {first[0].place.name} and {last[0].place.name}"
        point = representative_point(geom)
        extra = [road] if road is not None else []
        return Location(
            geometry=geom, point=point, name=name, place_id=corridor.place_id,
            feature_type="corridor", geo_precision=2, where_prec=5,
            uncertainty_km=uncertainty_km(geom, point), confidence=conf,
            candidates=_merge_candidates(extra + used_hits))

    @staticmethod
    def nearest_alternative(hit: _Hit, corridor: Any, *, margin: float = 0.1) -> _Hit:
        """Of the near-equal readings of a name, the one on the road.

        "Arak" may be the town on the Palmyra road or the gas field 10 km away; on a road,
        the candidate nearest to it wins among those scoring within ``margin`` of the best.
        """
        close = [(p, sc) for p, sc in hit.alternatives
                 if sc >= hit.confidence - margin and p.geometry is None]
        if len(close) < 2:
            return hit
        best, _ = min(close, key=lambda ps: corridor.distance_km(ps[0].lon, ps[0].lat))
        if best.place_id == hit.place.place_id:
            return hit
        d_old = corridor.distance_km(hit.place.lon, hit.place.lat)
        d_new = corridor.distance_km(best.lon, best.lat)
        if d_new >= d_old - 1.0:
            return hit
        return _Hit(hit.name, best, hit.confidence, hit.candidates, hit.alternatives)

    def closest_corridor(self, hits: Sequence[_Hit]) -> Any | None:
        """The corridor passing closest to the named places (most within reach, then mean)."""
        best, best_key = None, None
        for c in self.corridors():
            d = [c.distance_km(h.place.lon, h.place.lat) for h in hits]
            within = sum(1 for x in d if x <= MAX_OFFROAD_KM)
            if within == 0:
                continue
            key = (-within, sum(min(x, MAX_OFFROAD_KM * 2) for x in d) / len(d))
            if best_key is None or key < best_key:
                best, best_key = c, key
        return best

    def straight_segment(self, hits: Sequence[_Hit], missing: Sequence[str]) -> Location | None:
        """No corridor near: the straight line between the two places farthest apart."""
        pts = [(h.place.lon, h.place.lat) for h in hits]
        if len(set(pts)) < 2:
            loc = self.near_location(hits[0], "", factor=0.8)
            return loc
        pm = [to_metric(Point(p)) for p in pts]
        i, j = max(((a, b) for a in range(len(pm)) for b in range(a + 1, len(pm))),
                   key=lambda ab: pm[ab[0]].distance(pm[ab[1]]))
        geom = LineString([pts[i], pts[j]])
        point = representative_point(geom)
        conf = min(h.confidence for h in hits) * 0.6 * (0.85 if missing else 1.0)
        return Location(
            geometry=geom, point=point,
            name=f"between {hits[i].place.name} and {hits[j].place.name}", place_id=None,
            feature_type="corridor", geo_precision=2, where_prec=5,
            uncertainty_km=uncertainty_km(geom, point), confidence=conf,
            candidates=_merge_candidates([hits[i], hits[j]]))

    # -- areas -----------------------------------------------------------------------------------
    def zone_hits(self, expr: PlaceExpression, *, include_text: bool = True) -> list[_Hit]:
        pairs = self.names(expr)
        hits: list[_Hit] = []
        seen: set[str] = set()

        def add(hit: _Hit | None) -> bool:
            if hit is None:
                return False
            if hit.place.place_id not in seen:
                seen.add(hit.place.place_id)
                hits.append(hit)
            return True

        for name, mention in pairs:
            if _BADIA_RE.search(name) and add(self.badia()):
                continue
            desert = "desert" not in name.casefold() and re.search(
                re.escape(name) + r"\W+desert", expr.text or "", re.IGNORECASE)
            tries = ([f"{name} desert"] if desert else []) + [name]
            for t in tries:
                hit = self.resolve(t, ZONE_TYPES, mention=mention)
                if hit is not None and (hit.confidence >= 0.6 or t == tries[-1]):
                    add(hit)
                    break
            else:
                add(self.zone_of_governorate(name))
        if not hits and _BADIA_RE.search(expr.text or ""):
            add(self.badia())
        if not hits and include_text and expr.text:
            add(self.resolve(expr.text, ZONE_TYPES))
        return hits

    def badia(self) -> _Hit | None:
        p = self.get("zone:badia")
        if p is None:
            return self.resolve("Badia", ZONE_TYPES)
        return _Hit("Syrian desert", p, 0.9)

    def zone_of_governorate(self, name: str) -> _Hit | None:
        """"the Deir Ezzor desert": the zone whose only governorate is the named one."""
        gov = self.resolve(name, GOVERNORATE_TYPES)
        if gov is None:
            return None
        code = gov.place.governorate_pcode or gov.place.place_id.split(":")[-1]
        try:
            zones = self.gaz.zones()
        except AttributeError:
            return None
        for z in zones:
            codes = z.attributes.get("governorate_pcodes") or []
            if isinstance(codes, str):
                codes = [c.strip() for c in codes.split(",")]
            if list(codes) == [code]:
                return _Hit(name, z, gov.confidence * 0.9)
        return None

    def union_location(self, hits: Sequence[_Hit], *, feature_type: str, geo_precision: int,
                       where_prec: int, factor: float) -> Location:
        if len(hits) == 1:
            p = hits[0].place
            return self.area_location(p.geometry, hits, name=p.name, place_id=p.place_id,
                                      feature_type=p.feature_type, geo_precision=geo_precision,
                                      where_prec=where_prec, factor=factor)
        geom = shapely.union_all([h.place.geometry for h in hits])
        return self.area_location(
            geom, hits, name=_join_names([h.place.name for h in hits]),
            place_id=",".join(h.place.place_id for h in hits), feature_type=feature_type,
            geo_precision=geo_precision, where_prec=where_prec, factor=factor)

    def _zone(self, expr: PlaceExpression) -> Location | None:
        hits = [h for h in self.zone_hits(expr) if h.place.geometry is not None]
        if hits:
            loc = self.union_location(hits, feature_type="zone", geo_precision=3,
                                      where_prec=5, factor=0.95)
            part = direction_part(loc.geometry, expr.qualifier) if expr.qualifier else None
            if part is not None:  # "the eastern Homs desert"
                return self.area_location(
                    part, hits, name=f"{_direction_word(expr.qualifier)} {loc.name}",
                    place_id=loc.place_id, feature_type="zone", geo_precision=3,
                    where_prec=5, factor=0.9)
            return loc
        # "the Palmyra desert" with no such zone: the area around Palmyra.
        for name, mention in self.names(expr):
            town = _DESERT_SUFFIX_RE.sub("", name).strip()
            hit = self.resolve(town or name, POINT_TYPES, mention=mention)
            if hit is not None:
                return self.near_location(hit, expr.text or "desert", factor=0.85)
        return self.by_part_of_name(self.names(expr), factor=0.9)

    def _governorates(self, expr: PlaceExpression) -> Location | None:
        pairs = self.names(expr)
        hits: list[_Hit] = []
        zones: list[_Hit] = []
        missing: list[str] = []
        for name, mention in pairs:
            if _BADIA_RE.search(name):
                z = self.badia()
                if z is not None:
                    zones.append(z)
                    continue
            hit = self.resolve(name, GOVERNORATE_TYPES, mention=mention)
            if hit is None:
                missing.append(name)
            elif hit.place.geometry is not None and all(
                    h.place.place_id != hit.place.place_id for h in hits):
                hits.append(hit)
        if not pairs and _BADIA_RE.search(expr.text or ""):
            z = self.badia()
            zones += [z] if z else []
        if not hits and not zones:
            self.no_match(missing or [n for n, _ in pairs])
            return None
        factor = 0.85 if missing else 1.0
        if zones and not hits:
            return self.union_location(zones, feature_type="zone", geo_precision=3,
                                       where_prec=5, factor=factor * 0.95)
        return self.union_location(hits + zones, feature_type="governorate", geo_precision=3,
                                   where_prec=5 if zones else 4, factor=factor)

    def _direction(self, expr: PlaceExpression) -> Location | None:
        qualifier = expr.qualifier or ""
        if _direction_vector(qualifier) is None:
            m = _DIRECTION_RE.search(expr.text or "")
            qualifier = m.group(0) if m else ""
        pairs = self.names(expr)
        if _direction_vector(qualifier) is None:
            logger.debug("direction expression %r without a direction word", expr.text)
            return self._governorates(expr) if pairs else None
        word = _direction_word(qualifier)
        for name, mention in pairs:
            hit = self.resolve(name, GOVERNORATE_TYPES, mention=mention) or self.resolve(
                name, GOVERNORATE_TYPES | {"district", "subdistrict", "zone"}, mention=mention)
            if hit is None or hit.place.geometry is None:
                continue
            part = direction_part(hit.place.geometry, qualifier)
            if part is None:
                continue
            return self.area_location(part, [hit], name=f"{word} {hit.place.name}",
                                      place_id=hit.place.place_id, feature_type="region",
                                      geo_precision=3, where_prec=4, factor=0.9)
        # "east of Palmyra", "the eastern countryside of Al-Sukhnah": around the place.
        for name, mention in pairs:
            hit = self.resolve(name, POINT_TYPES, mention=mention)
            if hit is not None:
                return self.near_location(hit, "countryside", factor=0.8)
        self.no_match([n for n, _ in pairs])
        return None


#: "X desert" / "X's badia": X, when no zone has that name.
_DESERT_SUFFIX_RE = re.compile(r"(?i)(?:'s|’s)?\s+(?:desert|badia|steppe)$")
_WORD_SPLIT_RE = re.compile(r"[\s-]+")
#: Least confidence of a place found in part of an unknown name (see :func:`reduced_names`).
REDUCED_MIN = 0.8
#: Words that do not name a place on their own, even capitalised.
_NOT_A_PLACE = frozenset(
    "al el the of and central new old big small great little upper lower greater grand "
    "tal tall tell jabal jebel jeb wadi kafr deir dayr bayt beit ayn ain abu umm um ibn bir "
    "ras khirbat khirbet mazraat tabiyet hawijat hwaijet jazirat syria".split())


def reduced_names(name: str) -> list[str]:
    """Shorter names a longer, unknown one is named after, most specific first.

    The parts of a hyphenated list of places ("Jeb Shair-Jeb Ej-Jarrah-Shomriyeh"), then
    the name without its last words ("Idlib Central Prison" → "Idlib Central", "Idlib");
    never a lone generic word ("Tal", "Jabal").

    Examples
    --------
    >>> reduced_names("Idlib Central Prison")
    ['Idlib Central', 'Idlib']
    >>> reduced_names("Damascus-Tanf")
    ['Damascus', 'Tanf']
    """
    import mapper.place_expr  # (no "from" import: that calls into importlib each time)

    out: list[str] = []
    parts = mapper.place_expr.split_hyphenated(name)
    if len(parts) > 1:
        out.extend(p for p in parts if p and p[:1].isupper())
    words = name.split()
    for k in range(len(words) - 1, 0, -1):
        out.append(" ".join(words[:k]))
    seen: set[str] = set()
    keep = []
    for part in out:
        bare = part.strip(" -,")
        if not bare or bare in seen or all(
                w.strip("-'’").lower() in _NOT_A_PLACE for w in _WORD_SPLIT_RE.split(bare)):
            continue
        seen.add(bare)
        keep.append(bare)
    return keep


def _text_pos(text: str | None, name: str) -> int:
    """Where ``name`` first occurs in ``text`` (case-insensitive); large when absent."""
    pos = (text or "").casefold().find(name.casefold())
    return pos if pos >= 0 else 1 << 30


def _direction_word(qualifier: str) -> str:
    q = qualifier.lower()
    if any(w in q for w in ("central", "centre", "center", "middle")):
        return "central"
    ns = "north" if "north" in q else "south" if "south" in q else ""
    ew = "east" if "east" in q else "west" if "west" in q else ""
    return (f"{ns}-{ew}ern" if ns and ew else f"{ns or ew}ern")


def _with(context: ResolveContext | None, **changes: Any) -> ResolveContext:
    base = context or ResolveContext()
    govs = frozenset(base.governorate_pcodes) | frozenset(changes.get("governorate_pcodes", ()))
    near = tuple(base.near) + tuple(changes.get("near", ()))
    return ResolveContext(governorate_pcodes=govs, near=near, place_ids=base.place_ids)


# -- public API ------------------------------------------------------------------------------
def locate_with_reason(expr: PlaceExpression, gazetteer: Any, *,
                       context: ResolveContext | None = None
                       ) -> tuple[Location | None, str | None]:
    """Like :func:`locate`, and say why when nothing was located.

    Returns
    -------
    (location, reason)
        ``reason`` is ``None`` when located, else a sentence such as
        ``"no gazetteer match for 'Foo'"``.
    """
    loc_ = _Locator(gazetteer, context)
    try:
        loc = loc_.locate(expr)
    except (ValueError, LookupError, GEOSException) as exc:
        logger.warning("cannot locate %r: %s", expr.text, exc)
        return None, f"cannot locate {expr.text!r}: {exc}"
    if loc is None:
        return None, loc_.reason or f"no gazetteer match for {expr.text!r}"
    loc.confidence = round(max(0.0, min(1.0, loc.confidence)), 3)
    return loc, None


def locate(expr: PlaceExpression, gazetteer: Any, *,
           context: ResolveContext | None = None) -> Location | None:
    """Turn a place expression into a :class:`~mapper.schema.Location`.

    Parameters
    ----------
    expr
        What the extractor read: ``kind`` (``place``, ``near``, ``corridor``, ``segment``,
        ``zone``, ``direction``, ``governorates``), ``names``, ``mentions``, ``qualifier``.
    gazetteer
        A :class:`gazetteer.Gazetteer` (``resolve``, ``get``, ``corridor``, ``corridors``,
        ``zones``).
    context
        Governorates and places named nearby, to rank ambiguous names.

    Returns
    -------
    Location or None
        ``None`` when no name resolves; :func:`explain_unlocated` says why.

    Examples
    --------
    >>> expr = PlaceExpression("from Kabajeb to Al-Sukhnah", 0, 26, kind="segment",
    ...                        names=["Kabajeb", "Al-Sukhnah"])          # doctest: +SKIP
    >>> locate(expr, Gazetteer.default()).geometry.geom_type              # doctest: +SKIP
    'LineString'
    """
    return locate_with_reason(expr, gazetteer, context=context)[0]


def explain_unlocated(expr: PlaceExpression, gazetteer: Any = None, *,
                      context: ResolveContext | None = None) -> str | None:
    """Why ``expr`` cannot be located (``None`` when it can).

    Without a gazetteer only the shape of the expression is checked (no names at all).
    """
    if gazetteer is None:
        if not expr.names and not expr.mentions and not (expr.text or "").strip():
            return "no place name in the expression"
        return "no gazetteer to resolve " + ", ".join(
            repr(n) for n in (expr.names or [expr.text]))
    return locate_with_reason(expr, gazetteer, context=context)[1]
