"""``incident-mapper map``: reports (or an earlier incidents.geojson) to map and GIS files."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import IO, Any

from mapper.cli import subcommand_parser

HELP = """\
Read report files, extract their incidents, resolve the places against the gazetteer and
write DIR/incidents.geojson and DIR/map.html (plus incidents.gpkg / incidents.csv with
--format). Incident tables (CSV or JSON Lines with a free-text column, e.g. an ACLED export)
are mapped too, one incident per row: name the text column with --text-column. Given one
incidents.geojson written earlier instead of reports, only the map (and the other formats
asked for) is made again from it.

Relative dates in the text ("On December 30", "in August") are anchored to --report-date;
without it the report's own date line ("January 2021") is used, and where there is none the
year stays unknown.

The run ends with a summary: reports read, incidents found, located, and each incident that
could not be located with the reason.
"""


def parse_report_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` for ``--report-date``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2021-01-31"
        ) from None


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``map`` sub-command."""
    p = subcommand_parser(subparsers, "map", help="map report files (or re-render a map)",
                          description=HELP)
    p.add_argument("inputs", nargs="+", metavar="FILE",
                   help="report files (.txt, .md, .html), incident tables (.csv, .jsonl; "
                        "with --text-column), or one incidents.geojson")
    p.add_argument("-o", "--out", required=True, metavar="DIR", type=Path,
                   help="folder to write the outputs into (created if missing)")
    p.add_argument("--report-date", type=parse_report_date, metavar="YYYY-MM-DD",
                   help="date the reports were published; anchors relative dates")
    p.add_argument("--format", dest="formats", action="append", metavar="FORMAT",
                   choices=["geojson", "html", "gpkg", "csv"],
                   help="output format, repeatable: geojson, html, gpkg, csv "
                        "(default: geojson and html)")
    p.add_argument("--text-column", metavar="COL",
                   help="for incident tables (.csv / .jsonl, gzip too) among the inputs: the "
                        "column with each row's free text (e.g. ACLED's notes); each row "
                        "becomes one incident")
    p.add_argument("--id-column", metavar="COL", help="for tables: the column identifying rows")
    p.add_argument("--title", default="Incident map", help="title of the HTML map")
    p.add_argument("--home", type=Path, metavar="DIR",
                   help="gazetteer store to use (default: $INCIDENT_MAPPER_HOME, else the "
                        "user data folder; the embedded gazetteer when nothing is built)")
    p.add_argument("--json-summary", action="store_true",
                   help="print the run summary as JSON instead of text")
    p.add_argument("--one-process", action="store_true",
                   help="read every report and table in this one process (by default a "
                        "report of 2 million characters or more, many reports that long "
                        "together, or a table of more than a few hundred rows, are read in "
                        "two processes at once where the system can fork them, with the same "
                        "result)")
    p.set_defaults(run=run)


def _progress_reporter(total: int, quiet: bool):
    if quiet or total < 2 or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="report", file=sys.stderr, leave=False)

    def tick(_: str) -> None:
        bar.update(1)

    return tick, bar


def print_summary(summary: Any, *, stream: IO[str] | None = None) -> None:
    """Print the run summary a person reads (to ``stream``, default: the current stdout)."""
    w = (stream or sys.stdout).write
    w(f"reports read:      {len(summary.reports)}\n")
    w(f"incidents found:   {summary.incidents} ({summary.events} events, "
      f"{summary.tallies} tallies)\n")
    w(f"located:           {summary.located}\n")
    w(f"not located:       {len(summary.unlocated)}\n")
    for item in summary.unlocated:
        place = f" place {item['place']!r}:" if item.get("place") else ""
        w(f"  - {item['id']}:{place} {item['reason']}\n")
    if summary.warnings:
        w(f"warnings:          {len(summary.warnings)}\n")
        for message in summary.warnings:
            w(f"  - {message}\n")
    for note in getattr(summary, "notes", ()):
        w(f"note: {note}\n")
    for fmt, path in summary.outputs.items():
        w(f"wrote {fmt + ':':9}{path}\n")
    w(f"time:              {summary.seconds:.2f} s\n")


def run(args: argparse.Namespace) -> int:
    """Run ``map``."""
    import json

    from mapper.pipeline import map_reports, prepare_out_dir, validate_formats
    from mapper.reports import check_report_path

    for item in args.inputs:  # every input is checked before any work is done
        check_report_path(item)
    validate_formats(args.formats or ("geojson", "html"))
    prepare_out_dir(args.out)
    from gazetteer import Gazetteer

    gaz = Gazetteer.load(args.home) if args.home else Gazetteer.load()
    tick, bar = _progress_reporter(len(args.inputs), getattr(args, "quiet", False))
    try:
        summary = map_reports(
            args.inputs, args.out, report_date=args.report_date, gazetteer=gaz,
            formats=args.formats or ("geojson", "html"), title=args.title, progress=tick,
            text_column=args.text_column, id_column=args.id_column,
            parallel=not args.one_process,
        )
    finally:
        if bar is not None:
            bar.close()
    if args.json_summary:
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    elif not getattr(args, "quiet", False):
        print_summary(summary)
    return 0
