"""OCHA COD-AB administrative boundaries (shapefiles) → area places.

Reads a folder or a zip of shapefiles (read in place through GDAL's ``/vsizip/``). Each layer's
admin level is told by its P-codes (``SY`` country, ``SY04`` governorate, ``SY0405``
district, ``SY040501`` sub-district); city neighbourhoods (``N####`` codes with
``LATITUDE``/``LONGITUDE``) are read too. Both the 2016 schema (``NAME_EN``, ``NAME_AR``,
``NAM_EN_REF``, ``PCODE``, ``ADM1_PCODE`` …) and the later one (``ADM2_EN``, ``ADM2_AR``,
``ADM2_REF``, ``ADM2ALT1EN``, ``ADM2_PCODE`` …) are understood.

* governorates become ``ocha:SY04`` (feature type ``governorate``), districts ``ocha:SY0405``
  (``district``), sub-districts ``ocha:SY040501`` (``subdistrict``), all with their polygon
  and their English, reference (``NAM_EN_REF``) and Arabic names;
* neighbourhoods become points ``ocha:N0017`` (``neighbourhood``) with the city as an
  attribute;
* the country outline is not a place (it is skipped and counted);
* caveat of the 2016 release: in the admin3 layer ``ADM0_EN`` and ``ADM0_AR`` are swapped, so
  every English/Arabic pair is checked by script and swapped back where needed;
* a layer that GDAL cannot read (for example a shapefile whose ``.dbf`` is missing) is skipped
  and reported; when no layer is readable the source is rejected.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path
from typing import Any

from gazetteer.errors import SourceFormatError
from gazetteer.importers._common import (
    ImportLog,
    ProgressFn,
    clean_names,
    script_of,
    valid_lonlat,
)
from gazetteer.model import Place

__all__ = ["places_from_ocha"]

logger = logging.getLogger(__name__)

_LEVEL_BY_LENGTH = {2: 0, 4: 1, 6: 2, 8: 3}
_FEATURE_TYPE = {1: "governorate", 2: "district", 3: "subdistrict"}
_PCODE = re.compile(r"^SY\d*$")


def _layers(path: Path, log: ImportLog) -> list[tuple[str, str]]:
    """(GDAL path, label) of every shapefile with its companions present."""
    if path.is_dir():
        shps = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".shp")
        members = {str(p.relative_to(path)).lower() for p in path.rglob("*")}
        base = str(path)
        prefix = ""
    else:
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                bad = zf.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise SourceFormatError(f"{path}: not a readable zip file ({exc})") from exc
        if bad:
            log.skip("corrupt zip member", bad)
        shps = sorted(Path(n) for n in names if n.lower().endswith(".shp") and n != bad)
        members = {n.lower() for n in names if n != bad}
        base = str(path)
        prefix = "/vsizip/"
    out = []
    for shp in shps:
        stem = str(shp.relative_to(path) if path.is_dir() else shp)[: -len(shp.suffix)]
        missing = [ext for ext in (".shx", ".dbf") if (stem + ext).lower() not in members]
        if missing:
            log.skip("shapefile without " + " / ".join(missing) + " (layer not read)",
                     shp.name)
            continue
        out.append((f"{prefix}{base}/{stem}.shp", shp.name))
    return out


def _col(row: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return value
    return None


def _en_ar(en: Any, ar: Any) -> tuple[Any, Any]:
    """Swap an English/Arabic pair written the wrong way round (ADM0 of the 2016 admin3)."""
    if en and ar and script_of(str(en)) == "arabic" and script_of(str(ar)) != "arabic":
        return ar, en
    return en, ar


def _level_fields(row: dict[str, Any]) -> tuple[int | None, str | None]:
    pcode = _col(row, "PCODE")
    if pcode is None:
        for level in (4, 3, 2, 1, 0):
            pcode = _col(row, f"ADM{level}_PCODE", f"admin{level}Pcode")
            if pcode is not None:
                break
    if pcode is None:
        return None, None
    pcode = str(pcode).strip().upper()
    if pcode.startswith("N") and pcode[1:].isdigit():
        return 4, pcode
    if not _PCODE.match(pcode):
        return None, pcode
    return _LEVEL_BY_LENGTH.get(len(pcode)), pcode


def _row_names(row: dict[str, Any], level: int) -> list[str]:
    if level == 4:  # neighbourhoods: ADM4_* is the city (community), not the neighbourhood
        keys = ["NAME_EN", "NAM_EN_REF", "NAME_AR", "NAM_AR_REF"]
    else:
        keys = ["NAME_EN", f"ADM{level}_EN", "NAM_EN_REF", f"ADM{level}_REF", "NAME_AR",
                f"ADM{level}_AR", "NAM_AR_REF", f"ADM{level}ALT1EN", f"ADM{level}ALT2EN",
                f"ADM{level}ALT1AR", f"ADM{level}ALT2AR"]
    en_key, ar_key = ("NAME_EN", "NAME_AR") if level == 4 else (
        "NAME_EN" if "NAME_EN" in row else f"ADM{level}_EN",
        "NAME_AR" if "NAME_AR" in row else f"ADM{level}_AR")
    en, ar = _en_ar(row.get(en_key), row.get(ar_key))
    values: list[Any] = []
    for value in [en] + [row.get(k) for k in keys] + [ar]:
        values.append(value)
        # "Al Hurriya_ Ish Al Werwer": two names joined by an underscore
        if isinstance(value, str) and "_" in value:
            values.extend(part for part in value.split("_") if part.strip())
    if level == 4 and isinstance(en, str):
        # "Joubar Gharbi", "Barza Al Balad", "Masakin Barza": parts of the quarter reporters
        # name without the qualifier ("Jobar", "Barzeh")
        base = _TWIN_QUALIFIER.sub("", en).strip(" -_")
        if base and base != en.strip():
            values.append(base)
    return clean_names(v.replace("_", " / ") if isinstance(v, str) else v for v in values)


#: Qualifiers of the parts of one city quarter in OCHA's neighbourhood names.
_TWIN_QUALIFIER = re.compile(
    r"^(?:masakin|amara|harat)\s+|\s+(?:gharbi|gharbiyeh|sharqi|sharqiyeh|shamali|janoubi"
    r"|janubi|qibli|al[ -]balad|baraniyyeh|jowaniyyeh|barani|jowani|tahtani|fawqani"
    r"|al[ -]jadida|al[ -]qadima|new|old|[12])$", re.IGNORECASE)


def places_from_ocha(path: str | Path, *, log: ImportLog | None = None,
                     progress: ProgressFn | None = None) -> list[Place]:
    """Read OCHA COD-AB boundaries into area places.

    Parameters
    ----------
    path
        A folder or zip holding the admin1–admin3 shapefiles (``.shp`` with ``.shx``,
        ``.dbf``, ``.prj``), optionally ``city_neighbourhoods``.
    log
        Collects what was kept and skipped (with reasons).
    progress
        ``progress(done, total)`` callback, once per layer.

    Returns
    -------
    list of Place
        Governorates, districts and sub-districts (``ocha:<P-code>``, with polygons), then
        neighbourhoods (points), ordered by P-code.

    Raises
    ------
    SourceFormatError
        When the path is missing, the zip is corrupt or no layer can be read.
    """
    import pyogrio
    import shapely

    path = Path(path)
    log = log if log is not None else ImportLog()
    log.source, log.path = "ocha", str(path)
    if not path.exists():
        raise SourceFormatError(f"{path}: no such file or folder")
    if path.is_file() and not zipfile.is_zipfile(path):
        if path.suffix.lower() == ".shp":
            path = path.parent
        else:
            raise SourceFormatError(f"{path}: expected a folder or zip of OCHA shapefiles")
    layers = _layers(path, log)
    places: dict[str, Place] = {}
    read_any = False
    for n, (gdal_path, label) in enumerate(layers, 1):
        try:
            df = pyogrio.read_dataframe(gdal_path)
        except Exception as exc:  # noqa: BLE001 - GDAL raises many types for broken layers
            log.skip("unreadable layer", f"{label}: {exc}")
            logger.warning("OCHA layer %s not read: %s", label, exc)
            continue
        read_any = True
        if df.crs is not None and df.crs.to_epsg() not in (4326, None):
            df = df.to_crs(4326)
        geoms = shapely.make_valid(df.geometry.values) if len(df) else []
        records = df.drop(columns="geometry").to_dict("records")
        for row, geom in zip(records, geoms, strict=True):
            log.read += 1
            level, pcode = _level_fields(row)
            if level is None:
                log.skip("no P-code", f"{label}: {row.get('NAME_EN')}")
                continue
            if level == 0:
                log.skip("country outline (not a place)", pcode or "")
                continue
            names = _row_names(row, level)
            if not names:
                log.skip("no name", f"{label}: {pcode}")
                continue
            gov = _col(row, "ADM1_PCODE") or (pcode[:4] if level <= 3 else None)
            dist = _col(row, "ADM2_PCODE") or (pcode[:6] if level in (2, 3) else None)
            sub = _col(row, "ADM3_PCODE") or (pcode if level == 3 else None)
            if level == 4:
                lon, lat = _col(row, "LONGITUDE"), _col(row, "LATITUDE")
                if valid_lonlat(lon, lat) and geom is not None and not geom.is_empty:
                    rep = geom.representative_point()
                    lon, lat = rep.x, rep.y
                problem = valid_lonlat(lon, lat)
                if problem:
                    log.skip(problem, f"{label}: {pcode}")
                    continue
                city_en, _ = _en_ar(_col(row, "ADM4_EN"), _col(row, "ADM4_AR"))
                attrs: dict[str, Any] = {"pcode": pcode}
                if city_en:
                    attrs["city"] = str(city_en)
                for key, field in (("community_pcode", "ADM4_PCODE"), ("area", "AREA_EN")):
                    if row.get(field):
                        attrs[key] = str(row[field])
                place = Place(
                    place_id=f"ocha:{pcode}", name=names[0], feature_type="neighbourhood",
                    lat=round(float(lat), 6), lon=round(float(lon), 6), names=tuple(names),
                    governorate_pcode=gov, district_pcode=dist, subdistrict_pcode=sub,
                    source="ocha", source_id=f"ocha:{pcode}", attributes=attrs)
            else:
                if geom is None or geom.is_empty or geom.geom_type not in (
                        "Polygon", "MultiPolygon", "GeometryCollection"):
                    log.skip("no polygon", f"{label}: {pcode}")
                    continue
                if geom.geom_type == "GeometryCollection":
                    geom = shapely.union_all([g for g in geom.geoms
                                              if g.geom_type in ("Polygon", "MultiPolygon")])
                rep = geom.representative_point()
                if valid_lonlat(rep.x, rep.y):
                    log.skip(valid_lonlat(rep.x, rep.y) or "", f"{label}: {pcode}")
                    continue
                attrs = {"pcode": pcode}
                if row.get("UPDATE_DAT") or row.get("validOn"):
                    attrs["updated"] = str(row.get("UPDATE_DAT") or row.get("validOn"))[:10]
                place = Place(
                    place_id=f"ocha:{pcode}", name=names[0],
                    feature_type=_FEATURE_TYPE[level], lat=round(rep.y, 6),
                    lon=round(rep.x, 6), names=tuple(names), governorate_pcode=gov,
                    district_pcode=dist if level >= 2 else None,
                    subdistrict_pcode=sub if level == 3 else None, source="ocha",
                    source_id=f"ocha:{pcode}", geometry=geom, attributes=attrs)
            if place.place_id in places:
                log.skip("duplicate P-code", place.place_id)
                continue
            places[place.place_id] = place
            log.keep(place.feature_type)
        if progress:
            progress(n, len(layers))
    if not read_any:
        raise SourceFormatError(
            f"{path}: no readable OCHA COD-AB shapefile (need .shp with .shx and .dbf; "
            f"skipped: {dict(log.skipped) or 'none found'})")

    def order(p: Place) -> tuple[int, str]:
        return ({"governorate": 0, "district": 1, "subdistrict": 2}.get(p.feature_type, 3),
                p.place_id)

    result = sorted(places.values(), key=order)
    logger.info("OCHA %s: %d places, %d skipped", path, len(result),
                sum(log.skipped.values()))
    return result
