"""Offline gazetteer for conflict reporting: names, spellings, zones and corridors.

The public API is imported lazily, so ``import gazetteer`` stays light (no shapely,
geopandas or rapidfuzz until they are needed):

- :class:`Gazetteer` — ``Gazetteer.default()`` (embedded data), ``Gazetteer.load(home)``
  (the built store, else the embedded data), ``Gazetteer(places)``;
- :class:`GazetteerGeocoder` — a geopy-compatible geocoder over a :class:`Gazetteer`;
- :class:`Place`, :class:`Candidate`, :class:`Resolution`, :class:`Mention`,
  :class:`ResolveContext` — the data model;
- :func:`normalize_name`, :func:`phonetic_key` — spelling folding;
- :class:`NameIndex`, :func:`load_embedded`; the errors :class:`GazetteerError`,
  :class:`PlaceNotFoundError`, :class:`SourceFormatError`, :class:`StoreError`.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "GazetteerGeocoder",
    "Mention",
    "NameIndex",
    "Place",
    "PlaceNotFoundError",
    "Resolution",
    "ResolveContext",
    "SourceFormatError",
    "StoreError",
    "is_arabic",
    "load_embedded",
    "normalize_name",
    "phonetic_key",
]

_LAZY: dict[str, str] = {
    "Gazetteer": "gazetteer.gazetteer",
    "GazetteerGeocoder": "gazetteer.geocoder",
    "NameIndex": "gazetteer.index",
    "load_embedded": "gazetteer.embedded",
    "normalize_name": "gazetteer.normalize",
    "phonetic_key": "gazetteer.normalize",
    "is_arabic": "gazetteer.normalize",
    "Place": "gazetteer.model",
    "Candidate": "gazetteer.model",
    "Resolution": "gazetteer.model",
    "Mention": "gazetteer.model",
    "ResolveContext": "gazetteer.model",
    "GazetteerError": "gazetteer.errors",
    "PlaceNotFoundError": "gazetteer.errors",
    "SourceFormatError": "gazetteer.errors",
    "StoreError": "gazetteer.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
