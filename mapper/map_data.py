"""Incident features → the compact data the HTML map's JavaScript draws.

The map does not make one folium object per incident (slow, and megabytes of repeated
JavaScript); it embeds one JSON blob — a column list and one row per feature, the distinct
line/polygon geometries stored once — and builds markers, clusters and shapes in the browser.
This module builds that blob, the layer facets (governorate, desert zone, tallies, event
type) and the per-governorate statistics of the choropleth.

Every feature is classified by how precisely it is located (``kind``):

``p``  Point, ``geo_precision`` 1 — a marker;
``n``  Point with an uncertainty radius (``geo_precision`` ≥ 2) — a marker and a circle;
``l``  (Multi)LineString — a road segment;
``a``  (Multi)Polygon or anything else — a shaded area, never a pin;
``x``  not located — not drawn, counted.
"""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass, field
from typing import Any

from mapper.basemap import Basemap

#: Columns of a row, in order (the JavaScript reads them by name).
ROW_FIELDS: tuple[str, ...] = (
    "id", "kind", "lat", "lon", "gi", "radius", "pk", "tk", "d0", "d1", "gp",
    "record_type", "date", "date_end", "date_precision", "event_type", "sub_event_type",
    "actors", "fatalities", "injured", "captured", "count", "place", "location",
    "feature_type", "governorate", "district", "desert_zone", "geo_precision", "where_prec",
    "uncertainty_km", "confidence", "source", "text", "warnings",
)

#: Colours of the ACLED event types (others: grey).
EVENT_COLORS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Strategic developments": "#2ca02c",
    "Protests": "#1f77b4",
    "Riots": "#8c564b",
}
OTHER_COLOR = "#6b6b6b"
#: Layer-control groups of the incident layers.
GOV_GROUP = "Governorates"
ZONE_GROUP = "Desert zones (zone-level records)"
TALLY_GROUP = "Tallies"
TYPE_GROUP = "Event types"
NO_GOVERNORATE = "No governorate"
UNSPECIFIED_TYPE = "Unspecified"
#: Default uncertainty radius (km) of an imprecise point that does not say its own.
DEFAULT_NEAR_KM = 10.0
#: Coordinate decimals kept in the HTML (1e-5 degrees ≈ 1 m).
DECIMALS = 5


@dataclass(slots=True)
class Facet:
    """One switchable layer of incidents: a governorate, a desert zone, tallies, a type."""

    key: str
    group: str
    label: str
    count: int = 0
    color: str | None = None


@dataclass(slots=True)
class MapData:
    """Everything the incident layers of the map need."""

    rows: list[list[Any]] = field(default_factory=list)
    geoms: list[dict[str, Any]] = field(default_factory=list)
    place_facets: list[Facet] = field(default_factory=list)
    type_facets: list[Facet] = field(default_factory=list)
    gov_stats: dict[str, dict[str, int]] = field(default_factory=dict)
    date_min: str | None = None
    date_max: str | None = None
    undated: int = 0
    unlocated: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def to_json_obj(self) -> dict[str, Any]:
        """The blob embedded in the page."""
        return {
            "fields": list(ROW_FIELDS),
            "rows": self.rows,
            "geoms": self.geoms,
            "placeFacets": [f.key for f in self.place_facets],
            "typeFacets": [f.key for f in self.type_facets],
            "typeColors": [f.color for f in self.type_facets],
            "dateMin": self.date_min,
            "dateMax": self.date_max,
            "undated": self.undated,
            "unlocated": self.unlocated,
        }


def safe_json(obj: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element and inside JavaScript source.

    ``<``, ``>`` and ``&`` become ``\\u003c`` …, so no ``</script>`` or ``<!--`` can appear;
    U+2028/U+2029 (line terminators in older JavaScript) are escaped too. The result is
    valid JSON and a valid JavaScript expression with the same value.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [_round(v) for v in obj]
    return obj


def _num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _int(value: Any) -> int | None:
    n = _num(value)
    return int(n) if n is not None else None


def _date_bounds(start: Any, end: Any) -> tuple[str | None, str | None]:
    """ISO bounds (``YYYY-MM-DD``) of a possibly partial date / date range."""
    def norm(value: Any, *, upper: bool) -> str | None:
        if not value or not isinstance(value, str):
            return None
        v = value.strip()[:10]
        parts = v.split("-")
        if not parts[0].isdigit() or len(parts[0]) != 4:
            return None
        if len(parts) == 1:
            return f"{parts[0]}-12-31" if upper else f"{parts[0]}-01-01"
        if len(parts) == 2:
            if not upper:
                return f"{parts[0]}-{parts[1]}-01"
            try:
                last = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
            except ValueError:
                return None
            return f"{parts[0]}-{parts[1]}-{last:02d}"
        return v

    d0 = norm(start, upper=False) or norm(end, upper=False)
    if d0 is None:
        return None, None
    d1 = norm(end, upper=True) or norm(start, upper=True) or d0
    return d0, max(d0, d1)


def classify(geometry: dict[str, Any] | None, props: dict[str, Any]) -> str:
    """The drawing kind of a feature (see the module docstring)."""
    if not geometry or not geometry.get("type"):
        return "x"
    gtype = geometry["type"]
    if gtype == "Point":
        prec = _int(props.get("geo_precision"))
        unc = _num(props.get("uncertainty_km"))
        if (prec is not None and prec >= 2) or (prec is None and unc is not None and unc > 2):
            return "n"
        return "p"
    if gtype in ("LineString", "MultiLineString"):
        return "l"
    return "a"


def _is_zone_level(props: dict[str, Any]) -> bool:
    pid = str(props.get("place_id") or "")
    return props.get("feature_type") == "zone" or pid.startswith("zone:")


def build_map_data(features: list[dict[str, Any]], basemap: Basemap) -> MapData:
    """The map's incident data from GeoJSON features (as in ``incidents.geojson``).

    Parameters
    ----------
    features
        GeoJSON Feature dicts whose properties follow :data:`mapper.schema.PROPERTY_NAMES`
        (missing properties are tolerated).
    basemap
        Governorates and desert zones: every one gets a layer, even with no incident.

    Returns
    -------
    MapData
    """
    data = MapData()
    gov_by_name = {g.name.casefold(): g for g in basemap.governorates}
    gov_by_pcode = {g.pcode: g for g in basemap.governorates if g.pcode}

    place_index: dict[str, int] = {}
    type_index: dict[str, int] = {}

    def facet(index: dict[str, int], out: list[Facet], key: str, group: str,
              label: str) -> int:
        if key not in index:
            index[key] = len(out)
            out.append(Facet(key=key, group=group, label=label))
        return index[key]

    for g in sorted(basemap.governorates, key=lambda g: g.name):
        facet(place_index, data.place_facets, f"gov:{g.name}", GOV_GROUP, g.name)
    for z in sorted(basemap.zones, key=lambda z: z.name):
        facet(place_index, data.place_facets, f"zone:{z.name}", ZONE_GROUP, z.name)

    geom_index: dict[str, int] = {}
    dates: list[str] = []
    rows: list[list[Any]] = []
    for n, feature in enumerate(features):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        kind = classify(geometry, props)
        data.kinds[kind] = data.kinds.get(kind, 0) + 1
        lat, lon, gi, radius = _num(props.get("latitude")), _num(props.get("longitude")), -1, 0.0
        if kind in ("p", "n"):
            lon, lat = (_num(c) for c in geometry["coordinates"][:2])  # type: ignore[index]
            if lat is None or lon is None:
                kind = "x"
            elif kind == "n":
                radius = _num(props.get("uncertainty_km")) or DEFAULT_NEAR_KM
        elif kind in ("l", "a"):
            gjson = {"type": geometry["type"],  # type: ignore[index]
                     "coordinates": _round(geometry.get("coordinates")),  # type: ignore[union-attr]
                     }
            if gjson["type"] == "GeometryCollection":
                gjson = {"type": "GeometryCollection",
                         "geometries": _round(geometry.get("geometries"))}  # type: ignore[union-attr]
            key = json.dumps(gjson, separators=(",", ":"))
            gi = geom_index.setdefault(key, len(geom_index))
            if gi == len(data.geoms):
                data.geoms.append(gjson)
        if kind == "x":
            data.unlocated += 1

        gov = props.get("governorate")
        pcode = props.get("governorate_pcode")
        if not pcode and isinstance(gov, str) and gov.casefold() in gov_by_name:
            pcode = gov_by_name[gov.casefold()].pcode
        if pcode in gov_by_pcode:
            gov = gov_by_pcode[pcode].name  # the gazetteer's spelling: one layer per governorate

        if props.get("record_type") == "tally":
            pk = facet(place_index, data.place_facets, "tally", TALLY_GROUP,
                       "Zone-level tallies")
        elif _is_zone_level(props) and (props.get("desert_zone") or props.get("location")):
            zname = str(props.get("desert_zone") or props.get("location"))
            pk = facet(place_index, data.place_facets, f"zone:{zname}", ZONE_GROUP, zname)
        elif gov:
            pk = facet(place_index, data.place_facets, f"gov:{gov}", GOV_GROUP, str(gov))
        else:
            pk = facet(place_index, data.place_facets, "gov:?", GOV_GROUP, NO_GOVERNORATE)
        data.place_facets[pk].count += 1

        etype = props.get("event_type") or UNSPECIFIED_TYPE
        tk = facet(type_index, data.type_facets, f"type:{etype}", TYPE_GROUP, str(etype))
        data.type_facets[tk].count += 1

        d0, d1 = _date_bounds(props.get("date"), props.get("date_end"))
        if d0:
            dates.extend((d0, d1 or d0))
        else:
            data.undated += 1

        if kind != "x" and props.get("record_type") != "tally" and pcode:
            st = data.gov_stats.setdefault(str(pcode), {"incidents": 0, "fatalities": 0})
            st["incidents"] += 1
            st["fatalities"] += _int(props.get("fatalities")) or 0

        actors = props.get("actors")
        warnings = props.get("warnings")
        row = [
            str(props.get("id") or feature.get("id") or f"feature-{n + 1}"), kind,
            lat, lon, gi, round(radius, 2), pk, tk, d0, d1, pcode,
            props.get("record_type") or "event", props.get("date"), props.get("date_end"),
            props.get("date_precision"), props.get("event_type"), props.get("sub_event_type"),
            "; ".join(map(str, actors)) if isinstance(actors, list) else actors,
            _int(props.get("fatalities")), _int(props.get("injured")),
            _int(props.get("captured")), _int(props.get("count")),
            props.get("place"), props.get("location"), props.get("feature_type"), gov,
            props.get("district"), props.get("desert_zone"), _int(props.get("geo_precision")),
            _int(props.get("where_prec")), _num(props.get("uncertainty_km")),
            _num(props.get("confidence")), props.get("source"), props.get("text"),
            "; ".join(map(str, warnings)) if isinstance(warnings, list) else warnings,
        ]
        rows.append(row)
    # Layer-control order: governorates (A–Z, "no governorate" last), zones, tallies.
    order = {GOV_GROUP: 0, ZONE_GROUP: 1, TALLY_GROUP: 2}
    perm = sorted(range(len(data.place_facets)), key=lambda i: (
        order.get(data.place_facets[i].group, 3), data.place_facets[i].key == "gov:?",
        data.place_facets[i].label.casefold()))
    new_index = {old: new for new, old in enumerate(perm)}
    data.place_facets = [data.place_facets[i] for i in perm]
    pk_col = ROW_FIELDS.index("pk")
    for r in rows:
        r[pk_col] = new_index[r[pk_col]]
    data.rows = [[_round(v) if isinstance(v, float) else v for v in r] for r in rows]
    for f in data.type_facets:
        f.color = EVENT_COLORS.get(f.label, OTHER_COLOR)
    if dates:
        data.date_min, data.date_max = min(dates), max(dates)
    return data


def class_breaks(values: list[int], *, classes: int = 5) -> list[int]:
    """Lower bounds of up to ``classes`` colour classes for positive counts (≥ 1).

    Quantiles of the non-zero values, rounded to distinct integers; the first bound is 1.
    """
    vals = sorted(v for v in values if v > 0)
    if not vals:
        return [1]
    bounds = {1}
    for k in range(1, classes):
        q = vals[min(len(vals) - 1, int(len(vals) * k / classes))]
        bounds.add(max(1, int(q)))
    return sorted(bounds)
