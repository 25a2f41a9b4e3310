"""Numbers as written in reports, with ACLED's conventions for vague ones."""

from __future__ import annotations

import pytest

from mapper.numbers import find_quantities, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("text", "value"),
    [("eight", 8), ("thirty-nine", 39), ("Forty two", 42), ("1,100", 1100), ("17", 17),
     ("one hundred and five", 105), ("two thousand three hundred", 2300),
     ("several", 3), ("a number of", 3), ("dozens", 12), ("scores", 20), ("tens", 10),
     ("hundreds", 100), ("no", 0)],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_not_a_number() -> None:
    assert parse_number("convoy") is None


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [("nearly 160 soldiers", 160, "approx"), ("over 1,300 raids", 1300, "at_least"),
     ("more than fifty attacks", 50, "at_least"), ("about twenty people", 20, "approx"),
     ("up to 9 fighters", 9, "at_most"), ("dozens of shells", 12, "at_least"),
     ("12 to 15 killed", 12, "at_least"), ("six civilians", 6, "exact"),
     ("a dozen vehicles", 12, "exact")],
)
def test_qualifiers(text: str, value: int, qualifier: str) -> None:
    q = parse_quantity(text)
    assert q is not None and (q.value, q.qualifier) == (value, qualifier)


def test_no_fatalities_is_zero_not_none() -> None:
    qs = find_quantities("Three raids left no fatalities.")
    assert [(q.text, q.value) for q in qs] == [("Three", 3), ("no fatalities", 0)]


def test_ordinals_and_decimals_are_not_split() -> None:
    qs = find_quantities("The 4th Division moved 2.5 km with 1,250 men.")
    assert [q.value for q in qs] == [2, 1250]
    assert qs[0].text == "2.5"


def test_spans() -> None:
    text = "They counted over 1,100 raids."
    (q,) = find_quantities(text)
    assert text[q.start:q.end] == "over 1,100"


def test_quantities_in_any_unicode_case() -> None:
    # "ſ" (long s) and "K" (Kelvin sign) match "s" and "k" case-insensitively: the words
    # found must be read, not looked up as written.
    found = find_quantities("ſeveral fighters and at leaſt 5 civilians, about ſix more")
    assert [(q.text, q.value, q.qualifier) for q in found] == [
        ("ſeveral", 3, "at_least"), ("at leaſt 5", 5, "at_least"), ("about ſix", 6, "approx")]
    assert parse_number("ſeveral") == 3
