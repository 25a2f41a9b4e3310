"""The cyclic garbage collector is off while a table's rows are located in this process:
that is sound only while locating rows makes no reference cycles, which these tests check.

Every note is written for these tests.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mapper.tables as tables
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded

#: Notes of many kinds: a town, a road between two places, a direction, near, a desert, a
#: governorate, a tally, an unknown name, text without a place, an empty note.
NOTES = [
    "On 3 March, regime forces shelled Saraqib in Idleb, killing two civilians.",
    "An IED hit a patrol on the Homs-Palmyra highway between Al-Furqlus and Palmyra.",
    "Clashes in the eastern countryside of Hama left 5 fighters dead.",
    "A landmine exploded near Al-Sukhnah, injuring a shepherd.",
    "ISIS cells attacked positions in the Homs desert; 4 soldiers were killed.",
    "Airstrikes hit several towns in Deir Ezzor governorate.",
    "Over the month, 12 attacks in Daraa killed 9 people.",
    "Gunmen shot a man in Qaryat Zzzyx.",
    "Protesters gathered after Friday prayers.",
    "",
    "Turkish drones struck a car near Qamishli in Al-Hasakah; three were killed.",
    "Shelling on the Aleppo-Damascus (M5) road near Maarat al-Numan.",
]


def _table(path: Path, notes: list[str]) -> Path:
    lines = ["id,notes"] + [f'{i},"{n}"' for i, n in enumerate(notes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: The same notes about other places (first seen by the run that is checked).
OTHER_PLACES = {"Saraqib": "Binnish", "Al-Furqlus": "Tadmur", "Hama": "Homs",
                "Al-Sukhnah": "Arak", "Homs desert": "Deir Ezzor desert", "Daraa": "Quneitra",
                "Qamishli": "Amuda", "Maarat al-Numan": "Khan Shaykhun"}


def _other(note: str) -> str:
    for old, new in OTHER_PLACES.items():
        note = note.replace(old, new)
    return note


def _garbage_after_locating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Objects in reference cycles left by locating notes, after a first run on other
    notes has made what is made once (imported modules, classes, memos)."""
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", False)
    gaz = Gazetteer(load_embedded())
    warm = _table(tmp_path / "warm.csv", NOTES)
    tables.locate_table(warm, tmp_path / "warm_out.csv", text_column="notes", gazetteer=gaz)
    src = _table(tmp_path / "in.csv", [_other(n) for n in NOTES])
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        tables.locate_table(src, tmp_path / "out.csv", text_column="notes", gazetteer=gaz)
        return gc.collect()
    finally:
        if was_enabled:
            gc.enable()


#: The check run in a new interpreter: what earlier tests leave behind (e.g. a Dask
#: client's event-loop objects, freed by their own thread at any time) is not counted.
_CHILD = """
import sys
from pathlib import Path

import pytest

import mapper.extract as extract
import tests.test_table_collector as check

with pytest.MonkeyPatch.context() as mp:
    if sys.argv[2] == "keep-cycle":
        mp.setattr(extract._Reader, "release", lambda self: None)
    print(check._garbage_after_locating(Path(sys.argv[1]), mp))
"""


def _garbage_in_new_process(tmp_path: Path, mode: str = "plain") -> int:
    """:func:`_garbage_after_locating` in a new interpreter (``mode`` "keep-cycle": the
    reader does not break its own cycle)."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path), mode], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def test_locating_rows_leaves_no_reference_cycles(tmp_path: Path) -> None:
    assert _garbage_in_new_process(tmp_path) == 0


def test_a_reader_left_in_its_cycle_would_be_found(tmp_path: Path) -> None:
    """The check above can fail: without the reader breaking its own cycle, garbage."""
    assert _garbage_in_new_process(tmp_path, "keep-cycle") > 0


def test_the_collector_is_off_while_rows_are_located_and_on_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = tables._row_values

    def spy(*args, **kw):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kw)

    monkeypatch.setattr(tables, "_row_values", spy)
    gaz = Gazetteer(load_embedded())
    src = _table(tmp_path / "in.csv", NOTES[:3])
    assert gc.isenabled()
    tables.locate_table(src, tmp_path / "out.csv", text_column="notes", gazetteer=gaz)
    assert seen == [False, False, False]
    assert gc.isenabled()
    with pytest.raises(Exception):  # noqa: B017 - whatever the error, the collector is back
        tables.locate_table(src, tmp_path / "out.csv", text_column="no such column",
                            gazetteer=gaz)
    assert gc.isenabled()


def test_what_was_made_meanwhile_is_not_left_young(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Back on, the collector does not walk at once all the objects made while it was off
    (they join the oldest generation); nothing is left frozen."""
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", False)
    gaz = Gazetteer(load_embedded())
    src = _table(tmp_path / "in.csv", NOTES * 20)
    gc.collect()
    made: list[int] = []
    young_at_collections: list[int] = []
    real = tables._write_results

    def spy(*args, **kw):  # type: ignore[no-untyped-def]
        out = real(*args, **kw)
        made.append(gc.get_count()[0])  # young objects at the end of the paused block
        return out

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            young_at_collections.append(gc.get_count()[0])

    monkeypatch.setattr(tables, "_write_results", spy)
    gc.callbacks.append(watch)
    try:
        tables.locate_table(src, tmp_path / "out.csv", text_column="notes", gazetteer=gaz)
        [[] for _ in range(10)]  # allocations after the run
    finally:
        gc.callbacks.remove(watch)
    threshold = gc.get_threshold()[0]
    assert made and made[0] > 2 * threshold  # the paused block made many young objects
    assert all(n <= 2 * threshold for n in young_at_collections)  # none walked at once
    assert gc.get_freeze_count() == 0
