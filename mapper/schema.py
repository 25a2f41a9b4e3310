"""The incident record: what extraction produces, location fills in and exports write.

One :class:`Incident` becomes one GeoJSON feature. Field names are the public output schema
(documented in the README); keep them stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

#: Values of ``date_precision``.
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "range", "year", "unknown")
#: Values of ``record_type``.
RECORD_TYPES: tuple[str, ...] = ("event", "tally")

#: Property names of an incident feature, in output order (geometry is separate).
PROPERTY_NAMES: tuple[str, ...] = (
    "id",
    "record_type",
    "source",
    "source_span",
    "text",
    "date",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "actors",
    "fatalities",
    "injured",
    "captured",
    "victims",
    "count",
    "place",
    "place_span",
    "location",
    "place_id",
    "feature_type",
    "governorate",
    "governorate_pcode",
    "district",
    "district_pcode",
    "desert_zone",
    "geo_precision",
    "where_prec",
    "uncertainty_km",
    "latitude",
    "longitude",
    "confidence",
    "candidates",
    "warnings",
    "unlocated_reason",
)


@dataclass(slots=True)
class PlaceExpression:
    """A place as written in the text, with its span in the report.

    ``kind`` is the extractor's reading of the construction: ``place`` (a town or named
    site), ``near`` (near X / X's outskirts / X countryside), ``corridor`` (a named road),
    ``segment`` (a road between named places), ``zone`` (a named desert zone),
    ``direction`` ("western Deir Ezzor"), ``governorates`` (one or more governorates).
    ``names`` are the place names found inside the expression, in order; ``mentions`` the
    gazetteer matches of those names (``gazetteer.model.Mention``), if the extractor used
    the gazetteer. ``corridor`` names the road's ends when the expression names a road
    ("Homs-Deir Ezzor highway", "the highway between Homs and Deir Ezzor" → ``["Homs",
    "Deir Ezzor"]``), while ``names`` of a ``segment`` are the places bounding the stretch.
    """

    text: str
    start: int
    end: int
    kind: str = "place"
    names: list[str] = field(default_factory=list)
    mentions: list[Any] = field(default_factory=list)
    qualifier: str | None = None
    corridor: list[str] = field(default_factory=list)
    #: How it was read: ``pattern`` (a construction such as "in the village of X") or
    #: ``mention`` (a bare gazetteer name the patterns did not cover).
    origin: str = "pattern"


@dataclass(slots=True)
class Location:
    """Where an incident happened, as precisely as the text allows.

    ``geometry`` is a shapely geometry in lon/lat: Point (town), Point with
    ``uncertainty_km`` (near a town), LineString (road segment), (Multi)Polygon (zone or
    governorates). ``point`` is the representative point (lon, lat).
    """

    geometry: Any
    point: tuple[float, float]
    name: str
    place_id: str | None
    feature_type: str
    geo_precision: int
    where_prec: int
    uncertainty_km: float
    confidence: float
    candidates: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Incident:
    """One reported event, or one tally (a month total or a per-zone breakdown)."""

    id: str
    source: str
    source_span: tuple[int, int]
    text: str
    record_type: str = "event"
    date: str | None = None
    date_end: str | None = None
    date_precision: str = "unknown"
    event_type: str | None = None
    sub_event_type: str | None = None
    actors: list[str] = field(default_factory=list)
    fatalities: int | None = None
    injured: int | None = None
    captured: int | None = None
    victims: dict[str, int] = field(default_factory=dict)
    count: int | None = None
    place: PlaceExpression | None = None
    location: Location | None = None
    governorate: str | None = None
    governorate_pcode: str | None = None
    district: str | None = None
    district_pcode: str | None = None
    desert_zone: str | None = None
    warnings: list[str] = field(default_factory=list)
    unlocated_reason: str | None = None

    def properties(self) -> dict[str, Any]:
        """The GeoJSON properties of this incident (see :data:`PROPERTY_NAMES`)."""
        return {name: get(self) for name, get in _PROPERTIES.items()}

    def property_values(self, names: Iterable[str]) -> dict[str, Any]:
        """The properties ``names`` of :meth:`properties`, in that order (a table's columns
        need 14 of the 35).

        Raises
        ------
        KeyError
            A name not in :data:`PROPERTY_NAMES`.
        """
        return {name: _PROPERTIES[name](self) for name in names}


def _place_span(incident: Incident) -> list[int] | None:
    place = incident.place
    return [place.start, place.end] if place else None


#: How each property is read from an incident, in :data:`PROPERTY_NAMES` order.
_PROPERTIES: dict[str, Callable[[Incident], Any]] = {
    "id": lambda i: i.id,
    "record_type": lambda i: i.record_type,
    "source": lambda i: i.source,
    "source_span": lambda i: list(i.source_span),
    "text": lambda i: i.text,
    "date": lambda i: i.date,
    "date_end": lambda i: i.date_end,
    "date_precision": lambda i: i.date_precision,
    "event_type": lambda i: i.event_type,
    "sub_event_type": lambda i: i.sub_event_type,
    "actors": lambda i: list(i.actors),
    "fatalities": lambda i: i.fatalities,
    "injured": lambda i: i.injured,
    "captured": lambda i: i.captured,
    "victims": lambda i: dict(i.victims),
    "count": lambda i: i.count,
    "place": lambda i: i.place.text if i.place else None,
    "place_span": _place_span,
    "location": lambda i: i.location.name if i.location else None,
    "place_id": lambda i: i.location.place_id if i.location else None,
    "feature_type": lambda i: i.location.feature_type if i.location else None,
    "governorate": lambda i: i.governorate,
    "governorate_pcode": lambda i: i.governorate_pcode,
    "district": lambda i: i.district,
    "district_pcode": lambda i: i.district_pcode,
    "desert_zone": lambda i: i.desert_zone,
    "geo_precision": lambda i: i.location.geo_precision if i.location else None,
    "where_prec": lambda i: i.location.where_prec if i.location else None,
    "uncertainty_km": lambda i: i.location.uncertainty_km if i.location else None,
    "latitude": lambda i: round(i.location.point[1], 6) if i.location else None,
    "longitude": lambda i: round(i.location.point[0], 6) if i.location else None,
    "confidence": lambda i: round(i.location.confidence, 3) if i.location else 0.0,
    "candidates": lambda i: list(i.location.candidates) if i.location else [],
    "warnings": lambda i: list(i.warnings),
    "unlocated_reason": lambda i: i.unlocated_reason,
}
