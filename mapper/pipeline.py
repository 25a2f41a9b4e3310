"""The whole run: read reports, extract and locate incidents, write the outputs.

:func:`map_reports` is the Python face of ``incident-mapper map``.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from mapper.errors import InputError, OutputError
from mapper.export import FeatureText
from mapper.schema import Incident

log = logging.getLogger(__name__)

#: Formats ``map_reports`` can write; ``html`` is the map.
OUTPUT_FORMATS: tuple[str, ...] = ("geojson", "html", "gpkg", "csv")
DEFAULT_FORMATS: tuple[str, ...] = ("geojson", "html")
#: File each format is written to inside the output folder.
OUTPUT_FILES: dict[str, str] = {"geojson": "incidents.geojson", "csv": "incidents.csv",
                                "gpkg": "incidents.gpkg", "html": "map.html"}
#: Errors of the file system that are about where the user asked us to write, not bugs.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EROFS,
                           errno.EDQUOT, errno.ENAMETOOLONG, errno.EISDIR, errno.ENOTDIR,
                           errno.EEXIST, errno.EFBIG})


@dataclass(slots=True)
class RunSummary:
    """What a run read, found and wrote."""

    reports: list[str] = field(default_factory=list)
    incidents: int = 0
    events: int = 0
    tallies: int = 0
    located: int = 0
    unlocated: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (paths as strings)."""
        return {
            "reports": list(self.reports),
            "incidents": self.incidents,
            "events": self.events,
            "tallies": self.tallies,
            "located": self.located,
            "unlocated": list(self.unlocated),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "outputs": {k: str(v) for k, v in self.outputs.items()},
            "seconds": round(self.seconds, 3),
        }


def validate_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """Check output format names; the error lists the valid ones."""
    chosen = tuple(dict.fromkeys(f.lower() for f in formats))
    bad = [f for f in chosen if f not in OUTPUT_FORMATS]
    if bad:
        raise InputError(
            f"unknown output format {bad[0]!r}; valid formats: {', '.join(OUTPUT_FORMATS)}"
        )
    return chosen or DEFAULT_FORMATS


def prepare_out_dir(out_dir: str | Path) -> Path:
    """Make sure ``out_dir`` is (or can become) a directory, before any work is done."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory; give a folder for -o")
    probe = out
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{probe}: is a file, so {out} cannot be created; give a folder "
                          "for -o")
    for name in OUTPUT_FILES.values():
        target = out / name
        if target.is_dir():
            raise OutputError(f"{target}: is a directory, so the output cannot be written "
                              "there; move it away or choose another -o folder")
    return out


def incidents_from_report(report: Any, *, gazetteer: Any) -> list[Incident]:
    """Extract located incidents from one :class:`mapper.reports.Report`.

    Spans are mapped back into the original file (HTML) and ids made unique per report.
    """
    return list(iter_incidents_from_report(report, gazetteer=gazetteer))


def iter_incidents_from_report(report: Any, *, gazetteer: Any) -> Iterator[Incident]:
    """:func:`incidents_from_report` as a stream (a long report never holds them all)."""
    from mapper.extract import iter_incidents

    incidents = iter_incidents(
        report.text, report_date=report.report_date, gazetteer=gazetteer, source=report.path
    )
    stem = Path(report.path).stem
    for n, incident in enumerate(incidents, start=1):
        incident.id = f"{stem}#{n}"
        _into_original(report, incident)
        yield incident


def _into_original(report: Any, incident: Incident) -> None:
    """Point ``incident`` at ``report``'s file: its source, and spans mapped back into
    the original (HTML)."""
    incident.source = report.path
    incident.source_span = report.original_span(*incident.source_span)
    if incident.place is not None and report.kind == "html":
        # a copy: one expression may be the place of several incidents (a section's
        # areas), and must be mapped into the original once
        start, end = report.original_span(incident.place.start, incident.place.end)
        incident.place = replace(incident.place, start=start, end=end)


class ReportItem(NamedTuple):
    """One incident of a report ready for the outputs and the summary, but for its id
    (given by its place in the report: :func:`iter_report_items`)."""

    feature: FeatureText
    record_type: str
    #: For the summary's list of unlocated incidents: ``place``, ``reason``, ``text``
    #: (``None``: the incident is located).
    unlocated: dict[str, Any] | None
    warnings: list[str]
    #: The CSV row but for the id cell (:func:`mapper.export.csv_row_text`), if wanted.
    csv_row: bytes | None = None


def report_item(report: Any, incident: Incident, *, csv: bool = False) -> ReportItem:
    """``incident`` of ``report`` (a :class:`mapper.reports.Report`) as a
    :class:`ReportItem`: spans mapped back into the original file (HTML), id left out
    (``csv``: with its CSV row)."""
    from mapper.export import csv_row_text, feature_text, incident_to_feature

    incident.id = ""
    _into_original(report, incident)
    feature = incident_to_feature(incident)
    return ReportItem(feature_text(feature), incident.record_type, _unlocated(incident),
                      list(incident.warnings), csv_row_text(feature) if csv else None)


def _unlocated(incident: Incident) -> dict[str, Any] | None:
    """The summary's entry for ``incident`` when it is not located (its id left out)."""
    if incident.location is not None:
        return None
    return {"place": incident.place.text if incident.place else None,
            "reason": incident.unlocated_reason or "no place named in the sentence",
            "text": incident.text[:160]}


def iter_report_items(report: Any, *, gazetteer: Any, csv: bool = False,
                      parallel: bool = True) -> Iterator[tuple[str, ReportItem]]:
    """``(id, item)`` for each incident of ``report``, in order (``csv``: with their CSV
    rows); a long report is read in two parts at once (:mod:`mapper.extract_split`;
    not with ``parallel=False``), with the same result."""
    from mapper.extract_split import iter_converted

    items = iter_converted(report.text,
                           convert=functools.partial(report_item, report, csv=csv),
                           report_date=report.report_date, gazetteer=gazetteer,
                           source=report.path, parallel=parallel)
    stem = Path(report.path).stem
    for n, item in enumerate(items, start=1):
        yield f"{stem}#{n}", item


def split_reports(reports: Sequence[Any]) -> int | None:
    """Where to cut a list of reports for two processes: the index of the first report
    the second process reads, so that both read about as many characters; ``None`` when
    there is no point (fewer than two reports, less than
    :data:`mapper.extract_split.MIN_SPLIT_CHARS` characters in all, or one report that
    long, which is read in two parts by itself)."""
    from mapper.extract_split import MIN_SPLIT_CHARS

    sizes = [len(r.text) for r in reports]
    total = sum(sizes)
    if len(sizes) < 2 or total < MIN_SPLIT_CHARS or max(sizes) >= MIN_SPLIT_CHARS:
        return None
    done = 0
    for k, size in enumerate(sizes):
        if done + size / 2 >= total / 2:
            return max(1, k)
        done += size
    return len(sizes) - 1


def iter_reports_items(reports: Sequence[Any], *, gazetteer: Any, csv: bool = False,
                       parallel: bool = True) -> Iterator[tuple[int, str, ReportItem]]:
    """``(index of the report, id, item)`` for each incident of ``reports``, in order.

    With ``parallel`` (where the system forks), many reports that are long together are
    read in two processes at once: the later ones (:func:`split_reports`) in a forked
    child. Reports do not depend on one another, and when the child fails its reports
    are read here: the result is the same either way.
    """
    from mapper.extract_split import can_fork

    def read(first: int, last: int, *, one_process: bool) -> Iterator[tuple[int, str, Any]]:
        for k in range(first, last):
            for feature_id, item in iter_report_items(
                    reports[k], gazetteer=gazetteer, csv=csv,
                    parallel=parallel and not one_process):
                yield k, feature_id, item

    cut = split_reports(reports) if parallel and gazetteer is not None and can_fork() \
        else None
    if cut is None:
        yield from read(0, len(reports), one_process=False)
        return
    from mapper.forked import ForkedItems

    try:
        later = ForkedItems(lambda: read(cut, len(reports), one_process=True))
    except OSError as exc:  # no process to spare: every report is read here
        log.debug("cannot fork (%s); the reports are read in one process", exc)
        yield from read(0, len(reports), one_process=False)
        return
    with later:
        yield from read(0, cut, one_process=True)
        items = later.results()
        if items is None:
            log.debug("the reports from %s on are read here", reports[cut].path)
            items = read(cut, len(reports), one_process=True)
        yield from items


def incidents_from_table(
    path: str | Path,
    *,
    text_column: str,
    id_column: str | None = None,
    gazetteer: Any,
    parallel: bool = True,
) -> list[Incident]:
    """One incident per table row: the incident its free text reports, located.

    Rows whose text holds no incident still give a record (no geometry, with the reason),
    so that the map's counts match the table. With ``parallel`` (where the system forks
    and has two cores), the rows of a long table are read by two forked workers
    (:func:`mapper.tables_local.forked_map`), with the same result.
    """
    from mapper.tables import iter_rows, read_columns
    from mapper.tables_local import default_jobs, forked_map

    columns = read_columns(path)
    for option, col in (("--text-column", text_column), ("--id-column", id_column)):
        if col and col not in columns:
            raise InputError(f"{path}: no column {col!r} for {option}; columns are: "
                             f"{', '.join(columns) if columns else '(none: empty table)'}")
    stem = Path(path).stem.removesuffix(".csv").removesuffix(".jsonl")
    work = functools.partial(_table_incidents, text_column=text_column,
                             id_column=id_column, source=str(path), stem=stem)
    return list(forked_map(enumerate(iter_rows(path), start=1), work, shared=gazetteer,
                           jobs=min(2, default_jobs()) if parallel else 1))


def _table_incidents(rows: list[tuple[int, dict[str, Any]]], *, text_column: str,
                     id_column: str | None, source: str, stem: str) -> list[Incident]:
    """The incidents of numbered table rows (a chunk of :func:`incidents_from_table`)."""
    from mapper.tables import decide_incident
    from mapper.tables_local import shared_object

    gazetteer = shared_object()
    incidents: list[Incident] = []
    for n, row in rows:
        text = str(row.get(text_column) or "")
        incident, reason = decide_incident(text, gazetteer, source=source)
        if incident is None:
            incident = Incident(id="", source=source, source_span=(0, len(text)), text=text)
        incident.id = str(row.get(id_column)) if id_column else f"{stem}#{n}"
        incident.source = source
        incident.text = text
        incident.source_span = (0, len(text))
        if reason and incident.location is None:
            incident.unlocated_reason = reason
        incidents.append(incident)
    return incidents


def _summarise(incidents: Iterable[Incident], summary: RunSummary,
               seen: set[str] | None = None) -> None:
    """Add the incidents to the summary's counts, unlocated list and warnings (``seen``:
    the warnings already there, kept by a caller adding incidents a few at a time)."""
    seen = set(summary.warnings) if seen is None else seen
    for i in incidents:
        _add_to_summary(summary, seen, i.id, i.record_type, _unlocated(i), i.warnings)


def _write_one(fmt: str, features: Sequence[dict[str, Any]], path: Path, *, gazetteer: Any,
               title: str) -> None:
    from mapper import export

    if fmt == "geojson":
        export.write_geojson(features, path)
    elif fmt == "csv":
        export.write_csv(features, path)
    elif fmt == "gpkg":
        export.write_geopackage(features, path, gazetteer=gazetteer)
    else:
        from mapper.render import render_map

        render_map(features, path, gazetteer=gazetteer, title=title)


def _add_to_summary(summary: RunSummary, seen: set[str], feature_id: str, record_type: str,
                    unlocated: dict[str, Any] | None, warnings: Iterable[str]) -> None:
    """Count one incident (``unlocated``: its entry when not located) in ``summary``;
    ``seen``: the warnings already there (a set: a long report has thousands)."""
    summary.incidents += 1
    if record_type == "tally":
        summary.tallies += 1
    else:
        summary.events += 1
    if unlocated is None:
        summary.located += 1
    else:
        summary.unlocated.append({"id": feature_id, **unlocated})
    for w in warnings:
        message = f"{feature_id}: {w}"
        if message not in seen:
            seen.add(message)
            summary.warnings.append(message)


def write_outputs(
    features: Sequence[dict[str, Any]],
    out_dir: Path,
    formats: Sequence[str],
    *,
    gazetteer: Any,
    title: str,
) -> dict[str, Path]:
    """Write the chosen formats into ``out_dir``, all or none; returns format → path.

    Every output is first written under a hidden temporary name in ``out_dir``; only when
    all of them are complete are they renamed onto their real names, one after the other.
    A run that fails (or is interrupted) while writing leaves the earlier ``map.html``,
    ``incidents.geojson``, ... exactly as they were, and no temporary files.

    Raises
    ------
    OutputError
        The folder cannot be created or written (no space, no permission, a directory
        where a file should go, ...).
    """
    targets = {fmt: out_dir / OUTPUT_FILES[fmt] for fmt in OUTPUT_FORMATS if fmt in formats}
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    staged: dict[str, Path] = {}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for fmt, target in targets.items():
            if target.is_dir():
                raise OutputError(f"{target}: is a directory, so the output cannot be "
                                  "written there; move it away or choose another -o folder")
            tmp = target.with_name(f".{target.stem}.{token}.partial{target.suffix}")
            staged[fmt] = tmp
            _write_one(fmt, features, tmp, gazetteer=gazetteer, title=title)
        for fmt, target in targets.items():
            os.replace(staged[fmt], target)
            del staged[fmt]
    except OSError as exc:
        if isinstance(exc, OutputError) or exc.errno not in _WRITE_ERRNOS:
            raise
        raise OutputError(f"{out_dir}: cannot write the outputs here "
                          f"({exc.strerror or exc}); earlier outputs were left as they were"
                          ) from exc
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return dict(targets)


def collect_features(
    paths: Sequence[str | Path],
    *,
    report_date: date | None = None,
    gazetteer: Any,
) -> list[dict[str, Any]]:
    """GeoJSON features from report files, or from earlier ``incidents.geojson`` files."""
    from mapper.export import features_from_incidents, read_geojson_features
    from mapper.reports import read_report

    features: list[dict[str, Any]] = []
    for p in paths:
        if str(p).lower().endswith((".geojson", ".json")):
            features.extend(read_geojson_features(p))
        else:
            report = read_report(p, report_date=report_date)
            features.extend(features_from_incidents(
                incidents_from_report(report, gazetteer=gazetteer)))
    return features


def map_reports(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    report_date: date | None = None,
    gazetteer: Any = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    title: str = "Incident map",
    progress: Callable[[str], None] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    parallel: bool = True,
) -> RunSummary:
    """Read reports, extract and locate their incidents, and write map and GIS files.

    Parameters
    ----------
    paths
        Report files (``.txt``, ``.md``, ``.html``), or one ``incidents.geojson`` written
        earlier, which is re-rendered without reading any report.
    out_dir
        Folder to write ``incidents.geojson``, ``map.html`` (and ``incidents.gpkg`` /
        ``incidents.csv`` when asked) into.
    report_date
        Date the reports were published; relative dates ("On December 30") are anchored to
        it. Without it, the date is taken from the text where it says one.
    gazetteer
        A :class:`gazetteer.Gazetteer`; default: the built store if there is one, else the
        embedded default.
    formats
        Any of ``geojson``, ``html``, ``gpkg``, ``csv``.
    title
        Title of the HTML map.
    progress
        Called with each report path as it is read (the CLI passes a progress bar).
    text_column, id_column
        For incident tables (CSV / JSON Lines) among ``paths``: the column with each row's
        free text, and the column identifying rows. Each row becomes one incident.
    parallel
        Read a long report (:data:`mapper.extract_split.MIN_SPLIT_CHARS` characters or
        more), or many reports that are long together, in two processes at once where
        the system forks them; the result is the same either way.

    Returns
    -------
    RunSummary
    """
    from mapper.reports import read_report

    started = time.perf_counter()
    chosen = validate_formats(formats)
    out = prepare_out_dir(out_dir)
    if not paths:
        raise InputError("no input files given")
    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    summary = RunSummary()

    geojson_inputs = [p for p in paths if str(p).lower().endswith((".geojson", ".json"))]
    if geojson_inputs:
        if len(geojson_inputs) != len(paths):
            raise InputError("give either report files or one incidents.geojson, not both")
        from mapper.export import read_geojson_features

        features = [f for p in geojson_inputs for f in read_geojson_features(p)]
        summary.reports = [str(p) for p in geojson_inputs]
        summary.incidents = len(features)
        summary.located = sum(1 for f in features if f.get("geometry"))
        if not features:
            summary.notes.append("no incidents in the input; the map is empty")
        summary.outputs = write_outputs(
            features, out, [f for f in chosen if f != "geojson"] or ["html"],
            gazetteer=gazetteer, title=title,
        )
        summary.seconds = time.perf_counter() - started
        return summary

    from mapper.tables import is_table

    tables = [p for p in paths if is_table(p)]
    if tables and not text_column:
        raise InputError(f"{tables[0]}: is a table; say which column holds the text with "
                         "--text-column")
    reports = []
    for p in paths:  # read everything first: a bad file fails the run before any output
        if is_table(p):
            continue
        if progress:
            progress(str(p))
        reports.append(read_report(p, report_date=report_date))
    from mapper.export import EncodedFeatures, incident_to_feature

    # Each incident becomes a feature as it comes, kept encoded: a long report never
    # holds its incidents, nor its features as dicts.
    features = EncodedFeatures()
    seen: set[str] = set()
    for table in tables:
        if progress:
            progress(str(table))
        found = incidents_from_table(table, text_column=text_column or "",
                                     id_column=id_column, gazetteer=gazetteer,
                                     parallel=parallel)
        _summarise(found, summary, seen)
        for i in found:
            features.append(incident_to_feature(i))
        summary.reports.append(str(table))
    found_in = [0] * len(reports)
    for k, feature_id, item in iter_reports_items(reports, gazetteer=gazetteer,
                                                  csv="csv" in chosen, parallel=parallel):
        found_in[k] += 1
        _add_to_summary(summary, seen, feature_id, item.record_type, item.unlocated,
                        item.warnings)
        features.append_text(feature_id, item.feature, item.csv_row)
    for report, found in zip(reports, found_in, strict=True):
        summary.reports.append(report.path)
        if not report.text.strip():
            summary.notes.append(f"{report.path}: the report has no text (the file is "
                                 "empty or blank); nothing to extract")
        elif not found:
            summary.notes.append(f"{report.path}: no incidents found in this report")
    summary.outputs = write_outputs(features, out, chosen, gazetteer=gazetteer, title=title)
    summary.seconds = time.perf_counter() - started
    log.info("%d incidents from %d reports in %.2f s", summary.incidents,
             len(summary.reports), summary.seconds)
    return summary
