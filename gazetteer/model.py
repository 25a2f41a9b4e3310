"""Data model of the gazetteer: places, candidates and resolutions.

Every record the gazetteer knows is a :class:`Place`: a town, an airbase, a governorate, a
desert zone, a highway corridor or a river. Points carry only ``lat``/``lon``; areas and lines
carry a shapely ``geometry`` in lon/lat (EPSG:4326) as well, and their ``lat``/``lon`` is a
representative point inside (or on) that geometry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

#: Feature types, from the most to the least specific. Used in ranking and in output.
FEATURE_TYPES: tuple[str, ...] = (
    "city",
    "town",
    "village",
    "neighbourhood",
    "airbase",
    "military_base",
    "oil_field",
    "gas_field",
    "border_crossing",
    "dam",
    "bridge",
    "checkpoint",
    "prison",
    "landmark",
    "mountain",
    "subdistrict",
    "district",
    "governorate",
    "country",
    "region",
    "zone",
    "corridor",
    "river",
)

#: Feature types that are areas (drawn as polygons, never as pins).
AREA_TYPES: frozenset[str] = frozenset(
    {"subdistrict", "district", "governorate", "country", "region", "zone"}
)
#: Feature types that are lines.
LINE_TYPES: frozenset[str] = frozenset({"corridor", "river"})
#: Feature types that are points (towns and sites).
POINT_TYPES: frozenset[str] = frozenset(FEATURE_TYPES) - AREA_TYPES - LINE_TYPES


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record.

    Parameters
    ----------
    place_id
        Stable identifier, prefixed by its namespace: ``place:as-sukhnah`` (curated),
        ``gov:SY04``, ``zone:homs-desert``, ``corridor:homs-deir-ez-zor``, ``river:euphrates``,
        ``wof:1209406525``, ``gn:170063``, ``ocha:SY040501``.
    name
        Preferred English name.
    feature_type
        One of :data:`FEATURE_TYPES`.
    lat, lon
        Representative point, WGS84 degrees.
    names
        Every spelling this place is known by (preferred name first), Latin and Arabic script.
    governorate_pcode
        OCHA P-code of the governorate (``SY01`` … ``SY14``) the place lies in, if known.
    district_pcode, subdistrict_pcode
        OCHA P-codes of the district / sub-district, if known.
    population
        Population if known (used only for ranking).
    source
        Where the record comes from: ``embedded``, ``wof``, ``ocha``, ``geonames``.
    source_id
        Identifier in the source the coordinates come from, e.g. ``geonames:170063`` or
        ``wof:1209406525``.
    geometry
        shapely geometry (lon/lat) for areas and lines; ``None`` for points.
    attributes
        Any further fields (ISO code, Arabic name, waypoints, seat-of, ...).
    """

    place_id: str
    name: str
    feature_type: str
    lat: float
    lon: float
    names: tuple[str, ...] = ()
    governorate_pcode: str | None = None
    district_pcode: str | None = None
    subdistrict_pcode: str | None = None
    population: int | None = None
    source: str = "embedded"
    source_id: str | None = None
    geometry: Any = None
    attributes: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def is_area(self) -> bool:
        """True for zones, governorates and other areas."""
        return self.feature_type in AREA_TYPES

    @property
    def is_line(self) -> bool:
        """True for corridors and rivers."""
        return self.feature_type in LINE_TYPES


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a name may refer to, with how it matched and its score.

    ``match`` is ``exact`` (the name as written), ``normalized`` (after transliteration
    folding) or ``fuzzy``; ``score`` is in [0, 1], higher is better.
    """

    place: Place
    matched_name: str
    match: str
    score: float


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving a name: the best candidate and the ranked alternatives."""

    query: str
    best: Candidate | None
    candidates: tuple[Candidate, ...] = ()

    @property
    def place(self) -> Place | None:
        """The chosen place, or ``None`` when nothing matched."""
        return self.best.place if self.best else None

    @property
    def confidence(self) -> float:
        """Confidence of the choice in [0, 1] (0 when nothing matched)."""
        return self.best.score if self.best else 0.0


@dataclass(frozen=True, slots=True)
class Mention:
    """A gazetteer name found in running text, with its character span ``[start, end)``."""

    start: int
    end: int
    text: str
    key: str
    place_ids: tuple[str, ...]


#: :class:`ResolveContext` works out its hash once and keeps it (off: worked out each time
#: it is hashed); contexts are memo keys of every resolution and location, and a context's
#: ``near`` points are hashed anew each time otherwise.
_KEEP_CONTEXT_HASH = True


class _KeptHash:
    """A slot for a record's hash, outside its fields: never compared, shown or pickled
    (an unpickled record works its hash out again, in its own process)."""

    __slots__ = ("_hash",)


_set_kept_hash = _KeptHash._hash.__set__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ResolveContext(_KeptHash):
    """What else the text says, to rank candidates of an ambiguous name.

    Parameters
    ----------
    governorate_pcodes
        Governorates named nearby (``SY09`` for "in western Deir Ezzor").
    near
        (lon, lat) points of places named nearby.
    place_ids
        Places already resolved nearby.
    district_pcodes
        Districts known to hold the place (``SY0903``), e.g. from a table's ``admin2``
        column: a candidate inside one ranks above others in the same governorate.
    subdistrict_pcodes
        Sub-districts known to hold the place (``SY090300``), e.g. from ``admin3``.
    """

    governorate_pcodes: frozenset[str] = frozenset()
    near: tuple[tuple[float, float], ...] = ()
    place_ids: frozenset[str] = frozenset()
    district_pcodes: frozenset[str] = frozenset()
    subdistrict_pcodes: frozenset[str] = frozenset()

    def __hash__(self) -> int:
        """The hash of the fields (as the generated one), kept after the first time."""
        if _KEEP_CONTEXT_HASH:
            try:
                return self._hash  # type: ignore[no-any-return]
            except AttributeError:
                pass
        found = hash((self.governorate_pcodes, self.near, self.place_ids,
                      self.district_pcodes, self.subdistrict_pcodes))
        if _KEEP_CONTEXT_HASH:
            _set_kept_hash(self, found)
        return found


# -- construction ---------------------------------------------------------------------------
#: The records above are made by an ``__init__`` that sets each field through its slot's
#: descriptor: the same object the generated frozen ``__init__`` makes (through
#: ``object.__setattr__`` for each field), in about half the time; tens of thousands are
#: made per table. Read at import; off: the generated ones.
_INIT_BY_SLOTS = True
#: The ``__init__`` dataclasses generated for each record (for comparison in tests).
GENERATED_INITS: dict[type, Callable[..., None]] = {}
_NO_ATTRIBUTES: Any = object()  # Place: no attributes given (a new dict each time)


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The ``__set__`` of each field's slot of the frozen slots dataclass ``cls``, in
    field order (what an ``__init__`` by slots calls)."""
    return tuple(vars(cls)[f.name].__set__ for f in fields(cls))


def init_by_slots(cls: type, init: Callable[..., None]) -> None:
    """Make ``init`` (same parameters as the generated ``__init__``, setting each field
    through :func:`slot_setters`) the ``__init__`` of the frozen slots dataclass ``cls``
    when :data:`_INIT_BY_SLOTS` is on; the generated one is kept in
    :data:`GENERATED_INITS`."""
    GENERATED_INITS[cls] = cls.__init__
    if _INIT_BY_SLOTS:
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        init.__name__ = "__init__"
        cls.__init__ = init  # type: ignore[misc]


def _init_by_slots() -> None:
    """Make the records' ``__init__`` by slots (:func:`init_by_slots`)."""
    (p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13) = slot_setters(Place)

    def place_init(self: Place, place_id: str, name: str, feature_type: str, lat: float,
                   lon: float, names: tuple[str, ...] = (),
                   governorate_pcode: str | None = None, district_pcode: str | None = None,
                   subdistrict_pcode: str | None = None, population: int | None = None,
                   source: str = "embedded", source_id: str | None = None,
                   geometry: Any = None, attributes: Any = _NO_ATTRIBUTES) -> None:
        p0(self, place_id)
        p1(self, name)
        p2(self, feature_type)
        p3(self, lat)
        p4(self, lon)
        p5(self, names)
        p6(self, governorate_pcode)
        p7(self, district_pcode)
        p8(self, subdistrict_pcode)
        p9(self, population)
        p10(self, source)
        p11(self, source_id)
        p12(self, geometry)
        p13(self, {} if attributes is _NO_ATTRIBUTES else attributes)

    c0, c1, c2, c3 = slot_setters(Candidate)

    def candidate_init(self: Candidate, place: Place, matched_name: str, match: str,
                       score: float) -> None:
        c0(self, place)
        c1(self, matched_name)
        c2(self, match)
        c3(self, score)

    r0, r1, r2 = slot_setters(Resolution)

    def resolution_init(self: Resolution, query: str, best: Candidate | None,
                        candidates: tuple[Candidate, ...] = ()) -> None:
        r0(self, query)
        r1(self, best)
        r2(self, candidates)

    m0, m1, m2, m3, m4 = slot_setters(Mention)

    def mention_init(self: Mention, start: int, end: int, text: str, key: str,
                     place_ids: tuple[str, ...]) -> None:
        m0(self, start)
        m1(self, end)
        m2(self, text)
        m3(self, key)
        m4(self, place_ids)

    x0, x1, x2, x3, x4 = slot_setters(ResolveContext)
    d0, d1, d2, d3, d4 = (f.default for f in fields(ResolveContext))

    def context_init(self: ResolveContext, governorate_pcodes: frozenset[str] = d0,
                     near: tuple[tuple[float, float], ...] = d1,
                     place_ids: frozenset[str] = d2, district_pcodes: frozenset[str] = d3,
                     subdistrict_pcodes: frozenset[str] = d4) -> None:
        x0(self, governorate_pcodes)
        x1(self, near)
        x2(self, place_ids)
        x3(self, district_pcodes)
        x4(self, subdistrict_pcodes)

    init_by_slots(Place, place_init)
    init_by_slots(Candidate, candidate_init)
    init_by_slots(Resolution, resolution_init)
    init_by_slots(Mention, mention_init)
    init_by_slots(ResolveContext, context_init)


_init_by_slots()
