"""``incident-mapper geocode``: place names → coordinates from the local gazetteer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from mapper.cli import subcommand_parser

HELP = """\
Look place names up in the local gazetteer (offline) and print where they are. Names may be
written in any common spelling, Latin or Arabic ("Deir Ezzor", "Dayr az Zawr", "دير الزور",
"Kaba Jeb", "Sokhneh"); "Homs" is the city, "Homs province" the governorate. A QUERY of "-"
reads one name per line from standard input.

With --json, one JSON object per line, in query order: query, name, latitude, longitude
(null when not found), feature_type, governorate, place_id, confidence, match (exact,
normalized, phonetic, skeleton, fuzzy) and candidates (the top --limit: name, place_id,
latitude, longitude, score). Names that are not found are reported, and the exit code is
still 0.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``geocode`` sub-command."""
    p = subcommand_parser(subparsers, "geocode", help="look place names up in the gazetteer",
                          description=HELP)
    p.add_argument("queries", nargs="+", metavar="QUERY",
                   help="place name(s); '-' reads names from standard input")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--limit", type=int, default=5, metavar="N",
                   help="candidates to list per name (default 5)")
    p.add_argument("--home", type=Path, metavar="DIR",
                   help="gazetteer store to use (default: the built store if there is one, "
                        "else the embedded gazetteer)")
    p.set_defaults(run=run)


def _queries(args: argparse.Namespace, stdin: TextIO) -> list[str]:
    out: list[str] = []
    for q in args.queries:
        if q == "-":
            out.extend(line.strip() for line in stdin if line.strip())
        else:
            out.append(q)
    return out


def geocode_record(gaz: Any, query: str, *, limit: int = 5) -> dict[str, Any]:
    """The output record of one query (the ``--json`` object).

    Parameters
    ----------
    gaz
        A :class:`gazetteer.Gazetteer`.
    query
        The name as given.
    limit
        Candidates to include.

    Returns
    -------
    dict
        ``query``, ``name``, ``latitude``, ``longitude``, ``feature_type``, ``governorate``,
        ``place_id``, ``confidence``, ``match``, ``candidates``.
    """
    resolution = gaz.resolve(query)
    cands = list(resolution.candidates)
    if resolution.best is not None and limit > len(cands):
        more = gaz.candidates(query, limit=limit)
        best_id = resolution.best.place.place_id
        cands = [resolution.best, *(c for c in more if c.place.place_id != best_id)]
    place = resolution.place
    governorate = None
    if place is not None:
        if place.feature_type == "governorate":
            governorate = place.name
        elif place.governorate_pcode:
            gov = gaz.by_pcode(place.governorate_pcode)
            governorate = gov.name if gov is not None else place.governorate_pcode
    return {
        "query": query,
        "name": place.name if place else None,
        "latitude": round(place.lat, 6) if place else None,
        "longitude": round(place.lon, 6) if place else None,
        "feature_type": place.feature_type if place else None,
        "governorate": governorate,
        "place_id": place.place_id if place else None,
        "confidence": round(resolution.confidence, 3),
        "match": resolution.best.match if resolution.best else None,
        "candidates": [
            {"name": c.place.name, "place_id": c.place.place_id,
             "latitude": round(c.place.lat, 6), "longitude": round(c.place.lon, 6),
             "score": round(c.score, 3)}
            for c in cands[:limit]
        ],
    }


def _print_table(records: list[dict[str, Any]], out: TextIO) -> None:
    headers = ("query", "name", "type", "governorate", "lat", "lon", "conf", "match")
    rows = []
    for r in records:
        if r["place_id"] is None:
            rows.append((r["query"], "(not found)", "", "", "", "", "", ""))
        else:
            rows.append((r["query"], r["name"], r["feature_type"], r["governorate"] or "",
                         f"{r['latitude']:.4f}", f"{r['longitude']:.4f}",
                         f"{r['confidence']:.2f}", r["match"]))
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    for row in (headers, *rows):
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(),
              file=out)


def run(args: argparse.Namespace, *, stdin: TextIO | None = None,
        stdout: TextIO | None = None) -> int:
    """Run ``geocode``: 0 even when some names are not found; usage errors raise."""
    from gazetteer import Gazetteer
    from mapper.errors import InputError

    stdin = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    if args.limit < 1:
        raise InputError(f"--limit must be at least 1, not {args.limit}")
    queries = _queries(args, stdin)
    if not queries:
        raise InputError("no place names given")
    gaz = Gazetteer.load(args.home) if args.home else Gazetteer.load()
    records = [geocode_record(gaz, q, limit=args.limit) for q in queries]
    if args.json:
        for r in records:
            print(json.dumps(r, ensure_ascii=False), file=out)
    else:
        _print_table(records, out)
    missing = [r["query"] for r in records if r["place_id"] is None]
    if missing and not getattr(args, "quiet", False):
        print(f"{len(queries) - len(missing)} of {len(queries)} found; not found: "
              + ", ".join(repr(m) for m in missing), file=sys.stderr)
    return 0
