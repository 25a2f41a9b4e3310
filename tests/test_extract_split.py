"""A long report read in two parts at once (:mod:`mapper.extract_split`) gives what one
reader gives, whatever the child does; and the CSV rows made as incidents come are the
rows written from the stored GeoJSON.

No timings here; each test compares with the one-process result.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import gazetteer.index as index_mod
import mapper.extract_split as split
from gazetteer import Gazetteer
from mapper import export
from mapper.extract import Boundary
from mapper.pipeline import map_reports
from mapper.reports import read_report

pytestmark = pytest.mark.skipif(not split.can_fork(), reason="needs os.fork")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

_SENTENCES = [
    "On {month} {day}, ISIS cells ambushed a convoy near {town}, killing {n} soldiers.",
    "Regime forces clashed with ISIS on the Homs-Deir Ezzor highway on {month} {day}, "
    "leaving {n} fighters dead.",
    "A landmine exploded in the Homs desert on {month} {day}, killing {n} shepherds.",
    "Russian warplanes carried out {n} airstrikes on ISIS hideouts in eastern Homs on "
    "{month} {day}.",
    "These attacks left {n} people dead.",
    "On the same day, gunmen attacked a checkpoint in the town of {town}.",
]
_TOWNS = ["Al-Sukhnah", "Palmyra", "Kabajeb", "Al-Shawla", "Arak", "Hajin", "Ithriya"]
_MONTHS = ["January", "March", "May", "August", "October"]


def _examples() -> list[str]:
    texts = []
    for path in sorted(EXAMPLES.glob("*")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
        texts.append(text)
    return texts


def long_report(blocks: int = 24, seed: int = 3) -> str:
    """Sections of an example report and generated paragraphs (the examples repeat, so
    sections of one name recur)."""
    rng = random.Random(seed)
    examples = _examples()
    parts = ["Conflict monitor | 2021 compilation\n\nPublished 31 December 2021\n\n"]
    for n in range(1, blocks + 1):
        paras = [f"Section {n}\n", rng.choice(examples)]
        for _ in range(6):
            paras.append(" ".join(rng.choice(_SENTENCES).format(
                month=rng.choice(_MONTHS), day=rng.randint(1, 28), town=rng.choice(_TOWNS),
                n=rng.randint(2, 30)) for _ in range(3)))
        parts.append("\n\n".join(paras) + "\n\n")
    return "".join(parts)


def _convert(incident: Any) -> tuple:
    return (incident.source_span, incident.record_type, incident.date, incident.fatalities,
            incident.count, incident.place.text if incident.place else None,
            incident.location.place_id if incident.location else None,
            incident.governorate, tuple(incident.warnings), incident.unlocated_reason)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture()
def forced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even a short report; read mentions in small pieces."""
    monkeypatch.setattr(split, "MIN_SPLIT_CHARS", 0)
    monkeypatch.setattr(index_mod, "MENTION_CHUNK", 3000)


def _run(text: str, gaz: Gazetteer, *, parallel: bool) -> list[tuple]:
    return list(split.iter_converted(text, convert=_convert, gazetteer=gaz,
                                     source="r.txt", parallel=parallel))


def _spy_boundary(monkeypatch: pytest.MonkeyPatch, answer: bool | None = None
                  ) -> list[bool]:
    """Record what :meth:`Boundary.holds_after` answers (``answer``: answer that)."""
    seen: list[bool] = []
    real = Boundary.holds_after

    def holds_after(self: Boundary, reader: Any) -> bool:
        seen.append(real(self, reader) if answer is None else answer)
        return seen[-1]

    monkeypatch.setattr(Boundary, "holds_after", holds_after)
    return seen


def test_mentions_within_a_range_are_the_whole_texts_there(
        gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_mod, "MENTION_CHUNK", 2000)
    text = long_report(blocks=4)
    whole = gaz.find_mentions(text)
    assert len(whole) > 50
    for lo, hi in [(0, len(text)), (0, 5000), (2000, 2001), (4321, 17000),
                   (len(text) // 2, len(text)), (len(text), len(text))]:
        assert gaz.find_mentions(text, within=(lo, hi)) == [
            m for m in whole if m.start >= lo and m.end <= hi]


def test_split_point_is_a_heading_after_a_blank_line() -> None:
    from mapper.extract import read_segments

    text = long_report()
    segs, _ = read_segments(text, None)
    assert split.split_point(text, segs) is None  # shorter than MIN_SPLIT_CHARS
    split.MIN_SPLIT_CHARS, old = 0, split.MIN_SPLIT_CHARS
    try:
        k = split.split_point(text, segs)
    finally:
        split.MIN_SPLIT_CHARS = old
    assert k is not None and segs[k].kind == "heading"
    assert text[segs[k].start - 2:segs[k].start] == "\n\n"
    assert 0.2 * len(text) <= segs[k].start <= 0.8 * len(text)


@pytest.mark.parametrize("share", [0.3, 0.5, 0.7])
def test_two_parts_give_what_one_reader_gives(
        gaz: Gazetteer, forced: None, monkeypatch: pytest.MonkeyPatch, share: float) -> None:
    real_point = split.split_point
    monkeypatch.setattr(split, "split_point",
                        lambda text, segs: real_point(text, segs, share=share))
    seen = _spy_boundary(monkeypatch)
    text = long_report()
    serial = _run(text, gaz, parallel=False)
    assert seen == [] and len(serial) > 100
    assert _run(text, gaz, parallel=True) == serial
    assert len(seen) == 1  # the child's part was offered (taken or read again)


def test_a_part_the_first_reader_would_read_otherwise_is_read_again(
        gaz: Gazetteer, forced: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # the section before the cut is named again right after it, and a follow-up sentence
    # there adds to the record before the cut
    head = "Report date: 31 March 2021\n\nBadia\n\n" + \
        "On March 3, ISIS cells attacked regime positions near Palmyra.\n\n"
    text = head + "Section 1\n\nBadia\n\nThese attacks left 7 soldiers dead.\n\n" + \
        "On March 9, a landmine killed two shepherds near Arak.\n\n"
    monkeypatch.setattr(split, "split_point",
                        lambda text, segs: next(k for k, s in enumerate(segs)
                                                if s.text == "Section 1"))
    seen = _spy_boundary(monkeypatch)
    serial = _run(text, gaz, parallel=False)
    assert serial[0][3] == 7  # the follow-up's figure went to the record before the cut
    assert _run(text, gaz, parallel=True) == serial
    assert seen == [False]


def test_what_the_child_did_not_know_is_noted(
        gaz: Gazetteer, forced: None, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Report date: 31 March 2021\n\nBadia\n\n"
            "In the past month, from March 1 to March 30, ISIS carried out 9 attacks.\n\n"
            "Section 1\n\nBadia\n\n"
            "In the past month, ISIS cells carried out 4 attacks in the Syrian desert.\n\n"
            "On the same day, gunmen killed 3 soldiers near Arak.\n\n")
    monkeypatch.setattr(split, "split_point",
                        lambda text, segs: next(k for k, s in enumerate(segs)
                                                if s.text == "Section 1"))
    notes: list[Boundary] = []
    real = Boundary.holds_after

    def holds_after(self: Boundary, reader: Any) -> bool:
        notes.append(self)
        return real(self, reader)

    monkeypatch.setattr(Boundary, "holds_after", holds_after)
    assert _run(text, gaz, parallel=True) == _run(text, gaz, parallel=False)
    assert notes and "past month" in notes[0].period_keys


@pytest.mark.parametrize("failure", ["convert", "exit"])
def test_a_failing_child_changes_nothing(
        gaz: Gazetteer, forced: None, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    text = long_report(blocks=10)
    serial = _run(text, gaz, parallel=False)
    parent = os.getpid()

    def convert(incident: Any) -> tuple:
        if os.getpid() != parent:
            if failure == "exit":
                os._exit(3)
            raise RuntimeError("child failure")
        return _convert(incident)

    seen = _spy_boundary(monkeypatch)
    got = list(split.iter_converted(text, convert=convert, gazetteer=gaz, source="r.txt"))
    assert got == serial
    assert seen == []  # nothing from the child was considered


def test_refused_part_is_read_again_with_the_same_result(
        gaz: Gazetteer, forced: None, monkeypatch: pytest.MonkeyPatch) -> None:
    text = long_report(blocks=10)
    serial = _run(text, gaz, parallel=False)
    seen = _spy_boundary(monkeypatch, answer=False)
    assert _run(text, gaz, parallel=True) == serial
    assert seen == [False]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the children forked by :mod:`mapper.extract_split` during the test."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def test_stopping_early_ends_the_child(gaz: Gazetteer, forced: None, forks: list[int]
                                       ) -> None:
    items = split.iter_converted(long_report(blocks=10), convert=_convert, gazetteer=gaz,
                                 source="r.txt")
    next(items)
    items.close()
    assert len(forks) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forks[0], os.WNOHANG)  # ended and collected


def test_map_reports_two_parts_write_the_same_bytes(
        tmp_path: Path, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "long, \"odd\" name.txt"
    report.write_text(long_report(), encoding="utf-8")
    formats = ["geojson", "csv"]
    monkeypatch.setattr(index_mod, "MENTION_CHUNK", 3000)
    one = map_reports([report], tmp_path / "one", gazetteer=gaz, formats=formats)
    monkeypatch.setattr(split, "MIN_SPLIT_CHARS", 0)
    seen = _spy_boundary(monkeypatch)
    two = map_reports([report], tmp_path / "two", gazetteer=gaz, formats=formats)
    assert seen == [True]
    for name in ("incidents.geojson", "incidents.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    a, b = one.as_dict(), two.as_dict()
    for d in (a, b):
        d.pop("seconds"), d.pop("outputs")
    assert a == b


def test_csv_rows_made_as_features_come_are_the_rows_written_from_geojson(
        tmp_path: Path) -> None:
    report = read_report(EXAMPLES / "badia_monthly_2021-03.txt")
    gaz = Gazetteer.default()
    from mapper.pipeline import iter_report_items

    fast = export.EncodedFeatures()
    for fid, item in iter_report_items(report, gazetteer=gaz, csv=True):
        fast.append_text(fid, item.feature, item.csv_row)
    # odd values: numpy numbers, tuples, nested dicts, quotes, commas and line breaks
    feature = json.loads(next(fast.encoded()))
    feature["id"] = ""
    props = feature["properties"]
    props.update(id="", text='He said "stop",\nthen left', fatalities=np.int64(3).item(),
                 uncertainty_km=np.float64(2.5), confidence=np.float32(0.25).item(),
                 source_span=(1, 2), victims={"a,b": 1, "c": [1.5, None]}, actors=["x", 1],
                 place=None, warnings=[])
    fast.append_text('odd, "id"\n1', export.feature_text(feature),
                     export.csv_row_text(feature))
    assert fast.csv_rows() is not None
    export.write_csv(fast, tmp_path / "fast.csv")
    slow = list(fast)  # decoded dicts: the plain path
    export.write_csv(slow, tmp_path / "slow.csv")
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()
    plain = export.EncodedFeatures()
    for f in slow:
        plain.append(f)
    assert list(plain.encoded()) == list(fast.encoded())
    assert plain.csv_rows() is None


def test_feature_text_needs_an_empty_id() -> None:
    with pytest.raises(ValueError):
        export.feature_text({"type": "Feature", "id": "x#1", "geometry": None,
                             "properties": {"id": "x#1", "a": 1}})


def test_one_process_option_never_forks_and_writes_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    from mapper.cli import main

    report = tmp_path / "long.txt"
    report.write_text(long_report(blocks=10), encoding="utf-8")
    monkeypatch.setattr(index_mod, "MENTION_CHUNK", 3000)
    monkeypatch.setattr(split, "MIN_SPLIT_CHARS", 0)
    common = ["--quiet", "map", str(report), "--format", "geojson", "--format", "csv"]
    assert main([*common, "-o", str(tmp_path / "one"), "--one-process"]) == 0
    assert forks == []
    assert main([*common, "-o", str(tmp_path / "two")]) == 0
    assert len(forks) == 1
    for name in ("incidents.geojson", "incidents.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_child_ends_when_the_run_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
        import mapper.extract_split as split
        from gazetteer import Gazetteer
        from test_extract_split import long_report
        split.MIN_SPLIT_CHARS = 0
        def convert(incident):
            time.sleep(0.05)  # slow: both parts are still being read when it is killed
            return incident.text
        for _ in split.iter_converted(long_report(blocks=10), convert=convert,
                                      gazetteer=Gazetteer.default(), source="r.txt"):
            pass
    """), encoding="utf-8")
    run = subprocess.Popen([sys.executable, str(script)])
    children: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while not children and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
            children = Path(f"/proc/{run.pid}/task/{run.pid}/children").read_text().split()
        assert children, "the long report was not read in two processes"
        run.send_signal(signal.SIGKILL)
        run.wait()

        def alive(pid: str) -> bool:
            status = Path(f"/proc/{pid}/status")
            try:
                return "zombie" not in status.read_text()
            except OSError:
                return False

        deadline = time.monotonic() + 3  # the child's part takes far longer than this
        while any(alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(c) for c in children)
    finally:
        run.kill()
        for c in children:
            try:
                os.kill(int(c), signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_no_process_to_spare_reads_in_one_process(
        gaz: Gazetteer, forced: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    text = long_report(blocks=10)
    serial = _run(text, gaz, parallel=False)

    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _run(text, gaz, parallel=True) == serial
