"""``incident-mapper gazetteer``: build, inspect and search the local gazetteer store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mapper.cli import subcommand_parser

HELP = """\
The gazetteer the mapper resolves places with: the embedded default (governorates, desert
zones, corridors, curated places) plus whatever you import for full coverage.

  build   import sources into the store: Who's On First whosonfirst-data-admin-sy (zip or
          folder, or its flat TSV), OCHA COD-AB boundaries (folder or zip of admin1-3
          shapefiles), GeoNames country dumps (SY.txt / SY.zip, or --download SY), an
          OpenSyria data-geography folder. Formats are detected.
  info    what the store holds: sources, counts by type, build date
  search  ranked candidates for a name

The store lives in --home, else $INCIDENT_MAPPER_HOME, else the user data folder.
"""

EPILOG = """\
examples:
  incident-mapper gazetteer build --source whosonfirst-data-admin-sy.zip --source cod-ab/
  incident-mapper gazetteer build --source cod-ab.zip --download SY
  incident-mapper gazetteer info
  incident-mapper gazetteer search "Kaba Jeb" --limit 5
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``gazetteer`` sub-command and its own sub-commands."""
    p = subcommand_parser(subparsers, "gazetteer", help="build, inspect, search the gazetteer",
                          description=HELP, epilog=EPILOG)
    sub = p.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    b = subcommand_parser(sub, "build", help="import sources into the store",
                          description="Import gazetteer sources into the store (atomically: "
                          "a failed build leaves the previous store in use).")
    b.add_argument("--source", action="append", type=Path, default=[], metavar="PATH",
                   help="a source file or folder (repeatable)")
    b.add_argument("--download", action="append", default=[], metavar="CC",
                   help="download the GeoNames dump of country CC (e.g. SY) and import it")
    b.add_argument("--geonames-url", default="https://download.geonames.org/export/dump/",
                   metavar="URL", help="where --download fetches from")
    b.add_argument("--home", type=Path, metavar="DIR", help="store folder")
    b.set_defaults(run=run)
    i = subcommand_parser(sub, "info", help="what the store holds")
    i.add_argument("--home", type=Path, metavar="DIR", help="store folder")
    i.add_argument("--json", action="store_true", help="print the manifest as JSON")
    i.set_defaults(run=run)
    s = subcommand_parser(sub, "search", help="ranked candidates for a name")
    s.add_argument("name", metavar="NAME", help="a place name as written")
    s.add_argument("--limit", type=int, default=10, metavar="N", help="most candidates (10)")
    s.add_argument("--home", type=Path, metavar="DIR", help="store folder")
    s.set_defaults(run=run)
    p.set_defaults(run=run, _gazetteer_parser=p)


class _Bars:
    """tqdm progress bars per build stage (only on a terminal, never with --quiet)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(total=total, desc=stage, unit="rec", leave=False,
                                          file=sys.stderr)
        if total is not None and bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


def _build(args: argparse.Namespace) -> int:
    from gazetteer.importers import detect_source
    from gazetteer.importers.geonames import download_geonames
    from gazetteer.store import build_store, default_home
    from mapper.errors import InputError

    home = args.home or default_home()
    sources = list(args.source)
    if not sources and not args.download:
        raise InputError("gazetteer build: give at least one --source PATH or --download CC")
    quiet = getattr(args, "quiet", False)
    for path in sources:  # fail before any download or import
        kind = detect_source(path)
        if not quiet:
            print(f"{path}: {kind}")
    bars = _Bars(enabled=sys.stderr.isatty() and not quiet)
    try:
        for code in args.download:
            def step(done: int, total: int | None, _code: str = code) -> None:
                bars(f"download {_code}", done, total)

            target = download_geonames(code, home / "downloads", base_url=args.geonames_url,
                                       progress=step)
            if not quiet:
                print(f"downloaded {target}")
            sources.append(target)
        report = build_store(sources, home, progress=bars)
    finally:
        bars.close()
    if quiet:
        return 0
    for src in report.sources:
        log = src["log"]
        kept = sum(log["kept"].values())
        skipped = sum(log["skipped"].values())
        print(f"{src['format']:9} {src['path']}: read {log['read']}, imported {kept}, "
              f"skipped {skipped}")
        for reason, n in log["skipped"].items():
            examples = log["skipped_examples"].get(reason) or []
            more = f" (e.g. {'; '.join(examples[:3])})" if examples else ""
            print(f"          skipped {n:6d}  {reason}{more}")
    print(f"store {report.path}: {report.total} places ({report.merged} duplicates merged) "
          f"in {report.seconds:.1f} s")
    print("by type: " + ", ".join(f"{k} {v}" for k, v in report.counts_by_type.items()))
    return 0


def _info(args: argparse.Namespace) -> int:
    import json

    from gazetteer.store import default_home, read_manifest, store_exists

    home = args.home or default_home()
    if not store_exists(home):
        from gazetteer.embedded import load_embedded

        n = len(load_embedded())
        print(f"no gazetteer store under {home}: the embedded default is used ({n} places).")
        print("build one with: incident-mapper gazetteer build --source PATH ...")
        return 0
    manifest = read_manifest(home)
    if args.json:
        print(json.dumps(manifest, ensure_ascii=False, indent=2))
        return 0
    print(f"store:   {home}")
    print(f"built:   {manifest.get('built_at')} in {manifest.get('build_seconds')} s "
          f"(format {manifest.get('format_version')}, incident-mapper "
          f"{manifest.get('package_version')})")
    print(f"places:  {manifest.get('total')} ({manifest.get('embedded_places')} embedded, "
          f"{manifest.get('merged_duplicates')} duplicates merged)")
    print("by type: " + ", ".join(f"{k} {v}" for k, v in manifest["counts_by_type"].items()))
    print("by source: " + ", ".join(f"{k} {v}" for k, v in
                                    manifest["counts_by_source"].items()))
    print("sources:")
    for src in manifest.get("sources", []):
        log = src["log"]
        print(f"  {src['format']:9} {src['path']}")
        print(f"            sha256 {src['sha256'][:16]}…  read {log['read']}, imported "
              f"{sum(log['kept'].values())}, skipped {sum(log['skipped'].values())}")
    return 0


def _search(args: argparse.Namespace) -> int:
    from gazetteer import Gazetteer

    gaz = Gazetteer.load(args.home) if args.home else Gazetteer.load()
    cands = gaz.candidates(args.name, limit=args.limit)
    if not cands:
        print(f"no place matches {args.name!r}")
        return 1
    for rank, c in enumerate(cands, 1):
        p = c.place
        gov = f" {p.governorate_pcode}" if p.governorate_pcode else ""
        print(f"{rank:2d}. {c.score:.3f} {c.match:10} {p.name} ({p.feature_type}{gov}) "
              f"{p.lat:.5f}, {p.lon:.5f}  {p.place_id}  [matched {c.matched_name!r}]")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``gazetteer build|info|search``."""
    action = getattr(args, "gazetteer_command", None)
    if action == "build":
        return _build(args)
    if action == "info":
        return _info(args)
    if action == "search":
        return _search(args)
    args._gazetteer_parser.print_help()
    return 2
