"""Benchmark: build the full gazetteer store from ../shared/data, then load it.

usage: python benchmarks/bench_gazetteer_build.py [--sources DIR] [--home DIR] [--repeat N]

Targets: build ≤ 60 s, load ≤ 0.5 s (the median of ``--repeat`` loads in this process;
the first, cold load is printed too). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = REPO.parent / "shared" / "data"
BUILD_TARGET_S = 60.0
LOAD_TARGET_S = 0.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    paths = [p for p in (args.sources / "whosonfirst_admin_sy" / "whosonfirst-data-admin-sy.zip",
                         args.sources / "ocha_cod_ab_syr_2016",
                         args.sources / "opensyria_data_geography") if p.exists()]
    if not paths:
        print(f"bench_gazetteer_build: no sources under {args.sources}", file=sys.stderr)
        return 2
    from gazetteer import Gazetteer
    from gazetteer.store import build_store, load_store

    home = args.home or Path(tempfile.mkdtemp(prefix="incident-mapper-bench-"))
    started = time.perf_counter()
    report = build_store(paths, home)
    build_s = time.perf_counter() - started
    loads = []
    for _ in range(max(1, args.repeat)):
        t = time.perf_counter()
        load_store(home)
        loads.append(time.perf_counter() - t)
    t = time.perf_counter()
    Gazetteer.load(home)
    gaz_s = time.perf_counter() - t
    load_s = statistics.median(loads)
    print(f"sources:        {', '.join(p.name for p in paths)}")
    print(f"places:         {report.total} ({report.merged} duplicates merged, "
          f"{report.skipped} source records skipped)")
    print(f"build:          {build_s:6.2f} s   (target ≤ {BUILD_TARGET_S:.0f} s)")
    print(f"load_store:     {load_s:6.3f} s   median of {len(loads)} (first {loads[0]:.3f} s; "
          f"target ≤ {LOAD_TARGET_S} s)")
    print(f"Gazetteer.load: {gaz_s:6.3f} s")
    ok = build_s <= BUILD_TARGET_S and load_s <= LOAD_TARGET_S
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
