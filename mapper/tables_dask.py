"""Run the table location on a Dask cluster (``incident-mapper table --engine dask``).

Rows are cut into partitions of ``chunk_rows``; each partition is located on a worker,
which loads the gazetteer once (per store folder) and keeps it. Results come back in input
order and at most a few partitions are in flight, so memory stays bounded however long the
table is. The output is identical to the serial run.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mapper.errors import InputError
from mapper.tables import BLOCK_ROWS, chunks, locate_rows

log = logging.getLogger(__name__)

_GAZETTEERS: dict[str, Any] = {}


def _worker_gazetteer(home: str | None) -> Any:
    """The gazetteer of a worker process, loaded once per store folder."""
    key = home or ""
    if key not in _GAZETTEERS:
        from gazetteer import Gazetteer

        _GAZETTEERS[key] = Gazetteer.load(Path(home)) if home else Gazetteer.load()
    return _GAZETTEERS[key]


def locate_chunk(rows: list[dict[str, Any]], text_column: str | None,
                 place_column: str | None, renamed: dict[str, str],
                 home: str | None, admin_columns: tuple[str, ...] = ()
                 ) -> list[tuple[dict[str, Any], str | None]]:
    """Locate a partition of rows on a worker."""
    gazetteer = _worker_gazetteer(home)
    return [result for block in chunks(rows, BLOCK_ROWS)
            for result in locate_rows(block, text_column=text_column,
                                      place_column=place_column, renamed=renamed,
                                      gazetteer=gazetteer, admin_columns=admin_columns)]


def locate_chunks_dask(rows: Iterable[dict[str, Any]], *, text_column: str | None,
                       place_column: str | None, renamed: dict[str, str],
                       home: str | Path | None = None, scheduler: str | None = None,
                       chunk_rows: int = 2000, n_workers: int | None = None,
                       admin_columns: tuple[str, ...] = (),
                       ) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Yield located rows in input order, computed on a Dask cluster.

    Parameters
    ----------
    scheduler
        Address of an existing scheduler (``tcp://host:8786``); default: a local cluster
        with one single-threaded worker process per core.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise InputError("--engine dask needs Dask: pip install 'incident-mapper[dask]'"
                         ) from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    home_s = str(home) if home else None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        in_flight: deque[Any] = deque()
        for chunk in chunks(rows, chunk_rows):
            in_flight.append(client.submit(locate_chunk, chunk, text_column, place_column,
                                           renamed, home_s, admin_columns, pure=False))
            while len(in_flight) > 2 * workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
