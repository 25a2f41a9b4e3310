"""The embedded default gazetteer: the files the project ships in ``gazetteer/data/``.

========================  ===================================================================
file                      records
========================  ===================================================================
``governorates.geojson``  the 14 governorates (polygons, P-codes, ISO 3166-2, Arabic names)
``zones.geojson``         named desert zones and areas ("the Homs desert", "the Badia")
``regions.geojson``       named regions defined by member towns ("Eastern Ghouta", "Lajat")
``rivers.geojson``        rivers (lines)
``places.csv``            curated towns, villages, bases, oil fields, crossings … (points)
``corridors.json``        highway corridors as lists of waypoint place ids
========================  ===================================================================

Files that are not there are skipped with a warning, so the package works while the data
grows. Only :mod:`json`, :mod:`csv` and shapely are used (no GDAL): loading takes well under
0.3 s.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from gazetteer.errors import SourceFormatError
from gazetteer.model import Place

logger = logging.getLogger(__name__)

__all__ = ["DATA_DIR", "load_embedded", "places_from_dir"]

#: Folder of the embedded data files.
DATA_DIR = Path(__file__).resolve().parent / "data"

PLACES_COLUMNS = (
    "place_id", "name", "feature_type", "lat", "lon", "governorate_pcode", "district_pcode",
    "subdistrict_pcode", "aliases", "source_id", "population", "seat_of",
)


def _names(*groups: Any) -> tuple[str, ...]:
    """Unique non-empty names in order (the preferred name first)."""
    seen: set[str] = set()
    out: list[str] = []
    for group in groups:
        if group is None:
            continue
        items = [group] if isinstance(group, str) else list(group)
        for item in items:
            if item is None:
                continue
            name = str(item).strip()
            if name and name not in seen:
                seen.add(name)
                out.append(name)
    return tuple(out)


def _aliases(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [a.strip() for a in value.split("|") if a.strip()]
    return [str(a).strip() for a in value if str(a).strip()]


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise SourceFormatError(f"{path}: cannot read embedded data: {exc}") from exc


def _features(path: Path) -> Iterator[tuple[dict[str, Any], Any]]:
    from shapely.geometry import shape

    data = _read_json(path)
    for feature in data.get("features", []):
        props = dict(feature.get("properties") or {})
        geom = feature.get("geometry")
        if not props.get("place_id") or not geom:
            logger.warning("%s: feature without place_id or geometry skipped", path.name)
            continue
        geometry = shape(geom)
        if not geometry.is_valid:
            from shapely import make_valid

            geometry = make_valid(geometry)
        yield props, geometry


def _rep_point(geometry: Any) -> tuple[float, float]:
    """(lon, lat) of a representative point: inside polygons, the middle of lines."""
    if geometry.geom_type in ("LineString", "MultiLineString"):
        pt = geometry.interpolate(0.5, normalized=True)
    else:
        pt = geometry.representative_point()
    return pt.x, pt.y


def _int_or_none(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def governorates_from_geojson(path: Path) -> list[Place]:
    """Governorate places from ``governorates.geojson``."""
    out: list[Place] = []
    for props, geometry in _features(path):
        lon, lat = _rep_point(geometry)
        gid = props.get("geonames_id")
        attrs = {k: props.get(k) for k in ("pcode", "iso_3166_2", "name_ar", "capital_place_id",
                                            "geonames_id") if props.get(k) is not None}
        out.append(Place(
            place_id=str(props["place_id"]),
            name=str(props.get("name") or props["place_id"]),
            feature_type="governorate",
            lat=lat, lon=lon,
            names=_names(props.get("name"), props.get("name_ar"), _aliases(props.get("aliases"))),
            governorate_pcode=props.get("pcode"),
            source="embedded",
            source_id=f"geonames:{gid}" if gid else None,
            geometry=geometry,
            attributes=attrs,
        ))
    return out


def zones_from_geojson(path: Path, *, feature_type: str = "zone") -> list[Place]:
    """Desert zones / named areas from ``zones.geojson`` (or regions, see below)."""
    out: list[Place] = []
    for props, geometry in _features(path):
        lon, lat = _rep_point(geometry)
        pcodes = list(props.get("governorate_pcodes") or [])
        attrs: dict[str, Any] = {"governorate_pcodes": pcodes, "kind": props.get("kind"),
                                 "definition": props.get("definition")}
        if props.get("members"):
            attrs["members"] = [str(m) for m in props["members"]]
        out.append(Place(
            place_id=str(props["place_id"]),
            name=str(props.get("name") or props["place_id"]),
            feature_type=feature_type,
            lat=lat, lon=lon,
            names=_names(props.get("name"), props.get("name_ar"), _aliases(props.get("aliases"))),
            governorate_pcode=pcodes[0] if len(pcodes) == 1 else None,
            source="embedded",
            geometry=geometry,
            attributes=attrs,
        ))
    return out


def regions_from_geojson(path: Path) -> list[Place]:
    """Named regions from ``regions.geojson`` (feature type ``region``).

    Regions (the Eastern Ghouta, the Qalamoun, the Lajat …) are areas defined by a list of
    member towns (``gazetteer/tools/derive_regions.py``); they are not admin units or desert
    zones, so :class:`~gazetteer.spatial.AreaIndex` does not index them.
    """
    return zones_from_geojson(path, feature_type="region")


def rivers_from_geojson(path: Path) -> list[Place]:
    """Rivers (lines) from ``rivers.geojson``."""
    out: list[Place] = []
    for props, geometry in _features(path):
        lon, lat = _rep_point(geometry)
        out.append(Place(
            place_id=str(props["place_id"]),
            name=str(props.get("name") or props["place_id"]),
            feature_type=str(props.get("feature_type") or "river"),
            lat=lat, lon=lon,
            names=_names(props.get("name"), props.get("name_ar"), _aliases(props.get("aliases"))),
            source="embedded",
            geometry=geometry,
            attributes={},
        ))
    return out


def places_from_csv(path: Path) -> list[Place]:
    """Curated point places from ``places.csv``."""
    out: list[Place] = []
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise SourceFormatError(f"{path}: cannot read embedded data: {exc}") from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = {"place_id", "name", "lat", "lon"} - set(reader.fieldnames or ())
        if missing:
            raise SourceFormatError(f"{path}: missing columns {sorted(missing)}")
        for lineno, row in enumerate(reader, start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError):
                logger.warning("%s:%d: bad coordinates, row skipped", path.name, lineno)
                continue
            attrs: dict[str, Any] = {}
            if row.get("seat_of"):
                attrs["seat_of"] = row["seat_of"].strip()
            out.append(Place(
                place_id=row["place_id"].strip(),
                name=row["name"].strip(),
                feature_type=(row.get("feature_type") or "village").strip(),
                lat=lat, lon=lon,
                names=_names(row["name"], _aliases(row.get("aliases"))),
                governorate_pcode=(row.get("governorate_pcode") or "").strip() or None,
                district_pcode=(row.get("district_pcode") or "").strip() or None,
                subdistrict_pcode=(row.get("subdistrict_pcode") or "").strip() or None,
                population=_int_or_none(row.get("population")),
                source="embedded",
                source_id=(row.get("source_id") or "").strip() or None,
                attributes=attrs,
            ))
    return out


def corridors_from_json(path: Path, places: Iterable[Place]) -> list[Place]:
    """Highway corridors from ``corridors.json``: lines through their waypoint places."""
    from shapely.geometry import LineString

    by_id = {p.place_id: p for p in places}
    data = _read_json(path)
    if not isinstance(data, list):
        raise SourceFormatError(f"{path}: expected a list of corridors")
    out: list[Place] = []
    for item in data:
        pid = item.get("place_id")
        waypoints = [str(w) for w in item.get("waypoints") or []]
        known = [w for w in waypoints if w in by_id]
        if len(known) < len(waypoints):
            logger.warning("%s: %s: unknown waypoints %s skipped", path.name, pid,
                           sorted(set(waypoints) - set(known)))
        if not pid or len(known) < 2:
            logger.warning("%s: corridor %r without 2 known waypoints skipped", path.name, pid)
            continue
        line = LineString([(by_id[w].lon, by_id[w].lat) for w in known])
        lon, lat = _rep_point(line)
        govs = sorted({by_id[w].governorate_pcode for w in known if by_id[w].governorate_pcode})
        out.append(Place(
            place_id=str(pid),
            name=str(item.get("name") or pid),
            feature_type="corridor",
            lat=lat, lon=lon,
            names=_names(item.get("name"), item.get("name_ar"), item.get("ref"),
                         _aliases(item.get("aliases"))),
            source="embedded",
            geometry=line,
            attributes={"waypoints": known, "ref": item.get("ref"),
                        "governorate_pcodes": govs},
        ))
    return out


def places_from_dir(data_dir: Path) -> list[Place]:
    """Read every embedded data file under ``data_dir`` (missing files are skipped).

    Parameters
    ----------
    data_dir
        A folder laid out like ``gazetteer/data``.

    Returns
    -------
    list of Place
        Governorates, zones, regions, rivers, curated places, then corridors.
    """
    data_dir = Path(data_dir)
    places: list[Place] = []
    readers = (
        ("governorates.geojson", governorates_from_geojson),
        ("zones.geojson", zones_from_geojson),
        ("regions.geojson", regions_from_geojson),
        ("rivers.geojson", rivers_from_geojson),
        ("places.csv", places_from_csv),
    )
    for filename, reader in readers:
        path = data_dir / filename
        if path.is_file():
            places.extend(reader(path))
        else:
            logger.warning("embedded gazetteer: %s is missing", path)
    path = data_dir / "corridors.json"
    if path.is_file():
        places.extend(corridors_from_json(path, places))
    else:
        logger.warning("embedded gazetteer: %s is missing", path)
    seen: set[str] = set()
    unique: list[Place] = []
    for p in places:
        if p.place_id in seen:
            logger.warning("embedded gazetteer: duplicate place id %s skipped", p.place_id)
            continue
        seen.add(p.place_id)
        unique.append(p)
    return unique


@functools.cache
def _load_embedded_cached() -> tuple[Place, ...]:
    places = tuple(places_from_dir(DATA_DIR))
    logger.debug("embedded gazetteer: %d places", len(places))
    return places


def load_embedded() -> list[Place]:
    """The embedded gazetteer (read once per process, then cached).

    Returns
    -------
    list of Place
        A new list each call (the :class:`Place` records are shared and immutable).
    """
    return list(_load_embedded_cached())
