"""The GeoJSON writer the derive_* tools share: one feature per line, coordinates rounded.

The tools are scripts, not a package; each puts its own folder on ``sys.path`` (Python does
when a script is run) and imports this module as a sibling.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shapely.geometry import mapping

#: Decimal places of coordinates in the embedded data files (~1 m).
PRECISION = 5


def round_coords(obj: Any, precision: int = PRECISION) -> Any:
    """Round every float in a nested coordinate list."""
    if isinstance(obj, (list, tuple)):
        return [round_coords(v, precision) for v in obj]
    if isinstance(obj, float):
        return round(obj, precision)
    return obj


def write_features(features: list[dict[str, Any]], path: Path,
                   precision: int = PRECISION) -> None:
    """Write a GeoJSON FeatureCollection, one feature per line, coordinates rounded.

    Each feature is a dict with ``properties`` and a shapely ``geometry``.
    """
    lines = []
    for feat in features:
        geometry = dict(mapping(feat["geometry"]))
        geometry["coordinates"] = round_coords(geometry["coordinates"], precision)
        record = {"type": "Feature", "properties": feat["properties"], "geometry": geometry}
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
        encoding="utf-8",
    )
