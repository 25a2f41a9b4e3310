"""Name index: every spelling of every place, looked up by key, and found in running text.

:class:`NameIndex` keeps one flat list of names (a place has several) and four dicts from a
key to the names that have it, from strict to loose:

``exact``
    the name as written, case-folded and with single spaces;
``normalized``
    :func:`gazetteer.normalize.normalize_name`;
``phonetic``
    :func:`gazetteer.normalize.phonetic_key`;
``skeleton``
    :func:`gazetteer.normalize.skeleton_key`, used only when the keys above find nothing;
    its hits are scored by the similarity of the phonetic keys.

After those, :meth:`NameIndex.fuzzy` compares the query's phonetic key with the phonetic keys
of similar length (rapidfuzz ``ratio``, cut-off 88).

:meth:`NameIndex.find_mentions` scans text with an Aho-Corasick automaton (pyahocorasick) of
the normalized keys, and of the phonetic keys of longer names, over a token stream of the
text that remembers where each token came from, so the spans are spans of the original text.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import operator
import pickle
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from gazetteer.errors import StoreError
from gazetteer.model import Mention, Place, init_by_slots, slot_setters
from gazetteer.normalize import (
    _ASCII_WORD_RE,
    _WORD_RE,
    ARTICLES,
    ENGLISH_ARTICLES,
    _phonetic_word,
    is_arabic,
    normalize_name,
    normalize_token,
    phonetic_key,
    skeleton_key,
)

logger = logging.getLogger(__name__)

__all__ = ["LEVELS", "NOT_PLACES", "STOPWORDS", "Hit", "NameIndex", "exact_key"]

#: Match levels, best first.
LEVELS: tuple[str, ...] = ("exact", "normalized", "phonetic", "skeleton", "fuzzy")
_FORMAT_VERSION = 1
#: Most fuzzy lookups remembered per index (reports and tables repeat their names).
_FUZZY_MEMO_SIZE = 8192
#: Most key lookups (:meth:`NameIndex.lookup`) remembered per index (then all forgotten).
_LOOKUP_MEMO_SIZE = 16384
#: :meth:`NameIndex.lookup` remembers its hits (off: every lookup made again).
_REMEMBER_LOOKUPS = True
#: :meth:`NameIndex._skeleton_hits` compares a query with the names of a skeleton key in
#: one rapidfuzz call, with their keys kept per skeleton key (off: one call per name).
_SKELETON_AT_ONCE = True
#: Fewest names of a skeleton key compared in one call (fewer: one call each).
_SKELETON_AT_ONCE_FROM = 2
#: How far below its cutoff the one call of :meth:`NameIndex._skeleton_scores` is asked to
#: score (rapidfuzz's cutoff test may leave out a similarity equal to the cutoff).
_SKELETON_CUTOFF_MARGIN = 0.05
#: Most texts whose mentions :meth:`NameIndex.read_ahead` keeps waiting.
_AHEAD_SIZE = 4096
#: Longest text :meth:`NameIndex.find_mentions` reads in one piece (characters).
MENTION_CHUNK = 1 << 18
#: :meth:`NameIndex.save` stores the parts otherwise worked out on first use (the fuzzy
#: tables, the words of the automaton's keys; :meth:`NameIndex._warm_state`): a loaded
#: index has them at once. Off: an
#: index saved as before they were stored (it still loads, and works them out when needed).
_SAVE_WARM_PARTS = True
#: The kinds of key :meth:`NameIndex.fuzzy` compares.
_FUZZY_KINDS = ("phonetic", "normalized")
#: Character buckets of the fuzzy pre-filter.
_BUCKETS = 64
# Word separators of the normalized (1) and phonetic (2) token streams and keys.
_SEP = {1: " ", 2: "\x02"}
#: How the parts :meth:`NameIndex.save` stores besides the names are made: change the
#: first number with the making of the fuzzy tables (:func:`_fuzzy_table_of`,
#: :meth:`NameIndex._fuzzy_table`, :meth:`NameIndex._masks`,
#: :meth:`NameIndex._ascii_fuzzy_table`) or of the scan words
#: (:meth:`NameIndex._words_for_scan`), and parts saved another way are worked out anew.
_WARM_RECIPE = (2, _BUCKETS, _SEP[1], _SEP[2])
#: The fuzzy tables' masks saved with them (by least characters per bucket; a query of
#: 10 to 20 characters has up to 4 to 8 in one bucket).
_SAVED_MASKS = range(1, 9)

#: Normalized keys that are also common English words (or too vague) to be taken as a
#: place in running text unless written with an article ("al-Bab", "Al Tal"). Lookups of a
#: single name are not affected.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above across after again against all along also am among an and any are
    around as at away back be because been before being below between both but by came can
    could day days did do does down during each early east eastern either end even every
    few for from further had has have he her here him his how however i if in into is it
    its just last late least less like made make many may me more most much must my near
    new next night no nor north northern not now of off on once one only or other our out
    over own part past per same she should since so some south southern still such than
    that the their them then there these they this those through to today too two under
    until up upon us very was we were west western what when where which while who whom
    why will with within without would yet you your
    said says told killed wounded injured dead died attack attacks attacked clash clashes
    strike strikes struck shelling shelled fire fired army forces force regime militia
    militias rebels fighters fighter group groups town towns city cities village villages
    area areas region province governorate district countryside desert road highway
    border river dam base bridge camp field oil gas station airport checkpoint prison
    mountain mountains valley plain plains hill hills lake sea centre center
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    three four five six seven eight nine ten hundred thousand
    mr mrs al el ad ar ash az tal tell bab ain ayn sham bir ras umm abu jabal wadi kafr
    beit bayt deir dayr sheikh tal hay hayy souk suq qasr nahr bahr sahl jisr khan
    news report reports reported source sources local media state islamic isis isil daesh
    hayat free national military police intelligence division brigade battalion regiment
    sdf syrian syria russian russia iran iranian turkish turkey us usa american israeli
    coalition government opposition people person civilians civilian soldiers soldier
    """.split()
)


#: Names of armed groups and other phrases that contain place names but are not places in
#: running text ("Hay'at Tahrir al-Sham" is not Damascus): matched like names, they take
#: their words away from shorter place matches and are not reported.
NOT_PLACES: tuple[str, ...] = (
    "Hay'at Tahrir al-Sham", "Tahrir al-Sham", "Ahrar al-Sham", "Faylaq al-Sham",
    "Jabhat Fatah al-Sham", "Jabhat Fateh al-Sham", "Jabhat al-Nusra", "Jaysh al-Islam",
    "Jaish al-Islam", "Jaysh al-Izza", "Jaish al-Izza", "Jaysh al-Ahrar", "Hurras al-Din",
    "Ansar al-Tawhid", "Liwa al-Quds", "Liwa Fatemiyoun", "Liwa Zainebiyoun",
    "Islamic State", "Islamic State of Iraq and al-Sham", "Free Syrian Army",
    "Syrian National Army", "Syrian Democratic Forces", "National Defence Forces",
    "National Defense Forces", "Local Defence Forces", "Local Defense Forces",
    "Syrian Observatory", "Syrian Observatory for Human Rights", "Tiger Forces",
    "Desert Hawks", "Al-Qaeda", "Al-Qaida", "Hezbollah", "Hizbullah", "Bilad al-Sham",
    "Jund al-Aqsa", "Nour al-Din al-Zenki", "Jaysh al-Fatah", "Jaish al-Fatah",
    "Jaysh al-Thuwar", "Jaish al-Thuwar", "Jaysh Usud al-Sharqiya", "Ahrar al-Sharqiya",
    "Al-Sharqiya", "Sultan Murad", "Al-Hamza Division", "Fourth Division", "4th Division",
    "Republican Guard", "Military Intelligence", "Air Force Intelligence",
    "Deir Ezzor Military Council", "Manbij Military Council", "Raqqa Military Council",
    "Deir ez-Zor Military Council",
)


def exact_key(name: str) -> str:
    """The ``exact`` key of a name: case-folded, single spaces."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class Hit:
    """One name of one place matching a query.

    Attributes
    ----------
    place_index
        Position of the place in the list the index was built from.
    name
        The matching name, as written in the gazetteer.
    match
        One of :data:`LEVELS`.
    similarity
        1.0 for exact/normalized/phonetic; the rapidfuzz ratio / 100 for skeleton and fuzzy.
    """

    place_index: int
    name: str
    match: str
    similarity: float


def _hit_init() -> None:
    """:class:`Hit` made by slots (:func:`gazetteer.model.init_by_slots`)."""
    h0, h1, h2, h3 = slot_setters(Hit)

    def hit_init(self: Hit, place_index: int, name: str, match: str,
                 similarity: float) -> None:
        h0(self, place_index)
        h1(self, name)
        h2(self, match)
        h3(self, similarity)

    init_by_slots(Hit, hit_init)


_hit_init()


class _FuzzyTable(NamedTuple):
    """The keys of one kind for fuzzy lookups (see :meth:`NameIndex._fuzzy_table`).

    ``counts[b, k]``: how many characters of key ``k`` fall in bucket ``b``
    (``ord(c) % _BUCKETS``), for a quick upper bound of the similarity. ``need`` keeps, per
    (query length, cutoff), the least number of shared characters each key needs
    (:meth:`NameIndex._needed`); ``masks[t]``, per key, the bits of the buckets holding at
    least ``t`` of its characters (:meth:`NameIndex._masks`); ``spans`` the ranges of keys
    of :meth:`NameIndex._length_span`, per (query length, cutoff, exact lengths).
    """

    keys: list[str]
    offsets: list[int]
    mapping: dict[str, Any]
    counts: Any
    lengths: Any
    need: dict[tuple[int, float], Any]
    masks: dict[int, Any]
    spans: dict[tuple[int, float, bool], tuple[int, int]]


def _fuzzy_table_of(mapping: dict[str, Any]) -> _FuzzyTable:
    """A :class:`_FuzzyTable` of the keys of ``mapping``: sorted by length, then text."""
    import numpy as np

    keys = sorted(mapping)
    keys.sort(key=len)  # stable: by length, then text
    lengths = np.fromiter(map(len, keys), dtype=np.int32, count=len(keys))
    # offsets[n]: first key of length >= n
    offsets = np.searchsorted(lengths, np.arange(int(lengths.max(initial=0)) + 2),
                              side="left").tolist()
    codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
    rows = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    # (bucket, key) cells with their number of characters, counted over the cells that
    # occur (a bincount over every cell makes an int64 array 64 times the keys)
    cells, per_cell = np.unique((codes % _BUCKETS).astype(np.int64) * len(keys) + rows,
                                return_counts=True)
    counts = np.zeros(_BUCKETS * len(keys), dtype=np.uint8)
    counts[cells] = per_cell.astype(np.uint8)  # as the bincount's astype: modulo 256
    counts = counts.reshape(_BUCKETS, len(keys))
    return _FuzzyTable(keys, offsets, mapping, counts, lengths, {}, {}, {})


_ASCII_CHAR_RE = re.compile(r"[\x00-\x7f]")


def _ascii_rows(keys: list[str]) -> list[int]:
    """The positions of the keys that hold an ASCII character."""
    return [i for i, key in enumerate(keys) if key.isascii() or _ASCII_CHAR_RE.search(key)]


def _rows_table(table: _FuzzyTable, rows: Sequence[int]) -> _FuzzyTable:
    """The :class:`_FuzzyTable` of the keys of ``table`` at ``rows`` (in their order, so as
    :func:`_fuzzy_table_of` sorts them), with ``table``'s mapping and masks."""
    import numpy as np

    at = np.asarray(rows, dtype=np.intp)
    lengths = table.lengths[at]
    offsets = np.searchsorted(lengths, np.arange(int(lengths.max(initial=0)) + 2),
                              side="left").tolist()
    keys = table.keys
    return _FuzzyTable([keys[i] for i in rows], offsets, table.mapping,
                       np.ascontiguousarray(table.counts[:, at]), lengths, {},
                       {t: masks[at] for t, masks in table.masks.items()}, {})


def _add(table: dict[str, Any], key: str, value: int) -> None:
    """Store ``value`` under ``key``: a bare int for one value, a tuple for several."""
    if not key:
        return
    old = table.get(key)
    if old is None:
        table[key] = value
    elif isinstance(old, int):
        if old != value:
            table[key] = (old, value)
    elif value not in old:
        table[key] = old + (value,)


_RAPIDFUZZ: tuple[Any, Any, Any] | None = None


def _rapidfuzz() -> tuple[Any, Any, Any]:
    """rapidfuzz's ``fuzz``, ``process`` and ``distance.Indel``, imported on first use (an
    import statement in a function costs a call into importlib each time it runs)."""
    global _RAPIDFUZZ
    if _RAPIDFUZZ is None:
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import Indel

        _RAPIDFUZZ = (fuzz, process, Indel)
    return _RAPIDFUZZ


def _get(table: dict[str, Any], key: str) -> tuple[int, ...]:
    value = table.get(key)
    if value is None:
        return ()
    return (value,) if isinstance(value, int) else value


_AW_RE = re.compile(r"aw(?![aiu])")
_AY_RE = re.compile(r"ay(?![aiu])")


@functools.lru_cache(maxsize=1 << 16)
def _monophthong(phon: str) -> str:
    """aw → u, ay → i before a consonant: "xawla" ~ "xula", "zawr" ~ "zur" (scoring only)."""
    return _AY_RE.sub("i", _AW_RE.sub("u", phon))


#: :meth:`NameIndex.fuzzy` compares a query only with keys of the lengths at which the
#: pre-filter's bound can reach the cutoff (off: the wider range worked out from the ratio).
_EXACT_LENGTHS = True
#: :meth:`NameIndex.fuzzy` remembers its hits by the normalized name (off: by the name as
#: written).
_FUZZY_BY_KEY = True
#: :meth:`NameIndex._close_keys` counts the levels above the first only for the keys the
#: first level leaves in reach of their need (off: every level for every key).
_TWO_STAGE_BOUND = True
#: :meth:`NameIndex._length_span` remembers its ranges per table (off: worked out each time).
_REMEMBER_SPANS = True
#: A type subset with fewer fuzzy keys is compared with a query without the pre-filter.
_PREFILTER_KEYS = 500
#: :meth:`NameIndex.fuzzy_may_match` compares a query only with the subset's keys of the
#: lengths that may reach the cutoff, as :meth:`NameIndex.fuzzy` does (off: with all).
_MAY_MATCH_LENGTHS = True
#: :meth:`NameIndex.fuzzy` compares a query of ASCII characters only with the keys that
#: hold one (:meth:`NameIndex._ascii_fuzzy_table`): a key of other characters alone shares
#: none with it, its ratio is 0 (off: with every key).
_ASCII_TABLES = True
#: Texts of at most this many words have their mentions' word numbers counted in the
#: scanned stream (longer ones: a table of word offsets).
_COUNTED_WORDS = 400
#: Raw words an index remembers for the mention scan (:class:`_StreamWords`; emptied when
#: this many are kept).
_TOKEN_WORDS_SIZE = 65536
#: The word the scan reads for a word that is in no key of its level: empty, so only its
#: separator is left in the stream. No key holds an empty word (two separators in a row),
#: so no match changes, the words keep their numbers, and the automaton walks a shorter
#: stream.
_NO_KEY_WORD = ""
#: Words in no key are read as :data:`_NO_KEY_WORD` (off: every word as itself).
_SHORT_STREAM = True


def _token_words(raw: str) -> tuple[str, str, bool, str]:
    """What running text's word ``raw`` is to the mention scan: its normalized token,
    the word the scan reads (an Arabic conjunction or preposition with the article cut
    from it: "والرقة", "بالرقة"), whether it is an article, and the scan word's phonetic
    form (as :func:`_text_phonetic`). A pure function of ``raw``."""
    token = normalize_token(raw)
    word = token
    if len(word) > 5 and word[1:3] == "ال" and word[0] in "وبفلك" and is_arabic(word):
        word = word[3:]
    return token, word, token in ARTICLES, (_phonetic_word(word, False) or "_") if word else ""


def _stream_word(word: str, key_words: frozenset[str], sep: str) -> str:
    """``word`` as the scan reads it: itself when some key holds it (or it holds the
    separator, which the scan handles on its own), else :data:`_NO_KEY_WORD`."""
    if not _SHORT_STREAM or word in key_words or sep in word:
        return word
    return _NO_KEY_WORD


class _StreamWords(dict):
    """Raw word → ``(token, scan word, is article, phonetic scan word)`` for one index,
    worked out on first sight: :func:`_token_words`, the scan words then read by
    :func:`_stream_word` against the words of the index's keys."""

    __slots__ = ("key_words",)

    def __init__(self, key_words: dict[int, frozenset[str]]) -> None:
        super().__init__()
        self.key_words = key_words

    def __missing__(self, raw: str) -> tuple[str, str, bool, str]:
        if len(self) >= _TOKEN_WORDS_SIZE:
            self.clear()
        token, word, article, phon = _token_words(raw)
        info = self[raw] = (token, _stream_word(word, self.key_words[1], _SEP[1]), article,
                            _stream_word(phon, self.key_words[2], _SEP[2]))
        return info


#: The scan word of a word the streams leave out (an article, or a word folding to
#: nothing): :meth:`NameIndex._find_mentions` joins every word and then cuts these out.
_DROPPED = "\x01"
#: :meth:`NameIndex._find_mentions` builds its token streams with C-level joins of
#: remembered scan words (:class:`_ScanWords`) over a split of the text, and works out the
#: spans and articles of matched words only (off: a Python loop over every word).
_FAST_SCAN = True
# The words of _WORD_RE / _ASCII_WORD_RE as one group: ``split`` gives the text between
# words and the words in turn, so each word's offset is a running sum of lengths.
_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})", _WORD_RE.flags)
_ASCII_SPLIT_RE = re.compile(f"({_ASCII_WORD_RE.pattern})")
#: The fast scan takes every match in ASCII text for Latin without searching it for Arabic
#: letters (off: each match searched).
_ASCII_TEXT_SHORTCUT = True
_MENTION_START = operator.attrgetter("start")


#: The fast scan cuts ASCII text without apostrophes at every character that is not a
#: letter or digit (off: with :data:`_ASCII_SPLIT_RE`, which finds the same words there).
_SPLIT_ASCII = True
#: The fast scan works out where words start only up to the last word of its last
#: match (off: for every word of the text).
_STARTS_TO_LAST_MATCH = True
_NOT_ALNUM_TO_SPACE = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32
                            for c in range(256))


def _word_starts(parts: list[str] | None, pieces: list[str],
                 words: int | None = None) -> list[int]:
    """Where each word starts (the first ``words`` words when given, else all): from
    ``parts`` (a split by :data:`_SPLIT_RE`) when given, else from ``pieces`` (the text
    cut at every character that is not a letter or digit, so piece ``i`` starts at the
    lengths of the pieces before it plus ``i``)."""
    if parts is not None:
        if words is None:
            return list(itertools.accumulate(map(len, parts)))[0:-1:2]
        return list(itertools.islice(itertools.accumulate(map(len, parts)), 0, 2 * words, 2))
    at = itertools.accumulate(map(operator.add, map(len, pieces), itertools.repeat(1)),
                              initial=0)
    return list(itertools.islice(itertools.compress(at, pieces), words))


def _raw_words_to(found: list[tuple[int, int, int, int, str, tuple[str, ...]]],
                  kept: list[int] | None) -> int:
    """How many raw words a scan's matches reach: up to the last word of the match that
    ends last (``kept`` numbers the raw words of the stream's words, ``None`` when the
    stream holds every raw word)."""
    last = max(map(_MATCH_END, found))
    return kept[last - 1] + 1 if kept is not None else last


_MATCH_END = operator.itemgetter(3)


class _PhoneticScanWords(dict):
    """Raw word → its level-2 scan word (:data:`_DROPPED` for an article or a word
    folding to nothing), read from the index's :class:`_StreamWords` when missing (mostly
    put here by :class:`_ScanWords` with the level-1 word)."""

    __slots__ = ("info",)

    def __init__(self, info: _StreamWords) -> None:
        super().__init__()
        self.info = info

    def __missing__(self, raw: str) -> str:
        token, _, article, phon = self.info[raw]
        phon = self[raw] = _DROPPED if not token or article else phon
        return phon


class _ScanWords(dict):
    """Raw word → its level-1 scan word, and in ``phonetic`` its level-2 one (both
    :data:`_DROPPED` for an article or a word folding to nothing), read from the index's
    :class:`_StreamWords` on first sight, both at once: the streams are joined from two
    lookups, without a pair per word to take apart."""

    __slots__ = ("info", "phonetic")

    def __init__(self, info: _StreamWords) -> None:
        super().__init__()
        self.info = info
        self.phonetic = _PhoneticScanWords(info)

    def __missing__(self, raw: str) -> str:
        if len(self) >= _TOKEN_WORDS_SIZE:
            self.clear()
            self.phonetic.clear()
        token, word, article, phon = self.info[raw]
        if not token or article:
            word = phon = _DROPPED
        self.phonetic[raw] = phon
        self[raw] = word
        return word


def _text_phonetic(words: Sequence[str]) -> list[str]:
    """Phonetic words as computed in running text (no knowledge of where a name begins)."""
    return [_phonetic_word(w, False) or "_" for w in words]



def _mention_start(text: str, start: int, end: int, key: str, level: int, art: int | None,
                   latin: bool, require_capital: bool) -> int | None:
    """Where the mention of a name matched at ``text[start:end]`` starts (at its article,
    ``art``, when it has one), or ``None`` when the match is no mention: a stop word or a
    key of two letters without an article, a stop word by its phonetic key (``level``
    2), or a Latin name not capitalised in prose (``require_capital``)."""
    if latin and (key in STOPWORDS or len(key) <= 2) and art is None:
        return None
    if level == 2 and normalize_name(text[start:end]) in STOPWORDS:
        return None
    if latin and require_capital:
        lead = text[art] if art is not None else text[start]
        if not (lead.isupper() or text[start].isupper() or text[start].isdigit()):
            return None
    return art if art is not None else start

class NameIndex:
    """Names of places → place indices; lookups by key, fuzzy lookups, mentions in text.

    Parameters
    ----------
    places
        The places to index; hits refer to them by position (``Hit.place_index``).
    """

    def __init__(self, places: Iterable[Place] = ()) -> None:
        t0 = time.perf_counter()
        self.place_ids: list[str] = []
        self.names: list[str] = []
        self.name_place: list[int] = []
        self.name_phonetic: list[str] = []
        self.exact: dict[str, Any] = {}
        self.normalized: dict[str, Any] = {}
        self.phonetic: dict[str, Any] = {}
        self.skeleton: dict[str, Any] = {}
        self._automaton: Any = None
        self._fuzzy: dict[str, _FuzzyTable] = {}
        self._ascii_fuzzy: dict[str, _FuzzyTable] = {}
        self._fuzzy_memo: OrderedDict[tuple[str, int, float], tuple[Hit, ...]] = OrderedDict()
        self._subset_keys: dict[Any, dict[str, _FuzzyTable] | None] = {}
        self._names_of: list[list[int]] | None = None
        self._keys_of: dict[str, list[list[str]]] = {}
        self._key_of_name: dict[str, list[str]] = {}
        self._lookup_memo: dict[tuple[str, bool], tuple[Hit, ...]] = {}
        self._skeleton_monos: dict[str, list[str]] = {}
        self._stream_words: _StreamWords | None = None
        self._scan_words: _ScanWords | None = None
        self._ahead: dict[str, list[Mention]] = {}
        for pi, place in enumerate(places):
            self.place_ids.append(place.place_id)
            for name in dict.fromkeys(place.names or (place.name,)):
                self._add_name(pi, name)
        logger.debug("name index: %d places, %d names in %.3f s", len(self.place_ids),
                     len(self.names), time.perf_counter() - t0)

    # -- building ------------------------------------------------------------------------
    @classmethod
    def build(cls, places: Iterable[Place]) -> NameIndex:
        """Index ``places`` (the same as ``NameIndex(places)``)."""
        return cls(places)

    def _add_name(self, place_index: int, name: str) -> None:
        norm = normalize_name(name)
        if not norm:
            return
        ni = len(self.names)
        phon = phonetic_key(norm, normalized=True)
        self.names.append(name)
        self.name_place.append(place_index)
        self.name_phonetic.append(phon)
        _add(self.exact, exact_key(name), ni)
        _add(self.normalized, norm, ni)
        _add(self.phonetic, phon, ni)
        _add(self.skeleton, skeleton_key(phon), ni)

    def __len__(self) -> int:
        return len(self.place_ids)

    # -- lookups -------------------------------------------------------------------------
    def _hits(self, name_indices: Iterable[int], level: str, sim: float,
              best: dict[int, Hit]) -> None:
        for ni in name_indices:
            pi = self.name_place[ni]
            if pi not in best:  # levels are visited best first
                best[pi] = Hit(pi, self.names[ni], level, sim)

    def lookup(self, name: str, *, skeleton: bool = True) -> list[Hit]:
        """Places with a name matching ``name`` without fuzzy matching.

        Parameters
        ----------
        name
            A place name as written.
        skeleton
            Try the consonant skeleton when no exact, normalized or phonetic key matches.

        Returns
        -------
        list of Hit
            One hit per place (its best-matching name), best level first.
        """
        if not _REMEMBER_LOOKUPS:
            return self._lookup(name, skeleton)
        memo = self._lookup_memo
        found = memo.get((name, skeleton))
        if found is None:
            if len(memo) >= _LOOKUP_MEMO_SIZE:
                memo.clear()
            found = memo[(name, skeleton)] = tuple(self._lookup(name, skeleton))
        return list(found)

    def _lookup(self, name: str, skeleton: bool) -> list[Hit]:
        best: dict[int, Hit] = {}
        self._hits(_get(self.exact, exact_key(name)), "exact", 1.0, best)
        norm = normalize_name(name)
        if not norm:
            return list(best.values())
        self._hits(_get(self.normalized, norm), "normalized", 1.0, best)
        phon = phonetic_key(norm, normalized=True)
        self._hits(_get(self.phonetic, phon), "phonetic", 1.0, best)
        if not best and skeleton:
            self._skeleton_hits(phon, best)
        # the levels were visited best first, each place kept at its first: in that order
        return list(best.values())

    def _skeleton_hits(self, phon: str, best: dict[int, Hit]) -> None:
        Indel = _rapidfuzz()[2]
        skel = skeleton_key(phon)
        nis = _get(self.skeleton, skel)
        if not nis:
            return
        cutoff = 0.8
        mono = _monophthong(phon)
        if _SKELETON_AT_ONCE and len(nis) >= _SKELETON_AT_ONCE_FROM:
            scored = self._skeleton_scores(skel, nis, mono, cutoff)
        else:
            scored = sorted(((Indel.normalized_similarity(mono, _monophthong(
                self.name_phonetic[ni])), ni) for ni in nis), reverse=True)
        for sim, ni in scored:
            if sim < cutoff:
                break
            pi = self.name_place[ni]
            if pi not in best:
                best[pi] = Hit(pi, self.names[ni], "skeleton", round(sim, 4))

    def _skeleton_scores(self, skel: str, nis: tuple[int, ...], mono: str, cutoff: float
                         ) -> list[tuple[float, int]]:
        """(similarity, name index) of the names ``nis`` of skeleton key ``skel`` whose
        monophthong phonetic key is within ``cutoff`` of ``mono`` (``Indel`` normalized
        similarity), best first as :meth:`_skeleton_hits` ranks them, and maybe a few
        below ``cutoff`` after them: compared in one rapidfuzz call with the names' keys,
        kept per skeleton key.

        The call's scores are those of one comparison at a time, but its own cutoff
        leaves out some similarities that equal it: it is given a lower one, and the
        caller stops at the first similarity below ``cutoff``.
        """
        _, process, Indel = _rapidfuzz()
        monos = self._skeleton_monos.get(skel)
        if monos is None:
            monos = self._skeleton_monos[skel] = [
                _monophthong(self.name_phonetic[ni]) for ni in nis]
        found = process.extract(mono, monos, scorer=Indel.normalized_similarity,
                                score_cutoff=cutoff - _SKELETON_CUTOFF_MARGIN, limit=None)
        return sorted(((score, nis[i]) for _, score, i in found), reverse=True)

    def _fuzzy_table(self, kind: str) -> _FuzzyTable:
        """Keys of one kind sorted by length, offsets by length, key → name indices."""
        table = self._fuzzy.get(kind)
        if table is None:
            if kind == "phonetic":
                mapping: dict[str, Any] = self.phonetic
            else:  # normalized keys without spaces: typos that break phonetic digraphs
                mapping = {}
                for key, value in self.normalized.items():
                    for ni in (value,) if isinstance(value, int) else value:
                        _add(mapping, key.replace(" ", ""), ni)
            table = self._fuzzy[kind] = _fuzzy_table_of(mapping)
        return table

    def _ascii_fuzzy_table(self, kind: str) -> _FuzzyTable:
        """The keys of :meth:`_fuzzy_table` of ``kind`` that hold an ASCII character, in
        their order (made once from that table)."""
        table = self._ascii_fuzzy.get(kind)
        if table is None:
            full = self._fuzzy_table(kind)
            table = self._ascii_fuzzy[kind] = _rows_table(full, _ascii_rows(full.keys))
        return table

    def _table_for(self, kind: str, query: str, cutoff: float) -> _FuzzyTable:
        """The fuzzy table of ``kind`` to compare ``query`` with at ``cutoff``: the keys
        holding an ASCII character for a query of ASCII characters (the others' ratio is 0
        and a positive cutoff leaves them out), else every key."""
        if _ASCII_TABLES and cutoff > 0 and query.isascii():
            return self._ascii_fuzzy_table(kind)
        return self._fuzzy_table(kind)

    @staticmethod
    def _needed(table: _FuzzyTable, n: int, cutoff: float) -> Any:
        """Per key of ``table``: the least number ``c`` of shared characters with which
        ``200 * c >= (cutoff - 1e-6) * (n + len(key))`` (the bound of :meth:`_close_keys`
        for a query of length ``n``), at most 255; kept per (n, cutoff)."""
        import numpy as np

        need = table.need.get((n, cutoff))
        if need is None:
            # The keys are sorted by length and the bound depends on the length alone:
            # worked out once per length, repeated over that length's keys.
            per_length = []
            for length in range(len(table.offsets) - 1):
                rhs = (cutoff - 1e-6) * float(n + length)
                c = math.ceil(rhs / 200.0)
                if 200 * (c - 1) >= rhs:  # the exact least integer,
                    c -= 1
                elif 200 * c < rhs:  # whatever the division rounded
                    c += 1
                per_length.append(min(max(c, 0), 255))
            need = table.need[(n, cutoff)] = np.repeat(
                np.array(per_length, dtype=np.uint8), np.diff(table.offsets))
        return need

    @staticmethod
    def _masks(table: _FuzzyTable, t: int) -> Any:
        """Per key of ``table``: a 64-bit mask of the buckets holding at least ``t`` of its
        characters (bit ``b`` for bucket ``b``); kept per ``t``."""
        import numpy as np

        masks = table.masks.get(t)
        if masks is None:
            at_least = np.ascontiguousarray((table.counts >= t).T)  # keys × buckets
            packed = np.packbits(at_least, axis=1, bitorder="little")  # keys × 8 bytes
            masks = table.masks[t] = packed.view("<u8").ravel().astype(np.uint64)
        return masks

    @staticmethod
    def _close_keys(table: _FuzzyTable, query: str, first: int, last: int,
                    cutoff: float) -> list[str]:
        """The keys in ``table.keys[first:last]`` that may reach ``cutoff`` with ``query``.

        rapidfuzz's ``ratio`` is ``200 * LCS / (len(a) + len(b))``, and the longest common
        subsequence is at most the number of characters the two strings share (counted per
        bucket of characters, which can only count more). Keys whose bound is below
        ``cutoff`` cannot match; the others are returned in their order, so a comparison on
        them ranks (ties included) exactly as one on the whole range.
        """
        import numpy as np

        per_bucket: dict[int, int] = {}
        for c in query:
            b = ord(c) % _BUCKETS
            per_bucket[b] = per_bucket.get(b, 0) + 1
        n = len(query)
        keys = table.keys
        if n < 255 and _BUCKETS == 64:
            # The shared count (at most n) fits a byte, the least needed too. The sum over
            # buckets of min(key's count, query's count) is, level by level, the number of
            # buckets where both hold at least t characters: bits in common of two masks.
            need = NameIndex._needed(table, n, cutoff)[first:last]
            if _TWO_STAGE_BOUND:
                return NameIndex._close_by_levels(table, per_bucket, n, need, first, last)
            most = max(per_bucket.values())
            common8: Any = None
            for t in range(1, most + 1):
                qmask = 0
                for b, k in per_bucket.items():
                    if k >= t:
                        qmask |= 1 << b
                shared = np.bitwise_count(NameIndex._masks(table, t)[first:last]
                                          & np.uint64(qmask))
                common8 = shared if common8 is None else common8 + shared
            ok = common8 >= need
            return [keys[first + int(i)] for i in np.flatnonzero(ok)]
        common = np.zeros(last - first, dtype=np.int32)
        for b, k in per_bucket.items():
            common += np.minimum(table.counts[b, first:last], k)
        bound_ok = 200 * common >= (cutoff - 1e-6) * (n + table.lengths[first:last])
        return [keys[first + int(i)] for i in np.flatnonzero(bound_ok)]

    @staticmethod
    def _close_by_levels(table: _FuzzyTable, per_bucket: dict[int, int], n: int,
                         need: Any, first: int, last: int) -> list[str]:
        """:meth:`_close_keys` for a query of ``n`` < 255 characters (``per_bucket`` of
        them per bucket), each key's ``need`` given: level 1 (one character per bucket)
        first. The levels above add at most the query's repeated characters (``n`` less
        its buckets), so only keys within that of their need are counted further."""
        import numpy as np

        # level_masks[t - 1]: the buckets holding at least t of the query's characters
        level_masks = [0]
        for b, k in per_bucket.items():
            while len(level_masks) < k:
                level_masks.append(0)
            for t in range(k):
                level_masks[t] |= 1 << b
        masks = table.masks
        # (the query's masks stay Python ints: numpy takes them as uint64, no scalar made)
        level1 = np.bitwise_count(
            (masks.get(1) if 1 in masks else NameIndex._masks(table, 1))[first:last]
            & level_masks[0])
        repeated = n - len(per_bucket)
        if not repeated:  # no level above
            return [table.keys[i] for i in ((level1 >= need).nonzero()[0] + first).tolist()]
        cand = (level1 + repeated >= need).nonzero()[0]
        if not len(cand):
            return []
        common = level1[cand]
        least = need[cand]
        cand += first  # the candidates' places in the whole table
        for t in range(2, len(level_masks) + 1):
            mask = masks.get(t)
            if mask is None:
                mask = NameIndex._masks(table, t)
            common += np.bitwise_count(mask[cand] & level_masks[t - 1])
        return [table.keys[i] for i in cand[common >= least].tolist()]

    def fuzzy(self, name: str, *, limit: int = 10, cutoff: float = 88.0) -> list[Hit]:
        """Places whose key is close to that of ``name`` (rapidfuzz ratio).

        Both the phonetic keys and the normalized keys (without spaces) are compared, each
        only with keys of a length that can reach ``cutoff``; a place's similarity is the
        better of the two.

        Parameters
        ----------
        name
            A place name as written.
        limit
            Most keys to take from each comparison.
        cutoff
            Least rapidfuzz ``ratio`` (0–100).

        Returns
        -------
        list of Hit
            Best similarity first, one per place.
        """
        # the lookup depends on the normalized name alone (_fuzzy_queries): spellings
        # that fold alike ("Tal-Abyad", "tal abyad") share one
        memo_key = (normalize_name(name) if _FUZZY_BY_KEY else name, limit, cutoff)
        memo = self._fuzzy_memo
        found_hits = memo.get(memo_key)
        if found_hits is None:
            found_hits = tuple(self._fuzzy_uncached(name, limit=limit, cutoff=cutoff))
            memo[memo_key] = found_hits
            if len(memo) > _FUZZY_MEMO_SIZE:
                memo.popitem(last=False)
        else:
            memo.move_to_end(memo_key)
        return list(found_hits)

    @staticmethod
    def _length_span(table: _FuzzyTable, n: int, cutoff: float) -> tuple[int, int]:
        """The keys of ``table`` (``first``, ``last``: a range of its keys, sorted by
        length) of the lengths at which a query of ``n`` characters may reach ``cutoff``;
        an empty range when none. Kept per table (:data:`_REMEMBER_SPANS`)."""
        if not _REMEMBER_SPANS:
            return NameIndex._length_span_of(table, n, cutoff)
        span_key = (n, cutoff, _EXACT_LENGTHS)
        span = table.spans.get(span_key)
        if span is None:
            span = table.spans[span_key] = NameIndex._length_span_of(table, n, cutoff)
        return span

    @staticmethod
    def _length_span_of(table: _FuzzyTable, n: int, cutoff: float) -> tuple[int, int]:
        """:meth:`_length_span` worked out."""
        offsets = table.offsets
        r = cutoff / 100.0
        lo = max(0, int(n * r / (2 - r)))
        hi = min(len(offsets) - 1, int(n * (2 - r) / r) + 1)
        if _EXACT_LENGTHS:
            # The bound of _close_keys is at most min(n, m) for keys of length m: the
            # lengths at the ends of the range where even that falls short are skipped.
            while lo < hi and 200 * min(n, lo) < (cutoff - 1e-6) * float(n + lo):
                lo += 1
            while lo < hi and 200 * min(n, hi - 1) < (cutoff - 1e-6) * float(n + hi - 1):
                hi -= 1
        if lo >= hi:
            return 0, 0
        return offsets[lo], offsets[hi]

    @staticmethod
    def _fuzzy_queries(name: str) -> tuple[tuple[str, str], ...]:
        """The (kind, key) pairs a fuzzy lookup of ``name`` compares."""
        norm = normalize_name(name)
        return (("phonetic", phonetic_key(norm, normalized=True)),
                ("normalized", norm.replace(" ", "")))

    def _fuzzy_uncached(self, name: str, *, limit: int, cutoff: float) -> list[Hit]:
        fuzz, process, _ = _rapidfuzz()
        queries = self._fuzzy_queries(name)
        best: dict[int, Hit] = {}
        for kind, query in queries:
            if len(query) < 4:
                continue
            table = self._table_for(kind, query, cutoff)
            first, last = self._length_span(table, len(query), cutoff)
            if first >= last:
                continue  # longer than every key could match at this cutoff
            mapping = table.mapping
            close = self._close_keys(table, query, first, last, cutoff)
            if not close:
                continue
            found = process.extract(query, close, scorer=fuzz.ratio, score_cutoff=cutoff,
                                    limit=limit)
            for key, score, _ in found:
                sim = round(score / 100, 4)
                for ni in _get(mapping, key):
                    pi = self.name_place[ni]
                    if pi not in best or best[pi].similarity < sim:
                        best[pi] = Hit(pi, self.names[ni], "fuzzy", sim)
        return sorted(best.values(), key=lambda h: -h.similarity)

    def fuzzy_may_match(self, name: str, subset: Any,
                        keep: Callable[[int], bool], *, cutoff: float = 88.0) -> bool:
        """Whether :meth:`fuzzy` could return a place that ``keep`` accepts.

        A quick test before a full fuzzy lookup whose hits will be filtered (e.g. to
        governorates): it compares ``name`` only with the keys of the places ``keep``
        accepts, so ``False`` means every hit of the full lookup would be filtered out.
        ``True`` only says that such a key is within ``cutoff``.

        Parameters
        ----------
        name
            A place name as written.
        subset
            A hashable label of ``keep`` (the subset's keys are computed once per label).
        keep
            Place index → whether the caller keeps hits on that place.
        cutoff
            As for :meth:`fuzzy`.
        """
        fuzz, process, _ = _rapidfuzz()
        if subset in self._subset_keys:
            tables = self._subset_keys[subset]
        else:
            tables = self._subset_tables(keep)
            self._subset_keys[subset] = tables
        if tables is None:  # a large subset: the test would cost a full lookup
            return True
        for kind, query in self._fuzzy_queries(name):
            table = tables[kind]
            if len(query) < 4 or not table.keys:
                continue
            # only keys that may reach the cutoff (see _close_keys): the same answer; a
            # few keys are compared at once
            first, last = (self._length_span(table, len(query), cutoff)
                           if _MAY_MATCH_LENGTHS else (0, len(table.keys)))
            if first >= last:
                continue
            close = table.keys[first:last] if len(table.keys) < _PREFILTER_KEYS else \
                self._close_keys(table, query, first, last, cutoff)
            if close and process.extractOne(query, close, scorer=fuzz.ratio,
                                            score_cutoff=cutoff) is not None:
                return True
        return False

    def _subset_tables(self, keep: Callable[[int], bool]) -> dict[str, _FuzzyTable] | None:
        """Fuzzy keys of each kind of the places ``keep`` accepts; ``None`` when many.

        A key is kept with all its names (as in the full table) when one of them is of a
        kept place; the keys are gathered from the kept places' names
        (:meth:`_keys_of_names`), not by a pass over every key.
        """
        limit = max(50, len(self.place_ids) // 20)
        kept_places = []
        for pi in range(len(self.place_ids)):
            if keep(pi):
                kept_places.append(pi)
                if len(kept_places) > limit:
                    return None
        names_of = self._names_by_place()
        kept_names = [ni for pi in kept_places for ni in names_of[pi]]
        tables: dict[str, _FuzzyTable] = {}
        for kind in ("phonetic", "normalized"):
            mapping = self._fuzzy_table(kind).mapping
            tables[kind] = _fuzzy_table_of({key: mapping[key] for key in
                                            self._keys_of_names(kind, kept_names, mapping)})
        return tables

    def _keys_of_names(self, kind: str, name_indices: list[int], mapping: dict[str, Any]
                       ) -> list[str]:
        """The keys of the fuzzy table of ``kind`` (``mapping``) that hold these names.

        A name is held by one key: its phonetic key, or its normalized key without spaces
        (:meth:`_fuzzy_table`; saved with the index, else worked out here for these names
        alone). Should a worked-out key not hold its name (an index saved by other code),
        the keys are gathered from the whole table instead (:meth:`_keys_by_name`).
        """
        saved = self._key_of_name.get(kind)
        if saved is not None:
            return [key for ni in name_indices if (key := saved[ni])]
        keys = []
        for ni in name_indices:
            key = self.name_phonetic[ni] if kind == "phonetic" else normalize_name(
                self.names[ni]).replace(" ", "")
            if key:
                if ni not in _get(mapping, key):
                    keys_of = self._keys_by_name(kind)
                    return [k for n in name_indices for k in keys_of[n]]
                keys.append(key)
        return keys

    def _names_by_place(self) -> list[list[int]]:
        """Place index → its name indices (made once)."""
        names_of = self._names_of
        if names_of is None:
            names_of = [[] for _ in self.place_ids]
            for ni, pi in enumerate(self.name_place):
                names_of[pi].append(ni)
            self._names_of = names_of
        return names_of

    def _keys_by_name(self, kind: str) -> list[list[str]]:
        """Name index → the keys of the fuzzy table of ``kind`` that hold it (made once)."""
        keys_of = self._keys_of.get(kind)
        if keys_of is None:
            keys_of = [[] for _ in self.names]
            for key, value in self._fuzzy_table(kind).mapping.items():
                for ni in (value,) if isinstance(value, int) else value:
                    keys_of[ni].append(key)
            self._keys_of[kind] = keys_of
        return keys_of

    # -- mentions in text -----------------------------------------------------------------
    @property
    def automaton(self) -> Any:
        """The Aho-Corasick automaton over the keys (built on first use)."""
        if self._automaton is None:
            self._automaton = self._build_automaton()
        return self._automaton

    def _build_automaton(self) -> Any:
        import ahocorasick

        t0 = time.perf_counter()
        # key (with its separators) → (level, number of words, normalized key, name indices)
        entries: dict[str, tuple[int, int, str, set[int]]] = {}
        # The values share the normalized keys' strings and equal tuples of place ids:
        # a saved index holds each once (it loads faster).
        shared: dict[Any, Any] = {key: key for key in self.normalized}
        for ni, name in enumerate(self.names):
            norm = normalize_name(name)
            norm = shared.setdefault(norm, norm)
            words = norm.split()
            if not words:
                continue
            key = _SEP[1] + _SEP[1].join(words) + _SEP[1]
            entries.setdefault(key, (1, len(words), norm, set()))[3].add(ni)
            if is_arabic(name):
                continue
            phon_words = _text_phonetic(words)
            if sum(len(w) for w in phon_words) >= 5:
                pkey = _SEP[2] + _SEP[2].join(phon_words) + _SEP[2]
                entries.setdefault(pkey, (2, len(words), norm, set()))[3].add(ni)
        for phrase in NOT_PLACES:  # blockers: no place ids
            norm = normalize_name(phrase)
            entries[_SEP[1] + norm.replace(" ", _SEP[1]) + _SEP[1]] = (1, len(norm.split()),
                                                                       norm, set())
        automaton = ahocorasick.Automaton()
        for key, (level, nwords, norm, nis) in entries.items():
            place_ids = tuple(dict.fromkeys(self.place_ids[self.name_place[ni]]
                                            for ni in sorted(nis)))
            place_ids = shared.setdefault(place_ids, place_ids)
            automaton.add_word(key, (level, nwords, len(key), norm, place_ids))
        automaton.make_automaton()
        logger.debug("automaton: %d keys in %.3f s", len(entries), time.perf_counter() - t0)
        return automaton

    def find_mentions(self, text: str, *, require_capital: bool | None = None,
                      within: tuple[int, int] | None = None) -> list[Mention]:
        """Every gazetteer name in running text, longest match first, on word boundaries.

        Parameters
        ----------
        text
            Running text (English or Arabic).
        require_capital
            Accept a Latin-script match only when its first word starts with a capital
            letter. ``None`` (default): only when the text has both upper- and lower-case
            letters (normal prose); all-lower or all-upper text is matched regardless.
        within
            ``(start, end)``: only the mentions lying wholly in ``text[start:end]``, exactly
            those the whole text's would have there (only the pieces of the text reaching
            into the range are read).

        Returns
        -------
        list of Mention
            Non-overlapping, in text order; ``start``/``end`` index ``text``; ``key`` is the
            normalized key; ``place_ids`` every place with that name.

        Notes
        -----
        A text longer than :data:`MENTION_CHUNK` characters is read in pieces cut at blank
        lines (a name never runs across a paragraph break), so memory stays bounded on a
        very long report.
        """
        if require_capital is None:
            if self._ahead:
                found = self._ahead.pop(text, None)
                if found is not None:  # read ahead (see read_ahead)
                    if within is None:
                        return found
                    return [m for m in found if m.start >= within[0] and m.end <= within[1]]
            require_capital = any(c.isupper() for c in text) and any(c.islower() for c in text)
        lo, hi = (0, len(text)) if within is None else within
        if len(text) <= MENTION_CHUNK:
            found = self._find_mentions(text, require_capital)
        else:
            found = []
            pos = 0
            while pos < len(text):
                cut = text.find("\n\n", pos + MENTION_CHUNK)
                end = len(text) if cut < 0 else cut
                if pos < hi and end > lo:  # the piece reaches into the range
                    found.extend(
                        m if pos == 0 else Mention(m.start + pos, m.end + pos, m.text, m.key,
                                                   m.place_ids)
                        for m in self._find_mentions(text[pos:end], require_capital))
                pos = end
        if within is None:
            return found
        return [m for m in found if m.start >= lo and m.end <= hi]

    def read_ahead(self, texts: Iterable[str]) -> int:
        """Find now the mentions of texts about to be read, for :meth:`find_mentions` to
        hand out (once each, with the default capital rule; any ``within``).

        The same mentions, found in a row: the scan's automaton and word tables stay in
        the processor's caches from one text to the next instead of being pushed out by
        the work done between two texts (reading a table's notes in blocks of 256 made
        their mention scan about a third faster). At most :data:`_AHEAD_SIZE` texts are
        kept; a text never asked for is dropped with the others when that many wait.

        Returns
        -------
        int
            How many of ``texts`` were read (the rest, past the limit, are not).
        """
        ahead = self._ahead
        done = 0
        for text in texts:
            if len(ahead) >= _AHEAD_SIZE:
                if done:
                    break
                ahead.clear()  # texts asked for before and never read
            if text not in ahead:
                ahead[text] = self.find_mentions(text)
            done += 1
        return done

    def _words_for_scan(self) -> _StreamWords:
        """This index's :class:`_StreamWords` (the words of its keys gathered on first use)."""
        known = self._stream_words
        if known is None:
            key_words: dict[int, set[str]] = {1: set(), 2: set()}
            for key, value in self.automaton.items():
                key_words[value[0]].update(key[1:-1].split(_SEP[value[0]]))
            known = self._stream_words = _StreamWords(
                {level: frozenset(words) for level, words in key_words.items()})
        return known

    def _find_mentions(self, text: str, require_capital: bool) -> list[Mention]:
        if not _FAST_SCAN:
            return self._find_mentions_plain(text, require_capital)
        scan = self._scan_words
        if scan is None:
            scan = self._scan_words = _ScanWords(self._words_for_scan())
        ascii_text = text.isascii()
        if _SPLIT_ASCII and ascii_text and "'" not in text and "`" not in text:
            # The words are the runs of letters and digits: the pieces of the text cut at
            # every other character (pieces[i] starts at the lengths before it plus i).
            pieces = text.encode("ascii").translate(_NOT_ALNUM_TO_SPACE).decode(
                "ascii").split(" ")
            raw = list(filter(None, pieces))
            parts = None
        else:
            # parts: text before the first word, first word, text between, second word, ...
            parts = (_ASCII_SPLIT_RE if ascii_text else _SPLIT_RE).split(text)
            raw = parts[1::2]
            pieces = []
        if not raw:
            return []
        level1 = list(map(scan.__getitem__, raw))  # (and new words in scan.phonetic)
        stream1 = " " + " ".join(level1) + " "
        stream2 = "\x02" + "\x02".join(map(scan.phonetic.__getitem__, raw)) + "\x02"
        if _DROPPED in stream1:
            # articles and words folding to nothing are not in the streams
            stream1 = stream1.replace(" " + _DROPPED, "")
            stream2 = stream2.replace("\x02" + _DROPPED, "")
            kept = list(itertools.compress(itertools.count(), map(_DROPPED.__ne__, level1)))
            if not kept:
                return []
        else:
            kept = None
        nwords = len(kept) if kept is not None else len(raw)
        found = self._scan_stream(stream1, 1, nwords) + self._scan_stream(stream2, 2, nwords)
        if not found:
            return []
        # Longest first (in words), then normalized over phonetic, then text order: the
        # order of the tuples themselves (two that tie on these are the same match).
        found.sort()
        # ASCII text holds no Arabic letters: every match is Latin.
        ascii_text = _ASCII_TEXT_SHORTCUT and ascii_text
        starts: list[int] | None = None  # where each raw word starts (worked out when needed)
        # (no match reads a word after the last word of the match that ends last)
        upto = _raw_words_to(found, kept) if _STARTS_TO_LAST_MATCH else None
        info = scan.info
        taken = [False] * nwords
        chosen: list[Mention] = []
        for _, level, first, last, key, place_ids in found:
            if taken[first] if last - first == 1 else any(taken[first:last]):
                continue
            if not place_ids:  # a phrase that is not a place ("Tahrir al-Sham")
                for i in range(first, last):
                    taken[i] = True
                continue
            r0 = kept[first] if kept is not None else first
            # An article just before the first word (nothing but spaces and hyphens between
            # them; an English-looking one only with a hyphen) starts the mention.
            art = None
            if r0 > 0 and level1[r0 - 1] == _DROPPED:
                token, _, article, _ = info[raw[r0 - 1]]
                if article:
                    if starts is None:
                        starts = _word_starts(parts, pieces, upto)
                    gap = text[starts[r0 - 1] + len(raw[r0 - 1]):starts[r0]]
                    if gap.strip(" -‐‑\u00a0") == "" and (
                            token not in ENGLISH_ARTICLES or gap.strip(" \u00a0")):
                        art = starts[r0 - 1]
            if ascii_text and art is None and (key in STOPWORDS or len(key) <= 2):
                continue  # (as below: Latin)
            if starts is None:
                starts = _word_starts(parts, pieces, upto)
            r1 = kept[last - 1] if kept is not None else last - 1
            start, end = starts[r0], starts[r1] + len(raw[r1])
            latin = ascii_text or not is_arabic(text[start:end])
            begin = _mention_start(text, start, end, key, level, art, latin, require_capital)
            if begin is None:
                continue
            start = begin
            for i in range(first, last):
                taken[i] = True
            chosen.append(Mention(start, end, text[start:end], key, place_ids))
        if len(chosen) > 1:
            chosen.sort(key=_MENTION_START)
        return chosen

    def _scan_stream(self, stream: str, level: int, nwords: int
                     ) -> list[tuple[int, int, int, int, str, tuple[str, ...]]]:
        """Matches of ``level`` keys in a stream of ``nwords`` words (each between two
        separators, none holding one) → (-words, level, first, last + 1, key, ids)."""
        sep = _SEP[level]
        out = []
        if nwords <= _COUNTED_WORDS:
            # every key starts with a separator: a match starts at the separator before
            # the word numbered by the separators ahead of it
            for end_index, (lvl, n, keylen, key, place_ids) in self.automaton.iter(stream):
                if lvl == level:
                    first = stream.count(sep, 0, end_index - keylen + 1)
                    out.append((-n, level, first, first + n, key, place_ids))
            return out
        # where each word's leading separator is → the word's number
        words = stream[1:-1].split(sep)
        token_at = dict(zip(itertools.accumulate(
            map(operator.add, map(len, words), itertools.repeat(1)), initial=0),
            range(len(words)), strict=False))  # (one more offset than words)
        for end_index, (lvl, n, keylen, key, place_ids) in self.automaton.iter(stream):
            if lvl != level:
                continue
            first = token_at.get(end_index - keylen + 1)
            if first is not None:
                out.append((-n, level, first, first + n, key, place_ids))
        return out

    def _find_mentions_plain(self, text: str, require_capital: bool) -> list[Mention]:
        # The token stream (:func:`tokenize`'s words) without articles; remember spans and
        # a preceding article.
        words: list[str] = []
        phonetic: list[str] = []
        spans: list[tuple[int, int]] = []
        article_start: list[int | None] = []
        pending: int | None = None
        pending_word = ""
        prev_end = -1
        known = self._words_for_scan()
        for m in (_ASCII_WORD_RE if text.isascii() else _WORD_RE).finditer(text):
            info = known[m.group()]
            word = info[0]
            if not word:
                continue
            start, end = m.span()
            if info[2]:  # an article
                pending, pending_word = start, word
                prev_end = end
                continue
            if pending is not None and (gap := text[prev_end:start]).strip(
                    " -‐‑\u00a0") == "" and (
                    pending_word not in ENGLISH_ARTICLES or gap.strip(" \u00a0")):
                article_start.append(pending)
            else:
                article_start.append(None)
            pending = None
            words.append(info[1])
            phonetic.append(info[3])
            spans.append((start, end))
            prev_end = end
        if not words:
            return []
        found = self._scan(words, 1) + self._scan(phonetic, 2)
        # Longest first (in words, then normalized over phonetic), then text order.
        found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
        taken = [False] * len(words)
        chosen: list[Mention] = []
        for first, last, level, key, place_ids in found:
            if any(taken[first:last]):
                continue
            if not place_ids:  # a phrase that is not a place ("Tahrir al-Sham")
                for i in range(first, last):
                    taken[i] = True
                continue
            start, end = spans[first][0], spans[last - 1][1]
            art = article_start[first]
            latin = not is_arabic(text[start:end])
            begin = _mention_start(text, start, end, key, level, art, latin, require_capital)
            if begin is None:
                continue
            start = begin
            for i in range(first, last):
                taken[i] = True
            chosen.append(Mention(start, end, text[start:end], key, place_ids))
        chosen.sort(key=lambda m: m.start)
        return chosen

    def _scan(self, words: Sequence[str], level: int
              ) -> list[tuple[int, int, int, str, tuple[str, ...]]]:
        """Matches of ``level`` keys in the words → (first, last + 1, level, key, ids)."""
        sep = _SEP[level]
        stream = sep + sep.join(words) + sep
        out = []
        if len(words) <= _COUNTED_WORDS and stream.count(sep) == len(words) + 1:
            # No word holds the separator, and every key starts with one: a match starts
            # at the separator before the word numbered by the separators ahead of it.
            for end_index, (lvl, nwords, keylen, key, place_ids) in self.automaton.iter(
                    stream):
                if lvl == level:
                    first = stream.count(sep, 0, end_index - keylen + 1)
                    out.append((first, first + nwords, level, key, place_ids))
            return out
        token_at: dict[int, int] = {}
        pos = 0
        for i, w in enumerate(words):
            token_at[pos] = i
            pos += len(w) + 1
        for end_index, (lvl, nwords, keylen, key, place_ids) in self.automaton.iter(stream):
            if lvl != level:
                continue
            first = token_at.get(end_index - keylen + 1)
            if first is not None:
                out.append((first, first + nwords, level, key, place_ids))
        return out

    # -- persistence ---------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the index (with its automaton and the parts otherwise worked out on first
        use, :meth:`_warm_state`) to ``path`` (a pickle, fast to load)."""
        path = Path(path)
        state = {
            "version": _FORMAT_VERSION,
            "place_ids": self.place_ids,
            "names": self.names,
            "name_place": self.name_place,
            "name_phonetic": self.name_phonetic,
            "exact": self.exact,
            "normalized": self.normalized,
            "phonetic": self.phonetic,
            "skeleton": self.skeleton,
            "automaton": self.automaton,
            **(self._warm_state() if _SAVE_WARM_PARTS else {}),
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError as exc:
            raise StoreError(f"{path}: cannot write the name index: {exc}") from exc
        return path

    @classmethod
    def load(cls, path: str | Path) -> NameIndex:
        """Read an index written by :meth:`save`.

        Raises
        ------
        StoreError
            The file is missing, unreadable or of another format version.
        """
        path = Path(path)
        try:
            with path.open("rb") as fh:
                state = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
            raise StoreError(f"{path}: cannot read the name index: {exc}") from exc
        if not isinstance(state, dict) or state.get("version") != _FORMAT_VERSION:
            raise StoreError(f"{path}: name index of another format version; rebuild it")
        index = cls.__new__(cls)
        for attr in ("place_ids", "names", "name_place", "name_phonetic", "exact",
                     "normalized", "phonetic", "skeleton"):
            setattr(index, attr, state[attr])
        index._automaton = state.get("automaton")
        index._fuzzy = {}
        index._ascii_fuzzy = {}
        index._fuzzy_memo = OrderedDict()
        index._subset_keys = {}
        index._names_of = None
        index._keys_of = {}
        index._key_of_name = {}
        index._lookup_memo = {}
        index._skeleton_monos = {}
        index._stream_words = None
        index._scan_words = None
        index._ahead = {}
        index._restore_warm(state)
        return index

    def _warm_state(self) -> dict[str, Any]:
        """What :meth:`save` stores besides the names and keys: the parts otherwise worked
        out on first use, the fuzzy tables of both kinds (:meth:`_fuzzy_table`, with their
        :meth:`_masks` of :data:`_SAVED_MASKS` characters) and their keys holding an ASCII
        character (:meth:`_ascii_fuzzy_table`), the key of each name in the
        normalized one (:meth:`_keys_of_names`), the names of each place
        (:meth:`_names_by_place`) and the words of the automaton's keys
        (:meth:`_words_for_scan`)."""
        tables, ascii_tables = {}, {}
        for kind in _FUZZY_KINDS:
            # the phonetic table's mapping is the phonetic keys' own
            tables[kind] = self._table_state(self._fuzzy_table(kind), kind != "phonetic")
            # the ASCII keys' table has the mapping of its kind's table
            ascii_tables[kind] = self._table_state(self._ascii_fuzzy_table(kind), False)
        key_of_name = [""] * len(self.names)  # the normalized fuzzy key of each name
        for key, value in self._fuzzy_table("normalized").mapping.items():
            for ni in (value,) if isinstance(value, int) else value:
                key_of_name[ni] = key
        return {"warm_recipe": _WARM_RECIPE, "fuzzy_tables": tables,
                "ascii_fuzzy_tables": ascii_tables,
                "normalized_key_of_name": key_of_name, "names_of": self._names_by_place(),
                "scan_words": dict(self._words_for_scan().key_words)}

    def _table_state(self, table: _FuzzyTable, with_mapping: bool) -> dict[str, Any]:
        """A fuzzy table as :meth:`_warm_state` saves it (its mapping only when asked)."""
        return {"keys": table.keys, "offsets": table.offsets, "counts": table.counts,
                "lengths": table.lengths, "mapping": table.mapping if with_mapping else None,
                "masks": {t: self._masks(table, t) for t in _SAVED_MASKS}}

    @staticmethod
    def _table_of_state(table: dict[str, Any], mapping: dict[str, Any]) -> _FuzzyTable:
        """The fuzzy table :meth:`_table_state` saved, with ``mapping``."""
        return _FuzzyTable(table["keys"], table["offsets"], mapping, table["counts"],
                           table["lengths"], {}, dict(table.get("masks") or {}), {})

    def _restore_warm(self, state: dict[str, Any]) -> None:
        """Take the parts :meth:`_warm_state` saved in ``state``; those missing (an index
        saved before they were, or made another way) are worked out on first use."""
        if state.get("warm_recipe") != _WARM_RECIPE:
            logger.info("the name index was saved by an older build: parts of it are worked "
                        "out again on first use; run 'incident-mapper gazetteer build' again "
                        "to load it whole")
            return
        for kind, table in (state.get("fuzzy_tables") or {}).items():
            mapping = self.phonetic if kind == "phonetic" else table["mapping"]
            self._fuzzy[kind] = self._table_of_state(table, mapping)
        for kind, table in (state.get("ascii_fuzzy_tables") or {}).items():
            if kind in self._fuzzy:
                self._ascii_fuzzy[kind] = self._table_of_state(table,
                                                               self._fuzzy[kind].mapping)
        if state.get("normalized_key_of_name") is not None and "normalized" in self._fuzzy:
            self._key_of_name["normalized"] = state["normalized_key_of_name"]
        if state.get("names_of") is not None:
            self._names_of = state["names_of"]
        words = state.get("scan_words")
        if words is not None:
            self._stream_words = _StreamWords(words)
