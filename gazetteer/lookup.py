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

__all__ = ["resolve_place_name", "split_composite"]

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
_MATCH_GROUP = {"id": 0, "exact": 0, "normalized": 0, "phonetic": 1, "skeleton": 2,
                "fuzzy": 3}
_TYPE_ORDER = {"city": 1.0, "town": 0.9, "airbase": 0.85, "military_base": 0.8,
               "oil_field": 0.8, "gas_field": 0.8, "border_crossing": 0.8, "village": 0.6,
               "neighbourhood": 0.5}

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


def _context(governorate_pcode: str | None, near: tuple[tuple[float, float], ...] = ()
             ) -> ResolveContext | None:
    if not governorate_pcode and not near:
        return None
    return ResolveContext(
        governorate_pcodes=frozenset({governorate_pcode}) if governorate_pcode else frozenset(),
        near=near)


def _is_point(place: Place) -> bool:
    return not place.is_area and not place.is_line


def _prefer_points(gazetteer: Any, name: str, context: ResolveContext | None) -> Resolution:
    """Resolve ``name``; among the near-best candidates, a point beats an area.

    A table's location is a point: where a name is shared by a governorate, district or
    sub-district and the town it is named after ("Ar-Raqqa", "Tadmor", "Sokhneh"), the
    town is meant.
    """
    cands = gazetteer.candidates(name, limit=20, context=context)
    if not cands:
        return Resolution(query=name, best=None, candidates=())
    best = cands[0]
    tied = [c for c in cands if c.score >= best.score - TIE_MARGIN]
    points = [c for c in tied if _is_point(c.place)]
    if points:
        # Scores saturate at 1.0 with context: break ties by match level, then by how
        # important the place is (type, population), not by id.
        def key(c: Candidate) -> tuple[float, int, float, int]:
            return (-round(c.score, 1), _MATCH_GROUP.get(c.match, 9),
                    -_TYPE_ORDER.get(c.place.feature_type, 0.5), -(c.place.population or 0))

        best = min(points, key=key)
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


def resolve_place_name(gazetteer: Any, name: str, *, governorate_pcode: str | None = None
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

    Returns
    -------
    Resolution
        ``best`` is ``None`` when nothing matched. For a composite resolved through its parts,
        ``query`` is the original name and the candidates are those of the part used.
    """
    name = " ".join(str(name).split())
    context = _context(governorate_pcode)
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
        sub = _resolve_one(gazetteer, part, _context(governorate_pcode, near))
        if sub.best is None:
            continue
        if anchor is None:
            return Resolution(query=name, best=sub.best, candidates=sub.candidates)
        # "City - Site": the site is in or by the city; of the good candidates, the nearest.
        top = sub.best.score
        close = [(haversine_km(anchor.lat, anchor.lon, c.place.lat, c.place.lon), k, c)
                 for k, c in enumerate(sub.candidates) if c.score >= top - TIE_MARGIN
                 or c is sub.best]
        dist, _, cand = min(close)
        if dist <= SUBPLACE_KM:
            return Resolution(query=name, best=cand, candidates=sub.candidates)
    if head.best is not None:
        best = Candidate(head.best.place, head.best.matched_name, head.best.match,
                         round(head.best.score * 0.9, 4))
        return Resolution(query=name, best=best, candidates=head.candidates)
    return whole
