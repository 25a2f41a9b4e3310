"""A text's line breaks are found by their characters: the same answer as the line-end
pattern, on texts written for this test."""

from __future__ import annotations

import pytest

from mapper import segment

#: One line, and each kind of line break (alone, at an end, with others), written here.
TEXTS = [
    "",
    "Shelling hit the town.",
    "Shelling hit the town.\nTwo died.",
    "Shelling hit the town.\r\nTwo died.",
    "Shelling hit the town.\rTwo died.",
    "Shelling hit the town.\u2028Two died.",
    "Shelling hit the town.\u2029Two died.",
    "Shelling hit the town.\n",
    "\u2029",
    "- Homs: 3 killed\u000b in shelling\u0085 and \u000c more",
]


@pytest.mark.parametrize("text", TEXTS)
def test_line_breaks_found_as_by_the_pattern(text: str) -> None:
    assert segment._has_line_break(text) == (segment._LINE_END_RE.search(text) is not None)


def test_one_line_and_broken_texts_are_both_seen() -> None:
    answers = [segment._has_line_break(t) for t in TEXTS]
    assert answers.count(True) >= 6 and answers.count(False) >= 3
