"""Casualties and counts in a clause: who was killed, injured or captured, how many attacks.

Reads the figures of a clause as an analyst does:

- "eight officers among 39 members of regime forces were killed" → 39 killed (the eight are
  among them), victims ``{"regime forces": 39}``;
- "left 34 people dead as follows: 16 civilians and 18 members of SDF" → 34, victims
  civilians 16 and SDF 18;
- "left seven combatants, including two Iranian-backed militias, dead" → 7;
- "killing 11 members of the NDF and wounding six others" → 11 killed, 6 injured;
- "nine attacks ... killing 21" → count 9 (attacks), 21 killed; "left no fatalities" → 0;
- "kill 153 ..., including 70 members who were killed in five ambushes" → 153, and a part
  (70 killed in 5 ambushes) the extractor may record on its own.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from mapper import guards
from mapper.events import actor_of_phrase, find_actors, victim_key
from mapper.guards import may_hold
from mapper.numbers import Quantity, find_quantities

PEOPLE = (
    r"(?:people|persons?|civilians?|members?|soldiers?|combatants?|fighters?|militiamen"
    r"|militants?|officers?|children|child|women|woman|men|man|personnel|troops|gunmen"
    r"|loyalists|others|individuals?|elements?|recruits?|conscripts?|guards?|policemen"
    r"|workers?|shepherds?|farmers?|residents?|victims?|bodies|corpses|militias?|cadres?"
    r"|leaders?|commanders?|volunteers?|suspects?|officials?|dignitar(?:y|ies)|elders?"
    r"|journalists?|teachers?|doctors?|students?|boys?|girls?|infants?|pilots?|fighters?"
    r"|mercenaries|jihadists|operatives|snipers?|crew|passengers|drivers?|hunters?"
    r"|collectors?|dead|killed|injured|wounded)"
)
COUNT_NOUNS = (
    r"(?:attacks?|operations?|air\s*strikes?|airstrikes?|ambush(?:es)?|raids?|explosions?"
    r"|bombings?|assaults?|clashes|strikes?|sorties|shells?|rockets?|missiles?"
    r"|assassinations?|incidents?|IEDs?|landmines?|mines|bombs?|drone\s+strikes?"
    r"|campaigns?|arrests?|abductions?|kidnappings?)"
)
_STOP = {"was", "were", "is", "are", "have", "has", "had", "killed", "died", "dead", "injured",
         "wounded", "in", "on", "at", "by", "from", "to", "since", "during", "while", "and",
         "or", "the", "of", "as", "who", "which", "that", "with", "for", "than", "after",
         "before", "months", "years", "days", "weeks", "hours", "km", "kilometres",
         "kilometers", "metres", "meters", "percent", "%"}
#: The case-insensitive patterns :func:`read_figures` gives a number its noun and role with,
#: by name. Each is compiled when first asked for (:func:`_cased_patterns`, or the module's
#: attribute of that name): ASCII text, most text, is searched with their folded forms.
_ROLE_SOURCES: dict[str, str] = {
    "_NOUN_AFTER":
    rf"\s*(?:[-–]\s*)?(?P<fill>(?:[\w’'“”\"-]+\s+){{0,3}}?)(?P<noun>{COUNT_NOUNS}|{PEOPLE})\b",
    "_FATAL_BEFORE":
    r"(?:\bkill(?:ed|ing|s)?|\bclaim(?:ed|ing)?\s+the\s+lives\s+of|\blost|\blosing|\bloses"
    r"|\bshot\s+dead|\bexecut(?:ed|ing)|\bmassacr(?:ed|ing)|\bdeaths?\s+of|\bbodies\s+of"
    r"|\bslaying|\bassassinat(?:ed|ing)|\bdeath\s+toll\s+(?:\w+\s+){0,3}?(?:to|of|at|reached"
    r"|rose\s+to)|\btoll\s+(?:of|to|at))\s+(?:(?!(?:and|or|but|while|were|was|in|by)\b)[\w’'-]+\s+){0,2}?$",
    "_INJURED_BEFORE":
    r"\b(?:injur(?:ed|ing|es)|wound(?:ed|ing|s)|hurt(?:ing)?|maim(?:ed|ing))\s+"
    r"(?:(?!(?:and|or|but|while|were|was|in|by)\b)[\w’'-]+\s+){0,2}?$",
    "_CAPTURED_BEFORE":
    r"\b(?:captur(?:ed|ing|es)|arrest(?:ed|ing|s)?|abduct(?:ed|ing|s)?|kidnapp?(?:ed|ing|s)?"
    r"|detain(?:ed|ing|s)?|seiz(?:ed|ing)|apprehend(?:ed|ing)|took|taking)\s+"
    r"(?:[\w’'-]+\s+){0,2}?$",
    "_LEFT_BEFORE":
    r"\b(?:left|leaving|leave|leaves|caus(?:ed|ing)|result(?:ed|ing)\s+in|inflict(?:ed|ing))\s+"
    r"(?:[\w’'-]+\s+){0,2}?$",
    "_SUBSET_BEFORE":
    r"\b(?:including|includ(?:ed|es)|among\s+(?:them|whom)|of\s+(?:whom|them|which)"
    r"|amongst\s+them|among\s+the\s+dead|among\s+the\s+fatalities)\s*[:,]?\s*$",
    "_SUBSET_OF_NEXT": r"^\s+(?:[\w’'-]+\s+){0,2}?(?:among|amongst|of|out\s+of)\s+$",
    "_RESULT":
    r"\b(?P<fatal>killed|dead|died|slain|perished|lost\s+their\s+lives|fatalities|deaths"
    r"|death|lives|bodies|killing)\b|\b(?P<inj>injured|wounded|hurt|injuries|injuring"
    r"|wounding)\b|\b(?P<cap>captured|arrested|abducted|detained|kidnapped|taken\s+prisoner"
    r"|prisoners|arresting)\b",
    "_RESULT_AFTER_RE": r"^\s*(?:killed|dead|injured|wounded|were\s+killed|others)\b",
}
_BREAKDOWN = re.compile(r"as\s+follows|namely|:\s*$|:\s|—|\bthey\s+are\b", re.IGNORECASE)
_ZERO_WORD = re.compile(r"casualt|fatalit|death|dead|killed|injur|wound|hurt|loss|victim",
                        re.IGNORECASE)
#: The two forms of a singular victim: a verb and "a"/"an" ("killed a shepherd"), and
#: "a"/"an"/"one" before a person and a passive verb ("a soldier was killed"); each form's
#: words up to the article, and what must follow the article after white space.
_SINGULAR_VERB_A = (
    r"(?P<verb>kill(?:ed|ing)|shot\s+dead|executed|executing|assassinat(?:ed|ing)"
    r"|stabbed\s+to\s+death|injur(?:ed|ing)|wound(?:ed|ing)|arrest(?:ed|ing)|abduct(?:ed|ing)"
    r"|kidnapp(?:ed|ing))\s+(?P<q>an?)")
_SINGULAR_VERB_A_AFTER = r"(?:[\w’'-]+\s+){0,3}?" + PEOPLE + r"\b"
_SINGULAR_A_PERSON = r"(?P<q2>an?|one)"
_SINGULAR_A_PERSON_AFTER = (
    r"(?:[\w’'-]+\s+){0,2}?(?:civilian|soldier|member|fighter|child|woman|man|officer"
    r"|militiaman|shepherd|person)\s+(?:was|has\s+been|had\s+been)\s+"
    r"(?P<verb2>killed|injured|wounded|shot\s+dead|abducted|arrested)")
_SINGULAR = re.compile(
    rf"\b{_SINGULAR_VERB_A}\s+(?={_SINGULAR_VERB_A_AFTER})"
    rf"|\b{_SINGULAR_A_PERSON}\s+(?={_SINGULAR_A_PERSON_AFTER})",
    re.IGNORECASE,
)
#: A verb stem each match of :data:`_SINGULAR` needs within the clause (its own, or in its
#: lookahead, which stops at the clause's end): without one, the clause is not searched.
_SINGULAR_WORDS = ("kill", "shot", "execut", "assassinat", "stabbed", "injur", "wound",
                   "arrest", "abduct", "kidnapp")
#: :data:`_SINGULAR_WORDS`, for a caller that looks for them itself (``read_figures``'
#: ``may_hold_singular``).
SINGULAR_WORDS = _SINGULAR_WORDS
#: :data:`_SINGULAR` for lower-cased ASCII text (:func:`mapper.guards.folded_form`).
_SINGULAR_FOLDED = guards.folded_form(_SINGULAR)
#: Find singular victims in lower-cased ASCII text with :data:`_SINGULAR_AFTER_BREAK`
#: (off: with :data:`_SINGULAR_FOLDED`; the tests compare the two).
SINGULAR_AFTER_BREAKS = True
#: :data:`_SINGULAR_FOLDED` ending at the article (the white space after it only looked
#: at), with its ``\b`` at the start (:data:`_SINGULAR_AT`) or turned into the character
#: before the match (:data:`_SINGULAR_AFTER_BREAK`, a lower-cased ASCII text's non-word
#: character): a pattern that starts with ``\b`` is tried at every offset, one that starts
#: with a character set only where ``re`` finds that character, in C. A match ends before
#: white space, which the next match can take for its first character.
_SINGULAR_TO_ARTICLE = (
    rf"{_SINGULAR_VERB_A}(?=\s+(?:{_SINGULAR_VERB_A_AFTER}))"
    rf"|{_SINGULAR_A_PERSON}(?=\s+(?:{_SINGULAR_A_PERSON_AFTER}))")
_SINGULAR_AT = guards.fold_source(rf"\b(?:{_SINGULAR_TO_ARTICLE})", re.IGNORECASE)
_SINGULAR_AFTER_BREAK = None if _SINGULAR_AT is None else re.compile(
    "[^0-9a-z_]" + _SINGULAR_AT.pattern.removeprefix(r"\b"))
_PHRASE_CUT = re.compile(
    r",|;|\s(?:were|was|who|in|on|during|near|by|as|after|while|when|at|dead|killed|injured"
    r"|wounded)\b",
    re.IGNORECASE,
)


#: Patterns of the helpers below, compiled once.
_MEMBERS_RE = re.compile(r"members?|fighters?|elements?", re.I)
_LOST_RE = re.compile(r"\b(?:lost|losing|loses)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_HURT_RE = re.compile(r"injur|wound|hurt", re.I)
_COUNT_NOUN_RE = re.compile(COUNT_NOUNS, re.IGNORECASE)
_LIST_BETWEEN_RE = re.compile(
    r"^\s*(?:[\w’'-]+\s+){0,4}?(?:and|,)\s*(?:[\w’'-]+\s+){0,1}$")
_LIST_AFTER_RE = re.compile(r"(?:and|,|:)\s*$")


@dataclass(frozen=True, slots=True)
class _RolePatterns:
    """The patterns :func:`read_figures` gives a number its noun and role with: the
    case-insensitive ones (:data:`_ROLE_SOURCES`, and :data:`_SINGULAR`) or their folded
    forms, for lower-cased ASCII text (:func:`mapper.guards.folded_form`)."""

    noun_after: re.Pattern[str]
    fatal_before: re.Pattern[str]
    injured_before: re.Pattern[str]
    captured_before: re.Pattern[str]
    left_before: re.Pattern[str]
    subset_before: re.Pattern[str]
    subset_of_next: re.Pattern[str]
    result: re.Pattern[str]
    result_after: re.Pattern[str]
    singular: re.Pattern[str]


@functools.cache
def _cased_patterns() -> _RolePatterns:
    """The case-insensitive :class:`_RolePatterns`, compiled at first use."""
    return _RolePatterns(*(re.compile(source, re.IGNORECASE)
                           for source in _ROLE_SOURCES.values()), _SINGULAR)


def _folded_patterns() -> _RolePatterns | None:
    """The folded :class:`_RolePatterns` (``None`` if a pattern has no folded form)."""
    folded = [guards.fold_source(source, re.IGNORECASE) for source in _ROLE_SOURCES.values()]
    folded.append(_SINGULAR_FOLDED)
    if any(p is None for p in folded):
        return None
    return _RolePatterns(*folded)


_FOLDED_PATTERNS = _folded_patterns()
#: Read the nouns and roles of numbers in ASCII text with the folded patterns, in its lower
#: case (off: with the case-insensitive ones, in the text; the tests compare the two).
FOLDED_ROLES = True


def __getattr__(name: str) -> Any:
    """The module's case-insensitive patterns of :data:`_ROLE_SOURCES`, compiled when
    first asked for."""
    if name in _ROLE_SOURCES:
        return _cased_patterns().__getattribute__(_field_of(name))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _field_of(name: str) -> str:
    """The :class:`_RolePatterns` field of the pattern :data:`_ROLE_SOURCES` names
    ``name`` ("_RESULT_AFTER_RE" → "result_after")."""
    return name.strip("_").removesuffix("_RE").lower()


@dataclass(slots=True)
class Figure:
    """One number read in a clause, with its role."""

    q: Quantity
    noun: str | None = None
    role: str | None = None  # fatal / injured / captured / count
    subset: bool = False
    subset_of_next: bool = False
    breakdown: bool = False
    group: str | None = None


@dataclass(slots=True)
class Figures:
    """The figures of one clause.

    ``parts`` are sub-figures with their own count ("70 of them killed in five ambushes").
    """

    fatalities: int | None = None
    injured: int | None = None
    captured: int | None = None
    victims: dict[str, int] = field(default_factory=dict)
    count: int | None = None
    count_noun: str | None = None
    count_vague: bool = False
    qualifiers: dict[str, str] = field(default_factory=dict)
    parts: list[Figures] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def casualties(self) -> bool:
        """True when the clause gives any casualty figure (0 included)."""
        return self.fatalities is not None or self.injured is not None or \
            self.captured is not None

    @property
    def empty(self) -> bool:
        """True when the clause gives neither casualties nor a count."""
        return self.count is None and self.fatalities is None and self.injured is None and \
            self.captured is None


def _role_from_result(text: str, result: re.Pattern[str]) -> str | None:
    """The role the first result word of ``text`` gives ("killed": fatal), searched with
    ``result`` (:attr:`_RolePatterns.result`, or its folded form in lower-cased text)."""
    m = result.search(text)
    if not m:
        return None
    return "fatal" if m.group("fatal") else "injured" if m.group("inj") else "captured"


def _victim_group(text: str, f: Figure, after_end: int, clause_start: int) -> str | None:
    phrase = text[f.q.end:after_end]
    cut = _PHRASE_CUT.search(phrase)
    if cut:
        phrase = phrase[:cut.start()]
    actor = actor_of_phrase(phrase)
    if actor is None and f.noun and _MEMBERS_RE.search(f.noun):
        before = text[clause_start:f.q.start]
        if _LOST_RE.search(before):
            actors = find_actors(before)
            actor = actors[-1].actor if actors else None
    return victim_key(actor) if actor else None


def read_figures(text: str, start: int, end: int, *, masked: list[tuple[int, int]] = (),
                 victims: bool = True, may_hold_singular: bool = True) -> Figures:
    """Read the casualty figures and counts of the clause ``text[start:end]``.

    Parameters
    ----------
    text
        The report text (offsets are into it).
    start, end
        The clause.
    masked
        Spans to ignore (dates: the "30" of "December 30").
    victims
        Name the group each figure's victims belong to (``False``: leave
        :attr:`Figures.victims` empty, for a caller that does not use them; every other
        field is the same).
    may_hold_singular
        ``False`` when the caller knows that the clause holds none of
        :data:`SINGULAR_WORDS` (as substrings, in any case): it is not searched for a
        singular victim ("killed a shepherd"), which needs one.

    Returns
    -------
    Figures
    """
    qs = find_quantities(text, start=start, end=end)
    if masked:
        qs = [q for q in qs if not any(q.start < me and q.end > ms for ms, me in masked)]
    if may_hold_singular:
        qs += _singular_quantities(text, start, end)
    if not qs:
        return Figures(start=start, end=end)
    qs.sort(key=lambda q: q.start)
    # the same matches, at the same offsets, in the lower case of ASCII text
    low = guards.lower_ascii(text) if guards.USE_FOLDED and FOLDED_ROLES else None
    p = _FOLDED_PATTERNS if low is not None else None
    if p is None:
        p, searched = _cased_patterns(), text
    else:
        searched = low
    figs: list[Figure] = []
    for i, q in enumerate(qs):
        nxt = qs[i + 1].start if i + 1 < len(qs) else end
        f = Figure(q)
        if q.value == 0 and _ZERO_WORD.search(q.text):
            f.role = "injured" if _HURT_RE.search(q.text) else "fatal"
            figs.append(f)
            continue
        m = p.noun_after.match(searched, q.end, end)
        if m and not any(w.lower() in _STOP for w in m.group("fill").split()):
            f.noun = text[m.start("noun"):m.end("noun")]
        elif q.value != 1 or not p.singular.search(searched, max(start, q.start - 30),
                                                   q.end + 1):
            # a bare number: only "killing 21" / "21 killed" / "left 7 dead"
            after = searched[q.end:min(nxt, end)]
            window = searched[max(start, q.start - 45):q.start]
            if not p.result_after.match(after) and not any(
                    r.search(window) for r in (p.fatal_before, p.injured_before,
                                               p.captured_before)):
                continue
        if f.noun and _COUNT_NOUN_RE.fullmatch(f.noun):
            f.role = "count"
            figs.append(f)
            continue
        before = searched[max(start, q.start - 50):q.start]
        after = searched[q.end:min(nxt, end)]
        if p.subset_before.search(before):
            f.subset = True
        if p.subset_of_next.match(after) and i + 1 < len(qs):
            f.subset_of_next = True
        if p.fatal_before.search(before):
            f.role = "fatal"
        elif p.injured_before.search(before):
            f.role = "injured"
        elif p.captured_before.search(before):
            f.role = "captured"
        elif p.left_before.search(before):
            f.role = _role_from_result(searched[q.end:end], p.result)
        if f.role is None:
            f.role = _role_from_result(after, p.result)
        if victims:
            f.group = _victim_group(text, f, min(nxt, end), start)
        figs.append(f)
    _propagate(figs, text)
    return _total(figs, text, start, end)


def _singular_quantities(text: str, start: int, end: int) -> list[Quantity]:
    """The "a"/"an"/"one" of ``text[start:end]`` that count one victim ("killed a
    shepherd", "a soldier was killed"), each a quantity of 1."""
    low = guards.lower_ascii(text) if guards.USE_FOLDED else None
    if low is None or _SINGULAR_FOLDED is None:
        if not may_hold(text[start:end], _SINGULAR_WORDS):
            return []
        searched, pattern = text, _SINGULAR
    else:  # the same test and matches in the lower-cased text, without a copy of the clause
        for w in _SINGULAR_WORDS:
            if low.find(w, start, end) >= 0:
                break
        else:
            return []
        if SINGULAR_AFTER_BREAKS and _SINGULAR_AFTER_BREAK is not None:
            return _singular_after_breaks(text, low, start, end)
        searched, pattern = low, _SINGULAR_FOLDED
    found: list[Quantity] = []
    for m in pattern.finditer(searched, start, end):
        s, e = m.span("q" if m.group("q") else "q2")
        found.append(Quantity(s, e, text[s:e], 1))
    return found


def _singular_after_breaks(text: str, low: str, start: int, end: int) -> list[Quantity]:
    """:func:`_singular_quantities` in ``low``, ``text`` lower-cased (ASCII), found with
    :data:`_SINGULAR_AT` at ``start`` and :data:`_SINGULAR_AFTER_BREAK` after it."""
    assert _SINGULAR_AT is not None and _SINGULAR_AFTER_BREAK is not None
    found: list[Quantity] = []
    pos = max(start, 0)
    first = _SINGULAR_AT.match(low, pos, end)
    matches = _SINGULAR_AFTER_BREAK.finditer(low, pos if first is None else first.end(), end)
    for m in (matches if first is None else itertools.chain((first,), matches)):
        s, e = m.span("q" if m.group("q") else "q2")
        found.append(Quantity(s, e, text[s:e], 1))
    return found


def _propagate(figs: list[Figure], text: str) -> None:
    """Give unassigned numbers the role of the list they belong to."""
    people = [f for f in figs if f.role != "count"]
    for _ in range(2):
        for i, f in enumerate(people):
            if f.role is not None:
                continue
            nxt = people[i + 1] if i + 1 < len(people) else None
            prev = people[i - 1] if i > 0 else None
            if nxt is not None and nxt.role is not None:
                between = text[f.q.end:nxt.q.start]
                if f.subset_of_next or nxt.subset or _LIST_BETWEEN_RE.search(between):
                    f.role = nxt.role
                    continue
            if prev is not None and prev.role is not None:
                between = text[prev.q.end:f.q.start]
                if f.subset or _LIST_AFTER_RE.search(between):
                    f.role = prev.role
    _mark_breakdowns(people, text)


#: The breakdown markers of the last text read: (text, markers, their ends). A report's
#: sentences are read one after another from the same text, so its markers are found once
#: (finding them per sentence made a long report quadratic).
_MARKERS: list[Any] = [None, [], []]


def _breakdown_markers(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """(start, end) of every breakdown marker in ``text`` and the list of their ends."""
    if _MARKERS[0] is not text:
        markers = [(m.start(), m.end()) for m in _BREAKDOWN.finditer(text)]
        _MARKERS[:] = [text, markers, [e for _, e in markers]]
    return _MARKERS[1], _MARKERS[2]


def _mark_breakdowns(people: list[Figure], text: str) -> None:
    """Numbers after "as follows:" (or "namely", a dash, ...) following a total of the same
    role are its breakdown.

    A number is a breakdown when a marker lies wholly between an earlier total of its role
    and the number. The markers are found once; for each number the latest marker that ends
    before it is compared with the end of the earliest total of its role: linear in the
    number of figures (checking every pair was quadratic, and minutes long on a sentence
    with thousands of numbers).
    """
    if len(people) < 2:
        return  # a breakdown needs a total before it
    markers, marker_ends = _breakdown_markers(text)
    earliest_total_end: dict[str | None, int] = {}
    for f in people:
        k = bisect.bisect_right(marker_ends, f.q.start) - 1
        latest = markers[k][0] if k >= 0 else -1
        if f.q.start > 0 and text[f.q.start - 1] == ":":  # "...: 5" written "...:5"
            latest = max(latest, f.q.start - 1)
        total_end = earliest_total_end.get(f.role)
        if total_end is not None and total_end <= latest:
            f.breakdown = True
        if not f.subset and not f.breakdown:
            earliest_total_end[f.role] = min(earliest_total_end.get(f.role, f.q.end), f.q.end)


def _total(figs: list[Figure], text: str, start: int, end: int) -> Figures:
    out = Figures(start=start, end=end)
    counts = [f for f in figs if f.role == "count"]
    # "including 70 members who were killed in five ambushes": a part with its own count
    for f in figs:
        if f.subset and f.role == "fatal":
            sub_end = text.find(",", f.q.end, end)
            sub_end = end if sub_end < 0 else sub_end
            own = [c for c in counts if f.q.end <= c.q.start < sub_end]
            if own:
                part = Figures(fatalities=f.q.value, count=own[0].q.value,
                               count_noun=own[0].noun, start=f.q.start, end=sub_end)
                if f.group:
                    part.victims[f.group] = f.q.value
                out.parts.append(part)
                counts = [c for c in counts if c not in own]
                f.role = "part"
    if counts:
        c = counts[0]
        out.count, out.count_noun, out.count_vague = c.q.value, c.noun, c.q.vague
        out.qualifiers["count"] = c.q.qualifier
    for role, attr in (("fatal", "fatalities"), ("injured", "injured"),
                       ("captured", "captured")):
        these = [f for f in figs if f.role == role]
        if not these:
            continue
        main = [f for f in these if not f.subset and not f.subset_of_next and not f.breakdown]
        if not main:
            main = [f for f in these if f.breakdown] or [these[0]]
        value = sum(f.q.value for f in main)
        setattr(out, attr, value)
        out.qualifiers[attr] = main[0].q.qualifier
        if role != "fatal":
            continue
        groups: dict[str, int] = {}
        main_groups = {f.group for f in main}
        for f in these:
            if f.group is None or f.q.value == 0:
                continue
            if f in main or f.breakdown or (f.subset and f.group not in main_groups):
                groups[f.group] = groups.get(f.group, 0) + f.q.value
        out.victims = groups
    return out
