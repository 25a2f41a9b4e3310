"""A note without a report date works out the date its relative dates are read against
only when it searches for a date: the same incidents as working it out before reading, on
notes written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

import mapper.extract as extract
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded
from tests.switch_cases import same_with_and_without

#: Notes with dates of every kind read against the note's own date (a labelled date, a
#: heading's full date or month), with relative dates and none, and without any date word.
NOTES = [
    "Clashes took place between regime forces and ISIS near Al-Sukhnah.",
    "Published 14 April 2018\n\nOn 3 April, an airstrike hit Kafr Nabl. 2 civilians were "
    "killed.",
    "Report date: 2 February 2019. Shelling yesterday hit Jobar, killing 4 people.",
    "Weekly update 12 March 2018\n\nOver the past week, 7 people were killed in Deir "
    "ez-Zor.",
    "March 2018 summary\n\nOn 5 March fighters attacked a checkpoint near Homs. 5 fighters "
    "were killed.",
    "On 12 January an IED exploded in Raqqa, killing 2 soldiers.",
    "Last night, regime forces shelled Daraa city. No fatalities reported.",
    "Armed men kidnapped 3 men in Raqqa during the same week.",
    "Protesters gathered in Daraa city on 20 June.",
    "In August, 9 attacks near Palmyra killed 21 people. Dated 1 September 2017.",
]


def _switch(monkeypatch: pytest.MonkeyPatch) -> Any:
    def switch(on: bool) -> None:
        monkeypatch.setattr(extract, "_ANCHOR_WHEN_ASKED", on)
    return switch


def _incidents(gaz: Gazetteer, report_date: str | None) -> list[Any]:
    out = []
    for text in NOTES:
        for inc in extract.extract_incidents(text, gazetteer=gaz, note=True,
                                             report_date=report_date):
            out.append((inc.properties(), inc.location.point if inc.location else None))
    return out


@pytest.mark.parametrize("report_date", [None, "2018-03-20"])
def test_notes_read_alike_with_the_date_worked_out_when_asked(
        monkeypatch: pytest.MonkeyPatch, report_date: str | None) -> None:
    gaz = Gazetteer(load_embedded())
    switch = _switch(monkeypatch)
    switch(False)
    plain = _incidents(gaz, report_date)
    switch(True)
    assert _incidents(gaz, report_date) == plain
    dated = [p["date"] for p, _ in plain if p["date"]]
    assert len(dated) >= 6
    if report_date is None:
        assert any(d.startswith("2019-") for d in dated)  # the note's own year read


def test_table_columns_alike_with_the_date_worked_out_when_asked(
        monkeypatch: pytest.MonkeyPatch) -> None:
    same_with_and_without(monkeypatch, NOTES, _switch(monkeypatch))


def test_a_note_without_date_words_never_works_out_its_date(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    make_anchor = extract.make_anchor

    def counted(*args: Any, **kwargs: Any) -> Any:
        asked.append(args[1])
        return make_anchor(*args, **kwargs)

    monkeypatch.setattr(extract, "make_anchor", counted)
    gaz = Gazetteer(load_embedded())
    for text in NOTES:
        extract.extract_incidents(text, gazetteer=gaz, note=True)
    assert NOTES[0] not in asked and NOTES[1] in asked
