"""Group located incidents by governorate, district and desert zone (a spatial join).

:func:`assign_groups` fills ``governorate``, ``governorate_pcode``, ``district``,
``district_pcode`` and ``desert_zone`` of every located incident, with one vectorised
:class:`gazetteer.spatial.AreaIndex` query for all representative points.

Rules
-----
- The **representative point** decides (``Location.point``: the town, the midpoint along a
  road segment, a point inside a polygon). A road or a two-governorate union therefore gets
  the one governorate its representative point is in, never a list: one value per column
  keeps the column groupable, and the geometry still shows the full extent.
- A location that *is* a governorate (``place_id`` ``gov:SY04`` / ``ocha:SY04``, or
  "western Deir Ezzor") takes that governorate directly, so a Natural Earth polygon's
  representative point can never land in a neighbour's OCHA polygon.
- A point in no governorate polygon (a coastal town outside a simplified coastline) takes
  the governorate P-code its gazetteer place records, if any.
- ``district`` / ``district_pcode`` are filled only when district polygons are loaded (an
  OCHA import); the embedded gazetteer has none.
- ``desert_zone``: for a zone record the zone's own name (several zones: their names joined
  with ``", "``); for a point the most specific zone holding it, or ``None`` (a Damascus
  street is in no desert zone). For a road segment or an area that is not a zone, the
  representative point alone would overstate what is known (the midpoint of a 340 km road
  is in the small Palmyra desert; the representative point of "Deir Ezzor, Al-Hasakah,
  Aleppo and Al-Raqqah" is in the Al-Raqqah desert), so the zone is the most specific one
  holding at least half of the line or area (:meth:`AreaIndex.zones_for_geometry`), else
  ``None``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from shapely.geometry import Point

from gazetteer.spatial import place_pcode
from mapper.locate_memo import PerGazetteer
from mapper.schema import Incident

logger = logging.getLogger(__name__)

__all__ = ["assign_groups"]


def _get(gazetteer: Any, place_id: str) -> Any:
    try:
        return gazetteer.get(place_id)
    except LookupError:
        return None


def _own_places(gazetteer: Any, place_id: str | None) -> list[Any]:
    """The gazetteer places a location's ``place_id`` names (comma-joined for unions)."""
    if not place_id:
        return []
    out = []
    for pid in place_id.split(","):
        p = _get(gazetteer, pid.strip())
        if p is not None:
            out.append(p)
    return out


#: Share of a line / area a zone must hold to be its ``desert_zone``.
EXTENT_SHARE = 0.5


def _zone_of_extent(areas: Any, geom: Any) -> Any:
    """The most specific zone holding at least :data:`EXTENT_SHARE` of a line or an area
    (:meth:`AreaIndex.zone_holding`), else ``None``."""
    return areas.zone_holding(geom, EXTENT_SHARE)


#: Distinct locations whose groups are remembered per gazetteer (then forgotten at once).
MEMO_SIZE = 16384
#: ``assign_groups`` remembers each location's groups (off: every location worked out).
_USE_MEMO = True

_MEMOS: PerGazetteer[dict] = PerGazetteer(dict)
#: One located incident whose groups are remembered takes them without the lists and
#: dictionaries that serve many (off: as one of many). A note's incident comes alone.
_ONE_REMEMBERED_ALONE = True


#: Most geometries whose WKB is remembered (then all forgotten).
_WKB_SIZE = 4096
#: :func:`_memo_key` remembers the WKB of each line or area geometry object it reads (off:
#: written out for every location). Locations share their gazetteer place's geometry: a
#: governorate's outline is written out once, not once per row.
_REMEMBER_WKB = True
#: id of a geometry → (the geometry, kept so that its id stays its own; its WKB).
_WKB_OF: dict[int, tuple[Any, bytes]] = {}


def _wkb(geom: Any) -> bytes | None:
    """``geom.wkb`` (shapely geometries are immutable), remembered per geometry object;
    ``None`` for a geometry without WKB."""
    if _REMEMBER_WKB:
        held = _WKB_OF.get(id(geom))
        if held is not None and held[0] is geom:
            return held[1]
    try:
        wkb = geom.wkb
    except Exception:  # noqa: BLE001 - a geometry without WKB is not remembered
        return None
    if _REMEMBER_WKB:
        if len(_WKB_OF) >= _WKB_SIZE:
            _WKB_OF.clear()
        _WKB_OF[id(geom)] = (geom, wkb)
    return wkb


def _memo_key(loc: Any) -> tuple | None:
    """What a location's groups depend on: its representative point, place id and feature
    type, and its geometry when that is a line or an area (``None``: not a dictionary key).
    """
    geom = loc.geometry
    if geom is None:
        shape: Any = None
    elif isinstance(geom, Point) or geom.geom_type == "Point":
        shape = "Point"  # a point geometry: only the representative point is looked up
    else:
        shape = _wkb(geom)
        if shape is None:
            return None
    return (tuple(loc.point), loc.place_id, loc.feature_type, shape)


def _groups_of(loc: Any, gazetteer: Any, areas: Any, gov: Any, dist: Any, zone: Any,
               have_districts: bool) -> tuple[tuple[str, Any], ...]:
    """The incident fields one location sets, in order (``gov``, ``dist``, ``zone``: the
    areas holding its representative point)."""
    out: list[tuple[str, Any]] = []
    own = _own_places(gazetteer, loc.place_id)
    own_govs = [p for p in own if p.feature_type == "governorate"]
    if len(own_govs) == 1 and loc.feature_type in ("governorate", "region"):
        code = place_pcode(own_govs[0], "governorate")
        gov = (areas.governorate_by_pcode(code) if code else None) or own_govs[0]
    if gov is None and own and own[0].governorate_pcode:
        gov = areas.governorate_by_pcode(own[0].governorate_pcode)
        if gov is None:
            out.append(("governorate_pcode", own[0].governorate_pcode))
    if gov is not None:
        out.append(("governorate", gov.name))
        out.append(("governorate_pcode", place_pcode(gov, "governorate")))
    if have_districts and dist is not None:
        out.append(("district", dist.name))
        out.append(("district_pcode", place_pcode(dist, "district")))
    own_zones = [p for p in own if p.feature_type == "zone"]
    extent = loc.geometry is not None and not isinstance(loc.geometry, Point) \
        and loc.geometry.geom_type != "Point"  # a line or an area
    if loc.feature_type == "zone" and own_zones and extent:
        out.append(("desert_zone", ", ".join(p.name for p in own_zones)))
    elif extent:
        extent_zone = _zone_of_extent(areas, loc.geometry)
        out.append(("desert_zone", extent_zone.name if extent_zone is not None else None))
    else:
        out.append(("desert_zone", zone.name if zone is not None else None))
    return tuple(out)


def _took_remembered(incident: Incident, gazetteer: Any) -> bool:
    """Set the remembered groups of one located incident's location; ``False`` (nothing
    done) when it has no location or its groups are not remembered, or when grouping is
    logged (:func:`assign_groups` works it out then)."""
    loc = incident.location
    if loc is None or logger.isEnabledFor(logging.DEBUG):
        return False
    memo = _MEMOS.of(gazetteer)
    found = _remembered(memo, loc)[1] if memo is not None else None
    if found is None:
        return False
    _set_groups(incident, found)
    return True


def _remembered(memo: dict, loc: Any) -> tuple[tuple | None, tuple[tuple[str, Any], ...] | None]:
    """The memo key of a location (``None`` when it has none, or a part of it is
    unhashable) and the groups remembered under it (``None`` when none are)."""
    key = _memo_key(loc)
    if key is None:
        return None, None
    try:
        return key, memo.get(key)
    except TypeError:  # a part of the key is unhashable: not remembered
        return None, None


def _set_groups(incident: Incident, groups: tuple[tuple[str, Any], ...]) -> None:
    for attr, value in groups:
        setattr(incident, attr, value)


def assign_groups(incidents: Sequence[Incident], gazetteer: Any) -> Sequence[Incident]:
    """Set governorate, district and desert zone on each located incident, in place.

    Parameters
    ----------
    incidents
        Incidents; those without a ``location`` are left as they are.
    gazetteer
        A :class:`gazetteer.Gazetteer` (its ``areas`` :class:`~gazetteer.spatial.AreaIndex`
        and ``get``).

    Returns
    -------
    The same sequence (for chaining).

    Notes
    -----
    All representative points go through one vectorised look-up per level, so 20,000
    incidents take well under a second. A location's groups depend only on its
    representative point, place id, feature type and (for a line or an area) geometry:
    they are remembered per gazetteer under those, so a table's rows naming the same
    town are grouped once.
    """
    if _ONE_REMEMBERED_ALONE and len(incidents) == 1 and _USE_MEMO and _took_remembered(
            incidents[0], gazetteer):
        return incidents
    located = [i for i in incidents if i.location is not None]
    if not located:
        return incidents
    memo = _MEMOS.of(gazetteer) if _USE_MEMO else None  # None: nothing to keep
    results: dict[int, tuple[tuple[str, Any], ...]] = {}  # by position: not remembered
    known: dict[tuple, tuple[tuple[str, Any], ...]] = {}  # by key: this call's
    keys: list[tuple | None] = []
    todo: list[int] = []
    for k, inc in enumerate(located):
        key, found = _remembered(memo, inc.location) if memo is not None else (None, None)
        keys.append(key)
        if found is None:
            todo.append(k)
        else:
            known[key] = found
    if todo:
        areas = gazetteer.areas
        lons = [located[k].location.point[0] for k in todo]
        lats = [located[k].location.point[1] for k in todo]
        admin = areas.admin_many(lons, lats)
        zones = areas.zones_at(lons, lats) if areas.has_level("zone") else [None] * len(todo)
        have_districts = areas.has_level("district")
        for j, k in enumerate(todo):
            key = keys[k]
            if key is not None and key in known:  # an earlier incident of this call
                continue
            groups = _groups_of(located[k].location, gazetteer, areas,
                                admin["governorate"][j], admin["district"][j], zones[j],
                                have_districts)
            if key is None:
                results[k] = groups
                continue
            known[key] = groups
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = groups
    for k, inc in enumerate(located):
        key = keys[k]
        _set_groups(inc, results[k] if key is None else known[key])
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("grouped %d located incidents (%d without a governorate)",
                     len(located), sum(1 for i in located if i.governorate is None))
    return incidents
