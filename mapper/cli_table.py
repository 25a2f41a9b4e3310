"""``incident-mapper table``: locate every row of an incident table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mapper.cli import subcommand_parser

HELP = """\
Locate the incidents of a table: each row's free-text column (e.g. ACLED's `notes`) is
read like a report, or a column that already holds a place name is geocoded (--place-column;
with both, the place column is the fallback). IN is CSV or JSON Lines (gzip allowed); OUT's
format follows its ending: .csv, .jsonl, .geojson, .gpkg.

Every input column is kept; the output adds latitude, longitude (the representative
point; empty when none), location, place_id, geo_precision, where_prec, uncertainty_km,
governorate, district, desert_zone, confidence, date, event_type and fatalities. Where an
input column already has one of those names (ACLED exports carry latitude and longitude),
the input's is kept as input_<name> and the run says so.

Rows stream through (memory does not grow with the table); the summary says how many rows
were located and why the others were not. A table longer than a few hundred rows is read
by two processes where the machine has two cores or more (--jobs); the output is the same
as with --jobs 1.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``table`` sub-command."""
    p = subcommand_parser(subparsers, "table", help="locate the rows of a CSV / JSON Lines table",
                          description=HELP)
    p.add_argument("input", metavar="IN", type=Path, help="CSV or JSON Lines table (.gz too)")
    p.add_argument("-o", "--out", required=True, metavar="OUT", type=Path,
                   help="output file: .csv, .jsonl, .geojson or .gpkg")
    p.add_argument("--text-column", metavar="COL", help="column with free text to read")
    p.add_argument("--place-column", metavar="COL", help="column with a place name to geocode")
    p.add_argument("--id-column", metavar="COL", help="column identifying each row")
    p.add_argument("--admin-columns", metavar="GOV[,DISTRICT[,SUBDISTRICT]]",
                   help="with --place-column: the columns holding each row's governorate, "
                        "district and sub-district (names or OCHA P-codes; ACLED: "
                        "admin1,admin2,admin3); names are resolved inside them first")
    p.add_argument("--home", type=Path, metavar="DIR", help="gazetteer store to use")
    p.add_argument("--engine", choices=["serial", "dask"], default="serial",
                   help="serial (default): on this machine, in --jobs processes; dask: "
                        "partitions on a Dask cluster")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="read the rows in N processes of this machine, forked from this one "
                        "(0: one per core; default 2 where there are two cores or more, "
                        "as `map` does; 1: this process only); the output is the same")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: an existing scheduler (default: a local cluster)")
    p.add_argument("--chunk-rows", type=int, default=2000, metavar="N",
                   help="with --engine dask: rows per partition (default 2000)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``table``."""
    from gazetteer import Gazetteer
    from mapper.cli import keep_until_exit
    from mapper.tables import locate_table, print_table_summary

    gaz = None
    if args.engine == "serial":
        gaz = keep_until_exit(Gazetteer.load(args.home) if args.home else Gazetteer.load())
    bar = None
    tick = None
    if sys.stderr.isatty() and not getattr(args, "quiet", False):
        from tqdm import tqdm

        bar = tqdm(unit="row", file=sys.stderr, leave=False)

        def tick(done: int) -> None:
            bar.update(done - bar.n)

    try:
        summary = locate_table(args.input, args.out, text_column=args.text_column,
                               place_column=args.place_column, id_column=args.id_column,
                               gazetteer=gaz, progress=tick, engine=args.engine,
                               home=args.home, scheduler=args.scheduler,
                               chunk_rows=args.chunk_rows, jobs=_jobs(args.jobs),
                               admin_columns=[c.strip() for c in (args.admin_columns or "")
                                              .split(",") if c.strip()])
    finally:
        if bar is not None:
            bar.close()
    if not getattr(args, "quiet", False):
        print_table_summary(summary)
    return 0


def _jobs(asked: int | None) -> int:
    """``--jobs``: as asked, else two processes where there are two cores or more."""
    if asked is not None:
        return asked
    from mapper.tables_local import default_jobs

    return min(2, default_jobs())
