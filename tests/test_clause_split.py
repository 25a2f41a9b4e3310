"""The clause-split pattern, written for speed, splits exactly where its plain form does."""

from __future__ import annotations

import itertools
import random
import re

from mapper import extract

_PLAIN = re.compile(extract.CLAUSE_SPLIT_AS_WRITTEN)

_PIECES = [",", ";", ".", " ", "  ", "\t", "\n", "while", "whereas", "but", "Also,", "Also",
           "x", "shelled Kafr Nabl", ", ", "; ", ". ", "Whilst", "butter", ",while", "while,"]


def _spans(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
           ) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [m.span() for m in pattern.finditer(text, start, end)]


def test_written_sentences_split_alike() -> None:
    texts = [
        "Regime forces shelled Kafr Nabl, while IS attacked Palmyra; 3 killed.",
        "Clashes near Arak, whereas the road stayed open, but two soldiers died. Also, a mine.",
        "Airstrikes hit the town  while\tresidents fled;\nno casualties. Also,  shelling.",
        "while at the start, and ;at the end;",
    ]
    for text in texts:
        assert _spans(extract._CLAUSE_SPLIT, text) == _spans(_PLAIN, text), text


def test_generated_texts_split_alike() -> None:
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))
        assert _spans(extract._CLAUSE_SPLIT, text) == _spans(_PLAIN, text), repr(text)
        start, end = sorted(rng.sample(range(len(text) + 1), 2)) if len(text) > 1 else (0, 1)
        assert _spans(extract._CLAUSE_SPLIT, text, start, end) == \
            _spans(_PLAIN, text, start, end), (repr(text), start, end)


def test_every_short_combination_splits_alike() -> None:
    for parts in itertools.product([",", ";", ".", " ", "while", "but", "Also,", "a"], repeat=4):
        text = "".join(parts)
        assert _spans(extract._CLAUSE_SPLIT, text) == _spans(_PLAIN, text), repr(text)


def test_sentences_without_a_split_word_are_one_clause(monkeypatch) -> None:
    """:func:`mapper.extract._clauses` skips the search where no split word is: the same
    clauses as a search of every sentence."""
    rng = random.Random(11)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 12)))
             for _ in range(3000)]
    spans = [(t, *sorted(rng.sample(range(len(t) + 1), 2))) if len(t) > 1 else (t, 0, len(t))
             for t in texts]
    spans += [(t, 0, len(t)) for t in texts]
    spans += [(t, 0, len(t)) for t in (
        "Shelling hit Kafr Nabl, but no one died.", "Shelling hit Kafr Nabl; 2 died.",
        "Shelling hit Kafr Nabl, whereas Arak was calm.", "Shelling hit Arak while IS fled.",
        "Shelling hit Kafr Nabl. Also, 2 died.")]

    def clauses() -> list[list[tuple[int, int]]]:
        return [extract._clauses(t, s, e) for t, s, e in spans]

    monkeypatch.setattr(extract, "_GUARD_CLAUSE_SPLIT", False)
    plain = clauses()
    monkeypatch.setattr(extract, "_GUARD_CLAUSE_SPLIT", True)
    assert clauses() == plain
    assert sum(len(c) > 1 for c in plain) > 500
