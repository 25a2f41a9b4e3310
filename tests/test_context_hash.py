"""A resolve context keeps its hash: the same hash as the fields', never carried by a
pickle or a copy, and the same answers with the shortcut switched off and on. Every note
is written for these tests.
"""

from __future__ import annotations

import copy
import pickle

import pytest
from switch_cases import same_with_and_without

import gazetteer.model as model
from gazetteer.model import ResolveContext

NOTES = [
    "Clashes took place near Palmyra in Homs province.",
    "Shelling hit the countryside of Saraqib, Idlib.",
    "Airstrikes hit Al-Sukhnah and Arak in Homs governorate, near Palmyra.",
    "Regime forces shelled Kafr Nabl and Saraqib in Idlib province.",
    "Gunmen fired on a car in western Deir Ezzor.",
]


def _contexts() -> list[ResolveContext]:
    return [ResolveContext(),
            ResolveContext(governorate_pcodes=frozenset({"SY04", "SY07"})),
            ResolveContext(near=((38.27, 34.55), (-0.0, 0.0)), place_ids=frozenset({"a"})),
            ResolveContext(district_pcodes=frozenset({"SY0403"}),
                           subdistrict_pcodes=frozenset({"SY040300"}))]


def _fields_hash(context: ResolveContext) -> int:
    return hash((context.governorate_pcodes, context.near, context.place_ids,
                 context.district_pcodes, context.subdistrict_pcodes))


@pytest.mark.parametrize("keep", [False, True])
def test_hash_is_the_fields_hash(monkeypatch: pytest.MonkeyPatch, keep: bool) -> None:
    monkeypatch.setattr(model, "_KEEP_CONTEXT_HASH", keep)
    for context in _contexts():
        assert hash(context) == _fields_hash(context)
        assert hash(context) == _fields_hash(context)  # kept, or worked out again
        twin = ResolveContext(**{name: getattr(context, name)
                                 for name in context.__dataclass_fields__})
        assert twin == context and hash(twin) == hash(context)


def test_kept_hash_not_carried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "_KEEP_CONTEXT_HASH", True)
    for context in _contexts():
        hash(context)
        for other in (pickle.loads(pickle.dumps(context)), copy.copy(context),
                      copy.deepcopy(context)):
            assert not hasattr(other, "_hash")  # worked out again where it is used
            assert other == context and hash(other) == _fields_hash(context)
        assert repr(context).count("_hash") == 0


def test_same_answers_with_and_without(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "_KEEP_CONTEXT_HASH", model._KEEP_CONTEXT_HASH)
    same_with_and_without(monkeypatch, NOTES,
                          lambda on: setattr(model, "_KEEP_CONTEXT_HASH", on))
