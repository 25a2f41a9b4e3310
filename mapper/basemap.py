"""The offline basemap's content, taken from the gazetteer.

A :class:`Basemap` holds what the HTML map draws without any tile server: governorate
polygons (and the country outline, their union), desert zones, rivers, highway corridors and
a few labelled towns. :func:`basemap_from_gazetteer` reads them from a
:class:`gazetteer.Gazetteer`; :func:`load_basemap` falls back to the embedded data files when
the gazetteer class cannot be built, and to an empty basemap when there is nothing at all.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[1] / "gazetteer" / "data"

#: Towns labelled on the basemap besides the governorate capitals (curated place ids and
#: names; whichever the gazetteer has).
KEY_TOWNS: tuple[str, ...] = (
    "palmyra", "as-sukhnah", "al-mayadin", "albu-kamal", "manbij", "tabqa", "qamishli",
    "al-tanf", "ithriya", "khanasser", "kabajeb", "maadan", "al-qaryatayn", "al-shaddadi",
    "hajin", "salamiyah", "al-shoula",
)

#: Feature types that may be drawn as town dots (capitals and :data:`KEY_TOWNS` only).
TOWN_TYPES: frozenset[str] = frozenset({"city", "town"})


@dataclass(slots=True)
class BasemapItem:
    """One basemap record: a name, an id, a representative point and a geometry (lon/lat)."""

    place_id: str
    name: str
    lat: float
    lon: float
    geometry: Any = None
    pcode: str | None = None
    capital: bool = False
    capital_id: str | None = None


@dataclass(slots=True)
class Basemap:
    """What the offline basemap draws."""

    governorates: list[BasemapItem] = field(default_factory=list)
    zones: list[BasemapItem] = field(default_factory=list)
    rivers: list[BasemapItem] = field(default_factory=list)
    corridors: list[BasemapItem] = field(default_factory=list)
    towns: list[BasemapItem] = field(default_factory=list)

    def country(self) -> Any:
        """The country outline: the union of the governorate polygons (or ``None``)."""
        geoms = [g.geometry for g in self.governorates if g.geometry is not None]
        if not geoms:
            return None
        from shapely import make_valid, union_all

        return union_all([make_valid(g) for g in geoms]).buffer(0.002).buffer(-0.002)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() or c in "'-" else "-" for c in text.lower()).strip("-")


def _item(place: Any) -> BasemapItem:
    attrs = getattr(place, "attributes", None) or {}
    pcode = attrs.get("pcode") or getattr(place, "governorate_pcode", None)
    if not pcode and str(place.place_id).startswith("gov:"):
        pcode = str(place.place_id)[4:]
    capital = bool(attrs.get("capital")) or _is_gov_pcode(attrs.get("seat_of"))
    return BasemapItem(place_id=place.place_id, name=place.name, lat=float(place.lat),
                       lon=float(place.lon), geometry=getattr(place, "geometry", None),
                       pcode=pcode, capital=capital,
                       capital_id=attrs.get("capital_place_id"))


def _is_gov_pcode(value: Any) -> bool:
    """True for a governorate P-code (``SY04``), the ``seat_of`` of a governorate capital."""
    return isinstance(value, str) and len(value) == 4 and value.startswith("SY")


def _is_key_town(place_id: str, name: str) -> bool:
    tail = place_id.split(":", 1)[-1].lower()
    return tail in KEY_TOWNS or _slug(name) in KEY_TOWNS


def _all_places(gaz: Any) -> list[Any]:
    for attr in ("places", "all_places", "records"):
        value = getattr(gaz, attr, None)
        if value is None:
            continue
        try:
            value = value() if callable(value) else value
            return list(value)
        except TypeError:
            continue
    return []


def basemap_from_gazetteer(gaz: Any) -> Basemap:
    """The basemap of a gazetteer (anything with ``governorates()``, ``zones()`` …).

    Parameters
    ----------
    gaz
        A :class:`gazetteer.Gazetteer`.

    Returns
    -------
    Basemap
    """
    def call(name: str) -> list[Any]:
        fn = getattr(gaz, name, None)
        return list(fn()) if callable(fn) else []

    bm = Basemap(
        governorates=[_item(p) for p in call("governorates") if p.geometry is not None],
        zones=[_item(p) for p in call("zones") if p.geometry is not None],
        rivers=[_item(p) for p in call("rivers") if p.geometry is not None],
        corridors=[_item(p) for p in call("corridors") if p.geometry is not None],
    )
    capitals = {g.capital_id for g in bm.governorates if g.capital_id}
    towns = [p for p in _all_places(gaz) if getattr(p, "feature_type", None) in TOWN_TYPES]
    bm.towns = _pick_towns([_item(p) for p in towns], capitals)
    if not bm.towns:
        bm.towns = _towns_from_csv(DATA_DIR / "places.csv", capitals)
    return bm


def _pick_towns(items: list[BasemapItem],
                capitals: set[str] | None = None) -> list[BasemapItem]:
    """Governorate capitals and the curated key towns."""
    out = []
    seen: set[str] = set()
    capitals = capitals or set()
    for item in items:
        if item.place_id in seen:
            continue
        if item.place_id in capitals:
            item.capital = True
        if item.capital or _is_key_town(item.place_id, item.name):
            seen.add(item.place_id)
            out.append(item)
    return out


def _read_geojson(path: Path) -> list[BasemapItem]:
    if not path.is_file():
        return []
    from shapely.geometry import shape

    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in data.get("features", []):
        if not f.get("geometry"):
            continue
        props = f.get("properties") or {}
        geom = shape(f["geometry"])
        rp = geom.representative_point()
        out.append(BasemapItem(
            place_id=str(props.get("place_id") or props.get("id") or props.get("name")),
            name=str(props.get("name") or props.get("name_en") or "?"),
            lat=float(props.get("lat") or rp.y), lon=float(props.get("lon") or rp.x),
            geometry=geom, pcode=props.get("pcode"),
            capital_id=props.get("capital_place_id")))
    return out


def _towns_from_csv(path: Path, capitals: set[str] | None = None) -> list[BasemapItem]:
    if not path.is_file():
        return []
    items = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ftype = (row.get("feature_type") or "").strip()
            if ftype not in TOWN_TYPES:
                continue
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            seat = (row.get("seat_of") or "").strip()
            items.append(BasemapItem(
                place_id=row.get("place_id") or row.get("name", ""), name=row.get("name", ""),
                lat=lat, lon=lon, pcode=row.get("governorate_pcode") or None,
                capital=_is_gov_pcode(seat)))
    return _pick_towns(items, capitals)


def _corridors_from_json(path: Path) -> list[BasemapItem]:
    if not path.is_file():
        return []
    from shapely.geometry import LineString, shape

    data = json.loads(path.read_text(encoding="utf-8"))
    records = data.get("corridors", data) if isinstance(data, dict) else data
    out = []
    for rec in records if isinstance(records, list) else []:
        geom = None
        if isinstance(rec.get("geometry"), dict):
            geom = shape(rec["geometry"])
        elif isinstance(rec.get("coordinates"), list) and len(rec["coordinates"]) >= 2:
            geom = LineString(rec["coordinates"])
        if geom is None:
            continue
        rp = geom.interpolate(0.5, normalized=True)
        out.append(BasemapItem(place_id=str(rec.get("place_id", rec.get("name"))),
                               name=str(rec.get("name", "?")), lat=rp.y, lon=rp.x,
                               geometry=geom))
    return out


def basemap_from_files(data_dir: str | Path = DATA_DIR) -> Basemap:
    """The basemap read straight from the gazetteer's data files (no gazetteer object)."""
    d = Path(data_dir)
    govs = _read_geojson(d / "governorates.geojson")
    capitals = {g.capital_id for g in govs if g.capital_id}
    return Basemap(
        governorates=govs,
        zones=_read_geojson(d / "zones.geojson"),
        rivers=_read_geojson(d / "rivers.geojson"),
        corridors=_corridors_from_json(d / "corridors.json"),
        towns=_towns_from_csv(d / "places.csv", capitals),
    )


def load_basemap(gazetteer: Any = None) -> Basemap:
    """The basemap of ``gazetteer``, else of the default gazetteer, else of the data files.

    Parameters
    ----------
    gazetteer
        A :class:`gazetteer.Gazetteer`, a :class:`Basemap` (used as is), or ``None``.

    Returns
    -------
    Basemap
        Possibly empty: the map is still drawn, with no basemap shapes.
    """
    if isinstance(gazetteer, Basemap):
        return gazetteer
    if gazetteer is None:
        try:
            from gazetteer import Gazetteer  # type: ignore[attr-defined]

            gazetteer = Gazetteer.default()
        except (ImportError, AttributeError, OSError, ValueError) as exc:
            log.info("no default gazetteer (%s); reading the basemap from %s", exc, DATA_DIR)
            return basemap_from_files()
    try:
        return basemap_from_gazetteer(gazetteer)
    except (AttributeError, TypeError, ValueError) as exc:
        log.warning("basemap from gazetteer failed (%s); reading the data files", exc)
        return basemap_from_files()
