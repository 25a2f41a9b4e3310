"""Who's On First (``whosonfirst-data-admin-sy``) → places.

Reads the repository as a zip (``git archive`` or a GitHub download, iterated member by
member, never extracted) or as a checked-out folder, or the flat TSV derived from it
(columns ``wof_id``, ``placetype``, ``name``, ``geonameid``, ... ``names_ar``,
``names_latin``).

* ``locality``, ``neighbourhood``, ``campus`` records become point places ``wof:<id>`` with
  every Latin- and Arabic-script name of their ``wof:name``, ``name:*`` and ``gn:*`` fields
  (``name:ara_x_preferred`` often holds the romanised GeoNames name: it is kept as a Latin
  alias, and the Arabic-script spellings come from the variant fields);
* ``county`` records become district areas ``wof:<id>`` with their polygon;
* ``region`` (governorate) and ``country`` records are used only as hierarchy: the
  governorates themselves come from the embedded default (and OCHA when imported);
* the governorate P-code comes from ``gn:admin1_code`` through an explicit GeoNames → OCHA
  table, else from the record's WOF region;
* superseded or deprecated records, records without a usable name and records with
  impossible coordinates are skipped and counted in the :class:`ImportLog`.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gazetteer.errors import SourceFormatError
from gazetteer.importers._common import (
    GEONAMES_ADMIN1_ID_TO_PCODE,
    ISO_3166_2_TO_PCODE,
    ImportLog,
    ProgressFn,
    clean_names,
    gn_admin1_pcode,
    populated_place_type,
    to_int,
    valid_lonlat,
)
from gazetteer.model import Place

__all__ = ["places_from_wof"]

logger = logging.getLogger(__name__)

_RECORD = re.compile(r"(^|/)data/(?:\d+/)+(\d+)(-alt-[^/]*)?\.geojson$")
#: WOF placetypes that become point places, with their feature type (``None``: from codes).
POINT_PLACETYPES: dict[str, str | None] = {
    "locality": None,
    "localadmin": None,
    "borough": "neighbourhood",
    "macrohood": "neighbourhood",
    "neighbourhood": "neighbourhood",
    "microhood": "neighbourhood",
    "campus": "landmark",
}
#: Placetypes used only as hierarchy (never places of their own).
HIERARCHY_PLACETYPES: frozenset[str] = frozenset(
    {"country", "region", "macroregion", "continent", "empire", "dependency"})
#: Name fields read first, in this order; then every other ``name:*`` field by key.
_PREFERRED_NAME_FIELDS = ("wof:name", "name:eng_x_preferred", "gn:name", "gn:asciiname",
                          "name:ara_x_preferred", "name:ara_x_variant", "name:und_x_variant",
                          "name:eng_x_variant", "meso:name_en", "meso:nam_en_alt",
                          "meso:name_loc", "statoids:name")


def _names(props: dict[str, Any]) -> list[str]:
    fields: list[Any] = [props.get(k) for k in _PREFERRED_NAME_FIELDS]
    fields += [props[k] for k in sorted(props) if k.startswith("name:")
               and k not in _PREFERRED_NAME_FIELDS]
    fields += [props[k] for k in sorted(props) if k.startswith("label:eng_x_preferred_longname")]
    return clean_names(fields)


def _region_pcode(props: dict[str, Any]) -> str | None:
    conc = props.get("wof:concordances") or {}
    gnid = to_int(conc.get("gn:id"))
    if gnid in GEONAMES_ADMIN1_ID_TO_PCODE:
        return GEONAMES_ADMIN1_ID_TO_PCODE[gnid]
    for key in ("iso:code", "iso:id", "unlc:id"):
        code = str(conc.get(key) or props.get("wof:subdivision") or "").upper()
        if code in ISO_3166_2_TO_PCODE:
            return ISO_3166_2_TO_PCODE[code]
    return gn_admin1_pcode(props.get("ne:gn_a1_code"))


def _iter_zip(path: Path, log: ImportLog, progress: ProgressFn | None
              ) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceFormatError(f"{path}: not a readable zip file ({exc})") from exc
    with zf:
        members = [i for i in zf.infolist() if _RECORD.search(i.filename)]
        if not members:
            raise SourceFormatError(f"{path}: no Who's On First records (data/…/<id>.geojson)")
        for n, info in enumerate(members, 1):
            if progress and n % 500 == 0:
                progress(n, len(members))
            if "-alt-" in info.filename:
                continue
            try:
                raw = zf.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile,
                    zlib.error) as exc:
                log.read += 1
                log.skip("unreadable zip member (corrupt or truncated)",
                         f"{info.filename}: {exc}")
                continue
            yield info.filename, raw  # type: ignore[misc]
        if progress:
            progress(len(members), len(members))


def _iter_dir(path: Path, progress: ProgressFn | None
              ) -> Iterator[tuple[str, bytes]]:
    files = sorted(p for p in (path / "data").rglob("*.geojson") if "-alt-" not in p.name)
    if not files:
        raise SourceFormatError(f"{path}: no Who's On First records under data/")
    for n, file in enumerate(files, 1):
        if progress and n % 500 == 0:
            progress(n, len(files))
        yield str(file.relative_to(path)), file.read_bytes()
    if progress:
        progress(len(files), len(files))


def _parse(items: Iterator[tuple[str, Any]], log: ImportLog) -> list[dict[str, Any]]:
    records = []
    for name, raw in items:
        log.read += 1
        try:
            feature = json.loads(raw)
            props = feature["properties"]
            if not isinstance(props, dict):
                raise TypeError("properties is not an object")
        except (ValueError, KeyError, TypeError) as exc:
            log.skip("not a GeoJSON feature", f"{name}: {exc}")
            continue
        props["_geometry"] = feature.get("geometry")
        props["_file"] = name
        records.append(props)
    return records


def _feature_places(records: list[dict[str, Any]], log: ImportLog) -> list[Place]:
    from shapely.geometry import shape

    regions: dict[int, str] = {}
    for props in records:
        if props.get("wof:placetype") == "region":
            pcode = _region_pcode(props)
            if pcode and to_int(props.get("wof:id")):
                regions[int(props["wof:id"])] = pcode
    places: list[Place] = []
    for props in records:
        wof_id = to_int(props.get("wof:id"))
        placetype = str(props.get("wof:placetype") or "")
        label = f"{wof_id} {props.get('wof:name', '')}"
        if wof_id is None:
            log.skip("no wof:id", props.get("_file", ""))
            continue
        if placetype in HIERARCHY_PLACETYPES:
            log.skip(f"{placetype}: used as hierarchy only")
            continue
        if placetype not in POINT_PLACETYPES and placetype != "county":
            log.skip(f"placetype {placetype or '(none)'} not imported", label)
            continue
        if props.get("wof:superseded_by") or props.get("edtf:deprecated") not in (
                None, "", "uuuu"):
            log.skip("superseded or deprecated", label)
            continue
        if placetype == "county" and props.get("mz:is_current") == 0:
            log.skip("county not current (mz:is_current 0)", label)
            continue
        names = _names(props)
        if not names:
            log.skip("no name", label)
            continue
        lon = props.get("geom:longitude", props.get("lbl:longitude"))
        lat = props.get("geom:latitude", props.get("lbl:latitude"))
        if placetype == "county":
            lon = props.get("mps:longitude", props.get("lbl:longitude", lon))
            lat = props.get("mps:latitude", props.get("lbl:latitude", lat))
        problem = valid_lonlat(lon, lat)
        if problem:
            log.skip(problem, f"{label} ({lat}, {lon})")
            continue
        hierarchy = (props.get("wof:hierarchy") or [{}])[0] or {}
        gov = gn_admin1_pcode(props.get("gn:admin1_code")) or regions.get(
            to_int(hierarchy.get("region_id")) or -1)
        gnid = to_int(props.get("gn:geonameid")) or to_int(
            (props.get("wof:concordances") or {}).get("gn:id"))
        population = to_int(props.get("gn:population")) or to_int(props.get("wof:population"))
        latin = [n for n in names if not _is_arabic_script(n)]
        name = (clean_names([props.get("name:eng_x_preferred")]) or latin or names)[0]
        attributes: dict[str, Any] = {"wof_placetype": placetype}
        if gnid:
            attributes["geonames_id"] = gnid
        if props.get("gn:feature_code"):
            attributes["feature_code"] = props["gn:feature_code"]
        geometry = None
        if placetype == "county":
            feature_type = "district"
            geom = props.get("_geometry")
            if not geom or geom.get("type") not in ("Polygon", "MultiPolygon"):
                log.skip("county without polygon", label)
                continue
            try:
                geometry = shape(geom)
                if not geometry.is_valid:
                    geometry = geometry.buffer(0)
            except (ValueError, TypeError, AttributeError) as exc:
                log.skip("invalid geometry", f"{label}: {exc}")
                continue
            if not geometry.contains(_point(lon, lat)):
                rep = geometry.representative_point()
                lon, lat = rep.x, rep.y
        else:
            feature_type = POINT_PLACETYPES[placetype] or populated_place_type(
                props.get("gn:feature_code"), population)
            tags = props.get("wof:tags") or []
            if "airport" in tags:
                attributes["kind"] = "airport"
        names = [name] + [n for n in names if n != name]
        places.append(Place(
            place_id=f"wof:{wof_id}", name=name, feature_type=feature_type,
            lat=round(float(lat), 6), lon=round(float(lon), 6), names=tuple(names),
            governorate_pcode=gov, population=population, source="wof",
            source_id=f"wof:{wof_id}", geometry=geometry, attributes=attributes))
        log.keep(feature_type)
    return places


def _point(lon: Any, lat: Any) -> Any:
    from shapely.geometry import Point

    return Point(float(lon), float(lat))


def _is_arabic_script(text: str) -> bool:
    from gazetteer.importers._common import script_of

    return script_of(text) == "arabic"


def _places_from_tsv(path: Path, log: ImportLog, progress: ProgressFn | None) -> list[Place]:
    places: list[Place] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"wof_id", "placetype", "name", "lat", "lon"} - set(reader.fieldnames or ())
        if missing:
            raise SourceFormatError(f"{path}: not a WOF flat TSV (missing columns: "
                                    f"{', '.join(sorted(missing))})")
        for n, row in enumerate(reader, 1):
            log.read += 1
            if progress and n % 1000 == 0:
                progress(n, None)
            placetype = row.get("placetype") or ""
            label = f"{row.get('wof_id')} {row.get('name', '')}"
            if placetype not in POINT_PLACETYPES:
                log.skip(f"{placetype or '(none)'}: not imported from the flat TSV "
                         "(no polygons there)" if placetype == "county" else
                         f"{placetype}: used as hierarchy only"
                         if placetype in HIERARCHY_PLACETYPES else
                         f"placetype {placetype or '(none)'} not imported", label)
                continue
            if (row.get("superseded") or "").lower() == "true":
                log.skip("superseded or deprecated", label)
                continue
            wof_id = to_int(row.get("wof_id"))
            names = clean_names([row.get("name"), row.get("gn_name"), row.get("gn_asciiname")]
                                + (row.get("names_latin") or "").split("|")
                                + (row.get("names_ar") or "").split("|"))
            if wof_id is None or not names:
                log.skip("no name" if wof_id else "no wof:id", label)
                continue
            problem = valid_lonlat(row.get("lon"), row.get("lat"))
            if problem:
                log.skip(problem, f"{label} ({row.get('lat')}, {row.get('lon')})")
                continue
            population = to_int(row.get("gn_population"))
            feature_type = POINT_PLACETYPES[placetype] or populated_place_type(
                row.get("feature_code"), population)
            attributes: dict[str, Any] = {"wof_placetype": placetype}
            gnid = to_int(row.get("geonameid"))
            if gnid:
                attributes["geonames_id"] = gnid
            if row.get("feature_code"):
                attributes["feature_code"] = row["feature_code"]
            latin = [x for x in names if not _is_arabic_script(x)]
            name = (latin or names)[0]
            places.append(Place(
                place_id=f"wof:{wof_id}", name=name, feature_type=feature_type,
                lat=round(float(row["lat"]), 6), lon=round(float(row["lon"]), 6),
                names=tuple([name] + [x for x in names if x != name]),
                governorate_pcode=gn_admin1_pcode(row.get("gn_admin1")),
                population=population, source="wof", source_id=f"wof:{wof_id}",
                attributes=attributes))
            log.keep(feature_type)
    return places


def places_from_wof(path: str | Path, *, log: ImportLog | None = None,
                    progress: ProgressFn | None = None) -> list[Place]:
    """Read Who's On First Syria records into places.

    Parameters
    ----------
    path
        The ``whosonfirst-data-admin-sy`` zip or folder, or the flat TSV.
    log
        Collects what was kept and skipped (with reasons); a fresh one when ``None``.
    progress
        ``progress(done, total)`` callback, called every few hundred records.

    Returns
    -------
    list of Place
        Localities, neighbourhoods and campuses as points (``wof:<id>``), counties as
        district areas with their polygon, in file order.

    Raises
    ------
    SourceFormatError
        When the path is missing, not a zip/folder/TSV of WOF records, or the zip is corrupt.
    """
    path = Path(path)
    log = log if log is not None else ImportLog()
    log.source, log.path = "wof", str(path)
    if not path.exists():
        raise SourceFormatError(f"{path}: no such file or folder")
    if path.is_dir():
        places = _feature_places(_parse(_iter_dir(path, progress), log), log)
    elif zipfile.is_zipfile(path):
        places = _feature_places(_parse(_iter_zip(path, log, progress), log), log)
    elif path.suffix.lower() == ".zip":
        raise SourceFormatError(f"{path}: not a readable zip file (corrupt or truncated)")
    else:
        places = _places_from_tsv(path, log, progress)
    logger.info("WOF %s: %d places, %d skipped", path, len(places), sum(log.skipped.values()))
    return places
