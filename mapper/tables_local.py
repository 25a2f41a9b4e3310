"""Read a table's rows in several processes of this machine (``table --jobs N``, and the
tables ``map`` reads).

The gazetteer is loaded once, in this process; the workers are forked from it and share
its memory. Rows go to the workers in chunks and come back in input order, with at most
a few chunks in flight, so memory stays bounded however long the table is. The output is
identical to the one-process run. Where processes cannot be forked (not Linux or a BSD,
or no process to spare), the rows are read here, in one process; a chunk whose worker
died is read here too.
"""

from __future__ import annotations

import functools
import gc
import itertools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from mapper.forked import can_fork, end_with_parent
from mapper.tables import chunks, locate_rows

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Rows sent to a worker at a time: small enough to keep both cores busy to the end of a
#: table, large enough that sending them costs little next to reading them.
CHUNK_ROWS = 250

#: What the work reads besides its chunk (the gazetteer): set while :func:`forked_map`
#: runs, and inherited by the workers it forks.
_SHARED: Any = None


def default_jobs() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def shared_object() -> Any:
    """The object :func:`forked_map` was given as ``shared`` (in the workers too)."""
    return _SHARED


def forked_map(items: Iterable[T], work: Callable[[list[T]], list[R]], *, shared: Any,
               jobs: int, chunk_size: int | None = None) -> Iterator[R]:
    """``work`` over ``items`` a chunk at a time, results in input order, by ``jobs``
    forked workers while this process reads ``items`` and hands results on.

    Parameters
    ----------
    items
        Read here, lazily (a table's rows).
    work
        Chunk → its results, one per item. Sent to the workers by reference: a function
        of a module, or a :func:`functools.partial` of one. It reads ``shared`` with
        :func:`shared_object`.
    shared
        What ``work`` needs besides the chunk (the gazetteer): the workers inherit it.
    jobs
        Workers; ``1`` (or input of one chunk, or no ``fork``) reads everything here.
    chunk_size
        Items per chunk (default :data:`CHUNK_ROWS`).

    Errors raised by ``work`` are raised here; a chunk whose worker died is read here.
    """
    global _SHARED
    size = chunk_size or CHUNK_ROWS
    it = iter(items)
    first = list(itertools.islice(it, size))
    previous, _SHARED = _SHARED, shared
    try:
        if jobs <= 1 or len(first) < size or not can_fork():
            for chunk in chunks(itertools.chain(first, it), size):
                yield from work(chunk)
            return
        yield from _with_workers(itertools.chain(first, it), work, jobs, size)
    finally:
        _SHARED = previous


def _with_workers(items: Iterable[T], work: Callable[[list[T]], list[R]], jobs: int,
                  size: int) -> Iterator[R]:
    gc.collect()
    gc.freeze()  # the inherited objects stay shared: no collector writes to their pages
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=end_with_parent, initargs=(os.getpid(),))
    try:
        in_flight: deque[tuple[list[T], Future[list[R]] | None]] = deque()
        broken = False
        for chunk in chunks(items, size):
            future = None if broken else _submit(pool, work, chunk)
            broken = future is None
            in_flight.append((chunk, future))
            while len(in_flight) > 2 * jobs:
                got, broken = _result(*in_flight.popleft(), work, broken)
                yield from got
        while in_flight:
            got, broken = _result(*in_flight.popleft(), work, broken)
            yield from got
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _submit(pool: ProcessPoolExecutor, work: Callable[[list[T]], list[R]], chunk: list[T]
            ) -> Future[list[R]] | None:
    """Send ``chunk`` to a worker; ``None`` when the workers cannot take it."""
    try:
        return pool.submit(work, chunk)
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("worker processes unavailable (%s); reading in this process", exc)
        return None


def _result(chunk: list[T], future: Future[list[R]] | None,
            work: Callable[[list[T]], list[R]], broken: bool) -> tuple[list[R], bool]:
    """A chunk's results: the worker's, else (no worker took it, or it died) worked out
    here. Also whether the workers are gone."""
    if future is not None:
        try:
            return future.result(), broken
        except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
            log.warning("a worker process died (%s); reading in this process", exc)
            broken = True
    return work(chunk), broken


def _locate_chunk(rows: list[dict[str, Any]], *, text_column: str | None,
                  place_column: str | None, renamed: dict[str, str],
                  admin_columns: tuple[str, ...] = ()
                  ) -> list[tuple[dict[str, Any], str | None]]:
    return locate_rows(rows, text_column=text_column, place_column=place_column,
                       renamed=renamed, gazetteer=shared_object(),
                       admin_columns=admin_columns)


def locate_rows_forked(rows: Iterable[dict[str, Any]], *, text_column: str | None,
                       place_column: str | None, renamed: dict[str, str], gazetteer: Any,
                       jobs: int, chunk_rows: int | None = None,
                       admin_columns: tuple[str, ...] = (),
                       ) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Yield ``(output row, reason)`` for every row (:func:`mapper.tables.locate_row`), in
    input order, located by ``jobs`` forked workers (:func:`forked_map`)."""
    work = functools.partial(_locate_chunk, text_column=text_column,
                             place_column=place_column, renamed=renamed,
                             admin_columns=admin_columns)
    return forked_map(rows, work, shared=gazetteer, jobs=jobs, chunk_size=chunk_rows)
