"""The reading records' ``__init__`` by slots (gazetteer.model.init_by_slots) makes the
same objects as the ``__init__`` dataclasses generate."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from gazetteer.model import GENERATED_INITS
from mapper.dates import Anchor
from mapper.events import EventType
from mapper.numbers import Quantity

#: (record, positional arguments, keyword arguments): all fields given, defaults left
#: out, fields given by keyword.
CASES: list[tuple[type, tuple[Any, ...], dict[str, Any]]] = [
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
    assert hash(made) == hash(expected)
    for f in dataclasses.fields(cls):
        assert getattr(made, f.name) is getattr(expected, f.name), f.name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, None)


@pytest.mark.parametrize("cls", [Anchor, EventType, Quantity])
def test_same_parameters_as_generated_init(cls: type) -> None:
    """Same names, kinds and defaults (a field added to a record must be added to its
    ``__init__`` by slots too)."""
    assert cls.__init__ is not GENERATED_INITS[cls]
    ours = inspect.signature(cls.__init__).parameters
    theirs = inspect.signature(GENERATED_INITS[cls]).parameters
    assert list(ours) == list(theirs)
    for name, param in ours.items():
        assert param.kind == theirs[name].kind
        assert param.default == theirs[name].default, name
