"""Report text → incidents: what happened, when, to whom, where — read as an analyst does.

:func:`extract_incidents` cuts the report into headings, sentences and bullets
(:mod:`mapper.segment`), reads each sentence's clauses for casualty figures and counts
(:mod:`mapper.figures`), dates (:mod:`mapper.dates`), event type and actors
(:mod:`mapper.events`) and place expressions (:mod:`mapper.place_expr`), and makes records:

- an **event**: one incident ("On December 30, ... 39 members of regime forces were killed
  in an attack on military buses on Homs-Deir Ezzor highway");
- a **tally**: a month total or a per-zone breakdown ("nine attacks in the Syrian desert in
  August, killing 21"; "- Homs desert: Four operations left 14 combatants dead."), with
  ``count`` the number of attacks / operations / airstrikes counted.

Follow-up sentences add to the record they refer to ("these attacks left 34 people dead",
"The Russian airstrikes ... left no fatalities") instead of making new ones; sentences
without figures, date or place ("It is worth noting that ... during this attack"), headings
and the reports' closing boilerplate make none. Per-zone bullets after a total ("Here is a
regional distribution of those attacks:") are checked against it: when they do not add up,
every record involved gets a warning.

Finally each record's place expression is located (:func:`mapper.locate.locate`) and the
records grouped (:func:`mapper.group.assign_groups`) when a gazetteer is given.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mapper.dates import (
    DATE_WORD_LISTS,
    Anchor,
    DateExpression,
    date_words_in,
    find_dates,
    make_anchor,
)
from mapper.events import (
    EVENT_WORD_GUARDS,
    EventType,
    actors_in,
    classify_event,
    classify_part,
    event_of_count_noun,
)
from mapper.figures import SINGULAR_WORDS, Figures, read_figures
from mapper.guards import Guarded, SpanWords, WordSets, lower_ascii
from mapper.place_expr import (
    ZONE_WORDS,
    MatchMemo,
    best_expression,
    find_place_expressions,
    label_expression,
    names_kind,
)
from mapper.schema import Incident, PlaceExpression
from mapper.segment import Segment, segments

log = logging.getLogger(__name__)

__all__ = ["extract_incidents"]

#: The closing paragraphs SOHR and others repeat under every report.
BOILERPLATE = re.compile(
    r"renews?\s+(?:our|its)\s+(?:call|vows?)|\bSecurity\s+Council\b|International\s+Criminal"
    r"\s+Court|points\s+out\s+that\s+it\s+had\s+already\s+warned|cubs\s+of\s+the\s+caliphate"
    r"|all\s+rights\s+reserved|\bsubscribe\b|\bclick\s+here\b",
    re.IGNORECASE,
)
#: Where a sentence splits into clauses: ``,?\s+while\s+|;\s+|,\s+whereas\s+|,\s+but\s+|
#: \.\s+Also,\s+`` (:data:`CLAUSE_SPLIT_AS_WRITTEN`), written to start with one character
#: set so that ``re`` skips in C to the characters a split starts with; what follows that
#: character is chosen by looking back at it, in the same order (the same matches,
#: ``tests/test_clause_split.py``).
CLAUSE_SPLIT_AS_WRITTEN = r",?\s+while\s+|;\s+|,\s+whereas\s+|,\s+but\s+|\.\s+Also,\s+"
_CLAUSE_SPLIT = re.compile(
    r"[,;.\s](?:(?<=,)\s+while\s+|(?<=\s)\s*while\s+|(?<=;)\s+|(?<=,)\s+whereas\s+"
    r"|(?<=,)\s+but\s+|(?<=\.)\s+Also,\s+)")
#: What each split holds in ``text[start:end]`` (as written: the pattern is case-sensitive):
#: a sentence without one of them is one clause, and is not searched.
_CLAUSE_SPLIT_WORDS = ("while", ";", "whereas", "but", "Also")
#: Any of :data:`_CLAUSE_SPLIT_WORDS`, found in one pass (``re`` skips in C to the next of
#: their first characters; a substring search per word took twice as long).
_CLAUSE_SPLIT_WORD = re.compile("|".join(map(re.escape, _CLAUSE_SPLIT_WORDS)))
#: Switch for tests: every sentence searched for clause splits.
_GUARD_CLAUSE_SPLIT = True
_ANAPHORA = re.compile(
    r"(?:(?:According\s+to\s+[^,]{0,60}|Also|Moreover|Meanwhile|In\s+addition|Furthermore),"
    r"\s+)?(?:these|those|the|this|such|said)\s+(?:[\w-]+\s+)?(?P<noun>attacks?|operations?"
    r"|air\s*strikes?|airstrikes?|ambush(?:es)?|explosions?|strikes?|raids?|incidents?"
    r"|bombings?|campaigns?|clashes|assaults?)\b",
    re.IGNORECASE,
)
_SUBSET_SENTENCE = re.compile(
    r"(?:the|these|those)\s+(?:fatalities|dead|victims|casualties|deaths|killed)\s+"
    r"(?:included|include|were\s+including|comprised)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"\b(?:during|in|of|after|since)\s+(?:this|that|the\s+same|the\s+said)\s+(?:attack|ambush"
    r"|incident|explosion|operation|strike|assault|bombing)\b|^It\s+is\s+worth\s+(?:noting"
    r"|mentioning)",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"distribution|distributed|breakdown|broken\s+down|as\s+follows|by\s+(?:region|area|zone"
    r"|province|governorate)|\bper\s+(?:region|area|zone)",
    re.IGNORECASE,
)
_TALLY_WORDS = re.compile(
    r"\bin\s+total\b|\ba\s+total\s+of\b|\bstatistics\b|\bdeath\s+toll\b|\bmonthly\b"
    r"|\bsince\s+the\s+(?:start|beginning)\b",
    re.IGNORECASE,
)
#: Guarded forms of the patterns searched in every sentence (:mod:`mapper.guards`).
_BOILERPLATE_GUARDED = Guarded(BOILERPLATE, ("renew", "council", "criminal", "warned", "cubs",
                                             "reserved", "subscribe", "click"))
#: (A follow-up's determiner or "worth": fewer sentences hold one than its nouns.)
_FOLLOW_UP_GUARDED = Guarded(_FOLLOW_UP, ("this", "that", "same", "said", "worth"))
_TALLY_WORDS_GUARDED = Guarded(_TALLY_WORDS, ("total", "statistics", "toll", "monthly",
                                              "since"))
#: The words of the kinds of date (bits 0 and 1, :func:`date_words_in`), of
#: :data:`_BOILERPLATE_GUARDED` (bit 2), :data:`_FOLLOW_UP_GUARDED` (bit 3), of a singular
#: victim (bit 4, :data:`mapper.figures.SINGULAR_WORDS`) and of the event rules (from bit 5
#: on, :data:`mapper.events.EVENT_WORD_GUARDS`), looked for in one pass over a whole report
#: (:attr:`_Reader.words`); each sentence and clause takes those inside it.
_TEXT_GUARDS = (_BOILERPLATE_GUARDED, _FOLLOW_UP_GUARDED, *EVENT_WORD_GUARDS)
_TEXT_WORDS = WordSets(
    [*DATE_WORD_LISTS, *(g.words for g in _TEXT_GUARDS[:2]), SINGULAR_WORDS,
     *(g.words for g in _TEXT_GUARDS[2:])],
    [(), (), *(g.starts for g in _TEXT_GUARDS[:2]), (), *(g.starts for g in _TEXT_GUARDS[2:])])
_BOILERPLATE_BIT, _FOLLOW_UP_BIT, _SINGULAR_BIT, _EVENT_SHIFT = 2, 3, 4, 5
#: Switch for tests: a reader looks for the words of the date kinds, of the guards of
#: every sentence and of the event rules once in the whole report (off: the date words in
#: the whole report, the others in each sentence).
_WORDS_ONCE = True
_BADIA_NAME = re.compile(r"^(?:Syrian\s+desert|Badia|Syrian\s+Badia)$", re.IGNORECASE)
_SPECIFIC_KINDS = ("place", "near", "segment", "corridor")
#: Switch for tests: "does the sentence name a precise place?" reads all its places.
_STOP_AT_FIRST_PLACE = True
#: Switch for tests: a note's reader reads the zones a sentence names (a tally's "Syrian
#: desert" is read as them) only when a tally asks for them; off, as it reads the sentence.
_AREAS_WHEN_ASKED = True
#: Switch for tests: a sentence that is the whole of a note is not asked whether it names a
#: precise place, where the note's incident is the same either way (off: it is asked).
_SKIP_MOOT_PLACE_TEST = True
#: Switch for tests: the date words of a report are looked for once in the whole text
#: (:func:`date_words_in`): a report with none is not searched for dates sentence by
#: sentence, and a sentence is searched only for the kinds of date the report may hold
#: (off: every sentence is searched for every kind).
_SKIP_DATELESS = True
#: Switch for tests: a note without a report date works out the date its relative dates
#: are read against (from its own text) only when a date is searched for in it (most
#: notes hold no date word: never); off, before it is read.
_ANCHOR_WHEN_ASKED = True
_DATE_RANK = {"range": 0, "point": 1, "relative": 2, "same": 3}


@dataclass(slots=True)
class _Draft:
    """A record being built, with what the extractor needs to know about it."""

    incident: Incident
    section: str | None
    paragraph: int
    count_noun: str | None = None
    count_qualifier: str = "exact"
    children: list[_Draft] = field(default_factory=list)
    date_expr: tuple[str | None, str | None, str] | None = None
    #: Reads the place still to be read (a note's event: the note's own reading replaces
    #: its place, so it is read only if a later record takes it).
    pending_place: Callable[[], PlaceExpression | None] | None = None


def _copy_expression(e: PlaceExpression) -> PlaceExpression:
    """A copy of ``e`` whose lists the caller may change."""
    return PlaceExpression(e.text, e.start, e.end, e.kind, list(e.names), list(e.mentions),
                           e.qualifier, list(e.corridor), e.origin)


@dataclass(slots=True)
class Boundary:
    """What a reader started at a heading inside a report asked of the text before it.

    A reader that starts reading at a heading (see :func:`mapper.extract_split`) knows
    nothing of the records, periods and section areas before it; each question it answered
    from that ignorance is noted here, and :meth:`holds_after` tells whether the reader of
    the text before the heading would have given every one the same answer.
    """

    #: Period names ("past month") looked up before this reader had set them.
    period_keys: set[str] = field(default_factory=set)
    #: Sections whose areas were looked up before this reader had set them.
    area_sections: set[str | None] = field(default_factory=set)
    #: Searches for an earlier record of the section that ran past this reader's first
    #: record: ``("last", section, tally)`` (:meth:`_Reader.last`) and ``("lead", section,
    #: family)`` (:meth:`_Reader.lead_in_parent`).
    searches: set[tuple[str, str | None, Any]] = field(default_factory=set)
    #: A "same day" date found no earlier dated record in this reader.
    needs_date: bool = False

    def holds_after(self, reader: _Reader) -> bool:
        """Whether ``reader``, having read the text before the heading, would have answered
        every question noted here as the empty start did."""
        if self.period_keys & reader.periods.keys():
            return False
        if self.area_sections & reader.section_areas.keys():
            return False
        if self.needs_date and reader.latest_date() is not None:
            return False
        return not any(_found_in_run(reader.drafts, *search) for search in self.searches)


def _found_in_run(drafts: list[_Draft], kind: str, section: str | None, arg: Any) -> bool:
    """Whether a search (:attr:`Boundary.searches`) continued into ``drafts`` would find a
    record in their last run of ``section``'s records."""
    for d in reversed(drafts):
        if d.section != section:
            return False
        is_tally = d.incident.record_type == "tally"
        if kind == "last" and (arg is None or is_tally == arg):
            return True
        if kind == "lead" and is_tally and (arg is None or d.count_noun is None or
                                            event_of_count_noun(d.count_noun) == arg):
            return True
    return False


class _Reader:
    """Reads one report's segments in order and builds the records."""

    def __init__(self, text: str, anchor: Anchor | Callable[[], Anchor], mentions: list[Any],
                 gazetteer: Any, source: str, *, note: bool = False,
                 boundary: Boundary | None = None, actors: bool = True) -> None:
        self.text = text
        #: Read each record's actors and the victim groups its figures name (``False``:
        #: neither, for a caller that uses none of them).
        self.read_actors = actors
        #: Reading from a heading inside the report: what it did not know is noted here.
        self.boundary = boundary
        #: Reading a note: an event's place is read only if a later record asks for it
        #: (:func:`_note_incident` replaces it with the place of the whole note).
        self.note = note
        #: The note is one segment (set by :func:`extract_incidents`).
        self.one_segment = False
        #: The date relative dates are read against, or what works it out when first
        #: asked for (:attr:`anchor`).
        self._anchor = anchor
        self.mentions = mentions
        #: :func:`_starts` of ``mentions``, worked out when first asked for
        #: (:attr:`mention_starts`): most notes never search their mentions by offset.
        self._mention_starts: list[int] | None = _UNSET
        self.gaz = gazetteer
        self.source = source
        self.drafts: list[_Draft] = []
        self.section: str | None = None
        self.list_parent: _Draft | None = None
        self.periods: dict[str, tuple[str | None, str | None, str]] = {}
        self.section_areas: dict[str | None, PlaceExpression] = {}
        #: Sentences whose zones a note's reader reads only when a tally asks for them
        #: (:meth:`areas_of`): ``(section, start, end)``.
        self._areas_to_read: list[tuple[str | None, int, int]] = []
        self._places_memo: dict[tuple[int, int, bool], list[PlaceExpression]] = {}
        #: Pattern matches by span (:func:`find_place_expressions`' ``memo``): emptied
        #: with ``_places_memo`` in a report, kept for the whole of a note, whose
        #: sentences then get theirs from the whole note's.
        self.match_memo = MatchMemo(whole=note)
        #: The date of the latest draft already handed on by :meth:`settled` that had one.
        self._settled_date: tuple[str | None, str | None, str] | None = None
        #: The guards' words in the whole text (:data:`_TEXT_WORDS`; ``None``: text that
        #: is not ASCII, or :data:`_WORDS_ONCE` off).
        low = lower_ascii(text) if _WORDS_ONCE else None
        self.words: SpanWords | None = None if low is None else _TEXT_WORDS.spans(low)
        #: Which kinds of date any sentence may hold (:func:`date_words_in`; a report with
        #: no date word, as most notes, has none: :meth:`dates_in` then searches nothing).
        self.date_words: tuple[bool, bool] | None = None
        if _SKIP_DATELESS:
            self.date_words = date_words_in(text) if self.words is None else (
                self.words.whole & 1 != 0, self.words.whole & 2 != 0)

    # -- helpers -------------------------------------------------------------------------------
    @property
    def anchor(self) -> Anchor:
        """The date the report's relative dates are read against (:func:`make_anchor`)."""
        anchor = self._anchor
        if not isinstance(anchor, Anchor):
            anchor = self._anchor = anchor()
        return anchor

    def dates_in(self, start: int, end: int) -> list[DateExpression]:
        """The date expressions in ``text[start:end]`` (:func:`find_dates`)."""
        words = self.date_words
        if words is not None and not words[0] and not words[1]:
            return []
        return find_dates(self.text, anchor=self.anchor, start=start, end=end, words=words)

    def classify(self, start: int, end: int) -> EventType | None:
        """``classify_event(text[start:end])``, with the rules' words found in the whole
        text."""
        if self.words is None:
            return classify_event(self.text[start:end])
        return classify_part(self.text, start, end, self.words, _EVENT_SHIFT)

    def guard_holds(self, guard: Guarded, bit: int, start: int, end: int) -> bool:
        """``guard.holds(text[start:end])``, with ``guard``'s words (:data:`_TEXT_WORDS`'
        list ``bit``) found in the whole text: not tried where none is in that part."""
        return self.may_hold(bit, start, end) and guard.holds(self.text[start:end])

    def may_hold(self, bit: int, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` may hold a word of :data:`_TEXT_WORDS`' list ``bit``
        (``False`` only when it is known to hold none)."""
        return self.words is None or self.words.held(start, end) >> bit & 1 != 0

    def release(self) -> None:
        """Drop the drafts and their places still to be read (which refer back to this
        reader): a table reads thousands of notes, and a reader left in a reference cycle
        waits for the garbage collector instead of going at once."""
        for d in self.drafts:
            d.pending_place = None
        self.drafts = []

    def last(self, *, tally: bool | None = None) -> _Draft | None:
        for d in reversed(self.drafts):
            if d.section != self.section:
                return None
            if tally is None or (d.incident.record_type == "tally") == tally:
                return d
        if self.boundary is not None:
            self.boundary.searches.add(("last", self.section, tally))
        return None

    def latest_date(self) -> tuple[str | None, str | None, str] | None:
        """The date of the latest record that has one (a "same day" date's)."""
        return next((p.date_expr for p in reversed(self.drafts) if p.date_expr),
                    self._settled_date)

    def set_mentions(self, mentions: list[Any]) -> None:
        """Read on with these mentions (their offsets worked out again when asked for)."""
        self.mentions = mentions
        self._mention_starts = _UNSET

    @property
    def mention_starts(self) -> list[int] | None:
        """The start of each mention when they are in text order (else ``None``)."""
        if self._mention_starts is _UNSET:
            self._mention_starts = _starts(self.mentions)
        return self._mention_starts

    def places(self, start: int, end: int, *, with_mentions: bool = True
               ) -> list[PlaceExpression]:
        """The place expressions in ``text[start:end]`` (each span read once; the first
        caller gets the expressions read, later callers copies: the reader changes none
        while the memo lasts, one segment, and callers after it, e.g. the pipeline mapping
        HTML spans, may change their own)."""
        key = (start, end, with_mentions)
        found = self._places_memo.get(key)
        if found is None:
            found = find_place_expressions(
                self.text, start, end,
                mentions=_between(self.mentions, self.mention_starts, start, end)
                if with_mentions else (),
                gazetteer=self.gaz, memo=self.match_memo)
            self._places_memo[key] = found
            return list(found)
        return [_copy_expression(e) for e in found]

    def names_specific_place(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` names a place, a road or a place's surroundings
        (:data:`_SPECIFIC_KINDS`) without the gazetteer's mentions; stops at the first."""
        found = self._places_memo.get((start, end, False))
        if found is None and not _STOP_AT_FIRST_PLACE:
            found = self.places(start, end, with_mentions=False)
        if found is not None:
            return any(e.kind in _SPECIFIC_KINDS for e in found)
        return names_kind(self.text, start, end, _SPECIFIC_KINDS, gazetteer=self.gaz,
                          memo=self.match_memo)

    def lead_in_parent(self, body: str) -> _Draft | None:
        """The total a list breaks down: the last tally in the section counting the same
        kind of thing as the lead-in ("a distribution of those attacks:")."""
        m = re.search(r"\b(attacks?|operations?|ambush(?:es)?|air\s*strikes?|airstrikes?"
                      r"|explosions?|strikes?|fatalities|deaths|casualties)\b", body, re.I)
        family = event_of_count_noun(m.group(1)) if m else None
        for d in reversed(self.drafts):
            if d.section != self.section:
                break
            if d.incident.record_type != "tally":
                continue
            if family is None or d.count_noun is None or \
                    event_of_count_noun(d.count_noun) == family:
                return d
        else:
            if self.boundary is not None:
                self.boundary.searches.add(("lead", self.section, family))
        return self.last(tally=True)

    def remember_areas(self, start: int, end: int) -> None:
        """ "the areas of the Aleppo-Hama-Al-Raqqah triangle, Homs and Deir Ezzor deserts
        experienced ...": where this section's "Syrian desert" totals happened."""
        if self.note and _AREAS_WHEN_ASKED:
            # looked at only if a tally asks (most notes: never)
            self._areas_to_read.append((self.section, start, end))
            return
        self._read_areas(self.section, start, end)

    def _read_areas(self, section: str | None, start: int, end: int) -> None:
        if not any(w in self.text[start:end] for w in ZONE_WORDS):
            return  # no zone expression without one of these words
        for e in self.places(start, end, with_mentions=False):
            if e.kind == "zone" and len(e.names) >= 2:
                self.section_areas[section] = e

    def areas_of(self, section: str | None) -> PlaceExpression | None:
        """The zones ``section`` named (:meth:`remember_areas`), the sentences left for
        later read first, in order."""
        for args in self._areas_to_read:
            self._read_areas(*args)
        self._areas_to_read.clear()
        return self.section_areas.get(section)

    def narrow_badia(self, inc: Incident) -> None:
        """Read a section's generic "Syrian desert" as the zones the section named."""
        place = inc.place
        if place is None or place.kind != "zone" or not any(
                _BADIA_NAME.search(n) for n in place.names):
            return
        areas = self.areas_of(self.section)
        if areas is None:
            if self.boundary is not None:
                self.boundary.area_sections.add(self.section)
            return
        inc.place = areas
        inc.warnings.append(f"place {place.text!r} read as the areas this section names: "
                            f"{', '.join(areas.names)}")

    def remember_periods(self, dates: list[DateExpression]) -> None:
        """ "In the past month, from December 29 to date": the past month is that range."""
        if len(dates) < 2:
            return
        for a, b in zip(dates, dates[1:], strict=False):
            if a.kind == "relative" and b.kind == "range" and b.date and \
                    b.start - a.end <= 4 and re.search(r"past|last", a.text, re.IGNORECASE):
                key = re.sub(r"^(?:in|during|over|throughout)\s+(?:the\s+)?", "",
                             a.text.lower())
                self.periods[key] = (b.date, b.date_end, b.precision)

    def choose_date(self, dates: list[DateExpression], cs: int, ce: int
                    ) -> tuple[str | None, str | None, str] | None:
        inside = [d for d in dates if cs <= d.start < ce] or dates
        usable = [d for d in inside if d.date or d.kind == "same"]
        if not usable:
            return None
        d = min(usable, key=lambda d: (_DATE_RANK.get(d.kind, 4), d.start))
        if d.kind == "same":
            prev = self.latest_date()
            if prev is None and self.boundary is not None:
                self.boundary.needs_date = True
            return prev
        if d.kind == "relative":
            key = re.sub(r"^(?:in|during|over|throughout)\s+(?:the\s+)?", "", d.text.lower())
            if key in self.periods:
                return self.periods[key]
            if self.boundary is not None:
                self.boundary.period_keys.add(key)
        return (d.date, d.date_end, d.precision)

    def new_incident(self, seg: Segment) -> Incident:
        return Incident(id="", source=self.source, source_span=(seg.start, seg.end),
                        text=seg.text)

    # -- reading -------------------------------------------------------------------------------
    def read(self, seg: Segment) -> None:
        self._places_memo.clear()  # spans are read again only within one segment
        if not self.note:
            self.match_memo.clear()
        if seg.kind == "heading":
            self.section = seg.text
            self.list_parent = None
            return
        if self.guard_holds(_BOILERPLATE_GUARDED, _BOILERPLATE_BIT, seg.start, seg.end):
            self.list_parent = None
            return
        body_start = seg.body_start if seg.body_start is not None else seg.start
        dates = self.dates_in(body_start, seg.end)
        self.remember_periods(dates)
        masked = [(d.start, d.end) for d in dates]
        body = self.text[body_start:seg.end]
        if seg.kind == "sentence" and body.rstrip().endswith(":") and _LEAD_IN.search(body):
            self.list_parent = self.lead_in_parent(body)
            return
        if seg.kind == "bullet" and self.list_parent is not None:
            self.read_bullet(seg, dates, masked)
            return
        if seg.kind != "bullet":
            self.list_parent = None
        if _SUBSET_SENTENCE.match(body):
            return
        clauses = _clauses(self.text, body_start, seg.end)
        figs = [read_figures(self.text, cs, ce, masked=masked, victims=self.read_actors,
                             may_hold_singular=self.may_hold(_SINGULAR_BIT, cs, ce))
                for cs, ce in clauses]
        if all(f.empty for f in figs):
            self.remember_areas(body_start, seg.end)
            if not self.guard_holds(_FOLLOW_UP_GUARDED, _FOLLOW_UP_BIT, body_start, seg.end):
                self.read_plain_event(seg, dates, body_start)
            return
        if _ANAPHORA.match(body) and (prev := self.last()) is not None and \
                self.merge(prev, seg, figs, dates):
            return
        for (cs, ce), f in zip(clauses, figs, strict=True):
            if f.empty:
                continue
            in_clause = [d for d in dates if cs <= d.start < ce]
            if not f.casualties and f.count_vague and not dates:
                continue  # "scores of airstrikes" with no period: colour, not a tally
            if not f.casualties and f.count is not None and not in_clause and not dates:
                if not _TALLY_WORDS_GUARDED.holds(body):
                    continue
            self.record(seg, cs, ce, f, dates, body_start)
            for part in f.parts:
                if not part.victims and len(f.victims) == 1:
                    part.victims = {next(iter(f.victims)): part.fatalities or 0}
                self.record(seg, part.start, part.end, part, dates, body_start,
                            clause=(cs, ce))

    def record(self, seg: Segment, cs: int, ce: int, f: Figures,
               dates: list[DateExpression], body_start: int, *,
               clause: tuple[int, int] | None = None) -> _Draft:
        inc = self.new_incident(seg)
        ccs, cce = clause or (cs, ce)
        clause_text = self.text[ccs:cce]
        sentence = self.text[body_start:seg.end]
        chosen = self.choose_date(dates, ccs, cce)
        # event type
        etype = event_of_count_noun(f.count_noun) if f.count_noun else None
        if etype is None:
            ev = self.classify(cs, ce) or self.classify(ccs, cce) \
                or self.classify(body_start, seg.end)
            etype = (ev.event_type, ev.sub_event_type) if ev else None
        if etype is not None:
            inc.event_type, inc.sub_event_type = etype
        inc.actors = (actors_in(clause_text) or actors_in(sentence)) if self.read_actors \
            else []
        for group in f.victims:
            name = "Regime forces" if group == "regime forces" else (
                "Civilians" if group == "civilians" else group)
            if name not in inc.actors:
                inc.actors.append(name)
        inc.fatalities, inc.injured, inc.captured = f.fatalities, f.injured, f.captured
        inc.victims = dict(f.victims)
        inc.count = f.count
        precision = chosen[2] if chosen else "unknown"
        is_tally = seg.kind == "bullet" and self.list_parent is not None or (
            precision != "day" and (
                f.count is not None or precision in ("month", "range", "year")
                or _TALLY_WORDS_GUARDED.holds(sentence)))
        inc.record_type = "tally" if is_tally else "event"
        pending = None
        if not is_tally and self.note:
            pending = functools.partial(self.record_place, seg, ccs, cce, body_start)
        else:
            inc.place = self.record_place(seg, ccs, cce, body_start)
        if chosen is None and is_tally:
            prev = self.last(tally=True)
            chosen = prev.date_expr if prev else None
        if chosen:
            inc.date, inc.date_end, inc.date_precision = chosen
        if is_tally:
            self.narrow_badia(inc)
        if inc.place is None and is_tally:
            prev = self.last()
            if prev is not None and self.place_of(prev) is not None:
                inc.place = prev.incident.place
                inc.warnings.append("place taken from the previous record in this section")
        self.year_warning(inc)
        for q in ("count", "fatalities"):
            qual = f.qualifiers.get(q)
            if qual and qual != "exact":
                inc.warnings.append(f"{q} is {qual.replace('_', ' ')} (as reported)")
        draft = _Draft(inc, self.section, seg.paragraph, f.count_noun,
                       f.qualifiers.get("count", "exact"), date_expr=chosen,
                       pending_place=pending)
        self.drafts.append(draft)
        return draft

    def record_place(self, seg: Segment, ccs: int, cce: int, body_start: int
                     ) -> PlaceExpression | None:
        """A record's place: in the clause, else in the sentence (a bullet: its label)."""
        exprs = self.places(ccs, cce) or self.places(body_start, seg.end)
        if seg.label is not None and seg.label_start is not None:
            lab = label_expression(
                seg.label, seg.label_start, gazetteer=self.gaz,
                mentions=_between(self.mentions, self.mention_starts, seg.label_start,
                                  seg.label_start + len(seg.label)))
            exprs = [lab] if lab is not None else exprs
        return best_expression(exprs)

    def place_of(self, draft: _Draft) -> PlaceExpression | None:
        """``draft``'s place, read now if it was left for later."""
        if draft.pending_place is not None:
            draft.incident.place = draft.pending_place()
            draft.pending_place = None
        return draft.incident.place

    def year_warning(self, inc: Incident) -> None:
        if inc.date and inc.date.startswith("--"):
            inc.warnings.append("year unknown: no report date given and none in the text")

    def read_bullet(self, seg: Segment, dates: list[DateExpression],
                    masked: list[tuple[int, int]]) -> None:
        parent = self.list_parent
        assert parent is not None
        body_start = seg.body_start if seg.body_start is not None else seg.start
        f = read_figures(self.text, body_start, seg.end, masked=masked,
                         victims=self.read_actors,
                         may_hold_singular=self.may_hold(_SINGULAR_BIT, body_start, seg.end))
        if f.empty:
            return
        draft = self.record(seg, body_start, seg.end, f, dates, body_start)
        inc = draft.incident
        inc.record_type = "tally"
        if not dates and parent.date_expr:
            draft.date_expr = parent.date_expr
            inc.date, inc.date_end, inc.date_precision = parent.date_expr
            inc.warnings = [w for w in inc.warnings if not w.startswith("year unknown")]
            self.year_warning(inc)
        if inc.event_type is None or draft.count_noun is None:
            inc.event_type = inc.event_type or parent.incident.event_type
            inc.sub_event_type = inc.sub_event_type or parent.incident.sub_event_type
        if draft.count_noun and parent.incident.event_type and \
                draft.count_noun.lower().startswith("operation"):
            inc.event_type = parent.incident.event_type
            inc.sub_event_type = parent.incident.sub_event_type
        for a in parent.incident.actors:
            if a not in inc.actors:
                inc.actors.append(a)
        parent.children.append(draft)

    def read_plain_event(self, seg: Segment, dates: list[DateExpression],
                         body_start: int) -> None:
        """A sentence without figures is an event only with an event word, and a day or a
        precise place (a campaign "which started on January 16 ... from Kabajeb to
        Al-Sukhnah")."""
        ev = self.classify(body_start, seg.end)
        if ev is None:
            return
        body = self.text[body_start:seg.end]
        chosen = self.choose_date(dates, body_start, seg.end)
        own = self.place_test_moot(seg, body_start) or \
            self.names_specific_place(body_start, seg.end)
        if not own and not (chosen and chosen[2] == "day"):
            return
        if not own and not self.places(body_start, seg.end):
            return
        inc = self.new_incident(seg)
        pending = None
        if self.note:
            pending = functools.partial(self.sentence_place, body_start, seg.end)
        else:
            inc.place = self.sentence_place(body_start, seg.end)
        inc.event_type, inc.sub_event_type = ev.event_type, ev.sub_event_type
        inc.actors = actors_in(body) if self.read_actors else []
        if chosen:
            inc.date, inc.date_end, inc.date_precision = chosen
        self.year_warning(inc)
        self.drafts.append(_Draft(inc, self.section, seg.paragraph, date_expr=chosen,
                                  pending_place=pending))

    def place_test_moot(self, seg: Segment, body_start: int) -> bool:
        """Whether :meth:`read_plain_event` may take ``seg`` for an event without asking
        if it names a precise place, as the answer cannot change the result: the sentence
        is the whole of a note (nothing before or after it, no record yet). Without a
        record, :func:`_note_incident` reads the note's incident from the whole text just
        as :meth:`read_plain_event` reads the sentence's (event type and actors of the same
        text, its dates chosen alike), and the note's place replaces the record's."""
        return _SKIP_MOOT_PLACE_TEST and self.note and self.one_segment and \
            not self.drafts and body_start == 0 and seg.end == len(self.text)

    def sentence_place(self, start: int, end: int) -> PlaceExpression | None:
        """The most precise place expression in ``text[start:end]``."""
        return best_expression(self.places(start, end))

    def merge(self, prev: _Draft, seg: Segment, figs: list[Figures],
              dates: list[DateExpression]) -> bool:
        """Add a follow-up sentence's figures to the record it refers to, if they are new."""
        inc = prev.incident
        combined: dict[str, Any] = {}
        victims: dict[str, int] = {}
        for f in figs:
            for attr in ("fatalities", "injured", "captured", "count"):
                value = getattr(f, attr)
                if value is not None and attr not in combined:
                    combined[attr] = value
            for k, v in f.victims.items():
                victims.setdefault(k, v)
        if not combined or any(getattr(inc, a) is not None for a in combined):
            return False
        for attr, value in combined.items():
            setattr(inc, attr, value)
        for k, v in victims.items():
            inc.victims.setdefault(k, v)
            name = {"regime forces": "Regime forces", "civilians": "Civilians"}.get(k, k)
            if name not in inc.actors:
                inc.actors.append(name)
        start = min(inc.source_span[0], seg.start)
        end = max(inc.source_span[1], seg.end)
        inc.source_span = (start, end)
        inc.text = self.text[start:end]
        if inc.date is None:
            chosen = self.choose_date(dates, seg.start, seg.end)
            if chosen:
                inc.date, inc.date_end, inc.date_precision = chosen
                prev.date_expr = chosen
        return True

    # -- after reading -------------------------------------------------------------------------
    def settled(self) -> list[_Draft]:
        """Take out the drafts no later sentence can change: all before the last run of
        drafts of one section. :meth:`last` and :meth:`lead_in_parent` stop at the first
        draft of another section, follow-ups and bullets only reach drafts they find, and
        a heading (the only way to change section) ends any list; so only the last run can
        still be merged into, broken down or taken a place from."""
        drafts = self.drafts
        if not drafts:
            return []
        k = len(drafts) - 1
        while k > 0 and drafts[k - 1].section == drafts[-1].section:
            k -= 1
        if k <= 0:
            return []
        done = drafts[:k]
        del drafts[:k]
        latest = next((d.date_expr for d in reversed(done) if d.date_expr), None)
        if latest is not None:
            self._settled_date = latest
        self.check_breakdowns(done)
        return done

    def check_breakdowns(self, drafts: list[_Draft] | None = None) -> None:
        """Per-zone bullets must add up to the total they break down."""
        for parent in self.drafts if drafts is None else drafts:
            kids = parent.children
            if not kids:
                continue
            msgs = []
            total = parent.incident
            counts = [k.incident.count for k in kids]
            if total.count is not None and all(c is not None for c in counts):
                s = sum(c for c in counts if c is not None)
                loose = parent.count_qualifier == "at_least" and s >= total.count
                if s != total.count and not loose:
                    noun = (kids[0].count_noun or parent.count_noun or "operations").lower()
                    noun = noun if noun.endswith("s") else noun + "s"
                    msgs.append(f"zone breakdown counts {s} {noun} but the total says "
                                f"{total.count}")
            fats = [k.incident.fatalities for k in kids]
            if total.fatalities is not None and all(v is not None for v in fats):
                s = sum(v for v in fats if v is not None)
                if s != total.fatalities:
                    msgs.append(f"zone breakdown counts {s} dead but the total says "
                                f"{total.fatalities}")
            for d in [parent, *kids]:
                for msg in msgs:
                    if msg not in d.incident.warnings:
                        d.incident.warnings.append(msg)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at "while", "whereas", ";" — clauses that may each hold a figure."""
    if _GUARD_CLAUSE_SPLIT and _CLAUSE_SPLIT_WORD.search(text, start, end) is None:
        return [(start, end)]  # most sentences: one clause
    spans = []
    pos = start
    for m in _CLAUSE_SPLIT.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        spans.append((pos, end))
    return spans or [(start, end)]


def _mentions(gazetteer: Any, text: str, within: tuple[int, int] | None = None
              ) -> list[Any]:
    """The gazetteer's mentions in ``text`` (``within``: only those in that range)."""
    if gazetteer is None:
        return []
    try:
        if within is not None:
            return list(gazetteer.find_mentions(text, within=within))
        return list(gazetteer.find_mentions(text))
    except (AttributeError, ValueError, LookupError) as exc:
        log.warning("gazetteer mentions unavailable: %s", exc)
        return []


def _starts(mentions: list[Any]) -> list[int] | None:
    """The start of each mention when they are in text order (else ``None``)."""
    starts = [m.start for m in mentions]
    return starts if all(a <= b for a, b in itertools.pairwise(starts)) else None


def _between(mentions: list[Any], starts: list[int] | None, start: int, end: int
             ) -> list[Any]:
    """The mentions wholly inside ``[start, end)``, in order; a binary search when
    ``starts`` (from :func:`_starts`) says they are sorted, so a long report's sentences
    do not each scan all of its mentions."""
    if starts is None:
        return [m for m in mentions if m.start >= start and m.end <= end]
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end, lo)
    return [m for m in mentions[lo:hi] if m.end <= end]


def _context(gazetteer: Any, mentions: list[Any], start: int, end: int,
             starts: list[int] | None = None) -> Any:
    """Governorates named in the paragraph, to rank ambiguous names."""
    try:
        from gazetteer.model import ResolveContext
    except ImportError:
        return None
    codes = set()
    for m in _between(mentions, starts, start, end):
        for pid in getattr(m, "place_ids", ()) or ():
            if pid.startswith("gov:"):
                codes.add(pid.split(":", 1)[1])
    return ResolveContext(governorate_pcodes=frozenset(codes)) if codes else None


#: ``_locate_all(starts=...)`` not given: computed from the mentions.
_UNSET: Any = object()


def _locate_all(drafts: list[_Draft], gazetteer: Any, text: str, mentions: list[Any],
                shared: dict[bytes | int, Any] | None = None, *,
                starts: list[int] | None = _UNSET) -> None:
    """Locate and group the drafts' incidents (``starts``: :func:`_starts` of
    ``mentions``, when the caller has it: a long report's batches need not each
    recompute it over all the report's mentions)."""
    incidents = [d.incident for d in drafts]
    if gazetteer is None:
        for inc in incidents:
            inc.unlocated_reason = ("no gazetteer given" if inc.place is not None
                                    else "no place named in the sentence")
        return
    try:
        from mapper import locate as locate_mod
    except ImportError:
        for inc in incidents:
            inc.unlocated_reason = "the locator (mapper.locate) is not available"
        return
    locate_with_reason = getattr(locate_mod, "locate_with_reason", None)
    if locate_with_reason is not None:
        from mapper.locate_memo import locate_with_reason
    if starts is _UNSET:
        starts = _starts(mentions)
    contexts: dict[tuple[int, int], Any] = {}
    shared = {} if shared is None else shared
    for inc in incidents:
        if inc.place is None:
            inc.unlocated_reason = "no place named in the sentence"
            continue
        para = _paragraph_span(text, inc.source_span)
        if para not in contexts:  # a paragraph's records share its context
            contexts[para] = _context(gazetteer, mentions, *para, starts=starts)
        ctx = contexts[para]
        if locate_with_reason is not None:
            loc, reason = locate_with_reason(inc.place, gazetteer, context=ctx)
        else:
            loc = locate_mod.locate(inc.place, gazetteer, context=ctx)
            reason = None if loc is not None else f"no gazetteer match for {inc.place.text!r}"
        if loc is not None and loc.geometry is not None and \
                loc.geometry.geom_type != "Point":
            # Incidents in one zone or on one road share one geometry object (a long
            # report holds thousands of copies otherwise). A geometry seen before (a
            # remembered location's) is found by identity, without its WKB.
            seen = shared.get(id(loc.geometry))
            if seen is not None and seen[0] is loc.geometry:
                loc.geometry = seen[1]
            else:
                geom = loc.geometry
                loc.geometry = shared.setdefault(geom.wkb, geom)
                shared[id(geom)] = (geom, loc.geometry)  # geom kept: its id is not reused
        inc.location = loc
        inc.unlocated_reason = reason
    try:
        from mapper.group import assign_groups
    except ImportError:
        return
    assign_groups(incidents, gazetteer)


def _paragraph_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s = text.rfind("\n\n", 0, span[0])
    e = text.find("\n\n", span[1])
    return (0 if s < 0 else s, len(text) if e < 0 else e)


def extract_incidents(text: str, *, report_date: date | str | None = None,
                      gazetteer: Any = None, source: str = "<text>",
                      note: bool = False, actors: bool = True) -> list[Incident]:
    """Read a report's incidents and tallies, located when a gazetteer is given.

    Parameters
    ----------
    text
        The report text.
    report_date
        Date the report was published (a ``date`` or ISO string). Relative dates ("On
        December 30", "in the past month") are read against it; without it the report's own
        date line ("January 2021", "Published 31 March 2021") is used, and where there is
        none the year stays unknown (``--08``, with a warning).
    gazetteer
        A :class:`gazetteer.Gazetteer`: place names in the text are matched against it and
        each record located (:func:`mapper.locate.locate`) and grouped
        (:func:`mapper.group.assign_groups`). Without it, records carry their place
        expressions but no location (``unlocated_reason`` says so).
    source
        Name of the report, for ``Incident.source`` and ids (``<source>#<n>``).
    note
        The text describes one event (a table's notes cell, as ACLED's): the result is one
        event record whatever cue words the text uses, located at the most specific place
        the note names that fits the governorates it names (:mod:`mapper.notes`).
    actors
        Read each record's actors and victim groups; ``False`` leaves both empty (faster,
        for a caller that uses neither; every other field is the same).

    Returns
    -------
    list of Incident
        In reading order. ``record_type`` is ``event`` or ``tally``; ``source_span`` is
        the sentence's (or bullet's) offsets in ``text``.

    Examples
    --------
    >>> incs = extract_incidents("On March 3, a landmine killed two shepherds near Palmyra.",
    ...                          report_date="2021-03-31")
    >>> incs[0].date, incs[0].fatalities, incs[0].place.kind
    ('2021-03-03', 2, 'near')
    """
    if not note:
        return list(iter_incidents(text, report_date=report_date, gazetteer=gazetteer,
                                   source=source, actors=actors))
    segs = segments(text)
    anchor: Anchor | Callable[[], Anchor]
    if _ANCHOR_WHEN_ASKED and report_date is None:  # (a date string is checked at once)
        anchor = functools.partial(_anchor_of, text, segs)
    else:
        anchor = make_anchor(report_date, text,
                             headings=[s.text for s in segs if s.kind == "heading"])
    mentions = _mentions(gazetteer, text)
    reader = _Reader(text, anchor, mentions, gazetteer, source, note=True, actors=actors)
    reader.one_segment = len(segs) == 1
    last = len(segs) - 1
    last_anaphora: int | None = None  # worked out when first needed (most notes: never)
    for i, seg in enumerate(segs):
        reader.read(seg)
        if i < last and any(d.incident.record_type == "event" for d in reader.drafts):
            if last_anaphora is None:
                last_anaphora = _last_anaphora(text, segs)
            if i >= last_anaphora:
                break  # the note's event is read, and no later sentence can change it
    reader.check_breakdowns()
    try:
        return [_note_incident(reader, reader.drafts, segs)] if text.strip() else []
    finally:
        reader.release()


def _anchor_of(text: str, segs: list[Segment]) -> Anchor:
    """The date a report without a report date reads its relative dates against: its own
    (:func:`make_anchor`)."""
    return make_anchor(None, text, headings=[s.text for s in segs if s.kind == "heading"])


def _last_anaphora(text: str, segs: list[Segment]) -> int:
    """Index of the last segment that may add its figures to an earlier record (a
    follow-up: "The attack killed ..."; see :meth:`_Reader.merge`), else -1.

    A note's incident is its first event record (:func:`_note_incident`). Once it is read,
    only such a follow-up can still change it: bullets break down tallies, and other
    sentences make records of their own. So reading can stop after this segment.
    """
    for i in range(len(segs) - 1, -1, -1):
        seg = segs[i]
        start = seg.body_start if seg.body_start is not None else seg.start
        if _ANAPHORA.match(text, start, seg.end):
            return i
    return -1


#: Settled drafts are located and handed on once this many are waiting.
STREAM_BATCH = 2048


def iter_incidents(text: str, *, report_date: date | str | None = None,
                   gazetteer: Any = None, source: str = "<text>", actors: bool = True
                   ) -> Iterator[Incident]:
    """:func:`extract_incidents` (not for notes) as a stream: the same incidents, in the
    same order, each handed on located once no later sentence can change it (see
    :meth:`_Reader.settled`), so that a long report never holds all of them."""
    segs, anchor = read_segments(text, report_date)
    stream = IncidentStream(text, anchor, _mentions(gazetteer, text), gazetteer, source,
                            actors=actors)
    yield from stream.read(segs)
    yield from stream.finish(segs)


def read_segments(text: str, report_date: date | str | None
                  ) -> tuple[list[Segment], Anchor]:
    """A report's segments and the date its relative dates are read against."""
    segs = segments(text)
    anchor = make_anchor(report_date, text,
                         headings=[s.text for s in segs if s.kind == "heading"])
    return segs, anchor


class IncidentStream:
    """Reads a report's segments in order and hands on its incidents, located, as soon as
    no later sentence can change them (see :meth:`_Reader.settled`).

    Parameters
    ----------
    text, anchor
        The report and its date (:func:`read_segments`).
    mentions
        The gazetteer's mentions in (at least the read part of) ``text``, in order.
    gazetteer, source, actors
        As :func:`extract_incidents`.
    boundary
        Reading starts at a heading inside the report: note there what the reader did
        not know of the text before it (:class:`Boundary`).
    """

    def __init__(self, text: str, anchor: Anchor, mentions: list[Any], gazetteer: Any,
                 source: str, *, boundary: Boundary | None = None, actors: bool = True
                 ) -> None:
        self.reader = _Reader(text, anchor, mentions, gazetteer, source, boundary=boundary,
                              actors=actors)
        self.text = text
        self.gazetteer = gazetteer
        self.source = source
        self.numbered = 0
        self._shared: dict[bytes | int, Any] = {}

    def set_mentions(self, mentions: list[Any]) -> None:
        """Read the rest of the report with these mentions (e.g. the whole text's)."""
        self.reader.set_mentions(mentions)

    def read(self, segs: Iterable[Segment]) -> Iterator[Incident]:
        """Read ``segs`` (the next segments of the report) and hand on what is settled."""
        reader = self.reader
        next_check = len(reader.drafts) + STREAM_BATCH
        for seg in segs:
            reader.read(seg)
            if len(reader.drafts) >= next_check:  # not after every sentence: one long
                done = reader.settled()  # section would make that quadratic
                next_check = len(reader.drafts) + STREAM_BATCH
                if done:
                    yield from self._hand_on(done)

    def finish(self, segs: list[Segment]) -> Iterator[Incident]:
        """After the last segment (``segs``: all of them): hand on every record left."""
        reader = self.reader
        reader.check_breakdowns()
        drafts = reader.drafts
        if not drafts and not self.numbered and len(segs) <= 3:
            drafts = _fallback(reader, segs)
        reader.drafts = []
        yield from self._hand_on(drafts)

    def _hand_on(self, drafts: list[_Draft]) -> list[Incident]:
        for d in drafts:
            self.numbered += 1
            d.incident.id = f"{self.source}#{self.numbered}"
        _locate_all(drafts, self.gazetteer, self.text, self.reader.mentions, self._shared,
                    starts=self.reader.mention_starts)
        return [d.incident for d in drafts]


def _fallback(reader: _Reader, segs: list[Segment]) -> list[_Draft]:
    """A short note (a table cell) with no recognisable incident: its first sentence with a
    place is the record, so the note can still be located."""
    for seg in segs:
        start = seg.body_start if seg.body_start is not None else seg.start
        exprs = reader.places(start, seg.end)
        if not exprs:
            continue
        inc = reader.new_incident(seg)
        inc.place = best_expression(exprs)
        body = reader.text[start:seg.end]
        ev = reader.classify(start, seg.end)
        if ev:
            inc.event_type, inc.sub_event_type = ev.event_type, ev.sub_event_type
        inc.actors = actors_in(body) if reader.read_actors else []
        dates = reader.dates_in(start, seg.end)
        chosen = reader.choose_date(dates, start, seg.end)
        if chosen:
            inc.date, inc.date_end, inc.date_precision = chosen
        return [_Draft(inc, None, seg.paragraph, date_expr=chosen)]
    return []


def _note_incident(reader: _Reader, drafts: list[_Draft], segs: list[Segment]) -> Incident:
    """The one event a note describes: what the reader found (the first event record for
    date, type, actors and figures) and the place that best fits the whole note."""
    find_note_places, note_context, locate_note = _note_locators()
    events = [d for d in drafts if d.incident.record_type == "event"] or drafts
    text = reader.text
    if events:
        inc = events[0].incident
    else:
        inc = Incident(id="", source=reader.source, source_span=(0, len(text)), text=text)
        ev = reader.classify(0, len(text))
        if ev:
            inc.event_type, inc.sub_event_type = ev.event_type, ev.sub_event_type
        inc.actors = actors_in(text) if reader.read_actors else []
        dates = reader.dates_in(0, len(text))
        chosen = reader.choose_date(dates, 0, len(text))
        if chosen:
            inc.date, inc.date_end, inc.date_precision = chosen
        reader.year_warning(inc)
    inc.id = f"{reader.source}#1"
    inc.record_type = "event"
    inc.source_span = (0, len(text))
    inc.text = text
    gaz = reader.gaz
    exprs = find_note_places(text, reader.mentions, gaz, memo=reader.match_memo)
    if gaz is None:
        inc.place = best_expression(exprs)
        inc.unlocated_reason = ("no gazetteer given" if inc.place is not None
                                else "no place named in the note")
        return inc
    ctx = note_context(exprs, reader.mentions, gaz, text)
    expr, loc, reason = locate_note(exprs, gaz, ctx)
    inc.place, inc.location, inc.unlocated_reason = expr, loc, reason
    if loc is not None:
        _assign_groups()([inc], gaz)
    return inc


@functools.cache
def _note_locators() -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """:func:`mapper.notes.find_note_places`, ``note_context`` and ``locate_note``, imported
    at first use (:mod:`mapper.notes` loads shapely) and then kept: an import statement in
    :func:`_note_incident` costs about as much as a short function, once per note."""
    from mapper.notes import find_note_places, locate_note, note_context

    return find_note_places, note_context, locate_note


@functools.cache
def _assign_groups() -> Callable[..., Any]:
    """:func:`mapper.group.assign_groups`, imported at first use (as
    :func:`_note_locators`)."""
    from mapper.group import assign_groups

    return assign_groups
