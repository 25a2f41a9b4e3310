"""A CSV table located to a CSV table row by row as lists of values: the same table, the
same errors.

Each test compares the shortcut switched off and on. Every note and table is written for
these tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import mapper.tables as tables
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded
from mapper.errors import InputError

# -- CSV rows as lists ------------------------------------------------------------------------
#: A table with a column the output has ("latitude"), a note over two lines, an empty note,
#: a short row, a long row and blank lines.
TABLE = (
    "\ufeffevent_id,latitude,notes,admin1\r\n"
    "1,35.1,Regime forces shelled Saraqib in Idleb.,Idleb\r\n"
    "\r\n"
    '2,,"Clashes near Palmyra;\nan IED hit a patrol near Al-Sukhnah.",Homs\r\n'
    "3,,,\r\n"
    "4,36.0\r\n"
    "5,,Airstrikes hit the Eastern Ghouta in Rural Damascus.,Rural Damascus,extra,more\r\n"
    "6,,\"A \"\"quoted\"\" name: nothing here\",\r\n"
    "\r\n"
)


def _write_table(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _run(monkeypatch: pytest.MonkeyPatch, src: Path, dst: Path, on: bool, **kw: Any
         ) -> tuple[bytes, Any]:
    monkeypatch.setattr(tables, "_ROWS_AS_LISTS", on)
    summary = tables.locate_table(src, dst, gazetteer=Gazetteer(load_embedded()), **kw)
    return dst.read_bytes(), (summary.rows, summary.located, summary.not_located,
                              summary.renamed)


@pytest.mark.parametrize("kw", [{"text_column": "notes"},
                                {"text_column": "notes", "place_column": "admin1"},
                                {"place_column": "admin1", "admin_columns": ["admin1"]}])
def test_rows_as_lists_write_the_same_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            kw: dict[str, Any]) -> None:
    src = _write_table(tmp_path / "in.csv", TABLE)
    plain = _run(monkeypatch, src, tmp_path / "plain.csv", False, **kw)
    fast = _run(monkeypatch, src, tmp_path / "fast.csv", True, **kw)
    assert fast == plain
    assert plain[1][0] == 6 and plain[1][1] > 0 and plain[1][3]


def test_rows_as_lists_are_the_rows(tmp_path: Path) -> None:
    src = _write_table(tmp_path / "in.csv", TABLE)
    header, *rows = tables.iter_csv_lists(src)
    dicts = list(tables.iter_rows(src))
    assert [[d.get(c) for c in header] for d in dicts] == rows


def test_a_column_named_twice_goes_as_dicts(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    src = _write_table(tmp_path / "in.csv", "notes,x,x\r\nClashes near Palmyra.,1,2\r\n")
    plain = _run(monkeypatch, src, tmp_path / "plain.csv", False, text_column="notes")
    fast = _run(monkeypatch, src, tmp_path / "fast.csv", True, text_column="notes")
    assert fast == plain


@pytest.mark.parametrize("text", ["notes,x\r\nok,1\r\nbad\x00,2\r\n",
                                  "notes,x\r\nok,1\r\n\r\n\r\nbad\x00,2\r\n",
                                  'notes,x\r\nok,"1\n2"\r\nbad,"3\n\x00"\r\n',
                                  'notes,x\r\nok,1\r\n"a"b,2\r\n',
                                  'notes,x\r\n"a"b,2\r\n',
                                  'notes,x\r\nok,1\r\n\r\n"a"b,2\r\n'])
def test_rows_as_lists_fail_alike(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                  text: str) -> None:
    src = _write_table(tmp_path / "in.csv", text)
    errors = []
    for on in (False, True):
        with pytest.raises(InputError) as caught:
            _run(monkeypatch, src, tmp_path / "out.csv", on, text_column="notes")
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert not (tmp_path / "out.csv").exists()


# -- plain CSV lines --------------------------------------------------------------------------
#: Values a row can hold: each special character of CSV, numbers, None, a float subclass
#: and a string subclass with their own ``str``, text with spaces, Arabic and nothing.
class _Float(float):
    def __str__(self) -> str:
        return "str-of-float"


class _Text(str):
    def __str__(self) -> str:
        return "str-of-text"


VALUES: list[Any] = ["a,b", 'say "x"', "two\nlines", "cr\rhere", "nul\x00", "plain", "",
                     " padded ", "دير الزور", None, 0, -3, 35.123456, 1e-07, 2.0, True,
                     _Float(1.5), _Text("text"), float("nan")]


def _written(monkeypatch: pytest.MonkeyPatch, path: Path, rows: list[list[Any]], on: bool
             ) -> bytes:
    monkeypatch.setattr(tables, "_PLAIN_CSV_LINES", on)
    writer = tables._Writer(path, ["c"] * len(rows[0]))
    for row in rows:
        writer.write_values(row)
    writer.close(True)
    return path.read_bytes()


def test_plain_csv_lines_are_what_the_csv_writer_writes(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    rows = [[a, b, "x"] for a in VALUES for b in VALUES] + [[v] for v in VALUES]
    plain = _written(monkeypatch, tmp_path / "plain.csv", rows, False)
    fast = _written(monkeypatch, tmp_path / "fast.csv", rows, True)
    assert fast == plain
    assert b'"a,b"' in plain and b"plain,,x\r\n" in plain
    assert b"str-of-float,x" in plain and b"text,x" in plain
