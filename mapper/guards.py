"""Cheap word tests in front of case-insensitive regular expressions, and their ASCII form.

A case-insensitive pattern with many alternatives scans the whole text to say "no"; most
sentences hold none of its words. :class:`Guarded` first looks for the words one of which
every match holds, as substrings of the lower-cased text, and runs the pattern only when
one is there. That test is exact for ASCII text (where case-insensitive matching is
lower-casing); other text (Unicode case rules: "ſ" matches "s") always runs the pattern.
Keep the words in step with the pattern: they may admit more than it needs, never less
(``tests/test_speed_invariants.py`` checks the guards on sample text).

For the same reason a case-insensitive pattern matches ASCII text exactly as its
lower-case, case-sensitive form (:func:`folded_form`) matches the lower-cased text, at the
same offsets (lower-casing ASCII keeps every character in place); ``re`` runs the
case-sensitive form about twice as fast.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["Guarded", "GuardedRules", "WordSets", "first_match", "fold_source", "folded_form",
           "SpanWords", "lower_ascii", "may_hold"]

#: Search with the folded forms of patterns (:func:`folded_form`); off, every search
#: runs the case-insensitive pattern itself (the tests compare the two).
USE_FOLDED = True

#: Look for the words of several guards in one pass over the text (:class:`WordSets`); off,
#: each word is looked for on its own (the tests compare the two).
USE_WORD_SETS = True

#: Words a guard marks as starting a word (:attr:`Guarded.starts`) count in a one-pass
#: search (:class:`WordSets`) only where they start one; off, wherever they are (the tests
#: compare the two).
USE_WORD_STARTS = True

#: The characters of ASCII words, as ``re``'s ``\b`` reads lower-cased ASCII text.
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")

#: :meth:`SpanWords.held` looks for the first hit by bisection past this many hits.
_FEW_HITS = 16

#: The text last lower-cased by :func:`lower_ascii` and its lower case (one tuple, replaced
#: whole): a sentence is tried against several guards in a row (one event rule after
#: another).
_last: tuple[str, str] = ("", "")
#: The text lower-cased before it, kept too (:data:`KEEP_TWO`): a note's reader asks in
#: turn for the note's and for the sentence's.
_before: tuple[str, str] = ("", "")
#: :func:`lower_ascii` keeps the last two texts (off: the last one; the tests compare the
#: two).
KEEP_TWO = True

#: What a pattern may not hold to have a folded form, as lower-casing would change it: an
#: upper-case escape (``\D``, ``\S``, ``\N{...}``, ...), group name or range end (``[A-z]``
#: holds "_", ``[a-z]`` does not), inline flags (``(?-i:...)``) and "(?P" in a set.
_UNFOLDABLE_RE = re.compile(
    r"\\[A-Z]|\(\?(?:P[<=]|\()[^>)]*[A-Z]|[A-Z]-|-[A-Z]|\(\?[aiLmsux-]|\[[^\]]*\(\?P")
#: The parts of a pattern's source lower-cased one by one: escapes and "(?P" are kept.
_SOURCE_PART_RE = re.compile(r"\\.|\(\?P|[A-Z]", re.DOTALL)


def lower_ascii(text: str) -> str | None:
    """``text.lower()`` when ``text`` is ASCII (kept for the next call), else ``None``."""
    global _last, _before
    seen, low = _last
    if text is seen or text == seen:  # (kept: ASCII)
        return low
    if not text.isascii():
        return None
    if KEEP_TWO:
        seen, low = kept = _before
        if text is seen or text == seen:
            _before, _last = _last, kept
            return low
        _before = _last
    low = text.lower()
    _last = (text, low)
    return low


def may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False only when ``text`` is ASCII and holds none of ``words`` (lower-case) in any
    case."""
    low = lower_ascii(text)
    if low is None:
        return True
    for w in words:
        if w in low:
            return True
    return False


def _has_case(char: str) -> bool:
    return char.lower() != char or char.upper() != char


def _lower_part(m: re.Match[str]) -> str:
    part = m.group(0)
    return part.lower() if len(part) == 1 else part


def folded_form(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive form of a case-insensitive ``pattern`` for lower-cased ASCII
    text, or ``None`` when there is none.

    ``folded_form(p).search(text.lower(), pos, endpos)`` finds, for ASCII ``text``, the
    spans ``p.search(text, pos, endpos)`` finds (groups at the same offsets, their text
    lower-cased).

    Parameters
    ----------
    pattern
        A compiled pattern.

    Returns
    -------
    re.Pattern or None
        ``None`` when ``pattern`` is not case-insensitive, or holds what lower-casing its
        source would change other than ASCII letters (see :data:`_UNFOLDABLE_RE`; a
        non-ASCII letter, whose case rules reach ASCII letters: "ſ" matches "s").
    """
    source = pattern.pattern
    if not isinstance(source, str):
        return None
    return fold_source(source, pattern.flags)


def fold_source(source: str, flags: int) -> re.Pattern[str] | None:
    """:func:`folded_form` of the pattern ``re.compile(source, flags)``, without compiling
    that pattern (a long case-insensitive pattern takes milliseconds to compile, and ASCII
    text needs only its folded form).

    Parameters
    ----------
    source
        A pattern's source.
    flags
        Its flags (``re.IGNORECASE`` among them, else there is no folded form).

    Returns
    -------
    re.Pattern or None
        As :func:`folded_form`.
    """
    if not flags & re.IGNORECASE:
        return None
    if _UNFOLDABLE_RE.search(source):
        return None
    if any(not c.isascii() and _has_case(c) for c in source):
        return None
    lowered = _SOURCE_PART_RE.sub(_lower_part, source)
    try:
        return re.compile(lowered, flags & ~re.IGNORECASE)
    except re.error:  # a range lower-casing turned around
        return None


@dataclass(frozen=True, slots=True)
class Guarded:
    """A compiled pattern and the lower-case words one of which each of its matches holds.

    Parameters
    ----------
    pattern
        The pattern (case-insensitive, or matching only the words' spellings).
    words
        Lower-case substrings; every match of ``pattern`` contains one, in some case.
    starts
        Those of ``words`` that start a word (``\\b`` before them in ``pattern``) wherever
        a match holds them: every match holds a word of ``words`` not in ``starts``, or one
        in ``starts`` at the start of a word (a search for all the words in one pass,
        :class:`WordSets`, skips them elsewhere: the "ied" of "died").
    """

    pattern: re.Pattern[str]
    words: tuple[str, ...]
    starts: frozenset[str] = frozenset()
    folded: re.Pattern[str] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", folded_form(self.pattern))

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when no word is in ``text``."""
        low = lower_ascii(text)
        if low is None:
            return self.pattern.search(text)
        for w in self.words:
            if w in low:
                break
        else:
            return None
        return _search_lower(self, text, low)

    def holds(self, text: str) -> bool:
        """Whether ``pattern`` matches in ``text``: ``search(text) is not None``, without
        the match (in ASCII text, the folded form's search alone)."""
        low = lower_ascii(text)
        if low is None:
            return self.pattern.search(text) is not None
        for w in self.words:
            if w in low:
                break
        else:
            return False
        if self.folded is None or not USE_FOLDED:
            return self.pattern.search(text) is not None
        return self.folded.search(low) is not None


def first_match(rules: Sequence[Guarded], text: str) -> tuple[int, re.Match[str]] | None:
    """The first of ``rules`` whose pattern matches ``text``: its index and
    ``rule.search(text)``, or ``None`` when none matches.

    Parameters
    ----------
    rules
        Guarded patterns, in the order they are tried.
    text
        The text searched.

    Returns
    -------
    tuple of (int, re.Match) or None
    """
    low = lower_ascii(text)
    for i, rule in enumerate(rules):
        if low is None:
            m = rule.pattern.search(text)
        else:
            for w in rule.words:
                if w in low:
                    break
            else:
                continue
            m = _search_lower(rule, text, low)
        if m is not None:
            return i, m
    return None


def _search_lower(rule: Guarded, text: str, low: str) -> re.Match[str] | None:
    """``rule.pattern.search(text)`` for ASCII ``text`` with ``low`` its lower case."""
    if rule.folded is None or not USE_FOLDED:
        return rule.pattern.search(text)
    m = rule.folded.search(low)
    # the same leftmost match: the pattern itself gives its groups' original text
    return None if m is None else rule.pattern.match(text, m.start())


class WordSets:
    """Which of several lists of lower-case words a lower-cased text holds a word of, found
    in one pass over the text (an Aho-Corasick automaton) instead of one substring search
    per word.

    Parameters
    ----------
    lists
        Lists of lower-case words; list ``i`` sets bit ``i`` of :meth:`held`.
    starts
        For each list (or for the first ones), those of its words that count only where
        they start a word (the character before them is not a letter, digit or "_"), as a
        pattern's ``\\b`` reads lower-cased ASCII text.
    """

    __slots__ = ("_automaton", "_starts")

    def __init__(self, lists: Sequence[Sequence[str]],
                 starts: Sequence[Collection[str]] = ()) -> None:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        #: Per word: bits it sets wherever it is, bits it sets at a word start, its length.
        values: dict[str, tuple[int, int, int]] = {}
        for i, words in enumerate(lists):
            at_start = starts[i] if i < len(starts) else ()
            for w in words:
                anywhere, first, n = values.get(w, (0, 0, len(w)))
                if w in at_start:
                    first |= 1 << i
                else:
                    anywhere |= 1 << i
                values[w] = (anywhere, first & ~anywhere, n)
        self._starts = any(first for _, first, _ in values.values())
        for w, value in values.items():
            automaton.add_word(w, value)
        automaton.make_automaton()
        self._automaton = automaton if len(automaton) else None

    def held(self, low: str) -> int:
        """The lists ``low`` holds a word of (as substrings; words that count only at a
        word start, there), as bits: bit ``i`` for list ``i``."""
        mask = 0
        if self._automaton is None:
            return mask
        if not self._starts:
            for _, value in self._automaton.iter(low):
                mask |= value[0]
            return mask
        if not USE_WORD_STARTS:
            for _, (anywhere, first, _) in self._automaton.iter(low):
                mask |= anywhere | first
            return mask
        word_chars = _WORD_CHARS
        for end, (anywhere, first, n) in self._automaton.iter(low):
            mask |= anywhere
            if first & ~mask and (end < n or low[end - n] not in word_chars):
                mask |= first
        return mask

    def spans(self, low: str) -> SpanWords:
        """Every word of ``low``, found in one pass, for :meth:`held` of any part of it."""
        hits: list[tuple[int, int, int, int]] = []
        whole, first = 0, len(low)
        if self._automaton is not None:
            word_chars = _WORD_CHARS
            starts = USE_WORD_STARTS
            append = hits.append
            for end, (anywhere, at_start, n) in self._automaton.iter(low):
                start = end - n + 1
                if start < first:
                    first = start
                if at_start and (not starts or start == 0 or low[start - 1] not in word_chars):
                    anywhere |= at_start
                    at_start = 0
                whole |= anywhere
                append((start, end + 1, anywhere, at_start))
        return SpanWords(hits, whole, first, hits[-1][1] if hits else 0)


class SpanWords:
    """:meth:`WordSets.held` of the parts of one lower-cased text, from the words found in
    the whole text (:meth:`WordSets.spans`): a part holds the words found inside it.

    Parameters
    ----------
    hits
        Each word found, in the order of their ends: ``(start, end, bits, more)``,
        ``bits`` the lists it counts for there, ``more`` those it counts for only in a
        part that starts with it (a word that must start a word, inside one of the text).
    whole
        The bits of all hits: :meth:`WordSets.held` of the whole text.
    first, last
        The first start and the last end of the hits (``last``: 0 without hits).
    """

    __slots__ = ("_hits", "_ends", "whole", "_first", "_last")

    def __init__(self, hits: list[tuple[int, int, int, int]], whole: int, first: int,
                 last: int) -> None:
        self._hits = hits
        #: The hits' ends, in order, listed when first needed (:meth:`held`).
        self._ends: list[int] | None = None
        self.whole = whole
        self._first = first
        self._last = last

    def held(self, start: int, end: int) -> int:
        """:meth:`WordSets.held` of ``low[start:end]`` (``0 <= start <= end``)."""
        if end >= self._last and (start == 0 or start < self._first):
            return self.whole  # every word is inside, where it is in the whole text
        hits = self._hits
        if len(hits) > _FEW_HITS:
            ends = self._ends
            if ends is None:
                ends = self._ends = [hit[1] for hit in hits]
            # from the first hit that ends after start
            found: Iterable[tuple[int, int, int, int]] = itertools.islice(
                hits, bisect.bisect_right(ends, start), None)
        else:
            found = hits
        mask = 0
        for s, e, bits, more in found:
            if e > end:
                break
            if s >= start:
                mask |= bits
                if s == start:
                    mask |= more
        return mask


class GuardedRules:
    """Guarded patterns tried in order (:func:`first_match`), their words looked for in one
    pass over the text (:class:`WordSets`), with the words of other guards the same text
    is tested with.

    Parameters
    ----------
    rules
        The guarded patterns, in the order they are tried.
    extra
        Other guarded patterns whose words are looked for in the same pass
        (:meth:`extra_holds`).
    """

    __slots__ = ("rules", "extra", "_words", "_rule_bits")

    def __init__(self, rules: Sequence[Guarded], extra: Sequence[Guarded] = ()) -> None:
        self.rules = tuple(rules)
        self.extra = tuple(extra)
        every = (*self.rules, *self.extra)
        self._words = WordSets([g.words for g in every], [g.starts for g in every])
        self._rule_bits = (1 << len(self.rules)) - 1

    def held(self, text: str) -> int | None:
        """Which rules and extra guards ``text`` holds a word of, as bits (rule ``i``: bit
        ``i``; extra guard ``k``: bit ``len(rules) + k``), or ``None`` when each must be
        tried (text that is not ASCII)."""
        low = lower_ascii(text)
        if low is None or not USE_WORD_SETS:
            return None
        return self._words.held(low)

    def first_match(self, text: str) -> tuple[int, re.Match[str]] | None:
        """``first_match(self.rules, text)``: the index and match of the first rule whose
        pattern matches ``text``, or ``None``."""
        held = self.held(text)
        if held is None:
            return first_match(self.rules, text)
        low = lower_ascii(text)
        assert low is not None
        held &= self._rule_bits
        i = 0
        while held:
            if held & 1:
                m = _search_lower(self.rules[i], text, low)
                if m is not None:
                    return i, m
            held >>= 1
            i += 1
        return None

    def first_span(self, text: str) -> tuple[int, int, int] | None:
        """:meth:`first_match` as ``(index, start, end)``, the match's span (in ASCII text,
        the folded form's, without the pattern's own match)."""
        return self.span_in(text, self.held(text))

    def span_in(self, text: str, held: int | None) -> tuple[int, int, int] | None:
        """:meth:`first_span` of ``text`` with ``held`` its :meth:`held`."""
        low = lower_ascii(text) if held is not None else None
        if low is None or not USE_FOLDED:
            found = self.first_match(text)
            return None if found is None else (found[0], *found[1].span())
        held &= self._rule_bits
        i = 0
        while held:
            if held & 1:
                rule = self.rules[i]
                m = rule.pattern.search(text) if rule.folded is None else rule.folded.search(low)
                if m is not None:
                    return i, m.start(), m.end()
            held >>= 1
            i += 1
        return None

    def extra_holds(self, k: int, text: str, held: int | None) -> bool:
        """``self.extra[k].holds(text)``, with ``held`` the :meth:`held` of ``text`` (not
        tried when ``text`` holds none of its words)."""
        if held is not None and not held >> (len(self.rules) + k) & 1:
            return False
        return self.extra[k].holds(text)
