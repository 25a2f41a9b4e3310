"""Incident mapper: conflict reports to maps and GIS files.

The public Python API is imported lazily, so ``import mapper`` stays fast:

- :func:`extract_incidents` — report text to located incidents;
- :func:`map_reports` — report files to ``incidents.geojson`` and ``map.html``.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["extract_incidents", "map_reports", "__version__"]

_LAZY = {
    "extract_incidents": "mapper.extract",
    "map_reports": "mapper.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mapper' has no attribute {name!r}")
