"""Plot incidents along a highway corridor, by kilometre (linear referencing).

The figure has the corridor on a small map above and, below it, each incident at its
kilometre along the road: points at the kilometre of their nearest road point, road
segments as bars from where they start to where they end. Marker size follows fatalities,
colour the date; the waypoint towns are marked on the kilometre axis.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mapper.errors import InputError

log = logging.getLogger(__name__)

#: Incidents farther than this from the road are left off the plot.
DEFAULT_MAX_DISTANCE_KM = 25.0


@dataclass(slots=True)
class RoadPosition:
    """Where one incident falls along the corridor."""

    km_start: float
    km_end: float
    distance_km: float
    fatalities: int
    when: date | None
    label: str


def find_corridor(gazetteer: Any, name: str) -> Any:
    """The corridor called ``name`` (a place id, a name or an alias such as ``M20``).

    Raises
    ------
    InputError
        When no corridor has that name; the message lists those that exist.
    """
    from gazetteer.errors import PlaceNotFoundError

    if name.startswith("corridor:"):
        try:
            return gazetteer.corridor(name)
        except (PlaceNotFoundError, KeyError):
            pass
    resolution = gazetteer.resolve(name, feature_types={"corridor"})
    if resolution.place is not None and resolution.place.feature_type == "corridor":
        return gazetteer.corridor(resolution.place.place_id)
    known = ", ".join(f"{c.name} ({c.place_id})" for c in gazetteer.corridors())
    raise InputError(f"no corridor called {name!r}; corridors: {known}")


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10 or value.startswith("--"):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def positions_along(corridor: Any, features: list[dict[str, Any]], *,
                    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM) -> list[RoadPosition]:
    """Linear-reference incident features onto the corridor.

    Points (and the representative points of anything that is not a line) are placed at
    the kilometre of the nearest point of the road; lines at the kilometres of their two
    ends. Features farther than ``max_distance_km`` from the road, and areas, are skipped.
    """
    from shapely.geometry import shape

    out: list[RoadPosition] = []
    for f in features:
        geom_json = f.get("geometry")
        props = f.get("properties") or {}
        if not geom_json:
            continue
        geom = shape(geom_json)
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            continue
        if geom.geom_type in ("LineString", "MultiLineString"):
            coords = [c for part in getattr(geom, "geoms", [geom]) for c in part.coords]
            ends = [coords[0], coords[-1]]
            dist = min(corridor.distance_km(*c) for c in ends)
            kms = sorted(corridor.km_at(*c) for c in ends)
        else:
            p = geom.representative_point()
            dist = corridor.distance_km(p.x, p.y)
            kms = [corridor.km_at(p.x, p.y)] * 2
        if dist > max_distance_km:
            continue
        label = str(props.get("place") or props.get("location") or props.get("id") or "")
        out.append(RoadPosition(kms[0], kms[1], dist, int(props.get("fatalities") or 0),
                                _parse_date(props.get("date")), label))
    return out


def plot_corridor(corridor: Any, features: list[dict[str, Any]], path: str | Path, *,
                  gazetteer: Any = None, title: str | None = None,
                  max_distance_km: float = DEFAULT_MAX_DISTANCE_KM) -> tuple[Path, int]:
    """Draw the corridor figure to ``path`` (``.png`` or ``.svg``).

    Returns
    -------
    (path, n)
        The file written and the number of incidents placed on the road.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import cm, colors

    target = Path(path)
    if target.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"{target}: the plot is written as .png or .svg")
    placed = positions_along(corridor, features, max_distance_km=max_distance_km)
    fig, (ax_map, ax_km) = plt.subplots(
        2, 1, figsize=(11, 7.5), gridspec_kw={"height_ratios": [3, 2]})
    # the small map: governorates, the road, its towns, the incidents near it
    if gazetteer is not None:
        for gov in gazetteer.governorates():
            for poly in getattr(gov.geometry, "geoms", [gov.geometry]):
                x, y = poly.exterior.xy
                ax_map.plot(x, y, color="#bbbbbb", lw=0.6, zorder=1)
    x, y = corridor.line.xy
    ax_map.plot(x, y, color="#444444", lw=2.5, zorder=2)
    for place, _km in corridor.waypoint_km:
        ax_map.plot(place.lon, place.lat, "o", color="black", ms=3, zorder=3)
        ax_map.annotate(place.name, (place.lon, place.lat), fontsize=7,
                        xytext=(3, 3), textcoords="offset points")
    minx, miny, maxx, maxy = corridor.line.bounds
    pad = 0.4
    ax_map.set_xlim(minx - pad, maxx + pad)
    ax_map.set_ylim(miny - pad, maxy + pad)
    mid_lat = (miny + maxy) / 2
    ax_map.set_aspect(1 / math.cos(math.radians(mid_lat)), adjustable="box")
    ax_map.set_title(title or f"{corridor.place.name}: {len(placed)} incidents within "
                     f"{max_distance_km:g} km of the road")
    ax_map.set_xlabel("longitude")
    ax_map.set_ylabel("latitude")

    dated = [p.when.toordinal() for p in placed if p.when]
    norm = colors.Normalize(min(dated), max(dated) if max(dated) > min(dated) else min(dated)
                            + 1) if dated else colors.Normalize(0, 1)
    cmap = matplotlib.colormaps["viridis"]
    for i, p in enumerate(placed):
        colour = cmap(norm(p.when.toordinal())) if p.when else "#999999"
        size = 20 + 6 * p.fatalities
        level = (i % 5) + 1
        if p.km_end - p.km_start > 1:
            ax_km.plot([p.km_start, p.km_end], [level, level], color=colour, lw=4,
                       solid_capstyle="butt", alpha=0.8)
        else:
            ax_km.scatter([p.km_start], [level], s=size, color=colour, edgecolor="black",
                          linewidth=0.4, zorder=3)
        pt = corridor.point_at((p.km_start + p.km_end) / 2)
        ax_map.scatter([pt[0]], [pt[1]], s=size, color=colour, edgecolor="black",
                       linewidth=0.4, zorder=4)
    for place, km in corridor.waypoint_km:
        ax_km.axvline(km, color="#cccccc", lw=0.8, zorder=0)
        ax_km.text(km, 6.2, place.name, rotation=60, fontsize=7, ha="left", va="bottom")
    ax_km.set_xlim(-5, corridor.length_km + 5)
    ax_km.set_ylim(0, 6)
    ax_km.set_yticks([])
    ax_km.set_xlabel(f"km along {corridor.place.name} (from {corridor.waypoint_km[0][0].name})")
    if dated:
        sm = cm.ScalarMappable(norm=norm, cmap=cmap)
        bar = fig.colorbar(sm, ax=ax_km, orientation="vertical", pad=0.01)
        ticks = bar.get_ticks()
        bar.set_ticks(ticks)
        bar.set_ticklabels([date.fromordinal(int(t)).isoformat() for t in ticks])
        bar.set_label("date")
    fig.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.stem}.tmp{target.suffix}")
    fig.savefig(tmp, dpi=130)
    plt.close(fig)
    tmp.replace(target)
    return target, len(placed)
