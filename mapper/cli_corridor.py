"""``incident-mapper corridor``: incidents by kilometre along a highway."""

from __future__ import annotations

import argparse
from pathlib import Path

from mapper.cli import subcommand_parser
from mapper.cli_map import parse_report_date

HELP = """\
Plot the incidents along one highway corridor: the road on a small map above and, below
it, each incident at its kilometre along the road (points at their nearest road point, road
segments as bars), marker size by fatalities, colour by date, the towns on the road marked
on the kilometre axis. Zone-level records are not placed on the road.

NAME is a corridor of the gazetteer: its id (corridor:homs-deir-ez-zor), name or alias
("Homs-Deir Ezzor highway", "M20"). INPUT is report files or an incidents.geojson.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``corridor`` sub-command."""
    p = subcommand_parser(subparsers, "corridor", help="plot incidents by km along a highway",
                          description=HELP)
    p.add_argument("name", metavar="NAME", help="corridor id, name or alias (e.g. M20)")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="report files or an incidents.geojson")
    p.add_argument("-o", "--out", required=True, type=Path, metavar="FILE",
                   help="figure to write: .png or .svg")
    p.add_argument("--max-distance", type=float, default=25.0, metavar="KM",
                   help="leave off incidents farther than this from the road (default 25)")
    p.add_argument("--report-date", type=parse_report_date, metavar="YYYY-MM-DD",
                   help="date the reports were published (anchors relative dates)")
    p.add_argument("--home", type=Path, metavar="DIR", help="gazetteer store to use")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``corridor``."""
    from gazetteer import Gazetteer
    from mapper.corridor_plot import find_corridor, plot_corridor
    from mapper.errors import InputError
    from mapper.pipeline import collect_features

    if args.out.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"{args.out}: the plot is written as .png or .svg")
    gaz = Gazetteer.load(args.home) if args.home else Gazetteer.load()
    corridor = find_corridor(gaz, args.name)
    features = collect_features(args.inputs, report_date=args.report_date, gazetteer=gaz)
    path, n = plot_corridor(corridor, features, args.out, gazetteer=gaz,
                            max_distance_km=args.max_distance)
    if not getattr(args, "quiet", False):
        print(f"{n} of {len(features)} incidents placed along {corridor.place.name} "
              f"({corridor.length_km:.0f} km)")
        print(f"wrote {path}")
    return 0
