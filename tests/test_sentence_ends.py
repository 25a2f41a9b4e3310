"""A period after a word longer than any abbreviation ends a sentence without the word being
read: the same sentences as reading every word, on texts written for these tests."""

from __future__ import annotations

import pytest

from mapper import segment

#: Periods after abbreviations of every length ("approx.", "Gen.", "U.S.", "e.g."),
#: initials, long and short words, words with non-ASCII letters or digits before them,
#: a word cut by a line break, and dotted chains ending in a long word.
TEXTS = [
    "Approx. 40 fighters were killed. Clashes continued near the airport.",
    "Lt. Gen. Smith said approx. Forty people died. The U.S. forces withdrew.",
    "Shelling hit the town, e.g. Shelling of the market. Nobody was hurt.",
    "J. Smith reported the attack. Fighters attacked. Families fled northwards.",
    "Forces entered Aléppo. Residents fled. Shelling hit Dārayyā. Two died.",
    "Forces entered Aléppox. Residents fled; abc1234567. Then calm returned.",
    "Forces of the ÉÉÉÉGen. Smith unit advanced. Calm followed.",
    "Troops of the Maj\n. Smith unit advanced. Forces withdrew.",
    "An explosion hit the Co. Building. A strike hit X.Y.Z.outskirts. Calm followed.",
    "Shelling. Ended. Approximately. 3 killed. Sept. 5 saw more strikes.",
    "Checkpoint attacked.Fighters withdrew. The army's gen. Staff met. I. Then, quiet.",
]


def _cut(monkeypatch: pytest.MonkeyPatch, skip: bool) -> list[object]:
    monkeypatch.setattr(segment, "SKIP_LONG_WORDS", skip)
    return [(segment.segments(t), segment.split_sentences(t)) for t in TEXTS]


def test_long_words_end_sentences_as_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _cut(monkeypatch, False)
    assert _cut(monkeypatch, True) == plain
    assert any(len(spans) > 2 for _, spans in plain)
    # "approx." does not end a sentence: the first text is two sentences
    assert len(plain[0][1]) == 2
