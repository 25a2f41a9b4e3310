"""Answers of :mod:`mapper.guards` given without the pattern's own match (``holds``,
``first_span``) and with the last two lower-cased texts kept (``KEEP_TWO``) equal the
plain ones."""

from __future__ import annotations

import random

import pytest

import mapper.events as events
import mapper.extract as extract
import mapper.guards as guards
from tests.generated_text import generated_texts, random_strings

#: Words of event sentences in mixed case, with near misses of the rules' words ("died"
#: holds "ied", "controlled" holds "control") and words of the other guarded patterns.
WORDS = [
    "Airstrikes", "air", "AIRPORT", "warplanes", "jet", "shelled", "Shelling", "IED", "died",
    "landmine", "mines", "exploded", "bomb", "detonated", "abducted", "kidnapping", "arrested",
    "suspect", "looted", "set fire to", "burned houses", "regime forces regained", "retook",
    "took control of", "controlled", "overran", "clashes", "fighting", "fighters", "attack",
    "gunfire", "shot dead", "killed", "executed", "security campaign", "search operation",
    "deployed", "civilians", "a council member", "women", "men", "children", "soldiers",
    "SDF", "positions", "In total", "this attack", "It is worth noting", "renews its call",
    "Security Council", "the", "in", "near", "Homs", "and", "ſeveral", "Şehir",
]
SEPARATORS = [" ", " ", ", ", ". ", "; ", "-", "(", ") ", "\n"]


def _texts() -> list[str]:
    texts = generated_texts(WORDS, SEPARATORS, 500, seed=21, most_words=16)
    return texts + [t.upper() for t in texts[:60]] + [t.lower() for t in texts[:60]]


def test_first_span_is_the_span_of_the_first_match() -> None:
    found = 0
    for text in _texts():
        plain = events._RULES.first_match(text)
        span = events._RULES.first_span(text)
        assert span == (None if plain is None else (plain[0], *plain[1].span()))
        found += span is not None
    assert found > 300


def test_holds_is_whether_search_finds_a_match() -> None:
    guarded = [events._CIVILIAN_GUARDED, extract._BOILERPLATE_GUARDED,
               extract._FOLLOW_UP_GUARDED, extract._TALLY_WORDS_GUARDED,
               *events._RULE_PATTERNS]
    held = 0
    for text in _texts():
        for g in guarded:
            answer = g.holds(text)
            assert answer == (g.search(text) is not None)
            held += answer
    assert held > 500


def test_events_classified_alike_with_the_plain_searches(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    def classify(folded: bool) -> list[object]:
        monkeypatch.setattr(guards, "USE_FOLDED", folded)
        events.classify_event.cache_clear()
        return [events.classify_event(t) for t in _texts()]

    plain = classify(False)
    assert classify(True) == plain
    assert sum(e is not None and e.event_type == "Violence against civilians"
               for e in plain) > 10
    events.classify_event.cache_clear()


def test_two_texts_kept_lower_case_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(5)
    pool = random_strings(rnd, "aBc Dé\u017f.", 12, 0, 6) + ["", "ABC", "abc", "ABC"]
    asked = [rnd.choice(pool) for _ in range(3000)]
    asked += [s[:] + "" for s in asked[:200]]  # equal texts that are other objects

    def lowered(keep_two: bool) -> list[str | None]:
        monkeypatch.setattr(guards, "KEEP_TWO", keep_two)
        monkeypatch.setattr(guards, "_last", ("", ""))
        monkeypatch.setattr(guards, "_before", ("", ""))
        return [guards.lower_ascii(t) for t in asked]

    plain = lowered(False)
    assert plain == [t.lower() if t.isascii() else None for t in asked]
    assert lowered(True) == plain
