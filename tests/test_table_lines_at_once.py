"""CSV lines written several at a time (:data:`mapper.tables.LINES_AT_ONCE`) make the file
that writing each line at once makes, also where rows with a NUL go through the CSV writer
between them and where a run fails half-way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import mapper.tables as tables

#: Rows of values: plain, quoted, numbers and None, and rows holding a NUL (those go
#: through the CSV writer, between the joined lines).
ROWS: list[list[Any]] = [
    ["a", "b,c", 1, None, 2.5],
    ['say "x"', "", "two\nlines", -3, 0.1],
    ["nul\x00here", "x", None, None, 1e-07],
    ["plain", "دير الزور", True, "cr\rhere", 35.123456],
    ["", "", "", "", ""],
] * 7 + [["nul\x00", "at the end", 1, 2, 3]]


def _written(monkeypatch: pytest.MonkeyPatch, path: Path, at_once: int, *, ok: bool = True
             ) -> bytes | None:
    monkeypatch.setattr(tables, "LINES_AT_ONCE", at_once)
    writer = tables._Writer(path, ["c1", "c2", "c3", "c4", "c5"])
    for row in ROWS:
        writer.write_values(row)
    writer.close(ok)
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize("at_once", [2, 3, 256])
def test_lines_written_at_once_make_the_same_file(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path, at_once: int) -> None:
    plain = _written(monkeypatch, tmp_path / "plain.csv", 1)
    fast = _written(monkeypatch, tmp_path / "fast.csv", at_once)
    assert plain is not None and fast == plain
    assert plain.count(b"\r\n") > len(ROWS) and b'"b,c"' in plain


def test_a_failed_run_leaves_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert _written(monkeypatch, tmp_path / "out.csv", 256, ok=False) is None
    assert list(tmp_path.iterdir()) == []
