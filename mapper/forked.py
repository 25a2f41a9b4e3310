"""Items made in a forked child process and read back here, in order.

:class:`ForkedItems` runs a producer in a child forked from this process (it sees every
object this process holds: the gazetteer, the reports read) while this process does other
work; the child writes what it makes, pickled, to an anonymous temporary file. Whatever
happens to the child, :meth:`ForkedItems.results` either gives everything it made or
``None``, so the caller can make the items itself: the outcome never depends on the child.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["ForkedItems", "end_with_parent"]

#: Items the child writes per pickle.
_CHUNK = 2048


class ForkedItems:
    """Run ``produce`` in a forked child; read its items back with :meth:`results`.

    Parameters
    ----------
    produce
        Called once, in the child; the items it yields must be picklable.
    final
        Called in the child once ``produce`` is done; what it returns (picklable) is
        :attr:`final` here after :meth:`results` (e.g. what the child learnt meanwhile).

    Raises
    ------
    OSError
        The process cannot be forked (too many processes, no memory).

    Notes
    -----
    Only where the platform forks safely (:func:`can_fork`). The
    child dies with this process (Linux), and :meth:`stop` ends it early; use the object
    as a context manager so that a failure here never leaves the child running.
    """

    def __init__(self, produce: Callable[[], Iterable[Any]], *,
                 final: Callable[[], Any] | None = None) -> None:
        self._items = tempfile.TemporaryFile()
        self._final = tempfile.TemporaryFile() if final is not None else None
        #: What ``final`` returned in the child (set by :meth:`results`).
        self.final: Any = None
        parent = os.getpid()
        try:
            self._pid: int | None = os.fork()
        except OSError:  # no process to spare: the caller makes the items itself
            self._close()
            raise
        if self._pid == 0:  # the child: never returns
            end_with_parent(parent)
            self._run(produce, final)

    def __enter__(self) -> ForkedItems:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._close()

    def _close(self) -> None:
        self._items.close()
        if self._final is not None:
            self._final.close()

    def _run(self, produce: Callable[[], Iterable[Any]],
             final: Callable[[], Any] | None) -> None:
        code = 1
        try:
            gc.freeze()  # the parent's objects: never scanned here, their pages stay shared
            batch: list[Any] = []
            for item in produce():
                batch.append(item)
                if len(batch) >= _CHUNK:
                    pickle.dump(batch, self._items, protocol=pickle.HIGHEST_PROTOCOL)
                    batch = []
            if batch:
                pickle.dump(batch, self._items, protocol=pickle.HIGHEST_PROTOCOL)
            self._items.flush()
            if final is not None and self._final is not None:
                pickle.dump(final(), self._final, protocol=pickle.HIGHEST_PROTOCOL)
                self._final.flush()
            code = 0
        except BaseException:  # noqa: BLE001 - any failure: the parent makes the items
            log.debug("the forked child failed", exc_info=True)
        finally:
            os._exit(code)

    def results(self) -> Iterator[Any] | None:
        """Wait for the child: an iterator over its items in order, or ``None`` when it
        did not finish (it failed, was killed, or :meth:`stop` was called)."""
        if self._pid is None:
            return None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            log.debug("the forked child failed (status %d)", status)
            return None
        if self._final is not None:
            try:
                self._final.seek(0)
                self.final = pickle.load(self._final)
            except (OSError, EOFError, pickle.UnpicklingError):
                return None
        return self._read()

    def _read(self) -> Iterator[Any]:
        self._items.seek(0)
        while True:
            try:
                batch = pickle.load(self._items)
            except EOFError:
                return
            yield from batch

    def stop(self) -> None:
        """End the child (if it is still running) and collect it."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def can_fork() -> bool:
    """Whether this platform forks processes safely (Linux and the BSDs)."""
    return hasattr(os, "fork") and sys.platform.startswith(("linux", "freebsd", "openbsd"))


def end_with_parent(parent: int) -> None:
    """In a child: be killed when the parent dies (Linux), so that a run stopped from
    outside (``kill``) leaves no process working on; exit at once if it already has."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the child finishes its work alone
        pass
    if os.getppid() != parent:
        os._exit(1)
