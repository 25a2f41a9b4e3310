"""A table's notes read faster without changing a column: without actors and victim groups
(no column uses them), and a repeated note given the columns of its first reading."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from gazetteer import Gazetteer
from mapper.extract import extract_incidents
from mapper.tables import _attributes, decide_incident, locate_text
from tests.test_note_match_cuts import NOTES

REPORT = ("March 2021\n\nOn March 3, ISIS fighters ambushed regime forces near Al-Sukhnah, "
          "killing 4 soldiers. Regime forces shelled Kafr Nabl.\n\n"
          "Homs desert: four operations left 14 dead.")


def _without_actors(props: dict) -> dict:
    return {k: v for k, v in props.items() if k not in ("actors", "victims")}


@pytest.mark.parametrize("note", [*NOTES, REPORT])
@pytest.mark.parametrize("as_note", [True, False])
def test_the_same_records_without_actors(note: str, as_note: bool) -> None:
    gaz = Gazetteer.default()
    full = extract_incidents(note, gazetteer=gaz, note=as_note, report_date="2021-03-31")
    lean = extract_incidents(note, gazetteer=gaz, note=as_note, report_date="2021-03-31",
                             actors=False)
    assert [_without_actors(i.properties()) for i in lean] == \
        [_without_actors(i.properties()) for i in full]
    assert all(not i.actors and not i.victims for i in lean)


def test_the_notes_name_victims() -> None:
    """(So that the comparison above leaves out something.)"""
    gaz = Gazetteer.default()
    assert any(i.victims for n in [*NOTES, REPORT] for i in extract_incidents(
        n, gazetteer=gaz, note=True, report_date="2021-03-31"))


def test_actors_are_read_by_default() -> None:
    gaz = Gazetteer.default()
    full = extract_incidents(REPORT, gazetteer=gaz, report_date="2021-03-31")
    lean = extract_incidents(REPORT, gazetteer=gaz, report_date="2021-03-31", actors=False)
    assert "ISIS" in full[0].actors and "ISIS" not in lean[0].actors


@pytest.mark.parametrize("note", NOTES)
def test_table_columns_as_with_actors(note: str) -> None:
    gaz = Gazetteer.default()
    incident, reason = decide_incident(note, gaz, actors=True)
    assert locate_text(note, gaz) == (_attributes(incident), reason)


def test_a_repeated_note_gets_the_columns_of_its_first_reading(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.tables as tables

    gaz = Gazetteer.default()
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", False)
    fresh = [locate_text(n, gaz) for n in NOTES]
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", True)
    first = [locate_text(n, gaz) for n in NOTES]
    first[0][0]["latitude"] = "changed by a caller"
    again = [locate_text(n, gaz) for n in NOTES]
    assert first[1:] == fresh[1:] and again == fresh
    assert set(NOTES) <= set(tables._NOTE_MEMOS.of(gaz))


def _read_ahead_asked(gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``gaz`` is asked to read ahead from now on, in order (read as before)."""
    asked: list[str] = []
    real = gaz.read_ahead

    def read_ahead(texts: Iterable[str]) -> int:
        texts = list(texts)
        asked.extend(texts)
        return real(texts)

    monkeypatch.setattr(gaz, "read_ahead", read_ahead)
    return asked


def test_a_block_of_rows_reads_as_each_row_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.tables as tables

    monkeypatch.setattr(tables, "_REMEMBER_NOTES", False)
    gaz = Gazetteer.default()
    rows = [{"id": str(i), "notes": n} for i, n in enumerate([*NOTES, "", "  ", NOTES[0]])]
    alone = [tables.locate_row(r, text_column="notes", place_column=None, renamed={},
                               gazetteer=gaz) for r in rows]
    asked = _read_ahead_asked(gaz, monkeypatch)
    block = tables.locate_rows(rows, text_column="notes", place_column=None, renamed={},
                               gazetteer=gaz)
    assert block == alone
    assert asked == [*NOTES, NOTES[0]]  # blank notes are not read


def test_a_remembered_note_is_not_read_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.tables as tables

    gaz = Gazetteer.default()
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", False)
    rows = [{"id": str(i), "notes": n} for i, n in enumerate([*NOTES, NOTES[1]])]
    fresh = [tables.locate_row(r, text_column="notes", place_column=None, renamed={},
                               gazetteer=gaz) for r in rows]
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", True)
    tables._note_memo(gaz).clear()
    locate_text(NOTES[0], gaz)  # remembered from an earlier block
    asked = _read_ahead_asked(gaz, monkeypatch)
    block = tables.locate_rows(rows, text_column="notes", place_column=None, renamed={},
                               gazetteer=gaz)
    assert block == fresh
    assert asked == [*NOTES[1:], NOTES[1]]  # read once by the gazetteer (see read_ahead)
