"""Faster sentence reading must read the same: folded patterns, pre-checks and memos of
:mod:`mapper.numbers`, :mod:`mapper.figures`, :mod:`mapper.dates`, :mod:`mapper.segment`
and :mod:`mapper.events` against the plain computation they replace."""

from __future__ import annotations

import random
import re

import pytest

import mapper.dates as dates
import mapper.events as events
import mapper.extract as extract
import mapper.figures as figures
import mapper.guards as guards
import mapper.numbers as numbers
import mapper.segment as segment
from tests.generated_text import random_strings

#: Report-style text written for these tests: mixed case, numbers in words and figures,
#: dates, abbreviations, event words.
TEXTS = [
    "On December 30, IS fighters KILLED 39 members of regime forces near Arak.",
    "An IED exploded in Al-Busayrah, killing Two civilians and wounding THIRTY-NINE others.",
    "Nearly 155 soldiers, including eight officers, were killed; no fatalities among SDF.",
    "Over 1,100 raids and more than fifty attacks; Dozens of shells; A Dozen mortars.",
    "No casualties. Without any losses. Zero injuries. No one was KILLED or hurt.",
    "Twelve to 15 people died; 17-20 wounded; one hundred and five were arrested.",
    "The 5th Corps and 2.5 thousand troops; 3rd and 21st brigades; 1.5 km; 10,000,000.",
    "Warplanes, AIR STRIKES and an Airstrike hit Homs; a suicide bomber self-detonated.",
    "Regime forces Regained Kabajeb after clashes; ISIS gunmen shot dead a shepherd.",
    "Gen. Smith met Lt. Col. J. Doe and Dr. Ali in the U.N. office at St. George; I. Left.",
    "They said: 'Two killed.' (Three others?) Yes! 4 wounded... [5 captured.] 6. Done.",
    "Published on 31 March 2021. Report date: 2021-03-31. Updated March 3, 2021.",
    "Since early January 2021, and from December 29 to date; last week; 3 days ago.",
    "The civilians, women and children were attacked; a council member was shot dead.",
    "Shelling by Turkish forces; Landmines; a VBIED; BOOBY-TRAPPED houses were looted.",
    "A soldier was killed and a woman was injured; an IS member was arrested.",
    "ﬁve killed in Şehir — twenty-one wounded, ſix missing; 7 dead.",
    "Over fifty, under 20, up to Nine, fewer than five, some 300, about twenty-five.",
    "Two-thirds of 1,200,000 people; 1,2,3; 4.5.6; 7,000.5; a couple of dozens.",
    "",
]


def _quantities(text: str) -> list[numbers.Quantity]:
    out = numbers.find_quantities(text)
    for s in range(0, len(text), 9):
        out += numbers.find_quantities(text, start=s, end=min(len(text), s + 31))
    return out


def test_folded_patterns_find_the_spans_and_groups_of_the_patterns() -> None:
    modules = (numbers, figures, dates, events, extract)
    patterns = [v for m in modules for v in vars(m).values() if isinstance(v, re.Pattern)]
    patterns += [p for p, _ in events.EVENT_RULES]
    folded = [(p, f) for p in patterns if (f := guards.folded_form(p)) is not None]
    assert len(folded) > 30
    texts = TEXTS + [t.upper() for t in TEXTS] + [t.lower() for t in TEXTS]
    matched = 0
    for p, f in folded:
        for text in texts:
            if not text.isascii():
                continue
            low = text.lower()
            for pos in (0, 7):
                plain = [(m.span(), m.regs, m.group(0).lower()) for m in p.finditer(text, pos)]
                fast = [(m.span(), m.regs, m.group(0)) for m in f.finditer(low, pos)]
                assert fast == plain, (p.pattern[:60], text)
                matched += bool(plain)
    assert matched > 100


@pytest.mark.parametrize("source", [
    r"\bA\B", r"\D+", r"\S", r"\W", r"\N{LATIN SMALL LETTER A}", r"[A-z]", r"[(?P]",
    r"(?P<Word>x)", r"(?-i:Abc)", r"(?i)abc", r"ſeveral", "\u212aelvin", "\u0130stanbul",
])
def test_no_folded_form_where_lower_casing_changes_the_pattern(source: str) -> None:
    assert guards.folded_form(re.compile(source, re.IGNORECASE)) is None


def test_folded_form_keeps_escapes_and_group_syntax() -> None:
    p = re.compile(r"(?P<n>\d+)\s+(?P=n)\x4A|\(?P|Kill", re.IGNORECASE)
    f = guards.folded_form(p)
    assert f is not None and f.groupindex == p.groupindex
    assert f.pattern == r"(?P<n>\d+)\s+(?P=n)\x4a|\(?p|kill"
    assert guards.folded_form(re.compile("kill")) is None  # not case-insensitive


def _read(monkeypatch: pytest.MonkeyPatch, folded: bool) -> list[object]:
    monkeypatch.setattr(guards, "USE_FOLDED", folded)
    events.classify_event.cache_clear()
    out: list[object] = []
    for text in TEXTS + [t.upper() for t in TEXTS]:
        out.append(_quantities(text))
        out.append(figures.read_figures(text, 0, len(text)))
        out.append(figures.read_figures(text, len(text) // 3, len(text)))
        out.append(events.classify_event(text))
        out.append(extract._TALLY_WORDS_GUARDED.search(text))
    return [(o.span(), o.group(0)) if isinstance(o, re.Match) else o for o in out]


def test_folded_reading_equals_the_case_insensitive_reading(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    plain = _read(monkeypatch, False)
    fast = _read(monkeypatch, True)
    assert fast == plain
    assert sum(bool(q) for q in plain[::5]) > 15 and sum(e is not None for e in plain[3::5]) > 8
    events.classify_event.cache_clear()


def test_lower_ascii_keeps_the_last_text() -> None:
    assert guards.lower_ascii("Kill HOMS") == "kill homs"
    assert guards.lower_ascii("Şehir") is None
    assert guards.lower_ascii("kill " + "HOMS") == "kill homs"
    assert guards.lower_ascii("Kill Homs") == "kill homs"



def test_event_guards_find_a_word_of_each_match() -> None:
    guarded = [*events._RULE_PATTERNS, events._CIVILIAN_GUARDED]
    texts = TEXTS + [t.upper() for t in TEXTS] + [
        "A mukhtar, a doctor, truffle hunters, a journalist and a teacher; an elder; MEN.",
        "Officials, a dignitary, residents, workers, people, farmers, a child and a woman.",
        "Two were abducted; IS took control of Arak; a security campaign and combing.",
    ]
    hit = set()
    for i, g in enumerate(guarded):
        for text in texts:
            for m in g.pattern.finditer(text):
                hit.add(i)
                assert any(w in m.group(0).lower() for w in g.words), (g.pattern.pattern, m)
    assert hit == set(range(len(guarded)))


def test_first_match_is_the_first_rule_that_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = events._RULE_PATTERNS
    texts = TEXTS + [t.upper() for t in TEXTS] + [
        "Suicide bomber; warplanes; a mortar; fire and looting", "recaptured, then shot",
        "a sweep and combing operation", "", "the mine of gold; a firearm; shotgun",
    ]
    hits = 0
    for folded, word_sets in ((True, True), (True, False), (False, True), (False, False)):
        monkeypatch.setattr(guards, "USE_FOLDED", folded)
        monkeypatch.setattr(guards, "USE_WORD_SETS", word_sets)
        for text in texts:
            plain = next(((i, m.span(), m.group(0)) for i, g in enumerate(rules)
                          if (m := g.pattern.search(text))), None)
            found = guards.first_match(rules, text)
            assert (found and (found[0], found[1].span(), found[1].group(0))) == plain
            found = events._RULES.first_match(text)
            assert (found and (found[0], found[1].span(), found[1].group(0))) == plain
            hits += plain is not None
    assert hits > 40


def test_word_sets_find_the_lists_a_text_holds_a_word_of() -> None:
    lists = [("air", "jet"), ("fire", "air"), (), ("kill",)]
    sets = guards.WordSets(lists)
    for low in ("", "airstrike", "a jet fired", "killing fire", "nothing", "kilL", "firair"):
        bits = sum(1 << i for i, words in enumerate(lists) if any(w in low for w in words))
        assert sets.held(low) == bits, low
    assert guards.WordSets([(), ()]).held("anything") == 0


#: Sentence ends and the abbreviation test as first written (a pattern of two alternatives,
#: and a search for the last word of the 24 characters before a period).
_SENTENCE_END_PLAIN = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?(?:[A-Z0-9\u0600-\u06FF]|$))|[.!?…]+[\"'”’)\]]*$"
)
_LAST_WORD_RE = re.compile(r"([A-Za-z]+(?:\.[A-Za-z]+)*)$")


def _is_abbreviation_plain(text: str, dot: int) -> bool:
    window = text[max(0, dot - 24):dot]
    m = _LAST_WORD_RE.search(window)
    if not m:
        return False
    word = m.group(1)
    if word.lower() in segment.ABBREVIATIONS:
        return True
    before = window[max(0, m.start() - 1):m.start()] if m.start() > 0 else (
        text[dot - len(window) - 1:dot - len(window)] if dot - len(window) > 0 else "")
    return len(word) == 1 and word.isupper() and word != "I" and before in ("", " ", "(")


def _sentence_texts() -> list[str]:
    texts = TEXTS + [
        "Gen.\n. x", "a\n. B", "U.N. Said. J. Smith (K. Doe) I. Went.", ".A. b.", "ab.cd.ef. G",
        "x" * 30 + ". Y", "Maj.Gen. X", "\n.", ".", "..", "e.g. Foo", "Mr.. X", "(J. x",
        "It ended!? \"Then\" ... 3 more.) Next… ‘A’ (B). [C]. ٱلرقة. End.\t\n",
    ]
    rnd = random.Random(6)
    alphabet = "aB J(.!?…)\"’\u0627 1\t\n"
    texts += random_strings(rnd, alphabet, 3000, 1, 40)
    return texts


def test_sentence_ends_and_abbreviations_as_first_written() -> None:
    dots = 0
    for text in _sentence_texts():
        assert [m.span() for m in segment._SENTENCE_END.finditer(text)] == \
            [m.span() for m in _SENTENCE_END_PLAIN.finditer(text)], text
        for dot in range(len(text)):
            if text[dot] == ".":
                dots += 1
                assert segment._is_abbreviation(text, dot) == _is_abbreviation_plain(text, dot), (
                    text, dot)
    assert dots > 1000


def _quantity_patterns_as_first_written() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """:data:`mapper.numbers._QUANTITY` and :data:`~mapper.numbers.ZERO_PHRASES` with every
    word list a plain alternation and a word boundary first."""
    word = "|".join(sorted([*numbers.UNITS, *numbers.TENS], key=len, reverse=True))
    word_number = (
        rf"(?:(?:{word})(?:[- ](?:{word}))?)"
        rf"(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?(?:{word})(?:[- ](?:{word}))?)?)*"
        rf"|(?:a|one)\s+(?:hundred|thousand)(?:\s+(?:and\s+)?(?:{word})(?:[- ](?:{word}))?)?")
    vague = "|".join(re.escape(v) for v in sorted(numbers.VAGUE, key=len, reverse=True))
    mods = "|".join(re.escape(m) for m in sorted(numbers.MODIFIERS, key=len, reverse=True))
    number = rf"(?:{numbers._DIGITS}|{word_number})"
    quantity = re.compile(
        rf"(?<![\w.,-])(?:(?P<mod>{mods})\s+)?"
        rf"(?:(?P<vague>{vague})(?![\w-])|(?P<num>{number})"
        rf"(?:\s*(?:-|–|to|or)\s*(?P<hi>{number}))?(?![\w-]|,\d|\.\d))", re.IGNORECASE)
    zero = re.compile(
        r"\b(?:no|zero|without(?:\s+any)?)\s+(?:(?:human\s+)?(?:fatalities|casualties|deaths|"
        r"dead|losses|injuries|injured|wounded|victims)|one\s+(?:was\s+)?(?:killed|injured|"
        r"wounded|hurt))\b", re.IGNORECASE)
    return quantity, zero


def test_quantity_patterns_match_as_first_written() -> None:
    quantity, zero = _quantity_patterns_as_first_written()
    rnd = random.Random(6)
    vocab = [*numbers.UNITS, *numbers.TENS, *numbers.VAGUE, *numbers.MODIFIERS, "hundred",
             "thousand", "and", "a", "one", "-", "to", "or", "1,100", "2.5", "12", "5th", "x",
             ",", ".", "No", "without any", "fatalities", "one was killed", "human", "Zero",
             "xno", "n", "1.5", "Nearly", "xzero deaths", "awithout any losses", "ano dead",
             "2zero injuries", "_no victims"]
    texts = TEXTS + [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(1, 12)))
                     for _ in range(3000)]
    texts += [t.replace(" ", rnd.choice([" ", "-", "  ", "", "\t"])) for t in texts[:1500]]
    texts += [t.upper() for t in texts[:1000]]
    found = 0
    for new, old in ((numbers._QUANTITY, quantity), (numbers.ZERO_PHRASES, zero)):
        for text in texts:
            for pos in (0, 3):
                plain = [m.regs for m in old.finditer(text, pos)]
                assert [m.regs for m in new.finditer(text, pos)] == plain, text
                found += len(plain)
    assert found > 5000


def test_quantities_after_breaks_equal_the_lookbehind_search(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    texts = TEXTS + [t.lower() for t in TEXTS] + [
        "39 killed", "-5 and .5 and ,5 and _5 and x5 but (5) and 5", "a dozen", "", "7",
        "twenty,one;two.three-four five", "killed 3", "2,5 and 1,100 and 2.5 million",
    ]
    cases = [(t, s, e) for t in texts for s in (-1, 0, *range(1, len(t) + 2, 3))
             for e in (None, s, s + 1, s + 9, len(t) - 2)]

    def read(skip: bool) -> list[list[numbers.Quantity]]:
        monkeypatch.setattr(numbers, "SKIP_TO_BREAKS", skip)
        return [numbers.find_quantities(t, start=s, end=e) for t, s, e in cases]

    assert any(read(True))
    assert read(True) == read(False)


def test_no_phrases_alone_where_no_other_zero_word(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = TEXTS + [t.lower() for t in TEXTS] + [
        "no fatalities", "No one was killed; zero deaths", "without any losses, no dead",
        "xno dead and _no victims but (no injuries)", "ZERO casualties and no one hurt",
        "2 killed, no\tinjured", "nowithout losses", "no  one was  killed", "zero",
        "without human casualties and no human losses", "3 killed and no one injured",
        "noo dead; no\ndead; a-no dead", "Zero deaths. No deaths. Without deaths.",
    ]
    cases = [(t, s, e) for t in texts for s in (-1, 0, *range(1, len(t) + 2, 3))
             for e in (None, -1, s, s + 4, s + 12, len(t) - 2)]

    def read(no_only: bool) -> list[list[numbers.Quantity]]:
        monkeypatch.setattr(numbers, "SEARCH_NO_ONLY", no_only)
        return [numbers.find_quantities(t, start=s, end=e) for t, s, e in cases]

    fast = read(True)
    assert sum(q.value == 0 for found in fast for q in found) > 100
    assert fast == read(False)
    assert all(found == sorted(found, key=lambda q: q.start) for found in fast)


def test_singular_victims_after_breaks_equal_the_word_boundary_search(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = TEXTS + [t.lower() for t in TEXTS] + [
        "killed a shepherd", "Gunmen shot dead a man and abducted an elder near the town.",
        "a soldier was killed; one civilian had been wounded", "killed a a civilian was killed",
        "xkilled a man, _a child was injured, 3a woman was abducted", "an officer was arrested",
        "injuring an  old\tman; kidnapped a young boy", "One member has been killed.",
        "a\nsoldier was\nkilled", "killed aa man", "killed a", "a soldier was", "",
    ]
    cases = [(t, s, e) for t in texts for s in (-1, 0, *range(1, len(t) + 2, 3))
             for e in (s, s + 1, s + 9, s + 30, len(t) - 2, len(t))]

    def read(after_breaks: bool) -> list[list[numbers.Quantity]]:
        monkeypatch.setattr(figures, "SINGULAR_AFTER_BREAKS", after_breaks)
        return [figures._singular_quantities(t, s, e) for t, s, e in cases]

    fast = read(True)
    assert sum(map(len, fast)) > 100
    assert fast == read(False)


def test_one_line_units_equal_the_walk_over_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = TEXTS + [t.lower() for t in TEXTS] + [
        "", "   ", "\u00a0\u200b", "# Heading", "## A title here", "#no heading", "#",
        "- Homs desert: Four operations killed 3.", "1. first item", "(a) an item", "* x",
        "12) twelve", "• dot", "Heading without a stop", "-", "Gen. Smith. 5 killed",
        "two\nlines", "a\r\nb", "a\u2028b", "# H\n- b: c\ntext.",
    ]

    def cut(one_line: bool) -> list[object]:
        monkeypatch.setattr(segment, "ONE_LINE_UNITS", one_line)
        return [(segment.segments(t), segment.paragraphs(t)) for t in texts]

    assert cut(True) == cut(False)
