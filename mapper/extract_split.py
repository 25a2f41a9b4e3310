"""A long report read in two parts at once: the later part in a forked process.

:func:`iter_converted` gives exactly what ``map(convert, iter_incidents(text, ...))``
gives, in the same order. On a long report (:data:`MIN_SPLIT_CHARS`) where processes can
be forked, it picks a heading near the middle (:func:`split_point`); a forked child reads
from that heading to the end and converts its incidents into a temporary file while this
process reads up to the heading. The child starts without knowing the records, periods
and section areas before the heading; what it asked of them is noted
(:class:`mapper.extract.Boundary`), and its part is taken only when the reader of the
first part would have answered the same. Otherwise, or when the child fails, this process
reads the later part itself: the outcome never depends on the child.

Each part reads the gazetteer's mentions of its own range only
(``find_mentions(within=...)``): exactly the whole text's mentions there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypeVar

from mapper import extract
from mapper.extract import Boundary, IncidentStream, _mentions, read_segments
from mapper.forked import ForkedItems, can_fork
from mapper.schema import Incident
from mapper.segment import Segment

log = logging.getLogger(__name__)

__all__ = ["iter_converted", "split_point", "MIN_SPLIT_CHARS"]

T = TypeVar("T")

#: Reports shorter than this (characters) are read in one process.
MIN_SPLIT_CHARS = 2_000_000
#: Segments after a candidate cut searched for the name of the section before it.
_LOOK_AHEAD = 60


def split_point(text: str, segs: list[Segment], *, share: float = 0.5) -> int | None:
    """The index of the heading to start the later part at, or ``None`` (no split).

    The heading must follow a blank line (so that no paragraph, and no gazetteer name,
    runs across the cut) and lie within the middle three fifths of the text; the one
    nearest ``share`` of the text is taken, preferring one after which the section before
    it is not named again soon (a section named again may continue the records before
    the cut, and then the later part is read again in this process).

    Parameters
    ----------
    text
        The report.
    segs
        Its segments (:func:`mapper.segment.segments`).
    share
        Where to cut, as a share of the text's length.

    Returns
    -------
    int or None
    """
    if len(text) < MIN_SPLIT_CHARS:
        return None
    lo, hi, target = len(text) * 0.2, len(text) * 0.8, len(text) * share
    best: tuple[bool, float, int] | None = None
    section: str | None = None
    for k, seg in enumerate(segs):
        if seg.kind != "heading":
            continue
        if lo <= seg.start <= hi and text[seg.start - 2:seg.start] == "\n\n":
            named_again = any(s.kind == "heading" and s.text == section
                              for s in segs[k:k + _LOOK_AHEAD])
            rank = (named_again, abs(seg.start - target), k)
            if best is None or rank < best:
                best = rank
        section = seg.text
    return None if best is None else best[2]


def iter_converted(text: str, *, convert: Callable[[Incident], T],
                   report_date: date | str | None = None, gazetteer: Any = None,
                   source: str = "<text>", parallel: bool = True) -> Iterator[T]:
    """``convert`` of each incident :func:`mapper.extract.iter_incidents` finds, in order.

    Parameters
    ----------
    text, report_date, gazetteer, source
        As :func:`mapper.extract.iter_incidents`.
    convert
        Called once per incident; must not depend on the incident's ``id`` (not final:
        number the results in order) nor on what it was called with before, and must
        return something picklable (it may run in the forked child).
    parallel
        Read a long report's later part in a forked child (when the platform forks).

    Yields
    ------
    What ``convert`` returns, one per incident, in reading order.
    """
    if not (parallel and gazetteer is not None and len(text) >= MIN_SPLIT_CHARS
            and can_fork()):
        for incident in extract.iter_incidents(text, report_date=report_date,
                                               gazetteer=gazetteer, source=source):
            yield convert(incident)
        return
    segs, anchor = read_segments(text, report_date)
    k = split_point(text, segs)
    if k is None:
        yield from _converted(IncidentStream(text, anchor, _mentions(gazetteer, text),
                                             gazetteer, source), segs, segs, convert)
        return
    cut = segs[k].start
    boundary = Boundary()

    def later() -> Iterator[T]:  # in the child: from the heading on
        stream = IncidentStream(text, anchor,
                                _mentions(gazetteer, text, within=(cut - 2, len(text))),
                                gazetteer, source, boundary=boundary)
        return _converted(stream, segs[k:], segs, convert)

    try:
        child = ForkedItems(later, final=lambda: boundary)
    except OSError as exc:  # no process to spare: the whole report is read here
        log.debug("cannot fork (%s); the report is read in one process", exc)
        yield from _converted(IncidentStream(text, anchor, _mentions(gazetteer, text),
                                             gazetteer, source), segs, segs, convert)
        return
    with child:
        end_of_first = text.find("\n\n", cut)
        stream = IncidentStream(
            text, anchor,
            _mentions(gazetteer, text,
                      within=(0, len(text) if end_of_first < 0 else end_of_first)),
            gazetteer, source)
        for incident in stream.read(segs[:k]):
            yield convert(incident)
        items = child.results()
        if items is not None and isinstance(child.final, Boundary) \
                and child.final.holds_after(stream.reader):
            for incident in stream.finish(segs):
                yield convert(incident)
            yield from items
            return
        log.debug("the part after offset %d is read again here", cut)
        stream.set_mentions(_mentions(gazetteer, text))
        yield from _converted(stream, segs[k:], segs, convert)


def _converted(stream: IncidentStream, segs: list[Segment], every: list[Segment],
               convert: Callable[[Incident], T]) -> Iterator[T]:
    """``convert`` of each incident ``stream`` reads in ``segs`` and then hands on at the
    end of the report (``every``: all its segments)."""
    for part in (stream.read(segs), stream.finish(every)):
        for incident in part:
            yield convert(incident)
