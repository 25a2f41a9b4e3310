"""``table --jobs N``: rows read by forked worker processes give the one-process output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import mapper.tables_local as tables_local
from mapper.tables import locate_table
from tests.test_tables import ROWS, write_csv_table

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not tables_local.can_fork(), reason="needs fork()")

_READ_CHUNK = tables_local._locate_chunk


@pytest.fixture(scope="module")
def gaz():
    from gazetteer import Gazetteer

    return Gazetteer.default()


def _rows(n: int) -> list[dict[str, str]]:
    return [{**r, "event_id": f"{r['event_id']}-{i}"} for i in range(n) for r in ROWS]


def _located(gaz, rows: list[dict[str, str]], **kw) -> list:
    return list(tables_local.locate_rows_forked(
        rows, text_column="notes", place_column=None, renamed={}, gazetteer=gaz, **kw))


def _serial(gaz, rows: list[dict[str, str]]) -> list:
    return _located(gaz, rows, jobs=1)


_PARENT = os.getpid()


def _die_in_worker(rows, **kw):
    """Stands in for the chunk reader: a worker process dies (this one reads)."""
    if os.getpid() != _PARENT:
        os._exit(3)
    return _READ_CHUNK(rows, **kw)


def _tag_with_pid(rows, **kw):
    """The chunk reader, each output row tagged with the process that read it."""
    return [({**out, "pid": os.getpid()}, reason) for out, reason in _READ_CHUNK(rows, **kw)]


def test_workers_give_the_one_process_rows_in_order(gaz, monkeypatch) -> None:
    rows = _rows(6)
    expected = _serial(gaz, rows)
    monkeypatch.setattr(tables_local, "_locate_chunk", _tag_with_pid)
    got = _located(gaz, rows, jobs=2, chunk_rows=5)
    pids = {out.pop("pid") for out, _ in got}
    assert pids and os.getpid() not in pids  # read by the workers, not here
    assert got == expected
    assert tables_local.shared_object() is None  # nothing left behind


def test_a_dying_worker_changes_nothing(gaz, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(4)
    expected = _serial(gaz, rows)
    monkeypatch.setattr(tables_local, "_locate_chunk", _die_in_worker)
    assert _located(gaz, rows, jobs=2, chunk_rows=3) == expected


def test_no_worker_for_one_chunk_or_one_job(gaz, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*a, **k):
        raise AssertionError("no worker process should start")

    monkeypatch.setattr(tables_local, "ProcessPoolExecutor", refuse)
    rows = _rows(2)
    assert _located(gaz, rows, jobs=2, chunk_rows=50) == _serial(gaz, rows)
    assert _located(gaz, rows, jobs=1, chunk_rows=3) == _serial(gaz, rows)


def test_table_jobs_writes_the_same_file(tmp_path: Path, gaz,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_local, "CHUNK_ROWS", 4)
    src = write_csv_table(tmp_path / "in.csv", _rows(5))
    one = locate_table(src, tmp_path / "one.csv", text_column="notes", gazetteer=gaz)
    two = locate_table(src, tmp_path / "two.csv", text_column="notes", gazetteer=gaz, jobs=2)
    assert (tmp_path / "two.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()
    assert (two.rows, two.located, two.not_located) == (one.rows, one.located,
                                                         one.not_located)


def test_cli_refuses_negative_jobs(tmp_path: Path) -> None:
    src = write_csv_table(tmp_path / "in.csv", ROWS)
    result = subprocess.run(
        [sys.executable, "-m", "mapper", "table", str(src), "-o", str(tmp_path / "o.csv"),
         "--text-column", "notes", "--jobs", "-1"],
        capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2
    assert "--jobs" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o.csv").exists()


def test_malformed_line_late_in_a_forked_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A bad line after the workers started: one-line error with its line, exit 2, no
    output, no worker left."""
    monkeypatch.setattr(tables_local, "CHUNK_ROWS", 4)
    lines = ["id,notes"] + [f'{i},"Clashes near Palmyra on day {i}."' for i in range(30)]
    lines.insert(25, "99,bad\x00byte")
    src = tmp_path / "late.csv"
    src.write_bytes(("\n".join(lines) + "\n").encode())
    from mapper.cli import main

    code = main(["table", str(src), "--text-column", "notes", "-o", str(tmp_path / "o.csv"),
                 "--jobs", "2"])
    assert code == 2
    err = capsys.readouterr().err
    assert "line 26" in err and "NUL" in err and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()
    import multiprocessing

    assert not multiprocessing.active_children()


def test_map_of_a_table_reads_it_in_two_processes_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mapper.pipeline import map_reports

    monkeypatch.setattr(tables_local, "CHUNK_ROWS", 3)
    monkeypatch.setattr(tables_local, "default_jobs", lambda: 2)
    with_workers, forked = tables_local._with_workers, []

    def counted(*a, **k):
        forked.append(1)
        return with_workers(*a, **k)

    monkeypatch.setattr(tables_local, "_with_workers", counted)
    src = write_csv_table(tmp_path / "in.csv", _rows(4))
    runs = {}
    for parallel in (False, True):
        out = tmp_path / f"out-{parallel}"
        summary = map_reports([src], out, formats=["geojson", "csv"], text_column="notes",
                              id_column="event_id", parallel=parallel)
        runs[parallel] = (summary.incidents, summary.located,
                          (out / "incidents.geojson").read_bytes(),
                          (out / "incidents.csv").read_bytes())
    assert forked == [1]  # the parallel run only
    assert runs[True] == runs[False]
    assert runs[True][0] == 16
