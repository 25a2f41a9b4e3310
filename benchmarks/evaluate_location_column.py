"""Measure place-name resolution on a table's ``location`` column (ACLED-style CSV).

usage: python benchmarks/evaluate_location_column.py PATH [--sources DIR] [--home DIR]
           [--limit N] [--no-context] [--show-misses N] [--min-within-10 F]

Builds the full gazetteer from ``--sources`` (default ``../shared/data``: the Who's On First
zip, the OCHA COD-AB folder and the OpenSyria data-geography folder) into ``--home`` (default:
a temporary folder), then for every row resolves the ``location`` name with
:func:`gazetteer.lookup.resolve_place_name` (context: the row's ``admin1`` governorate) and
compares the point with the row's ``latitude``/``longitude``. Prints the share of rows within
10 / 25 km, the share answered, and the naive baseline: the raw name looked up exactly (same
string) among the imported names.

The evaluation data is ACLED's (internal evaluation only): read at run time, never copied.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from gazetteer.geo import haversine_km

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO.parent / "shared" / "data"

#: ACLED admin1 spellings → OCHA P-codes.
ACLED_ADMIN1_PCODE: dict[str, str] = {
    "Damascus": "SY01", "Aleppo": "SY02", "Rural Damascus": "SY03", "Homs": "SY04",
    "Hama": "SY05", "Lattakia": "SY06", "Latakia": "SY06", "Idleb": "SY07", "Idlib": "SY07",
    "Al Hasakeh": "SY08", "Al-Hasakeh": "SY08", "Hasakeh": "SY08", "Deir ez Zor": "SY09",
    "Deir-ez-Zor": "SY09", "Tartous": "SY10", "Tartus": "SY10", "Ar Raqqa": "SY11",
    "Ar-Raqqa": "SY11", "Raqqa": "SY11", "Dara": "SY12", "Dar'a": "SY12", "Daraa": "SY12",
    "As Sweida": "SY13", "As-Sweida": "SY13", "Quneitra": "SY14",
}


def source_paths(sources: Path) -> list[Path]:
    """The real source files/folders found under ``sources``."""
    wanted = [sources / "whosonfirst_admin_sy" / "whosonfirst-data-admin-sy.zip",
              sources / "ocha_cod_ab_syr_2016", sources / "opensyria_data_geography"]
    return [p for p in wanted if p.exists()]


def naive_lookup(places: list[Any]) -> dict[str, Any]:
    """Raw name → the most populous imported place with exactly that name."""
    table: dict[str, Any] = {}
    for p in places:
        if p.source == "embedded":
            continue
        for n in p.names:
            q = table.get(n)
            if q is None or (p.population or 0) > (q.population or 0):
                table[n] = p
    return table


def score(rows: list[dict[str, str]], locate: Any) -> dict[str, Any]:
    """Within-10/25 km shares for ``locate(row) -> (lat, lon) | None``."""
    errors: list[float] = []
    misses: Counter = Counter()
    started = time.perf_counter()
    for row in rows:
        got = locate(row)
        if got is None:
            misses[row["location"]] += 1
            continue
        err = haversine_km(float(row["latitude"]), float(row["longitude"]), got[0], got[1])
        errors.append(err)
        if err > 10:
            misses[row["location"]] += 1
    n = len(rows) or 1
    return {
        "rows": len(rows),
        "answered": len(errors) / n,
        "within_10km": sum(e <= 10 for e in errors) / n,
        "within_25km": sum(e <= 25 for e in errors) / n,
        "median_error_km": statistics.median(errors) if errors else None,
        "rows_per_s": len(rows) / max(time.perf_counter() - started, 1e-9),
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="CSV with location, latitude, longitude, admin1")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--home", type=Path, help="build the store here (default: a temp dir)")
    parser.add_argument("--no-build", action="store_true",
                        help="use the store already built under --home")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--no-context", action="store_true",
                        help="do not use the admin columns as context")
    parser.add_argument("--admin1-only", action="store_true",
                        help="use only the admin1 column (governorate), not admin2/admin3")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N",
                        help="print the N most frequent names not within 10 km")
    parser.add_argument("--min-within-10", type=float, metavar="F",
                        help="exit 1 when the share within 10 km is below F")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"evaluate_location_column: {args.path}: no such file", file=sys.stderr)
        return 2
    from gazetteer import Gazetteer
    from gazetteer.lookup import resolve_place_name
    from gazetteer.store import build_store

    home = args.home or Path(tempfile.mkdtemp(prefix="incident-mapper-eval-"))
    if not args.no_build:
        paths = source_paths(args.sources)
        if not paths:
            print(f"evaluate_location_column: no sources under {args.sources}", file=sys.stderr)
            return 2
        report = build_store(paths, home)
        print(f"store: {report.total} places from {len(paths)} sources in "
              f"{report.seconds:.1f} s ({home})")
    gaz = Gazetteer.load(home)
    with args.path.open(encoding="utf-8", newline="") as fh:
        rows = list(itertools.islice(csv.DictReader(fh), args.limit))

    naive = naive_lookup(list(gaz))

    def locate_naive(row: dict[str, str]) -> tuple[float, float] | None:
        p = naive.get(row["location"])
        return (p.lat, p.lon) if p is not None else None

    def locate(row: dict[str, str]) -> tuple[float, float] | None:
        if args.no_context:
            res = resolve_place_name(gaz, row["location"])
        elif args.admin1_only:
            res = resolve_place_name(gaz, row["location"],
                                     governorate_pcode=ACLED_ADMIN1_PCODE.get(row["admin1"]))
        else:
            res = resolve_place_name(gaz, row["location"],
                                     governorate_pcode=ACLED_ADMIN1_PCODE.get(row["admin1"]),
                                     district=row.get("admin2"), subdistrict=row.get("admin3"))
        return (res.place.lat, res.place.lon) if res.place is not None else None

    results = {"naive exact": score(rows, locate_naive), "product": score(rows, locate)}
    print(f"{'figure':16}" + "".join(f"{k:>14}" for k in results))
    for key in ("rows", "answered", "within_10km", "within_25km", "median_error_km",
                "rows_per_s"):
        cells = []
        for r in results.values():
            v = r[key]
            if v is None:
                cells.append(f"{'-':>14}")
            elif key == "rows":
                cells.append(f"{v:>14d}")
            elif key in ("median_error_km", "rows_per_s"):
                cells.append(f"{v:>14.1f}")
            else:
                cells.append(f"{100 * v:>13.1f}%")
        print(f"{key:16}" + "".join(cells))
    if args.show_misses:
        print("\nmost frequent names not within 10 km (rows):")
        for name, count in results["product"]["misses"].most_common(args.show_misses):
            print(f"  {count:5d}  {name}")
    if args.min_within_10 is not None and results["product"]["within_10km"] < args.min_within_10:
        print(f"below floor: within_10km {results['product']['within_10km']:.3f} < "
              f"{args.min_within_10}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
