"""Date expressions anchored to the report date (dateutil arithmetic)."""

from __future__ import annotations

from datetime import date

import pytest

from mapper.dates import Anchor, find_dates, make_anchor, report_date_from_text

JAN = Anchor(2022, 1, 28, "caller")
AUG = Anchor(2022, 8, 31, "caller")
NONE = Anchor()


def one(text: str, anchor: Anchor) -> tuple:
    (d,) = find_dates(text, anchor=anchor)
    return d.date, d.date_end, d.precision


def test_day_in_december_of_a_january_report_is_the_year_before() -> None:
    assert one("On December 27, a bus was hit.", JAN) == ("2021-12-27", None, "day")
    assert one("It began on January 11.", JAN) == ("2022-01-11", None, "day")


def test_from_to_date_range() -> None:
    assert one("from December 26 to date", JAN) == ("2021-12-26", "2022-01-28", "range")


def test_since_early_month_year() -> None:
    assert one("Since early January 2022, cells struck", JAN) == \
        ("2022-01-01", "2022-01-28", "range")


def test_month_only() -> None:
    assert one("seven raids in August, killing", AUG) == ("2022-08", None, "month")


def test_no_year_known() -> None:
    d, _, precision = one("seven raids in August, killing", NONE)
    assert d == "--08" and precision == "month"
    d, _, _ = one("On August 14, a mine went off", NONE)
    assert d == "--08-14"
    (expr,) = find_dates("in August", anchor=NONE)
    assert expr.year_known is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yesterday", ("2022-08-30", None, "day")),
     ("last week", ("2022-08-24", "2022-08-31", "range")),
     ("in the past month", ("2022-07-31", "2022-08-31", "range")),
     ("last month", ("2022-07", None, "month")),
     ("since early August", ("2022-08-01", "2022-08-31", "range")),
     ("in 2019", ("2019", None, "year"))],
)
def test_relative(text: str, expected: tuple) -> None:
    assert one(text, AUG) == expected


def test_same_period_is_left_to_the_caller() -> None:
    (d,) = find_dates("in the same period", anchor=AUG)
    assert d.kind == "same" and d.date is None


def test_month_precision_anchor() -> None:
    a = Anchor(2022, 1, None, "text")
    assert one("On December 31, clashes", a) == ("2021-12-31", None, "day")
    assert one("in this month", a) == ("2022-01", None, "month")


def test_report_date_from_headings() -> None:
    text = "Weekly bulletin\n\nFebruary 2022 sees more raids\n\nIn March 2019 it was declared."
    assert report_date_from_text(text) == Anchor(2022, 2, None, "text")
    assert report_date_from_text("Published 3 May 2022\n\nText.") == Anchor(2022, 5, 3, "text")
    assert report_date_from_text("No date here.\n\nIn March 2019 it began.") is None


def test_make_anchor_prefers_the_caller() -> None:
    a = make_anchor(date(2022, 3, 1), "February 2021 report")
    assert (a.year, a.month, a.day, a.source) == (2022, 3, 1, "caller")
    assert make_anchor("2022-03-01").day == 1
    assert make_anchor(None, "February 2021 report\n\nText.").month == 2


def test_may_the_month_and_may_the_verb() -> None:
    assert one("raids in May killed", AUG) == ("2022-05", None, "month")
    assert find_dates("Cells may strike again.", anchor=AUG) == []
