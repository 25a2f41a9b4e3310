"""Guard words that count only at the start of a word (:attr:`mapper.guards.Guarded.starts`,
``USE_WORD_STARTS``), and the civilian words looked for in the event rules' pass
(:class:`mapper.guards.GuardedRules` ``extra``): events are classified as with every word
counted wherever it is, and as with one substring search per word."""

from __future__ import annotations

import re

import pytest

import mapper.events as events
import mapper.guards as guards
from tests.generated_text import generated_texts

#: Event words, words holding them inside ("died", "landmine", "settlement", "gunmen",
#: "members", "ceasefire", "airport") and civilian and military targets, in mixed case.
WORDS = [
    "IED", "ieds", "died", "Landmine", "landmines", "mine", "land mines", "the mine exploded",
    "bombed", "carbomb", "car bombs", "Explosions", "unexploded", "detonated", "self-detonated",
    "airstrike", "air strikes", "AIRPORT", "chair", "bombarded from the air", "jets", "Jetty",
    "drones", "settlement", "set fire to", "sunset", "burned homes", "regime forces retook",
    "took control of", "self-controlled", "overran", "clashes", "ceasefire", "opened fire",
    "exchange of fire", "gunfire", "gunmen", "shot dead", "upshot", "killed", "skill",
    "assassinated", "executed", "raided", "air raid", "abducted", "arrested", "suspect",
    "captured the suspect", "campaign", "sweeps", "airdrop", "men", "MEN", "women", "members",
    "movement", "civilians", "a council member", "officials", "children", "people", "mukhtar",
    "soldiers", "forces", "positions", "the", "in", "near", "Homs", "_men", "9men", "ſet",
]
SEPARATORS = [" ", " ", ", ", ". ", "; ", "-", "(", ") ", "\n", "_", "2"]


def _texts() -> list[str]:
    texts = generated_texts(WORDS, SEPARATORS, 600, seed=47, most_words=12)
    return texts + [t.upper() for t in texts[:80]]


def _classified(monkeypatch: pytest.MonkeyPatch, *, starts: bool, word_sets: bool = True
                ) -> list[events.EventType | None]:
    monkeypatch.setattr(guards, "USE_WORD_STARTS", starts)
    monkeypatch.setattr(guards, "USE_WORD_SETS", word_sets)
    events.classify_event.cache_clear()
    try:
        return [events.classify_event(t) for t in _texts()]
    finally:
        events.classify_event.cache_clear()


def test_events_classified_as_with_every_word_anywhere(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    plain = _classified(monkeypatch, starts=False, word_sets=False)
    assert _classified(monkeypatch, starts=False) == plain
    assert _classified(monkeypatch, starts=True) == plain
    kinds = {(e.event_type, e.sub_event_type) for e in plain if e is not None}
    assert len(kinds) >= 8
    assert sum(e is not None and e.event_type == "Violence against civilians"
               for e in plain) > 20


def test_each_match_holds_a_word_where_it_counts() -> None:
    guarded = [*events._RULE_PATTERNS, events._CIVILIAN_GUARDED]
    hit = set()
    for i, g in enumerate(guarded):
        for text in filter(str.isascii, _texts()):
            low = text.lower()
            for m in g.pattern.finditer(text):
                hit.add(i)
                assert any(_holds(low, m.start(), m.end(), w, w in g.starts) for w in g.words), \
                    (g.pattern.pattern, m)
    assert len(hit) >= len(guarded) - 1


def _holds(low: str, start: int, end: int, word: str, at_start: bool) -> bool:
    """Whether ``low[start:end]`` holds ``word`` (at the start of a word of ``low``, if
    ``at_start``)."""
    return any(low.startswith(word, k) and (
        not at_start or k == 0 or re.match(r"\W", low[k - 1]) is not None)
        for k in range(start, end - len(word) + 1))


def test_word_sets_count_start_words_only_at_a_word_start(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    lists = [("ied", "mine"), ("men",), ("air", "men")]
    sets = guards.WordSets(lists, [{"ied"}, {"men"}])
    for low, bits in [("died", 0), ("ied", 1), ("an ied", 1), ("landmine", 1), ("gunmen", 4),
                      ("men", 6), ("-men", 6), ("_men", 4), ("9men", 4), ("chair", 4),
                      ("a died ied", 1), ("", 0)]:
        assert sets.held(low) == bits, low
    monkeypatch.setattr(guards, "USE_WORD_STARTS", False)
    assert sets.held("died gunmen") == 7
