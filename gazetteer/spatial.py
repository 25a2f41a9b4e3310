"""Point-in-area look-ups: governorate, district, sub-district and desert zone of a point.

:class:`AreaIndex` holds the gazetteer's area places (feature types ``governorate``,
``district``, ``subdistrict`` and ``zone``) in one shapely ``STRtree`` per level and answers

- ``admin_at(lon, lat)`` → ``{"governorate": Place | None, "district": ..., "subdistrict": ...}``
- ``zone_at(lon, lat)`` → the most specific desert zone holding the point, or ``None``
- vectorised variants (``admin_many``, ``governorate_pcodes``, ``zones_at``) for thousands
  of points at once: one tree query for all points, no Python loop per point
- ``zones_for_geometry(geom)`` → the zone a line or polygon overlaps most.

Preference rules
----------------
- **OCHA over Natural Earth.** Where both are loaded, OCHA-imported admin polygons (place id
  prefix ``ocha:``) win over the embedded Natural Earth governorates (``gov:``): a point is
  assigned from the ``ocha:`` polygons, and from the others only when no ``ocha:`` polygon
  holds it. Within a tier, the smaller polygon wins (a sliver overlap between neighbours).
  Whichever polygon answers, the place returned is the preferred one *of that P-code*, so a
  coastal point that only the Natural Earth Lattakia holds still comes back as OCHA's
  Lattakia: one name per governorate in the output.
- **Snap to the border.** A point in no admin polygon (a coastal town just outside the
  simplified coastline, a border post on the line) takes the nearest admin polygon within
  ``snap_km`` (default 10 km). Zones never snap: desert membership is strict.
- **The most specific zone.** A zone that mostly lies inside another zone (the Homs desert
  inside the Badia) is *nested* in it; a point takes the most deeply nested zone that holds
  it, then the smallest.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
from shapely import STRtree

from gazetteer.model import Place

logger = logging.getLogger(__name__)

#: Admin levels, from the largest to the smallest.
ADMIN_LEVELS: tuple[str, ...] = ("governorate", "district", "subdistrict")

#: A zone counts as nested in another when at least this share of its area lies inside it.
NESTED_SHARE = 0.5
#: Most points whose areas an :class:`AreaIndex` remembers per level.
_MEMO_POINTS = 200_000
#: Most lines / areas whose zone overlaps an :class:`AreaIndex` remembers.
_MEMO_GEOMS = 2048
#: After this many points of one level worked out one call at a time, the areas of every
#: point place given to the :class:`AreaIndex` are worked out in one vectorised query and
#: remembered (a table's rows land on the gazetteer's towns; a few calls never pay for it).
_PREFILL_AFTER = 64
#: :meth:`AreaIndex._indices_at` pre-fills its memo with the point places (off: each point
#: worked out when first asked).
_PREFILL = True
#: The pre-fill remembers the answers under the places' own (lon, lat) keys in one
#: ``dict.update`` when every coordinate is finite (off: key by key, from the arrays).
_PREFILL_BY_KEYS = True
#: Points given as lists, all remembered, are answered as lists, without arrays (off: every
#: answer read from an array).
_LISTS_WITHOUT_ARRAYS = True
#: One point held by an area is looked up alone, without the sorting that picks the
#: preferred area of each of many points (off: as one of many).
_ONE_POINT_ALONE = True
#: With answers saved with the store, the pre-fill reads them on the first point of a
#: level to work out, straight into the empty memo (off: after :data:`_PREFILL_AFTER`
#: points, as when working them out).
_SAVED_AT_ONCE = True
#: How the areas of a point are worked out (:meth:`AreaIndex._indices`): change it with the
#: rules, and answers saved by :meth:`AreaIndex.point_answers` under another one are not
#: used (the pre-fill works them out). 2: the answers list the areas valid as given and
#: the zones' nesting depths.
ANSWERS_RECIPE = 2
#: The areas whose geometries were valid when the answers were saved (ids listed with
#: them) are taken as valid (off: every geometry's validity is worked out).
_TRUST_SAVED_SOUND = True
#: The zones' nesting depths saved with the answers are read (off: worked out).
_TRUST_SAVED_NESTING = True
#: :meth:`AreaIndex.zone_holding` measures only the overlaps that can decide: the deepest
#: zones first, none that cannot hold the share (by its area, or the geometry clipped to
#: its bounds), none that holds the whole geometry when no other zone of its depth can
#: (off: every overlap measured, as :meth:`AreaIndex.zones_for_geometry` does).
_MEASURE_DECIDING_ONLY = True
#: The geometries :meth:`AreaIndex.zone_holding` measures only where it decides (valid ones).
_MEASURED_TYPES = frozenset(("LineString", "MultiLineString", "Polygon", "MultiPolygon"))
#: Relative margin below the share within which a bound does not rule a zone out (rounding).
_BOUND_MARGIN = 1e-6

_PCODE_RE = re.compile(r"^SY\d{2}(\d{2}(\d{2})?)?$")
_PCODE_ATTR = {"governorate": "governorate_pcode", "district": "district_pcode",
               "subdistrict": "subdistrict_pcode"}
_PCODE_LEN = {"governorate": 4, "district": 6, "subdistrict": 8}


def place_pcode(place: Place | None, level: str = "governorate") -> str | None:
    """The OCHA P-code of an admin place at ``level`` (``SY04``, ``SY0405``, ``SY040501``).

    Taken from the place's ``<level>_pcode`` field, else from its id (``gov:SY04``,
    ``ocha:SY0405``) when that id is a P-code of the right length.
    """
    if place is None:
        return None
    code = getattr(place, _PCODE_ATTR[level], None)
    if code:
        return code
    suffix = place.place_id.split(":", 1)[-1]
    if _PCODE_RE.match(suffix) and len(suffix) == _PCODE_LEN[level]:
        return suffix
    if level == "governorate":
        for key in ("pcode", "ocha_pcode"):
            val = place.attributes.get(key)
            if isinstance(val, str) and len(val) == 4 and val.startswith("SY"):
                return val
    return None


def _is_polygonal(geom: Any) -> bool:
    return geom is not None and not geom.is_empty and geom.geom_type in (
        "Polygon", "MultiPolygon", "GeometryCollection")


def _clean(geom: Any) -> Any:
    """A valid polygonal geometry (``make_valid`` keeps only the polygonal parts)."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
        if geom.geom_type == "GeometryCollection":
            polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(polys) if polys else shapely.Polygon()
    return geom


class _Layer:
    """One level of areas: places, their geometries, an STRtree and a preference rank."""

    __slots__ = ("places", "geoms", "tree", "rank", "canon", "_reach")

    def __init__(self, places: list[Place], geoms: list[Any], sort_keys: list[tuple]) -> None:
        self.places = places
        self.geoms = np.array(geoms, dtype=object)
        self.tree = STRtree(self.geoms) if places else None
        # rank[i] = position of place i in preference order (0 = preferred).
        order = sorted(range(len(places)), key=lambda i: sort_keys[i])
        self.rank = np.empty(len(places), dtype=np.int64)
        self.rank[order] = np.arange(len(places))
        # Prepared geometries make the point-in-polygon tests ~50x faster.
        shapely.prepare(self.geoms)
        self._reach: dict[float, Any] = {}
        # canon[i]: the preferred place with the same P-code as place i (else i itself).
        self.canon = np.arange(len(places), dtype=np.int64)

    def canonicalise(self, level: str) -> None:
        """Map every place to the preferred place of its P-code (OCHA over Natural Earth)."""
        best: dict[str, int] = {}
        for i in np.argsort(self.rank):
            code = place_pcode(self.places[i], level)
            if code:
                best.setdefault(code, int(i))
        for i, p in enumerate(self.places):
            code = place_pcode(p, level)
            if code:
                self.canon[i] = best[code]

    def __len__(self) -> int:
        return len(self.places)

    def reach(self, snap_deg: float) -> Any:
        """The layer's rough outline grown by ``snap_deg`` (built on first use, prepared)."""
        if snap_deg not in self._reach:
            # A pre-filter only, so a generous outline will do: the union of the convex
            # hulls (20x faster to build than the union of the polygons themselves).
            outline = shapely.union_all(shapely.convex_hull(self.geoms))
            grown = outline.buffer(snap_deg, quad_segs=4)
            shapely.prepare(grown)
            self._reach[snap_deg] = grown
        return self._reach[snap_deg]

    def _holding_one(self, point: Any) -> int:
        """:meth:`lookup` of one point held by an area (the preferred one: ranks are
        distinct, so the lowest rank wins), without sorting; ``-1`` when no area holds
        it (then :meth:`lookup` works it out, snapping)."""
        ti = self.tree.query(point)
        if len(ti):
            ti = ti[shapely.intersects(self.geoms[ti], point)]
        if not len(ti):
            return -1
        return int(self.canon[ti[np.argmin(self.rank[ti])]])

    def lookup(self, points: np.ndarray, *, snap_deg: float = 0.0) -> np.ndarray:
        """Index of the preferred area holding each point (``-1`` when none).

        The tree gives the bounding-box candidates; the exact test runs vectorised on the
        prepared polygons (much faster than the tree's own predicate, which prepares only
        the query points).
        """
        out = np.full(len(points), -1, dtype=np.int64)
        if self.tree is None or len(points) == 0:
            return out
        if _ONE_POINT_ALONE and len(points) == 1 and points[0] is not None:
            held = self._holding_one(points[0])
            if held >= 0:
                out[0] = held
                return out
        pi, ti = self.tree.query(points)
        if len(pi):
            hit = shapely.intersects(self.geoms[ti], points[pi])
            pi, ti = pi[hit], ti[hit]
        if len(pi):
            order = np.lexsort((self.rank[ti], pi))
            pi, ti = pi[order], ti[order]
            _, first = np.unique(pi, return_index=True)
            out[pi[first]] = self.canon[ti[first]]
        if snap_deg > 0:
            miss = np.flatnonzero(out < 0)
            if len(miss):
                cand = points[miss]
                ok = ~shapely.is_missing(cand)
                ok[ok] = ~shapely.is_empty(cand[ok])
                ok[ok] = shapely.intersects(self.reach(snap_deg), cand[ok])
                near = miss[ok]
                if len(near):
                    # query_nearest is ~7x slower here than dwithin + distance.
                    qi, ti = self.tree.query(points[near], predicate="dwithin",
                                             distance=snap_deg)
                    if len(qi):
                        d = shapely.distance(self.geoms[ti], points[near][qi])
                        order = np.lexsort((self.rank[ti], d, qi))
                        qi, ti = qi[order], ti[order]
                        _, first = np.unique(qi, return_index=True)
                        out[near[qi[first]]] = self.canon[ti[first]]
        return out


class AreaIndex:
    """Spatial index of the gazetteer's areas: point → admin units and desert zone.

    Parameters
    ----------
    places
        Any places; those with a polygonal ``geometry`` and a feature type in
        :data:`ADMIN_LEVELS` or ``zone`` are indexed, the rest ignored.
    snap_km
        A point in no admin polygon takes the nearest one within this distance (km);
        ``0`` disables snapping.
    answers
        The areas of the point places as :meth:`point_answers` gave them for these places
        (saved with the store): the pre-fill of the per-point memo reads them instead of
        working them out, and the areas they list as valid are not checked again; ignored
        when they are not of these places and rules.

    Examples
    --------
    >>> areas = AreaIndex(gazetteer_places)                     # doctest: +SKIP
    >>> areas.admin_at(38.87, 34.89)["governorate"].name         # doctest: +SKIP
    'Homs'
    >>> areas.zone_at(38.87, 34.89).place_id                     # doctest: +SKIP
    'zone:homs-desert'
    """

    def __init__(self, places: Iterable[Place], *, snap_km: float = 10.0,
                 answers: dict[str, Any] | None = None) -> None:
        self.snap_km = float(snap_km)
        places = list(places)
        sound = self._saved_sound(answers)
        depths = self._saved_depths(answers)
        self._index_areas(places, sound, depths)
        # The pre-fill's answers as saved with the store, if of these places and rules.
        self._saved_answers = answers if answers is not None and self._answers_fit(
            answers) else None
        if (sound or depths) and self._saved_answers is None:
            self._index_areas(places, frozenset(), {})  # (what was saved is not of these)
        if self._saved_answers is not None:
            self._take_saved_reach(self._saved_answers)
        self._memo: dict[str, dict[tuple[float, float], int]] = {}
        # Points worked out per level before its pre-fill (a level is dropped once pre-filled).
        self._worked_out: dict[str, int] = dict.fromkeys((*ADMIN_LEVELS, "zone"), 0)
        self._overlaps: dict[bytes, tuple[tuple[Place, float], ...]] = {}
        self._by_pcode: dict[str, Place] = {}
        gov = self._levels["governorate"]
        for i in np.argsort(gov.rank)[::-1]:  # preferred last, so it wins
            code = place_pcode(gov.places[i], "governorate")
            if code:
                self._by_pcode[code] = gov.places[i]
        logger.debug("AreaIndex: %s, %d zones",
                     ", ".join(f"{len(v)} {k}" for k, v in self._levels.items()),
                     len(self._zones))

    @staticmethod
    def _saved_sound(answers: dict[str, Any] | None) -> frozenset[str]:
        """The ids of the areas whose geometries were valid as given when ``answers`` were
        saved (:meth:`point_answers`; empty when none are saved under this recipe)."""
        if not _TRUST_SAVED_SOUND or not isinstance(answers, dict) or answers.get(
                "recipe") != ANSWERS_RECIPE:
            return frozenset()
        sound = answers.get("sound")
        return frozenset(sound) if isinstance(sound, list | tuple) else frozenset()

    @staticmethod
    def _saved_depths(answers: dict[str, Any] | None) -> dict[str, int]:
        """Each zone's :meth:`_nesting` depth (by id) as saved with ``answers`` (empty
        when none are saved under this recipe)."""
        if not _TRUST_SAVED_NESTING or not isinstance(answers, dict) or answers.get(
                "recipe") != ANSWERS_RECIPE:
            return {}
        depths = answers.get("zone_depth")
        return depths if isinstance(depths, dict) else {}

    def _index_areas(self, places: list[Place], sound: frozenset[str],
                     depths: dict[str, int]) -> None:
        """Index the areas of ``places`` by level, their geometries made valid (those of
        the ids in ``sound`` taken as valid), the zones ranked by their depths (read from
        ``depths`` when it holds every zone), and note the points of the point places."""
        by_level: dict[str, list[tuple[Place, Any]]] = {lvl: [] for lvl in ADMIN_LEVELS}
        zones: list[tuple[Place, Any]] = []
        # The points of the point places, for the pre-fill of the per-point memo.
        self._place_points: dict[tuple[float, float], None] = {}
        for p in places:
            if p.feature_type not in by_level and p.feature_type != "zone":
                if not (p.is_area or p.is_line):
                    self._place_points[(p.lon, p.lat)] = None
                continue
            if not _is_polygonal(p.geometry):
                continue
            geom = p.geometry if p.place_id in sound else _clean(p.geometry)
            if geom.is_empty:
                logger.warning("area %s has an empty geometry after repair; skipped", p.place_id)
                continue
            (zones if p.feature_type == "zone" else by_level[p.feature_type]).append((p, geom))
        self._levels: dict[str, _Layer] = {}
        for lvl, items in by_level.items():
            keys = [(0 if p.place_id.startswith("ocha:") else 1, g.area, p.place_id)
                    for p, g in items]
            self._levels[lvl] = _Layer([p for p, _ in items], [g for _, g in items], keys)
            self._levels[lvl].canonicalise(lvl)
        if zones and len(depths) == len(zones) and all(p.place_id in depths for p, _ in zones):
            self._zone_depth = [depths[p.place_id] for p, _ in zones]
        else:
            self._zone_depth = self._nesting([g for _, g in zones])
        zkeys = [(-d, g.area, p.place_id) for (p, g), d in zip(zones, self._zone_depth,
                                                               strict=True)]
        self._zones = _Layer([p for p, _ in zones], [g for _, g in zones], zkeys)

    @staticmethod
    def _nesting(geoms: list[Any]) -> list[int]:
        """For each zone, how many larger zones hold most (:data:`NESTED_SHARE`) of it."""
        depth = [0] * len(geoms)
        for i, gi in enumerate(geoms):
            ai = gi.area
            for j, gj in enumerate(geoms):
                if i == j or gj.area <= ai or not gi.intersects(gj):
                    continue
                if gi.intersection(gj).area >= NESTED_SHARE * ai:
                    depth[i] += 1
        return depth

    # -- what is indexed ------------------------------------------------------------------------
    def has_level(self, level: str) -> bool:
        """True when areas of ``level`` (governorate / district / subdistrict / zone) exist."""
        if level == "zone":
            return len(self._zones) > 0
        _check_level(level)
        return len(self._levels[level]) > 0

    def places(self, level: str) -> list[Place]:
        """The indexed places of ``level`` (governorate / district / subdistrict / zone)."""
        if level == "zone":
            return list(self._zones.places)
        _check_level(level)
        return list(self._levels[level].places)

    def governorate_by_pcode(self, pcode: str) -> Place | None:
        """The preferred governorate place with OCHA P-code ``pcode`` (``SY04``)."""
        return self._by_pcode.get(pcode)

    # -- single points --------------------------------------------------------------------------
    def admin_at(self, lon: float, lat: float) -> dict[str, Place | None]:
        """Governorate, district and sub-district holding ``(lon, lat)``.

        Returns
        -------
        dict
            ``{"governorate": Place | None, "district": Place | None,
            "subdistrict": Place | None}``; a level with no polygons loaded is ``None``.
        """
        many = self.admin_many([lon], [lat])
        return {lvl: many[lvl][0] for lvl in ADMIN_LEVELS}

    def governorate_at(self, lon: float, lat: float) -> Place | None:
        """The governorate holding ``(lon, lat)``, or ``None``."""
        return self.places_at("governorate", [lon], [lat])[0]

    def zone_at(self, lon: float, lat: float) -> Place | None:
        """The most specific desert zone holding ``(lon, lat)`` (a named zone over the Badia)."""
        return self.zones_at([lon], [lat])[0]

    # -- many points ----------------------------------------------------------------------------
    @staticmethod
    def _coords(lons: Sequence[float] | np.ndarray, lats: Sequence[float] | np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(lons, dtype=float)
        y = np.asarray(lats, dtype=float)
        if x.shape != y.shape:
            raise ValueError(f"lons and lats differ in shape: {x.shape} vs {y.shape}")
        return x, y

    @classmethod
    def _points(cls, lons: Sequence[float] | np.ndarray, lats: Sequence[float] | np.ndarray
                ) -> np.ndarray:
        return shapely.points(*cls._coords(lons, lats))

    def _indices(self, level: str, points: np.ndarray) -> np.ndarray:
        if level == "zone":
            return self._zones.lookup(points)
        _check_level(level)
        return self._levels[level].lookup(points, snap_deg=self.snap_km / 111.0)

    def _indices_at(self, level: str, lons: Sequence[float] | np.ndarray,
                    lats: Sequence[float] | np.ndarray) -> np.ndarray:
        """:meth:`_indices` of the points (lons, lats), remembered per point.

        Incidents keep landing on the same towns; each distinct point is tested once.
        Each point's answer depends on that point alone, so this changes no result.
        Points given as lists, all remembered, are answered without arrays (a table's
        rows come one at a time).
        """
        hits = self._remembered(level, lons, lats)
        if hits is not None:
            return np.array(hits, dtype=np.int64)
        x, y = self._coords(lons, lats)
        x, y = x.ravel(), y.ravel()
        memo = self._memo.setdefault(level, {})
        if _SAVED_AT_ONCE and _PREFILL and level in self._worked_out and self._usable_answers(
                level) is not None:
            del self._worked_out[level]  # (read, not worked out: no need to wait)
            self._prefill(level, memo)
        out = np.empty(len(x), dtype=np.int64)
        miss: list[int] = []
        for k, key in enumerate(zip(x.tolist(), y.tolist(), strict=True)):
            hit = memo.get(key)
            if hit is None:
                miss.append(k)
            else:
                out[k] = hit
        if miss:
            mx, my = x[miss], y[miss]
            found = self._indices(level, shapely.points(mx, my))
            out[miss] = found
            self._remember(memo, mx.tolist(), my.tolist(), found.tolist())
            if _PREFILL and level in self._worked_out:
                self._worked_out[level] += len(miss)
                if self._worked_out[level] >= _PREFILL_AFTER:
                    del self._worked_out[level]  # once per level
                    self._prefill(level, memo)
        return out

    def _remembered(self, level: str, lons: Sequence[float] | np.ndarray,
                    lats: Sequence[float] | np.ndarray) -> list[int] | None:
        """The remembered :meth:`_indices` of points given as equal-length lists, when
        every one of them is remembered, else ``None``."""
        memo = self._memo.get(level)
        if not (memo and isinstance(lons, list) and isinstance(lats, list)
                and len(lons) == len(lats)):
            return None
        try:
            hits = [memo.get((float(a), float(b))) for a, b in zip(lons, lats, strict=True)]
        except (TypeError, ValueError):
            return None
        return None if None in hits else hits

    @staticmethod
    def _remember(memo: dict[tuple[float, float], int], xs: list[float], ys: list[float],
                  found: list[int]) -> None:
        if len(memo) + len(xs) > _MEMO_POINTS:
            memo.clear()
        for xi, yi, i in zip(xs, ys, found, strict=True):
            if math.isfinite(xi) and math.isfinite(yi):
                memo[(xi, yi)] = i

    def _prefill(self, level: str, memo: dict[tuple[float, float], int]) -> None:
        """Remember the areas of ``level`` of every point place not yet remembered, worked
        out in one vectorised query (each point's answer depends on that point alone), or
        read from the answers saved with the store (:meth:`point_answers`)."""
        if _SAVED_AT_ONCE and not memo and self._take_all_saved(level, memo):
            return
        ks = [k for k, pt in enumerate(self._place_points) if pt not in memo]
        if not ks or len(memo) + len(ks) > _MEMO_POINTS:
            return
        points = list(self._place_points)
        todo = [points[k] for k in ks] if len(ks) < len(points) else points
        try:
            x, y = self._coords([pt[0] for pt in todo], [pt[1] for pt in todo])
        except (TypeError, ValueError):  # a place without numeric coordinates
            return
        saved = self._usable_answers(level)
        if saved is not None:
            found = saved[ks]
        else:
            found = self._indices(level, shapely.points(x, y))
        if _PREFILL_BY_KEYS and bool(np.isfinite(x).all() and np.isfinite(y).all()):
            memo.update(zip(todo, found.tolist(), strict=True))  # the same keys, at C speed
        else:
            self._remember(memo, x.tolist(), y.tolist(), found.tolist())

    def _take_all_saved(self, level: str, memo: dict[tuple[float, float], int]) -> bool:
        """:meth:`_prefill` of an empty memo from the saved answers (those of every point
        place, in order), when the pre-fill would remember them all under the places' own
        keys; ``False`` (nothing done) otherwise."""
        saved = self._usable_answers(level)
        if saved is None or not _PREFILL_BY_KEYS or not (
                0 < len(self._place_points) <= _MEMO_POINTS) or not bool(
                np.isfinite(self._saved_answers["points"]).all()):
            return False
        memo.update(zip(self._place_points, saved.tolist(), strict=True))
        return True

    def point_answers(self) -> dict[str, Any]:
        """The areas of every point place at every level, for the store to save.

        Returns
        -------
        dict
            What ``AreaIndex(places, answers=...)`` takes: per level (and ``zone``) the
            answer of :meth:`_indices` for each point place, each admin level's snap
            outline (:meth:`_Layer.reach`, as WKB) and the ids of the areas whose
            geometries are valid as given (``sound``) and each zone's nesting depth
            (``zone_depth``), with what they depend on
            (:data:`ANSWERS_RECIPE`, ``snap_km``, the points, each level's places), so
            that answers saved for other places or rules are not used.
        """
        points = list(self._place_points)
        x, y = self._coords([pt[0] for pt in points], [pt[1] for pt in points])
        geoms = shapely.points(x, y)
        answers = {level: self._indices(level, geoms).astype(np.int32)
                   for level in (*ADMIN_LEVELS, "zone")}
        snap_deg = self.snap_km / 111.0
        reach = {level: (snap_deg, shapely.to_wkb(layer.reach(snap_deg)))
                 for level, layer in self._levels.items() if len(layer) and snap_deg > 0}
        return {"recipe": ANSWERS_RECIPE, "snap_km": self.snap_km,
                "points": np.column_stack([x, y]), "layers": self._layer_ids(),
                "answers": answers, "reach": reach, "sound": self._sound_ids(),
                "zone_depth": {p.place_id: d for p, d in zip(
                    self._zones.places, self._zone_depth, strict=True)}}

    def _sound_ids(self) -> list[str]:
        """The ids of the indexed areas whose geometries are used as given (valid)."""
        return [p.place_id
                for layer in (*self._levels.values(), self._zones)
                for p, geom in zip(layer.places, layer.geoms, strict=True)
                if geom is p.geometry]

    def _layer_ids(self) -> dict[str, list[str]]:
        """The place ids of each level, in the order the answers number them."""
        return {level: [p.place_id for p in layer.places]
                for level, layer in (*self._levels.items(), ("zone", self._zones))}

    def _answers_fit(self, saved: dict[str, Any]) -> bool:
        """Whether answers saved by :meth:`point_answers` are of these places and rules."""
        try:
            points = list(self._place_points)
            ok = (saved["recipe"] == ANSWERS_RECIPE and saved["snap_km"] == self.snap_km
                  and saved["layers"] == self._layer_ids()
                  and np.array_equal(saved["points"], np.array(points, dtype=float)
                                     .reshape(len(points), 2))
                  and all(len(a) == len(points) for a in saved["answers"].values()))
        except (KeyError, TypeError, ValueError, AttributeError):
            ok = False
        if not ok:
            logger.info("the saved areas of the point places are not of these places; "
                        "they are worked out")
        return ok

    def _take_saved_reach(self, saved: dict[str, Any]) -> None:
        """Give each admin level its saved snap outline (:meth:`_Layer.reach`)."""
        for level, (snap_deg, wkb) in saved.get("reach", {}).items():
            outline = shapely.from_wkb(wkb)
            shapely.prepare(outline)
            self._levels[level]._reach[snap_deg] = outline

    def _usable_answers(self, level: str) -> Any:
        """The saved answers of ``level`` (one per point place), or ``None``."""
        saved = self._saved_answers
        return None if saved is None else saved["answers"].get(level)

    def places_at(self, level: str, lons: Sequence[float] | np.ndarray,
                  lats: Sequence[float] | np.ndarray) -> list[Place | None]:
        """Vectorised: the area of ``level`` holding each point (``None`` where none).

        Parameters
        ----------
        level
            ``governorate``, ``district``, ``subdistrict`` or ``zone``.
        lons, lats
            Equal-length sequences / arrays of degrees.
        """
        idx = self._listed_indices(level, lons, lats)
        layer = self._zones if level == "zone" else self._levels[level]
        return self._places_of(layer, idx)

    def _listed_indices(self, level: str, lons: Sequence[float] | np.ndarray,
                        lats: Sequence[float] | np.ndarray) -> list[int]:
        """:meth:`_indices_at` as a list of ints; points given as lists, all remembered,
        are answered without arrays (a table's rows come one at a time)."""
        hits = self._remembered(level, lons, lats) if _LISTS_WITHOUT_ARRAYS else None
        return hits if hits is not None else self._indices_at(level, lons, lats).tolist()

    @staticmethod
    def _places_of(layer: _Layer, idx: list[int]) -> list[Place | None]:
        places = layer.places
        return [places[i] if i >= 0 else None for i in idx]

    def admin_many(self, lons: Sequence[float] | np.ndarray,
                   lats: Sequence[float] | np.ndarray) -> dict[str, list[Place | None]]:
        """Vectorised :meth:`admin_at`: ``{level: [Place | None per point]}``."""
        out: dict[str, list[Place | None]] = {}
        for lvl in ADMIN_LEVELS:
            layer = self._levels[lvl]
            if len(layer):
                out[lvl] = self._places_of(layer, self._listed_indices(lvl, lons, lats))
            else:
                out[lvl] = [None] * self._coords(lons, lats)[0].size
        return out

    def governorate_pcodes(self, lons: Sequence[float] | np.ndarray,
                           lats: Sequence[float] | np.ndarray) -> np.ndarray:
        """Vectorised governorate P-codes (object array; ``None`` outside every governorate)."""
        layer = self._levels["governorate"]
        codes = np.array([place_pcode(p, "governorate") for p in layer.places] + [None],
                         dtype=object)
        idx = self._indices_at("governorate", lons, lats)
        return codes[idx]  # -1 picks the trailing None

    def zones_at(self, lons: Sequence[float] | np.ndarray,
                 lats: Sequence[float] | np.ndarray) -> list[Place | None]:
        """Vectorised :meth:`zone_at`."""
        return self.places_at("zone", lons, lats)

    # -- lines and polygons ---------------------------------------------------------------------
    def zones_overlapping(self, geom: Any) -> list[tuple[Place, float]]:
        """Zones that ``geom`` overlaps, with the overlapping share of ``geom`` in [0, 1].

        The share is by length for lines, by area for polygons (1.0 for a point inside).
        Sorted by share, largest first.
        """
        if geom is None or geom.is_empty or self._zones.tree is None:
            return []
        try:
            key = geom.wkb  # equal geometries (a road, a governorate) recur across incidents
        except (AttributeError, shapely.errors.GEOSException):
            key = None
        if key is not None and key in self._overlaps:
            return list(self._overlaps[key])
        out = self._zones_overlapping(geom)
        if key is not None:
            if len(self._overlaps) >= _MEMO_GEOMS:
                self._overlaps.clear()
            self._overlaps[key] = tuple(out)
        return out

    def _zones_overlapping(self, geom: Any) -> list[tuple[Place, float]]:
        idx = self._zones.tree.query(geom, predicate="intersects")
        dim = shapely.get_dimensions(geom)
        measure = shapely.length if dim == 1 else shapely.area
        total = float(measure(geom)) if dim > 0 else 0.0
        out: list[tuple[Place, float]] = []
        for i in idx:
            if dim == 0 or total <= 0:
                share = 1.0
            else:
                share = float(measure(shapely.intersection(geom, self._zones.geoms[i]))) / total
            if share > 0:
                out.append((self._zones.places[i], min(share, 1.0)))
        out.sort(key=lambda ps: -ps[1])
        return out

    def zone_holding(self, geom: Any, share: float) -> Place | None:
        """The zone :meth:`zones_for_geometry` gives with ``min_share=share``, when its
        overlap holds at least ``share`` of ``geom`` (else ``None``).

        The same answer as from :meth:`zones_for_geometry` and :meth:`zones_overlapping`;
        for a line or an area only the overlaps that can decide are measured (see
        :data:`_MEASURE_DECIDING_ONLY`).
        """
        if geom is None or geom.is_empty:
            return None
        # (a share of 1 is decided by the measured overlap alone: a zone holding the whole
        # geometry may measure a hair less)
        if not (_MEASURE_DECIDING_ONLY and 0 < share < 1 and self._zones.tree is not None
                and geom.geom_type in _MEASURED_TYPES and geom.is_valid):
            return self._zone_holding_plain(geom, share)
        dim = shapely.get_dimensions(geom)
        measure = shapely.length if dim == 1 else shapely.area
        total = float(measure(geom))
        if not total > 0:
            return self._zone_holding_plain(geom, share)
        idx = self._zones.tree.query(geom, predicate="intersects").tolist()
        depths = self._zone_depth
        for depth in sorted({depths[i] for i in idx}, reverse=True):
            level = [i for i in idx if depths[i] == depth]
            held = self._holding_share(geom, level, share, total, dim, measure)
            if held:
                return self._zones.places[held[0] if len(held) == 1 else max(
                    held, key=lambda i: self._share(geom, i, total, measure))]
        return None

    def _zone_holding_plain(self, geom: Any, share: float) -> Place | None:
        """:meth:`zone_holding` from every overlap measured."""
        zone = self.zones_for_geometry(geom, min_share=share)
        if zone is None:
            return None
        shares = {p.place_id: s for p, s in self.zones_overlapping(geom)}
        return zone if shares.get(zone.place_id, 0.0) >= share else None

    def _holding_share(self, geom: Any, idx: list[int], share: float, total: float,
                       dim: int, measure: Any) -> list[int]:
        """The zones of ``idx`` (in order) whose overlap with ``geom`` holds at least
        ``share`` of it, measured only when neither a bound nor holding it all decides."""
        floor = share * total * (1.0 - _BOUND_MARGIN)
        geoms = self._zones.geoms
        out: list[int] = []
        for i in idx:
            zone = geoms[i]
            if dim == 2 and zone.area < floor:
                continue
            if float(measure(shapely.clip_by_rect(geom, *zone.bounds))) < floor:
                continue
            if zone.contains(geom):
                out.append(i)  # the whole of it, whatever the rounding of the measure
            elif self._share(geom, i, total, measure) >= share:
                out.append(i)
        return out

    def _share(self, geom: Any, i: int, total: float, measure: Any) -> float:
        """The share of ``geom`` that zone ``i`` holds, as :meth:`zones_overlapping`
        measures it."""
        return min(float(measure(shapely.intersection(geom, self._zones.geoms[i]))) / total,
                   1.0)

    def zones_for_geometry(self, geom: Any, *, min_share: float = 0.2) -> Place | None:
        """The zone a line or polygon lies in: the most specific zone with the largest overlap.

        Zones overlapping at least ``min_share`` of the geometry are eligible; among those the
        most deeply nested (a named desert over the Badia) with the largest overlap wins. When
        none reaches ``min_share`` the zone with the largest overlap is returned. A point is
        looked up with :meth:`zone_at`.
        """
        if geom is None or geom.is_empty:
            return None
        if shapely.get_dimensions(geom) == 0:
            p = geom.representative_point()
            return self.zone_at(p.x, p.y)
        overlaps = self.zones_overlapping(geom)
        if not overlaps:
            return None
        depth = {p.place_id: d for p, d in zip(self._zones.places, self._zone_depth,
                                               strict=True)}
        eligible = [(p, s) for p, s in overlaps if s >= min_share]
        if not eligible:
            return overlaps[0][0]
        return max(eligible, key=lambda ps: (depth.get(ps[0].place_id, 0), ps[1]))[0]


def _check_level(level: str) -> None:
    if level not in ADMIN_LEVELS:
        raise ValueError(f"unknown admin level {level!r}; valid: "
                         f"{', '.join(ADMIN_LEVELS + ('zone',))}")
