"""A note's spans answer "does it name a precise place?" from the pattern steps run once
on the whole note (:class:`mapper.place_expr._NoteSteps`), and the note's own reading
takes that run over: the same answers and expressions as each span read on its own."""

from __future__ import annotations

import re

import pytest
from test_note_match_cuts import NOTES as MATCH_CUT_NOTES

import mapper.place_expr as place_expr
from gazetteer import Gazetteer
from mapper.extract import extract_incidents
from mapper.segment import segments

#: The notes of the match-cut tests, and one more, written for these tests.
NOTES = [
    *MATCH_CUT_NOTES,
    "On 4 May, clashes took place in Homs and Hama provinces. Shelling near Saraqib, east "
    "of Idlib; a man was shot in the eastern countryside of Daraa.",
]
KINDS = [("place", "near", "segment", "corridor"), ("zone",), ("governorates", "direction"),
         ("corridor",)]


def _spans(note: str) -> list[tuple[int, int]]:
    """Sentences, sentences from each of their words on (a lead-in cut off, or a start
    inside a match) and up to each of their words, and runs of sentences."""
    sentences = [(s.start, s.end) for s in segments(note)]
    spans = [*sentences, (0, len(note))]
    spans += [(0, e) for _, e in sentences] + [(s, len(note)) for s, _ in sentences]
    for start, end in sentences:
        words = [start + m.start() for m in re.finditer(r"\b\w", note[start:end])]
        spans += [(w, end) for w in words] + [(start, w) for w in words[1:]]
    return spans


@pytest.mark.parametrize("use_gazetteer", [False, True])
@pytest.mark.parametrize("note", NOTES)
def test_spans_answer_as_when_read_on_their_own(monkeypatch: pytest.MonkeyPatch,
                                               note: str, use_gazetteer: bool) -> None:
    gaz = Gazetteer.default() if use_gazetteer else None
    spans = _spans(note)
    monkeypatch.setattr(place_expr, "_SHARE_NOTE_STEPS", False)
    plain = [place_expr.names_kind(note, s, e, k, gazetteer=gaz,
                                   memo=place_expr.MatchMemo(whole=True))
             for s, e in spans for k in KINDS]
    monkeypatch.setattr(place_expr, "_SHARE_NOTE_STEPS", True)
    memo = place_expr.MatchMemo(whole=True)
    assert [place_expr.names_kind(note, s, e, k, gazetteer=gaz, memo=memo)
            for s, e in spans for k in KINDS] == plain
    assert memo.steps is not None


def test_a_span_starting_inside_a_match_is_read_on_its_own() -> None:
    note = "Clashes near Kafr Nabl town. Nothing else."
    memo = place_expr.MatchMemo(whole=True)
    start = note.index("Nabl")
    steps = place_expr._note_steps(note, start, len(note), None, memo)
    assert steps is not None and steps.names_kind(start, len(note), ("place",)) is None
    assert place_expr.names_kind(note, start, len(note), ("place",), memo=memo) == \
        place_expr.names_kind(note, start, len(note), ("place",))


def test_a_span_ending_inside_a_sentence_is_read_on_its_own() -> None:
    note = "Shelling near Kafr Nabl town, then in Saraqib."
    memo = place_expr.MatchMemo(whole=True)
    assert place_expr._note_steps(note, 0, note.index(","), None, memo) is None
    assert memo.steps is None


@pytest.mark.parametrize("use_gazetteer", [False, True])
def test_notes_read_the_same_with_and_without_shared_steps(
        monkeypatch: pytest.MonkeyPatch, use_gazetteer: bool) -> None:
    gaz = Gazetteer.default() if use_gazetteer else None

    def read(note: str) -> list[dict]:
        return [i.properties() for i in extract_incidents(note, gazetteer=gaz, note=True,
                                                          report_date="2021-03-31")]

    monkeypatch.setattr(place_expr, "_SHARE_NOTE_STEPS", False)
    plain = [read(n) for n in NOTES]
    monkeypatch.setattr(place_expr, "_SHARE_NOTE_STEPS", True)
    assert [read(n) for n in NOTES] == plain


def test_the_whole_run_is_handed_over_once() -> None:
    note = NOTES[1]
    memo = place_expr.MatchMemo(whole=True)
    assert place_expr.names_kind(note, 0, len(note), ("segment",), memo=memo)
    first = place_expr.find_place_expressions(note, memo=memo)
    again = place_expr.find_place_expressions(note, memo=memo)
    assert memo.steps is not None and memo.steps.finder is None
    assert first is not again and first == again and first[0] is not again[0]
    memo.clear()
    assert memo.steps is None and not memo
