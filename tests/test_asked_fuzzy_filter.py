"""A fuzzy lookup asked for before is filtered to the wanted types without the types'
pre-test (:data:`gazetteer.gazetteer._FILTER_ASKED_FUZZY`): the same candidates as a
gazetteer that tests every time, whatever types asked first."""

from __future__ import annotations

import pytest

import gazetteer.gazetteer as gazetteer_mod
from gazetteer import Gazetteer
from gazetteer.model import ResolveContext

#: Misspelt, run-together and unknown names (fuzzy matches of towns, governorates,
#: regions and none), some with a type word.
NAMES = ["Sukhnahh", "Palmirya", "Aleppro", "Idlebz", "Homs Desertx", "Eastern Ghoutax",
         "Deir ez Zorx", "Kabajebx", "Jabal al Akradx", "Deir Ezzorx province", "Hamax gov",
         "Badiax", "Qalamounx", "Daraax", "Rif Dimashqx", "Hommss", "Nowhereville"]
#: Feature types asked for, in turns: points, areas, governorates, any.
TYPES = [{"town", "city", "village"}, {"district", "region", "subdistrict", "zone"},
         {"governorate"}, None, {"zone"}]


def _every(gaz: Gazetteer, order: list) -> list:
    context = ResolveContext(governorate_pcodes=frozenset({"SY04"}))
    return [gaz.candidates(n, feature_types=t, context=c, limit=lim)
            for n in NAMES for t in order for c in (None, context) for lim in (1, 5)]


@pytest.mark.parametrize("turn", range(len(TYPES)))
def test_asked_fuzzy_lookup_filtered_as_tested(monkeypatch: pytest.MonkeyPatch,
                                               turn: int) -> None:
    places = Gazetteer.default().places
    order = TYPES[turn:] + TYPES[:turn]  # each types asked first once
    monkeypatch.setattr(gazetteer_mod, "_FILTER_ASKED_FUZZY", False)
    plain = _every(Gazetteer(places), order)
    monkeypatch.setattr(gazetteer_mod, "_FILTER_ASKED_FUZZY", True)
    fast = Gazetteer(places)
    for _ in range(2):  # asked, then remembered
        assert _every(fast, order) == plain
    assert fast._asked_fuzzy
    assert any(c.match == "fuzzy" for cands in plain for c in cands)
