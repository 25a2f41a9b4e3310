"""Resolve a place name as a table hands it over (ACLED's ``location`` column and the like).

Tables name places in conventions of their own: ``"Deir-ez-Zor - Military Airbase"``,
``"Damascus - Jobar"`` (a site or neighbourhood of a town), ``"Aleppo - Al-Zahraa"``,
``"Hama (Countryside)"``. :func:`resolve_place_name` tries the name as written first, then,
when that finds nothing, reads such composites: the part after `` - `` is looked up near the
place the first part names, and the first part is the answer when the second is unknown.
A governorate known from another column ranks candidates inside it first.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gazetteer.geo import haversine_km
from gazetteer.model import Candidate, Place, Resolution, ResolveContext

__all__ = ["admin_pcode", "resolve_place_name", "split_composite"]

logger = logging.getLogger(__name__)

#: Words naming the kind of a site, dropped to find the place the site is named after
#: ("Yarmouk Camp", "Deir-ez-Zor Cemetery", "T2 Pumping Station", "137th Brigade Army Base").
SITE_WORDS: tuple[str, ...] = (
    "military airbase", "military airport", "airbase", "air base", "airport", "airfield",
    "army base", "military base", "base", "brigade", "battalion", "regiment", "division",
    "camp", "refugee camp", "basin", "cemetery", "cemetary", "pumping station", "station",
    "oil fields", "oil field", "gas fields", "gas field", "field", "dam", "bridge",
    "checkpoint", "prison", "hospital", "factory", "plant", "silos", "roundabout",
    "crossing", "border crossing", "junction", "highway", "road", "desert", "countryside",
    "outskirts", "village", "town", "city", "farms", "mountains", "mountain", "hills",
    "hill", "plain", "valley", "area", "district", "subdistrict", "sub-district",
    "neighbourhood", "neighborhood", "quarter", "camps", "heights",
)
_SITE_RE = re.compile(
    r"^(?:(?P<pre>" + "|".join(re.escape(w) for w in sorted(SITE_WORDS, key=len, reverse=True))
    + r")\s+(?:of\s+)?)?(?P<core>.+?)(?:\s+(?P<post>"
    + "|".join(re.escape(w) for w in sorted(SITE_WORDS, key=len, reverse=True))
    + r"))?$", re.IGNORECASE)
#: Match levels, grouped: the same spelling up to typography, phonetic, looser.

#: Match levels that a loose match inside the row's district or sub-district cannot overrule.
SURE_MATCHES = frozenset({"id", "exact", "normalized"})

#: Scores within this much of the best are ties, broken in favour of points.
TIE_MARGIN = 0.1

#: How far the second part of "X - Y" may lie from X to be taken as X's sub-place.
SUBPLACE_KM = 25.0
_SEPARATOR = re.compile(r"\s+[-–—/]\s+|\s*\|\s*")
_PAREN = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<inner>[^()]*)\)\s*$")


def split_composite(name: str) -> list[str]:
    """The parts of a composite name, outermost first.

    Examples
    --------
    >>> split_composite("Deir-ez-Zor - Military Airbase")
    ['Deir-ez-Zor', 'Military Airbase']
    >>> split_composite("Hama (Countryside)")
    ['Hama', 'Countryside']
    >>> split_composite("Kaba Jeb")
    ['Kaba Jeb']
    """
    text = " ".join(name.split())
    m = _PAREN.match(text)
    if m:
        return [*split_composite(m.group("head")), m.group("inner").strip()]
    return [part.strip() for part in _SEPARATOR.split(text) if part.strip()]


def strip_site_words(name: str) -> str | None:
    """``name`` without leading or trailing site words, or ``None`` when there are none.

    Examples
    --------
    >>> strip_site_words("Yarmouk Camp")
    'Yarmouk'
    >>> strip_site_words("Kaba Jeb") is None
    True
    >>> strip_site_words("137th Brigade Army Base") is None
    True
    """
    words = " ".join(name.split())
    changed = True
    stripped = False
    while changed and words:
        changed = False
        m = _SITE_RE.match(words)
        if m and (m.group("pre") or m.group("post")):
            words = m.group("core").strip(" -,")
            changed = stripped = True
        new = re.sub(r"^(?:\d+(?:st|nd|rd|th)?|the|of|military|eastern|western|northern|"
                     r"southern)\s+", "", words, flags=re.IGNORECASE)
        if new != words:
            words, changed, stripped = new, True, True
    if not stripped or not words or _SITE_RE.fullmatch(words) and words.lower() in SITE_WORDS:
        return None
    if words.lower() in SITE_WORDS or words.isdigit():
        return None
    return words


def _context(governorate_pcode: str | None, near: tuple[tuple[float, float], ...] = (),
             district_pcode: str | None = None, subdistrict_pcode: str | None = None
             ) -> ResolveContext | None:
    if not (governorate_pcode or near or district_pcode or subdistrict_pcode):
        return None
    return ResolveContext(
        governorate_pcodes=frozenset({governorate_pcode}) if governorate_pcode else frozenset(),
        near=near,
        district_pcodes=frozenset({district_pcode}) if district_pcode else frozenset(),
        subdistrict_pcodes=frozenset({subdistrict_pcode}) if subdistrict_pcode else frozenset())


def _is_point(place: Place) -> bool:
    return not place.is_area and not place.is_line


def _prefer_points(gazetteer: Any, name: str, context: ResolveContext | None) -> Resolution:
    """Resolve ``name``; among the near-best candidates, a point beats an area.

    A table's location is a point: where a name is shared by a governorate, district or
    sub-district and the town it is named after ("Ar-Raqqa", "Tadmor", "Sokhneh"), the
    town is meant. Of the near-best points, the first in the gazetteer's ranking (which
    breaks equal scores by match level, context, type and population) is taken.
    """
    cands = gazetteer.candidates(name, limit=20, context=context)
    if not cands:
        return Resolution(query=name, best=None, candidates=())
    best = cands[0]
    if not _is_point(best.place):
        points = [c for c in cands if c.score >= best.score - TIE_MARGIN and _is_point(c.place)]
        if points:
            best = points[0]
    ordered = [best, *[c for c in cands if c is not best]]
    return Resolution(query=name, best=best, candidates=tuple(ordered[:5]))


def _resolve_one(gazetteer: Any, name: str, context: ResolveContext | None) -> Resolution:
    res = _prefer_points(gazetteer, name, context)
    if res.best is not None and res.best.match not in ("fuzzy",):
        return res
    core = strip_site_words(name)
    if core:
        stripped = _prefer_points(gazetteer, core, context)
        if stripped.best is not None and (res.best is None or stripped.best.match != "fuzzy"):
            return Resolution(query=name, best=stripped.best, candidates=stripped.candidates)
    return res


def admin_pcode(gazetteer: Any, name: str | None, *, level: str,
                governorate_pcode: str | None = None, district_pcode: str | None = None
                ) -> str | None:
    """The OCHA P-code of a district or sub-district given by name (or by P-code).

    Parameters
    ----------
    gazetteer
        A :class:`gazetteer.Gazetteer` (with imported OCHA or OpenSyria areas).
    name
        The area's name as a table writes it ("Jebel Saman", "Al Mayadin") or its P-code.
    level
        ``"district"`` or ``"subdistrict"``.
    governorate_pcode, district_pcode
        The enclosing areas, if known: the area must lie in them.

    Returns
    -------
    str or None
        ``None`` when no area of that level and name lies in the enclosing areas.
    """
    if not name or not str(name).strip():
        return None
    text = " ".join(str(name).split())
    cache = gazetteer.__dict__.setdefault("_admin_pcode_cache", {})
    key = (text, level, governorate_pcode, district_pcode)
    if key in cache:
        return cache[key]
    length = {"district": 6, "subdistrict": 8}[level]
    found: str | None = None
    if re.fullmatch(rf"SY\d{{{length - 2}}}", text.upper()):
        found = text.upper()
    else:
        parent = district_pcode or governorate_pcode or ""
        for cand in gazetteer.candidates(text, limit=20, feature_types={level}):
            pcode = str(cand.place.attributes.get("pcode") or (
                cand.place.district_pcode if level == "district"
                else cand.place.subdistrict_pcode) or "")
            if len(pcode) == length and pcode.startswith(parent) and cand.match != "fuzzy":
                found = pcode
                break
    cache[key] = found
    return found


def _inside(place: Place, pcode: str | None) -> bool:
    """Is ``place`` in the area with this P-code (by its own P-codes)?"""
    if not pcode:
        return True
    codes = [place.governorate_pcode, place.district_pcode, place.subdistrict_pcode,
             *(place.attributes.get("governorate_pcodes") or ()),
             str(place.attributes.get("pcode") or "")]
    return any(c and (c.startswith(pcode) or pcode.startswith(c) and place.is_area)
               for c in codes)


def _loose(gazetteer: Any, name: str, context: ResolveContext | None,
           area: tuple[str | None, str | None, str | None], cutoff: float
           ) -> Resolution | None:
    """Loose match of ``name`` (or of its site-less core) in the most specific known area."""
    if not hasattr(gazetteer, "candidates_within"):
        return None
    gov, dist, sub = area
    variants = [name]
    core = strip_site_words(name)
    if core:
        variants.append(core)
    for variant in variants:
        cands = gazetteer.candidates_within(
            variant, governorate_pcodes=[gov] if gov and not (dist or sub) else [],
            district_pcodes=[dist] if dist and not sub else [],
            subdistrict_pcodes=[sub] if sub else [], context=context, cutoff=cutoff)
        if cands:
            return Resolution(query=name, best=cands[0], candidates=tuple(cands))
    return None


def _with_area(gazetteer: Any, name: str, res: Resolution, context: ResolveContext | None,
               area: tuple[str | None, str | None, str | None]) -> Resolution:
    """A result outside the areas the row is known to be in gives way to a loose match inside.

    Tables tell the governorate (and often district and sub-district) of each row: a
    same-sounding place inside them is likelier meant than an exact namesake elsewhere.
    """
    gov, dist, sub = area
    place = res.place
    if place is not None and place.is_area:
        return res
    finer = [(gov, dist, sub, 0.85)] if sub else []
    if dist:
        finer.append((gov, dist, None, 0.85))
    if gov and (place is None or not _inside(place, gov)):
        levels = [(gov, None, None, 0.8)]  # ranked by the district / sub-district context
    elif finer and place is not None and not (_inside(place, sub) and _inside(place, dist)):
        # In the governorate but not in the row's district / sub-district: a candidate
        # of the same name inside them first, then (for a looser match) a loose one.
        for cand in res.candidates:
            if cand.match != "fuzzy" and _is_point(cand.place) and _inside(
                    cand.place, sub) and _inside(cand.place, dist):
                return Resolution(query=res.query, best=cand, candidates=res.candidates)
        if res.best is None or res.best.match in SURE_MATCHES:
            return res
        levels = finer
    else:
        return res
    for g, d, s, cutoff in levels:
        loose = _loose(gazetteer, name, context, (g, d, s), cutoff)
        if loose is not None:
            return loose
    return res


def resolve_place_name(gazetteer: Any, name: str, *, governorate_pcode: str | None = None,
                       district: str | None = None, subdistrict: str | None = None
                       ) -> Resolution:
    """Resolve a place name as written in a table column.

    Parameters
    ----------
    gazetteer
        A :class:`gazetteer.Gazetteer`.
    name
        The name as handed over: ``"Sokhneh"``, ``"Kaba Jeb"``,
        ``"Deir-ez-Zor - Military Airbase"``.
    governorate_pcode
        OCHA P-code of the governorate the row is in (``SY09``), if known.
    district, subdistrict
        The row's district and sub-district (names as the table writes them, e.g. ACLED's
        ``admin2``/``admin3``, or P-codes), if known.

    Returns
    -------
    Resolution
        ``best`` is ``None`` when nothing matched. For a composite resolved through its parts,
        ``query`` is the original name and the candidates are those of the part used.

    Notes
    -----
    The known areas rank candidates inside them first; when the best candidate lies
    outside them, a loose match inside them (see :meth:`Gazetteer.candidates_within`) is
    preferred: tables spell village names in many ways, but their admin columns are
    reliable.
    """
    name = " ".join(str(name).split())
    gov = governorate_pcode.upper() if governorate_pcode else None
    dist = admin_pcode(gazetteer, district, level="district", governorate_pcode=gov)
    sub = admin_pcode(gazetteer, subdistrict, level="subdistrict", governorate_pcode=gov,
                      district_pcode=dist)
    area = (gov, dist, sub)
    res = _resolve_table_name(gazetteer, name, area)
    return _with_area(gazetteer, name, res, _context(gov, (), dist, sub), area)


def _resolve_table_name(gazetteer: Any, name: str,
                        area: tuple[str | None, str | None, str | None]) -> Resolution:
    gov, dist, sub = area
    context = _context(gov, (), dist, sub)
    whole = _resolve_one(gazetteer, name, context) if name else Resolution(name, None)
    parts = split_composite(name)
    if len(parts) < 2:
        return whole
    if whole.best is not None and whole.best.match not in ("fuzzy", "skeleton"):
        return whole
    head = _resolve_one(gazetteer, parts[0], context)
    anchor: Place | None = head.place
    for part in parts[1:]:
        near = ((anchor.lon, anchor.lat),) if anchor is not None else ()
        sub_res = _resolve_one(gazetteer, part, _context(gov, near, dist, sub))
        if sub_res.best is None:
            continue
        if anchor is None:
            return Resolution(query=name, best=sub_res.best, candidates=sub_res.candidates)
        # "City - Site": the site is in or by the city; of the good candidates, the nearest.
        top = sub_res.best.score
        close = [(haversine_km(anchor.lat, anchor.lon, c.place.lat, c.place.lon), k, c)
                 for k, c in enumerate(sub_res.candidates) if c.score >= top - TIE_MARGIN
                 or c is sub_res.best]
        dist_km, _, cand = min(close)
        if dist_km <= SUBPLACE_KM:
            return Resolution(query=name, best=cand, candidates=sub_res.candidates)
    if head.best is not None:
        best = Candidate(head.best.place, head.best.matched_name, head.best.match,
                         round(head.best.score * 0.9, 4))
        return Resolution(query=name, best=best, candidates=head.candidates)
    return whole
