"""Run a command and print, as JSON, what it cost: exit code, wall and CPU seconds, the
peak RSS of its largest process (``peak_mb``) and the peak of the summed RSS of its whole
process tree (``tree_peak_mb``, sampled every 0.1 s from ``/proc``; Linux only, else
``null``). A command that forks helpers (a long report is read by two processes) is judged
by the tree's figure: summed RSS counts pages the processes share once per process, so it
is an upper bound. ``tree_pss_mb`` is the peak of the tree's summed proportional set size
(``/proc/PID/smaps_rollup``: a shared page counted once, split between its sharers): what
the tree really takes.

usage: python benchmarks/measure_child.py COMMAND [ARG ...]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

_PROC = Path("/proc")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from ``/proc/PID/task/*/children``)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in (_PROC / str(p) / "task").glob("*/children"):
            try:
                todo.extend(int(c) for c in task.read_text().split())
            except OSError:
                pass
    return out


def _proc_kb(pid: int, name: str, field: str) -> int:
    """The kB figure ``field`` ("VmRSS:", "Pss:") of ``/proc/PID/name``; 0 when gone."""
    try:
        for line in (_PROC / str(pid) / name).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(cmd: list[str]) -> int:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            tree = _tree(proc.pid)
            peak[0] = max(peak[0], sum(_proc_kb(p, "status", "VmRSS:") for p in tree))
            peak[1] = max(peak[1], sum(_proc_kb(p, "smaps_rollup", "Pss:") for p in tree))

    sampler = threading.Thread(target=sample, daemon=True)
    if _PROC.is_dir():
        sampler.start()
    rc = proc.wait()
    done.set()
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": rc, "wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
                      "peak_mb": usage.ru_maxrss / 1024,
                      "tree_peak_mb": peak[0] / 1024 if _PROC.is_dir() else None,
                      "tree_pss_mb": peak[1] / 1024 if _PROC.is_dir() else None}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
