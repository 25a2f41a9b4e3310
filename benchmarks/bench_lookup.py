"""Benchmark of name look-ups: the gazetteer's name index against the naive alternative.

Measures, on the embedded gazetteer or a built store (``--home``):

- look-ups per second of names that resolve without fuzzy matching (exact, normalized and
  phonetic spellings; caches cleared first, every query distinct), by ``NameIndex.lookup``
  and by ``Gazetteer.resolve`` (ranking included);
- fuzzy look-ups per second (misspelt names) and how often the right place comes first;
- the naive alternative in the same run: rapidfuzz ``process.extractOne`` of each query
  against every name (speed and accuracy on the same queries);
- ``find_mentions`` throughput on generated report-like text, in MB/s;
- index build, save and load times.

Run: ``python benchmarks/bench_lookup.py [--home DIR] [--queries N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gazetteer import Gazetteer  # noqa: E402
from gazetteer.index import NameIndex  # noqa: E402
from gazetteer.normalize import (  # noqa: E402
    _phonetic_word,
    is_arabic,
    normalize_name,
    normalize_token,
    phonetic_key,
    skeleton_key,
)

# Transliteration swaps a reporter might make (applied to Latin names).
_SWAPS = [("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("q", "k"), ("kh", "h"),
          ("ay", "ei"), ("ei", "ay"), ("al-", "el-"), ("al-", "al "), ("a", "ah")]
_FILLER = ("Clashes erupted on {d} between regime forces and ISIS cells near {a}, "
           "west of {b}, leaving {n} fighters dead. Shelling was also reported in {c} "
           "countryside and on the road to {e}; local sources said the army sent "
           "reinforcements. ")


def _clear_caches() -> None:
    for fn in (normalize_name, normalize_token, phonetic_key, skeleton_key, _phonetic_word):
        fn.cache_clear()


def _variant(name: str, rng: random.Random) -> str:
    lower = name
    for a, b in rng.sample(_SWAPS, len(_SWAPS)):
        if a in lower.lower():
            i = lower.lower().index(a)
            return lower[:i] + b + lower[i + len(a):]
    return name.upper()


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 6:
        return name + rng.choice("aeiou")
    i = rng.randrange(1, len(name) - 1)
    op = rng.choice(("drop", "swap", "insert"))
    if op == "drop":
        return name[:i] + name[i + 1:]
    if op == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + rng.choice("aeiourn") + name[i:]


def _same(got: Any, want: Any) -> bool:
    """The right place: the same record, or a record of it from another source (< 5 km)."""
    from gazetteer.geo import haversine_km

    return got is not None and (got is want or (
        got.is_area == want.is_area
        and haversine_km(got.lat, got.lon, want.lat, want.lon) < 5.0))


def _rate(func: Callable[[str], Any], queries: list[str]) -> tuple[float, list[Any]]:
    t0 = time.perf_counter()
    out = [func(q) for q in queries]
    return len(queries) / (time.perf_counter() - t0), out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="a built gazetteer store (default: embedded)")
    parser.add_argument("--queries", type=int, default=20000, help="queries per test")
    parser.add_argument("--fuzzy-queries", type=int, default=1000)
    parser.add_argument("--text-mb", type=float, default=2.0, help="text for find_mentions")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    gaz = Gazetteer.load(args.home) if args.home else Gazetteer.default()
    t_load_gaz = time.perf_counter() - t0
    places = gaz.places
    names = [(n, i) for i, p in enumerate(places) for n in p.names]
    latin = [(n, i) for n, i in names if not is_arabic(n)]
    print(f"gazetteer: {len(places)} places, {len(names)} names "
          f"({'store ' + str(args.home) if args.home else 'embedded'})")

    rows: list[tuple[str, str, str]] = []

    # -- index build / save / load ------------------------------------------------------
    _clear_caches()
    t0 = time.perf_counter()
    index = NameIndex(places)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    _ = index.automaton
    t_auto = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "names.index"
        t0 = time.perf_counter()
        index.save(path)
        t_save = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        t0 = time.perf_counter()
        NameIndex.load(path)
        t_load = time.perf_counter() - t0
    rows += [("index build (keys)", f"{t_build:.3f} s", f"{len(names)} names"),
             ("index build (automaton)", f"{t_auto:.3f} s", ""),
             ("index save", f"{t_save:.3f} s", f"{size_mb:.1f} MB"),
             ("index load", f"{t_load:.3f} s", ""),
             ("Gazetteer load (total)", f"{t_load_gaz:.3f} s", "")]

    # -- non-fuzzy look-ups -----------------------------------------------------------
    pool = [rng.choice(names) for _ in range(args.queries)]
    queries = [(n if rng.random() < 0.4 else _variant(n, rng), i) for n, i in pool]
    qs = [q for q, _ in queries]
    _clear_caches()
    rate_lookup, hits = _rate(lambda q: index.lookup(q, skeleton=False), qs)
    found = sum(1 for h in hits if h) / len(qs)
    rate_lookup_warm, _ = _rate(lambda q: index.lookup(q, skeleton=False), qs)
    direct = [q for q, h in zip(qs, hits, strict=True) if h]
    _clear_caches()
    rate_resolve_direct, _ = _rate(gaz.resolve, direct)
    _clear_caches()
    rate_resolve, res = _rate(gaz.resolve, qs)
    first = sum(1 for r, (_, i) in zip(res, queries, strict=True)
                if _same(r.place, places[i])) / len(qs)
    right = sum(1 for r, (_, i) in zip(res, queries, strict=True)
                if any(_same(c.place, places[i]) for c in r.candidates)) / len(qs)
    rows += [("lookup (no fuzzy), cold caches", f"{rate_lookup:,.0f} /s",
              f"{found:.1%} found"),
             ("lookup (no fuzzy), warm caches", f"{rate_lookup_warm:,.0f} /s", ""),
             ("resolve, names found without fuzzy", f"{rate_resolve_direct:,.0f} /s",
              "ranking included, cold caches"),
             ("resolve, all spellings (+ fuzzy)", f"{rate_resolve:,.0f} /s",
              f"right place first {first:.1%}, in top 5 {right:.1%}")]

    # -- fuzzy look-ups vs naive ----------------------------------------------------------
    from rapidfuzz import fuzz, process, utils

    fpool = [rng.choice(latin) for _ in range(args.fuzzy_queries)]
    fqueries = [(_typo(n, rng), i) for n, i in fpool]
    fqs = [q for q, _ in fqueries]
    _clear_caches()
    rate_fuzzy, fres = _rate(lambda q: gaz.resolve(q), fqs)
    f_right = sum(1 for r, (_, i) in zip(fres, fqueries, strict=True)
                  if _same(r.place, places[i])) / len(fqs)
    all_names = [n for n, _ in names]
    choices = [utils.default_process(n) for n in all_names]
    rate_naive, nres = _rate(
        lambda q: process.extractOne(utils.default_process(q), choices, scorer=fuzz.WRatio,
                                     processor=None, score_cutoff=80), fqs)
    n_right = sum(1 for r, (_, i) in zip(nres, fqueries, strict=True)
                  if r is not None and _same(places[names[r[2]][1]], places[i])) / len(fqs)
    rate_naive_clean, _ = _rate(
        lambda q: process.extractOne(utils.default_process(q), choices, scorer=fuzz.WRatio,
                                     processor=None, score_cutoff=80), qs[:len(fqs)])
    rows += [("resolve misspelt names (fuzzy)", f"{rate_fuzzy:,.0f} /s",
              f"{f_right:.1%} right place first"),
             ("naive extractOne, misspelt names", f"{rate_naive:,.0f} /s",
              f"{n_right:.1%} right place first"),
             ("naive extractOne, clean names", f"{rate_naive_clean:,.0f} /s", "")]

    # -- find_mentions ----------------------------------------------------------------------
    latin_names = [n for n, _ in latin if len(n) > 3] or ["Homs"]
    parts: list[str] = []
    size = 0
    while size < args.text_mb * 1e6:
        s = _FILLER.format(d="Monday", n=rng.randint(2, 40),
                           **{k: rng.choice(latin_names) for k in "abce"})
        parts.append(s)
        size += len(s.encode("utf-8"))
    text = "".join(parts)
    n_names = len(re.findall(r"\{", _FILLER)) - 2
    gaz.find_mentions(text[:1000])  # automaton built/loaded
    t0 = time.perf_counter()
    mentions = gaz.find_mentions(text)
    dt = time.perf_counter() - t0
    rows.append(("find_mentions", f"{size / 1e6 / dt:.2f} MB/s",
                 f"{len(mentions):,} mentions in {size / 1e6:.1f} MB "
                 f"({len(parts) * n_names:,} names planted)"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'value':>14}  note")
    for label, value, note in rows:
        print(f"{label.ljust(width)}  {value:>14}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
