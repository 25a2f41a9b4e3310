"""Split a report into headings, bullets and sentences, keeping offsets into the original text.

A report is read as a sequence of *units*: headings (short lines without closing punctuation,
Markdown ``#`` lines), bullet items (``- Homs desert: Four operations ...``) and paragraphs.
Paragraphs are split into sentences; abbreviations ("Gen.", "U.N.") and numbers ("1,100",
"2.5") do not end a sentence. Every :class:`Segment` carries ``start``/``end`` offsets into the
text it was cut from, so ``text[seg.start:seg.end] == seg.text`` always holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Values of :attr:`Segment.kind`.
SEGMENT_KINDS: tuple[str, ...] = ("heading", "sentence", "bullet")

_BLANK = re.compile(r"^[\s\u00a0\u200b\ufeff]*$")
_BULLET = re.compile(r"^[ \t\u00a0]*(?:[-*•·▪●◦–—]|\(?\d{1,2}[.)]|\(?[a-h][.)])[ \t\u00a0]+")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+")
_LINE_END_RE = re.compile(r"\r\n|\n|\r|\u2028|\u2029")
#: The characters a line break (a match of ``_LINE_END_RE``) holds one of.
_LINE_END_CHARS = ("\n", "\r", "\u2028", "\u2029")
#: Cut a text without line breaks into units without walking its lines (off: the walk;
#: the tests compare the two).
ONE_LINE_UNITS = True
#: The word a period closes ("Gen", "U.N"), read backwards from its end ("N.U"): its
#: longest form.
_WORD_BACKWARDS_RE = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)*")
#: How far back from a period :func:`_is_abbreviation` looks for the word it closes.
_ABBREVIATION_REACH = 24
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]*_]*$")
_STRIP_CHARS = " \t\r\n\u00a0\u200b\ufeff*_"
#: Words after which a wrapped line surely continues.
_CONTINUE_WORDS = frozenset(
    "a an and the of in on at by to from for with near between or as than that which who "
    "its their his her into onto over under about against including".split()
)
#: Abbreviations whose final period does not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt brig cpl pvt adm cmdr st mt no nos vs approx
    est dept gov sen rep fig jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.n
    u.k inc ltd co corp al sr jr""".split()
)
#: A period right after more ASCII letters than the longest abbreviation has closes a
#: word, neither an abbreviation nor an initial ("killed."): :func:`_is_abbreviation` says
#: so without reading the word (off: every word is read; the tests compare the two).
SKIP_LONG_WORDS = True
_LONG_WORD = max(map(len, ABBREVIATIONS)) + 1
#: A sentence's end: its closing marks, then a new sentence (white space and a capital, a
#: digit or Arabic script) or the end of the text. One set comes first (not "[.!?…]+"), so
#: that ``re`` skips to the next closing mark in C. Only the longest run of marks can be
#: followed by white space or the end, so trying both after it finds what trying them as
#: two alternatives did.
_SENTENCE_END = re.compile(
    r"[.!?…][.!?…]*[\"'”’)\]]*(?:(?=\s+[\"'“‘(\[]?(?:[A-Z0-9\u0600-\u06FF]|$))|$)"
)


@dataclass(slots=True)
class Segment:
    """One heading, bullet item or sentence of a report.

    Parameters
    ----------
    start, end
        Offsets of :attr:`text` in the original report: ``report[start:end] == text``.
    text
        The segment's text (for a bullet: without the bullet marker).
    kind
        ``heading``, ``sentence`` or ``bullet``.
    heading
        The text of the last heading before this segment (its section), if any.
    paragraph
        Index of the paragraph (or bullet item, or heading) the segment belongs to; sentences
        of one paragraph share it.
    label
        For a bullet ``"- Homs desert: Four operations ..."``: ``"Homs desert"``.
    label_start, label_end
        Offsets of :attr:`label` in the original report.
    body_start
        Offset where the bullet's text after the label begins (``start`` when no label).
    """

    start: int
    end: int
    text: str
    kind: str
    heading: str | None = None
    paragraph: int = 0
    label: str | None = None
    label_start: int | None = None
    label_end: int | None = None
    body_start: int | None = None

    @property
    def body(self) -> str:
        """The text after a bullet's label (the whole text when there is no label)."""
        if self.body_start is None:
            return self.text
        return self.text[self.body_start - self.start:]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans ``(start, end)`` of the lines of ``text``, without the line break."""
    pos = 0
    for m in _LINE_END_RE.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _strip_span(text: str, start: int, end: int, chars: str = _STRIP_CHARS) -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _is_terminated(line: str) -> bool:
    return bool(_TERMINAL.search(line.rstrip(_STRIP_CHARS.replace("*", "").replace("_", ""))))


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip(_STRIP_CHARS)
    if not stripped or _is_terminated(stripped):
        return False
    return len(stripped.split()) <= 40


def _has_line_break(text: str) -> bool:
    """Whether ``_LINE_END_RE`` matches in ``text`` (its characters looked for in C, about
    ten times faster than the pattern's scan)."""
    for char in _LINE_END_CHARS:
        if char in text:
            return True
    return False


def _one_line_units(text: str) -> list[tuple[str, int, int]]:
    """:func:`_units` of a text without line breaks: its one line's unit, if any."""
    if _BLANK.match(text):
        return []
    if m := _MD_HEADING.match(text):
        return [("heading", m.end(), len(text))]
    if m := _BULLET.match(text):
        return [("bullet", m.end(), len(text))]
    return [("para", 0, len(text))]


def _units(text: str) -> list[tuple[str, int, int]]:
    """Cut the text into units ``(kind, start, end)``: heading, bullet or paragraph."""
    if ONE_LINE_UNITS and not _has_line_break(text):
        return _one_line_units(text)  # most reports are one line
    units: list[tuple[str, int, int]] = []
    cur: list[int] | None = None  # [start, end] of the open unit
    cur_kind = ""
    cur_lines = 0

    def close() -> None:
        nonlocal cur, cur_kind, cur_lines
        if cur is not None:
            units.append((cur_kind, cur[0], cur[1]))
        cur, cur_kind, cur_lines = None, "", 0

    for ls, le in _lines(text):
        line = text[ls:le]
        if _BLANK.match(line):
            close()
            continue
        if m := _MD_HEADING.match(line):
            close()
            units.append(("heading", ls + m.end(), le))
            continue
        if m := _BULLET.match(line):
            close()
            cur, cur_kind, cur_lines = [ls + m.end(), le], "bullet", 1
            continue
        if cur is not None:
            prev = text[cur[0]:cur[1]]
            prev_last = prev.rstrip(_STRIP_CHARS).split()[-1:] or [""]
            first = line.lstrip(_STRIP_CHARS)[:1]
            hard = _is_terminated(prev)
            if not hard and first and (first.isupper() or first.isdigit() or first in "“\"'‘"):
                # an unterminated short line followed by a capital: a heading line, unless
                # the line plainly runs on ("... clashes with" / "ISIS cells ...")
                hard = (
                    cur_kind != "bullet"
                    and cur_lines == 1
                    and prev_last[0].lower() not in _CONTINUE_WORDS
                    and _looks_like_heading(prev)
                )
            if not hard:
                cur[1] = le
                cur_lines += 1
                continue
            close()
        cur, cur_kind, cur_lines = [ls, le], "para", 1
    close()
    return units


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial."""
    if SKIP_LONG_WORDS and dot >= _LONG_WORD:
        before = text[dot - _LONG_WORD:dot]
        if before.isalpha() and before.isascii():
            return False  # most periods: the end of a word longer than any abbreviation
    lo = max(0, dot - _ABBREVIATION_REACH)
    # the word may end at a line break before the period ("Gen\n.")
    end = dot - 1 if dot > lo and text[dot - 1] == "\n" else dot
    backwards = text[end - 1:lo - 1 if lo else None:-1] if end > lo else ""
    m = _WORD_BACKWARDS_RE.match(backwards)
    if not m:
        return False
    word_start = end - m.end()
    word = text[word_start:end]
    if word.lower() in ABBREVIATIONS:
        return True
    # a single capital initial ("J. Smith"), but not a sentence-final pronoun "I."
    before = text[word_start - 1] if word_start > 0 else ""
    return len(word) == 1 and word.isupper() and word != "I" and before in ("", " ", "(")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (offsets into ``text``).

    Parameters
    ----------
    text
        The whole text (offsets are into it).
    start, end
        The part to split (a paragraph).

    Returns
    -------
    list of (start, end)
        Sentence spans, stripped of surrounding white space.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    seg_start = start
    for m in _SENTENCE_END.finditer(text, start, end):
        dot = m.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        s, e = _strip_span(text, seg_start, m.end(), " \t\r\n\u00a0\u200b\ufeff")
        if e > s:
            spans.append((s, e))
        seg_start = m.end()
    s, e = _strip_span(text, seg_start, end, " \t\r\n\u00a0\u200b\ufeff")
    if e > s:
        spans.append((s, e))
    return spans


_LABEL = re.compile(r"^([^:.\n]{2,60}?)\s*:\s+(?=\S)")


def segments(text: str) -> list[Segment]:
    """Cut a report into headings, bullet items and sentences.

    Parameters
    ----------
    text
        The report text.

    Returns
    -------
    list of Segment
        In reading order, with offsets into ``text``. A bullet's label (the words before its
        first colon) is in :attr:`Segment.label`; its body starts at
        :attr:`Segment.body_start`.
    """
    out: list[Segment] = []
    heading: str | None = None
    units = _units(text)
    for index, (kind, us, ue) in enumerate(units):
        us, ue = _strip_span(text, us, ue)
        if ue <= us:
            continue
        unit = text[us:ue]
        last = index == len(units) - 1
        # an unterminated last line is a sentence ("... near Arak, killing 3"), not a title
        if kind == "heading" or (kind == "para" and not last and "\n" not in unit.strip()
                                  and _looks_like_heading(unit)):
            heading = unit
            out.append(Segment(us, ue, unit, "heading", heading, index))
            continue
        if kind == "bullet":
            seg = Segment(us, ue, unit, "bullet", heading, index, body_start=us)
            m = _LABEL.match(unit)
            if m and len(m.group(1).split()) <= 8 and not re.search(r"\d", m.group(1)):
                ls, le = us + m.start(1), us + m.end(1)
                seg.label, seg.label_start, seg.label_end = text[ls:le], ls, le
                seg.body_start = us + m.end()
            out.append(seg)
            continue
        for ss, se in split_sentences(text, us, ue):
            ss, se = _strip_span(text, ss, se)
            if se > ss:
                out.append(Segment(ss, se, text[ss:se], "sentence", heading, index))
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the report's units (headings, bullet items and paragraphs), in order."""
    return [(s, e) for _, s, e in _units(text)]
