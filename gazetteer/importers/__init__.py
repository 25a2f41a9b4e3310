"""Importers: read gazetteer sources a user downloads into :class:`~gazetteer.model.Place` records.

===========  ============================================================================
format       what
===========  ============================================================================
``wof``      Who's On First ``whosonfirst-data-admin-sy`` (repository zip or folder), or
             the flat TSV derived from it (``wof_id``, ``placetype``, ... columns)
``ocha``     OCHA COD-AB administrative boundaries: a folder or zip of shapefiles
             (admin1–admin3, optionally city neighbourhoods)
``geonames`` a GeoNames country dump (``SY.txt`` or ``SY.zip``, 19 tab-separated columns)
``opensyria`` the OpenSyria ``data-geography`` JSON folder (governorates, districts,
             sub-districts with aliases)
===========  ============================================================================

:func:`detect_source` names the format of a path; :func:`places_from_source` reads any of
them. Every importer takes a keyword-only ``log`` (:class:`ImportLog`) that counts what was
kept and what was skipped, and why.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from gazetteer.errors import SourceFormatError
from gazetteer.importers._common import ImportLog, ProgressFn
from gazetteer.model import Place

__all__ = ["SOURCE_FORMATS", "ImportLog", "detect_source", "places_from_source"]

#: The source formats :func:`detect_source` can name.
SOURCE_FORMATS: tuple[str, ...] = ("wof", "ocha", "geonames", "opensyria")

_WOF_FILE = re.compile(r"(^|/)data/(\d{3}/)+\d*/?\d+(-alt-[^/]*)?\.geojson$")
_WOF_TSV_HEADER = ("wof_id", "placetype")
_OCHA_SHP = re.compile(r"adm(in)?_?[0-4]|neighbourhood|admbnd", re.IGNORECASE)
_OPENSYRIA_FILES = ("governorates.json", "districts.json", "subdistricts.json")


def _looks_like_geonames_line(line: str) -> bool:
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != 19 or not cols[0].isdigit():
        return False
    try:
        float(cols[4]), float(cols[5])
    except ValueError:
        return False
    return len(cols[6]) <= 1 and len(cols[8]) <= 3


def _first_line(path: Path) -> str:
    with path.open("rb") as fh:
        return fh.readline(65536).decode("utf-8", errors="replace")


def _detect_zip(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if any(_WOF_FILE.search(n) for n in names[:50000]):
                return "wof"
            shps = [n for n in names if n.lower().endswith(".shp")]
            if shps and any(_OCHA_SHP.search(Path(n).name) for n in shps):
                return "ocha"
            txts = [n for n in names if re.fullmatch(r"(.*/)?[A-Z]{2}\.txt", n)]
            for name in txts:
                with zf.open(name) as fh:
                    line = fh.readline(65536).decode("utf-8", errors="replace")
                if _looks_like_geonames_line(line):
                    return "geonames"
            if shps:
                return "ocha"
    except zipfile.BadZipFile as exc:
        raise SourceFormatError(f"{path}: not a readable zip file ({exc})") from exc
    return None


def _detect_dir(path: Path) -> str | None:
    if (path / "data").is_dir() and next((path / "data").rglob("*.geojson"), None):
        return "wof"
    for folder in (path, path / "data"):
        if all((folder / f).is_file() for f in _OPENSYRIA_FILES):
            return "opensyria"
    shps = list(path.glob("*.shp")) + list(path.glob("*/*.shp"))
    if shps:
        return "ocha"
    for txt in sorted(path.glob("[A-Z][A-Z].txt")):
        if _looks_like_geonames_line(_first_line(txt)):
            return "geonames"
    return None


def detect_source(path: str | Path) -> str:
    """Name the format of a gazetteer source.

    Parameters
    ----------
    path
        A file or folder: a WOF repository zip/folder or flat TSV, an OCHA COD-AB shapefile
        folder or zip, a GeoNames country dump (``.txt`` or ``.zip``), an OpenSyria
        ``data-geography`` folder.

    Returns
    -------
    str
        One of :data:`SOURCE_FORMATS`.

    Raises
    ------
    SourceFormatError
        When the path does not exist or is none of the known formats.
    """
    path = Path(path)
    kind: str | None = None
    if not path.exists():
        raise SourceFormatError(f"{path}: no such file or folder")
    if path.is_dir():
        kind = _detect_dir(path)
    elif zipfile.is_zipfile(path):
        kind = _detect_zip(path)
    elif path.suffix.lower() == ".zip":
        raise SourceFormatError(f"{path}: not a readable zip file (corrupt or truncated)")
    elif path.suffix.lower() == ".shp":
        kind = "ocha"
    else:
        line = _first_line(path)
        if tuple(line.rstrip("\r\n").split("\t")[:2]) == _WOF_TSV_HEADER:
            kind = "wof"
        elif _looks_like_geonames_line(line):
            kind = "geonames"
        elif path.suffix.lower() == ".json":
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                data = None
            if isinstance(data, list) and data and isinstance(data[0], dict) and (
                    "ochaPcode" in json.dumps(data[0])):
                kind = "opensyria"
    if kind is None:
        raise SourceFormatError(
            f"{path}: unknown gazetteer source; expected one of: Who's On First "
            "(whosonfirst-data-admin-sy zip or folder, or its flat TSV), OCHA COD-AB "
            "shapefiles (folder or zip with admin1-admin3), a GeoNames country dump "
            "(SY.txt or SY.zip, 19 tab-separated columns), an OpenSyria data-geography "
            "folder (governorates.json, districts.json, subdistricts.json)")
    return kind


def places_from_source(path: str | Path, *, kind: str | None = None,
                       log: ImportLog | None = None,
                       progress: ProgressFn | None = None) -> list[Place]:
    """Read any supported source (its format detected unless ``kind`` is given).

    Parameters
    ----------
    path
        The source file or folder.
    kind
        One of :data:`SOURCE_FORMATS`; detected with :func:`detect_source` when ``None``.
    log
        Collects counts of kept and skipped records.
    progress
        ``progress(done, total)`` callback.

    Returns
    -------
    list of Place
    """
    kind = kind or detect_source(path)
    if kind not in SOURCE_FORMATS:
        raise SourceFormatError(
            f"unknown source format {kind!r}; valid values: {', '.join(SOURCE_FORMATS)}")
    if kind == "wof":
        from gazetteer.importers.wof import places_from_wof

        return places_from_wof(path, log=log, progress=progress)
    if kind == "ocha":
        from gazetteer.importers.ocha import places_from_ocha

        return places_from_ocha(path, log=log, progress=progress)
    if kind == "geonames":
        from gazetteer.importers.geonames import places_from_geonames

        return places_from_geonames(path, log=log, progress=progress)
    from gazetteer.importers.opensyria import places_from_opensyria

    return places_from_opensyria(path, log=log, progress=progress)
