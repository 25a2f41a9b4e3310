"""The place patterns as spelled for speed find what they found as first written.

Four spellings only spare the regex engine work: the article of a name grouped by its
first letter, a name's optional parts as an empty last alternative (``(?:X|)`` for
``(?:X)?``), a list's further names written once after either separator, and word lists
grouped by first letter (:func:`mapper.place_expr._by_first_letter`). A fifth change
stops a search after the last word that may end a match (:data:`mapper.place_expr.
_LAST_WORDS`). Each is checked against the plain form on notes written for the tests and
on generated text full of names, articles and keywords.
"""

from __future__ import annotations

import re

import pytest

import mapper.place_expr as place_expr
from tests.generated_text import generated_texts, spans_of
from tests.test_note_match_cuts import NOTES

#: The article and the parts of a name as first written.
_ART_WRITTEN = r"(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh|[Ee][dnrstz]|[Uu]m|[Aa]bu|[Bb]ani|[Bb]eni)"
_NAMEWORD_WRITTEN = (rf"(?:{_ART_WRITTEN}-)?{place_expr._CAPW}"
                     rf"(?:-(?:{_ART_WRITTEN}-)?{place_expr._CAPW})*")
NAME_WRITTEN = (
    rf"(?:{_NAMEWORD_WRITTEN}(?:\s+(?:{_ART_WRITTEN}[- ]|{place_expr._INNER}\s+)?"
    rf"{_NAMEWORD_WRITTEN}){{0,3}}"
    rf"(?:\s+\((?:{_NAMEWORD_WRITTEN}(?:\s+{_NAMEWORD_WRITTEN})?)\))?|{place_expr._ARABIC})")
NAMELIST_WRITTEN = (rf"{NAME_WRITTEN}(?:\s*,\s*(?:and\s+)?{NAME_WRITTEN}"
                    rf"|\s+and\s+{NAME_WRITTEN})*")
#: The names of :data:`mapper.place_expr._NOUN_OF`, as written there and as first written.
_NOUN_OF_ITEMS = (rf"{place_expr.NAME}(?:(?:\s*(?:,|/)\s*(?:and\s+)?|\s+and\s+)"
                  rf"{place_expr.NAME})*")
_NOUN_OF_ITEMS_WRITTEN = (rf"{NAME_WRITTEN}(?:\s*(?:,|/)\s*(?:and\s+)?{NAME_WRITTEN}"
                          rf"|\s+and\s+{NAME_WRITTEN})*")
#: The word lists grouped by first letter, with their patterns.
_WORD_LISTS = [place_expr._PLACE_WORDS, place_expr._NEAR_WORDS, place_expr._NAME_NOUN_WORDS]

WORDS = ["Al-Bab", "al-Bab", "Ash-Shaddadi", "as-Safira", "ash-", "ad-Dana", "Abu", "abu-",
         "Abu-Kamal", "Bani", "bani-Zeid", "Beni", "el-Bab", "Ez-Zor", "ez-Zor", "Um", "um-",
         "Um Batna", "az-", "an-Nabk", "at-Tanf", "bin", "ibn", "Bin", "Ibn", "Kafr", "Nabl",
         "Deir", "Idlib's", "Homs’s", "(Hama)", "(Tadmor", "Tadmor)", "دير", "الزور", "x", "é",
         "Ɐ", "ſ", "_", "9", "-", "the", "and", "of", "in", "at", "on", "inside", "into", "hit",
         "attacked", "attacks on", "captured", "recaptured", "took over", "toward", "towards",
         "advanced on", "advance towards", "fronts of", "offensive on", "control over",
         "near", "nearby", "close to", "around", "north of", "south-east of", "outskirts of",
         "in the vicinity of", "countryside", "town", "towns", "village", "city", "area",
         "areas of", "neighbourhood", "neighborhood", "sub-district", "subdistrict",
         "district", "farms", "hill", "hills", "front", "fronts", "camp", "province",
         "provinces", "governorate", "governorates", "provincial", "desert", "deserts",
         "Desert", "triangle", "Badia", "badia", "Badiat", "highway", "road", "between",
         "villages of", "village of the", "cities of", "towns of", "suburbs of", "suburb of",
         "hills of", "neighbourhoods of", "neighborhood of", "farms of", "areas of the",
         "rural", "Rural", "rural Hama", "Rural Kafr", "ruralHoms"]
#: Between words; "" glues two words into one.
SEPARATORS = [" ", " ", " ", "", ", ", ", and ", " and ", "-", "/", "'s ", "’", ". ", " (",
              ") ", "\n"]




SPANS = spans_of([*NOTES, *generated_texts(WORDS, SEPARATORS, 4000, seed=23, most_words=18)],
                 seed=7)


def _matches(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text, start, end)]


def _as_written(source: str) -> str:
    """``source`` with its names, lists of names, articles and word lists spelled as first
    written."""
    possessive = place_expr._word_runs_possessive
    for name, written in ((place_expr._NAMELIST, NAMELIST_WRITTEN),
                          (possessive(place_expr._NAMELIST), possessive(NAMELIST_WRITTEN)),
                          (_NOUN_OF_ITEMS, _NOUN_OF_ITEMS_WRITTEN),
                          (place_expr.NAME, NAME_WRITTEN),
                          (place_expr._word_runs_possessive(place_expr.NAME),
                           place_expr._word_runs_possessive(NAME_WRITTEN))):
        source = source.replace(name, written)
    source = source.replace(place_expr._ART, _ART_WRITTEN)
    for words in _WORD_LISTS:
        source = source.replace(place_expr._by_first_letter(words), f"(?:{'|'.join(words)})")
    return source


def _module_patterns() -> dict[str, re.Pattern[str]]:
    patterns = {k: v for k, v in vars(place_expr).items() if isinstance(v, re.Pattern)}
    for key, (_, first) in place_expr._ALTERNATIVE_WORDS.items():
        name = next(k for k, v in patterns.items() if id(v) == key)
        patterns[f"{name} (first alternative)"] = first
    return patterns


def test_patterns_find_what_they_found_as_first_written() -> None:
    rewritten = 0
    for name, pattern in _module_patterns().items():
        written = _as_written(pattern.pattern)
        if written == pattern.pattern:
            continue
        rewritten += 1
        plain = re.compile(written, pattern.flags)
        found = [_matches(pattern, *s) for s in SPANS]
        assert found == [_matches(plain, *s) for s in SPANS], name
    assert rewritten >= 18
    lists = [p.pattern for p in _module_patterns().values()
             if place_expr._NAMELIST in p.pattern
             or place_expr._word_runs_possessive(place_expr._NAMELIST) in p.pattern]
    assert len(lists) >= 4 and _NOUN_OF_ITEMS in place_expr._NOUN_OF.pattern


def test_the_generated_text_reaches_the_names_and_words() -> None:
    place = place_expr._PLACE
    found = [m for text, a, b in SPANS for m in place.finditer(text, a, b)]
    assert len({m.group("n").split("-")[0].lower() for m in found}) > 10
    assert {"inside", "captured", "attacks", "towards", "fronts"} <= {
        m.group(0).split()[0] for m in found}
    gov = [m for text, a, b in SPANS for m in place_expr._GOV_LIST_AFTER.finditer(text, a, b)]
    assert len(gov) > 100 and any(", " in m.group("items") for m in gov)


@pytest.mark.parametrize("words", _WORD_LISTS)
def test_words_grouped_by_first_letter_match_in_order(words: tuple[str, ...]) -> None:
    grouped = re.compile(rf"\b{place_expr._by_first_letter(words)}(?:\s+|\b)")
    plain = re.compile(rf"\b(?:{'|'.join(words)})(?:\s+|\b)")
    found = [_matches(grouped, *s) for s in SPANS]
    assert found == [_matches(plain, *s) for s in SPANS]
    assert sum(bool(f) for f in found) > 1000


def _last_word_patterns() -> dict[str, re.Pattern[str]]:
    return {k: v for k, v in vars(place_expr).items()
            if isinstance(v, re.Pattern) and id(v) in place_expr._LAST_WORDS}


def test_searches_cut_after_the_last_word_find_every_match(
        monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = _last_word_patterns()
    assert len(patterns) == 3
    for name, pattern in patterns.items():
        found = []
        for switch in (False, True):
            monkeypatch.setattr(place_expr, "_CUT_AFTER_LAST_WORD", switch)
            found.append([place_expr._search(pattern, t, a, b, t[a:b]) for t, a, b in SPANS])
        plain, cut = ([[(m.span(), m.groupdict()) for m in ms] for ms in f] for f in found)
        assert cut == plain, name
        assert sum(bool(ms) for ms in plain) > 100, name


def test_every_match_ends_with_a_last_word() -> None:
    for name, pattern in _last_word_patterns().items():
        cut = place_expr._LAST_WORDS[id(pattern)].pattern
        assert cut.startswith("(?s:.*)"), name
        ending = re.compile(cut.removeprefix("(?s:.*)"))
        ends = 0
        for text, a, b in SPANS:
            for m in pattern.finditer(text, a, b):
                last = ending.search(text, m.start(), m.end())
                while last is not None and last.end() < m.end():
                    last = ending.search(text, last.start() + 1, m.end())
                assert last is not None and last.end() == m.end(), (name, m.group(0))
                assert m.end() == b or not re.match(r"\w", text[m.end()]), name
                ends += 1
        assert ends > 100, name


def test_patterns_tried_only_at_their_first_words_find_every_match(
        monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = {k: v for k, v in vars(place_expr).items()
                if isinstance(v, re.Pattern) and id(v) in place_expr._FIRST_WORDS}
    assert patterns
    for name, pattern in patterns.items():
        words = place_expr._FIRST_WORDS[id(pattern)]
        found = []
        for switch in (False, True):
            monkeypatch.setattr(place_expr, "_MATCH_AT_FIRST_WORDS", switch)
            found.append([[(m.span(), m.groupdict())
                           for m in place_expr._search(pattern, t, a, b, t[a:b])]
                          for t, a, b in SPANS])
        assert found[1] == found[0], name
        assert sum(len(ms) > 1 for ms in found[0]) > 5, name
        assert sum(len(ms) for ms in found[0]) > 200, name
        starts = {m.group(0)[:len(w)] for t, a, b in SPANS for m in pattern.finditer(t, a, b)
                  for w in words}
        assert all(any(m.group(0).startswith(w) for w in words)
                   for t, a, b in SPANS for m in pattern.finditer(t, a, b)), name
        assert set(words) <= starts, name
