"""The whole run: read reports, extract and locate incidents, write the outputs.

:func:`map_reports` is the Python face of ``incident-mapper map``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mapper.errors import InputError, OutputError
from mapper.schema import Incident

log = logging.getLogger(__name__)

#: Formats ``map_reports`` can write; ``html`` is the map.
OUTPUT_FORMATS: tuple[str, ...] = ("geojson", "html", "gpkg", "csv")
DEFAULT_FORMATS: tuple[str, ...] = ("geojson", "html")


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
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{probe}: is a file, so {out} cannot be created")
    return out


def incidents_from_report(report: Any, *, gazetteer: Any) -> list[Incident]:
    """Extract located incidents from one :class:`mapper.reports.Report`.

    Spans are mapped back into the original file (HTML) and ids made unique per report.
    """
    from mapper.extract import extract_incidents

    incidents = extract_incidents(
        report.text, report_date=report.report_date, gazetteer=gazetteer, source=report.path
    )
    stem = Path(report.path).stem
    for n, incident in enumerate(incidents, start=1):
        incident.id = f"{stem}#{n}"
        incident.source = report.path
        incident.source_span = report.original_span(*incident.source_span)
        if incident.place is not None and report.kind == "html":
            incident.place.start, incident.place.end = report.original_span(
                incident.place.start, incident.place.end
            )
    return incidents


def _summarise(incidents: Sequence[Incident], summary: RunSummary) -> None:
    summary.incidents = len(incidents)
    summary.tallies = sum(1 for i in incidents if i.record_type == "tally")
    summary.events = summary.incidents - summary.tallies
    summary.located = sum(1 for i in incidents if i.location is not None)
    for i in incidents:
        if i.location is None:
            summary.unlocated.append({
                "id": i.id,
                "place": i.place.text if i.place else None,
                "reason": i.unlocated_reason or "no place named in the sentence",
                "text": i.text[:160],
            })
        for w in i.warnings:
            message = f"{i.id}: {w}"
            if message not in summary.warnings:
                summary.warnings.append(message)


def write_outputs(
    features: list[dict[str, Any]],
    out_dir: Path,
    formats: Sequence[str],
    *,
    gazetteer: Any,
    title: str,
) -> dict[str, Path]:
    """Write the chosen formats into ``out_dir``; returns format → path."""
    from mapper import export

    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if "geojson" in formats:
        written["geojson"] = export.write_geojson(features, out_dir / "incidents.geojson")
    if "csv" in formats:
        written["csv"] = export.write_csv(features, out_dir / "incidents.csv")
    if "gpkg" in formats:
        written["gpkg"] = export.write_geopackage(features, out_dir / "incidents.gpkg",
                                                   gazetteer=gazetteer)
    if "html" in formats:
        from mapper.render import render_map

        written["html"] = Path(
            render_map(features, out_dir / "map.html", gazetteer=gazetteer, title=title)
        )
    return written


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
        summary.outputs = write_outputs(
            features, out, [f for f in chosen if f != "geojson"] or ["html"],
            gazetteer=gazetteer, title=title,
        )
        summary.seconds = time.perf_counter() - started
        return summary

    reports = []
    for p in paths:  # read everything first: a bad file fails the run before any output
        if progress:
            progress(str(p))
        reports.append(read_report(p, report_date=report_date))
    incidents: list[Incident] = []
    for report in reports:
        incidents.extend(incidents_from_report(report, gazetteer=gazetteer))
        summary.reports.append(report.path)
    _summarise(incidents, summary)

    from mapper.export import features_from_incidents

    features = features_from_incidents(incidents)
    summary.outputs = write_outputs(features, out, chosen, gazetteer=gazetteer, title=title)
    summary.seconds = time.perf_counter() - started
    log.info("%d incidents from %d reports in %.2f s", summary.incidents,
             len(summary.reports), summary.seconds)
    return summary
