"""A report with no date word anywhere is not searched for dates sentence by sentence: the
same records as searching every sentence, on reports and notes written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

import mapper.extract as extract
from gazetteer import Gazetteer
from mapper import guards
from mapper.dates import Anchor, date_words_in, find_dates, may_hold_dates
from mapper.segment import segments
from tests.switch_cases import same_with_and_without

#: Reports and notes written for these tests: with dates of every kind (a day, a month, a
#: range, a relative phrase, upper case), without any, and with non-ASCII letters (where
#: the word test cannot answer "no").
TEXTS = [
    "Clashes took place between regime forces and ISIS near Al-Sukhnah.",
    "On 3 May 2018, an airstrike hit Kafr Nabl. 2 civilians were killed.",
    "Regime forces shelled Jobar. Shelling continued yesterday, killing 4 people.",
    "SHELLING ON 12 JANUARY HIT KAFR NABL, KILLING 3 CIVILIANS.",
    "From 1 March to 5 March, airstrikes killed 12 people in Idlib.",
    "Over the past week, 7 people were killed in Deir ez-Zor.",
    "An IED exploded in Dārayyā, killing 2 soldiers.",
    "Fighters attacked a checkpoint near Homs. 5 fighters were killed.",
    "Summary\n\nArmed men kidnapped 3 men in Raqqa.\n\n- Idlib: 4 killed in shelling.\n",
    "Protesters gathered in Daraa city.",
    "In March 2018, fighters attacked Tadmur. The next day, 3 were killed.",
    "Clashes took place yesterday near Homs. On 2 June, 4 were killed. Quiet since.",
    "  On 4 July, a mine went off near Arak; during the same week 2 died.  ",
]


def _records(text: str, gaz: Any, *, note: bool) -> list[tuple[dict[str, Any], Any]]:
    return [(i.properties(), i.location.point if i.location else None)
            for i in extract.extract_incidents(text, gazetteer=gaz, note=note,
                                               report_date="2018-03-20")]


def test_a_text_without_date_words_has_no_date_in_any_sentence() -> None:
    anchor = Anchor(2018, 3, 20, "caller")
    for text in TEXTS:
        dated = any(find_dates(text, anchor=anchor, start=s.start, end=s.end)
                    for s in segments(text))
        if dated or find_dates(text, anchor=anchor):
            assert may_hold_dates(text)
    assert not may_hold_dates(TEXTS[0])
    assert may_hold_dates(TEXTS[6])  # non-ASCII: not known
    assert sum(not may_hold_dates(t) for t in TEXTS) >= 3


@pytest.mark.parametrize("word_sets", [True, False])
def test_parts_searched_for_the_kinds_of_date_the_whole_text_holds(
        monkeypatch: pytest.MonkeyPatch, word_sets: bool) -> None:
    monkeypatch.setattr(guards, "USE_WORD_SETS", word_sets)
    anchor = Anchor(2018, 3, 20, "caller")
    spans = 0
    for text in TEXTS:
        words = date_words_in(text)
        parts = [(s.start, s.end) for s in segments(text)] + [
            (0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text)), (5, 5)]
        for start, end in parts:
            assert find_dates(text, anchor=anchor, start=start, end=end, words=words) == \
                find_dates(text, anchor=anchor, start=start, end=end), (text, start, end)
            spans += 1
    assert date_words_in(TEXTS[0]) == (False, False)
    assert date_words_in(TEXTS[2]) == (False, True)
    assert date_words_in(TEXTS[3]) == (True, False)
    assert date_words_in(TEXTS[6]) == (True, True)  # non-ASCII: not known
    assert spans > 50


@pytest.mark.parametrize("note", [False, True])
@pytest.mark.parametrize("use_gazetteer", [False, True])
def test_dateless_texts_read_the_same_with_and_without_the_skip(
        monkeypatch: pytest.MonkeyPatch, note: bool, use_gazetteer: bool) -> None:
    gaz = Gazetteer.default() if use_gazetteer else None
    monkeypatch.setattr(extract, "_SKIP_DATELESS", False)
    plain = [_records(t, gaz, note=note) for t in TEXTS]
    monkeypatch.setattr(extract, "_SKIP_DATELESS", True)
    assert [_records(t, gaz, note=note) for t in TEXTS] == plain
    assert any(p.get("date") for records in plain for p, _ in records)


def test_dateless_notes_give_the_same_table_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    same_with_and_without(monkeypatch, TEXTS,
                          lambda on: monkeypatch.setattr(extract, "_SKIP_DATELESS", on))
