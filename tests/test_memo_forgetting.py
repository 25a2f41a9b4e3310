"""Memos that forget everything at once when full: the answers are the same whether a
memo keeps them all or forgets them every few entries (an answer is a function of its key
alone), and no memo grows past its size. Every note is written for these tests.
"""

from __future__ import annotations

import pytest
from switch_cases import same_with_and_without

import gazetteer.gazetteer as gazetteer_mod
import mapper.locate_memo as locate_memo
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded
from gazetteer.model import ResolveContext
from mapper.schema import PlaceExpression

NOTES = [
    "Clashes took place near Palmyra in Homs province.",
    "Shelling hit the countryside of Saraqib, Idlib.",
    "An IED exploded on the Homs-Palmyra road.",
    "Regime forces shelled Kafr Nabl and Saraqib in Idlib province.",
    "Airstrikes hit Al-Sukhnah and Arak in Homs governorate, near Palmyra.",
    "Gunmen fired on a car in western Deir Ezzor.",
    "Clashes took place in Tal Rifaat in Aleppo governorate.",
    "A landmine exploded near Khan Shaykhun in Hama province.",
    "Shelling hit Kafr Nabl again.",
]

#: Sizes small enough that the notes above fill each memo many times.
SMALL = 3


def _small_memos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locate_memo, "MEMO_SIZE", SMALL)
    monkeypatch.setattr(gazetteer_mod, "_RESOLVE_MEMO_SIZE", SMALL)
    monkeypatch.setattr(gazetteer_mod, "_HITS_MEMO_SIZE", SMALL)


def test_forgetting_changes_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = (locate_memo.MEMO_SIZE, gazetteer_mod._RESOLVE_MEMO_SIZE,
             gazetteer_mod._HITS_MEMO_SIZE)

    def switch(small: bool) -> None:
        if small:
            _small_memos(monkeypatch)
        else:
            monkeypatch.setattr(locate_memo, "MEMO_SIZE", sizes[0])
            monkeypatch.setattr(gazetteer_mod, "_RESOLVE_MEMO_SIZE", sizes[1])
            monkeypatch.setattr(gazetteer_mod, "_HITS_MEMO_SIZE", sizes[2])

    same_with_and_without(monkeypatch, NOTES, switch)


def test_memos_stay_within_their_size(monkeypatch: pytest.MonkeyPatch) -> None:
    _small_memos(monkeypatch)
    gaz = Gazetteer(load_embedded())
    context = ResolveContext(governorate_pcodes=frozenset({"SY04"}))
    names = ["Palmyra", "Saraqib", "Kafr Nabl", "Arak", "Homs", "Idlib", "Palmyra"]
    for name in names:
        for ctx in (None, context):
            first = gaz.resolve(name, context=ctx)
            assert gaz.resolve(name, context=ctx) is first  # remembered
            assert gaz.candidates(name, context=ctx) == gaz.candidates(name, context=ctx)
            assert len(gaz._resolve_memo) <= SMALL
            assert len(gaz._hits_memo) <= SMALL
    for name in names:
        expr = PlaceExpression(f"near {name}", 0, 5 + len(name), "near", [name])
        found = locate_memo.locate_shared(expr, gaz, context=context)
        assert locate_memo.locate_shared(expr, gaz, context=context) is found
        assert len(locate_memo._MEMOS.of(gaz)) <= SMALL
