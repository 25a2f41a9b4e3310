"""Place expressions in a sentence, read the way reports write them.

==================  ============================================================  ============
kind                example                                                       ``names``
==================  ============================================================  ============
``segment``         "the highway between Homs and Deir Ezzor, from Kabajeb and    Kabajeb,
                    Al-Shawla in western Deir Ezzor to Al-Sukhnah";               Al-Shawla,
                    "the road between Palmyra and Arak"                           Al-Sukhnah
``corridor``        "on Homs-Deir Ezzor highway", "the M4 highway"                Homs, Deir
                                                                                  Ezzor
``zone``            "the Homs desert", "Aleppo-Hama-Al-Raqqah triangle, Homs and  one per zone
                    Deir Ezzor deserts", "the Syrian desert"
``governorates``    "in Deir Ezzor, Al-Hasakah, Aleppo and Al-Raqqah provinces"   one per
                                                                                  governorate
``direction``       "in western Deir Ezzor", "the eastern countryside of Hama"    Deir Ezzor
``near``            "near Al-Sukhnah", "Palmyra countryside", "outskirts of X"    Al-Sukhnah
``place``           "in the town of Al-Busayrah", "in دير الزور"                   Al-Busayrah
==================  ============================================================  ============

The extractor works without a gazetteer (names come from the text's shape: capitalised words,
Arabic script, transliteration articles); with one, each expression also gets the gazetteer's
``mentions`` inside its span, and names the patterns miss are taken from the mentions.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from mapper.schema import PlaceExpression

#: Kinds from the most to the least precise (the extractor keeps the most precise one).
KIND_ORDER: tuple[str, ...] = ("place", "near", "segment", "corridor", "direction", "zone",
                               "governorates")

#: An article before a name: al, el, ad ... az, ash, ed ... ez, um, abu, bani, beni, in
#: either case of its first letter. Grouped by that letter (in their order within a
#: letter, so the same one is tried first): ``re`` tries one group where the words one by
#: one cost a test each, at every word of a name. The optional parts of :data:`NAME` are
#: written ``(?:X|)`` rather than ``(?:X)?`` for the same reason (the same order of tries,
#: and ``re`` runs a choice cheaper than a repeat of a group).
_ART = r"(?:[Aa](?:[ldnrstz]|sh|bu)|[Ee][ldnrstz]|[Uu]m|[Bb][ae]ni)"
#: Lower-case words inside a name ("Qasr bin Wardan", "Tall ibn Hani").
_INNER = r"(?:[Bb]in|[Ii]bn)"
_CAPW = r"(?:[A-Z][\w'’ʿ`]*)"
_NAMEWORD = rf"(?:{_ART}-|){_CAPW}(?:-(?:{_ART}-|){_CAPW})*"
_ARABIC = r"[\u0600-\u06FF][\u0600-\u06FF\u064B-\u065F]*(?:\s+[\u0600-\u06FF][\u0600-\u06FF]*){0,3}"
#: How a :data:`NAME` starts: a capital, Arabic, or a lower-case article and its hyphen
#: ("al-", "abu-"): a lookahead on it spares the regex engine trying every alternative at
#: every position (a lower-case a, e, u or b inside a word fails it at once).
_NAME_START_SET = r"A-Z\u0600-\u06FF"
_LOWER_ARTICLE = r"[aeub][a-z]{1,3}-"
#: :data:`_NAME_START_SET` or :data:`_LOWER_ARTICLE` ahead, written as one set of first
#: characters, which most positions fail at once, then for a lower-case one its hyphen
#: after one to three more letters (taken possessively: a hyphen is no letter, so giving
#: letters back never finds one).
_NAME_START = rf"(?=[{_NAME_START_SET}aeub])(?![a-z](?![a-z]{{1,3}}+-))"
NAME = (rf"(?:{_NAMEWORD}(?:\s+(?:{_ART}[- ]|{_INNER}\s+|){_NAMEWORD}){{0,3}}"
        rf"(?:\s+\((?:{_NAMEWORD}(?:\s+{_NAMEWORD}|))\)|)|{_ARABIC})")
#: Names in a list: "A, B and C", "A, and B". Each further name after either separator,
#: written once: ``(?:X|Y)N`` tries what ``XN|YN`` tries, in the same order, and ``re``
#: compiles one name less.
_NAMELIST = rf"{NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){NAME})*"


def _word_runs_possessive(pattern: str) -> str:
    """``pattern`` with the letter runs of its names' words possessive (``*+``): a word is
    never given back letter by letter when what follows the name fails.

    Only for patterns where what may follow a word inside or after a name cannot start
    inside a word: a hyphen, white space, a comma, a parenthesis, or "'s" before white
    space (the greedy word then ends right after that "'s" and tries the same rest first).
    Giving letters back can then never lead to a match, so the matches are the same; the
    engine only stops trying. Not for a pattern whose name may be followed by ``\b``
    (``_PLACE``): a word boundary falls inside "Idlib's".
    """
    out = pattern.replace(_CAPW, _CAPW[:-1] + "+)").replace(
        r"[\u0600-\u06FF\u064B-\u065F]*", r"[\u0600-\u06FF\u064B-\u065F]*+").replace(
        r"[\u0600-\u06FF][\u0600-\u06FF]*", r"[\u0600-\u06FF][\u0600-\u06FF]*+")
    assert out != pattern, pattern[:40]
    return out


_DIR = (r"(?i:(?:north|south)[- ]?(?:east|west)ern|northern|southern|eastern|western|central"
        r"|(?:north|south)[- ]?(?:east|west)|north|south|east|west)")
_ROAD = r"(?:international\s+)?(?:highway|road|motorway|route|freeway)"
_TYPE_WORDS = (r"camp|airbase|air\s+base|military\s+(?:base|airport)|base|oil\s+fields?"
               r"|oilfields?|gas\s+fields?|fields?|checkpoint|dam|bridge|crossing"
               r"|border\s+crossing|prison|hospital|airport|station|mountains?|hills?|mount"
               r"|square|roundabout|fronts?|street|farms")
_PLACE_NOUNS = (r"town|village|city|area|region|neighbourhood|neighborhood|district"
                r"|subdistrict|sub-district|suburb|farms|outskirts|vicinity|countryside")

#: Syrian governorates, by a loose key (see :func:`_key`).
GOVERNORATE_KEYS: frozenset[str] = frozenset(
    """damascus dimashq rifdimashq ruraldamascus damascuscountryside aleppo halab homs hims
    hama hamah latakia lattakia ladhiqiyah tartus tartous tartous idlib idleb deirezzor
    deirezzour deirezor dayrazzawr deiralzour deirelzor deirezzur deirazzor raqqa raqqah
    rakka hasakah hasaka hassakeh hasakeh hassakah daraa deraa dara suwayda sweida suwaida
    sweidaa quneitra qunaytirah kuneitra""".split()
)
#: Big cities: "the highway between A and B" with both among them is a whole corridor.
MAJOR_CITY_KEYS: frozenset[str] = GOVERNORATE_KEYS | frozenset(
    "palmyra tadmur tadmor bukamal abukamal albukamal mayadin manbij qamishli".split()
)
#: Capitalised words that are never place names.
NOT_PLACES: frozenset[str] = frozenset(
    """isis isil is daesh sdf ndf sohr syria syrian syrians iraq turkey russia russian
    coalition international islamic state regime hts sna the a an this that these those
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday asayish hezbollah un we
    autonomous administration observatory according also however although despite iraqi
    lebanese jordanian israeli iranian american kurdish turkish lebanon jordan israel
    iran""".split()
)


#: The parts of :func:`_key`: an article, a type word at the end, anything but letters.
_KEY_ARTICLE_RE = re.compile(r"^(?:al|el|ar|as|ad|an|ash|at|az)[- ]")
_KEY_TYPE_RE = re.compile(r"\s+(?:province|governorate|city)$")
_KEY_DROP_RE = re.compile(r"[^a-z\u0600-\u06ff]")


@lru_cache(maxsize=16384)
def _key(name: str) -> str:
    """A loose key for a place name: no article, diacritics, hyphens or spaces (memoized:
    a pure function of the name)."""
    if name.isascii():  # nothing to decompose, no combining marks
        t = name.lower()
    else:
        t = unicodedata.normalize("NFKD", name)
        t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = _KEY_ARTICLE_RE.sub("", t.strip())
    t = _KEY_TYPE_RE.sub("", t)
    return _KEY_DROP_RE.sub("", t)


#: :func:`is_governorate_name`'s answers from each gazetteer, by name (a pure function of
#: the two: a note asks it of each name it reads, twice).
_GOVERNORATE_ANSWERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_GOVERNORATE_ANSWERS_SIZE = 16384
#: Switch for tests: ask the gazetteer every time.
_REMEMBER_GOVERNORATES = True


def is_governorate_name(name: str, gazetteer: Any = None) -> bool:
    """True when ``name`` is a Syrian governorate ("Deir ez-Zor", "Al-Raqqah", "دير الزور")."""
    if _key(name) in GOVERNORATE_KEYS:
        return True
    if gazetteer is None:
        return False
    answers = None
    if _REMEMBER_GOVERNORATES:
        try:
            answers = _GOVERNORATE_ANSWERS.get(gazetteer)
            if answers is None:
                answers = _GOVERNORATE_ANSWERS[gazetteer] = {}
        except TypeError:  # not weak-referenceable: nothing kept
            answers = None
        else:
            known = answers.get(name)
            if known is not None:
                return known
    answer = _gazetteer_says_governorate(name, gazetteer)
    if answers is not None:
        if len(answers) >= _GOVERNORATE_ANSWERS_SIZE:
            answers.clear()
        answers[name] = answer
    return answer


def _gazetteer_says_governorate(name: str, gazetteer: Any) -> bool:
    try:
        confident = getattr(gazetteer, "confident_place", None)
        if confident is not None:
            return confident(name, feature_types={"governorate"},
                             min_confidence=0.9) is not None
        res = gazetteer.resolve(name, feature_types={"governorate"})
    except (LookupError, ValueError, TypeError):
        return False
    return res is not None and res.place is not None and res.confidence >= 0.9


@lru_cache(maxsize=16384)
def _plausible(name: str) -> bool:
    """Whether ``name`` may be a place name (not only words of :data:`NOT_PLACES`);
    memoized: a pure function of the name."""
    words = _WORDS_RE.findall(name)
    if not words:
        return False
    return not all(w.lower().strip("’'") in NOT_PLACES for w in words) and \
        words[0].lower() not in NOT_PLACES


def split_hyphenated(name: str) -> list[str]:
    """Split "Homs-Deir Ezzor" into ["Homs", "Deir Ezzor"], keeping articles joined
    ("Al-Raqqah", "Deir ez-Zor")."""
    parts = _DASH_RE.split(name)
    out: list[str] = []
    for p in parts:
        if out and (re.fullmatch(_ART, out[-1].split()[-1]) or not p[:1].isupper()):
            out[-1] = f"{out[-1]}-{p}"
        else:
            out.append(p)
    return [o.strip() for o in out if o.strip()]


def _names_of_list(text: str) -> list[str]:
    """The names of a coordinated list: "Kabajeb and Al-Shawla" → ["Kabajeb", "Al-Shawla"]."""
    items = _LIST_SPLIT_RE.split(text.strip())
    return [i.strip() for i in items if i.strip() and _plausible(i)]


_POSSESSIVE = re.compile(r"(?:'s|’s)$")
#: Patterns of the helpers, compiled once (``re.fullmatch(string, ...)`` looks each up in
#: re's cache on every call).
_WORDS_RE = re.compile(r"[\w’'-]+")
_DASH_RE = re.compile(r"\s*[-–—]\s*")
_LIST_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_PARENS_RE = re.compile(r"(?P<a>[^()]+?)\s*\((?P<b>[^()]+)\)")
_M_NUMBER_RE = re.compile(r"M\s?\d+")
_COMPASS_OF_RE = re.compile(r"(?:north|south|east|west)[\w-]*\s+of")
_RIVER_RE = re.compile(r"river|euphrates|tigris|khabur", re.IGNORECASE)
_BARE_RE = re.compile(rf"(?P<n>.+?)\s+(?:{_TYPE_WORDS})")
_TYPE_WORDS_RE = re.compile(_TYPE_WORDS)
_CITY_TOWN_RE = re.compile(r"\b(?:city|town)\b")
_DIR_NAME_RE = re.compile(rf"{_DIR}\s+\S")
_ACRONYM_RE = re.compile(r"[A-Z][A-Za-z]{1,4}")


def _name_forms(name: str) -> list[str]:
    """A name and the forms to try when it is not known as written: "Palmyra (Tadmor)" →
    Palmyra, Tadmor; "Basimah Rural Damascus" → ..., Basimah (a governorate run on)."""
    return list(_name_forms_of(name))


@lru_cache(maxsize=16384)
def _name_forms_of(name: str) -> tuple[str, ...]:
    """:func:`_name_forms`, memoized (a pure function of the name)."""
    return tuple(_read_name_forms(name))


@lru_cache(maxsize=16384)
def _plausible_forms(name: str) -> tuple[str, ...]:
    """:func:`_name_forms_of` of a :func:`_plausible` name, none of another (memoized: one
    look-up per name where the two would take two)."""
    return _name_forms_of(name) if _plausible(name) else ()


def _read_name_forms(name: str) -> list[str]:
    name = _POSSESSIVE.sub("", name)
    m = _PARENS_RE.fullmatch(name)
    if m:
        return [m.group("a").strip(), m.group("b").strip()]
    words = name.split()
    for k in (2, 1):
        if len(words) > k and _key(" ".join(words[-k:])) in GOVERNORATE_KEYS and \
                _plausible(" ".join(words[:-k])):
            return [name, " ".join(words[:-k])]
    return [name]


#: Characters no pattern of :class:`_Finder` can match, not even in a lookahead (checked
#: by ``tests/test_note_match_cuts.py``). A search that stops before one of them never
#: sees past it, so it finds what a search of the whole text finds there.
SPAN_STOPS: frozenset[str] = frozenset('.;!?:]"')


class MatchMemo(dict):
    """Pattern matches kept by ``(id(pattern), start, end)`` for one text.

    ``whole``: every pattern will be searched on the whole text anyway (a table's note, read
    by sentence and then as a whole). A span that ends at one of :data:`SPAN_STOPS` (a
    sentence) and that no match of the whole text crosses into then gets the whole text's
    matches inside it: the same matches, one search instead of two.
    """

    __slots__ = ("whole", "steps")

    def __init__(self, *, whole: bool = False) -> None:
        super().__init__()
        self.whole = whole
        #: The pattern steps run on the whole text (see :func:`_note_steps`), if asked.
        self.steps: _NoteSteps | None = None

    def clear(self) -> None:
        """Forget the matches and the steps (the text changes)."""
        super().clear()
        self.steps = None


#: Switch for tests: spans searched on their own even in a whole text's memo.
_USE_WHOLE_MATCHES = True


class _Finder:
    """Collect non-overlapping place expressions in ``text[start:end]``."""

    def __init__(self, text: str, start: int, end: int, gazetteer: Any = None,
                 memo: dict[tuple[int, int, int], list[re.Match[str]]] | None = None
                 ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.gaz = gazetteer
        self.memo = memo
        self.found: list[PlaceExpression] = []
        self._spans: list[tuple[int, int]] = []  # (start, end) of each found, for free()
        self._span: str | None = None
        self._folded = ""
        self._admitted: dict[int, bool] = {}  # by id of a guard (guards are shared)
        #: Whether the span may take the whole text's matches (see :meth:`_cut_from_whole`):
        #: worked out once, not for each pattern.
        n = len(text)
        self._cuttable = bool(_USE_WHOLE_MATCHES and getattr(memo, "whole", False)) and \
            (start, end) != (0, n) and (end == n or text[end - 1] in SPAN_STOPS)

    def free(self, s: int, e: int) -> bool:
        for a, b in self._spans:  # a plain loop over tuples: called for every candidate
            if a < e and s < b:
                return False
        return True

    def add(self, s: int, e: int, kind: str, names: Sequence[str], *,
            qualifier: str | None = None, corridor: Sequence[str] = (),
            check: bool = True) -> bool:
        if not self.free(s, e):
            return False
        forms = _plausible_forms if check else _name_forms_of
        names = [x for n in names if n for x in forms(n)]
        if not names:
            return False
        self._spans.append((s, e))
        self.found.append(PlaceExpression(self.text[s:e], s, e, kind, names, [],
                                          qualifier, list(corridor)))
        return True

    def iter(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        guard = _GUARDS.get(id(pattern)) if _USE_GUARDS else None
        if guard is not None:
            ok = self._admitted.get(id(guard))
            if ok is None:
                ok = self._admitted[id(guard)] = self.admits(guard)
            if not ok:
                return []  # the pattern's keyword is not in the span: it cannot match
        key = (id(pattern), self.start, self.end)
        found = self.memo.get(key) if self.memo is not None else None
        if found is None:
            found = self._cut_from_whole(pattern) if self._cuttable else None
            if found is None:
                if self._span is None:
                    self._span = self.text[self.start:self.end]
                    self._folded = self._span.lower()
                found = _search(pattern, self.text, self.start, self.end, self._span)
            if self.memo is not None:
                self.memo[key] = found
        return found

    def _cut_from_whole(self, pattern: re.Pattern[str]) -> list[re.Match[str]] | None:
        """The whole text's matches inside the span (see :class:`MatchMemo`), or ``None``
        when the span must be searched on its own."""
        if not self._cuttable:
            return None
        text, start, end = self.text, self.start, self.end
        n = len(text)
        memo = self.memo
        assert memo is not None
        whole_key = (id(pattern), 0, n)
        whole = memo.get(whole_key)
        if whole is None:
            whole = memo[whole_key] = _search(pattern, text, 0, n, text)
        inside = []
        for m in whole:
            if m.start() < start:
                if m.end() > start:
                    return None  # a match across the span's start: search the span
            elif m.start() < end:
                inside.append(m)
            else:
                break
        return inside

    def admitted(self, guard: _Guard) -> bool:
        """Whether the patterns ``guard`` keeps may match in the span (always, with the
        guards off): :meth:`admits`, worked out once per guard. A step whose patterns
        share a guard asks it once, not once per pattern."""
        if not _USE_GUARDS:
            return True
        ok = self._admitted.get(id(guard))
        if ok is None:
            ok = self._admitted[id(guard)] = self.admits(guard)
        return ok

    def admits(self, guard: _Guard) -> bool:
        """Whether the span holds one of the guard's words."""
        if self._span is None:
            self._span = self.text[self.start:self.end]
            self._folded = self._span.lower()
        hay = self._folded if guard.fold else self._span
        for w in guard.words:  # a loop, not any(): no generator per span and guard
            if w in hay:
                return guard.within is None or \
                    guard.within.search(self.text, self.start, self.end) is not None
        return False


def _search(pattern: re.Pattern[str], text: str, start: int, end: int, span: str
            ) -> list[re.Match[str]]:
    """``pattern``'s matches in ``text[start:end]`` (``span``: that text), by its first
    alternative alone where the span lacks the words of its second (see
    :data:`_ALTERNATIVE_WORDS`) or where no name ends before them (see
    :data:`_AFTER_NAMES`)."""
    split = _ALTERNATIVE_WORDS.get(id(pattern)) if _USE_GUARDS else None
    if split is not None and not _second_may_match(pattern, text, start, end, span, split[0]):
        pattern = split[1]
    cut = _LAST_WORDS.get(id(pattern)) if _CUT_AFTER_LAST_WORD else None
    if cut is not None:
        end = _end_of_last_word(text, start, end, cut)
    first_words = _FIRST_WORDS.get(id(pattern)) if _MATCH_AT_FIRST_WORDS else None
    if first_words is not None:
        return _matches_at_words(pattern, text, start, end, span, first_words)
    scanners = _WORD_STARTS.get(id(pattern)) if _MATCH_AT_WORD_STARTS else None
    if scanners is not None:
        return _matches_at_word_starts(pattern, text, start, end, scanners)
    return list(pattern.finditer(text, start, end))


def _second_may_match(pattern: re.Pattern[str], text: str, start: int, end: int, span: str,
                      words: Sequence[str]) -> bool:
    """Whether the second alternative of ``pattern`` (a pattern of
    :data:`_ALTERNATIVE_WORDS`) may match in ``text[start:end]`` (``span``): the span holds
    one of its ``words``, and a name's end followed by them (:data:`_AFTER_NAMES`)."""
    if not _holds_any(span, words):
        return False
    after = _AFTER_NAMES.get(id(pattern)) if _CHECK_AFTER_NAME else None
    return after is None or after.search(text, start, end) is not None


def _holds_any(span: str, words: Sequence[str]) -> bool:
    """Whether ``span`` holds one of ``words`` (a loop, not ``any()``: no generator)."""
    for w in words:
        if w in span:
            return True
    return False


#: For each pattern whose every match starts with one of these words (case as written;
#: never an empty match) and whose words are rare: the pattern is tried only where one of
#: them starts, not at every position of the span. Keyed by ``id(pattern)``, filled next
#: to the patterns.
_FIRST_WORDS: dict[int, tuple[str, ...]] = {}
#: Switch for tests: such patterns are searched along the whole span.
_MATCH_AT_FIRST_WORDS = True


def _matches_at_words(pattern: re.Pattern[str], text: str, start: int, end: int, span: str,
                      words: Sequence[str]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text, start, end)`` finds, for a pattern whose every match
    starts with one of ``words``: the pattern is matched at each place where one of them
    starts in ``span`` (``text[start:end]``), from left to right, skipping places inside
    a match found (a search goes on after the match's end)."""
    places = []
    find = span.find
    for w in words:
        i = find(w)
        while i >= 0:
            places.append(i)
            i = find(w, i + 1)
    if not places:
        return []
    places.sort()
    found = []
    after = 0
    match = pattern.match
    for i in places:
        if i < after:
            continue
        m = match(text, start + i, end)
        if m is not None:
            found.append(m)
            after = m.end() - start
    return found


#: For each pattern whose every match starts at a word boundary with one of its words (led
#: by an ASCII letter) followed by white space: the scanners of :func:`_word_start_scanners`
#: for those words (and how what follows them starts). The pattern is tried at the span's
#: start and where one of its words starts after a non-word character, not at every
#: position. Keyed by ``id(pattern)``, filled next to the patterns.
_WORD_STARTS: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}
#: Switch for tests: such patterns are searched along the whole span.
_MATCH_AT_WORD_STARTS = True
#: The ASCII characters that are not word characters: in an ASCII text, a set of them
#: finds the character before a word faster than ``\W``.
_ASCII_NON_WORD = "".join(c for c in map(chr, range(128)) if not re.match(r"\w", c))


def _word_start_scanners(words: Sequence[str], after: str = r"\s"
                         ) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns matching the non-word character before each place where one of ``words``
    (patterns, each led by an ASCII letter) starts and is followed by ``after``: one for
    ASCII texts, one for any text.

    Parameters
    ----------
    words
        The words every match of a pattern of :data:`_WORD_STARTS` starts with.
    after
        A pattern every match goes on with after its word (white space, or more of what
        must follow: a place where the pattern then fails is not handed to it).

    Returns
    -------
    tuple[re.Pattern[str], re.Pattern[str]]
        The scanner for ASCII texts, then the scanner for any text.
    """
    ahead = rf"(?={_by_first_letter(words)}{after})"
    return (re.compile(rf"[{re.escape(_ASCII_NON_WORD)}]{ahead}"), re.compile(rf"\W{ahead}"))


def _matches_at_word_starts(pattern: re.Pattern[str], text: str, start: int, end: int,
                            scanners: tuple[re.Pattern[str], re.Pattern[str]]
                            ) -> list[re.Match[str]]:
    """What ``pattern.finditer(text, start, end)`` finds, for a pattern of
    :data:`_WORD_STARTS` (``scanners``: its words' scanners).

    A search treats ``start`` as the text's start, so a match may start there whatever
    comes before it; any later match starts at one of the words after a non-word
    character, just after a character the scanner finds. The pattern is matched at those
    places from left to right, skipping places inside a match found (a search goes on
    after the match's end). The pattern looks at nothing before the place it starts at.
    """
    match = pattern.match
    found = []
    after = start
    m = match(text, start, end)
    if m is not None:
        found.append(m)
        after = m.end()
    scan = scanners[0] if text.isascii() else scanners[1]
    for c in scan.finditer(text, start, end):
        i = c.end()
        if i < after:
            continue
        m = match(text, i, end)
        if m is not None:
            found.append(m)
            after = m.end()
    return found


#: For each pattern whose every match ends with a white space character, one of its last
#: words (which hold no white space) and a word boundary: the :func:`_last_word_cut` of
#: those words. Keyed by ``id(pattern)``, filled next to the patterns.
_LAST_WORDS: dict[int, re.Pattern[str]] = {}
#: Switch for tests: such patterns are searched to the span's end.
_CUT_AFTER_LAST_WORD = True


#: The end of a :data:`NAME` (see :func:`_after_a_name`): a capital and the letters after
#: it, a closing parenthesis or an Arabic letter, and the letters that follow, taken whole.
_NAME_END = r"[A-Z)\u0600-\u06FF][\w'’ʿ`]*+"


def _last_word_cut(words: str, *, after_name: bool = False) -> re.Pattern[str]:
    """A pattern matching from a span's start to the end of the last place in it where
    white space, one of ``words`` (a pattern of alternatives, as the pattern it cuts ends
    with them) and a word boundary match: its greedy ``.*`` is given back from the span's
    end, so the last such place is found first.

    ``after_name``: the pattern it cuts has a :data:`NAME` then white space before those
    words; the place must then follow a name's end (:data:`_NAME_END`), and a span
    without one is not searched at all (most "area", "town" follow "the").
    """
    before = rf"{_NAME_END}\s+" if after_name else r"\s"
    return re.compile(rf"(?s:.*){before}(?:{words})\b")


def _end_of_last_word(text: str, start: int, end: int, cut: re.Pattern[str]) -> int:
    """Where to stop searching ``text[start:end]`` for a pattern of :data:`_LAST_WORDS`
    (``cut``: its :func:`_last_word_cut`): the end of its last word there (``start`` when
    there is none).

    Every match ends with white space, a last word and a word boundary, so at or before
    that point (a last word holds no white space: one that ends later starts after the
    white space before the last one found; after a name, the name's end found for it is
    the last one's, or one of a later capital in the same word). A match attempt reads
    nothing at or past it but the character after that word, which is not a word character
    there just as at the end of the text. The search then finds the same matches without
    trying the rest of the span.
    """
    m = cut.match(text, start, end)
    return start if m is None else m.end()


# A lookahead after a leading ``\b`` holds the first letters the pattern's words can start
# with: the same matches, without trying every alternative at every word.
_SEGMENT_BETWEEN = re.compile(
    rf"\b(?=[tihrmf])(?:the\s+)?(?P<road>{_ROAD})\s+(?:between|linking|connecting)\s+(?P<a>{NAME})\s+"
    rf"(?:and|with|to)\s+(?P<b>{NAME})"
    rf"(?:\s*,?\s*(?:from|between)\s+(?P<from>{_NAMELIST})"
    rf"(?:\s+(?:in|of)\s+(?:the\s+)?(?P<dir>{_DIR}\s+)?(?:countryside\s+of\s+)?(?P<ctx>{NAME}))?"
    rf"\s+(?:to|and|until|up\s+to)\s+(?P<to>{_NAMELIST}))?"
)
_SEGMENT_FROM_TO = re.compile(
    rf"\b(?=[tihrmfA-Zaeub\u0600-\u06FF])(?:the\s+)?(?:(?P<named>{NAME})\s+)?"
    rf"(?P<road>{_ROAD})\s+from\s+(?P<from>{_NAMELIST})"
    rf"(?:\s+(?:in|of)\s+(?:the\s+)?(?:{_DIR}\s+)?(?:countryside\s+of\s+)?{NAME})?"
    rf"\s+(?:to|until|up\s+to)\s+(?P<to>{_NAMELIST})"
)
_NAMED_ROAD = re.compile(
    rf"\b(?=[t{_NAME_START_SET}]|{_LOWER_ARTICLE})(?:the\s+)?(?P<named>{NAME}|M\s?\d{{1,2}})\s+(?P<road>{_ROAD})"
    rf"(?:\s+(?:near|close\s+to|at|around)\s+(?:the\s+)?(?:town\s+of\s+|village\s+of\s+)?"
    rf"(?P<near>{NAME}))?"
    rf"(?:\s+between\s+(?P<a>{NAME})\s+and\s+(?P<b>{NAME}))?"
)
_M_ROAD = re.compile(r"\b(?=[tM])(?:the\s+)?(?P<named>M\s?\d{1,2})\b(?!\s*(?:highway|road))")
#: The words that end a list of zones, and a list of governorates.
_ZONE_HEADS = "deserts?|triangle|Badia|badia"
_GOVERNORATE_HEADS = "provinces?|governorates?"
_ZONE_ITEM = rf"{NAME}(?:\s+(?:desert|triangle))?"
_ZONE_LIST = re.compile(_word_runs_possessive(
    rf"\b(?=[t{_NAME_START_SET}]|area|{_LOWER_ARTICLE})(?:the\s+)?(?:areas?\s+of\s+(?:the\s+)?)?"
    rf"(?P<items>(?:{_ZONE_ITEM}\s*(?:,\s*(?:and\s+)?|\s+and\s+))*{NAME})"
    rf"\s+(?P<head>{_ZONE_HEADS})\b"
))
_DESERT_OF = re.compile(rf"\b(?=[tdBb])(?:the\s+)?(?:desert|[Bb]adia)\s+of\s+(?P<n>{NAME})")
_BADIA = re.compile(
    r"\b(?=[tScB])(?:the\s+)?(?:(?P<syr>Syrian)\s+(?:[Dd]esert|Badia|[Bb]adiya)|(?P<central>central)"
    r"\s+(?:[Dd]esert|Badia)|(?P<badia>Badia|Badiya)(?:\s+(?:region|desert))?)\b"
)
_GOV_LIST_AFTER = re.compile(_word_runs_possessive(
    rf"\b(?=[t{_NAME_START_SET}]|{_LOWER_ARTICLE})(?:the\s+)?(?P<items>{_NAMELIST})\s+"
    rf"(?P<head>{_GOVERNORATE_HEADS})\b"
))
_GOV_LIST_BEFORE = re.compile(
    rf"\b(?=[tpg])(?:the\s+)?(?:provinces?|governorates?)\s+of\s+(?P<items>{_NAMELIST})"
)
def _letter_groups(words: Sequence[str]) -> dict[str, list[str]]:
    """``words`` (patterns, each led by a literal ASCII letter) by that letter: the rest of
    each word, in the words' order."""
    by_letter: dict[str, list[str]] = {}
    for word in words:
        assert word[:1].isascii() and word[:1].isalpha() and word[1:2] not in (
            "?", "*", "+", "{"), word
        by_letter.setdefault(word[0], []).append(word[1:])
    return by_letter


def _word_led(words: Sequence[str]) -> str:
    r"""A group matching what ``\b(?:WORD|WORD|...)`` matches, led by the first letters:
    :func:`_by_first_letter` with the ``\b`` as ``(?<!\w\w)`` after each letter (no word
    character before it). A pattern that starts with the group has a set of first
    characters: ``re`` skips in C to the next of them instead of trying the pattern at every
    position."""
    return _by_first_letter(words, after_letter=r"(?<!\w\w)")


def _by_first_letter(words: Sequence[str], *, after_letter: str = "") -> str:
    """A group matching what ``(?:WORD|WORD|...)`` matches, in the same order, with the
    words grouped by their first letter: ``re`` tries one group's words at a position,
    not every word.

    Each of ``words`` (a pattern) starts with an ASCII letter, taken literally. Only the
    words of the letter at the text's position can match there, and they keep their order,
    so the first to lead to a match is the same word.

    Parameters
    ----------
    words
        The alternatives, in order.
    after_letter
        A zero-width pattern tested after each first letter (see :func:`_word_led`).

    Returns
    -------
    str
        A non-capturing group.
    """
    return "(?:" + "|".join(f"{letter}{after_letter}(?:{'|'.join(rests)})"
                            for letter, rests in _letter_groups(words).items()) + ")"


#: "rural Damascus", "Rural Hama": a governorate's countryside, i.e. the governorate.
_RURAL = re.compile(rf"(?P<rural>{_word_led(('Rural', 'rural'))})\s+(?P<n>{NAME})")
#: The words before a direction: "in western X", "to the east of ..." is :data:`_NEAR`'s.
_DIRECTION_WORDS = ("in", "across", "of", "throughout", "to")
_DIRECTION_AFTER_WORD = (
    rf"\s+(?:the\s+)?(?P<dir>{_DIR})\s+"
    rf"(?:(?P<cs>countryside|parts?|outskirts|desert|areas?)\s+of\s+(?:the\s+)?)?"
    rf"(?P<n>{NAME})(?P<cs2>\s+(?:countryside|province|governorate|desert))?"
)
#: What follows the name of :data:`_DIRECTION`'s second alternative (its "'s" aside).
_DIRECTION_AFTER_NAME = rf"\s+(?P<dir2>{_DIR})\s+countryside"
_DIRECTION = re.compile(_word_runs_possessive(
    rf"\b(?=[iaot])(?:{'|'.join(_DIRECTION_WORDS)}){_DIRECTION_AFTER_WORD}"
    rf"|\b{_NAME_START}(?P<n2>{NAME})(?:'s|’s)?{_DIRECTION_AFTER_NAME}"
))
#: The words before a place :data:`_NEAR` reads as "near" it.
_NEAR_WORDS = (
    "near", "nearby", r"close\s+to", r"in\s+the\s+vicinity\s+of", r"on\s+the\s+outskirts\s+of",
    r"outskirts\s+of", "around", r"surroundings\s+of", r"in\s+the\s+(?:countryside|edges?)\s+of",
    r"on\s+the\s+(?:countryside|edges?)\s+of", r"countryside\s+of",
    *(rf"{compass}\s+of" for compass in ("north", "south", "east", "west", "north-?east",
                                          "north-?west", "south-?east", "south-?west")))
_NEAR_AFTER_WORD = (rf"\s+(?:the\s+)?(?:(?:town|village|city|area)\s+of\s+)?"
                    rf"(?P<n>{NAME}(?:\s+(?:{_TYPE_WORDS}))?)")
#: What follows the name of :data:`_NEAR`'s second alternative (its "'s" aside).
_NEAR_AFTER_NAME = r"\s+(?P<what>countryside|outskirts|surroundings|environs)\b"
_NEAR = re.compile(_word_runs_possessive(
    rf"\b(?=[ncioasew])(?P<prep>{_by_first_letter(_NEAR_WORDS)}){_NEAR_AFTER_WORD}"
    rf"|\b{_NAME_START}(?P<n2>{NAME})(?:'s|’s)?{_NEAR_AFTER_NAME}"
))
#: Verbs and phrases whose object is the place itself ("captured Tleihat", "regained
#: control of Um Khan", "on the fronts of Jobar").
_SEIZE_WORDS = (r"control\s+(?:of|over)", "captured?", "seized?", "retook", "recaptured?",
                "entered", "enter", "regained", "liberated", "besieged", "shelled",
                r"took\s+over", r"advanced?\s+(?:on|towards?|into)", r"fronts?\s+of",
                r"attack(?:s|ed)?\s+on", r"assaults?\s+on", r"offensive\s+on")
#: The words before a place :data:`_PLACE` reads as the place itself.
_PLACE_WORDS = ("in", "at", "on", "inside", "into", "targeting", "hit", "struck", "attacked",
                "stormed", "toward", "towards", *_SEIZE_WORDS)
_PLACE = re.compile(
    rf"\b(?=[abcefhilorst]){_by_first_letter(_PLACE_WORDS)}\s+"
    rf"(?:the\s+)?(?:(?P<noun>{_PLACE_NOUNS}|{_TYPE_WORDS})\s+of\s+(?:the\s+)?)?"
    rf"(?P<n>{NAME})(?:\s+(?P<t>{_TYPE_WORDS}|town|village|city|province|governorate|area"
    rf"|desert|countryside|region))?\b"
)
#: How every match of :data:`_PLACE` goes on after its word: white space, maybe "the",
#: then a noun and "of", or a name's first characters (see :data:`_NAME_START`). Most
#: words ("at least", "in the clashes" are common) are then never handed to it.
_PLACE_AFTER_WORD = (rf"\s+(?:the\s+)?(?:[{_NAME_START_SET}]|{_LOWER_ARTICLE}"
                     rf"|(?:{_PLACE_NOUNS}|{_TYPE_WORDS})\s+of\s)")
_WORD_STARTS[id(_PLACE)] = _word_start_scanners(_PLACE_WORDS, _PLACE_AFTER_WORD)


class _Guard(NamedTuple):
    """Words one of which every match of a pattern contains (``fold``: in any case), and
    optionally a pattern every match contains a match of (``within``: tried after the
    words; for a pattern slow to fail whose words are common, e.g. a capital M).

    A ``within`` pattern needs a literal start, so that ``re`` skips to it in C.
    """

    words: tuple[str, ...]
    fold: bool = False
    within: re.Pattern[str] | None = None


_ROAD_WORDS = _Guard(("highway", "road", "motorway", "route", "freeway"))
_DESERT_WORDS = _Guard(("esert", "Badi", "badi", "triangle"))
#: Words one of which the text of every ``zone`` expression found without gazetteer
#: mentions contains (the zone patterns' guard; "desert" after a name or direction).
ZONE_WORDS: tuple[str, ...] = _DESERT_WORDS.words
_ADMIN_WORDS = _Guard(("province", "governorate"))
_COMPASS = ("north", "south", "east", "west")
#: For each pattern, words one of which every match of the pattern contains (a pattern is
#: tried only on spans holding one; substring tests cost next to nothing). Most sentences
#: have no road, desert or direction word, and the patterns that start with a name are
#: slow to fail. Keep a guard in step with its pattern: it may admit more than the pattern
#: needs, never less. ``tests/test_speed_invariants.py`` checks that guards change nothing.
#: Keyed by ``id(pattern)``: hashing a compiled pattern hashes its whole source each time.
_GUARDS: dict[int, _Guard] = {
    id(_SEGMENT_BETWEEN): _ROAD_WORDS,
    id(_SEGMENT_FROM_TO): _ROAD_WORDS,
    id(_NAMED_ROAD): _ROAD_WORDS,
    id(_M_ROAD): _Guard(("M",), within=re.compile(r"M\s?\d")),
    id(_ZONE_LIST): _DESERT_WORDS,
    id(_DESERT_OF): _DESERT_WORDS,
    id(_BADIA): _DESERT_WORDS,
    id(_GOV_LIST_AFTER): _ADMIN_WORDS,
    id(_GOV_LIST_BEFORE): _ADMIN_WORDS,
    id(_RURAL): _Guard(("ural",)),
    id(_DIRECTION): _Guard((*_COMPASS, "central"), fold=True),
    id(_NEAR): _Guard(("near", "close", "vicinity", "outskirts", "around", "surroundings",
                       "countryside", "edge", "environs", *_COMPASS)),
}
_FIRST_WORDS[id(_RURAL)] = ("Rural", "rural")
_LAST_WORDS[id(_ZONE_LIST)] = _last_word_cut(_ZONE_HEADS)
_LAST_WORDS[id(_GOV_LIST_AFTER)] = _last_word_cut(_GOVERNORATE_HEADS)
#: Switch for tests: patterns tried on every span (guards off) must find the same.
_USE_GUARDS = True


def _first_alternative(first: str, groups: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern of the first alternative ``first`` of a pattern whose second one starts
    with a name, with that one's ``groups`` (never matching): where the second cannot
    match, the same matches, without trying a name at every word.

    ``first`` may start with :func:`_word_led` words (``re`` then skips to their letters):
    the groups come after it, so that nothing but the words leads the pattern.
    """
    never = "(?:(?!)" + "".join(f"(?P<{g}>)" for g in groups) + ")?"
    return re.compile(_word_runs_possessive(first + never))


_NEAR_FIRST = _first_alternative(rf"(?P<prep>{_word_led(_NEAR_WORDS)}){_NEAR_AFTER_WORD}",
                                 ("n2", "what"))
_DIRECTION_FIRST = _first_alternative(rf"{_word_led(_DIRECTION_WORDS)}{_DIRECTION_AFTER_WORD}",
                                      ("n2", "dir2"))
#: Patterns whose second alternative, "NAME ... countryside", needs one of these words
#: (case as written): on a span without them, the first alternative alone is run.
_ALTERNATIVE_WORDS: dict[int, tuple[tuple[str, ...], re.Pattern[str]]] = {
    id(_NEAR): (("countryside", "outskirts", "surroundings", "environs"), _NEAR_FIRST),
    id(_DIRECTION): (("countryside",), _DIRECTION_FIRST),
}
#: The first alternatives are tried only where their words start (their ``re`` scan stops
#: at every n, c, i, o, a, s, e, w or t, most of them inside words), and only where what
#: follows may go on as they do: a name, or a noun and "of" (:data:`_NEAR_AFTER_WORD`),
#: or a direction word (:data:`_DIRECTION_AFTER_WORD`).
_WORD_STARTS[id(_NEAR_FIRST)] = _word_start_scanners(
    _NEAR_WORDS, rf"\s+(?:the\s+)?(?:[{_NAME_START_SET}]|{_LOWER_ARTICLE}"
                 rf"|(?:town|village|city|area)\s+of\s)")
_WORD_STARTS[id(_DIRECTION_FIRST)] = _word_start_scanners(
    _DIRECTION_WORDS, rf"\s+(?:the\s+)?{_DIR}\s")


def _after_a_name(after_name: str) -> re.Pattern[str]:
    """A pattern every match of ``NAME(?:'s|’s)?AFTER_NAME`` holds a match of: the end of
    a name, "'s" maybe, then ``after_name`` (named groups dropped).

    A :data:`NAME` ends with a word of a capital and letters, with a closing parenthesis,
    or with an Arabic letter. A run of letters after a capital, taken whole, goes through
    an "'s" to the white space :data:`_DIRECTION_AFTER_NAME` and :data:`_NEAR_AFTER_NAME`
    start with (a name's word is taken whole: they follow white space); from a parenthesis
    or an Arabic letter it takes the "'s" if there is one. Led by one set of characters:
    ``re`` skips to them in C.
    """
    assert after_name.startswith(r"\s+"), after_name
    plain = re.sub(r"\(\?P<\w+>", "(?:", after_name)
    return re.compile(rf"{_NAME_END}(?:'s|’s)?{plain}")


#: For the patterns of :data:`_ALTERNATIVE_WORDS`, a pattern their second alternative's
#: every match holds a match of (:func:`_after_a_name`): where it finds nothing, the
#: first alternative alone is run, though the span holds the second one's words (most
#: "countryside" follows "the eastern", not a name).
_AFTER_NAMES: dict[int, re.Pattern[str]] = {
    id(_NEAR): _after_a_name(_NEAR_AFTER_NAME),
    id(_DIRECTION): _after_a_name(_DIRECTION_AFTER_NAME),
}
#: Switch for tests: the second alternative is run wherever the span holds its words.
_CHECK_AFTER_NAME = True

def _find_segments(f: _Finder) -> None:
    if f.admitted(_ROAD_WORDS):  # the three road patterns' guard, asked once
        _find_roads(f)
    for m in f.iter(_M_ROAD):
        f.add(m.start(), m.end(), "corridor", [m.group("named")], corridor=[m.group("named")])


def _find_roads(f: _Finder) -> None:
    for m in f.iter(_SEGMENT_BETWEEN):
        a, b = m.group("a"), m.group("b")
        if m.group("to"):
            names = _names_of_list(m.group("from")) + _names_of_list(m.group("to"))
            f.add(m.start(), m.end(), "segment", names, corridor=[a, b])
        elif _key(a) in MAJOR_CITY_KEYS and _key(b) in MAJOR_CITY_KEYS:
            f.add(m.start(), m.end("b"), "corridor", [a, b], corridor=[a, b])
        else:
            f.add(m.start(), m.end("b"), "segment", [a, b])
    for m in f.iter(_SEGMENT_FROM_TO):
        corridor = split_hyphenated(m.group("named")) if m.group("named") else []
        names = _names_of_list(m.group("from")) + _names_of_list(m.group("to"))
        f.add(m.start(), m.end(), "segment", names, corridor=corridor)
    for m in f.iter(_NAMED_ROAD):
        named = m.group("named")
        ends = [named] if _M_NUMBER_RE.fullmatch(named) else split_hyphenated(named)
        if m.group("near"):
            f.add(m.start(), m.end(), "near", [m.group("near")], corridor=ends)
        elif m.group("a"):
            f.add(m.start(), m.end(), "segment", [m.group("a"), m.group("b")], corridor=ends)
        else:
            f.add(m.start(), m.end(), "corridor", ends, corridor=ends)


def _zone_names(items: str, head: str) -> list[str]:
    """Expand "Aleppo-Hama-Al-Raqqah triangle, Homs and Deir Ezzor" + "deserts"."""
    head_word = "triangle" if head.lower().startswith("triangle") else (
        "Badia" if head.lower() == "badia" else "desert")
    names = []
    for item in _LIST_SPLIT_RE.split(items.strip()):
        item = item.strip()
        if not item:
            continue
        if re.search(r"\s(?:desert|triangle)$", item):
            names.append(item)
        else:
            names.append(f"{item} {head_word}" if head_word != "Badia" else f"{item} Badia")
    return names


def _find_zones(f: _Finder) -> None:
    if not f.admitted(_DESERT_WORDS):  # the three zone patterns' guard, asked once
        return
    for m in f.iter(_BADIA):
        if m.group("syr"):
            names = [m.group(0).removeprefix("the ").strip()]
        else:
            names = ["Badia"]
        # "Syrian desert" is also matched by the zone list below; take it here
        f.add(m.start(), m.end(), "zone", names, check=False)
    for m in f.iter(_ZONE_LIST):
        names = _zone_names(m.group("items"), m.group("head"))
        if names:
            f.add(m.start(), m.end(), "zone", names)
    for m in f.iter(_DESERT_OF):
        f.add(m.start(), m.end(), "zone", [f"{m.group('n')} desert"])


def _find_governorates(f: _Finder) -> None:
    if not f.admitted(_ADMIN_WORDS):  # both patterns' guard, asked once
        return
    for pattern in (_GOV_LIST_AFTER, _GOV_LIST_BEFORE):
        for m in f.iter(pattern):
            names = _names_of_list(m.group("items"))
            if names:
                f.add(m.start("items") if pattern is _GOV_LIST_AFTER else m.start(), m.end(),
                      "governorates", names)


#: Switch for tests: a match over a span already taken is read (names, gazetteer
#: questions) before :meth:`_Finder.add` turns it down.
_SKIP_TAKEN_MATCHES = True


def _taken(f: _Finder, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` overlaps an expression found: every expression a match
    there may give is then turned down by :meth:`_Finder.add`, whatever its kind or names,
    so the match need not be read (nor the gazetteer asked about its name)."""
    return _SKIP_TAKEN_MATCHES and not f.free(start, end)


def _find_rural(f: _Finder) -> None:
    """"rural Damascus" is Rural Damascus; "Rural Hama" is Hama governorate. The spelling
    "Rural Damascus" is the governorate's own name, left to the gazetteer's mentions."""
    for m in f.iter(_RURAL):
        if _taken(f, m.start(), m.end()):
            continue
        name = _POSSESSIVE.sub("", m.group("n"))
        whole = f"Rural {name}"
        if is_governorate_name(whole, f.gaz):
            if m.group("rural") == "rural":
                f.add(m.start(), m.end(), "governorates", [whole])
        elif is_governorate_name(name, f.gaz):
            f.add(m.start(), m.end(), "governorates", [name])


def _find_directions(f: _Finder) -> None:
    for m in f.iter(_DIRECTION):
        name = _POSSESSIVE.sub("", m.group("n") or m.group("n2"))
        direction = (m.group("dir") or m.group("dir2") or "").lower()
        s = m.start("dir") if m.group("dir") else m.start()
        if _taken(f, s, m.end()):
            continue
        cs2 = (m.group("cs2") or "").strip().lower()
        if cs2 == "desert":
            f.add(s, m.end(), "zone", [f"{name} desert"], qualifier=direction)
        elif is_governorate_name(name, f.gaz):
            f.add(s, m.end(), "direction", [name], qualifier=direction)
        elif m.group("dir") and not m.group("cs") and _area_named(
                f"{m.group('dir')} {name}", f.gaz):
            # "in the western Ghouta": a region's own name, written in lower case
            f.add(s, m.end(), "zone", [f"{m.group('dir')} {name}"])
        else:
            f.add(s, m.end(), "near", [name], qualifier=direction)


def _area_named(name: str, gazetteer: Any) -> bool:
    """Is ``name`` (direction word included) the very name of a region or zone?"""
    if gazetteer is None:
        return False
    try:
        cands = gazetteer.candidates(name, limit=1, fuzzy=False)
    except (LookupError, ValueError, TypeError):
        return False
    return bool(cands) and cands[0].match in ("exact", "normalized", "id") and \
        cands[0].place.feature_type in ("region", "zone")


def _find_near(f: _Finder) -> None:
    for m in f.iter(_NEAR):
        name = m.group("n") or m.group("n2")
        prep = (m.group("prep") or "").lower()
        if _COMPASS_OF_RE.fullmatch(prep) and _RIVER_RE.search(name):
            continue  # "east of the Euphrates": a region, not a place
        qualifier = prep.split()[0] if prep.endswith(" of") and prep.split()[0] in (
            "north", "south", "east", "west") else None
        f.add(m.start(), m.end(), "near", _with_bare(name), qualifier=qualifier)


def _with_bare(name: str) -> list[str]:
    """["Al-Hol camp", "Al-Hol"]: the name as written, then without its type word."""
    m = _BARE_RE.fullmatch(name)
    return [name, m.group("n")] if m else [name]


def _find_places(f: _Finder) -> None:
    for m in f.iter(_PLACE):
        name = m.group("n")
        t = (m.group("t") or "").lower()
        s = m.start("noun") if m.group("noun") else m.start("n")
        if _taken(f, s, m.end()):  # each expression below is added over s..m.end()
            continue
        if t in ("province", "governorate"):
            f.add(s, m.end(), "governorates", [name])
        elif t == "desert":
            f.add(s, m.end(), "zone", [f"{name} desert"])
        elif t == "countryside":
            f.add(s, m.end(), "near", [name])
        elif t and _TYPE_WORDS_RE.fullmatch(t):
            f.add(s, m.end(), "place", [f"{name} {m.group('t')}", name])
        else:  # "the town of X", "X city": never the governorate, the gazetteer not asked
            town = _CITY_TOWN_RE.search(m.group("noun") or t) is not None
            f.add(s, m.end(), "place" if town or not is_governorate_name(name, f.gaz)
                  else "governorates", [name])


#: The words after a name :data:`_NAME_NOUN` reads as a place.
_NAME_NOUN_WORDS = ("town", "village", "city", r"neighbou?rhood", "area", r"sub-?district",
                    "district", "farms", r"hills?", r"fronts?", "camp")
_NOUN_OF = re.compile(
    rf"\b(?=[vtcnsahf])(?P<noun>villages?|towns?|cities|neighbou?rhoods?|suburbs?|areas?|hills?"
    rf"|farms)\s+of"
    rf"\s+(?:the\s+)?(?P<items>{NAME}(?:(?:\s*(?:,|/)\s*(?:and\s+)?|\s+and\s+){NAME})*)"
)
_NAME_NOUN_TYPES = _by_first_letter(_NAME_NOUN_WORDS)
_NAME_NOUN = re.compile(_word_runs_possessive(
    rf"{_NAME_START}(?P<n>{NAME})\s+(?P<t>{_NAME_NOUN_TYPES})\b"
))

#: A word every match of :data:`_NOUN_OF` starts with one of, and of :data:`_NAME_NOUN`
#: ends with one of (its guard's words).
_NOUN_OF_STARTS = ("village", "town", "cities", "neighbo", "suburb", "area", "hill", "farms")
_NAME_NOUN_ENDS = ("town", "village", "city", "neighbo", "area", "district", "farms", "hill",
                   "front", "camp")
_LAST_WORDS[id(_NAME_NOUN)] = _last_word_cut(_NAME_NOUN_TYPES, after_name=True)
_FIRST_WORDS[id(_NOUN_OF)] = _NOUN_OF_STARTS
_GUARDS[id(_NOUN_OF)] = _Guard(_NOUN_OF_STARTS)
_GUARDS[id(_NAME_NOUN)] = _Guard(_NAME_NOUN_ENDS)


def _find_named_sites(f: _Finder) -> None:
    """"the villages of Sharkan/Catanli, Tatara and al-Amiriya", "Murak town", "Ablah
    village", "the Jellin front": a name the kind word around it marks as a place."""
    for m in f.iter(_NOUN_OF):
        names = [n for item in _names_of_list(m.group("items")) for n in item.split("/")]
        f.add(m.start(), m.end(), "place", [n.strip() for n in names if n.strip()])
    for m in f.iter(_NAME_NOUN):
        if _taken(f, m.start(), m.end()):
            continue
        name, t = m.group("n"), m.group("t").lower()
        if t not in ("city", "town") and is_governorate_name(name, f.gaz):
            continue  # "Hama area": the governorate, read elsewhere
        f.add(m.start(), m.end(), "place", [name] if t in (
            "town", "village", "city", "area") else [f"{name} {m.group('t')}", name])


#: Whether a character may start a direction word (:data:`_DIR`: its words start with n,
#: s, e, w or c, in any case as ``re`` folds it, "ſ" for an s), by character: asked of
#: ``re`` once per character.
_DIRECTION_LETTERS: dict[str, bool] = {}
_DIRECTION_LETTER_RE = re.compile(r"(?i:[nsewc])")
#: Switch for tests: every mention is tried with :data:`_DIR_NAME_RE`.
_CHECK_DIRECTION_LETTER = True


def _may_start_direction(first: str) -> bool:
    """Whether ``first`` (a character, or "") may start a direction word; remembered."""
    may = _DIRECTION_LETTERS[first] = _DIRECTION_LETTER_RE.match(first) is not None
    return may


def _find_direction_names(f: _Finder, mentions: Sequence[Any]) -> None:
    """Gazetteer names that begin with a direction word ("Eastern Ghouta", "eastern Homs
    desert") are names, not a direction and a place."""
    for mn in mentions:
        if mn.start < f.start or mn.end > f.end:
            continue
        text = mn.text
        if _CHECK_DIRECTION_LETTER:
            first = text[:1]
            may = _DIRECTION_LETTERS.get(first)
            if may is None:
                may = _may_start_direction(first)
            if not may:
                continue  # cannot start a direction word: spare the regex
        if not _DIR_NAME_RE.match(text):
            continue
        ids = tuple(getattr(mn, "place_ids", ()) or ())
        kind = "zone" if ids and all(i.startswith(("zone:", "region:")) for i in ids) \
            else "place"
        f.add(mn.start, mn.end, kind, [mn.text])


#: Capitalised words that may follow or precede a place name without being part of it.
_NOT_NAME_PARTS: frozenset[str] = frozenset(
    """province governorate countryside city town village area region district
    subdistrict desert outskirts northern southern eastern western central north south
    east west northeast northwest southeast southwest north-east north-west south-east
    south-west rural in on at near from to of and by with between around after during
    while when as""".split()) | NOT_PLACES
#: Words that make the name before them an organisation ("Khalid ibn al-Walid Army",
#: "al-Rahman Corps", "Hamza Brigade"), in any case.
_ORG_AFTER = re.compile(
    r"(?i:army|corps|brigades?|division|battalions?|regiment|movement|legion|shield"
    r"|operations?\s+room|gathering|union|council|group|militias?|front\b(?=\s+(?:fighters?"
    r"|members?|militants?|forces)))\b")
_LINK = rf"(?:[ -](?:{_ART}|{_INNER}|al|el)[ -]|[ -])"
_NAME_BEFORE_RE = re.compile(rf"([A-Z][\w'’]*){_LINK}$")
_NAME_AFTER_RE = re.compile(rf"{_LINK}([A-Z][\w'’]*)")
_NAME_TAIL_RE = re.compile(rf"(?:{_LINK}[A-Z][\w'’]*)*\s+")


def is_name_fragment(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is part of a longer name: "Khalid" in "Jaysh Khalid
    ibn al-Walid Army", "Jabir" in "Qalat Jabir", "Rahman" in "al-Rahman Corps" (a
    gazetteer name inside a name the gazetteer does not know is not that place); also
    an acronym ("JaT", "QSD") that happens to spell a village."""
    word = text[start:end]
    if _ACRONYM_RE.fullmatch(word) and sum(c.isupper() for c in word) >= 2:
        return True
    before = _NAME_BEFORE_RE.search(text[max(0, start - 40):start])
    after = _NAME_AFTER_RE.match(text[end:end + 40])
    for m in (before, after):
        if m and m.group(1).lower().strip("'’") not in _NOT_NAME_PARTS:
            return True
    tail = _NAME_TAIL_RE.match(text[end:end + 60])
    return bool(tail and _ORG_AFTER.match(text, end + tail.end()))


def _from_mentions(f: _Finder, mentions: Sequence[Any], *, broad: bool = False) -> None:
    """Names the patterns missed, from the gazetteer's mentions in the span (``broad``:
    all of them, but not those that are part of a longer capitalised name)."""
    for mn in mentions:
        if mn.start < f.start or mn.end > f.end or not f.free(mn.start, mn.end):
            continue
        if not _plausible(mn.text):
            continue
        if broad and is_name_fragment(f.text, mn.start, mn.end):
            continue
        kind = "place"
        ids = tuple(getattr(mn, "place_ids", ()) or ())
        if ids and all(i.startswith("gov:") for i in ids):
            kind = "governorates"
        elif ids and all(i.startswith("zone:") for i in ids):
            kind = "zone"
        elif ids and all(i.startswith("corridor:") for i in ids):
            kind = "corridor"
        elif ids and all(i.startswith("river:") for i in ids):
            continue  # a river is a background, not where an incident happened
        if f.add(mn.start, mn.end, kind, [mn.text]) and broad:
            f.found[-1].origin = "mention"


def find_place_expressions(text: str, start: int = 0, end: int | None = None, *,
                           mentions: Sequence[Any] = (), gazetteer: Any = None,
                           all_mentions: bool = False,
                           memo: dict[tuple[int, int, int], list[re.Match[str]]] | None = None
                           ) -> list[PlaceExpression]:
    """Every place expression in ``text[start:end]``, in order, without overlaps.

    Parameters
    ----------
    text
        The report text (offsets are into it).
    start, end
        The part to read (a sentence or clause).
    mentions
        Gazetteer mentions (``gazetteer.model.Mention``) in ``text``, if a gazetteer is used:
        they are attached to the expressions containing them, and names the patterns miss
        (e.g. lower-case spellings) are taken from them.
    gazetteer
        Optional, to tell governorates from towns for names outside the built-in list.
    all_mentions
        Add every mention the patterns did not cover (a note describing one event, where
        every place named counts), not only when the patterns found nothing; a mention
        that is part of a longer capitalised name ("Khalid" in "Jaysh Khalid") is left out.
    memo
        Optional: the patterns' matches, kept by span for later calls on the same
        ``text`` (the caller empties it when the text changes). A span read with and
        without mentions, or as a sentence and as the whole note, is searched once.

    Returns
    -------
    list of PlaceExpression
    """
    end = len(text) if end is None else end
    f = _Finder(text, start, end, gazetteer, memo)
    if all_mentions:
        _find_direction_names(f, mentions)
    run = _whole_run(f)
    if run is not None:
        f = run
    else:
        for step in _PATTERN_STEPS:
            step(f)
    if all_mentions:
        _find_named_sites(f)
    if all_mentions or not f.found:
        _from_mentions(f, mentions, broad=all_mentions)
    for expr in f.found:
        expr.mentions = [m for m in mentions if m.start >= expr.start and m.end <= expr.end]
    f.found.sort(key=lambda e: e.start)
    return f.found


#: The pattern steps of :func:`find_place_expressions` without mentions, in its order.
_PATTERN_STEPS = (_find_segments, _find_zones, _find_governorates, _find_rural,
                  _find_directions, _find_near, _find_places)


#: Switch for tests: each span of a whole text's memo runs the pattern steps on its own.
_SHARE_NOTE_STEPS = True


class _NoteSteps:
    """The pattern steps (:data:`_PATTERN_STEPS`) run once on a whole text.

    A span that :class:`MatchMemo` cuts for every pattern (it ends at one of
    :data:`SPAN_STOPS` and no match of the whole text starts before it and ends inside it)
    finds, run on its own, exactly the whole run's expressions inside it: the same matches,
    and the expressions outside never overlap those inside, so every step decides the same.
    """

    __slots__ = ("text", "gaz", "finder", "exprs", "crossings")

    def __init__(self, finder: _Finder) -> None:
        self.text = finder.text
        self.gaz = finder.gaz
        #: The whole run, handed once to :func:`find_place_expressions` on the whole text.
        self.finder: _Finder | None = finder
        #: (start, end, kind) of each expression found, kept apart from the expressions
        #: (the finder's, changed by whoever takes them).
        self.exprs = [(e.start, e.end, e.kind) for e in finder.found]
        n = len(finder.text)
        memo = finder.memo
        assert memo is not None
        #: (start, end) of every match of the whole text: a span starting inside one is
        #: not cut from the whole text (see :meth:`_Finder._cut_from_whole`).
        self.crossings = [(m.start(), m.end()) for (_, s, e), found in memo.items()
                          if s == 0 and e == n for m in found]

    def names_kind(self, start: int, end: int, kinds: Sequence[str]) -> bool | None:
        """:func:`names_kind` of ``text[start:end]``, or ``None`` when a match of the whole
        text crosses the span's start (the span is then read on its own)."""
        for a, b in self.crossings:
            if a < start < b:
                return None
        for s, e, kind in self.exprs:
            if start <= s and e <= end and kind in kinds:
                return True
        return False


def _note_steps(text: str, start: int, end: int, gazetteer: Any,
                memo: dict[tuple[int, int, int], list[re.Match[str]]] | None
                ) -> _NoteSteps | None:
    """The pattern steps run on the whole of ``text`` for ``memo`` (run now if not yet),
    when ``text[start:end]`` may take its expressions from them; else ``None``."""
    if not (_SHARE_NOTE_STEPS and _USE_WHOLE_MATCHES and isinstance(memo, MatchMemo)
            and memo.whole):
        return None
    n = len(text)
    if end < n and text[end - 1] not in SPAN_STOPS:
        return None
    steps = memo.steps
    if steps is None or steps.gaz is not gazetteer or steps.text != text:
        f = _Finder(text, 0, n, gazetteer, memo)
        for step in _PATTERN_STEPS:
            step(f)
        steps = memo.steps = _NoteSteps(f)
    return steps


def _whole_run(f: _Finder) -> _Finder | None:
    """The whole text's pattern steps already run for ``f``'s memo, when ``f`` (the whole
    text, nothing found yet) may take them instead of running them (once)."""
    memo = f.memo
    if not (_SHARE_NOTE_STEPS and isinstance(memo, MatchMemo)) or memo.steps is None or \
            f.found or f.start != 0 or f.end != len(f.text):
        return None
    steps = memo.steps
    run = steps.finder
    if run is None or steps.gaz is not f.gaz or steps.text != f.text:
        return None
    steps.finder = None
    return run


def names_kind(text: str, start: int, end: int, kinds: Sequence[str], *,
               gazetteer: Any = None,
               memo: dict[tuple[int, int, int], list[re.Match[str]]] | None = None) -> bool:
    """Whether :func:`find_place_expressions` (without mentions) finds an expression of one
    of ``kinds`` in ``text[start:end]``: "does the sentence name a precise place?".

    Stops at the first such expression: the steps only add expressions, so one found
    stays in the answer.

    Parameters
    ----------
    text, start, end, gazetteer, memo
        As :func:`find_place_expressions`.
    kinds
        Kinds of :data:`KIND_ORDER`.

    Returns
    -------
    bool
    """
    steps = _note_steps(text, start, end, gazetteer, memo)
    if steps is not None:
        answer = steps.names_kind(start, end, kinds)
        if answer is not None:
            return answer
    f = _Finder(text, start, end, gazetteer, memo)
    for step in _PATTERN_STEPS:
        step(f)
        for e in f.found:
            if e.kind in kinds:
                return True
    return False


def best_expression(exprs: Sequence[PlaceExpression]) -> PlaceExpression | None:
    """The most precise of several expressions (a town over its governorate)."""
    if not exprs:
        return None
    return min(exprs, key=lambda e: (KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER else 9,
                                     e.start))


def label_expression(label: str, start: int, *, mentions: Sequence[Any] = (),
                     gazetteer: Any = None) -> PlaceExpression | None:
    """The place a bullet label names ("Homs desert", "Deir Ezzor", "Palmyra countryside")."""
    end = start + len(label)
    text = label
    m = _ZONE_LIST.fullmatch(text)
    within = [mn for mn in mentions if mn.start >= start and mn.end <= end]
    if m:
        return PlaceExpression(label, start, end, "zone",
                               _zone_names(m.group("items"), m.group("head")), within)
    if _BADIA.fullmatch(text.strip()):
        return PlaceExpression(label, start, end, "zone", [label.strip()], within)
    if m := re.fullmatch(rf"(?P<n>{NAME})(?:'s|’s)?\s+(?:countryside|outskirts)", text):
        return PlaceExpression(label, start, end, "near", [m.group("n")], within)
    names = _names_of_list(text)
    if names and all(is_governorate_name(n, gazetteer) for n in names):
        return PlaceExpression(label, start, end, "governorates", names, within)
    if names:
        return PlaceExpression(label, start, end, "place", names, within)
    return None
