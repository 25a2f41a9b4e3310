"""OpenSyria ``data-geography`` (governorates, districts, sub-districts as JSON) → places.

Each record carries English and Arabic names, many aliases (romanisations, formal names,
Arabic forms), an OCHA P-code, a GeoNames id, a centroid and the area in km². Records become
``ocha:<P-code>`` places (the same ids as the OCHA importer, so that building a store from both
merges the aliases into the OCHA polygons). On their own they have no boundary: their
geometry is then a circle of the recorded area around the centroid, flagged with
``attributes["geometry_approximate"] = True``.
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path
from typing import Any

from gazetteer.errors import SourceFormatError
from gazetteer.importers._common import ImportLog, ProgressFn, clean_names, to_int, valid_lonlat
from gazetteer.model import Place

__all__ = ["places_from_opensyria"]

logger = logging.getLogger(__name__)

_FILES: tuple[tuple[str, str, int], ...] = (
    ("governorates.json", "governorate", 4),
    ("districts.json", "district", 6),
    ("subdistricts.json", "subdistrict", 8),
)


def _circle(lon: float, lat: float, area_km2: float | None) -> Any:
    from shapely.geometry import Point

    radius_km = math.sqrt(area_km2 / math.pi) if area_km2 and area_km2 > 0 else 5.0
    deg_lat = radius_km / 111.2
    deg_lon = radius_km / (111.2 * math.cos(math.radians(lat)))
    circle = Point(0, 0).buffer(1.0, 32)
    from shapely import affinity

    return affinity.translate(affinity.scale(circle, deg_lon, deg_lat, origin=(0, 0)), lon, lat)


def _record_place(rec: dict[str, Any], feature_type: str, length: int,
                  log: ImportLog) -> Place | None:
    ext = rec.get("externalIds") or {}
    pcode = str(ext.get("ochaPcode") or "").strip().upper()
    label = str(rec.get("id") or pcode)
    if len(pcode) != length or not pcode.startswith("SY"):
        log.skip("no OCHA P-code", label)
        return None
    name = rec.get("name") or {}
    aliases = [a.get("value") for a in rec.get("aliases") or [] if isinstance(a, dict)]
    names = clean_names([name.get("en"), *aliases, name.get("ar")])
    if not names:
        log.skip("no name", label)
        return None
    centroid = rec.get("centroid") or {}
    lon, lat = centroid.get("longitude"), centroid.get("latitude")
    problem = valid_lonlat(lon, lat)
    if problem:
        log.skip(problem, f"{label} ({lat}, {lon})")
        return None
    area = (rec.get("area") or {}).get("value")
    population = to_int((rec.get("population") or {}).get("value"))
    attrs: dict[str, Any] = {"pcode": pcode, "opensyria_id": label,
                             "geometry_approximate": True}
    if to_int(ext.get("geonames")):
        attrs["geonames_id"] = to_int(ext.get("geonames"))
    if ext.get("wikidata"):
        attrs["wikidata"] = str(ext["wikidata"])
    if rec.get("iso31662"):
        attrs["iso_3166_2"] = str(rec["iso31662"])
    return Place(
        place_id=f"ocha:{pcode}", name=names[0], feature_type=feature_type,
        lat=float(lat), lon=float(lon), names=tuple(names), governorate_pcode=pcode[:4],
        district_pcode=pcode[:6] if length >= 6 else None,
        subdistrict_pcode=pcode if length == 8 else None, population=population,
        source="opensyria", source_id=f"opensyria:{label}",
        geometry=_circle(float(lon), float(lat), float(area) if area else None),
        attributes=attrs)


def places_from_opensyria(path: str | Path, *, log: ImportLog | None = None,
                          progress: ProgressFn | None = None) -> list[Place]:
    """Read the OpenSyria ``data-geography`` JSON files into area places.

    Parameters
    ----------
    path
        The folder with ``governorates.json``, ``districts.json``, ``subdistricts.json`` (or
        its ``data/`` sub-folder), or one of those files.
    log
        Collects what was kept and skipped (with reasons).
    progress
        ``progress(files_done, files_total)`` callback.

    Returns
    -------
    list of Place

    Raises
    ------
    SourceFormatError
        When no file is found or a file is not a JSON array of records.
    """
    path = Path(path)
    log = log if log is not None else ImportLog()
    log.source, log.path = "opensyria", str(path)
    if path.is_dir() and not (path / _FILES[0][0]).exists() and (path / "data").is_dir():
        path = path / "data"
    files = ([(path / f, t, n) for f, t, n in _FILES if (path / f).is_file()] if path.is_dir()
             else [(path, t, n) for f, t, n in _FILES if path.name == f])
    if not files:
        raise SourceFormatError(f"{path}: no OpenSyria governorates/districts/subdistricts.json")
    places: list[Place] = []
    for i, (file, feature_type, length) in enumerate(files, 1):
        try:
            records = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SourceFormatError(f"{file}: not readable JSON ({exc})") from exc
        if not isinstance(records, list):
            raise SourceFormatError(f"{file}: expected a JSON array of records")
        for rec in records:
            log.read += 1
            place = _record_place(rec, feature_type, length, log) if isinstance(
                rec, dict) else None
            if place is not None:
                places.append(place)
                log.keep(feature_type)
        if progress:
            progress(i, len(files))
    logger.info("OpenSyria %s: %d places", path, len(places))
    return places
