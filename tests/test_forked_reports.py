"""Many reports read in two processes at once (:func:`mapper.pipeline.iter_reports_items`)
give what one process gives, whatever the child does; :class:`mapper.forked.ForkedItems`
on its own.

No timings here; each test compares with the one-process result.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

import mapper.extract_split as split
import mapper.pipeline as pipeline
from gazetteer import Gazetteer
from mapper.forked import ForkedItems
from mapper.pipeline import map_reports, split_reports

pytestmark = pytest.mark.skipif(not split.can_fork(), reason="needs os.fork")

_DAY = ("Daily report {n}\n\n"
        "On March {d}, ISIS cells ambushed a convoy near Al-Sukhnah, killing {k} soldiers.\n\n"
        "A landmine exploded in the Homs desert on March {d}, killing two shepherds.\n\n"
        "Regime forces clashed with ISIS on the Homs-Deir Ezzor highway, leaving {k} "
        "fighters dead.\n")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _reports(folder: Path, n: int = 6) -> list[Path]:
    paths = []
    for i in range(n):
        path = folder / f"day{i:02d}.txt"
        text = _DAY.format(n=i, d=i + 1, k=i + 2) if i != 2 else "Nothing to report.\n"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per :class:`ForkedItems` made during the test."""
    made: list[int] = []
    real = ForkedItems.__init__

    def spy(self: ForkedItems, produce) -> None:  # noqa: ANN001
        made.append(1)
        real(self, produce)

    monkeypatch.setattr(ForkedItems, "__init__", spy)
    return made


def _summary(s: pipeline.RunSummary) -> dict:
    d = s.as_dict()
    d.pop("seconds"), d.pop("outputs")
    return d


_FORMATS = ["geojson", "csv"]


def _one_process(tmp_path: Path, gaz: Gazetteer) -> tuple[list[Path], pipeline.RunSummary]:
    """The test's reports, mapped in one process into ``tmp_path / "one"``."""
    paths = _reports(tmp_path)
    return paths, map_reports(paths, tmp_path / "one", gazetteer=gaz, formats=_FORMATS,
                              parallel=False)


def _same_outputs(a: Path, b: Path) -> bool:
    return all((a / n).read_bytes() == (b / n).read_bytes()
               for n in ("incidents.geojson", "incidents.csv"))


def test_split_reports_balances_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split, "MIN_SPLIT_CHARS", 100)
    docs = [SimpleNamespace(text="x" * n) for n in (40, 40, 40, 40)]
    assert split_reports(docs) == 2
    assert split_reports([SimpleNamespace(text="x" * 90), SimpleNamespace(text="x" * 5),
                          SimpleNamespace(text="x" * 5)]) == 1
    assert split_reports(docs[:1]) is None  # one report: split by itself if long
    assert split_reports([SimpleNamespace(text="x" * 10)] * 3) is None  # short in all
    assert split_reports([SimpleNamespace(text="x" * 150),
                          SimpleNamespace(text="x" * 10)]) is None  # one long report


def test_many_reports_two_processes_write_the_same(
        tmp_path: Path, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    paths, one = _one_process(tmp_path, gaz)
    assert forked == []
    monkeypatch.setattr(split, "MIN_SPLIT_CHARS", 1000)
    two = map_reports(paths, tmp_path / "two", gazetteer=gaz, formats=_FORMATS)
    assert forked == [1]
    assert _same_outputs(tmp_path / "one", tmp_path / "two")
    assert _summary(one) == _summary(two)
    assert any("no incidents found" in n for n in two.notes)


def test_a_failing_child_changes_nothing(
        tmp_path: Path, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    paths, one = _one_process(tmp_path, gaz)
    monkeypatch.setattr(split, "MIN_SPLIT_CHARS", 1000)
    parent = os.getpid()
    real = pipeline.iter_report_items

    def failing(report, **kw):  # noqa: ANN001, ANN003, ANN202
        if os.getpid() != parent:
            raise RuntimeError("child failure")
        return real(report, **kw)

    monkeypatch.setattr(pipeline, "iter_report_items", failing)
    two = map_reports(paths, tmp_path / "two", gazetteer=gaz, formats=_FORMATS)
    assert forked == [1]
    assert _same_outputs(tmp_path / "one", tmp_path / "two")
    assert _summary(one) == _summary(two)


def test_forked_items_in_order_or_none() -> None:
    with ForkedItems(lambda: (i * i for i in range(5000))) as job:
        assert list(job.results() or []) == [i * i for i in range(5000)]

    def broken():  # noqa: ANN202
        yield 1
        raise ValueError("boom")

    with ForkedItems(broken) as job:
        assert job.results() is None


def test_forked_items_stop_ends_the_child() -> None:
    import time

    def slow():  # noqa: ANN202
        while True:
            time.sleep(0.05)
            yield 1

    job = ForkedItems(slow)
    pid = job._pid
    job.stop()
    assert job.results() is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # ended and collected


def test_no_process_to_spare_reads_here(
        tmp_path: Path, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    paths, one = _one_process(tmp_path, gaz)
    monkeypatch.setattr(split, "MIN_SPLIT_CHARS", 1000)

    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    two = map_reports(paths, tmp_path / "two", gazetteer=gaz, formats=_FORMATS)
    assert _same_outputs(tmp_path / "one", tmp_path / "two")
    assert _summary(one) == _summary(two)


def test_forked_items_final_value_comes_back() -> None:
    seen: list[int] = []

    def produce():  # noqa: ANN202
        for i in range(3):
            seen.append(i)  # the child's copy
            yield i

    with ForkedItems(produce, final=lambda: list(seen)) as job:
        assert list(job.results() or []) == [0, 1, 2]
        assert job.final == [0, 1, 2]
    assert seen == []  # this process's copy was never touched
