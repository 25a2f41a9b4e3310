"""Read report files: plain text, Markdown and HTML, in whatever encoding they come.

A :class:`Report` holds the text the extractor reads and, for HTML, a map from positions in
that text back to positions in the original file, so that ``source_span`` can point into what
the user gave us.
"""

from __future__ import annotations

import bisect
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from mapper.errors import InputError, ReportParseError

log = logging.getLogger(__name__)

#: File name endings read as reports, by kind.
REPORT_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
#: Legacy encodings reports about Syria come in, tried first (Arabic and Western code
#: pages); other encodings are considered only when none of these fits. Without this
#: preference short French or English text in Latin-1 is often taken for Central European.
LIKELY_ENCODINGS: tuple[str, ...] = ("cp1256", "iso8859_6", "cp1252", "latin_1",
                                     "iso8859_15")
#: Reports larger than this are refused (a year of daily reports is ~40 MB).
MAX_REPORT_BYTES = 512 * 1024 * 1024


@dataclass(slots=True)
class Report:
    """One report, read and decoded.

    Parameters
    ----------
    path
        Where it was read from (``"<text>"`` for text given directly).
    text
        The text to extract from (HTML reduced to its visible text).
    kind
        ``text``, ``markdown`` or ``html``.
    encoding
        The encoding the bytes were decoded with.
    report_date
        The report's date if the caller gave one.
    """

    path: str
    text: str
    kind: str = "text"
    encoding: str = "utf-8"
    report_date: date | None = None
    _text_starts: list[int] = field(default_factory=list, repr=False)
    _orig_starts: list[int] = field(default_factory=list, repr=False)

    def original_offset(self, index: int) -> int:
        """Map a character offset in :attr:`text` to one in the original document.

        For plain text and Markdown the two are the same. For HTML, the offset is that of
        the same character in the decoded HTML source.
        """
        if not self._text_starts:
            return index
        i = bisect.bisect_right(self._text_starts, index) - 1
        if i < 0:
            return index
        return self._orig_starts[i] + (index - self._text_starts[i])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` into the original document."""
        if end <= start:
            o = self.original_offset(start)
            return (o, o)
        return (self.original_offset(start), self.original_offset(end - 1) + 1)


def decode_bytes(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """Decode report bytes, detecting the encoding.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as such, UTF-16 without a
    BOM is told by where its NUL bytes fall; anything else is detected with
    charset-normalizer (Windows-1256, Latin-1, ...). Bytes that decode only to control
    characters (binary data) are refused.

    Returns
    -------
    (text, encoding)

    Raises
    ------
    ReportParseError
        When the bytes are not text (binary data, or no encoding fits).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    binary = ReportParseError(f"{name}: looks like a binary file, not a text report; "
                              "give a .txt, .md or .html report")
    if b"\x00" in data[:65536]:  # text in UTF-8 or a legacy code page has no NUL bytes
        utf16 = _decode_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise binary
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _mostly_control(text):
            raise binary
        return text, "utf-8"
    from charset_normalizer import from_bytes

    # Control characters are the same in every code page, and put the detector off.
    head = re.sub(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]", b" ", data[: 4 * 1024 * 1024])
    best = from_bytes(head, cp_isolation=list(LIKELY_ENCODINGS)).best() or from_bytes(
        head).best()
    if best is None:
        raise ReportParseError(f"{name}: cannot tell the text encoding of this file; save "
                               "it as UTF-8 and try again")
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    if _mostly_control(text):
        raise binary
    return text, encoding


def _mostly_control(text: str) -> bool:
    """True when more than 1 in 20 of the first characters are C0 control characters."""
    sample = text[:20000]
    control = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v\x1b")
    return control * 20 > len(sample)


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text that lacks a byte-order mark, told by where its NUL bytes fall.

    Latin script, digits, spaces and punctuation in UTF-16 have a NUL high byte: in
    little-endian text those NULs sit at odd offsets, in big-endian text at even ones.
    Binary data has NULs anywhere. Returns ``None`` when the bytes are not such text.
    """
    head = data[:65536]
    if len(head) < 2:
        return None
    odd = head[1::2].count(0)
    even = head[0::2].count(0)
    if odd + even < len(head) // 10 or min(odd, even) > (odd + even) // 50:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data[: len(data) - len(data) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    if _mostly_control(text):
        return None
    return text, encoding


#: Markdown markup blanked out by :func:`markdown_to_text` (the text keeps its length).
_MD_BLANK = re.compile(
    r"<!--.*?-->"                                  # HTML comments
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"   # inline HTML tags
    r"|!\[[^\]\n]*\]\([^)\n]*\)"                    # images (alt text and all)
    r"|(?<=\])\([^)\s]*(?:\s+\"[^\"\n]*\")?\)"       # the (url) of a link
    r"|(?<=\])\[[^\]\n]*\]"                         # the [ref] of a reference link
    r"|\*\*+|__+|`+|~~+"                             # strong, code, strike-through markers
    r"|\\(?=[\\`*_{}\[\]()#+\-.!|>~])",                # backslash escapes
    re.DOTALL,
)
_MD_LINE_BLANK = re.compile(
    r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$"            # reference definitions
    r"|^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$"  # table rules
    r"|^[ \t]*(?:[-*_][ \t]*){3,}$",                 # horizontal rules
    re.MULTILINE,
)
#: Single ``*`` / ``_`` emphasis markers: next to a word on one side, not a list bullet.
_MD_EMPHASIS = re.compile(
    r"(?<![\w*\\])[*_](?=[^\s*_])|(?<=[^\s*_\\])[*_](?![\w*])")
_MD_LINE_START = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)  # blockquote markers
_MD_LINK_OPEN = re.compile(r"(?<!\\)\[(?=[^\]\n]*\](?:\(|\[))")


def markdown_to_text(source: str) -> str:
    """Blank out Markdown markup, keeping every other character where it was.

    Emphasis markers, code ticks, link targets, images, inline HTML, reference
    definitions, table rules and blockquote markers become spaces (table cell bars
    too), so the result has the same length as ``source`` and an offset in it is the
    same offset in the original file. Headings (``#``) and list bullets stay: the
    segmenter reads them as structure.
    """
    chars = list(source)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] not in "\n\r":
                chars[i] = " "

    for pattern in (_MD_BLANK, _MD_LINE_BLANK, _MD_LINE_START, _MD_LINK_OPEN):
        for m in pattern.finditer(source):
            blank(m.start(), m.end())
    for m in re.finditer(r"(?<=\S)\](?=\(|\[)", source):
        blank(m.start(), m.end())
    for m in _MD_EMPHASIS.finditer(source):
        line_start = source.rfind("\n", 0, m.start()) + 1
        if not source[line_start:m.start()].strip() and source[m.end():m.end() + 1] in " \t":
            continue  # a "* item" bullet
        chars[m.start()] = " "
    for m in re.finditer(r"(?<!\S)\|(?=\s)|(?<=\s)\|(?!\S)|^\|", source, re.MULTILINE):
        chars[m.start()] = " "
    return "".join(chars)


class _VisibleText(HTMLParser):
    """Collect an HTML document's visible text with the source offset of each piece."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
         "table", "section", "article", "header", "footer", "blockquote", "title", "hr"}
    )

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._source = source
        self.parts: list[str] = []
        self.text_starts: list[int] = []
        self.orig_starts: list[int] = []
        self._length = 0
        self._skip_depth = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, text: str, orig: int) -> None:
        if not text or self._skip_depth:
            return
        self.parts.append(text)
        self.text_starts.append(self._length)
        self.orig_starts.append(orig)
        self._length += len(text)

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n", self._offset())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCK:
            self._newline()
            if tag == "li":
                self._emit("- ", self._offset())

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._BLOCK:
            self._newline()

    def handle_data(self, data: str) -> None:
        self._emit(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        self._emit(unescape(f"&{name};"), self._offset())

    def handle_charref(self, name: str) -> None:
        self._emit(unescape(f"&#{name};"), self._offset())


def html_to_text(source: str) -> tuple[str, list[int], list[int]]:
    """Reduce HTML to its visible text.

    Returns
    -------
    (text, text_starts, orig_starts)
        The text, and for each piece of it the offset where it starts in ``text`` and in
        ``source`` (for :meth:`Report.original_offset`).
    """
    parser = _VisibleText(source)
    parser.feed(source)
    parser.close()
    return "".join(parser.parts), parser.text_starts, parser.orig_starts


def report_from_text(
    text: str, *, path: str = "<text>", kind: str = "text", report_date: date | None = None
) -> Report:
    """Make a :class:`Report` from text already in memory (HTML is reduced to text)."""
    if kind == "html":
        visible, text_starts, orig_starts = html_to_text(text)
        return Report(path, visible, "html", "utf-8", report_date, text_starts, orig_starts)
    if kind == "markdown":
        return Report(path, markdown_to_text(text), "markdown", "utf-8", report_date)
    return Report(path, text, kind, "utf-8", report_date)


def read_report(path: str | Path, *, report_date: date | None = None) -> Report:
    """Read one report file.

    Parameters
    ----------
    path
        A ``.txt``, ``.md`` or ``.html`` file (other endings are read as plain text).
    report_date
        The report's date, if known; relative dates in the text are anchored to it.

    Raises
    ------
    InputError
        The path does not exist, is a directory, or cannot be read.
    ReportParseError
        The file is not text.
    """
    p = Path(path)
    check_report_path(p)
    try:
        size = p.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise InputError(f"{p}: {size / 1e6:.0f} MB is larger than the 512 MB limit")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    text, encoding = decode_bytes(data, name=str(p))
    kind = REPORT_SUFFIXES.get(p.suffix.lower(), "text")
    if kind == "text" and re.match(r"\s*(<!doctype html|<html)", text[:512], re.I):
        kind = "html"
    report = report_from_text(text, path=str(p), kind=kind, report_date=report_date)
    report.encoding = encoding
    if not report.text.strip():
        log.info("%s: no text in this report", p)
    log.info("read %s: %d characters, %s, %s", p, len(report.text), kind, encoding)
    return report


def check_report_path(path: str | Path) -> None:
    """Refuse, with a message that says why, a path that cannot be read as a report.

    Raises
    ------
    InputError
        The path does not exist, is a broken symbolic link, a directory, or not a regular
        file (a FIFO, socket or device would block or never end).
    """
    p = Path(path)
    if p.is_symlink() and not p.exists():
        try:
            target = os.readlink(p)
        except OSError:
            target = "?"
        raise InputError(f"{p}: is a broken symbolic link (to {target}); give the report "
                         "file itself")
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a directory; give the report files inside it")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file (a pipe, socket or device); save the "
                         "report to a file and give that")
