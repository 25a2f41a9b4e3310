"""Data model of the gazetteer: places, candidates and resolutions.

Every record the gazetteer knows is a :class:`Place`: a town, an airbase, a governorate, a
desert zone, a highway corridor or a river. Points carry only ``lat``/``lon``; areas and lines
carry a shapely ``geometry`` in lon/lat (EPSG:4326) as well, and their ``lat``/``lon`` is a
representative point inside (or on) that geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class ResolveContext:
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
