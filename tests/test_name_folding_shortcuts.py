"""Shortcuts of name folding (gazetteer.normalize) must fold every name as the plain steps
they replace: written names and random strings, each shortcut on and off."""

from __future__ import annotations

import itertools
import random

import pytest

import gazetteer.normalize as normalize_mod
from gazetteer import Gazetteer
from tests.generated_text import random_strings

#: Names in every shape the word split meets: articles alone and in every place, hyphens,
#: apostrophes inside, doubled and at the ends, backticks, underscores, digits, Arabic with
#: its marks and tatweel, letters that fold to nothing or to two.
NAMES = [
    "Al", "al-", "-al-", "Al Al", "as", "The al", "al Bab", "Bab al", "al-Bab al-Kabir",
    "Tal`Abyad", "Ma'arrat an-Nu'man", "a'b", "x'", "'x", "a''b", "a'`b", "`Ayn", "Ayn`",
    "Deir ez-Zor", "Dayr az  Zawr", "Deir_ez_Zor", "T4 airbase", "M5-M4", "4th", "_", "",
    "  ", "دير الزُّور", "ال", "الـرقة", "ء", "Ḥamāh", "Kafr Nabl / كفر نبل", "Ölçek ß İ",
    "Jisr ash-Shughur's", "al\u00a0Bab", "Sheikh\tMaqsoud", "al’Bab", "al‘Bab", "Tell´Abyad",
]


def _names() -> list[str]:
    rnd = random.Random(11)
    names = set(NAMES)
    for place in Gazetteer.default().places:
        names.update(place.names or (place.name,))
    alphabet = "abcdelstzAL'`’ʿ-_ .,ـءéإاللبab١2"
    names.update(random_strings(rnd, alphabet, 20000, 0, 16))
    return sorted(names)


def test_name_words_alone_fold_names_as_their_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    fold = normalize_mod.normalize_name.__wrapped__
    names = _names()
    monkeypatch.setattr(normalize_mod, "_WORDS_ALONE", False)
    plain = [fold(name) for name in names]
    monkeypatch.setattr(normalize_mod, "_WORDS_ALONE", True)
    assert [fold(name) for name in names] == plain


def _every_rule(word: str) -> str:
    for pattern, repl in normalize_mod._RULES:
        word = pattern.sub(repl, word)
    return word


def test_letters_folded_by_plain_strings_as_by_every_rule() -> None:
    letters = "tschdjzkgpqaeiouyx"
    words = ["".join(t) for n in range(5) for t in itertools.product(letters, repeat=n)]
    rnd = random.Random(5)
    words += ["".join(rnd.choice(letters + "lmnrbw") for _ in range(rnd.randint(5, 16)))
              for _ in range(20000)]
    for word in words:
        assert normalize_mod._fold_letters(word) == _every_rule(word), word


def test_phonetic_words_by_plain_rules_equal_the_needled_rules(
        monkeypatch: pytest.MonkeyPatch) -> None:
    fold = normalize_mod._phonetic_word.__wrapped__
    words = sorted({w for name in _names() for w in normalize_mod.normalize_name(name).split()})
    for first in (False, True):
        monkeypatch.setattr(normalize_mod, "_PLAIN_RULES", False)
        plain = [fold(w, first) for w in words]
        monkeypatch.setattr(normalize_mod, "_PLAIN_RULES", True)
        assert [fold(w, first) for w in words] == plain
