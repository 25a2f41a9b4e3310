"""Incident tables: read CSV / JSON Lines rows, locate each row, write the located table.

Rows stream through: memory stays constant in the number of rows. Each row's free-text
column (an ACLED-style ``notes``) is read like a report, or a column that already holds a
place name is geocoded directly (``place_column``).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import gzip
import io
import itertools
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from mapper.errors import InputError, OutputError

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Columns each output row gets, in order (after the id column).
LOCATION_COLUMNS: tuple[str, ...] = (
    "latitude", "longitude", "location", "place_id", "geo_precision", "where_prec",
    "uncertainty_km", "governorate", "district", "desert_zone", "confidence", "date",
    "event_type", "fatalities",
)
#: Prefix given to input columns whose names the output needs.
INPUT_PREFIX = "input_"
TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".csv.gz", ".jsonl.gz", ".ndjson.gz")
OUTPUT_SUFFIXES = (".csv", ".jsonl", ".geojson", ".gpkg")
ENGINES = ("serial", "dask")


def is_table(path: str | Path) -> bool:
    """True when ``path`` names a CSV or JSON Lines table (optionally gzip-compressed)."""
    return str(path).lower().endswith(TABLE_SUFFIXES)


def _open_text(path: Path) -> IO[str]:
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")


def _table_kind(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    raise InputError(f"{path}: not a table; give a .csv or .jsonl file (gzip allowed)")


def read_columns(path: str | Path) -> list[str]:
    """The column names of a table (the CSV header, or the keys of the first JSON line)."""
    for row in iter_rows(path):
        return list(row)
    return []


def iter_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    """Stream the rows of a CSV or JSON Lines table as dicts.

    Raises
    ------
    InputError
        Missing file, unknown format, or a malformed line (the message gives the line).
    """
    p = Path(path)
    kind = _table_kind(p)
    _check_file(p)
    try:
        with _open_text(p) as fh:
            if kind == "csv":
                lines = _NulWatch(fh)
                reader = csv.DictReader(lines, strict=True)
                try:
                    for row in reader:
                        if lines.seen:  # a line read for this row holds a NUL: look closer
                            lines.seen = False
                            if any("\x00" in v for v in row.values() if isinstance(v, str)):
                                raise InputError(f"{p}: line {reader.line_num}: contains a "
                                                 "NUL byte; is this really a CSV file?")
                        yield row
                except csv.Error as exc:
                    raise InputError(f"{p}: line {reader.line_num}: malformed CSV ({exc})"
                                     ) from exc
            else:
                for n, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{p}: line {n}: not valid JSON ({exc.msg})") from exc
                    if not isinstance(obj, dict):
                        raise InputError(f"{p}: line {n}: expected a JSON object per line")
                    yield obj
    except (OSError, EOFError) as exc:
        raise InputError(f"{p}: cannot read ({exc})") from exc


def _check_file(p: Path) -> None:
    if not p.is_file():
        if p.is_dir():
            raise InputError(f"{p}: is a directory; give the table file")
        if p.exists():
            raise InputError(f"{p}: not a regular file (a pipe, socket or device); save the "
                             "table to a file and give that")
        raise InputError(f"{p}: no such file; check the path")


def iter_csv_lists(path: str | Path) -> Iterator[list[str | None]]:
    """Stream a CSV table as lists of values: the header, then each row with as many
    values as the header has names (the rows :func:`iter_rows` gives, in the header's
    order: blank lines skipped, a short row's missing values ``None``, the values past the
    header left out).

    Raises
    ------
    InputError
        As :func:`iter_rows`, with its message.
    """
    p = Path(path)
    if _table_kind(p) != "csv":
        raise InputError(f"{p}: not a CSV table")
    _check_file(p)
    try:
        with _open_text(p) as fh:
            lines = _NulWatch(fh)
            reader = csv.reader(lines, strict=True)
            try:
                header = next(reader, None)
                if header is None:
                    return
                yield header
                width = len(header)
                for row in reader:
                    if not row:
                        continue
                    if len(row) != width:
                        row = row[:width] if len(row) > width else \
                            row + [None] * (width - len(row))
                    if lines.seen:  # a line read for this row holds a NUL: look closer
                        lines.seen = False
                        if any(v is not None and "\x00" in v for v in row):
                            raise _error_as_dicts(p) or InputError(
                                f"{p}: line {reader.line_num}: contains a NUL byte; is "
                                "this really a CSV file?")
                    yield row
            except csv.Error as exc:
                raise _error_as_dicts(p) or InputError(
                    f"{p}: line {reader.line_num}: malformed CSV ({exc})") from exc
    except (OSError, EOFError) as exc:
        raise InputError(f"{p}: cannot read ({exc})") from exc


def _error_as_dicts(p: Path) -> InputError | None:
    """The error :func:`iter_rows` meets in table ``p`` (the line it names is where
    ``csv.DictReader`` began to read the row, which blank lines before it move)."""
    try:
        for _ in iter_rows(p):
            pass
    except InputError as exc:
        return exc
    return None


class _NulWatch:
    """The lines of a text stream, noting in ``seen`` that one held a NUL character.

    The CSV reader reads a record's lines and no more, so a row need be searched for a
    NUL only when ``seen`` was set while it was read (most tables hold none).
    """

    __slots__ = ("lines", "seen")

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.seen = False

    def __iter__(self) -> _NulWatch:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if "\x00" in line:
            self.seen = True
        return line


@dataclass(slots=True)
class TableSummary:
    """What a table run read and located."""

    rows: int = 0
    located: int = 0
    not_located: Counter = field(default_factory=Counter)
    renamed: dict[str, str] = field(default_factory=dict)
    output: Path | None = None
    seconds: float = 0.0


def decide_incident(text: str, gazetteer: Any, *, source: str = "<row>", actors: bool = True
                    ) -> tuple[Any, str | None]:
    """Read a free-text note and decide the one incident (and location) it reports
    (``actors``: read its actors, see :func:`mapper.extract.extract_incidents`).

    Returns
    -------
    (incident, reason)
        The chosen :class:`mapper.schema.Incident` (``None`` when the text holds none) and
        why it has no location (``None`` when it has one).
    """
    import mapper.extract  # (no "from" import: that looks for the module's __path__ each time)

    if not text or not text.strip():
        return None, "empty text"
    incidents = mapper.extract.extract_incidents(text, gazetteer=gazetteer, source=source,
                                                 note=True, actors=actors)
    located = [i for i in incidents if i.location is not None]
    if not located:
        reasons = [i.unlocated_reason for i in incidents if i.unlocated_reason]
        return (incidents[0] if incidents else None), (
            reasons[0] if reasons else "no place found in the text")
    if len(located) == 1:  # (a note: its one incident)
        return located[0], None
    best = min(located, key=lambda i: (i.record_type != "event",
                                       i.location.geo_precision, -i.location.confidence))
    return best, None


def locate_text(text: str, gazetteer: Any) -> tuple[dict[str, Any], str | None]:
    """Decide one location and the incident attributes for a free-text note.

    Returns
    -------
    (values, reason)
        ``values`` maps :data:`LOCATION_COLUMNS` to values (empty when not located);
        ``reason`` says why nothing was located, else ``None``.
    """
    memo = _note_memo(gazetteer)
    known = memo.get(text) if memo is not None else None
    if known is not None:
        return dict(known[0]), known[1]
    incident, reason = decide_incident(text, gazetteer, actors=False)  # not a column
    values = _attributes(incident)
    if memo is not None:
        if len(memo) >= NOTE_MEMO_SIZE:
            memo.clear()
        memo[text] = (dict(values), reason)
    return values, reason


#: Notes whose columns are kept per gazetteer (a table repeats notes: 3% of the ACLED
#: evaluation rows do; the columns are a pure function of the note and the gazetteer).
NOTE_MEMO_SIZE = 16384
_NOTE_MEMOS: Any = None  # a mapper.locate_memo.PerGazetteer, made on first use
#: Switch for tests: read every note.
_REMEMBER_NOTES = True


def _note_memo(gazetteer: Any) -> dict[str, tuple[dict[str, Any], str | None]] | None:
    global _NOTE_MEMOS
    if not _REMEMBER_NOTES:
        return None
    if _NOTE_MEMOS is None:
        from mapper.locate_memo import PerGazetteer

        _NOTE_MEMOS = PerGazetteer(dict)
    return _NOTE_MEMOS.of(gazetteer)  # None when not weak-referenceable: nothing kept


#: A note's columns are read from its incident in one function, its location looked at
#: once (off: each through :meth:`mapper.schema.Incident.property_values`; the tests
#: compare the two).
_COLUMNS_AT_ONCE = True


def _attributes(incident: Any) -> dict[str, Any]:
    if incident is None:
        return {}
    if _COLUMNS_AT_ONCE:
        return _location_columns(incident)
    return incident.property_values(LOCATION_COLUMNS)


def _location_columns(incident: Any) -> dict[str, Any]:
    """``incident.property_values(LOCATION_COLUMNS)``: the :data:`LOCATION_COLUMNS`, in
    order, as :data:`mapper.schema.PROPERTY_NAMES` reads them."""
    loc = incident.location
    if loc:
        point = loc.point
        return {
            "latitude": round(point[1], 6), "longitude": round(point[0], 6),
            "location": loc.name, "place_id": loc.place_id,
            "geo_precision": loc.geo_precision, "where_prec": loc.where_prec,
            "uncertainty_km": loc.uncertainty_km, "governorate": incident.governorate,
            "district": incident.district, "desert_zone": incident.desert_zone,
            "confidence": round(loc.confidence, 3), "date": incident.date,
            "event_type": incident.event_type, "fatalities": incident.fatalities,
        }
    return {
        "latitude": None, "longitude": None, "location": None, "place_id": None,
        "geo_precision": None, "where_prec": None, "uncertainty_km": None,
        "governorate": incident.governorate, "district": incident.district,
        "desert_zone": incident.desert_zone, "confidence": 0.0, "date": incident.date,
        "event_type": incident.event_type, "fatalities": incident.fatalities,
    }


def locate_place_name(name: str, gazetteer: Any, *, areas: Sequence[str | None] = ()
                      ) -> tuple[dict[str, Any], str | None]:
    """Geocode a column that already holds a place name.

    Parameters
    ----------
    name
        The name as the table writes it ("Sokhneh", "Damascus - Jobar", "Hama
        (Countryside)"; see :func:`gazetteer.lookup.resolve_place_name`).
    gazetteer
        The gazetteer.
    areas
        The row's governorate, district and sub-district as its admin columns give them
        (names or OCHA P-codes; any may be missing): candidates inside them rank first,
        and a loosely spelt village inside them beats an exact namesake elsewhere.
    """
    from gazetteer.lookup import resolve_place_name
    from mapper.locate import locate
    from mapper.schema import PlaceExpression

    text = " ".join(str(name or "").split())
    if not text:
        return {}, "empty place name"
    gov_name, district, subdistrict = (*[a or None for a in areas], None, None, None)[:3]
    res = resolve_place_name(gazetteer, text, governorate_pcode=_governorate_code(
        gov_name, gazetteer), district=district, subdistrict=subdistrict)
    loc = None
    if res.place is not None:  # located as the place itself (its id), at its precision
        loc = locate(PlaceExpression(text=text, start=0, end=len(text), kind="place",
                                     names=[res.place.place_id]), gazetteer)
    if loc is None:
        return {}, f"no gazetteer match for {text!r}"
    loc.confidence = res.confidence
    admin = gazetteer.areas.admin_at(*loc.point) if hasattr(gazetteer, "areas") else {}
    gov = admin.get("governorate") if admin else None
    dist = admin.get("district") if admin else None
    zone = gazetteer.areas.zone_at(*loc.point) if hasattr(gazetteer, "areas") else None
    return {
        "latitude": round(loc.point[1], 6), "longitude": round(loc.point[0], 6),
        "location": loc.name, "place_id": loc.place_id, "geo_precision": loc.geo_precision,
        "where_prec": loc.where_prec, "uncertainty_km": loc.uncertainty_km,
        "governorate": gov.name if gov else None, "district": dist.name if dist else None,
        "desert_zone": zone.name if zone else None, "confidence": round(loc.confidence, 3),
    }, None


def _governorate_code(name: str | None, gazetteer: Any) -> str | None:
    """The P-code of a governorate given by name ("Idleb", "Deir-ez-Zor") or P-code."""
    if not name:
        return None
    if re.fullmatch(r"SY\d{2}", name.strip().upper()):
        return name.strip().upper()
    from mapper.notes import governorate_pcode

    return governorate_pcode(name, gazetteer)


def locate_row(row: dict[str, Any], *, text_column: str | None, place_column: str | None,
               renamed: dict[str, str], gazetteer: Any,
               admin_columns: Sequence[str] = ()) -> tuple[dict[str, Any], str | None]:
    """Locate one table row (``admin_columns``: the row's governorate, district and
    sub-district columns, for ``place_column``; see :func:`locate_place_name`).

    Returns
    -------
    (out, reason)
        The output row (input columns, renamed where they clash, then
        :data:`LOCATION_COLUMNS`), and why it was not located (``None`` when it was).
    """
    values, reason = _row_values(row.get, text_column=text_column,
                                 place_column=place_column, gazetteer=gazetteer,
                                 admin_columns=admin_columns)
    # the input columns, renamed where they clash (renamed.get(k, k) for each k)
    out = (dict(zip(map(renamed.get, row, row), row.values(), strict=True)) if renamed
           else dict(row))
    out.update(zip(LOCATION_COLUMNS, map(values.get, LOCATION_COLUMNS), strict=True))
    return out, reason


def _row_values(get: Callable[[str], Any], *, text_column: str | None,
                place_column: str | None, gazetteer: Any, admin_columns: Sequence[str]
                ) -> tuple[dict[str, Any], str | None]:
    """The location columns of a row (``get``: its value in a column) and why it was not
    located (``None`` when it was)."""
    values: dict[str, Any] = {}
    reason: str | None = None
    if text_column:
        values, reason = locate_text(str(get(text_column) or ""), gazetteer)
    if place_column and (not text_column or reason):
        place_values, reason = locate_place_name(
            get(place_column) or "", gazetteer,
            areas=[str(get(c) or "") for c in admin_columns])
        values = {**values, **place_values}
    if reason is None and values.get("latitude") is None:
        reason = "no location"
    return values, reason


def _locate_lists(records: Iterator[list[Any]], *, text_column: str | None,
                  place_column: str | None, gazetteer: Any, admin_columns: Sequence[str]
                  ) -> Iterator[tuple[list[Any], str | None]]:
    """:func:`locate_rows` for rows given as lists (:func:`iter_csv_lists`: the header
    first, each name once): each row's values followed by its :data:`LOCATION_COLUMNS`,
    in blocks of :data:`BLOCK_ROWS` read ahead alike."""
    header = next(records, None)
    if header is None:
        return
    at = {name: i for i, name in enumerate(header)}
    text_at = at[text_column] if text_column else None
    read_ahead = getattr(gazetteer, "read_ahead", None) if text_column else None
    for block in chunks(records, BLOCK_ROWS):
        if read_ahead is not None:
            read_ahead(_unread((str(r[text_at] or "") for r in block), gazetteer))
        for row in block:
            values, reason = _row_values(functools.partial(_value_in, at, row),
                                         text_column=text_column, place_column=place_column,
                                         gazetteer=gazetteer, admin_columns=admin_columns)
            row.extend(map(values.get, LOCATION_COLUMNS))
            yield row, reason


def _unread(texts: Iterable[str], gazetteer: Any) -> Iterator[str]:
    """The notes among ``texts`` that :func:`locate_text` will read: not blank, and not
    remembered from an earlier row (their mentions, read ahead, would never be asked for)."""
    memo = _note_memo(gazetteer)
    if memo is None:
        return (t for t in texts if t.strip())
    return (t for t in texts if t.strip() and t not in memo)


def _value_in(at: dict[str, int], row: list[Any], column: str) -> Any:
    return row[at[column]]


#: Rows located as one block: their notes' gazetteer mentions are found in a row first.
BLOCK_ROWS = 256


def locate_rows(rows: Sequence[dict[str, Any]], *, text_column: str | None,
                place_column: str | None, renamed: dict[str, str], gazetteer: Any,
                admin_columns: Sequence[str] = ()) -> list[tuple[dict[str, Any], str | None]]:
    """:func:`locate_row` for each of a block of rows, in order.

    The gazetteer mentions of the block's notes are found first, one after another
    (:meth:`gazetteer.Gazetteer.read_ahead`): the same mentions, faster than between the
    rest of each note's reading. Blocks of :data:`BLOCK_ROWS` rows do.
    """
    read_ahead = getattr(gazetteer, "read_ahead", None) if text_column else None
    if read_ahead is not None:
        read_ahead(_unread((str(r.get(text_column) or "") for r in rows), gazetteer))
    return [locate_row(r, text_column=text_column, place_column=place_column,
                       renamed=renamed, gazetteer=gazetteer, admin_columns=admin_columns)
            for r in rows]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are needed."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def output_fieldnames(columns: Iterable[str], id_column: str | None
                      ) -> tuple[list[str], dict[str, str]]:
    """Output columns: input columns (renamed where they clash) then the location columns."""
    ours = set(LOCATION_COLUMNS)
    renamed = {c: INPUT_PREFIX + c for c in columns if c in ours}
    names = [renamed.get(c, c) for c in columns]
    return names + list(LOCATION_COLUMNS), renamed


def _quoted(value: str) -> str:
    """A CSV value between quotes, its quotes doubled."""
    return '"' + value.replace('"', '""') + '"'


class _Writer:
    """Streaming writer for the output formats (CSV, JSON Lines, GeoJSON, GeoPackage)."""

    def __init__(self, path: Path, fieldnames: list[str]) -> None:
        self.path = path
        self.fieldnames = fieldnames
        self.kind = path.suffix.lower().lstrip(".")
        if self.kind not in ("csv", "jsonl", "geojson", "gpkg"):
            raise InputError(f"{path}: unknown output format; use one of "
                             f"{', '.join(OUTPUT_SUFFIXES)}")
        self.tmp = path.with_name(f".{path.stem}.tmp{path.suffix}")
        self._batch: list[dict[str, Any]] = []
        #: CSV lines joined by :meth:`write_values` and not yet written, each with its line
        #: end (written :data:`LINES_AT_ONCE` at a time).
        self._lines: list[str] = []
        self._first = True
        if self.kind != "gpkg":
            self.fh = self.tmp.open("w", encoding="utf-8", newline="")
            if self.kind == "csv":
                self.csv = csv.writer(self.fh)
                self.csv.writerow(fieldnames)
            elif self.kind == "geojson":
                self.fh.write('{"type":"FeatureCollection","features":[\n')

    def write(self, row: dict[str, Any]) -> None:
        if self.kind == "csv":  # the output columns in order; a missing or None value empty
            self._write_lines()
            self.csv.writerow(map(row.get, self.fieldnames))  # (csv writes None as "")
        elif self.kind == "jsonl":
            self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif self.kind == "geojson":
            lat, lon = row.get("latitude"), row.get("longitude")
            geom = {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None
            feature = {"type": "Feature", "geometry": geom, "properties": row}
            self.fh.write(("" if self._first else ",\n") + json.dumps(feature, ensure_ascii=False))
            self._first = False
        else:
            self._batch.append(row)
            if len(self._batch) >= 5000:
                self._flush_gpkg()

    def write_values(self, values: list[Any]) -> None:
        """Write a CSV row given as its values, in the order of the output columns.

        The values are joined by commas here, a value holding a comma, quote or line break
        quoted as the CSV writer quotes it (between quotes, its quotes doubled): the same
        line, without the writer's character by character scan. A row with a NUL, or of
        one value, goes through the CSV writer.
        """
        if _PLAIN_CSV_LINES and len(values) > 1:
            parts = [v if isinstance(v, str) else "" if v is None else str(v)
                     for v in values]
            line = ",".join(parts)
            if '"' in line or "\n" in line or "\r" in line:
                line = ",".join([_quoted(p) if "," in p or '"' in p or "\n" in p or "\r" in p
                                 else p for p in parts])
            elif line.count(",") != len(parts) - 1:
                # commas only (most quoted rows): a part is quoted when it holds one
                line = ",".join([_quoted(p) if "," in p else p for p in parts])
            if "\x00" not in line:
                self._lines.append(line + "\r\n")
                if len(self._lines) >= LINES_AT_ONCE:
                    self._write_lines()
                return
        self._write_lines()  # (the lines before it first)
        self.csv.writerow(values)

    def _write_lines(self) -> None:
        """Write the lines :meth:`write_values` has joined, in one piece."""
        if self._lines:
            self.fh.write("".join(self._lines))
            self._lines.clear()

    def _flush_gpkg(self) -> None:
        import geopandas as gpd
        import pandas as pd
        from shapely.geometry import Point

        if not self._batch and not self._first:
            return
        frame = pd.DataFrame(self._batch, columns=self.fieldnames)
        for col in frame.columns:
            if frame[col].dtype == object:
                frame[col] = frame[col].map(lambda v: v if v is None or isinstance(v, str)
                                            else json.dumps(v, ensure_ascii=False)
                                            if isinstance(v, list | dict) else str(v))
        geoms = [Point(r["longitude"], r["latitude"]) if r.get("latitude") is not None
                 else None for r in self._batch]
        gdf = gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")
        gdf.to_file(self.tmp, layer="incidents", driver="GPKG", engine="pyogrio",
                    mode="w" if self._first else "a")
        self._first = False
        self._batch = []

    def close(self, ok: bool) -> None:
        import os

        if self.kind == "gpkg":
            if ok:
                self._flush_gpkg()
        else:
            if self.kind == "geojson":
                self.fh.write("\n]}\n")
            self._write_lines()
            self.fh.close()
        if ok:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def locate_table(
    src: str | Path,
    dst: str | Path,
    *,
    text_column: str | None = None,
    place_column: str | None = None,
    id_column: str | None = None,
    gazetteer: Any = None,
    progress: Callable[[int], None] | None = None,
    engine: str = "serial",
    home: str | Path | None = None,
    scheduler: str | None = None,
    chunk_rows: int = 2000,
    jobs: int = 1,
    admin_columns: Sequence[str] = (),
) -> TableSummary:
    """Locate every row of a table and write the result.

    Parameters
    ----------
    src
        CSV or JSON Lines table (``.gz`` too).
    dst
        Output; its format follows the ending: ``.csv``, ``.jsonl``, ``.geojson``, ``.gpkg``.
    text_column
        Column holding free text to read (e.g. ACLED's ``notes``).
    place_column
        Column already holding a place name, geocoded directly (instead of, or as a
        fallback to, ``text_column``).
    id_column
        Column identifying rows; it must exist when given.
    gazetteer
        Default: the built store, else the embedded default.
    progress
        Called with the number of rows done so far, every 100 rows.
    engine
        ``serial`` (this machine: this process, or ``jobs`` forked ones) or ``dask``
        (partitions of ``chunk_rows`` rows on a Dask cluster: a local one, or the scheduler
        at ``scheduler``); results are identical.
    home
        Gazetteer store the Dask workers load (they cannot be handed ``gazetteer``).
    jobs
        With the ``serial`` engine: processes of this machine that read the rows (forked
        from this one, sharing its gazetteer; ``0``: one per core). The output is the
        same whatever the number.
    admin_columns
        Up to three columns holding each row's governorate, district and sub-district
        (ACLED's ``admin1``, ``admin2``, ``admin3``): ``place_column`` names are resolved
        inside them first (:func:`locate_place_name`).
    """
    import time

    started = time.perf_counter()
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; valid engines: {', '.join(ENGINES)}")
    if jobs < 0:
        raise InputError(f"--jobs must be 0 (one per core) or more, not {jobs}")
    if not text_column and not place_column:
        raise InputError("give --text-column (free text) or --place-column (a place name)")
    src_p, dst_p = Path(src), Path(dst)
    if not dst_p.name.lower().endswith(OUTPUT_SUFFIXES):
        raise InputError(f"{dst_p}: unknown output format; use one of "
                         f"{', '.join(OUTPUT_SUFFIXES)}")
    if dst_p.exists() and dst_p.is_dir():
        raise InputError(f"{dst_p}: is a directory; give an output file name")
    probe = dst_p.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{probe}: is a file, so {dst_p} cannot be written; give an output "
                          "path inside a folder")
    columns = read_columns(src_p)
    if len(admin_columns) > 3:
        raise InputError("--admin-columns takes at most three columns: governorate, "
                         "district, sub-district")
    for option, col in (("--text-column", text_column), ("--place-column", place_column),
                        ("--id-column", id_column),
                        *(("--admin-columns", c) for c in admin_columns)):
        if col and col not in columns:
            raise InputError(f"{src_p}: no column {col!r} for {option}; columns are: "
                             f"{', '.join(columns) if columns else '(none: empty table)'}")
    if gazetteer is None and engine == "serial":
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.load(home) if home else Gazetteer.load()
    fieldnames, renamed = output_fieldnames(columns, id_column)
    summary = TableSummary(renamed=renamed)
    try:
        dst_p.parent.mkdir(parents=True, exist_ok=True)
        writer = _Writer(dst_p, fieldnames)
    except OSError as exc:
        raise OutputError(f"{dst_p}: cannot write here ({exc.strerror or exc})") from exc
    ok = False
    as_lists = _as_lists(src_p, writer, columns, fieldnames, engine=engine, jobs=jobs)
    write = writer.write_values if as_lists else writer.write
    try:
        rows = iter_rows(src_p)
        if as_lists:
            results = _locate_lists(iter_csv_lists(src_p), text_column=text_column,
                                    place_column=place_column, gazetteer=gazetteer,
                                    admin_columns=admin_columns)
        elif engine == "dask":
            from mapper.tables_dask import locate_chunks_dask

            results = locate_chunks_dask(
                rows, text_column=text_column, place_column=place_column, renamed=renamed,
                admin_columns=tuple(admin_columns),
                home=home, scheduler=scheduler, chunk_rows=chunk_rows)
        elif jobs != 1:
            from mapper.tables_local import default_jobs, locate_rows_forked

            results = locate_rows_forked(
                rows, text_column=text_column, place_column=place_column, renamed=renamed,
                admin_columns=tuple(admin_columns),
                gazetteer=gazetteer, jobs=jobs if jobs > 0 else default_jobs())
        else:
            results = (result for block in chunks(rows, BLOCK_ROWS)
                       for result in locate_rows(
                           block, text_column=text_column, place_column=place_column,
                           renamed=renamed, gazetteer=gazetteer,
                           admin_columns=admin_columns))
        in_process = engine == "serial" and jobs == 1
        with _collector_paused() if in_process else contextlib.nullcontext():
            summary = _write_results(results, write, summary, progress)
        ok = True
    finally:
        writer.close(ok)
    summary.output = dst_p
    summary.seconds = time.perf_counter() - started
    return summary


def _write_results(results: Iterable[tuple[Any, str | None]], write: Callable[[Any], None],
                   summary: TableSummary, progress: Callable[[int], None] | None
                   ) -> TableSummary:
    """Write each located row, counting rows, located ones and the reasons of the others."""
    for out, reason in results:
        write(out)
        summary.rows += 1
        if reason is None:
            summary.located += 1
        else:
            summary.not_located[reason] += 1
        if progress and summary.rows % 100 == 0:
            progress(summary.rows)
    return summary


#: The cyclic garbage collector is off while this process locates a table's rows (off: left
#: as it is).
_PAUSE_COLLECTOR = True


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Turn the cyclic garbage collector off for the block, then back on if it was on.

    Locating rows makes no reference cycles (a row's objects go by reference counting;
    the note reader breaks its own cycle): what the collector would walk is the memos'
    new entries, again and again, finding nothing. Over the 13,036 ACLED evaluation notes
    it ran 8 times and collected 0 objects.

    The objects made meanwhile then join the oldest generation at once (``gc.freeze``
    and ``gc.unfreeze`` move them there, where nothing else is frozen): turned back on
    with them young, the collector would walk them all at its next allocation, the work
    it was spared, deferred.
    """
    if not (_PAUSE_COLLECTOR and gc.isenabled()):
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()


#: CSV rows are joined here, values quoted as the CSV writer quotes them (off: every row
#: through the CSV writer).
_PLAIN_CSV_LINES = True
#: The lines joined so are written this many at a time (one write per line costs the text
#: layer more than the copy of the lines into one piece; 1: one write per line).
LINES_AT_ONCE = 256

#: A CSV table read in this process to a CSV table goes row by row as lists of values
#: (off: as dicts, as every other table).
_ROWS_AS_LISTS = True


def _as_lists(src: Path, writer: _Writer, columns: Sequence[Any], fieldnames: list[str], *,
              engine: str, jobs: int) -> bool:
    """Whether the rows can go as lists: CSV to CSV in this process, the header naming
    each input column once, ``columns`` (no values past it in the first row: no ``None``
    column) and every output column named once (a dict keeps one value of a column named
    twice)."""
    if not (_ROWS_AS_LISTS and engine == "serial" and jobs == 1 and writer.kind == "csv"
            and _table_kind(src) == "csv" and len(set(fieldnames)) == len(fieldnames)):
        return False
    records = iter_csv_lists(src)
    try:
        return next(records, None) == list(columns)
    finally:
        records.close()


def print_table_summary(summary: TableSummary, stream: IO[str] | None = None) -> None:
    """Print what a table run did (to ``stream``, default: the current stdout)."""
    w = (stream or sys.stdout).write
    for old, new in summary.renamed.items():
        w(f"note: input column {old!r} kept as {new!r} (the output has its own {old!r})\n")
    w(f"rows read:    {summary.rows}\n")
    w(f"located:      {summary.located}\n")
    w(f"not located:  {summary.rows - summary.located}\n")
    for reason, n in summary.not_located.most_common(10):
        w(f"  - {n} × {reason}\n")
    rate = summary.rows / summary.seconds if summary.seconds else 0.0
    w(f"wrote:        {summary.output}\n")
    w(f"time:         {summary.seconds:.2f} s ({rate:,.0f} rows/s)\n")
