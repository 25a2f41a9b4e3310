"""Benchmark of ``incident-mapper table``: the whole command, start-up included.

Runs, on an incident table with a free-text ``notes`` column (default: the ACLED
evaluation file, read at run time from ``../shared/eval/``, never copied):

- ``incident-mapper table IN -o OUT --text-column notes`` in a subprocess with the full
  gazetteer (Who's On First + OCHA + OpenSyria, built by this code into a temporary home
  unless ``--home`` names a built store; a store built by older code lacks the parts a
  build now works out ahead, and reads slower): notes/s, wall and CPU seconds, peak RSS;
- the same with ``--jobs 2`` (two forked processes of this machine; ``--jobs``), and
  whether its output equals the serial one;
- the same with ``--engine dask`` (a local cluster: one single-threaded worker process
  per core), and whether its output equals the serial one;
- a naive baseline in this process, on a subset (``--naive-rows``, scaled): for each note,
  every capitalised word n-gram (1–3 words) against every gazetteer name with rapidfuzz
  ``process.extractOne`` (ratio ≥ 88), the best match taken as the place.

Prints one table. Run:
``python benchmarks/bench_table.py [TABLE] [--home DIR] [--rows N] [--naive-rows N]
[--no-dask] [--jobs N]``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_TABLE = SHARED / "eval" / "acled_syria_dev_2017-2018.csv"
SOURCES = (
    SHARED / "data" / "whosonfirst_admin_sy" / "whosonfirst-data-admin-sy.zip",
    SHARED / "data" / "ocha_cod_ab_syr_2016",
    SHARED / "data" / "opensyria_data_geography",
)
_NGRAM_RE = re.compile(r"(?:[A-Z][\w'’-]*)(?:\s+(?:al-|el-|as-|ad-)?[A-Z][\w'’-]*){0,2}")


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd`` in a child of a fresh measuring process (``measure_child.py``): wall,
    CPU, peak RSS of its largest process and of its whole process tree, exit code.

    A fresh measuring process per command keeps ``ru_maxrss`` of one run from leaking into
    the next (it is the maximum over all waited-for descendants).
    """
    probe = Path(__file__).resolve().with_name("measure_child.py")
    out = subprocess.run([sys.executable, str(probe), *cmd], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_home(home: Path | None, work: Path) -> Path:
    """A gazetteer home with the full store: ``home`` if given, else built now in ``work``
    (about 7 s), so that the store is this code's."""
    if home is not None:
        return home
    missing = [str(s) for s in SOURCES if not s.exists()]
    if missing:
        sys.exit(f"gazetteer sources missing: {', '.join(missing)}; give --home")
    built = work / "home"
    cmd = [sys.executable, "-m", "mapper", "gazetteer", "build"]
    for s in SOURCES:
        cmd += ["--source", str(s)]
    print(f"building the full gazetteer into {built} ...", file=sys.stderr)
    subprocess.run(cmd, check=True, env={**os.environ, "INCIDENT_MAPPER_HOME": str(built)},
                   stdout=subprocess.DEVNULL)
    return built


def head_rows(src: Path, dst: Path, rows: int) -> int:
    """Copy the header and the first ``rows`` rows of ``src`` to ``dst``; rows written."""
    with src.open(newline="", encoding="utf-8-sig") as fi, \
            dst.open("w", newline="", encoding="utf-8") as fo:
        reader, writer = csv.reader(fi), csv.writer(fo)
        writer.writerow(next(reader))
        n = 0
        for row in reader:
            if n >= rows:
                break
            writer.writerow(row)
            n += 1
    return n


def count_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def naive(table: Path, home: Path, rows: int) -> dict[str, Any]:
    """The naive baseline on the first ``rows`` notes: fuzzy n-grams against every name."""
    from rapidfuzz import fuzz, process

    sys.path.insert(0, str(ROOT))
    from gazetteer import Gazetteer

    t0 = time.perf_counter()
    gaz = Gazetteer.load(home)
    names = list(gaz.index.names)
    load_s = time.perf_counter() - t0
    with table.open(newline="", encoding="utf-8-sig") as fh:
        notes = [r.get("notes") or "" for r in itertools.islice(csv.DictReader(fh), rows)]
    t0 = time.perf_counter()
    found = 0
    for note in notes:
        best = None
        for m in _NGRAM_RE.finditer(note):
            hit = process.extractOne(m.group(0), names, scorer=fuzz.ratio, score_cutoff=88)
            if hit is not None and (best is None or hit[1] > best[1]):
                best = hit
        found += best is not None
    per_note = (time.perf_counter() - t0) / max(1, len(notes))
    return {"notes": len(notes), "per_note_s": per_note, "load_s": load_s,
            "answered": found / max(1, len(notes))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("table", nargs="?", type=Path, default=DEFAULT_TABLE)
    ap.add_argument("--home", type=Path, help="a built gazetteer store (default: build one)")
    ap.add_argument("--rows", type=int, help="only the first N rows")
    ap.add_argument("--naive-rows", type=int, default=300, help="notes for the naive baseline")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    ap.add_argument("--jobs", type=int, default=2, help="processes of the --jobs run")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-table-"))
    try:
        home = ensure_home(args.home, work)
        env = {**os.environ, "INCIDENT_MAPPER_HOME": str(home),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                          os.environ.get("PYTHONPATH")]))}
        table = args.table
        if args.rows:
            table = work / "input.csv"
            n = head_rows(args.table, table, args.rows)
        else:
            n = count_rows(table)
        results: list[tuple[str, dict[str, Any]]] = []
        base = [sys.executable, "-m", "mapper", "table", str(table), "--text-column", "notes",
                "--home", str(home)]
        serial_out = work / "serial.csv"
        results.append(("serial, --jobs 1 (1 core)",
                        measure([*base, "-o", str(serial_out), "--jobs", "1"], env)))
        jobs_out = work / "jobs.csv"
        results.append((f"--jobs {args.jobs} (forked processes)",
                        measure([*base, "-o", str(jobs_out), "--jobs", str(args.jobs)], env)))
        same_jobs = jobs_out.exists() and jobs_out.read_bytes() == serial_out.read_bytes()
        same = None
        if not args.no_dask:
            dask_out = work / "dask.csv"
            results.append(("dask, local cluster (1 worker/core)",
                            measure([*base, "-o", str(dask_out), "--engine", "dask"], env)))
            same = dask_out.exists() and dask_out.read_bytes() == serial_out.read_bytes()
        nv = naive(args.table, home, min(args.naive_rows, n))

        print(f"\ntable: {args.table} ({n} rows), gazetteer home: {home}, "
              f"cores: {os.cpu_count()}")
        head = (f"{'run':<40} {'notes/s':>9} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} "
                f"{'tree MB':>8} {'tree PSS':>8}")
        print(head)
        print("-" * len(head))
        for label, r in results:
            if r["rc"] != 0:
                print(f"{label:<40} failed with exit code {r['rc']}")
                continue
            print(f"{label:<40} {n / r['wall']:>9,.0f} {r['wall']:>8.2f} "
                  f"{r['user'] + r['sys']:>8.2f} {r['peak_mb']:>8.0f} "
                  f"{r['tree_peak_mb'] or 0:>8.0f} {r.get('tree_pss_mb') or 0:>8.0f}")
        naive_wall = nv["load_s"] + nv["per_note_s"] * n
        print(f"{'naive fuzzy n-grams (scaled from ' + str(nv['notes']) + ')':<40} "
              f"{1 / nv['per_note_s']:>9,.0f} {naive_wall:>8.1f} {'':>8} {'':>8}")
        print(f"\nnaive baseline answered {nv['answered']:.0%} of its notes "
              "(any fuzzy name match; no ranking, no precision).")
        print("(peak MB: the largest process; tree MB: summed RSS of the process tree, "
              "shared pages counted in each process; tree PSS: shared pages counted once)")
        print(f"--jobs {args.jobs} output identical to serial: {same_jobs}")
        if same is not None:
            print(f"dask output identical to serial: {same}")
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this process, naive baseline included: peak {peak_self:.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
