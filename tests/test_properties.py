"""Property-based tests (hypothesis): the text functions never raise, keep their
invariants, and round-trip where a round trip exists.

* ``gazetteer.normalize``: any text → a clean key; idempotent on names as reporters write
  them; the gazetteer's look-ups never raise.
* ``mapper.numbers``: any text; number words and figures ↔ the integers they were made from.
* ``mapper.dates``: any text and report date; written dates ↔ the dates they were made from.
* ``mapper.reports``: Markdown and HTML reduction keep offsets; decoding never crashes.
* ``mapper.map_data.safe_json``: any text survives and can never close a ``<script>``.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta
from functools import cache

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from gazetteer.normalize import ARTICLES, is_arabic, normalize_name, phonetic_key, tokenize
from mapper.dates import Anchor, find_dates, make_anchor, report_date_from_text
from mapper.numbers import MAX_NUMBER, find_quantities, parse_number, parse_quantity
from mapper.reports import ReportParseError, decode_bytes, html_to_text, markdown_to_text

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

#: Characters that break naive text code: controls, bidi marks, BOM, line and paragraph
#: separators, combining marks, tatweel, fraction and full-width forms, a lone surrogate.
NASTY = ["\x00", "\x1b", "\r", "\t", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff",
         "\u2028", "\u2029", "\u0301", "\u0651", "\u0640", "½", "Ｈ", "ﷲ", "ß", "İ", "\ud800",
         "(", ")", "[", "]", "{", "}", "-", "–", "'", "ʿ", ",", ".", " ", "\n", "9"]
#: Words that reach the interesting branches.
WORDS = ["Homs", "Deir", "ez-Zor", "Al-Sukhnah", "دير", "الزور", "al", "el-", "the", "near",
         "desert", "highway", "between", "and", "killed", "five", "thirty-nine", "hundred",
         "dozens", "1,100", "March", "4", "2021", "since", "to", "date", "ago", "days",
         "yesterday", "last", "month", "early"]

any_char = st.one_of(st.characters(exclude_categories=()), st.sampled_from(NASTY))
nasty_text = st.one_of(
    st.text(any_char, max_size=200),
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(NASTY),
                       st.text(any_char, max_size=8)), max_size=60).map(" ".join),
)


# ---------------------------------------------------------------------------------------
# gazetteer.normalize


@FAST
@given(nasty_text)
def test_normalize_never_raises_and_gives_a_clean_key(text: str) -> None:
    key = normalize_name(text)
    assert isinstance(key, str)
    assert key == key.strip() and "  " not in key
    assert key == key.casefold()
    assert isinstance(is_arabic(text), bool)
    assert isinstance(phonetic_key(text), str)
    for start, end, word in tokenize(text):
        assert text[start:end] == word and word


ARTICLE = st.sampled_from(["", "al-", "Al ", "el-", "ad-", "ar-", "as-", "ash-", "az-",
                           "ez-", "Al-", "ال"])


def _a_word(base: str) -> bool:
    """A base that stays one word of its own (not empty, not an article, not 'ال…')."""
    key = normalize_name(base)
    return bool(key) and " " not in key and key not in ARTICLES and not base.startswith("ال")


LATIN_BASE = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzāīūḥṣṭẓʿ'’éèöüAEIOUDSKZ"),
                     min_size=1, max_size=10).filter(_a_word)
ARABIC_BASE = st.text(st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئءًٌٍَُِّْـ"),
                      min_size=1, max_size=8).filter(_a_word)


@st.composite
def place_names(draw: st.DrawFn) -> str:
    """Names as reporters write them: articles, hyphens, apostrophes, diacritics, Arabic."""
    words = []
    for _ in range(draw(st.integers(1, 4))):
        article = draw(ARTICLE)
        base = draw(ARABIC_BASE) if article == "ال" else draw(st.one_of(LATIN_BASE,
                                                                          ARABIC_BASE))
        words.append(article + base)
    return draw(st.sampled_from([" ", "-", " - "])).join(words)


@FAST
@given(place_names())
@example("الآلآآ")  # the article stripped twice: "الالاا" → "الاا" → "اا"
def test_normalize_is_idempotent_on_place_names(name: str) -> None:
    key = normalize_name(name)
    assert normalize_name(key) == key
    assert phonetic_key(key, normalized=True) == phonetic_key(name)


def _nfkd_is_a_word(ch: str) -> bool:
    return all(c.isalnum() or unicodedata.combining(c)
               for c in unicodedata.normalize("NFKD", ch))


@FAST
@given(st.text(st.characters(exclude_categories=("Cs",)).filter(_nfkd_is_a_word),
               max_size=40))
def test_normalize_is_idempotent_on_any_letters(text: str) -> None:
    key = normalize_name(text)
    assume(not any(w.startswith("ال") for w in key.split()))  # "الالرقة": doubled article
    assert normalize_name(key) == key


def test_normalize_is_idempotent_on_compatibility_fractions() -> None:
    assert normalize_name(normalize_name("½")) == normalize_name("½")


@cache
def _gazetteer():  # noqa: ANN202 - a Gazetteer, imported lazily
    from gazetteer import Gazetteer

    return Gazetteer.default()


@FAST
@given(nasty_text)
def test_gazetteer_lookups_never_raise(text: str) -> None:
    gaz = _gazetteer()
    for cand in gaz.candidates(text, limit=3):
        assert 0.0 <= cand.score <= 1.0 + 1e-9
    gaz.resolve(text)
    for m in gaz.find_mentions(text):
        assert 0 <= m.start < m.end <= len(text)


def test_gazetteer_lookup_of_a_very_long_name() -> None:
    gaz = _gazetteer()
    assert gaz.candidates("A" * 300) == []
    assert gaz.resolve("Homs" * 200).place is None or True  # no exception is the point


# ---------------------------------------------------------------------------------------
# mapper.numbers

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
         "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words_below_1000(n: int, *, hyphen: str, use_and: bool) -> str:
    """0 < n < 1000 in English words."""
    parts = []
    if n >= 100:
        parts.append(f"{UNITS[n // 100]} hundred")
        n %= 100
        if n and use_and:
            parts.append("and")
    if n >= 20:
        parts.append(TENS[n // 10] + (f"{hyphen}{UNITS[n % 10]}" if n % 10 else ""))
    elif n:
        parts.append(UNITS[n])
    return " ".join(parts)


def to_words(n: int, *, hyphen: str = "-", use_and: bool = False) -> str:
    """A non-negative integer below a billion in English words."""
    if n == 0:
        return "zero"
    out = []
    for scale, name in ((1_000_000, "million"), (1000, "thousand"), (1, "")):
        chunk = (n // scale) % 1000
        if chunk:
            out.append(words_below_1000(chunk, hyphen=hyphen, use_and=use_and)
                       + (f" {name}" if name else ""))
    return " ".join(out)


@FAST
@given(nasty_text)
def test_number_parsing_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or (isinstance(value, int) and 0 <= value <= MAX_NUMBER)
    found = find_quantities(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    for q in found:
        assert text[q.start:q.end] == q.text
        assert 0 <= q.value <= MAX_NUMBER
    parse_quantity(text)


@FAST
@given(st.integers(0, 999_999_999), st.sampled_from(["-", " "]), st.booleans(),
       st.sampled_from([str.lower, str.title, str.upper]))
def test_number_words_round_trip(n: int, hyphen: str, use_and: bool, case) -> None:  # noqa: ANN001
    words = case(to_words(n, hyphen=hyphen, use_and=use_and))
    assert parse_number(words) == n


@FAST
@given(st.integers(0, MAX_NUMBER))
def test_figures_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@FAST
@given(st.integers(1, 999_999), st.sampled_from(["killed", "left", "wounded"]))
def test_quantities_in_a_sentence(n: int, verb: str) -> None:
    for written in (str(n), f"{n:,}", to_words(n)):
        text = f"The attack {verb} {written} soldiers near Homs."
        values = [q.value for q in find_quantities(text)]
        assert n in values, (text, values)


def test_absurd_figures_are_not_numbers() -> None:
    assert parse_number("9" * 400) is None
    assert parse_number("9" * 5000 + " thousand") is None
    assert find_quantities("killing " + "9" * 400 + " people") == []


# ---------------------------------------------------------------------------------------
# mapper.dates

anchors = st.one_of(
    st.just(Anchor()),
    st.builds(lambda d: Anchor(d.year, d.month, d.day, "caller"),
              st.dates(date(1, 1, 1), date(9999, 12, 31))),
    st.builds(lambda y, m: Anchor(y, m, None, "text"), st.integers(1900, 2100),
              st.integers(1, 12)),
    st.builds(lambda y: Anchor(y, None, None, "text"), st.integers(1900, 2100)),
)
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def _iso_ok(value: str | None) -> bool:
    if value is None:
        return True
    if value.startswith("--"):
        return len(value) in (4, 7)
    try:
        date.fromisoformat(value) if len(value) == 10 else int(value[:4])
    except ValueError:
        return False
    return True


@FAST
@given(nasty_text, anchors)
def test_date_parsing_never_raises(text: str, anchor: Anchor) -> None:
    for d in find_dates(text, anchor=anchor):
        assert 0 <= d.start <= d.end <= len(text)
        assert text[d.start:d.end] == d.text
        assert _iso_ok(d.date) and _iso_ok(d.date_end)
        if d.date and d.date_end and len(d.date) == len(d.date_end) == 10:
            assert d.date <= d.date_end
    report_date_from_text(text)
    make_anchor(None, text)


@FAST
@given(st.dates(date(1990, 1, 1), date(2049, 12, 31)), st.integers(0, 3), anchors)
def test_written_dates_round_trip(d: date, style: int, anchor: Anchor) -> None:
    month = MONTH_NAMES[d.month - 1]
    written = [f"{month} {d.day}, {d.year}", f"{d.day} {month} {d.year}",
               f"{month} {d.day} {d.year}", d.isoformat()][style]
    found = find_dates(f"The attack took place on {written}, officials said.", anchor=anchor)
    assert [(x.date, x.precision) for x in found] == [(d.isoformat(), "day")], written


@FAST
@given(st.dates(date(1990, 1, 1), date(2049, 12, 31)))
def test_month_and_year_round_trip(d: date) -> None:
    text = f"Raids continued in {MONTH_NAMES[d.month - 1]} {d.year} across the desert."
    found = find_dates(text, anchor=Anchor())
    assert [(x.date, x.precision) for x in found] == [(f"{d.year:04d}-{d.month:02d}",
                                                       "month")]


@FAST
@given(st.dates(date(1990, 1, 1), date(2049, 12, 31)), st.integers(2, 900))
def test_days_ago_round_trip(anchor_day: date, n: int) -> None:
    anchor = Anchor(anchor_day.year, anchor_day.month, anchor_day.day, "caller")
    (found,) = find_dates(f"The cell struck {n} days ago.", anchor=anchor)
    assert found.date == (anchor_day - timedelta(days=n)).isoformat()


# ---------------------------------------------------------------------------------------
# mapper.reports

md_text = st.lists(st.one_of(
    st.sampled_from(["**", "*", "_", "__", "`", "[", "](", ")", "![", "# ", "- ", "> ", "|",
                     "---", "\n", "\\", "<b>", "</b>", "<!--", "-->", "http://x.org/a_b",
                     "[1]: ", "~~"]),
    st.sampled_from(WORDS), st.text(any_char, max_size=5)), max_size=80).map("".join)


@FAST
@given(md_text)
def test_markdown_reduction_keeps_every_offset(source: str) -> None:
    reduced = markdown_to_text(source)
    assert len(reduced) == len(source)
    for a, b in zip(source, reduced, strict=True):
        assert b == a or (b == " " and a not in "\n\r")


html_text = st.lists(st.one_of(
    st.sampled_from(["<p>", "</p>", "<script>", "</script>", "<style>", "<br/>", "<li>",
                     "&amp;", "&nbsp;", "&#1583;", "&bogus;", "&#99999999;", "<!--", "-->",
                     "<", ">", "<a href='x'>", "</a>", "<![CDATA[", "]]>", "\n", "\r\n",
                     "<!doctype html>", "<div class=\"", "\""]),
    st.sampled_from(WORDS), st.text(any_char, max_size=5)), max_size=80).map("".join)


@FAST
@given(html_text)
def test_html_reduction_never_raises_and_maps_into_the_source(source: str) -> None:
    text, text_starts, orig_starts = html_to_text(source)
    assert len(text_starts) == len(orig_starts)
    assert text_starts == sorted(text_starts)
    assert all(0 <= o <= len(source) for o in orig_starts)
    assert all(0 <= t <= len(text) for t in text_starts)


@FAST
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_a_clear_refusal(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except ReportParseError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and encoding


@FAST
@given(st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=300))
def test_utf8_text_round_trips(text: str) -> None:
    assume(not text.startswith("\ufeff"))
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


# ---------------------------------------------------------------------------------------
# map data in the HTML page


@FAST
@given(st.recursive(st.none() | st.booleans() | st.integers() | nasty_text.filter(
    lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s)),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=20))
def test_safe_json_never_closes_a_script(obj: object) -> None:
    from mapper.map_data import safe_json

    out = safe_json(obj)
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == obj
