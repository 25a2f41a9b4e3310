"""The words of the date kinds, of the guards of every sentence, of a singular victim and
of the event rules looked for once in a whole report (:class:`mapper.guards.SpanWords`,
``_WORDS_ONCE``): each part holds the words a search of that part finds, and reports and
notes written for these tests are read as with the words looked for in each sentence."""

from __future__ import annotations

import random
from typing import Any

import pytest

import mapper.events as events
import mapper.extract as extract
import mapper.guards as guards
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded
from tests.generated_text import generated_texts, spans_of

#: Words of the guards with words that hold them inside others ("died", "gunmen",
#: "settlement", "chair"), date words, and words of no guard.
WORDS = [
    "IED", "died", "landmine", "men", "gunmen", "women", "settlement", "set fire to", "air",
    "chair", "airstrikes", "clashes", "killed", "shot dead", "civilians", "took control of",
    "this attack", "that", "worth", "renews its call", "Security Council", "subscribe",
    "on 3 May", "2018", "yesterday", "Monday", "the past week", "in", "Homs", "_ied", "9men",
]
SEPARATORS = [" ", " ", ", ", ". ", "; ", "-", "(", "\n", "_"]

#: Reports and notes: several sentences, clauses, figures, a heading and bullets, words of
#: the guards at the start of sentences and inside words, and a non-ASCII one.
TEXTS = [
    "Clashes took place between regime forces and ISIS near Al-Sukhnah.",
    "IS gunmen attacked Tadmur. Died: 3 soldiers. Men of the SDF shelled Arak; 2 died.",
    "Regime warplanes struck Kafr Nabl, killing 4 civilians, while gunmen killed 2 men.",
    "Security Council session. Regime forces renew their call. Airstrikes hit Jisr al-Shughur.",
    "Gunmen shot dead a council member in Daraa. During this attack 2 women were injured.",
    "Landmine exploded near Palmyra, killing a shepherd. The settlement was shelled.",
    "Summary\n\nArmed men kidnapped 3 men in Raqqa.\n\n- Idlib: 4 killed in shelling.\n"
    "- Homs: 2 killed in airstrikes.\n",
    "On 3 May 2018, an IED killed 2 people in Deir ez-Zor. It is worth noting that IS "
    "took control of the village. That attack killed 5 more.",
    "Fighters overran a checkpoint near Homs; 5 fighters were killed. Set fire to homes.",
    "An IED exploded in Dārayyā, killing 2 soldiers. Gunmen killed 3 civilians.",
    "ied: 2 killed. chair: an airstrike. men were killed. women protested.",
    "Security Council: airstrikes killed 5 civilians in Homs. IS renews its vows.",
    "Airstrikes hit Arak. In this attack, regime forces shelled Tadmur on 4 May 2018.",
    "Shelling hit Arak on 2 June, while IS executed a man. A soldier was killed in Homs.",
    "Summary\n\n- Idlib: gunmen killed a child.\n- Homs: one woman was injured by shelling.\n",
]


def test_parts_hold_the_words_their_own_search_finds(monkeypatch: pytest.MonkeyPatch
                                                     ) -> None:
    texts = [t.lower() for t in generated_texts(WORDS, SEPARATORS, 300, seed=8, most_words=24)]
    sets = extract._TEXT_WORDS
    held = 0
    for starts in (True, False):
        monkeypatch.setattr(guards, "USE_WORD_STARTS", starts)
        for low in texts:
            assert low.isascii()
            words = sets.spans(low)
            assert words.whole == sets.held(low)
            for text, start, end in spans_of([low], seed=len(low)):
                assert words.held(start, end) == sets.held(text[start:end]), (text, start)
                held += words.held(start, end) != 0
    assert held > 500


def test_part_hits_found_by_bisection_as_by_a_pass() -> None:
    rng = random.Random(3)
    sets = guards.WordSets([("ab", "b"), ("ba",), ("abc",)], [(), ("ba",)])
    for _ in range(300):
        low = "".join(rng.choice("abc _") for _ in range(rng.randint(0, 80)))
        words = sets.spans(low)
        for _ in range(10):
            start = rng.randint(0, len(low))
            end = rng.randint(start, len(low))
            assert words.held(start, end) == sets.held(low[start:end]), (low, start, end)


def _records(text: str, gaz: Any, note: bool) -> list[tuple[dict[str, Any], Any]]:
    return [(i.properties(), i.location.point if i.location else None)
            for i in extract.extract_incidents(text, gazetteer=gaz, note=note,
                                               report_date="2018-03-20")]


@pytest.mark.parametrize("note", [True, False])
def test_reports_read_as_with_the_words_looked_for_in_each_sentence(
        monkeypatch: pytest.MonkeyPatch, note: bool) -> None:
    texts = TEXTS + [t.upper() for t in TEXTS[:4]]

    def read(once: bool) -> list[Any]:
        monkeypatch.setattr(extract, "_WORDS_ONCE", once)
        events.classify_event.cache_clear()
        gaz = Gazetteer(load_embedded())
        return [_records(t, gaz, note) for t in texts]

    plain = read(False)
    assert read(True) == plain
    events.classify_event.cache_clear()
    records = [r for rs in plain for r in rs]
    assert len(records) >= len(texts)
    assert len({r[0]["sub_event_type"] for r in records}) >= 4
    assert sum(r[0]["event_type"] == "Violence against civilians" for r in records) >= 1
