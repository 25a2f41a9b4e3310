"""The nouns and roles of figures read with folded patterns in lower-cased ASCII text
(:data:`mapper.figures.FOLDED_ROLES`) are the ones the case-insensitive patterns read."""

from __future__ import annotations

import pytest

import mapper.figures as figures
from tests.generated_text import generated_texts, spans_of

#: Words of casualty sentences in mixed case: numbers, nouns, verbs before and after them,
#: subset and breakdown words, and words that stop a noun phrase.
WORDS = [
    "3", "21", "1,100", "Two", "ELEVEN", "thirty-nine", "a", "An", "one", "dozens of",
    "several", "no", "zero", "killed", "KILLING", "Killed", "dead", "died", "wounded",
    "Injuring", "injured", "captured", "ARRESTED", "abducted", "took", "left", "Leaving",
    "caused", "resulted in", "claimed the lives of", "death toll", "rose to", "lost",
    "shot dead", "including", "Among them", "of whom", "out of", "among", "as follows:",
    "namely", "members", "Fighters", "civilians", "SOLDIERS", "people", "attacks",
    "Airstrikes", "operations", "ambushes", "of", "the", "regime", "forces", "were", "was",
    "and", "in", "by", "others", "fatalities", "casualties", "prisoners", "taken prisoner",
    "children", "a shepherd", "soldier was killed", "’s", "“", "-", "–",
]
SEPARATORS = [" ", " ", " ", ", ", "; ", ": ", ". ", "  ", "\t", " - "]


def _read(monkeypatch: pytest.MonkeyPatch, cases: list[tuple[str, int, int]], folded: bool
          ) -> list[figures.Figures]:
    monkeypatch.setattr(figures, "FOLDED_ROLES", folded)
    out = []
    for text, start, end in cases:
        out.append(figures.read_figures(text, start, end, victims=False))
        out.append(figures.read_figures(text, start, end, masked=[(start, start + 2)]))
    return out


def test_folded_roles_equal_the_case_insensitive_reading(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    texts = generated_texts(WORDS, SEPARATORS, 400, seed=11, most_words=24)
    texts += [t.upper() for t in texts[:50]] + [t.lower() for t in texts[:50]]
    texts += ["ﬁve killed and ſix wounded", "Şehir: 4 dead, 2 injured"]  # not ASCII
    cases = spans_of(texts, seed=12)
    plain = _read(monkeypatch, cases, False)
    fast = _read(monkeypatch, cases, True)
    assert fast == plain
    roles = {r for f in plain for r in ("fatal", "injured", "captured", "count")
             if getattr(f, {"fatal": "fatalities", "count": "count"}.get(r, r)) is not None}
    assert roles == {"fatal", "injured", "captured", "count"}
    assert sum(f.count_noun is not None and f.count_noun != f.count_noun.lower()
               for f in plain) > 5  # nouns keep their case


def test_folded_role_patterns_match_as_the_case_insensitive_ones() -> None:
    cased = figures._cased_patterns()
    folded = figures._FOLDED_PATTERNS
    assert folded is not None
    texts = generated_texts(WORDS, SEPARATORS, 150, seed=13, most_words=12)
    found = 0
    for name in figures._RolePatterns.__slots__:
        p, f = getattr(cased, name), getattr(folded, name)
        for text in texts:
            for pos in (0, 5):
                plain = [m.regs for m in p.finditer(text, pos)]
                assert [m.regs for m in f.finditer(text.lower(), pos)] == plain
                found += len(plain)
    assert found > 500
    assert figures._NOUN_AFTER is cased.noun_after  # the module's names, compiled when asked
    assert figures._RESULT_AFTER_RE is cased.result_after
