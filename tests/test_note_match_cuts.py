"""A note's sentences take their place-pattern matches from the whole note's
(:class:`mapper.place_expr.MatchMemo`): the same matches as a search of each sentence.

The shortcut is sound when no pattern can match a :data:`~mapper.place_expr.SPAN_STOPS`
character, not even inside a lookahead: a search then never sees past the stop that ends
a sentence. The first tests check that property on the patterns' parsed form; the others
compare the shortcut with plain searches on notes written for them.
"""

from __future__ import annotations

import re
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse

import pytest

import mapper.place_expr as place_expr
from gazetteer import Gazetteer
from mapper.extract import extract_incidents
from mapper.segment import segments

#: Notes in the style of incident tables, written for these tests.
NOTES = [
    "On 3 March 2021, regime forces shelled Kafr Nabl town. The attack killed 2 civilians.",
    "Clashes near Al-Sukhnah: IS fighters attacked the Homs-Deir Ezzor highway between "
    "Kabajeb and Al-Shawla. 4 soldiers were killed.",
    "Airstrikes hit the villages of Tleihat, Um Khan and al-Amiriya; fighting around the "
    "Tabqa dam. [size=no report]",
    "Unknown gunmen killed a man in Al-Mayadin city, east of Deir ez-Zor. Shelling targeted "
    "Jobar and Ein Tarma in Eastern Ghouta, Rural Damascus! \"No casualties\" were reported?",
    "An IED exploded in the town of Al-Busayrah in eastern Deir ez-Zor province. Later, "
    "regime forces advanced on Tall Rifat countryside and the western countryside of Hama.",
    "Fighting in the Syrian desert, south of Palmyra. Militants attacked the Jellin front "
    "and Murak town in northern Hama; the road from Ithriya to Khanasir was cut.",
    "Protest in Idlib city. Demonstrators gathered in Saraqib",
    "Turkish forces shelled Ain Issa (Ar-Raqqa) and the M4 highway near Tal Tamr. "
    "Casualties unknown.",
]


def _may_consume(tree: list, ch: str) -> bool:
    """Whether any part of a parsed pattern, lookaheads included, can match ``ch``
    (conservative: ``True`` for anything not worked out)."""
    for op, av in tree:
        if op is sre.LITERAL:
            if chr(av) == ch:
                return True
        elif op is sre.ANY:
            if ch != "\n":
                return True
        elif op is sre.IN:
            if _in_set(av, ch):
                return True
        elif op is sre.SUBPATTERN:
            if _may_consume(av[3], ch):
                return True
        elif op is sre.BRANCH:
            if any(_may_consume(b, ch) for b in av[1]):
                return True
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if _may_consume(av[2], ch):
                return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if av[0] == 1 and _may_consume(av[1], ch):  # a lookahead (a lookbehind: -1)
                return True
        elif op is not sre.AT:
            return True  # not worked out here: assume it can
    return False


_CATEGORIES = {sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
               sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
               sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S"}


def _in_set(items: list, ch: str) -> bool:
    negate, hit = False, False
    for op, av in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            hit |= chr(av) == ch
        elif op is sre.RANGE:
            hit |= av[0] <= ord(ch) <= av[1]
        elif op is sre.CATEGORY and av in _CATEGORIES:
            hit |= re.fullmatch(_CATEGORIES[av], ch) is not None
        else:
            return True
    return hit != negate


def _finder_patterns() -> list[re.Pattern[str]]:
    """Every pattern the finder searches: those its functions pass to ``f.iter``, and the
    first alternatives it may search instead."""
    source = Path(place_expr.__file__).read_text(encoding="utf-8")
    names = sorted(set(re.findall(r"\bf\.iter\((_[A-Z_]+)\)", source)))
    assert len(names) >= 10, names
    patterns = [getattr(place_expr, n) for n in names]
    patterns += [first for _, first in place_expr._ALTERNATIVE_WORDS.values()]
    return patterns


def test_no_finder_pattern_can_match_a_span_stop() -> None:
    for pattern in _finder_patterns():
        tree = sre_parse.parse(pattern.pattern, pattern.flags).data
        for ch in place_expr.SPAN_STOPS:
            assert not _may_consume(tree, ch), (ch, pattern.pattern[:60])


def test_the_check_sees_a_stop_a_pattern_can_match() -> None:
    for source in (r"a\.b", r"a(?=[^x])", r"[.;]", r"a.", r"(?:x|\W)"):
        tree = sre_parse.parse(source).data
        assert _may_consume(tree, "."), source
    assert not _may_consume(sre_parse.parse(r"(?<=\.)\w+\s(?!x)").data, ".")


@pytest.mark.parametrize("note", NOTES)
def test_sentence_matches_cut_from_the_note_equal_a_search(note: str) -> None:
    spans = [(s.start, s.end) for s in segments(note)]
    spans += [(0, e) for _, e in spans] + [(s, len(note)) for s, _ in spans]
    for pattern in _finder_patterns():
        memo = place_expr.MatchMemo(whole=True)
        for start, end in spans:
            f = place_expr._Finder(note, start, end, None, memo)
            cut = f._cut_from_whole(pattern)
            if cut is None:
                continue
            plain = list(pattern.finditer(note, start, end))
            assert [(m.span(), m.groupdict()) for m in cut] == \
                [(m.span(), m.groupdict()) for m in plain], (pattern.pattern[:50], start, end)


def test_a_span_a_match_crosses_into_is_searched_on_its_own() -> None:
    note = "Clashes near Kafr Nabl town. Nothing else."
    memo = place_expr.MatchMemo(whole=True)
    start = note.index("Nabl")
    f = place_expr._Finder(note, start, len(note), None, memo)
    assert f._cut_from_whole(place_expr._NEAR) is None
    whole = place_expr._Finder(note, 0, note.index(".") + 1, None, memo)
    assert [m.group("n") for m in whole._cut_from_whole(place_expr._NEAR)] == ["Kafr Nabl"]


def test_a_span_ending_inside_a_sentence_is_searched_on_its_own() -> None:
    note = "Shelling near Kafr Nabl town, then in Saraqib."
    f = place_expr._Finder(note, 0, note.index(","), None, place_expr.MatchMemo(whole=True))
    assert f._cut_from_whole(place_expr._NEAR) is None


@pytest.mark.parametrize("use_gazetteer", [False, True])
def test_notes_read_the_same_with_and_without_cut_matches(
        monkeypatch: pytest.MonkeyPatch, use_gazetteer: bool) -> None:
    gaz = Gazetteer.default() if use_gazetteer else None

    def read(note: str) -> list[dict]:
        return [i.properties() for i in extract_incidents(note, gazetteer=gaz, note=True,
                                                          report_date="2021-03-31")]

    monkeypatch.setattr(place_expr, "_USE_WHOLE_MATCHES", False)
    plain = [read(n) for n in NOTES]
    monkeypatch.setattr(place_expr, "_USE_WHOLE_MATCHES", True)
    assert [read(n) for n in NOTES] == plain


def test_remembered_governorate_answers_equal_fresh_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    gaz = Gazetteer.default()
    names = ["Deir ez-Zor", "Homs", "Kafr Nabl", "Rural Damascus", "Idleb", "Al-Sukhnah",
             "Hama", "Eastern Ghouta", "Raqqa", "Tall Rifat", "Aleppo", "Jobar"]
    monkeypatch.setattr(place_expr, "_REMEMBER_GOVERNORATES", False)
    fresh = [place_expr.is_governorate_name(n, gaz) for n in names]
    assert any(fresh) and not all(fresh)
    monkeypatch.setattr(place_expr, "_REMEMBER_GOVERNORATES", True)
    assert [place_expr.is_governorate_name(n, gaz) for n in names] == fresh
    assert [place_expr.is_governorate_name(n, gaz) for n in names] == fresh  # remembered
    asked = {n for n in names if place_expr._key(n) not in place_expr.GOVERNORATE_KEYS}
    assert asked and asked <= set(place_expr._GOVERNORATE_ANSWERS[gaz])


@pytest.mark.parametrize("text", NOTES)
@pytest.mark.parametrize("kinds", [("place", "near", "segment", "corridor"), ("zone",),
                                   ("governorates", "direction"), ("corridor",)])
def test_names_kind_answers_as_every_expression(text: str, kinds: tuple[str, ...]) -> None:
    gaz = Gazetteer.default()
    spans = [(s.start, s.end) for s in segments(text)] + [(0, len(text))]
    for start, end in spans:
        every = place_expr.find_place_expressions(text, start, end, gazetteer=gaz)
        assert place_expr.names_kind(text, start, end, kinds, gazetteer=gaz) == \
            any(e.kind in kinds for e in every), (text[start:end], kinds)


@pytest.mark.parametrize("use_gazetteer", [False, True])
def test_notes_read_the_same_stopping_at_the_first_place(
        monkeypatch: pytest.MonkeyPatch, use_gazetteer: bool) -> None:
    import mapper.extract as extract

    gaz = Gazetteer.default() if use_gazetteer else None
    texts = [*NOTES, "On 4 May, clashes took place. Shelling near Saraqib, east of Idlib."]

    def read(note: str, as_note: bool) -> list[dict]:
        return [i.properties() for i in extract_incidents(
            note, gazetteer=gaz, note=as_note, report_date="2021-03-31")]

    monkeypatch.setattr(extract, "_STOP_AT_FIRST_PLACE", False)
    plain = [read(n, as_note) for n in texts for as_note in (True, False)]
    monkeypatch.setattr(extract, "_STOP_AT_FIRST_PLACE", True)
    assert [read(n, as_note) for n in texts for as_note in (True, False)] == plain
