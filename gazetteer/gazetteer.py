"""The :class:`Gazetteer`: names → ranked places, mentions in text, areas and corridors.

Ranking of the places a name may refer to (each candidate's ``score`` is in [0, 1]):

1. **How the name matched**: ``exact`` (1.0) > ``normalized`` (0.97) > ``phonetic`` (0.9) >
   ``skeleton`` (0.8 × similarity) > ``fuzzy`` (0.7 × similarity). Fuzzy matching runs only
   when nothing else matched.
2. **Context** (:class:`~gazetteer.model.ResolveContext`): a candidate inside a governorate
   named nearby, within 100 km of a place named nearby, or already resolved nearby gains up
   to +0.25 — more than any difference of prior below.
3. **Prior**: feature type (a city over a governorate of the same name, towns, bases and oil
   fields over villages), source (the curated embedded records over imported ones) and
   population; it scales the match score between 0.8 and 1.0.

A bare governorate name such as "Homs" therefore resolves to the *city* (``place:homs``):
when a governorate and its capital (``capital_place_id``) both match, the capital takes the
governorate's score if that is higher, and the governorate ranks just below it;
``resolve("Homs", feature_types={"governorate"})``, "Homs province", "Homs governorate" or
"محافظة حمص" resolve to the governorate.

Duplicates across sources (the same town from the embedded data, Who's On First and
GeoNames) are collapsed among the candidates: same ``source_id``, same GeoNames id, or same
name within 2 km. The curated record is kept.

The confidence of a resolution is the best candidate's score, lowered by a fifth when a
different place of the same kind (point vs area/line) more than 10 km away scores almost as
well.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazetteer.errors import PlaceNotFoundError, StoreError
from gazetteer.geo import EARTH_RADIUS_KM, haversine_km
from gazetteer.index import Hit, NameIndex, _rapidfuzz
from gazetteer.model import Candidate, Mention, Place, Resolution, ResolveContext
from gazetteer.normalize import (
    ENGLISH_QUALIFIERS,
    is_arabic,
    normalize_name,
    phonetic_words,
    skeleton_key,
)

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer.corridors import Corridor
    from gazetteer.spatial import AreaIndex

logger = logging.getLogger(__name__)

__all__ = ["Gazetteer", "MATCH_SCORES", "TYPE_PRIORS", "SOURCE_PRIORS"]

#: Base score of each match level.
MATCH_SCORES: dict[str, float] = {
    "id": 1.0, "exact": 1.0, "normalized": 0.97, "phonetic": 0.9, "skeleton": 0.8, "fuzzy": 0.7,
}
#: Prior of each feature type (how likely a report means it when the name is shared).
TYPE_PRIORS: dict[str, float] = {
    "city": 1.0, "town": 0.85, "airbase": 0.85, "military_base": 0.8, "oil_field": 0.8,
    "gas_field": 0.8, "border_crossing": 0.8, "zone": 0.8, "corridor": 0.8,
    "governorate": 0.75, "dam": 0.75, "bridge": 0.7, "checkpoint": 0.7, "prison": 0.7,
    "landmark": 0.7, "mountain": 0.7, "river": 0.7, "village": 0.6, "country": 0.6,
    "region": 0.6, "district": 0.55, "neighbourhood": 0.5, "subdistrict": 0.5,
}
#: Prior of each source (the curated embedded records first).
SOURCE_PRIORS: dict[str, float] = {"embedded": 1.0, "ocha": 0.8, "wof": 0.75, "geonames": 0.7}
_SOURCE_ORDER = ("embedded", "ocha", "wof", "geonames")
_CONTEXT_WEIGHT = 0.25
#: Switch for tests: :meth:`Gazetteer.confident_place` without its shortcut must agree.
_SKIP_HOPELESS_FUZZY = True
#: Least similarity of consonant skeletons for a loose match inside a known area.
_SKELETON_CUTOFF = 0.8
#: Words that do not name a place on their own (phonetic keys): generic geographic words
#: and the qualifiers of twin villages.
_GENERIC_WORDS: frozenset[str] = frozenset(
    "tal tulul jabal jibal wadi kafr dir bayt ayn abu umm ibn bir ras hirba mazraa tayba "
    "jib hawx jurud kabir sagir garbi xarki xamali janubi fawkani tahtani wasta jadid "
    "jadida kadim kadima kalaa kala kasr hay haya suk jisr nahr sahl tala marj rasm tall "
    "zur jazira jazra madina balad kariya mahata mataar muhayam".split())
#: Match levels best first (ties of score are broken by level).
_LEVEL_ORDER = {"id": 0, "exact": 0, "normalized": 1, "phonetic": 2, "skeleton": 3,
                "fuzzy": 4}
_NEAR_KM = 100.0
_DUPLICATE_KM = 2.0
#: Two points whose latitudes differ by more than this many degrees are more than
#: :data:`_DUPLICATE_KM` apart (a great circle is at least as long as the arc of latitude
#: it spans; 0.1 % more for rounding).
_DUPLICATE_DEGREES = 1.001 * math.degrees(_DUPLICATE_KM / EARTH_RADIUS_KM)
#: :meth:`Gazetteer._same_place_at` takes places farther apart in latitude than
#: :data:`_DUPLICATE_DEGREES` for different ones without measuring the distance.
_LATITUDE_BOUND = True
_MAX_CANDIDATES = 5
#: Most resolutions remembered per gazetteer (the same names recur across rows and reports).
_RESOLVE_MEMO_SIZE = 16384
#: Distinct (name, limit, fuzzy, types) whose unranked hits are remembered.
_HITS_MEMO_SIZE = 16384
#: :meth:`Gazetteer.candidates` remembers its unranked hits (off: always looked up).
_REMEMBER_HITS = True
#: :meth:`Gazetteer._rank` orders by the cheap keys alone when no two hits tie on them, and
#: works out each place's prior and facts for the duplicate test once (off: the full order,
#: :meth:`Gazetteer._prior` and :meth:`Gazetteer._same_place` every time).
_RANK_BY_FIRST_KEYS = True
#: :meth:`Gazetteer.may_reach` answers ``False`` when bounds of the scores show that no
#: candidate can reach the confidence asked for (off: always ``True``).
_BOUND_REACH = True
#: How far below the confidence asked for :meth:`Gazetteer.may_reach` still answers
#: ``True`` (scores are rounded to four decimals, sums of floats may differ in the last bit).
_REACH_SLACK = 1e-3
#: :meth:`Gazetteer._fuzzy_hits` filters the full fuzzy lookup of a query it has asked
#: for before (with any types) instead of testing the wanted types' names first (off:
#: the test every time).
_FILTER_ASKED_FUZZY = True
#: Most (query, limit) whose full fuzzy lookup :meth:`Gazetteer._fuzzy_hits` remembers
#: asking for.
_ASKED_FUZZY_SIZE = 16384

# "Homs province", "Homs governorate", "محافظة حمص" → the governorate; "Homs city" → city.
_ADMIN_WORDS = r"(?:province|governorate|governate|gov\.?|muhafazat|muhafazah|mohafazat)"
_GOV_SUFFIX_RE = re.compile(rf"^(?:the\s+)?(?P<name>.+?)\s+{_ADMIN_WORDS}$", re.I)
_GOV_PREFIX_RE = re.compile(rf"^(?:the\s+)?{_ADMIN_WORDS}\s+(?:of\s+)?(?P<name>.+)$", re.I)
_AR_GOV_RE = re.compile(r"^(?:محافظة|محافظه|ريف)\s+(?P<name>.+)$")
_CITY_RE = re.compile(r"^(?:the\s+)?(?:city\s+of\s+(?P<a>.+)|(?P<b>.+?)\s+city)$", re.I)
_AR_CITY_RE = re.compile(r"^مدينة\s+(?P<name>.+)$")
_CITY_TYPES = frozenset({"city", "town"})
#: A part of every type word of the patterns above ("prov" of "province", "gov" of
#: "governorate", "governate" and "gov."; "محافظ" of "محافظة" and "محافظه"; "city", ...):
#: a name without one has no type word to strip.
_TYPE_WORD_HINT_RE = re.compile(r"prov|gov|muhaf|mohaf|city|محافظ|ريف|مدينة", re.I)
#: :meth:`Gazetteer._strip_type_words` tries the patterns only on names with a
#: :data:`_TYPE_WORD_HINT_RE` (off: on every name).
_TYPE_WORD_HINT = True


def _geonames_id(place: Place) -> str | None:
    if place.place_id.startswith("gn:"):
        return place.place_id[3:]
    gid = place.attributes.get("geonames_id")
    if gid:
        return str(gid)
    if place.source_id and place.source_id.startswith("geonames:"):
        return place.source_id.split(":", 1)[1]
    return None


_AW_RE = re.compile(r"aw(?![aiu])")
_AY_RE = re.compile(r"ay(?![aiu])")


@functools.lru_cache(maxsize=1 << 16)
def _monophthong(phon: str) -> str:
    """aw → u, ay → i before a consonant or at the end ("xawla" ~ "xula")."""
    return _AY_RE.sub("i", _AW_RE.sub("u", phon))


@functools.lru_cache(maxsize=65536)
def _loose_words(name: str) -> tuple[str, ...]:
    """Phonetic words of a name for loose matching: English qualifiers translated."""
    words = [ENGLISH_QUALIFIERS.get(w, w) for w in normalize_name(name).split()]
    return tuple(phonetic_words(" ".join(words)))


#: What :meth:`Gazetteer._context_score` gives a place resolved nearby, or inside a
#: sub-district, district or governorate named nearby (a place named nearby gives at most
#: 1, at the place itself).
_CONTEXT_RESOLVED = 1.0
_CONTEXT_IN_SUBDISTRICT = 1.0
_CONTEXT_IN_DISTRICT = 0.9
_CONTEXT_IN_GOVERNORATE = 0.8


def _context_bound(context: ResolveContext | None) -> float:
    """The most :meth:`Gazetteer._context_score` can give any place in ``context``."""
    if context is None:
        return 0.0
    return max(_CONTEXT_RESOLVED if context.place_ids else 0.0,
               _CONTEXT_IN_SUBDISTRICT if context.subdistrict_pcodes else 0.0,
               1.0 if context.near else 0.0,
               _CONTEXT_IN_DISTRICT if context.district_pcodes else 0.0,
               _CONTEXT_IN_GOVERNORATE if context.governorate_pcodes else 0.0)


@functools.cache
def _default() -> Gazetteer:
    from gazetteer.embedded import load_embedded

    return Gazetteer(load_embedded())


class Gazetteer:
    """Places, their names in every spelling, and the areas and corridors they form.

    Parameters
    ----------
    places
        The records (embedded, imported or both).
    index
        A :class:`~gazetteer.index.NameIndex` built from exactly these places (e.g. loaded
        from a store); built here when omitted.
    area_answers
        The areas of the point places, saved with the store
        (:meth:`~gazetteer.spatial.AreaIndex.point_answers`), for :attr:`areas`.
    """

    def __init__(self, places: Iterable[Place], *, index: NameIndex | None = None,
                 area_answers: dict[str, Any] | None = None) -> None:
        self.places: list[Place] = list(places)
        self._pos: dict[str, int] = {}
        for i, place in enumerate(self.places):
            self._pos.setdefault(place.place_id, i)
        if index is not None and index.place_ids != [p.place_id for p in self.places]:
            raise StoreError("the name index was built from other places; rebuild the store")
        self.index: NameIndex = index if index is not None else NameIndex(self.places)
        self._areas: AreaIndex | None = None
        self._area_answers = area_answers
        self._corridors: dict[str, Corridor] = {}
        self._pcodes: dict[str, Place] | None = None
        self._by_type: dict[str, list[Place]] | None = None
        #: resolve's and candidates' answers, all forgotten at once when full (a hit is
        #: one look-up; an answer is a function of its key alone)
        self._resolve_memo: dict[tuple[str, ResolveContext | None, frozenset[str] | None],
                                 Resolution] = {}
        self._hits_memo: dict[tuple[str, int, bool, frozenset[str] | None],
                              tuple[tuple[Hit, ...], str]] = {}
        self._priors: dict[int, float] = {}  # place index → _prior
        #: confident_place's answers: (name, types, least confidence) → place or None
        self._confident_memo: dict[tuple[str, frozenset[str] | None, float],
                                   Place | None] = {}
        self._place_facts: dict[int, tuple[str | None, bool, bool]] = {}
        self._place_names: dict[int, frozenset[str]] = {}
        #: :meth:`_fuzzy_score_bound` of each feature types asked for
        self._fuzzy_bounds: dict[frozenset[str] | None, float] = {}
        #: (query, limit) of the full fuzzy lookups asked of the index
        self._asked_fuzzy: set[tuple[str, int]] = set()

    # -- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> Gazetteer:
        """The embedded gazetteer (built once per process and shared)."""
        return _default()

    @classmethod
    def load(cls, home: str | Path | None = None) -> Gazetteer:
        """The built store under ``home`` if there is one, else the embedded default.

        Parameters
        ----------
        home
            Store folder; default ``gazetteer.store.default_home()``
            (``$INCIDENT_MAPPER_HOME`` or the user data folder).

        Raises
        ------
        StoreError
            A store is there but cannot be read (a missing store is not an error).
        """
        try:
            from gazetteer import store
        except ImportError:
            logger.debug("no gazetteer.store module: using the embedded gazetteer")
            return cls.default()
        exists = getattr(store, "store_exists", None)
        if exists is not None and not exists(home):
            logger.info("no gazetteer store built under %s: using the embedded gazetteer",
                        home if home is not None else "the default home")
            return cls.default()
        loaded = store.load_store(home)
        if isinstance(loaded, Gazetteer):
            return loaded
        places = list(getattr(loaded, "places", loaded))
        index = getattr(loaded, "index", None)
        if index is not None and index.place_ids != [p.place_id for p in places]:
            logger.warning("the store's name index does not match its places; rebuilding it")
            index = None
        return cls(places, index=index, area_answers=getattr(loaded, "area_answers", None))

    # -- container protocol -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._pos

    def __repr__(self) -> str:
        return f"<Gazetteer {len(self.places)} places>"

    # -- records ------------------------------------------------------------------------
    def get(self, place_id: str) -> Place:
        """The place with this id.

        Raises
        ------
        PlaceNotFoundError
            No such id.
        """
        try:
            return self.places[self._pos[place_id]]
        except KeyError:
            raise PlaceNotFoundError(f"no place with id {place_id!r} in the gazetteer") from None

    def _of_type(self, feature_type: str) -> list[Place]:
        """The places of one feature type (a new list; the selection is made once)."""
        by_type = self._by_type
        if by_type is None:
            by_type = {}
            for p in self.places:
                by_type.setdefault(p.feature_type, []).append(p)
            self._by_type = by_type
        return list(by_type.get(feature_type, ()))

    def governorates(self) -> list[Place]:
        """The governorates, by P-code."""
        return sorted(self._of_type("governorate"),
                      key=lambda p: (p.governorate_pcode or "", p.place_id))

    def zones(self) -> list[Place]:
        """Named desert zones and areas."""
        return self._of_type("zone")

    def corridors(self) -> list[Place]:
        """Highway corridors (lines through waypoints)."""
        return self._of_type("corridor")

    def rivers(self) -> list[Place]:
        """Rivers."""
        return self._of_type("river")

    def by_pcode(self, pcode: str) -> Place | None:
        """The governorate, district or sub-district with this OCHA P-code, or ``None``.

        Embedded governorates are preferred over imported admin areas with the same code.
        """
        if self._pcodes is None:
            table: dict[str, Place] = {}
            admin = [p for p in self.places if p.feature_type in
                     ("governorate", "district", "subdistrict")]
            admin.sort(key=lambda p: _SOURCE_ORDER.index(p.source)
                       if p.source in _SOURCE_ORDER else len(_SOURCE_ORDER))
            for p in admin:
                code = p.attributes.get("pcode") or {
                    "governorate": p.governorate_pcode, "district": p.district_pcode,
                    "subdistrict": p.subdistrict_pcode}[p.feature_type]
                if code:
                    table.setdefault(str(code).upper(), p)
            self._pcodes = table
        return self._pcodes.get(pcode.strip().upper())

    def corridor(self, place_id: str) -> Corridor:
        """The :class:`~gazetteer.corridors.Corridor` of a corridor place.

        Raises
        ------
        PlaceNotFoundError
            No such id, or the place is not a corridor.
        """
        if place_id in self._corridors:
            return self._corridors[place_id]
        place = self.get(place_id)
        if place.feature_type != "corridor":
            raise PlaceNotFoundError(f"{place_id} is a {place.feature_type}, not a corridor")
        from gazetteer.corridors import Corridor

        waypoints = [self.get(w) for w in place.attributes.get("waypoints", [])]
        corridor = Corridor(place, waypoints)
        self._corridors[place_id] = corridor
        return corridor

    @property
    def areas(self) -> AreaIndex:
        """Point → governorate / district / sub-district / desert zone (built on first use)."""
        if self._areas is None:
            from gazetteer.spatial import AreaIndex

            self._areas = AreaIndex(self.places, answers=self._area_answers)
        return self._areas

    # -- names --------------------------------------------------------------------------
    def find_mentions(self, text: str, *, require_capital: bool | None = None,
                      within: tuple[int, int] | None = None) -> list[Mention]:
        """Every gazetteer name in running text (see :meth:`NameIndex.find_mentions`)."""
        return self.index.find_mentions(text, require_capital=require_capital, within=within)

    def read_ahead(self, texts: Iterable[str]) -> int:
        """Find the mentions of texts about to be read all at once, for
        :meth:`find_mentions` to hand out (see :meth:`NameIndex.read_ahead`)."""
        return self.index.read_ahead(texts)

    def candidates(self, name: str, *, limit: int = 10, fuzzy: bool = True,
                   context: ResolveContext | None = None,
                   feature_types: Iterable[str] | None = None) -> list[Candidate]:
        """Places ``name`` may refer to, best first.

        Parameters
        ----------
        name
            A place name as written, or a place id.
        limit
            Most candidates to return.
        fuzzy
            Try fuzzy matching when no key matches.
        context
            What else the text names (raises candidates inside/near those places).
        feature_types
            Keep only these feature types.

        Returns
        -------
        list of Candidate
            Duplicates across sources collapsed; ``score`` in [0, 1].
        """
        query = " ".join(str(name).split())
        if not query:
            return []
        types = frozenset(feature_types) if feature_types else None
        if query in self._pos:
            place = self.get(query)
            if types is None or place.feature_type in types:
                return [Candidate(place, query, "id", 1.0)]
        memo_key = (query, limit, fuzzy, types)
        memo = self._hits_memo if _REMEMBER_HITS else None
        found = memo.get(memo_key) if memo is not None else None
        if found is None:
            found = self._matching(query, limit, fuzzy, types)
            if memo is not None:
                if len(memo) >= _HITS_MEMO_SIZE:
                    memo.clear()
                memo[memo_key] = found
        hits, query = found
        ranked = self._rank(list(hits), context, query, limit=limit if limit > 0 else None)
        return ranked[:limit]

    def _matching(self, query: str, limit: int, fuzzy: bool,
                  types: frozenset[str] | None) -> tuple[tuple[Hit, ...], str]:
        """The hits of :meth:`candidates` before ranking (they do not depend on the
        context), and the query they matched (a type word stripped)."""
        hits = self._filter(self.index.lookup(query), types)
        if not hits:
            stripped, implied = self._strip_type_words(query)
            if stripped and implied is not None:
                types = types & implied if types else implied
                hits = self._filter(self.index.lookup(stripped), types)
                query = stripped
        if fuzzy and (not hits or max(
                (h.similarity for h in hits if h.match == "skeleton"), default=1.0) < 0.9
                      and all(h.match == "skeleton" for h in hits)):
            # nothing matched, or only weakly by skeleton: let fuzzy matches compete
            merged = {h.place_index: h for h in hits}
            for h in self._fuzzy_hits(query, max(limit, 10), types):
                old = merged.get(h.place_index)
                if old is None or (MATCH_SCORES[old.match] * old.similarity
                                   < MATCH_SCORES[h.match] * h.similarity):
                    merged[h.place_index] = h
            hits = list(merged.values())
        return tuple(hits), query

    def resolve(self, name: str, *, context: ResolveContext | None = None,
                feature_types: Iterable[str] | None = None) -> Resolution:
        """The place ``name`` most likely refers to, with ranked alternatives.

        Parameters
        ----------
        name
            A place name as written ("Deir Ezzor", "Kaba Jeb", "دير الزور"), or a place id.
        context
            Governorates and places named nearby; they raise candidates inside/near them.
        feature_types
            Keep only these feature types (``{"governorate"}``, ``{"corridor"}``, …).

        Returns
        -------
        Resolution
            ``best`` is ``None`` when nothing matched; ``candidates`` holds at most 5.
            Resolutions are remembered (all forgotten at once when
            :data:`_RESOLVE_MEMO_SIZE` are kept): the same name in the same context
            resolves once.
        """
        types = frozenset(feature_types) if feature_types else None
        memo_key = (name, context, types)
        memo = self._resolve_memo
        try:
            cached = memo.get(memo_key)
        except TypeError:  # an unhashable context: nothing to remember it by
            return self._resolve(name, context=context, feature_types=types)
        if cached is not None:
            return cached
        resolution = self._resolve(name, context=context, feature_types=types)
        if len(memo) >= _RESOLVE_MEMO_SIZE:
            memo.clear()
        memo[memo_key] = resolution
        return resolution

    def confident_place(self, name: str, *, feature_types: Iterable[str] | None = None,
                        min_confidence: float) -> Place | None:
        """The place :meth:`resolve` gives ``name`` (without context) when it is at least
        ``min_confidence`` sure of it, else ``None``: "is this name a governorate?".

        The same answer as ``resolve``, without fuzzy matching when no match by spelling
        key could reach ``min_confidence``: fuzzy matching runs only when nothing matched
        by key but weak consonant skeletons, and such matches never score above
        :meth:`_loose_score_bound`. Answers are remembered.
        """
        types = frozenset(feature_types) if feature_types else None
        key = (name, types, min_confidence)
        memo = self._confident_memo if _SKIP_HOPELESS_FUZZY else {}
        if key in memo:
            return memo[key]
        place = None
        if not (_SKIP_HOPELESS_FUZZY and min_confidence > self._loose_score_bound(types)) \
                or ((keyed := self.candidates(name, limit=1, fuzzy=False, feature_types=types))
                    and keyed[0].score >= min_confidence):
            res = self.resolve(name, feature_types=types)
            if res.place is not None and res.confidence >= min_confidence:
                place = res.place
        if len(memo) >= _RESOLVE_MEMO_SIZE:
            memo.clear()
        memo[key] = place
        return place

    @staticmethod
    @functools.cache
    def _loose_score_bound(types: frozenset[str] | None) -> float:
        """The highest score (see :meth:`_rank`, no context) a skeleton or fuzzy match of a
        place of ``types`` can reach: its match score times the highest prior (worked out
        once per ``types``: the scores and priors are constants)."""
        type_prior = max((TYPE_PRIORS.get(t, 0.6) for t in types), default=0.6) if types \
            else max(0.6, *TYPE_PRIORS.values())
        source_prior = max(0.7, *SOURCE_PRIORS.values())
        prior = 0.5 * type_prior + 0.3 * source_prior + 0.2 * 1.0
        return max(MATCH_SCORES["skeleton"], MATCH_SCORES["fuzzy"]) * (0.8 + 0.2 * prior)

    def may_reach(self, name: str, min_confidence: float, *,
                  context: ResolveContext | None = None,
                  feature_types: Iterable[str] | None = None) -> bool:
        """Whether :meth:`resolve` may be at least ``min_confidence`` sure of ``name`` in
        ``context``: ``False`` only when it cannot (then it need not be asked).

        A fuzzy match of a place of ``feature_types`` scores at most
        :meth:`_fuzzy_score_bound` plus the context's weight times the most the context
        can add (:func:`_context_bound`); the other matches are found by key
        (:meth:`candidates` without fuzzy matching, whose best score is theirs). When
        neither reaches ``min_confidence``, no candidate of ``resolve`` does, and its
        confidence is at most its best candidate's score.
        """
        if not _BOUND_REACH:
            return True
        types = frozenset(feature_types) if feature_types else None
        least = min_confidence - _REACH_SLACK
        if self._fuzzy_score_bound(types) + _CONTEXT_WEIGHT * _context_bound(context) >= least:
            return True
        keyed = self.candidates(name, limit=1, fuzzy=False, context=context,
                                feature_types=types)
        return bool(keyed) and keyed[0].score >= least

    def _fuzzy_score_bound(self, types: frozenset[str] | None) -> float:
        """The highest score (see :meth:`_rank`, without context) a fuzzy match of a place
        of ``types`` can reach: the fuzzy match score (similarity at most 1) times the
        highest prior factor of those places (worked out once per ``types``)."""
        bound = self._fuzzy_bounds.get(types)
        if bound is None:
            factor = max((0.8 + 0.2 * self._prior(p) for p in self.places
                          if types is None or p.feature_type in types), default=0.0)
            bound = self._fuzzy_bounds[types] = MATCH_SCORES["fuzzy"] * factor
        return bound

    def _resolve(self, name: str, *, context: ResolveContext | None,
                 feature_types: frozenset[str] | None) -> Resolution:
        ranked = self.candidates(name, limit=_MAX_CANDIDATES, fuzzy=True, context=context,
                                 feature_types=feature_types)
        if not ranked:
            return Resolution(query=name, best=None, candidates=())
        best = ranked[0]
        confidence = best.score
        for other in ranked[1:]:
            if (other.place.is_area or other.place.is_line) != (
                    best.place.is_area or best.place.is_line):
                continue  # a town and the area of the same name: a choice by design
            if other.score >= best.score - 0.05 and haversine_km(
                    best.place.lat, best.place.lon, other.place.lat, other.place.lon) > 10:
                confidence *= 0.8
                break
        if confidence != best.score:
            best = Candidate(best.place, best.matched_name, best.match, round(confidence, 4))
            ranked = [best, *ranked[1:]]
        return Resolution(query=name, best=best, candidates=tuple(ranked))

    def candidates_within(self, name: str, *, governorate_pcodes: Iterable[str] = (),
                          district_pcodes: Iterable[str] = (),
                          subdistrict_pcodes: Iterable[str] = (),
                          context: ResolveContext | None = None, cutoff: float = 0.8,
                          limit: int = 5) -> list[Candidate]:
        """Loose matches of ``name`` among the places of known administrative areas.

        For a name whose governorate (district, sub-district) is known from elsewhere
        (a table's ``admin1``–``admin3`` columns), spellings too far apart for the keys of
        :meth:`candidates` are still likely to mean the place of that area that sounds
        alike: "Hit" is "Hayt" when the row says Daraa, "Zalaqit" is "Zallaqiyat" in Hama.
        Every name of the places in the areas (the smallest area given) is compared with
        ``name`` by the similarity of their phonetic keys, diphthongs folded (aw → u,
        ay → i), also with the words sorted and English qualifiers translated ("Big
        Khwein" = "Khuwayn al-Kabir"); the consonant skeletons must be close too (vowels
        are written more loosely than consonants). Matches are ``fuzzy`` hits.

        Parameters
        ----------
        name
            The name as written.
        governorate_pcodes, district_pcodes, subdistrict_pcodes
            OCHA P-codes of the areas; the most specific level given is searched.
        context
            Ranking context (see :meth:`candidates`).
        cutoff
            Least similarity (0–1).
        limit
            Most candidates to return.

        Returns
        -------
        list of Candidate
            Best first; empty when no area is given or nothing is close enough.
        """
        from rapidfuzz import fuzz, process

        areas = [(level, tuple(sorted({str(c).upper() for c in given if c})))
                 for level, given in (("sub", subdistrict_pcodes), ("dist", district_pcodes),
                                      ("gov", governorate_pcodes))]
        areas = [a for a in areas if a[1]]
        if not areas:
            return []
        table = self._area_names(*areas[0])
        if not table[0]:
            return []
        monos, sorted_keys, skels, sorted_skels, word_sets, name_idx = table
        qwords = _loose_words(name)
        if not qwords:
            return []
        qmono = _monophthong("".join(qwords))
        qsorted = " ".join(sorted(_monophthong(w) for w in qwords))
        qskel = skeleton_key(qmono)
        qsorted_skel = skeleton_key(qsorted.replace(" ", ""))
        best: dict[int, Hit] = {}
        from rapidfuzz.distance import Indel

        def take(ni: int, sim: float) -> None:
            pi = self.index.name_place[ni]
            if pi not in best or best[pi].similarity < sim:
                best[pi] = Hit(pi, self.index.names[ni], "fuzzy", round(sim, 4))

        # The vowels may differ more than the consonants: a match must also have a close
        # consonant skeleton ("Hit"/"Hayt", "Jawalek"/"Hawalik", not "Abdin"/"Ablin").
        score_cut = cutoff * 100
        for query, keys, qsk, sks in ((qmono, monos, qskel, skels),
                                      (qsorted, sorted_keys, qsorted_skel, sorted_skels)):
            if len(query) < 3 or (keys is sorted_keys and len(qwords) < 2):
                continue
            for _, score, k in process.extract(query, keys, scorer=fuzz.ratio,
                                               score_cutoff=score_cut, limit=limit * 4):
                skel_sim = Indel.normalized_similarity(qsk, sks[k])
                if skel_sim >= _SKELETON_CUTOFF or (
                        score >= 85 and skel_sim >= 0.7 and len(qsk) >= 4):
                    take(name_idx[k], score / 100)
        if len(qwords) > 1:
            # A place named by some of the words ("Kafr Naseh Elatareb" → Al-Atarib,
            # "Jabal al-Akrad" → Al Akrad): a distinctive word, a good part of the name.
            qset = {_monophthong(w) for w in qwords}
            letters = sum(map(len, qwords))
            for k, words in enumerate(word_sets):
                if (words and len(words) < len(qwords) and words <= qset
                        and 2.5 * sum(map(len, words)) >= letters
                        and any(len(w) >= 4 and w not in _GENERIC_WORDS for w in words)):
                    take(name_idx[k], cutoff)
        if not best:
            return []
        ranked = self._rank(list(best.values()), context, name,
                            limit=limit if limit > 0 else None)
        return ranked[:limit]

    def _area_names(self, level: str, codes: tuple[str, ...]
                    ) -> tuple[list[str], list[str], list[str], list[str],
                               list[frozenset[str]], list[int]]:
        """Loose keys of the Latin names of the point places in some areas (cached)."""
        cache = self.__dict__.setdefault("_area_name_cache", {})
        key = (level, codes)
        if key in cache:
            return cache[key]
        wanted = set(codes)
        attr = {"sub": "subdistrict_pcode", "dist": "district_pcode",
                "gov": "governorate_pcode"}[level]
        inside = set()
        for pi, place in enumerate(self.places):
            if place.is_area or place.is_line:
                continue
            code = getattr(place, attr)
            extra = place.attributes.get("governorate_pcodes") or () if level == "gov" else ()
            if code in wanted or wanted & set(extra):
                inside.add(pi)
        monos: list[str] = []
        sorted_keys: list[str] = []
        skels: list[str] = []
        sorted_skels: list[str] = []
        word_sets: list[frozenset[str]] = []
        name_idx: list[int] = []
        index = self.index
        from gazetteer.lookup import strip_site_words

        for ni, pi in enumerate(index.name_place):
            if pi not in inside:
                continue
            name = index.names[ni]
            if is_arabic(name):
                continue
            core = strip_site_words(name)  # "Kuweires airbase" is also "Kuweires"
            for variant in (name, core) if core else (name,):
                words = _loose_words(variant)
                if not words:
                    continue
                mono = _monophthong("".join(words))
                monos.append(mono)
                skels.append(skeleton_key(mono))
                ordered = " ".join(sorted(_monophthong(w) for w in words))
                sorted_keys.append(ordered)
                sorted_skels.append(skeleton_key(ordered.replace(" ", "")))
                word_sets.append(frozenset(_monophthong(w) for w in words))
                name_idx.append(ni)
        table = cache[key] = (monos, sorted_keys, skels, sorted_skels, word_sets, name_idx)
        return table

    # -- ranking internals ----------------------------------------------------------------
    def _fuzzy_hits(self, query: str, limit: int, types: frozenset[str] | None) -> list[Hit]:
        """Fuzzy hits of ``query`` of the given feature types.

        With ``types``, the names of places of those types are compared first: when none is
        close enough, the full lookup (over every name) could not return such a place and
        is skipped. The result is the same either way. A query whose full lookup was
        asked for before (for other types: the index remembers it) is not tested: its
        hits are filtered.
        """
        asked = self._asked_fuzzy
        if types is not None and not (_FILTER_ASKED_FUZZY and (query, limit) in asked):
            places = self.places
            if not self.index.fuzzy_may_match(
                    query, ("types", types), lambda pi: places[pi].feature_type in types):
                return []
        hits = self.index.fuzzy(query, limit=limit)
        if _FILTER_ASKED_FUZZY:
            if len(asked) >= _ASKED_FUZZY_SIZE:
                asked.clear()
            asked.add((query, limit))
        return self._filter(hits, types)

    def _filter(self, hits: list[Hit], types: frozenset[str] | None) -> list[Hit]:
        if types is None:
            return hits
        return [h for h in hits if self.places[h.place_index].feature_type in types]

    @staticmethod
    def _strip_type_words(query: str) -> tuple[str | None, frozenset[str] | None]:
        if _TYPE_WORD_HINT and not _TYPE_WORD_HINT_RE.search(query):
            return None, None
        for regex in (_GOV_SUFFIX_RE, _GOV_PREFIX_RE, _AR_GOV_RE):
            m = regex.match(query)
            if m:
                return m.group("name"), frozenset({"governorate"})
        m = _CITY_RE.match(query)
        if m:
            return m.group("a") or m.group("b"), _CITY_TYPES
        m = _AR_CITY_RE.match(query)
        if m:
            return m.group("name"), _CITY_TYPES
        return None, None

    def _prior(self, place: Place) -> float:
        type_prior = TYPE_PRIORS.get(place.feature_type, 0.6)
        source_prior = SOURCE_PRIORS.get(place.source, 0.7)
        pop = place.population or 0
        pop_prior = min(1.0, math.log10(pop + 1) / 6.0) if pop > 0 else 0.0
        if place.attributes.get("seat_of"):
            pop_prior = max(pop_prior, 0.6)
        return 0.5 * type_prior + 0.3 * source_prior + 0.2 * pop_prior

    def _context_score(self, place: Place, context: ResolveContext | None) -> float:
        """How well ``place`` fits the context, in [0, 1].

        A place already resolved nearby 1.0; inside a sub-district / district / governorate
        named nearby 1.0 / 0.9 / 0.8; within :data:`_NEAR_KM` of a place named nearby,
        1 at the place down to 0 at that distance. The best of these counts.
        """
        if context is None:
            return 0.0
        if place.place_id in context.place_ids:
            return _CONTEXT_RESOLVED
        score = 0.0
        if context.governorate_pcodes:
            pcodes = {place.governorate_pcode} | set(
                place.attributes.get("governorate_pcodes") or ())
            if pcodes & context.governorate_pcodes:
                score = _CONTEXT_IN_GOVERNORATE
        if context.district_pcodes and place.district_pcode in context.district_pcodes:
            score = max(score, _CONTEXT_IN_DISTRICT)
        if (context.subdistrict_pcodes
                and place.subdistrict_pcode in context.subdistrict_pcodes):
            score = _CONTEXT_IN_SUBDISTRICT
        for lon, lat in context.near:
            d = haversine_km(lat, lon, place.lat, place.lon)
            score = max(score, 1.0 - d / _NEAR_KM)
        return score

    def _rank(self, hits: list[Hit], context: ResolveContext | None,
              query: str | None = None, *, limit: int | None = None) -> list[Candidate]:
        """Score and order ``hits``; collapse duplicates across sources.

        The order is that of the unclipped score (match × prior + context); equal scores
        are broken by match level, context, feature type, population, then how close the
        matched spelling is to ``query`` and whether it is the place's own name, and
        only last by place id. Reported scores are clipped to 1. With ``limit``, only the
        first ``limit`` candidates are returned (the same as the first of all of them:
        a later hit can only stand in for one of those, and hits past them are not kept).
        """
        if not hits:
            return []
        scored: list[tuple[float, int, Hit]] = []
        ctx: dict[int, float] = {}
        priors = self._priors
        for hit in hits:
            place = self.places[hit.place_index]
            base = MATCH_SCORES[hit.match]
            if hit.match in ("skeleton", "fuzzy"):
                base *= hit.similarity
            prior = priors.get(hit.place_index) if _RANK_BY_FIRST_KEYS else None
            if prior is None:
                prior = priors[hit.place_index] = self._prior(place)
            score = base * (0.8 + 0.2 * prior)
            c = ctx[hit.place_index] = 0.0 if context is None else self._context_score(
                place, context)
            score += _CONTEXT_WEIGHT * c
            scored.append((score, hit.place_index, hit))
        if len(scored) == 1 and (limit is None or limit > 0):
            # nothing to order or collapse (a governorate alone is not below its capital)
            return [Candidate(place, hit.name, hit.match, round(min(1.0, score), 4))]
        self._prefer_capitals(scored)
        qkey = normalize_name(query) if query and len(scored) > 1 else ""

        def closeness(name: str) -> float:
            if not qkey:
                return 0.0
            return _rapidfuzz()[2].normalized_similarity(qkey, normalize_name(name))

        def first_keys(t: tuple[float, int, Hit]) -> tuple[Any, ...]:
            score, pi, hit = t
            place = self.places[pi]
            return (-round(score, 6), _LEVEL_ORDER.get(hit.match, 9), -ctx.get(pi, 0.0),
                    -TYPE_PRIORS.get(place.feature_type, 0.6), -(place.population or 0))

        def order(t: tuple[float, int, Hit]) -> tuple[Any, ...]:
            _, pi, hit = t
            place = self.places[pi]
            return (*first_keys(t), -closeness(hit.name), hit.name != place.name,
                    place.place_id)

        if len(scored) > 1:
            firsts = list(map(first_keys, scored)) if _RANK_BY_FIRST_KEYS else []
            if firsts and len(set(firsts)) == len(firsts):
                # no two hits tie on the first keys: the rest of the order cannot matter
                by_first = sorted(range(len(scored)), key=firsts.__getitem__)
                scored = [scored[k] for k in by_first]
            else:
                scored.sort(key=order)
        kept: list[tuple[float, int, Hit]] = []
        for score, pi, hit in scored:
            for k, (kscore, kpi, _) in enumerate(kept):
                if self._same_place_at(pi, kpi):
                    if self._source_rank(self.places[pi]) < self._source_rank(
                            self.places[kpi]):
                        kept[k] = (kscore, pi, hit)  # keep the curated record
                    break
            else:
                if limit is None or len(kept) < limit:
                    kept.append((score, pi, hit))
        return [Candidate(self.places[pi], hit.name, hit.match, round(min(1.0, score), 4))
                for score, pi, hit in kept]

    def _same_place_at(self, i: int, j: int) -> bool:
        """:meth:`_same_place` of the places at ``i`` and ``j``, with each place's GeoNames
        id, kind and normalized names worked out once (off: :meth:`_same_place`)."""
        if not _RANK_BY_FIRST_KEYS:
            return self._same_place(self.places[i], self.places[j])
        a, b = self.places[i], self.places[j]
        if a.place_id == b.place_id:
            return True
        if a.source_id and a.source_id == b.source_id:
            return True
        facts = self._place_facts
        fa = facts.get(i) or self._facts(i)
        fb = facts.get(j) or self._facts(j)
        if fa[0] and fa[0] == fb[0] and fa[1] == fb[1]:
            return True
        if fa[1] or fb[1] or fa[2] or fb[2]:
            return False
        if _LATITUDE_BOUND and abs(a.lat - b.lat) > _DUPLICATE_DEGREES:
            return False
        if haversine_km(a.lat, a.lon, b.lat, b.lon) > _DUPLICATE_KM:
            return False
        return not self._norm_names(i).isdisjoint(self._norm_names(j))

    def _facts(self, i: int) -> tuple[str | None, bool, bool]:
        """The GeoNames id, ``is_area`` and ``is_line`` of place ``i`` (worked out once)."""
        facts = self._place_facts.get(i)
        if facts is None:
            p = self.places[i]
            facts = self._place_facts[i] = (_geonames_id(p), p.is_area, p.is_line)
        return facts

    def _norm_names(self, i: int) -> frozenset[str]:
        """The normalized names of place ``i`` (worked out once)."""
        names = self._place_names.get(i)
        if names is None:
            p = self.places[i]
            names = self._place_names[i] = frozenset(map(normalize_name, p.names or (p.name,)))
        return names

    def _prefer_capitals(self, scored: list[tuple[float, int, Hit]]) -> None:
        """A governorate named like its capital ranks just below the capital (in place).

        Governorates carry the spellings of their capital's name as aliases; when both
        match, the name means the city ("Homs"), unless the caller asked for governorates.
        """
        places = self.places
        governorates = [k for k, (_, pi, _) in enumerate(scored)
                        if places[pi].feature_type == "governorate"]
        if not governorates:
            return
        by_id = {places[pi].place_id: k for k, (_, pi, _) in enumerate(scored)}
        for k in governorates:
            score, pi, hit = scored[k]
            capital = places[pi].attributes.get("capital_place_id")
            if capital not in by_id:
                continue
            cap_score = scored[by_id[capital]][0]
            if hit.match in ("skeleton", "fuzzy") or cap_score >= score:
                continue
            scored[by_id[capital]] = (score, scored[by_id[capital]][1], scored[by_id[capital]][2])
            scored[k] = (max(0.0, score - 0.01), pi, hit)

    @staticmethod
    def _source_rank(place: Place) -> int:
        return _SOURCE_ORDER.index(place.source) if place.source in _SOURCE_ORDER else 9

    @staticmethod
    def _same_place(a: Place, b: Place) -> bool:
        """The same real place from two sources?"""
        if a.place_id == b.place_id:
            return True
        if a.source_id and a.source_id == b.source_id:
            return True
        ga, gb = _geonames_id(a), _geonames_id(b)
        if ga and ga == gb and a.is_area == b.is_area:
            return True
        if a.is_area or b.is_area or a.is_line or b.is_line:
            return False
        if haversine_km(a.lat, a.lon, b.lat, b.lon) > _DUPLICATE_KM:
            return False
        na, nb = set(map(normalize_name, a.names or (a.name,))), set(
            map(normalize_name, b.names or (b.name,)))
        return bool(na & nb)
