"""Benchmark of ``incident-mapper map`` on one very large report (default 40 MB).

Writes a report into a temporary folder: the project's ``examples/`` reports (HTML reduced
to text) and generated report-like paragraphs (dated attacks on towns, roads and desert
zones of the embedded gazetteer, with figures), repeated until the size is reached. Then
runs ``incident-mapper map REPORT -o OUT --format geojson --format csv`` in a subprocess
(start-up included), by default (the report read in two processes at once) and with
``--one-process``, and prints for each wall and CPU time, peak RSS of the largest process
and of the whole process tree, incidents written and MB/s, and whether both wrote the
same bytes.

Targets (issue "Tables at speed and scale"): a 40 MB report in ≤ 2 min and ≤ 1.5 GB.

Run: ``python benchmarks/bench_large_report.py [--mb 40] [--files N] [--home DIR] [--keep]
[--default-only]``.
"""

from __future__ import annotations

import argparse
import filecmp
import html
import json
import os
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_table import ROOT, measure  # noqa: E402

_TOWNS = ["Al-Sukhnah", "Palmyra", "Kabajeb", "Al-Shawla", "Arak", "Al-Mayadin", "Hajin",
          "Al-Bukamal", "Ithriya", "Khanasir", "Al-Busayrah", "Maadan", "Al-Tabqa",
          "Deir Hafer", "Salamiyah", "Tadmur", "Al-Qaryatayn", "Mheen", "Jubb al-Jarrah"]
_ZONES = ["the Homs desert", "the Syrian desert", "the Deir Ezzor desert", "the Badia",
          "the Aleppo-Hama-Al-Raqqah triangle", "the Raqqa desert"]
_ROADS = ["the Homs-Deir Ezzor highway", "the Palmyra-Deir Ezzor road", "the M20 highway",
          "the road between Ithriya and Khanasir", "the highway from Al-Shula to Al-Sukhnah"]
_GOVS = ["western Deir Ezzor", "eastern Homs", "the eastern countryside of Hama",
         "southern Al-Raqqah", "the southern countryside of Aleppo"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_TEMPLATES = [
    "On {month} {day}, ISIS cells ambushed a convoy near {town}, killing {n} soldiers and "
    "wounding {m} others.",
    "Regime forces clashed with ISIS on {road} on {month} {day}, leaving {n} fighters dead.",
    "A landmine exploded under a military vehicle in {zone} on {month} {day}, killing {n} "
    "members of the National Defence Forces.",
    "Russian warplanes carried out {n} airstrikes on ISIS hideouts in {gov} on {month} {day}.",
    "On {month} {day}, gunmen attacked a checkpoint in the town of {town}; {n} soldiers were "
    "killed.",
    "Local sources reported heavy shelling around {town} and {town2} in {gov} on {month} "
    "{day}.",
]


def generated_paragraphs(rng: random.Random, n: int) -> list[str]:
    """``n`` report-like paragraphs of two to four incident sentences each."""
    out = []
    for _ in range(n):
        sents = []
        for _ in range(rng.randint(2, 4)):
            sents.append(rng.choice(_TEMPLATES).format(
                month=rng.choice(_MONTHS), day=rng.randint(1, 28), town=rng.choice(_TOWNS),
                town2=rng.choice(_TOWNS), road=rng.choice(_ROADS), zone=rng.choice(_ZONES),
                gov=rng.choice(_GOVS), n=rng.randint(2, 40), m=rng.randint(1, 15)))
        out.append(" ".join(sents))
    return out


def example_texts() -> list[str]:
    """The project's example reports as plain text (HTML tags dropped)."""
    texts = []
    for path in sorted((ROOT / "examples").glob("*")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
        texts.append(text)
    return texts


def split_into_files(report: Path, files: int) -> list[Path]:
    """The report cut at blank lines into ``files`` files of about the same size beside it
    (each opens with the report's date line, as daily reports do); the report is removed."""
    text = report.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    date_line, _, body = body.partition("\n\n")
    paths, start = [], 0
    for k in range(files):
        end = len(body) if k == files - 1 else body.find("\n\n", (k + 1) * len(body) // files)
        end = len(body) if end < 0 else end
        path = report.with_name(f"{report.stem}_{k:03d}.txt")
        path.write_text(f"{head}\n\n{date_line}\n\n{body[start:end].strip()}\n",
                        encoding="utf-8")
        paths.append(path)
        start = end
    report.unlink()
    return paths


def write_report(path: Path, mb: float, seed: int = 7) -> int:
    """Write a report of about ``mb`` MB to ``path``; returns its size in bytes."""
    rng = random.Random(seed)
    target = int(mb * 1024 * 1024)
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Conflict monitor | 2021 compilation\n\nPublished 31 December 2021\n\n")
        examples = example_texts()
        block_no = 0
        while size < target:
            block_no += 1
            parts = [f"Section {block_no}\n"]
            parts += [rng.choice(examples)]
            parts += generated_paragraphs(rng, 40)
            block = "\n\n".join(parts) + "\n\n"
            fh.write(block)
            size += len(block.encode("utf-8"))
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=40.0, help="report size in MB (default 40)")
    ap.add_argument("--home", type=Path,
                    help="gazetteer store (default: $INCIDENT_MAPPER_HOME, else embedded)")
    ap.add_argument("--keep", action="store_true", help="keep the report and outputs")
    ap.add_argument("--files", type=int, default=1, metavar="N",
                    help="write the report as N files of about the same size (a folder of "
                         "daily reports) instead of one")
    ap.add_argument("--default-only", action="store_true",
                    help="run only the default (two-process) command, not --one-process too")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-large-report-"))
    try:
        report = work / "large_report.txt"
        size = write_report(report, args.mb)
        inputs = [report] if args.files <= 1 else split_into_files(report, args.files)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        if args.home:
            env["INCIDENT_MAPPER_HOME"] = str(args.home)
        runs = {"two processes (default)": [], "one process (--one-process)":
                ["--one-process"]}
        if args.default_only:
            runs.pop("one process (--one-process)")
        results, outputs = {}, {}
        for k, (label, extra) in enumerate(runs.items()):
            out = work / f"out{k}"
            cmd = [sys.executable, "-m", "mapper", "--quiet", "map", *map(str, inputs), "-o",
                   str(out), "--format", "geojson", "--format", "csv", *extra]
            results[label] = measure(cmd, env)
            outputs[label] = out
        print(f"report: {size / 2**20:.1f} MB in {len(inputs)} file(s) "
              f"({report.parent if args.keep else 'deleted after'}); "
              f"gazetteer home: {env.get('INCIDENT_MAPPER_HOME', '(embedded)')}")
        print(f"{'run':<30} {'exit':>4} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} "
              f"{'tree MB':>8} {'MB/s':>6} {'incidents':>10}")
        for label, r in results.items():
            geojson = outputs[label] / "incidents.geojson"
            incidents = len(json.loads(geojson.read_text(encoding="utf-8"))["features"]) \
                if geojson.exists() else 0
            tree = r.get("tree_peak_mb")
            print(f"{label:<30} {r['rc']:>4} {r['wall']:>8.1f} {r['user'] + r['sys']:>8.1f} "
                  f"{r['peak_mb']:>8.0f} {tree if tree is None else round(tree):>8} "
                  f"{size / 2**20 / r['wall']:>6.2f} {incidents:>10,}")
        if len(outputs) == 2:
            a, b = outputs.values()
            same = all(filecmp.cmp(a / n, b / n, shallow=False)
                       for n in ("incidents.geojson", "incidents.csv"))
            print(f"outputs identical: {'yes' if same else 'NO'}")
        print("peak MB: the largest process; tree MB: the summed RSS of all its processes")
        print("targets: <= 120 s, <= 1,536 MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
