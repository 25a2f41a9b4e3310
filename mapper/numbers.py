"""Numbers as reports write them: "39", "1,100", "thirty-nine", "nearly 155", "dozens".

Vague quantities follow ACLED's conventions (take the lowest figure): "several" and "a
number of" = 3, "tens" = 10, "dozens" = 12, "scores" = 20, "hundreds" = 100, "thousands" =
1000. "No fatalities" / "no casualties" is 0, not unknown.

Each :class:`Quantity` carries a ``qualifier``: ``exact``, ``approx`` ("nearly 155",
"about 20"), ``at_least`` ("over 1,100", "more than 50", "dozens") or ``at_most``
("up to 10", "fewer than 5").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gazetteer.model import init_by_slots, slot_setters
from mapper import guards

#: Values of :attr:`Quantity.qualifier`.
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most")
#: Figures larger than this are not counts of anything in a report (a typo, a serial
#: number, an attack on the parser): they are not read as numbers.
MAX_NUMBER = 10**15

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
#: Vague quantities and the figure coded for them (ACLED: the lowest figure).
VAGUE: dict[str, int] = {
    "a couple of": 2,
    "a few": 3,
    "few": 3,
    "several": 3,
    "a number of": 3,
    "a dozen": 12,
    "tens of": 10,
    "tens": 10,
    "dozens of": 12,
    "dozens": 12,
    "scores of": 20,
    "scores": 20,
    "hundreds of": 100,
    "hundreds": 100,
    "thousands of": 1000,
    "thousands": 1000,
}
#: Words before a number and the qualifier they give it.
MODIFIERS: dict[str, str] = {
    "nearly": "approx", "almost": "approx", "about": "approx", "around": "approx",
    "approximately": "approx", "roughly": "approx", "some": "approx", "an estimated": "approx",
    "close to": "approx", "estimated": "approx", "circa": "approx",
    "over": "at_least", "more than": "at_least", "at least": "at_least",
    "no less than": "at_least", "not less than": "at_least", "upwards of": "at_least",
    "in excess of": "at_least", "above": "at_least",
    "up to": "at_most", "less than": "at_most", "fewer than": "at_most", "under": "at_most",
    "no more than": "at_most", "not more than": "at_most",
}
#: What follows "no", "zero" or "without" in a zero phrase.
_ZERO_AFTER_WORD = (
    r"\s+(?:(?:human\s+)?(?:fatalities|casualties|deaths|dead|losses|injuries|injured|wounded"
    r"|victims)|one\s+(?:was\s+)?(?:killed|injured|wounded|hurt))\b")
#: "no fatalities" and the like: a count of zero for the noun that follows.
#: (Written "\b(?:no|zero|without)" with the word boundary tested after the first letter,
#: so that the pattern starts with a letter and ``re`` skips to the next n, z or w in C.)
ZERO_PHRASES = re.compile(
    r"(?:n(?<!\wn)o|z(?<!\wz)ero|w(?<!\ww)ithout(?:\s+any)?)" + _ZERO_AFTER_WORD,
    re.IGNORECASE,
)
#: The "no" phrases of :data:`ZERO_PHRASES` in lower-cased ASCII text (its other words,
#: "zero" and "without", are rare): starting with "no" written out, ``re`` looks for that
#: string in C instead of trying the lookbehind at every "n".
_NO_PHRASES_FOLDED = re.compile(r"no(?<!\wno)" + _ZERO_AFTER_WORD)
#: Switch for tests: a lower-cased text without "zero" or "without" is searched for "no"
#: phrases only (off: for every zero phrase).
SEARCH_NO_ONLY = True


def _alternation(words: list[str]) -> str:
    """A pattern of ``words``, tried in the given order, with the words that share a first
    letter behind it ("a(?:bout|lmost)|n(?:early|o less than)"): ``re`` tries one
    alternative per first letter at each position instead of every word. Words with
    different first letters cannot both match at one position, so the first word that
    matches is the same as in "about|almost|nearly|no less than"."""
    tails: dict[str, list[str]] = {}
    for w in words:
        tails.setdefault(w[0], []).append(w[1:])
    parts = [re.escape(first + rest[0]) if len(rest) == 1
             else re.escape(first) + "(?:" + "|".join(map(re.escape, rest)) + ")"
             for first, rest in tails.items()]
    return "|".join(parts)


_WORD = _alternation(sorted([*UNITS, *TENS], key=len, reverse=True))
_WORD_NUMBER = (
    rf"(?:(?:{_WORD})(?:[- ](?:{_WORD}))?)"
    rf"(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?(?:{_WORD})(?:[- ](?:{_WORD}))?)?)*"
    r"|(?:a|one)\s+(?:hundred|thousand)(?:\s+(?:and\s+)?(?:" + _WORD + r")(?:[- ](?:" + _WORD
    + r"))?)?"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s*(?:million|thousand))?"
_VAGUE = _alternation(sorted(VAGUE, key=len, reverse=True))
_MODS = _alternation(sorted(MODIFIERS, key=len, reverse=True))
_NUMBER = rf"(?:{_DIGITS}|{_WORD_NUMBER})"


def _prefix_trie(words: list[str], depth: int) -> str:
    """A pattern matching the first ``depth`` characters of any of ``words`` (all of a
    shorter word; a space: any white space), its alternatives nested by character
    ("t(?:e(?:n)|h(?:o(?:u)|r(?:e)))"): ``re`` tries one alternative per character.

    Parameters
    ----------
    words
        Lower-case words; a word may end with a space ("a ": "a" and white space).
    depth
        How many characters of each word are matched.

    Returns
    -------
    str
        The pattern (a superset: it matches at the start of every word of ``words``).
    """
    tails: dict[str, list[str]] = {}
    for w in words:
        tails.setdefault(w[0], []).append(w[1:])
    parts = []
    for first, rests in tails.items():
        char = r"\s" if first == " " else re.escape(first)
        if depth == 1 or "" in rests:
            parts.append(char)
        else:
            parts.append(f"{char}(?:{_prefix_trie(rests, depth - 1)})")
    return "|".join(parts)


#: The first four characters of every modifier, vague quantity and number word ("a " for
#: "a hundred": white space may follow): a quantity starts with one of them or a digit (a
#: lookahead that skips other words after a few characters; same matches).
_STARTS = _prefix_trie([*MODIFIERS, *VAGUE, *UNITS, *TENS, "a "], 4)
#: Where a quantity may start: not after a letter, digit, "_", ".", "," or "-".
_AFTER_WORD_BREAK = r"(?<![\w.,-])"
#: A quantity, as a case-insensitive pattern's source (:data:`_QUANTITY`).
_QUANTITY_SOURCE = (
    _AFTER_WORD_BREAK + rf"(?=\d|{_STARTS})(?:(?P<mod>{_MODS})\s+)?"
    rf"(?:(?P<vague>{_VAGUE})(?![\w-])|(?P<num>{_NUMBER})"
    rf"(?:\s*(?:-|–|to|or)\s*(?P<hi>{_NUMBER}))?(?![\w-]|,\d|\.\d))"
)


@functools.cache
def _quantity_pattern() -> re.Pattern[str]:
    """:data:`_QUANTITY`, compiled at first use: lower-cased ASCII text, most text, is
    searched with its folded forms (compiling it took ~15 ms of every start-up)."""
    return re.compile(_QUANTITY_SOURCE, re.IGNORECASE)


def __getattr__(name: str) -> Any:
    """The module's attributes made when first asked for: :data:`_QUANTITY`."""
    if name == "_QUANTITY":
        return _quantity_pattern()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The case-sensitive forms of the two patterns, for lower-cased ASCII text
#: (:func:`mapper.guards.folded_form`, here of the quantity's source).
_QUANTITY_FOLDED = guards.fold_source(_QUANTITY_SOURCE, re.IGNORECASE)
_ZERO_PHRASES_FOLDED = guards.folded_form(ZERO_PHRASES)
#: Find quantities in lower-cased ASCII text with :data:`_QUANTITY_AFTER_BREAK` (off: with
#: :data:`_QUANTITY_FOLDED` at every offset; the tests compare the two).
SKIP_TO_BREAKS = True
#: :data:`_QUANTITY_FOLDED` with its lookbehind turned into the character it looks at,
#: spelled as ASCII ranges: ``re`` skips in C to the next character that may come before a
#: quantity, instead of trying the lookbehind at every offset. Every quantity ends with a
#: letter or digit, so the character after one match is never the start of the next: a
#: search from there finds what the lookbehind finds. For lower-cased ASCII text only.
_QUANTITY_AFTER_BREAK = None if _QUANTITY_FOLDED is None else re.compile(
    "[^0-9a-z_.,-]" + _QUANTITY_FOLDED.pattern.removeprefix(_AFTER_WORD_BREAK))
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_SPLIT_WORDS_RE = re.compile(r"[\s-]+")
_FIGURE_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(million|thousand)?")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text.

    Parameters
    ----------
    start, end
        Span in the text searched (the modifier included: "over 1,100").
    text
        The words as written.
    value
        The figure to code (the lowest figure of a range or vague quantity).
    qualifier
        ``exact``, ``approx``, ``at_least`` or ``at_most``.
    vague
        True for "dozens", "several" and the like.
    """

    start: int
    end: int
    text: str
    value: int
    qualifier: str = "exact"
    vague: bool = False


def _init_quantity_by_slots() -> None:
    """Make :class:`Quantity` by its slots (:func:`gazetteer.model.init_by_slots`)."""
    q0, q1, q2, q3, q4, q5 = slot_setters(Quantity)

    def quantity_init(self: Quantity, start: int, end: int, text: str, value: int,
                      qualifier: str = "exact", vague: bool = False) -> None:
        q0(self, start)
        q1(self, end)
        q2(self, text)
        q3(self, value)
        q4(self, qualifier)
        q5(self, vague)

    init_by_slots(Quantity, quantity_init)


_init_quantity_by_slots()


def _words_value(words: str) -> int | None:
    total = 0
    current = 0
    seen = False
    for w in _SPLIT_WORDS_RE.split(words.lower().strip()):
        if not w or w == "and":
            continue
        if w in ("a",):
            current = 1
        elif w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million"):
            total += max(current, 1) * SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> int | None:
    """The integer a number word or figure stands for.

    Parameters
    ----------
    text
        "39", "1,100", "eight", "thirty-nine", "one hundred and five", "2.5 thousand",
        "dozens", "several".

    Returns
    -------
    int or None
        ``None`` when ``text`` is not a number.

    Examples
    --------
    >>> parse_number("thirty-nine")
    39
    >>> parse_number("1,100")
    1100
    """
    t = text.strip().casefold()
    if not t:
        return None
    if t in VAGUE:
        return VAGUE[t]
    if t in ("no", "none", "zero"):
        return 0
    m = _FIGURE_RE.fullmatch(t)
    if m:
        digits = m.group(1).replace(",", "")
        if len(digits.split(".")[0].lstrip("0")) > len(str(MAX_NUMBER)):
            return None
        value = Decimal(digits)
        if m.group(2):
            value *= SCALES[m.group(2)]
        return int(value) if value <= MAX_NUMBER else None
    value = _words_value(t)
    return value if value is None or value <= MAX_NUMBER else None


def _matches_after_breaks(low: str, start: int, end: int) -> Iterator[tuple[int, re.Match[str]]]:
    """``(m.start(), m)`` of each ``_QUANTITY_FOLDED.finditer(low, start, end)``, found with
    :data:`_QUANTITY_AFTER_BREAK` (its matches start one character early)."""
    assert _QUANTITY_FOLDED is not None and _QUANTITY_AFTER_BREAK is not None
    pos = start - 1
    if start <= 0:  # nothing before the text: the lookbehind holds at its first offset
        first = _QUANTITY_FOLDED.match(low, 0, end)
        pos = 0
        if first is not None:
            yield 0, first
            pos = first.end()
    for m in _QUANTITY_AFTER_BREAK.finditer(low, pos, end):
        yield m.start() + 1, m


def find_quantities(text: str, *, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number in ``text`` (figures, number words, vague quantities), in order.

    Ordinals ("5th Corps") and the parts of "1,100" or "2.5" are not separate numbers.
    "No fatalities" / "no casualties" is returned as a quantity of 0.

    Parameters
    ----------
    text
        Text to search; offsets in the result are into it.
    start, end
        Part of ``text`` to search.

    Returns
    -------
    list of Quantity
    """
    end = len(text) if end is None else end
    low = guards.lower_ascii(text) if guards.USE_FOLDED else None
    if low is None or _QUANTITY_FOLDED is None or _ZERO_PHRASES_FOLDED is None:
        searched, quantity, zero = text, _quantity_pattern(), ZERO_PHRASES
    else:  # the same spans, found faster in the lower-cased text
        searched, quantity, zero = low, _QUANTITY_FOLDED, _ZERO_PHRASES_FOLDED
    found: list[Quantity] = []
    if searched is low and SKIP_TO_BREAKS and _QUANTITY_AFTER_BREAK is not None:
        matches = _matches_after_breaks(low, start, end)
    else:
        matches = ((m.start(), m) for m in quantity.finditer(searched, start, end))
    for s, m in matches:
        e = m.end()
        num = m.group("num")
        if num and _ORDINAL_AFTER.match(text[e:e + 3]):
            continue
        vague_words = m.group("vague")
        if vague_words:
            word = vague_words.casefold()  # "ſeveral" matches in any case: "several"
            value = VAGUE[word]
            qualifier, vague = ("exact", False) if word == "a dozen" else ("at_least", True)
        else:
            value = parse_number(num)
            if value is None:
                continue
            qualifier, vague = "exact", False
            hi_words = m.group("hi")
            if hi_words is not None:
                hi = parse_number(hi_words)
                if hi is not None and hi > value:
                    qualifier = "at_least"
                elif hi is not None and hi < value:
                    value = hi
                    qualifier = "at_least"
        mod = m.group("mod")
        if mod:
            qualifier = MODIFIERS[mod.casefold()]
        found.append(Quantity(s, e, text[s:e], value, qualifier, vague))
    if searched is low and SEARCH_NO_ONLY and _only_no_phrases(low, start, end):
        zero = _NO_PHRASES_FOLDED
    read = len(found)
    for m in zero.finditer(searched, start, end):
        s, e = m.span()
        found.append(Quantity(s, e, text[s:e], 0, "exact", False))
    if len(found) > read:  # the numbers are in order: only zero phrases need sorting in
        found.sort(key=_start)
    return found


def _start(q: Quantity) -> int:
    return q.start


def _only_no_phrases(low: str, start: int, end: int) -> bool:
    """Whether the zero phrases of ``low[start:end]`` (lower-cased ASCII, searched as
    ``re`` does: offsets below 0 read as 0) can only be "no" phrases."""
    start, end = max(start, 0), max(end, 0)
    return low.find("zero", start, end) < 0 and low.find("without", start, end) < 0


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in ``text`` ("nearly 155" → 155, approx), or ``None``."""
    found = find_quantities(text)
    return found[0] if found else None
