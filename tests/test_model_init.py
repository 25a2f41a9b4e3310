"""The records' ``__init__`` by slots (gazetteer.model.init_by_slots: the gazetteer's
records, and the reading's anchors, event types and quantities) makes the same objects as
the ``__init__`` dataclasses generate."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest
from shapely.geometry import Point

from gazetteer.index import Hit
from gazetteer.model import (
    GENERATED_INITS,
    Candidate,
    Mention,
    Place,
    Resolution,
    ResolveContext,
)
from mapper.dates import Anchor
from mapper.events import EventType
from mapper.numbers import Quantity

_PLACE = Place("place:a", "A", "town", 35.5, 38.25, ("A", "Al-A"), "SY01", "SY0100",
               "SY010000", 1200, "wof", "wof:1", None, {"seat_of": "SY0100"})
_CANDIDATE = Candidate(_PLACE, "Al-A", "normalized", 0.97)

#: (record, positional arguments, keyword arguments): all fields given, defaults left
#: out, fields given by keyword.
CASES: list[tuple[type, tuple[Any, ...], dict[str, Any]]] = [
    (Place, ("zone:b", "B desert", "zone", 34.0, 39.5, ("B desert",), "SY04", None, None,
             None, "embedded", None, Point(39.5, 34.0), {"area": 1}), {}),
    (Place, ("place:c", "C", "village", 36.0, 37.0), {}),
    (Place, ("place:d", "D", "city", 33.5, 36.3), {"population": 5, "attributes": None}),
    (Candidate, (_PLACE, "A", "exact", 1.0), {}),
    (Candidate, (), {"place": _PLACE, "matched_name": "A", "match": "fuzzy", "score": 0.6}),
    (Resolution, ("A", _CANDIDATE, (_CANDIDATE,)), {}),
    (Resolution, ("nothing", None), {}),
    (Mention, (3, 8, "Al-A", "a", ("place:a", "wof:1")), {}),
    (ResolveContext, (frozenset({"SY01"}), ((38.2, 35.5),), frozenset({"place:a"}),
                      frozenset({"SY0100"}), frozenset({"SY010000"})), {}),
    (ResolveContext, (), {"near": ((36.0, 33.0),)}),
    (ResolveContext, (), {}),
    (Hit, (4, "Al-A", "skeleton", 0.8571), {}),
    (Anchor, (), {}),
    (Anchor, (2021, 3, 31, "caller"), {}),
    (Anchor, (2020,), {"source": "text"}),
    (Anchor, (), {"month": 12, "day": 30}),
    (Quantity, (3, 14, "nearly 155", 155, "approx", False), {}),
    (Quantity, (0, 6, "dozens", 12), {"vague": True, "qualifier": "at_least"}),
    (Quantity, (5, 7, "39", 39), {}),
    (EventType, ("Battles", "Armed clash", "clashes", 12), {}),
    (EventType, (), {"event_type": "Riots", "sub_event_type": "Mob violence",
                     "trigger": "mob", "start": 0}),
]


def _generated(cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The record made by the ``__init__`` its dataclass generated."""
    obj = object.__new__(cls)
    GENERATED_INITS[cls](obj, *args, **kwargs)
    return obj


@pytest.mark.parametrize("cls,args,kwargs", CASES)
def test_same_record_as_generated_init(cls: type, args: tuple[Any, ...],
                                       kwargs: dict[str, Any]) -> None:
    made = cls(*args, **kwargs)
    expected = _generated(cls, args, kwargs)
    assert made == expected
    assert repr(made) == repr(expected)
    for f in dataclasses.fields(cls):
        got, want = getattr(made, f.name), getattr(expected, f.name)
        if f.default_factory is dataclasses.MISSING:
            assert got is want, f.name  # the very objects given, or the same defaults
        else:
            assert got == want, f.name
    if cls is not Place:
        assert hash(made) == hash(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, None)


@pytest.mark.parametrize("cls", sorted({c for c, _, _ in CASES}, key=lambda c: c.__name__))
def test_same_parameters_as_generated_init(cls: type) -> None:
    """Same names, kinds and defaults (a field added to a record must be added to its
    ``__init__`` by slots too); a default factory gives a new object each time."""
    assert cls.__init__ is not GENERATED_INITS[cls]
    ours = inspect.signature(cls.__init__).parameters
    theirs = inspect.signature(GENERATED_INITS[cls]).parameters
    assert list(ours) == list(theirs)
    factories = {f.name for f in dataclasses.fields(cls)
                 if f.default_factory is not dataclasses.MISSING}
    for name, param in ours.items():
        assert param.kind == theirs[name].kind
        if name not in factories:
            assert param.default is theirs[name].default or param.default == theirs[
                name].default, name
    if factories:
        args = next(a for c, a, k in CASES if c is cls and not k and len(a) < 6)
        first, second = cls(*args), cls(*args)
        for name in factories:
            assert getattr(first, name) == getattr(_generated(cls, args, {}), name)
            assert getattr(first, name) is not getattr(second, name)
