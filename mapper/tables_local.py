"""Locate a table's rows in several processes of this machine (``table --jobs N``).

The gazetteer is loaded once, in this process; the workers are forked from it and share
its memory. Rows go to the workers in chunks and come back in input order, with at most
a few chunks in flight, so memory stays bounded however long the table is. The output is
identical to the one-process run. Where processes cannot be forked (not Linux or a BSD,
or no process to spare), the rows are read here, in one process.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from mapper.forked import end_with_parent

log = logging.getLogger(__name__)

#: Rows sent to a worker at a time: small enough to keep both cores busy to the end of a
#: table, large enough that sending them costs little next to reading them.
CHUNK_ROWS = 250

#: The gazetteer the forked workers inherit (set in the parent just before forking).
_GAZETTEER: Any = None


def can_fork() -> bool:
    """Whether workers can be forked here (Linux and the BSDs)."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and \
        "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _locate_chunk(rows: list[dict[str, Any]], text_column: str | None,
                  place_column: str | None, renamed: dict[str, str]
                  ) -> list[tuple[dict[str, Any], str | None]]:
    from mapper.tables import locate_row

    return [locate_row(r, text_column=text_column, place_column=place_column,
                       renamed=renamed, gazetteer=_GAZETTEER) for r in rows]


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def locate_rows_forked(rows: Iterable[dict[str, Any]], *, text_column: str | None,
                       place_column: str | None, renamed: dict[str, str], gazetteer: Any,
                       jobs: int, chunk_rows: int | None = None,
                       ) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Yield ``(output row, reason)`` for every row, in input order, located by ``jobs``
    forked worker processes (see :func:`mapper.tables.locate_row`), ``chunk_rows`` rows
    at a time (default :data:`CHUNK_ROWS`).

    A table that fits in one chunk, ``jobs`` of 1, or a machine that cannot fork: the
    rows are located here. Errors in a worker are raised here.
    """
    chunk_rows = chunk_rows or CHUNK_ROWS
    it = iter(rows)
    first = list(itertools.islice(it, chunk_rows))

    def here(chunk: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str | None]]:
        from mapper.tables import locate_row

        for r in chunk:
            yield locate_row(r, text_column=text_column, place_column=place_column,
                             renamed=renamed, gazetteer=gazetteer)

    if jobs <= 1 or len(first) < chunk_rows or not can_fork():
        yield from here(itertools.chain(first, it))
        return
    global _GAZETTEER
    _GAZETTEER = gazetteer
    gc.collect()
    gc.freeze()  # the inherited objects stay shared: no collector writes to their pages
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=end_with_parent, initargs=(os.getpid(),))
    try:
        in_flight: deque[tuple[list[dict[str, Any]], Future[Any] | None]] = deque()
        broken = False
        for chunk in _chunks(itertools.chain(first, it), chunk_rows):
            in_flight.append((chunk, None if broken else _submit(pool, chunk, text_column,
                                                                 place_column, renamed)))
            broken = broken or in_flight[-1][1] is None
            while len(in_flight) > 2 * jobs:
                got, broken = _result(*in_flight.popleft(), here, broken)
                yield from got
        while in_flight:
            got, broken = _result(*in_flight.popleft(), here, broken)
            yield from got
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
        _GAZETTEER = None


def _submit(pool: ProcessPoolExecutor, chunk: list[dict[str, Any]], *args: Any
            ) -> Future[Any] | None:
    """Send ``chunk`` to a worker; ``None`` when the workers cannot take it."""
    try:
        return pool.submit(_locate_chunk, chunk, *args)
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("worker processes unavailable (%s); reading in this process", exc)
        return None


def _result(chunk: list[dict[str, Any]], future: Future[Any] | None,
            here: Callable[[Iterable[dict[str, Any]]], Iterator[Any]], broken: bool
            ) -> tuple[Iterable[Any], bool]:
    """A chunk's located rows: the worker's, else (no worker took it, or it died) read
    here. Also whether the workers are gone."""
    if future is not None:
        try:
            return future.result(), broken
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
            log.warning("a worker process died (%s); reading in this process", exc)
            broken = True
    return list(here(chunk)), broken
