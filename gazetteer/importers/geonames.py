"""GeoNames country dumps (``SY.txt`` / ``SY.zip``, 19 tab-separated columns) → places.

Columns: geonameid, name, asciiname, alternatenames (comma-separated), latitude, longitude,
feature class, feature code, country code, cc2, admin1 code, admin2 code, admin3 code,
admin4 code, population, elevation, dem, timezone, modification date.

Every row becomes a point place ``gn:<geonameid>`` with its name, ASCII name and Latin- and
Arabic-script alternate names, except administrative divisions (class ``A``: governorates come
from the embedded default, districts and sub-districts as polygons from OCHA) and rows with
impossible coordinates or no name, which are skipped and counted. The governorate P-code is
mapped from the GeoNames admin1 code through an explicit table (the numberings differ).

:func:`download_geonames` fetches ``{CC}.zip`` from the GeoNames export server (or a mirror).
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gazetteer.errors import GazetteerError, SourceFormatError
from gazetteer.importers._common import (
    ImportLog,
    ProgressFn,
    clean_names,
    gn_admin1_pcode,
    populated_place_type,
    to_int,
    valid_lonlat,
)
from gazetteer.model import Place

__all__ = ["GEONAMES_COLUMNS", "download_geonames", "places_from_geonames"]

logger = logging.getLogger(__name__)

#: The 19 columns of a GeoNames dump, in order.
GEONAMES_COLUMNS: tuple[str, ...] = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
    "modification_date",
)

#: GeoNames feature code → feature type, for classes other than P (populated places).
FEATURE_CODE_TYPES: dict[str, str] = {
    "AIRB": "airbase", "AIRF": "airbase", "AIRH": "airbase", "AIRP": "landmark",
    "MILB": "military_base", "INSM": "military_base", "CMP": "military_base",
    "OILF": "oil_field", "OILW": "oil_field", "GASF": "gas_field", "OILR": "landmark",
    "DAM": "dam", "DAMSB": "dam", "BDG": "bridge", "BDGQ": "bridge",
    "PRN": "prison", "PSTB": "border_crossing", "PSTC": "border_crossing",
    "PSTP": "border_crossing", "CSTM": "border_crossing",
    "MT": "mountain", "MTS": "mountain", "HLL": "mountain", "HLLS": "mountain",
    "PK": "mountain", "PKS": "mountain", "RDGE": "mountain", "MESA": "mountain",
    "PLAT": "mountain", "CLF": "mountain", "VLC": "mountain",
    "DSRT": "region", "RGN": "region", "AREA": "region", "PLN": "region", "BSN": "region",
}


def _lines(path: Path) -> Iterator[str]:
    if zipfile.is_zipfile(path):
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceFormatError(f"{path}: not a readable zip file ({exc})") from exc
        with zf:
            wanted = [n for n in zf.namelist() if n.lower().endswith(".txt")
                      and Path(n).name.lower() not in ("readme.txt",)]
            if not wanted:
                raise SourceFormatError(f"{path}: no GeoNames dump (<CC>.txt) inside the zip")
            try:
                with zf.open(sorted(wanted, key=len)[0]) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
                raise SourceFormatError(f"{path}: corrupt or truncated zip ({exc})") from exc
    elif path.suffix.lower() == ".zip":
        raise SourceFormatError(f"{path}: not a readable zip file (corrupt or truncated)")
    else:
        with path.open(encoding="utf-8", errors="replace") as fh:
            yield from fh


def _place(row: dict[str, str], log: ImportLog) -> Place | None:
    label = f"{row['geonameid']} {row['name']}"
    gnid = to_int(row["geonameid"])
    if gnid is None:
        log.skip("no geonameid", label)
        return None
    fclass, fcode = row["feature_class"].upper(), row["feature_code"].upper()
    if fclass == "A":
        log.skip("administrative division (areas come from OCHA / the embedded default)",
                 label)
        return None
    names = clean_names([row["name"], row["asciiname"]] + row["alternatenames"].split(","))
    if not names:
        log.skip("no name", label)
        return None
    problem = valid_lonlat(row["longitude"], row["latitude"])
    if problem:
        log.skip(problem, f"{label} ({row['latitude']}, {row['longitude']})")
        return None
    population = to_int(row["population"])
    if fclass == "P":
        feature_type = populated_place_type(fcode, population)
    else:
        feature_type = FEATURE_CODE_TYPES.get(fcode, "landmark")
    attributes: dict[str, Any] = {"geonames_id": gnid, "feature_class": fclass,
                                  "feature_code": fcode}
    if feature_type == "region":
        # A GeoNames "area" is only a point: keep it as a landmark, never draw it as a zone.
        feature_type = "landmark"
        attributes["kind"] = fcode.lower()
    return Place(
        place_id=f"gn:{gnid}", name=names[0], feature_type=feature_type,
        lat=round(float(row["latitude"]), 6), lon=round(float(row["longitude"]), 6),
        names=tuple(names), governorate_pcode=gn_admin1_pcode(row["admin1_code"]),
        population=population, source="geonames", source_id=f"geonames:{gnid}",
        attributes=attributes)


def places_from_geonames(path: str | Path, *, log: ImportLog | None = None,
                         progress: ProgressFn | None = None) -> list[Place]:
    """Read a GeoNames country dump into point places.

    Parameters
    ----------
    path
        ``SY.txt`` or ``SY.zip`` (as downloaded from the GeoNames export server).
    log
        Collects what was kept and skipped (with reasons).
    progress
        ``progress(rows_done, None)`` callback, every 5,000 rows.

    Returns
    -------
    list of Place
        One ``gn:<geonameid>`` point per usable row, in file order.

    Raises
    ------
    SourceFormatError
        When the file is missing, a corrupt zip, or its rows do not have 19 columns.
    """
    path = Path(path)
    log = log if log is not None else ImportLog()
    log.source, log.path = "geonames", str(path)
    if not path.exists():
        raise SourceFormatError(f"{path}: no such file or folder")
    places: list[Place] = []
    good = 0
    for n, line in enumerate(_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        log.read += 1
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) != len(GEONAMES_COLUMNS):
            log.skip(f"not {len(GEONAMES_COLUMNS)} columns", f"line {n}: {len(cols)} columns")
            if good == 0 and log.read >= 5:
                raise SourceFormatError(
                    f"{path}: not a GeoNames dump (rows do not have "
                    f"{len(GEONAMES_COLUMNS)} tab-separated columns)")
            continue
        good += 1
        place = _place(dict(zip(GEONAMES_COLUMNS, cols, strict=True)), log)
        if place is not None:
            places.append(place)
            log.keep(place.feature_type)
        if progress and n % 5000 == 0:
            progress(n, None)
    if good == 0:
        raise SourceFormatError(f"{path}: no GeoNames rows ({len(GEONAMES_COLUMNS)} "
                                "tab-separated columns) found")
    logger.info("GeoNames %s: %d places, %d skipped", path, len(places),
                sum(log.skipped.values()))
    return places


def download_geonames(country_code: str, dest: str | Path, *,
                      base_url: str = "https://download.geonames.org/export/dump/",
                      timeout: float = 60.0,
                      progress: ProgressFn | None = None) -> Path:
    """Download a GeoNames country dump ``{CC}.zip``.

    The file is written to a temporary name next to its destination and renamed only once
    it is complete and a valid zip, so an interrupted download never leaves a partial file.

    Parameters
    ----------
    country_code
        Two-letter ISO country code, e.g. ``SY``.
    dest
        Folder to write ``{CC}.zip`` into (created if needed), or the file path itself
        when it ends in ``.zip``.
    base_url
        Where the dumps are served (a mirror or a local server in tests).
    timeout
        Socket timeout in seconds.
    progress
        ``progress(bytes_done, bytes_total_or_None)`` callback.

    Returns
    -------
    Path
        The downloaded zip.

    Raises
    ------
    ValueError
        For a country code that is not two letters.
    GazetteerError
        When the download fails or is not a zip.
    """
    code = country_code.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise ValueError(f"country code must be two letters (e.g. SY), not {country_code!r}")
    dest = Path(dest)
    target = dest if dest.suffix.lower() == ".zip" else dest / f"{code}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    url = base_url.rstrip("/") + f"/{code}.zip"
    logger.info("downloading %s", url)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{code}-", suffix=".zip.part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "incident-mapper"})
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request,
                                                                timeout=timeout) as resp:
            total = to_int(resp.headers.get("Content-Length"))
            done = 0
            while chunk := resp.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        if total is not None and done != total:
            raise GazetteerError(f"{url}: download incomplete ({done} of {total} bytes)")
        if not zipfile.is_zipfile(tmp):
            raise GazetteerError(f"{url}: the download is not a zip file")
        os.replace(tmp, target)
    except (urllib.error.URLError, OSError) as exc:
        raise GazetteerError(f"{url}: download failed ({exc})") from exc
    finally:
        tmp.unlink(missing_ok=True)
    logger.info("wrote %s (%d bytes)", target, target.stat().st_size)
    return target
