"""The incident record: what extraction produces, location fills in and exports write.

One :class:`Incident` becomes one GeoJSON feature. Field names are the public output schema
(documented in the README); keep them stable.
"""

from __future__ import annotations

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
        loc = self.location
        place = self.place
        props: dict[str, Any] = {
            "id": self.id,
            "record_type": self.record_type,
            "source": self.source,
            "source_span": list(self.source_span),
            "text": self.text,
            "date": self.date,
            "date_end": self.date_end,
            "date_precision": self.date_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actors": list(self.actors),
            "fatalities": self.fatalities,
            "injured": self.injured,
            "captured": self.captured,
            "victims": dict(self.victims),
            "count": self.count,
            "place": place.text if place else None,
            "place_span": [place.start, place.end] if place else None,
            "location": loc.name if loc else None,
            "place_id": loc.place_id if loc else None,
            "feature_type": loc.feature_type if loc else None,
            "governorate": self.governorate,
            "governorate_pcode": self.governorate_pcode,
            "district": self.district,
            "district_pcode": self.district_pcode,
            "desert_zone": self.desert_zone,
            "geo_precision": loc.geo_precision if loc else None,
            "where_prec": loc.where_prec if loc else None,
            "uncertainty_km": loc.uncertainty_km if loc else None,
            "latitude": round(loc.point[1], 6) if loc else None,
            "longitude": round(loc.point[0], 6) if loc else None,
            "confidence": round(loc.confidence, 3) if loc else 0.0,
            "candidates": list(loc.candidates) if loc else [],
            "warnings": list(self.warnings),
            "unlocated_reason": self.unlocated_reason,
        }
        return props
