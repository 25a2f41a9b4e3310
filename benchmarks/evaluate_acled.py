"""Measure event geolocation on ACLED-style rows: notes text → the place the product decides.

usage: python benchmarks/evaluate_acled.py PATH [--gazetteer embedded|full|both]
           [--sources DIR] [--limit N] [--json OUT] [--min-answered F] [--min-within-25 F]
           [--min-governorate F] ...

Each row's ``notes`` is read like a report (``mapper.tables.locate_text``); the decided
point is compared with ACLED's ``latitude``/``longitude`` and ``admin1``. Prints: answered,
accuracy within 10 / 25 / 161 km, governorate accuracy and median error, plus notes/s, for
the embedded default and/or the full gazetteer built from ``--sources`` (default
``../shared/data``). With ``--min-*`` floors it exits 1 when a figure falls below its floor
(CI runs it that way, so accuracy can only go up).

The evaluation data is ACLED's (internal evaluation only): it is read at run time and
never copied into the project.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gazetteer.geo import haversine_km

# the ACLED admin1 → P-code table and the source list are shared with the location-column
# evaluation beside this script
sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate_location_column import (  # noqa: E402
    ACLED_ADMIN1_PCODE,
    DEFAULT_SOURCES,
    source_paths,
)


def load_rows(path: Path, limit: int | None) -> list[dict[str, str]]:
    """Rows of the evaluation CSV (notes, latitude, longitude, admin1, location)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = []
        for row in csv.DictReader(fh):
            rows.append(row)
            if limit and len(rows) >= limit:
                break
    return rows


def evaluate(rows: list[dict[str, str]], gazetteer: Any) -> dict[str, Any]:
    """Locate each row's notes and score against ACLED's coordinates and admin1."""
    from mapper.tables import locate_text

    errors: list[float] = []
    answered = gov_ok = gov_total = 0
    started = time.perf_counter()
    for row in rows:
        values, _reason = locate_text(row.get("notes") or "", gazetteer)
        lat, lon = values.get("latitude"), values.get("longitude")
        want = ACLED_ADMIN1_PCODE.get((row.get("admin1") or "").strip())
        if lat is None or lon is None:
            if want:
                gov_total += 1
            continue
        answered += 1
        errors.append(haversine_km(float(row["latitude"]), float(row["longitude"]), lat, lon))
        if want:
            gov_total += 1
            admin = gazetteer.areas.admin_at(lon, lat)
            gov = admin.get("governorate") if admin else None
            got = gov.governorate_pcode or gov.attributes.get("pcode") if gov else None
            if gov is not None and got is None:
                got = gov.place_id.split(":")[-1][:4]
            gov_ok += int(got == want)
    seconds = time.perf_counter() - started
    n = len(rows)

    def share(limit_km: float) -> float:
        return sum(1 for e in errors if e <= limit_km) / n if n else 0.0

    return {
        "rows": n,
        "answered": answered / n if n else 0.0,
        "within_10km": share(10),
        "within_25km": share(25),
        "within_161km": share(161),
        "governorate": gov_ok / gov_total if gov_total else 0.0,
        "median_error_km": statistics.median(errors) if errors else None,
        "notes_per_s": n / seconds if seconds else 0.0,
        "seconds": seconds,
    }


def full_gazetteer(sources: Path, home: Path | None) -> Any:
    """A gazetteer built from the real sources (into ``home`` or a temporary folder)."""
    from gazetteer import Gazetteer
    from gazetteer.store import build_store

    target = home or Path(tempfile.mkdtemp(prefix="incident-mapper-eval-"))
    build_store(source_paths(sources), target)
    return Gazetteer.load(target)


def print_table(results: dict[str, dict[str, Any]]) -> None:
    """Print the figures side by side."""
    keys = ["rows", "answered", "within_10km", "within_25km", "within_161km", "governorate",
            "median_error_km", "notes_per_s"]
    names = list(results)
    print(f"{'figure':18}" + "".join(f"{n:>14}" for n in names))
    for k in keys:
        cells = []
        for n in names:
            v = results[n][k]
            if v is None:
                cells.append(f"{'-':>14}")
            elif k in ("rows",):
                cells.append(f"{v:>14d}")
            elif k in ("median_error_km", "notes_per_s"):
                cells.append(f"{v:>14.1f}")
            else:
                cells.append(f"{100 * v:>13.1f}%")
        print(f"{k:18}" + "".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="ACLED-style CSV with notes, latitude, "
                        "longitude, admin1")
    parser.add_argument("--gazetteer", choices=["embedded", "full", "both"], default="both")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="folder with the real gazetteer sources (for 'full')")
    parser.add_argument("--home", type=Path, help="build/load the full store here")
    parser.add_argument("--limit", type=int, help="only the first N rows")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    for name in ("answered", "within-10", "within-25", "within-161", "governorate"):
        parser.add_argument(f"--min-{name}", type=float, metavar="F",
                            help=f"fail when the full gazetteer's {name} share is below F")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"evaluate_acled: {args.path}: no such file", file=sys.stderr)
        return 2
    rows = load_rows(args.path, args.limit)
    results: dict[str, dict[str, Any]] = {}
    if args.gazetteer in ("embedded", "both"):
        from gazetteer import Gazetteer

        results["embedded"] = evaluate(rows, Gazetteer.default())
    if args.gazetteer in ("full", "both"):
        results["full"] = evaluate(rows, full_gazetteer(args.sources, args.home))
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    scored = results.get("full") or results.get("embedded") or {}
    floors = {"answered": args.min_answered, "within_10km": args.min_within_10,
              "within_25km": args.min_within_25, "within_161km": args.min_within_161,
              "governorate": args.min_governorate}
    failed = [f"{k} {scored[k]:.3f} < {v}" for k, v in floors.items()
              if v is not None and scored.get(k, 0.0) < v]
    if failed:
        print("below floor: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
