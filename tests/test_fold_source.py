"""Folded forms made from a pattern's source equal those made from the compiled pattern,
and the quantity pattern compiled at first use is the one its folded forms come from."""

from __future__ import annotations

import re

import pytest

from mapper import dates, events, extract, figures, guards, numbers

#: Case-insensitive pattern sources: foldable ones, and ones lower-casing would change.
SOURCES = [
    r"\bkill(?:ed|ing)?\s+(?P<n>\d+)\b",
    r"(?<![\w.,-])(?=\d|n)(?:no|nearly)\s+[A-Za-z]+",
    r"\bAl-Quds\s+Brigade\b|\bNDF\b",
    r"\S+\s+killed",  # an upper-case escape: no folded form
    r"[A-z]+",  # a range lower-casing would change: none
    r"(?P<Name>x)",  # an upper-case group name: none
    r"straße|ſ",  # non-ASCII letters with case: none
]


def _module_patterns() -> list[re.Pattern[str]]:
    modules = (numbers, figures, dates, events, extract)
    found = [v for m in modules for v in vars(m).values() if isinstance(v, re.Pattern)]
    return found + [numbers._QUANTITY, *(p for p, _ in events.EVENT_RULES)]


def _same(a: re.Pattern[str] | None, b: re.Pattern[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.pattern, a.flags) == (b.pattern, b.flags)


@pytest.mark.parametrize("source", SOURCES)
def test_fold_source_is_the_folded_form_of_the_compiled_source(source: str) -> None:
    for flags in (re.IGNORECASE, 0, re.IGNORECASE | re.MULTILINE):
        assert _same(guards.fold_source(source, flags),
                     guards.folded_form(re.compile(source, flags)))


def test_fold_source_equals_folded_form_for_the_reading_patterns() -> None:
    patterns = [p for p in _module_patterns() if isinstance(p.pattern, str)]
    folded = 0
    for p in patterns:
        by_source = guards.fold_source(p.pattern, p.flags)
        assert _same(by_source, guards.folded_form(p)), p.pattern[:60]
        folded += by_source is not None
    assert folded > 30


def test_quantity_pattern_is_compiled_from_its_source_once() -> None:
    compiled = numbers._QUANTITY
    assert compiled is numbers._QUANTITY
    assert compiled.pattern == numbers._QUANTITY_SOURCE
    assert compiled.flags & re.IGNORECASE
    assert _same(numbers._QUANTITY_FOLDED, guards.folded_form(compiled))
    with pytest.raises(AttributeError):
        numbers._NO_SUCH_PATTERN  # noqa: B018


def test_singular_at_is_the_folded_form_of_its_case_insensitive_pattern() -> None:
    source = rf"\b(?:{figures._SINGULAR_TO_ARTICLE})"
    assert _same(figures._SINGULAR_AT,
                 guards.folded_form(re.compile(source, re.IGNORECASE)))


def _texts() -> list[str]:
    from tests.test_speed_reading import TEXTS

    return [t for t in TEXTS + [t.upper() for t in TEXTS] if t.isascii()]


def test_folded_quantity_and_singular_patterns_find_what_their_patterns_find() -> None:
    singular = re.compile(rf"\b(?:{figures._SINGULAR_TO_ARTICLE})", re.IGNORECASE)
    pairs = ((numbers._QUANTITY, numbers._QUANTITY_FOLDED), (singular, figures._SINGULAR_AT))
    matched = 0
    for plain, folded in pairs:
        assert folded is not None
        for text in _texts():
            low = text.lower()
            for pos in (0, 5):
                want = [(m.regs, m.group(0).lower()) for m in plain.finditer(text, pos)]
                assert [(m.regs, m.group(0)) for m in folded.finditer(low, pos)] == want, text
                matched += len(want)
    assert matched > 100


def test_quantities_found_alike_in_ascii_and_other_text() -> None:
    # Non-ASCII text is searched with the case-insensitive pattern, ASCII text with its
    # folded forms: the same spans where the two texts differ only by a non-ASCII mark.
    texts = ["Nearly 155 killed and over 1,100 wounded, no fatalities among the 3 others.",
             "Dozens of shells; twenty-five dead, up to Nine injured.",
             "A couple of attacks left several people dead and no one was injured."]
    for text in texts:
        ascii_spans = [(q.start, q.end, q.value, q.qualifier)
                       for q in numbers.find_quantities(text)]
        other = text + " é"
        other_spans = [(q.start, q.end, q.value, q.qualifier)
                       for q in numbers.find_quantities(other)]
        assert ascii_spans and other_spans == ascii_spans, text
