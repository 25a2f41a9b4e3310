"""Date expressions anchored to the report date.

Reports say "On December 30", "January 16", "from December 29 to date", "in the past month",
"since early January 2021", "in August", "last week", "yesterday". Each is read against an
:class:`Anchor` — the report's date, given by the caller or read from the report ("January
2021" in a heading, "Published 31 March 2021") — possibly only partly known.

Output dates are ISO 8601 strings, as precise as the text: ``2021-01-16``, ``2021-01``,
``2021``; without a known year ``--08-15`` or ``--08``. A month later in the year than the
report's month belongs to the year before (December in a January report).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from gazetteer.model import init_by_slots, slot_setters
from mapper import guards
from mapper.guards import WordSets, lower_ascii, may_hold

MONTHS: dict[str, int] = {
    name.lower(): i for i, name in enumerate(calendar.month_name) if name
} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
} | {"sept": 9}
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_PART = r"(?:early|mid|late|the\s+(?:start|beginning|middle|end)\s+of|mid-)"
# one date: "December 30", "30 December 2020", "Dec. 30, 2020", "2021-01-16", "early January"
_ONE = (
    rf"(?:{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\d:])"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_YEAR}-\d{{2}}-\d{{2}}"
    rf"|(?:{_PART}\s*)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|(?:{_PART}\s+)?{_YEAR})"
)
_NOW = r"(?:date|now|today|the\s+present(?:\s+day)?|this\s+day)"
_RANGE = re.compile(
    rf"\b(?:from|between)\s+(?P<a>{_ONE})\s+(?:to|until|till|through|and|-|–)\s+"
    rf"(?:(?P<now>{_NOW})|(?P<b>{_ONE}))\b",
    re.IGNORECASE,
)
_SPAN = re.compile(
    rf"\b(?=[jfmasond])(?P<a>{_MONTH}\s+{_DAY})\s*(?:-|–|to)\s*(?P<d2>{_DAY})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?\b",
    re.IGNORECASE,
)
_SINCE = re.compile(
    rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+)?(?P<a>{_ONE})"
    rf"(?:\s+(?:to|until|till)\s+(?P<now>{_NOW}))?",
    re.IGNORECASE,
)
#: The lookaheads after ``\b`` hold the first letters of the alternatives (months, days,
#: years, "early"/"mid"/"late"/"the"; the relative phrases' first words): the same matches,
#: found without trying every alternative at every word.
_SINGLE = re.compile(rf"\b(?=[\djfmasondelt])(?P<a>{_ONE})\b", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(?=[\dytldiopfs])(?P<rel>yesterday|today|the\s+day\s+before\s+yesterday|last\s+night"
    r"|(?:in\s+|during\s+|over\s+|throughout\s+)?(?:the\s+)?(?:past|last|previous)\s+"
    r"(?:(?P<n>\d+|two|three|four|five|six|seven|ten|few)\s+)?(?P<unit>days?|weeks?|months?|years?)"
    r"|(?:in\s+|during\s+)?(?:this|the\s+current)\s+(?P<this>week|month|year)"
    r"|during\s+the\s+(?P<the>month|week)"
    r"|(?:in\s+|during\s+)?the\s+same\s+(?P<same>period|month|week|day|time)"
    r"|(?P<n2>\d+|two|three|four|five|six|seven|ten)\s+(?P<unit2>days?|weeks?|months?)\s+ago"
    r"|(?:on\s+|last\s+)(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.IGNORECASE,
)
#: Cheap guards (same case rules as the patterns they guard): every ``_ONE`` holds a month
#: name or a year ("19.."/"20.."); every ``_RELATIVE`` one of these words. A span without
#: them cannot match, and its regex scans are skipped.
_ABSOLUTE_HINT = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|19|20",
                            re.IGNORECASE)
_RELATIVE_HINT = re.compile(r"day|night|past|last|previous|this|current|during|same|ago",
                            re.IGNORECASE)
#: The guards' words, tested as substrings of lower-cased ASCII text (:mod:`mapper.guards`).
_ABSOLUTE_WORDS = tuple(_ABSOLUTE_HINT.pattern.split("|"))
_RELATIVE_WORDS = tuple(_RELATIVE_HINT.pattern.split("|"))
#: Every date expression :func:`find_dates` finds holds one of these (lower-case).
_DATE_WORDS = _ABSOLUTE_WORDS + _RELATIVE_WORDS
#: The two kinds' words (:func:`date_words_in`: absolute, relative).
DATE_WORD_LISTS = (_ABSOLUTE_WORDS, _RELATIVE_WORDS)
#: The two kinds' words, looked for in one pass (bit 0: absolute, bit 1: relative).
_DATE_WORD_SETS = WordSets(DATE_WORD_LISTS)


#: Words one of which every match of ``_RANGE`` / ``_SINCE`` holds (lower-case).
_RANGE_WORDS = ("from", "between")
_SINCE_WORDS = ("since",)


def _hint(hint: re.Pattern[str] | None, words: tuple[str, ...], text: str, start: int,
          end: int, low: str | None) -> bool:
    """Whether ``text[start:end]`` may hold one of ``words`` (``low``: the span lower-cased
    when it is ASCII, where a substring test is exact; else ``hint`` is searched, or,
    without one, the answer is yes)."""
    if low is not None:
        for w in words:
            if w in low:
                return True
        return False
    return hint is None or hint.search(text, start, end) is not None
#: Larger counts in "the past N days" / "N months ago" are not read as dates.
MAX_RELATIVE_DAYS = 100_000
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
          "few": 3}


@dataclass(frozen=True, slots=True)
class Anchor:
    """The report's date, possibly known only in part.

    Parameters
    ----------
    year, month, day
        What is known (``None`` where unknown).
    source
        ``caller`` (given by the user), ``text`` (read from the report) or ``none``.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    source: str = "none"

    @property
    def date(self) -> date | None:
        """The full date, when year, month and day are known."""
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None

    def iso(self) -> str | None:
        """The anchor as an ISO (partial) date string, or ``None`` when nothing is known."""
        return PartialDate(self.year, self.month, self.day).iso()


def _init_anchor_by_slots() -> None:
    """Make :class:`Anchor` (one per report read) by its slots
    (:func:`gazetteer.model.init_by_slots`)."""
    a0, a1, a2, a3 = slot_setters(Anchor)

    def anchor_init(self: Anchor, year: int | None = None, month: int | None = None,
                    day: int | None = None, source: str = "none") -> None:
        a0(self, year)
        a1(self, month)
        a2(self, day)
        a3(self, source)

    init_by_slots(Anchor, anchor_init)


_init_anchor_by_slots()


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of which the year, month or day may be unknown."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str | None:
        """ISO 8601 text: ``2021-01-16``, ``2021-01``, ``2021``, ``--08-15``, ``--08``."""
        if self.year is None:
            if self.month is None:
                return None
            if self.day is None:
                return f"--{self.month:02d}"
            return f"--{self.month:02d}-{self.day:02d}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``year`` or ``unknown``."""
        if self.day is not None and self.month is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.year is not None:
            return "year"
        return "unknown"


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression found in text.

    Parameters
    ----------
    start, end
        Span in the searched text.
    text
        The words as written.
    date, date_end
        ISO (partial) dates; ``date_end`` only for ranges.
    precision
        ``day``, ``month``, ``range``, ``year`` or ``unknown``.
    kind
        ``point`` (a day, month or year), ``range`` ("from ... to date", "since ..."),
        ``relative`` ("yesterday", "last week", "in the past month") or ``same`` ("in the same
        period": the caller resolves it to the period mentioned before).
    year_known
        False when the year could not be told (no report date, none in the text).
    """

    start: int
    end: int
    text: str
    date: str | None
    date_end: str | None
    precision: str
    kind: str = "point"
    year_known: bool = True


#: Patterns of :func:`_parse_one` and :func:`find_dates`, compiled once.
_SPACES_RE = re.compile(r"\s+")
_PART_LEAD_RE = re.compile(r"^(early|mid-?|late|the (?:start|beginning|middle|end) of)\s*",
                           re.I)
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_RE = re.compile(_YEAR)
_TRAILING_YEAR_RE = re.compile(rf",?\s+({_YEAR})$")
_MONTH_DAY_RE = re.compile(rf"({_MONTH})\s+(\d+)(?:st|nd|rd|th)?", re.I)
_DAY_MONTH_RE = re.compile(rf"(\d+)(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})", re.I)
_MONTH_RE = re.compile(_MONTH, re.I)
_DIGITS_RE = re.compile(r"\d+")
_BARE_YEAR_RE = re.compile(rf"(?:{_PART}\s+)?{_YEAR}", re.I)
_YEAR_AFTER_RE = re.compile(r"\b(?:in|during|of|by|since|throughout)\s+$")
_PART_RE = re.compile(_PART, re.I)
_BARE_ABBREVIATION_RE = re.compile(r"mar\.?|jun\.?|dec\.?|sept?\.?", re.I)


def _month(text: str) -> int | None:
    return MONTHS.get(text.lower().rstrip("."))


@lru_cache(maxsize=8192)
def _parse_one(text: str, anchor: Anchor, *, start_of: bool = True) -> PartialDate | None:
    """Read one date ("December 30", "early January 2021", "2021") against ``anchor``
    (memoized: a pure function of its arguments, all immutable)."""
    t = _SPACES_RE.sub(" ", text.strip())
    part = None
    if m := _PART_LEAD_RE.match(t):
        part = m.group(1).lower()
        t = t[m.end():]
    if _ISO_RE.fullmatch(t):
        try:
            d = date.fromisoformat(t)
        except ValueError:
            return None  # "2021-02-30" is no date
        return PartialDate(d.year, d.month, d.day)
    if _YEAR_RE.fullmatch(t):
        if part and start_of:
            month = 1 if part in ("early", "the start of", "the beginning of") else None
            month = 12 if part in ("late", "the end of") else month
            return PartialDate(int(t), month)
        return PartialDate(int(t))
    year = None
    if m := _TRAILING_YEAR_RE.search(t):
        year = int(m.group(1))
        t = t[:m.start()]
    day = month = None
    if m := _MONTH_DAY_RE.fullmatch(t):
        month, day = _month(m.group(1)), int(m.group(2))
    elif m := _DAY_MONTH_RE.fullmatch(t):
        day, month = int(m.group(1)), _month(m.group(2))
    elif m := _MONTH_RE.fullmatch(t):
        month = _month(m.group(0))
    else:
        return None
    if month is None:
        return None
    if year is None:
        year = _infer_year(month, anchor)
    if day is not None:
        if year is not None:
            try:
                date(year, month, day)
            except ValueError:
                return None
        elif day > 31:
            return None
    if part and day is None and month is not None and start_of is not None:
        # "since early August": the range starts on the 1st, 11th or 21st
        if start_of:
            day_of = {"early": 1, "mid": 11, "mid-": 11, "late": 21}
            day = day_of.get(part, 1 if "start" in part or "beginning" in part else None)
            if day is None and "middle" in part:
                day = 11
            if day is None and "end" in part:
                day = 21
    return PartialDate(year, month, day)


def _infer_year(month: int, anchor: Anchor) -> int | None:
    """The year of a month named without one: the report's year, or the year before when
    the month comes after the report's month (December in a January report)."""
    if anchor.year is None:
        return None
    if anchor.month is not None and month > anchor.month:
        return anchor.year - 1
    return anchor.year


def _to_date(p: PartialDate) -> date | None:
    if p.year and p.month and p.day:
        return date(p.year, p.month, p.day)
    return None


def _from_date(d: date) -> PartialDate:
    return PartialDate(d.year, d.month, d.day)


def _anchor_partial(anchor: Anchor) -> PartialDate:
    return PartialDate(anchor.year, anchor.month, anchor.day)


def _range(start: int, end: int, text: str, a: PartialDate | None, b: PartialDate | None,
           kind: str = "range") -> DateExpression:
    a_iso = a.iso() if a else None
    b_iso = b.iso() if b else None
    year_known = a is not None and a.year is not None
    if a is not None and b is not None and a.year is not None and b.year == a.year \
            and b.month == a.month and b.day is None:
        # "since early January 2021" in a January 2021 report: within that month
        return DateExpression(start, end, text, PartialDate(a.year, a.month).iso(), None,
                              "month", kind, year_known)
    if b_iso is None or b_iso == a_iso:
        precision = a.precision if a else "unknown"
        if kind == "range" and a is not None and a.day is not None and b is None:
            precision = "range"
        return DateExpression(start, end, text, a_iso, None, precision, kind, year_known)
    return DateExpression(start, end, text, a_iso, b_iso, "range", kind, year_known)


def _relative(m: re.Match[str], anchor: Anchor) -> DateExpression | None:
    text = m.group(0)
    rel = m.group("rel").lower()
    today = anchor.date
    ap = _anchor_partial(anchor)
    s, e = m.start(), m.end()
    if m.group("same"):
        return DateExpression(s, e, text, None, None, "unknown", "same", anchor.year is not None)
    if rel in ("yesterday", "last night", "today") or rel.startswith("the day before"):
        if today is None:
            return DateExpression(s, e, text, None, None, "unknown", "relative", False)
        back = {"yesterday": 1, "last night": 1, "today": 0}.get(rel, 2)
        d = today - timedelta(days=back)
        return DateExpression(s, e, text, d.isoformat(), None, "day", "relative")
    if m.group("wd"):
        if today is None:
            return DateExpression(s, e, text, None, None, "unknown", "relative", False)
        back = (today.weekday() - WEEKDAYS[m.group("wd").lower()]) % 7 or 7
        d = today - timedelta(days=back)
        return DateExpression(s, e, text, d.isoformat(), None, "day", "relative")
    this = (m.group("this") or m.group("the") or "").lower()
    if this:
        if this == "month":
            p = PartialDate(anchor.year, anchor.month)
            return DateExpression(s, e, text, p.iso(), None, p.precision, "relative",
                                  anchor.year is not None)
        if this == "year":
            return DateExpression(s, e, text, PartialDate(anchor.year).iso(), None,
                                  "year" if anchor.year else "unknown", "relative")
        if today is None:
            return DateExpression(s, e, text, ap.iso(), None, ap.precision, "relative",
                                  anchor.year is not None)
        d = today - timedelta(days=today.weekday())
        return DateExpression(s, e, text, d.isoformat(), today.isoformat(), "range", "relative")
    unit = (m.group("unit") or m.group("unit2") or "").lower().rstrip("s")
    n_text = (m.group("n") or m.group("n2") or "1").lower()
    n = int(n_text) if n_text.isdigit() else _SMALL.get(n_text, 1)
    ago = m.group("n2") is not None
    last_calendar = rel.startswith(("last month", "the last month", "previous month",
                                    "the previous month", "last year", "last week"))
    if unit == "month" and last_calendar and n == 1 and anchor.month is not None:
        y, mo = (anchor.year, anchor.month - 1) if anchor.month > 1 else (
            (anchor.year - 1) if anchor.year else None, 12)
        p = PartialDate(y, mo)
        return DateExpression(s, e, text, p.iso(), None, "month", "relative", y is not None)
    if unit == "year" and last_calendar and anchor.year is not None:
        return DateExpression(s, e, text, str(anchor.year - 1), None, "year", "relative")
    if n > MAX_RELATIVE_DAYS:
        return None  # "the past 99999 years": not a date before the calendar's start
    delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n),
             "month": relativedelta(months=n), "year": relativedelta(years=n)}[unit or "day"]
    try:
        if today is not None:
            d = today - delta
            if ago:
                return DateExpression(s, e, text, d.isoformat(), None, "day", "relative")
            return DateExpression(s, e, text, d.isoformat(), today.isoformat(), "range",
                                  "relative")
        if anchor.year is not None and anchor.month is not None and unit in ("month", "year"):
            first = date(anchor.year, anchor.month, 1) - delta
            a = PartialDate(first.year, first.month)
            return DateExpression(s, e, text, a.iso(), ap.iso(), "range", "relative")
    except (ValueError, OverflowError):
        return None  # before year 1
    return DateExpression(s, e, text, None, None, "unknown", "relative",
                          anchor.year is not None)


def may_hold_dates(text: str) -> bool:
    """Whether any span of ``text`` may hold a date expression.

    ``False`` only when ``text`` is ASCII and holds none of the guards' words in any case:
    then :func:`find_dates` finds nothing in any part of it, and a reader of its sentences
    can skip the search.

    Parameters
    ----------
    text
        A whole report or note.

    Returns
    -------
    bool
        ``False`` when no part of ``text`` can hold a date expression.

    Examples
    --------
    >>> may_hold_dates("Clashes near the town."), may_hold_dates("Shelling on 3 May.")
    (False, True)
    """
    return may_hold(text, _DATE_WORDS)


def date_words_in(text: str) -> tuple[bool, bool]:
    """Whether ``text`` may hold an absolute date (a month or year) and whether it may hold
    a relative one ("yesterday", "last week"), as :func:`find_dates` tells by its guard
    words before it searches.

    Parameters
    ----------
    text
        A whole report or note.

    Returns
    -------
    tuple of (bool, bool)
        ``(absolute, relative)``; ``False`` only when ``text`` is ASCII and holds none of
        that kind's words in any case (then no part of it holds that kind of date).

    Examples
    --------
    >>> date_words_in("Clashes on 3 May."), date_words_in("Shelling yesterday.")
    ((True, False), (False, True))
    """
    low = lower_ascii(text)
    if low is None:
        return True, True
    if guards.USE_WORD_SETS:
        held = _DATE_WORD_SETS.held(low)
        return held & 1 != 0, held & 2 != 0
    return _holds_any(low, _ABSOLUTE_WORDS), _holds_any(low, _RELATIVE_WORDS)


def _holds_any(low: str, words: tuple[str, ...]) -> bool:
    for w in words:
        if w in low:
            return True
    return False


def find_dates(text: str, *, anchor: Anchor | None = None, start: int = 0,
               end: int | None = None, words: tuple[bool, bool] | None = None
               ) -> list[DateExpression]:
    """Every date expression in ``text``, read against ``anchor``.

    Parameters
    ----------
    text
        Text to search; offsets in the result are into it.
    anchor
        The report's date (possibly partial); without one, years stay unknown.
    start, end
        Part of ``text`` to search.
    words
        :func:`date_words_in` of the whole ``text``, when the caller has it: a kind of
        date the whole text cannot hold is not looked for in the part (nor, when the part
        is the whole text, are its words looked for again).

    Returns
    -------
    list of DateExpression
        Non-overlapping, in order.

    Examples
    --------
    >>> a = Anchor(2021, 1, 31, "caller")
    >>> find_dates("On December 30, ...", anchor=a)[0].date
    '2020-12-30'
    """
    anchor = anchor or Anchor()
    end = len(text) if end is None else end
    if words is not None and start == 0 and end == len(text):
        low = lower_ascii(text)
        absolute, relative = words
    else:
        span = text[start:end]
        low = span.lower() if span.isascii() else None
        absolute = (words is None or words[0]) and \
            _hint(_ABSOLUTE_HINT, _ABSOLUTE_WORDS, text, start, end, low)
        relative = (words is None or words[1]) and \
            _hint(_RELATIVE_HINT, _RELATIVE_WORDS, text, start, end, low)
    if not absolute and not relative:
        return []  # most sentences: no month, year or relative word
    taken: list[tuple[int, int]] = []
    found: list[DateExpression] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    def add(expr: DateExpression | None) -> None:
        if expr is not None and free(expr.start, expr.end):
            taken.append((expr.start, expr.end))
            found.append(expr)

    now = _anchor_partial(anchor)
    ranges = absolute and _hint(None, _RANGE_WORDS, text, start, end, low)
    for m in _RANGE.finditer(text, start, end) if ranges else ():
        a = _parse_one(m.group("a"), anchor)
        b = now if m.group("now") else _parse_one(m.group("b"), anchor, start_of=False)
        if a is None:
            continue
        if a.year is None and b is not None and b.year is not None and a.month and b.month:
            a = PartialDate(b.year - (1 if a.month > b.month else 0), a.month, a.day)
        add(_range(m.start(), m.end(), m.group(0), a, b if b and b.iso() else None))
    for m in _SPAN.finditer(text, start, end) if absolute else ():
        a = _parse_one(m.group("a") + (f" {m.group('y')}" if m.group("y") else ""), anchor)
        if a is None or a.month is None:
            continue
        d2 = int(_DIGITS_RE.match(m.group("d2")).group(0))
        add(_range(m.start(), m.end(), m.group(0), a, PartialDate(a.year, a.month, d2)))
    since = absolute and _hint(None, _SINCE_WORDS, text, start, end, low)
    for m in _SINCE.finditer(text, start, end) if since else ():
        a = _parse_one(m.group("a"), anchor)
        if a is None:
            continue
        add(_range(m.start(), m.end(), m.group(0), a, now if now.iso() else None))
    for m in _SINGLE.finditer(text, start, end) if absolute else ():
        words = m.group("a")
        if _BARE_YEAR_RE.fullmatch(words):
            # a bare year only after "in"/"of"/"during" or with early/late
            before = text[max(start, m.start() - 8):m.start()].lower()
            if not _YEAR_AFTER_RE.search(before) and not _PART_RE.match(words):
                continue
        if words == "may" or _BARE_ABBREVIATION_RE.fullmatch(words):
            continue  # "may" the verb; bare abbreviations are too ambiguous
        if words.lower() == "may" and not re.search(
                r"\b(?:in|during|of|since|until|throughout|early|mid|late)\s+$",
                text[max(start, m.start() - 12):m.start()], re.IGNORECASE):
            continue
        p = _parse_one(words, anchor, start_of=None)
        if p is None:
            continue
        add(DateExpression(m.start(), m.end(), words, p.iso(), None, p.precision, "point",
                           p.year is not None))
    for m in _RELATIVE.finditer(text, start, end) if relative else ():
        add(_relative(m, anchor))
    found.sort(key=lambda d: d.start)
    return found


_LABELLED = re.compile(
    r"\b(?:published|report\s+date|date|dated|updated|posted)\s*(?:on|:)?\s*"
    rf"(?P<d>{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}-\d{{2}})",
    re.IGNORECASE,
)
#: A word each match of :data:`_LABELLED` holds (lower-case; see :mod:`mapper.guards`):
#: "report date" holds "date", so "report" (in most notes: "reported") is not one.
_LABELLED_WORDS = ("published", "date", "updated", "posted")
_FULL = re.compile(
    rf"\b(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", re.IGNORECASE)


def report_date_from_text(text: str, headings: list[str] | None = None) -> Anchor | None:
    """The report's own date, as far as the text says it.

    Looks, in order, for a labelled date ("Published 31 March 2021", "Report date: ..."),
    a full date in a heading, then a month and year in a heading ("January 2021 experiences
    ..."). Dates in running text ("in March 2019") are background, not the report's date.

    Parameters
    ----------
    text
        The report text.
    headings
        The report's heading lines (from :func:`mapper.segment.segments`); when ``None``
        they are found here.

    Returns
    -------
    Anchor or None
        With ``source="text"``.
    """
    if headings is None:
        from mapper.segment import segments

        headings = [s.text for s in segments(text) if s.kind == "heading"]
    head = text[:3000]
    if may_hold(head, _LABELLED_WORDS) and (m := _LABELLED.search(head)):
        p = _parse_one(m.group("d"), Anchor())
        if p is not None and p.year:
            return Anchor(p.year, p.month, p.day, "text")
    for h in headings:
        if m := _FULL.search(h):
            p = _parse_one(m.group(0), Anchor())
            if p is not None and p.year:
                return Anchor(p.year, p.month, p.day, "text")
    best: tuple[int, int] | None = None
    for h in headings:
        for m in _MONTH_YEAR.finditer(h):
            mo = _month(m.group("m"))
            if mo is not None:
                cand = (int(m.group("y")), mo)
                best = cand if best is None or cand > best else best
    if best is not None:
        return Anchor(best[0], best[1], None, "text")
    return None


def make_anchor(report_date: date | datetime | str | None, text: str = "", *,
                headings: list[str] | None = None) -> Anchor:
    """The anchor for relative dates: the caller's report date, else the text's, else none.

    Parameters
    ----------
    report_date
        A date, datetime or date string ("2021-01-31", "31 January 2021") from the caller.
    text
        The report text, searched when ``report_date`` is ``None``.
    headings
        The report's heading lines, if already known.

    Returns
    -------
    Anchor
        ``Anchor()`` (nothing known) when neither gives a date.
    """
    if isinstance(report_date, datetime):
        report_date = report_date.date()
    if isinstance(report_date, str) and report_date.strip():
        from dateutil import parser as date_parser  # (imported only when needed: 6 ms)

        report_date = date_parser.parse(report_date, dayfirst=True).date() \
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", report_date.strip()) \
            else date.fromisoformat(report_date.strip())
    if isinstance(report_date, date):
        return Anchor(report_date.year, report_date.month, report_date.day, "caller")
    return report_date_from_text(text, headings) or Anchor()
