"""One event note (a table cell such as ACLED's ``notes``) → where that one event happened.

A report holds many incidents; a note describes *one* event, so every place it names is a
candidate for where it happened, and the rest of the note is the context that decides
among them. :func:`locate_note` reads a note the way a coder does:

1. **Every place expression** (:func:`mapper.place_expr.find_place_expressions` with
   ``all_mentions=True``): the patterns ("near X", "the village of X", "in the western
   countryside of Aleppo") and every gazetteer name the patterns did not cover — a note
   need not use a casualty or event word for its places to count.
2. **Context** (:func:`note_context`): the governorates the note names anywhere ("in
   southern Idleb province", "Rural Damascus", "Deir-ez-Zor countryside", "Dar'a") become
   the ``ResolveContext`` of every name, so "Al-Dana in Idleb" is the Al-Dana in Idlib.
   Damascus and Rural Damascus count together (the city lies inside the governorate and
   reporters use "Damascus" for both).
3. **The most specific expression that fits** (:func:`rank_expressions`): a town, "near
   X" or a road stretch, in text order, before an area; the first that resolves *inside*
   the named governorates (within :data:`GOVERNORATE_SLACK_KM` of them) wins. A place that
   resolves outside them loses — to another place, to the area the note names, and only
   when nothing else is left is it the answer.
4. **An area when that is all there is**: "in the northeastern countryside of Aleppo"
   (the north-eastern half of the governorate), "Eastern Ghouta", "the Syrian desert in
   Rural Damascus" (the zone ∩ the governorate), a governorate alone — ``geo_precision``
   3, with a representative point inside the named governorate as the gazetteer's own
   boundaries (the imported OCHA ones, when there are) draw it.

Names are resolved with the note's context; "X oil field", "X checkpoint", "X airbase"
fall back to X; "near X" / "outskirts of X" is X at ``geo_precision`` 2.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import shapely
from shapely.geometry import Point
from shapely.ops import polylabel

from gazetteer.geo import haversine_km
from gazetteer.model import ResolveContext
from mapper import locate_memo
from mapper.guards import Guarded
from mapper.locate_memo import PerGazetteer
from mapper.place_expr import find_place_expressions, is_governorate_name
from mapper.schema import Location, PlaceExpression

logger = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["NoteContext", "note_context", "rank_expressions", "locate_note",
           "GOVERNORATE_SLACK_KM"]

#: A place this far outside every governorate the note names still fits (borders are
#: drawn differently by different sources; reporters name the nearest governorate).
GOVERNORATE_SLACK_KM = 10.0
#: Below this confidence a place is kept only as a last resort (a loose fuzzy match).
MIN_CONFIDENCE = 0.55
#: A place resolved at least this confidently (an unambiguous name) anchors the others.
ANCHOR_CONFIDENCE = 0.85
#: An uncertain place farther than this from every anchor of its note is not the note's
#: place ("Abu Kahf village southwest of Menbij" is not the Abu Kahf 130 km away).
ANCHOR_KM = 60.0
#: A place farther than this from every place the note puts the event near ("X near
#: Tamanaah town", "the outskirts of Y") contradicts the note: it is a namesake, or a
#: place the gazetteer lacks, and "near Tamanaah" is the better answer.
NEAR_RELATION_KM = 30.0
#: The same for a compass direction from a place ("Um Mayal east of Khanaser").
COMPASS_RELATION_KM = 60.0
_NEAR_WORD_RE = re.compile(
    r"\b(?:near|close|vicinity|outskirts|around|surroundings|nearby)\b", re.IGNORECASE)
_COMPASS_WORD_RE = re.compile(
    r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\b", re.IGNORECASE)
#: Governorates reporters name for one another: Damascus city lies inside Rural Damascus.
_TWINS: dict[str, frozenset[str]] = {"SY01": frozenset({"SY03"}),
                                     "SY03": frozenset({"SY01"})}
#: Expression kinds by tier: places first, then roads, then areas.
_TIER: dict[str, int] = {"place": 0, "near": 0, "segment": 0, "corridor": 1,
                         "direction": 2, "zone": 2, "governorates": 3}
#: "the capital" in a Syrian note is Damascus (searched only where "capital" is: rare).
_CAPITAL_RE = Guarded(re.compile(r"\bthe (?:Syrian )?capital\b", re.IGNORECASE), ("capital",))
#: The word after a name that makes it a district or sub-district ("Menbij district").
_ADMIN_AFTER_RE = re.compile(r"\s+(sub-?district|nahiya|nahia|district|area district)\b",
                             re.IGNORECASE)
#: Expression kinds whose names may be governorates' names ("in Idleb", "near Hama").
_CONTEXT_KINDS = frozenset({"governorates", "direction", "near", "zone"})
_AREA_TYPES = frozenset({"governorate", "region", "zone", "district", "subdistrict"})


@dataclass(frozen=True, slots=True)
class NoteContext:
    """What the whole note says about where it is.

    Parameters
    ----------
    governorates
        P-codes of the governorates the note names (with Damascus ⇄ Rural Damascus).
    named
        P-codes as named, without the twins added.
    """

    governorates: frozenset[str] = frozenset()
    named: tuple[str, ...] = ()

    def resolve_context(self) -> Any:
        """The :class:`gazetteer.model.ResolveContext` for names in this note."""
        if not self.governorates:
            return None
        try:
            found = _CONTEXTS.get(self.governorates) if _SHARE_CONTEXTS else False
        except TypeError:  # not a frozenset: not shared
            found = False
        if found is False:
            return ResolveContext(governorate_pcodes=self.governorates)
        if found is None:
            if len(_CONTEXTS) >= _CONTEXTS_SIZE:
                _CONTEXTS.clear()
            found = _CONTEXTS[self.governorates] = ResolveContext(
                governorate_pcodes=self.governorates)
        return found


#: Notes naming the same governorates share one (immutable) resolve context (off: one made
#: for each note).
_SHARE_CONTEXTS = True
#: Most shared resolve contexts kept (then all forgotten).
_CONTEXTS_SIZE = 1024
_CONTEXTS: dict[frozenset[str], ResolveContext] = {}


@dataclass(slots=True)
class _Choice:
    """A located expression and how well it fits the note."""

    expr: PlaceExpression
    location: Location
    fits: bool
    order: tuple[int, ...] = field(default_factory=tuple)


# -- caches (per gazetteer) ------------------------------------------------------------------
_GOV_CACHE: PerGazetteer[dict] = PerGazetteer(dict)
_AREA_CACHE: PerGazetteer[dict] = PerGazetteer(dict)
_UNION_CACHE: PerGazetteer[dict] = PerGazetteer(dict)
_ROAD_CACHE: PerGazetteer[dict] = PerGazetteer(dict)
_OUTSIDE_CACHE: PerGazetteer[dict] = PerGazetteer(dict)
_REACH_CACHE: PerGazetteer[dict] = PerGazetteer(dict)
#: Governorate unions, road stretches, the distance of a point to governorates and whether
#: an area reaches into them are remembered per gazetteer (off: worked out for every
#: note). Each is a pure function of the gazetteer's outlines, the governorate codes (in
#: order, for a union) and the point, road or area.
_REMEMBER_GEOMETRY = True
#: Most distances and reaches remembered per gazetteer (then all of that kind forgotten).
_FIT_CACHE_SIZE = 4096
#: Most road stretches remembered per gazetteer (then all forgotten).
_ROAD_CACHE_SIZE = 1024


def _cache(store: PerGazetteer[dict], gazetteer: Any) -> dict:
    memo = store.of(gazetteer)
    return memo if memo is not None else {}  # not weak-referenceable: no cache


def governorate_pcode(name: str, gazetteer: Any) -> str | None:
    """The P-code of the governorate ``name`` names ("Idleb", "Ar-Raqqa", "Rural Damascus"),
    or ``None`` when it names none."""
    cache = _cache(_GOV_CACHE, gazetteer)
    if name in cache:  # as written before (a written name is kept under both)
        return cache[name]
    key = " ".join(name.casefold().split())
    if key in cache:
        cache[name] = cache[key]
        return cache[key]
    code = None
    if is_governorate_name(name, gazetteer):
        try:
            res = gazetteer.resolve(name, feature_types={"governorate"})
        except (LookupError, ValueError, TypeError):
            res = None
        place = res.place if res is not None else None
        if place is not None and res.confidence >= 0.6:
            code = _place_gov(place)
    cache[key] = cache[name] = code
    return code


def _place_gov(place: Any) -> str | None:
    code = getattr(place, "governorate_pcode", None)
    if code:
        return str(code)
    suffix = place.place_id.split(":", 1)[-1]
    return suffix[:4] if place.feature_type == "governorate" and suffix[:2] == "SY" else None


def note_context(exprs: Sequence[PlaceExpression], mentions: Sequence[Any],
                 gazetteer: Any, text: str | None = None) -> NoteContext:
    """The governorates a note names: in governorate, direction and countryside
    expressions, every gazetteer mention that is a governorate's name and, when ``text``
    is given, the governorates of the regions it names ("in the Eastern Ghouta", "Jabal
    al-Akrad"), of the districts and sub-districts it names as such ("in Menbij district",
    "Shadadah sub-district") and "the capital" (Damascus).

    Parameters
    ----------
    exprs
        The note's place expressions.
    mentions
        The note's gazetteer mentions.
    gazetteer
        The gazetteer (to tell governorate names and get their P-codes).
    text
        The note's text (the words after a mention: "Afrin district").
    """
    named: list[str] = []

    def add(code: str | None) -> None:
        if code and code not in named:
            named.append(code)

    codes = _cache(_GOV_CACHE, gazetteer)  # governorate_pcode's answers, read directly
    for e in exprs:
        kind = e.kind
        if kind in _CONTEXT_KINDS:
            for n in e.names:
                add(codes[n] if n in codes else governorate_pcode(n, gazetteer))
        if kind == "zone":
            for n in e.names:
                add(_zone_gov(n, gazetteer))
    areas: list[str] = []
    ids_memo = _cache(_IDS_CACHE, gazetteer) if _REMEMBER_IDS else None
    for m in mentions:
        said = _ids_say(getattr(m, "place_ids", ()) or (), gazetteer, ids_memo)
        if said is None:  # a governorate's name
            name = str(m.text)
            add(codes[name] if name in codes else governorate_pcode(name, gazetteer))
        elif text is not None and (said[0] is not None or said[1]):  # else: says none
            areas.extend(_area_govs(m, said, text))
    if text is not None and _CAPITAL_RE.search(text):
        areas.append("SY01")
    for code in areas:  # after the governorates named as such
        add(code)
    govs = set(named)
    for c in named:
        govs |= _TWINS.get(c, frozenset())
    return NoteContext(frozenset(govs), tuple(named))


#: What the place ids of a mention say of a note's governorates (:func:`_ids_say`): the
#: governorates of its places when they are all regions (else ``None``), and those of its
#: districts and of its sub-districts (when the note names them as such).
_IdsSay = tuple[list[str] | None, dict[str, list[str]]]
_IDS_CACHE: PerGazetteer[dict] = PerGazetteer(dict)
#: :func:`_ids_say` remembers its answers per gazetteer (off: places looked up each time).
_REMEMBER_IDS = True


def _ids_say(ids: Sequence[str], gazetteer: Any, memo: dict | None = None
             ) -> _IdsSay | None:
    """What a mention's place ``ids`` say of the note's governorates; ``None`` when one of
    them is a governorate (the mention is a governorate's name). ``memo``: the gazetteer's
    remembered answers, when the caller has them at hand."""
    key = tuple(ids)
    if memo is not None and key in memo:
        return memo[key]
    cache = _cache(_IDS_CACHE, gazetteer) if _REMEMBER_IDS else {}
    if key not in cache:
        cache[key] = None if any(i.startswith("gov:") for i in key) else \
            _ids_areas(key, gazetteer)
    return cache[key]


def _ids_areas(ids: Sequence[str], gazetteer: Any) -> _IdsSay:
    places = []
    for pid in ids:
        try:
            places.append(gazetteer.get(pid))
        except (LookupError, AttributeError):
            return None, {}
    if not places:
        return None, {}
    if all(p.feature_type == "region" for p in places):
        return _areas_codes(places), {}
    levels = {level: _areas_codes([p for p in places if p.feature_type == level])
              for level in ("district", "subdistrict")}
    return None, {level: codes for level, codes in levels.items() if codes}


def _areas_codes(chosen: Sequence[Any]) -> list[str]:
    """The governorates of areas ``chosen``; none when there are more than two."""
    codes: list[str] = []
    for p in chosen:
        for c in (p.attributes.get("governorate_pcodes") or [p.governorate_pcode]):
            if c and str(c) not in codes:
                codes.append(str(c))
    return codes if len(codes) <= 2 else []


def _area_govs(mention: Any, said: _IdsSay, text: str) -> list[str]:
    """The governorates of the region, or the district / sub-district named as such, that
    ``mention`` names (its places say ``said``); none when it may name something else
    too."""
    regions, levels = said
    if regions is not None:
        return list(regions)
    if not levels:
        return []
    after = _ADMIN_AFTER_RE.match(text, getattr(mention, "end", len(text)))
    if after is None:
        return []
    level = "subdistrict" if after.group(1).lower().startswith(("sub", "nah")) \
        else "district"
    return list(levels.get(level, ()))


#: :func:`_zone_gov` asks the gazetteer for a zone it is sure of
#: (``Gazetteer.confident_place``: no fuzzy matching where none could be sure enough)
#: rather than for the zone a name resolves to, and how sure (off: resolved).
_ZONE_IF_CONFIDENT = True
#: Least confidence of the zone a name resolves to for its governorate to count.
_ZONE_CONFIDENCE = 0.8


def _zone_gov(name: str, gazetteer: Any) -> str | None:
    """The one governorate of a zone named after it ("Homs desert" → SY04)."""
    try:
        place = _sure_zone(name, gazetteer)
    except (LookupError, ValueError, TypeError):
        return None
    if place is None:
        return None
    codes = place.attributes.get("governorate_pcodes") or []
    return str(codes[0]) if len(codes) == 1 else None


def _sure_zone(name: str, gazetteer: Any) -> Any:
    """The zone ``name`` resolves to when the gazetteer is at least
    :data:`_ZONE_CONFIDENCE` sure of it, else ``None``."""
    confident = getattr(gazetteer, "confident_place", None) if _ZONE_IF_CONFIDENT else None
    if confident is not None:
        return confident(name, feature_types={"zone"}, min_confidence=_ZONE_CONFIDENCE)
    res = gazetteer.resolve(name, feature_types={"zone"})
    place = res.place if res is not None else None
    return place if place is not None and res.confidence >= _ZONE_CONFIDENCE else None


def rank_expressions(exprs: Sequence[PlaceExpression]) -> list[PlaceExpression]:
    """Expressions in the order a note's place is looked for: places and road stretches
    in text order, then whole roads, then parts of governorates and zones, then
    governorates."""
    if len(exprs) < 2:
        return list(exprs)  # (the order of one)
    return sorted(exprs, key=lambda e: (_TIER.get(e.kind, 0),
                                        getattr(e, "origin", "pattern") == "mention", e.start))


# -- fitting the context ---------------------------------------------------------------------
def _gov_geometry(gazetteer: Any, code: str) -> Any:
    areas = getattr(gazetteer, "areas", None)
    place = areas.governorate_by_pcode(code) if areas is not None else None
    if place is None or place.geometry is None:
        try:
            place = gazetteer.get(f"gov:{code}")
        except LookupError:
            return None
    return place.geometry


def _governorates_union(gazetteer: Any, codes: Sequence[str]) -> Any:
    """The union of the outlines of governorates ``codes`` (those the gazetteer draws), in
    that order; ``None`` when it draws none of them."""
    key = tuple(codes)
    cache = _cache(_UNION_CACHE, gazetteer) if _REMEMBER_GEOMETRY else {}
    if key not in cache:
        govs = [g for c in key if (g := _gov_geometry(gazetteer, c)) is not None]
        cache[key] = shapely.union_all(govs) if govs else None
    return cache[key]


def _km_outside(gazetteer: Any, point: tuple[float, float], codes: frozenset[str]) -> float:
    """Distance (km, roughly) from ``point`` to the nearest of the governorates ``codes``
    (remembered per gazetteer: the same towns fall outside the same governorates)."""
    cache = _cache(_OUTSIDE_CACHE, gazetteer) if _REMEMBER_GEOMETRY else {}
    key = (point[0], point[1], codes)
    km = cache.get(key)
    if km is None:
        km = _nearest_km(gazetteer, point, codes)
        if len(cache) >= _FIT_CACHE_SIZE:
            cache.clear()
        cache[key] = km
    return km


def _nearest_km(gazetteer: Any, point: tuple[float, float], codes: frozenset[str]) -> float:
    best = math.inf
    p = Point(point)
    for code in codes:
        geom = _gov_geometry(gazetteer, code)
        if geom is None:
            continue
        d = geom.distance(p)
        best = min(best, d * 111.0 * max(0.5, math.cos(math.radians(point[1]))) if d else 0.0)
    return best


def _point_gov(gazetteer: Any, loc: Location) -> str | None:
    """The governorate a point location's own record says it is in."""
    for pid in (loc.place_id or "").split(","):
        try:
            place = gazetteer.get(pid)
        except LookupError:
            continue
        code = _place_gov(place)
        if code:
            return code
    return None


def _is_point(geom: Any) -> bool:
    """Whether ``geom`` is a point (a shapely ``Point`` told by its class: reading
    ``geom_type`` asks GEOS)."""
    return isinstance(geom, Point) or geom.geom_type == "Point"


def fits(loc: Location, ctx: NoteContext, gazetteer: Any) -> bool:
    """True when ``loc`` lies in (or within :data:`GOVERNORATE_SLACK_KM` of) a governorate
    the note names; always true when the note names none."""
    if not ctx.governorates:
        return True
    if loc.geometry is not None and not _is_point(loc.geometry):
        # an area or a road: it fits when it reaches into a named governorate
        return _reaches_into(gazetteer, loc.geometry, ctx.governorates)
    if _point_gov(gazetteer, loc) in ctx.governorates:
        return True
    if loc.confidence < ANCHOR_CONFIDENCE:  # a loose match gets no slack
        return False
    return _km_outside(gazetteer, loc.point, ctx.governorates) <= GOVERNORATE_SLACK_KM


def _reaches_into(gazetteer: Any, geom: Any, codes: frozenset[str]) -> bool:
    """Whether area or line ``geom`` reaches into one of the governorates ``codes``
    (remembered, see :func:`_per_geometry`)."""
    return _per_geometry(_REACH_CACHE, gazetteer, geom, codes, _FIT_CACHE_SIZE, lambda: any(
        (g := _gov_geometry(gazetteer, c)) is not None and g.intersects(geom) for c in codes))


def _per_geometry(store: PerGazetteer[dict], gazetteer: Any, geom: Any, codes: Any,
                  size: int, work: Callable[[], T]) -> T:
    """``work()``, an answer about geometry ``geom`` and governorates ``codes``, remembered
    per gazetteer by the geometry object (shapely geometries are immutable; the object is
    kept with its answer, so that its id stays its own), at most ``size`` of them."""
    cache = _cache(store, gazetteer) if _REMEMBER_GEOMETRY else {}
    key = (id(geom), codes)
    held = cache.get(key)
    if held is not None and held[0] is geom:
        return held[1]
    answer = work()
    if len(cache) >= size:
        cache.clear()
    cache[key] = (geom, answer)
    return answer


# -- areas: where an area answer is represented -----------------------------------------------
def _seat(gazetteer: Any, code: str) -> Any:
    """The seat (capital) of governorate ``code``, when the gazetteer records one."""
    try:
        gov = gazetteer.get(f"gov:{code}")
        return gazetteer.get(gov.attributes["capital_place_id"])
    except (LookupError, KeyError):
        return None


def _own_governorate(loc: Location, gazetteer: Any) -> str | None:
    """The P-code when ``loc`` is one governorate (or a part of one), else ``None``."""
    ids = (loc.place_id or "").split(",")
    if len(ids) != 1:
        return None
    try:
        place = gazetteer.get(ids[0])
    except LookupError:
        return None
    return _place_gov(place) if place.feature_type == "governorate" else None


def area_point(loc: Location, ctx: NoteContext, gazetteer: Any, *,
               qualifier: str | None = None) -> Location:
    """An area answer, clipped to the governorates the note names, with its point where
    such areas are conventionally represented.

    - one governorate: its seat (the provincial capital: the central place that stands for
      a governorate-level event);
    - a part of a governorate ("the northern countryside of Hama", "eastern Dar'a"): the
      governorate's countryside on that side of its seat, :data:`COUNTRYSIDE_SHIFT_KM` from
      the seat in that direction;
    - any other area (a zone, "the Syrian desert in Rural Damascus"): the area ∩ the named
      governorates, represented by the pole of inaccessibility of its largest part (well
      inside, never on a border sliver).

    Each point is kept only when it lies inside the governorate as the gazetteer's area
    index draws it (OCHA's boundaries when imported). A seat outside its own governorate
    (Damascus, seat of Rural Damascus, which surrounds it) gives way to the governorate's
    land closest to it; any other point outside, to the pole of inaccessibility.
    """
    if loc.geometry is None or _is_point(loc.geometry):
        return loc
    key = (loc.place_id, loc.name, qualifier, ctx.named)
    cache = _cache(_AREA_CACHE, gazetteer)
    done = cache[key] if key in cache else _area_point_of(loc, ctx, gazetteer, qualifier,
                                                          cache, key)
    if done is None:
        return loc
    geom, point, radius, suffix = done
    return Location(geometry=geom, point=point, name=loc.name + suffix,
                    place_id=loc.place_id, feature_type=loc.feature_type,
                    geo_precision=loc.geo_precision, where_prec=loc.where_prec,
                    uncertainty_km=radius, confidence=loc.confidence,
                    candidates=loc.candidates)


#: An area that is one governorate (or a part of one) is represented alike whatever other
#: governorates the note names, so it is worked out once for all of them (off: once for
#: each list of governorates named).
_OWN_AREAS_ONCE = True


def _area_point_of(loc: Location, ctx: NoteContext, gazetteer: Any, qualifier: str | None,
                   cache: dict, key: tuple) -> tuple | None:
    """:func:`_area_point`, remembered in ``cache`` under ``key``; for one governorate's
    area, also under the key without the governorates named (:func:`_area_point` does not
    read them then), where an earlier note's answer is found."""
    own_key = (loc.place_id, loc.name, qualifier, None) if _OWN_AREAS_ONCE \
        and _own_governorate(loc, gazetteer) is not None else None
    if own_key is not None and own_key in cache:
        done = cache[own_key]
    else:
        done = _area_point(loc, ctx, gazetteer, qualifier)
        if own_key is not None:
            cache[own_key] = done
    cache[key] = done
    return done


#: How far from a governorate's seat its "<direction> countryside" is represented (km).
COUNTRYSIDE_SHIFT_KM = 20.0


def _inside(gazetteer: Any, code: str, point: tuple[float, float]) -> bool:
    geom = _gov_geometry(gazetteer, code)
    return geom is not None and geom.contains(Point(point))


def _pole(geom: Any) -> tuple[float, float]:
    if geom.geom_type == "MultiPolygon":  # the biggest part holds the point
        geom = max(geom.geoms, key=lambda g: g.area)
    pt = polylabel(geom, tolerance=0.01) if geom.geom_type == "Polygon" \
        else geom.representative_point()
    return (pt.x, pt.y)


def _area_point(loc: Location, ctx: NoteContext, gazetteer: Any, qualifier: str | None
                ) -> tuple | None:
    from gazetteer.geo import from_metric, to_metric
    from mapper.locate import _direction_vector, uncertainty_km

    geom, suffix = loc.geometry, ""
    own = _own_governorate(loc, gazetteer)
    named = [c for c in ctx.named if c != own] if own else list(ctx.named)
    govs = _governorates_union(gazetteer, named) if own is None else None
    if govs is not None and not _clip_keeps_all(geom, govs):
        inter = shapely.make_valid(geom).intersection(govs)
        if inter.geom_type == "GeometryCollection":
            inter = shapely.union_all([g for g in inter.geoms
                                       if g.geom_type.endswith("Polygon")])
        if not inter.is_empty and inter.area < 0.98 * geom.area:
            geom = inter
            names = [n for c in named if (n := _gov_name(gazetteer, c))
                     and n.casefold() not in loc.name.casefold()]
            suffix = f" ({', '.join(names)})" if names else ""
    point: tuple[float, float] | None = None
    if own is not None:
        seat = _seat(gazetteer, own)
        if seat is not None:
            point = (seat.lon, seat.lat)
            vec = _direction_vector(qualifier) if qualifier else None
            if vec is not None and vec != (0.0, 0.0):
                m = to_metric(Point(point))
                shifted = from_metric(Point(m.x + vec[0] * COUNTRYSIDE_SHIFT_KM * 1000,
                                            m.y + vec[1] * COUNTRYSIDE_SHIFT_KM * 1000))
                point = (shifted.x, shifted.y)
            if not _inside(gazetteer, own, point):
                point = _inside_near(gazetteer, own, point, geom) if vec is None else None
    if point is None:
        target = geom
        if own is not None and (g := _gov_geometry(gazetteer, own)) is not None:
            inner = shapely.make_valid(geom).intersection(g)
            target = inner if not inner.is_empty and inner.geom_type.endswith("Polygon") \
                else geom
        point = _pole(target)
    return geom, point, uncertainty_km(geom, point), suffix


#: An area the named governorates cover is not clipped to them (off: always clipped).
_SKIP_WHOLE_CLIPS = True


def _clip_keeps_all(geom: Any, govs: Any) -> bool:
    """Whether clipping ``geom`` to ``govs`` is sure to keep all of it, and so to be
    thrown away (a clip is kept only when it drops more than 2% of the area): ``geom``
    is valid (its own repair) and ``govs`` covers it, a predicate, far cheaper than the
    intersection."""
    if not _SKIP_WHOLE_CLIPS:
        return False
    try:
        return bool(geom.is_valid and govs.covers(geom))
    except shapely.errors.GEOSException:  # a predicate an older GEOS does not support
        return False


def _inside_near(gazetteer: Any, code: str, point: tuple[float, float], geom: Any
                 ) -> tuple[float, float] | None:
    """A point of governorate ``code`` (within ``geom``) close to ``point``, which lies
    outside it: Rural Damascus surrounds its seat, Damascus, so its events are
    represented in the ring of the governorate around the city, not in the desert."""
    gov = _gov_geometry(gazetteer, code)
    if gov is None:
        return None
    area = shapely.make_valid(geom).intersection(gov)
    for degrees in (0.15, 0.3, 0.6):
        ring = area.intersection(Point(point).buffer(degrees))
        polys = [g for g in getattr(ring, "geoms", [ring]) if g.geom_type.endswith("Polygon")]
        if polys:
            return _pole(shapely.union_all(polys))
    return None


def _gov_name(gazetteer: Any, code: str) -> str | None:
    try:
        return gazetteer.get(f"gov:{code}").name
    except LookupError:
        return None


# -- the note's location ---------------------------------------------------------------------
def locate_note(exprs: Sequence[PlaceExpression], gazetteer: Any, ctx: NoteContext
                ) -> tuple[PlaceExpression | None, Location | None, str | None]:
    """Where the event a note describes happened.

    The places (tier 0: towns, "near X", road stretches) are located first, with the
    governorates the note names as context. Those resolved confidently (unambiguous
    names, :data:`ANCHOR_CONFIDENCE`) anchor the rest: an uncertain name is resolved
    again with the anchors as ``near`` context and, when the note names no governorate,
    loses when it still lies farther than :data:`ANCHOR_KM` from every anchor. A town
    farther than :data:`NEAR_RELATION_KM` from every place the note puts the event near
    ("near Y", or :data:`COMPASS_RELATION_KM` for "east of Y"; a governorate's name is no
    such place) is resolved again near them, and loses if it is still that far. The first
    place, in :func:`rank_expressions` order, that fits the note wins; else the first area
    that fits; else the best misfit.

    Parameters
    ----------
    exprs
        Every place expression of the note (:func:`find_note_places`).
    gazetteer
        The gazetteer.
    ctx
        The note's context (:func:`note_context`).

    Returns
    -------
    (expression, location, reason)
        The expression chosen and its location, or ``(best guess, None, why)``.
    """
    rctx = ctx.resolve_context()
    ranked = rank_expressions(exprs)
    first = _FirstPlaces(ranked, gazetteer, rctx, ctx)
    if not _LOCATE_WHEN_NEEDED:
        first.anchors()
    fallback: _Choice | None = None
    reasons: list[str] = []
    for k, expr in enumerate(ranked):
        loc, reason = first.located(k) if k in first.places else _located(
            expr, gazetteer, rctx)
        near_ok = True
        if loc is not None and k in first.places and loc.confidence < ANCHOR_CONFIDENCE \
                and (others := [a for j, a in first.anchors() if j != k]):
            again = _located(expr, gazetteer, _near(rctx, ctx, others))[0]
            loc = again or loc
            # the governorates named are the stronger evidence, when there are any
            near_ok = bool(ctx.governorates) or min(
                _km(loc.point, a.point) for a in others) <= ANCHOR_KM
        if loc is None:
            if reason:
                reasons.append(reason)
            continue
        related = [(a, km) for j, a, km in first.nears(k)] if expr.kind == "place" else []
        if related and not _related(loc, related):
            again = _located(expr, gazetteer, _near(rctx, ctx, [a for a, _ in related]))[0]
            if again is not None and _related(again, related):
                loc = again
            else:
                near_ok = False
        ok = fits(loc, ctx, gazetteer)
        if ok and near_ok and (loc.confidence >= MIN_CONFIDENCE
                               or _TIER.get(expr.kind, 0) >= 2):
            return expr, _finish(expr, locate_memo.own_copy(loc), ctx, gazetteer), None
        if fallback is None or (ok and not fallback.fits):
            fallback = _Choice(expr, loc, ok)
    if fallback is not None:
        loc = locate_memo.own_copy(fallback.location)
        loc.confidence = round(loc.confidence * 0.8, 3)
        return fallback.expr, _finish(fallback.expr, loc, ctx, gazetteer), None
    expr = ranked[0] if ranked else None
    return expr, None, reasons[0] if reasons else "no place named in the note"


#: :func:`locate_note` reads the locations it remembers without copying them, and copies
#: only the one it answers with (off: every location a copy).
_SHARE_LOCATIONS = True


def _located(expr: PlaceExpression, gazetteer: Any, rctx: Any
             ) -> tuple[Location | None, str | None]:
    """``expr`` located with context ``rctx`` (remembered); the location is read, never
    changed (:func:`mapper.locate_memo.locate_shared`)."""
    if _SHARE_LOCATIONS:
        return locate_memo.locate_shared(expr, gazetteer, context=rctx)
    return locate_memo.locate_with_reason(expr, gazetteer, context=rctx)


#: :func:`locate_note` locates a place only when its answer is needed: the first place
#: that fits wins, and the later ones matter only as anchors of an uncertain place or as
#: the places a town is "near" (off: every place located first, as anchors).
_LOCATE_WHEN_NEEDED = True


#: :meth:`_FirstPlaces.nears` locates only the "near" places that may be one, not every
#: place (off: read from all the anchors, every place located).
_NEAR_ANCHORS_ALONE = True


class _FirstPlaces:
    """The places (tier 0) of a note's ranked expressions, located with the note's
    context when first asked for, and which of them anchor the others."""

    __slots__ = ("ranked", "gazetteer", "rctx", "ctx", "places", "_located", "_anchors",
                 "_nears")

    def __init__(self, ranked: Sequence[PlaceExpression], gazetteer: Any, rctx: Any,
                 ctx: NoteContext) -> None:
        self.ranked = ranked
        self.gazetteer = gazetteer
        self.rctx = rctx
        self.ctx = ctx
        self.places = [k for k, e in enumerate(ranked) if _TIER.get(e.kind, 0) == 0]
        self._located: dict[int, tuple[Location | None, str | None]] = {}
        self._anchors: list[tuple[int, Location]] | None = None
        self._nears: list[tuple[int, Location, float]] | None = None

    def located(self, k: int) -> tuple[Location | None, str | None]:
        """The location (or why none) of place ``k``."""
        found = self._located.get(k)
        if found is None:
            found = self._located[k] = _located(self.ranked[k], self.gazetteer, self.rctx)
        return found

    def anchors(self) -> list[tuple[int, Location]]:
        """The places located confidently inside the note's governorates."""
        if self._anchors is None:
            located = [(k, self.located(k)[0]) for k in self.places]
            self._anchors = [(k, loc) for k, loc in located if loc is not None
                             and self._anchors_with(loc)]
        return self._anchors

    def nears(self, k: int) -> list[tuple[int, Location, float]]:
        """The anchors, other than place ``k``, the note puts the event near, with how
        far from them it may be."""
        if self._nears is None:
            if _LOCATE_WHEN_NEEDED and not any(
                    self.ranked[j].kind == "near" and j != k for j in self.places):
                return []  # no other "near" expression: nothing to locate
            self._nears = self._near_anchors() if _NEAR_ANCHORS_ALONE else [
                (j, loc, km) for j, loc in self.anchors() if self.ranked[j].kind == "near"
                and (km := _relation_km(self.ranked[j])) is not None
                and not any(is_governorate_name(n, self.gazetteer)
                            for n in self.ranked[j].names)]
        return [n for n in self._nears if n[0] != k]

    def _near_anchors(self) -> list[tuple[int, Location, float]]:
        """:meth:`nears` of all places: the "near" places that say how far the event may
        be from them and name no governorate, each located only then, kept when it
        anchors the others."""
        known = dict(self._anchors) if self._anchors is not None else None
        out = []
        for j in self.places:
            expr = self.ranked[j]
            if expr.kind != "near" or (km := _relation_km(expr)) is None or any(
                    is_governorate_name(n, self.gazetteer) for n in expr.names):
                continue
            loc = known.get(j) if known is not None else self._anchor(j)
            if loc is not None:
                out.append((j, loc, km))
        return out

    def _anchor(self, k: int) -> Location | None:
        """The location of place ``k`` when it anchors the others, else ``None``."""
        loc = self.located(k)[0]
        return loc if loc is not None and self._anchors_with(loc) else None

    def _anchors_with(self, loc: Location) -> bool:
        """Whether located place ``loc`` anchors the others (:meth:`anchors`)."""
        return loc.confidence >= ANCHOR_CONFIDENCE and fits(loc, self.ctx, self.gazetteer)


def _relation_km(expr: PlaceExpression) -> float | None:
    """How far from the place a "near" expression names the event can be: "near X" and
    "the outskirts of X" a few kilometres, "east of X" farther; "X countryside" says
    nothing (``None``)."""
    if _NEAR_WORD_RE.search(expr.text):
        return NEAR_RELATION_KM
    if _COMPASS_WORD_RE.search(expr.text):
        return COMPASS_RELATION_KM
    return None


def _related(loc: Location, related: Sequence[tuple[Location, float]]) -> bool:
    """Is ``loc`` within reach of one of the places the note puts the event near?"""
    return any(_km(loc.point, a.point) <= km for a, km in related)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[1], a[0], b[1], b[0])


def _near(rctx: Any, ctx: NoteContext, anchors: Sequence[Location]) -> Any:
    return ResolveContext(governorate_pcodes=ctx.governorates,
                          near=tuple(a.point for a in anchors),
                          place_ids=getattr(rctx, "place_ids", frozenset()))


def _finish(expr: PlaceExpression, loc: Location, ctx: NoteContext, gazetteer: Any
            ) -> Location:
    """Areas and whole roads narrowed to the governorates the note names."""
    if loc.geometry is None or _is_point(loc.geometry):
        return loc
    if loc.feature_type == "corridor":
        return road_in_governorates(loc, ctx, gazetteer)
    return area_point(loc, ctx, gazetteer, qualifier=expr.qualifier)


def road_in_governorates(loc: Location, ctx: NoteContext, gazetteer: Any) -> Location:
    """"the Aleppo-Damascus highway in Idleb": the stretch of the road inside the named
    governorates, its point the middle of that stretch."""
    if not ctx.named or loc.geometry is None:
        return loc
    stretch = _road_stretch(gazetteer, loc.geometry, ctx.named)
    if stretch is None:
        return loc
    part, point, radius = stretch
    names = [n for c in ctx.named if (n := _gov_name(gazetteer, c))]
    return Location(geometry=part, point=point, name=f"{loc.name} ({', '.join(names)})",
                    place_id=loc.place_id, feature_type=loc.feature_type, geo_precision=2,
                    where_prec=loc.where_prec, uncertainty_km=radius,
                    confidence=loc.confidence, candidates=loc.candidates)


def _road_stretch(gazetteer: Any, road: Any, codes: tuple[str, ...]
                  ) -> tuple[Any, tuple[float, float], float] | None:
    """The longest stretch of line ``road`` inside governorates ``codes``, its point and
    radius; ``None`` when none, or when it is (nearly) the whole road (remembered, see
    :func:`_per_geometry`)."""
    return _per_geometry(_ROAD_CACHE, gazetteer, road, codes, _ROAD_CACHE_SIZE,
                         lambda: _cut_road(gazetteer, road, codes))


def _cut_road(gazetteer: Any, road: Any, codes: tuple[str, ...]
              ) -> tuple[Any, tuple[float, float], float] | None:
    from mapper.locate import representative_point, uncertainty_km

    govs = _governorates_union(gazetteer, codes)
    if govs is None:
        return None
    part = road.intersection(govs)
    lines = [g for g in getattr(part, "geoms", [part]) if g.geom_type.endswith("LineString")
             and not g.is_empty]
    if not lines:
        return None
    part = max(lines, key=lambda g: g.length) if len(lines) > 1 else lines[0]
    if part.length >= 0.98 * road.length:
        return None
    if part.geom_type == "MultiLineString":
        part = max(part.geoms, key=lambda g: g.length)
    point = representative_point(part)
    return part, point, uncertainty_km(part, point)


def find_note_places(text: str, mentions: Sequence[Any], gazetteer: Any, *,
                     memo: dict | None = None) -> list[PlaceExpression]:
    """Every place expression of a note: the patterns' and the gazetteer's mentions; when
    there are none, the governorates written in lower case ("the countryside of homs")
    (``memo``: pattern matches already made on ``text``, see
    :func:`mapper.place_expr.find_place_expressions`)."""
    exprs = find_place_expressions(text, 0, len(text), mentions=mentions, gazetteer=gazetteer,
                                   all_mentions=True, memo=memo)
    if exprs:
        return exprs
    return [PlaceExpression(text=m.group(0), start=m.start(), end=m.end(), kind="governorates",
                            names=[m.group(0)])
            for m in _LOWER_GOV_RE.finditer(text) if is_governorate_name(m.group(0))]


#: Governorate names as sloppy notes write them, in any case (a last resort).
_LOWER_GOV_RE = re.compile(
    r"(?i)\b(?:rural\s+damascus|damascus|aleppo|homs|hama|idl[ie]b|lat+akia|tartous|tartus"
    r"|(?:ar-?)?raqq?a|deir[- ]?ez[- ]?zor|(?:al-?)?hasakah?|hasakeh|dar'?aa?|deraa"
    r"|(?:as-?)?sweida|suwayda|quneitra)\b")
