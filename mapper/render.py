"""The layered HTML map: one self-contained file that works with no network.

:func:`render_map` writes a folium/Leaflet page with Leaflet, markercluster and jQuery
inlined (:mod:`mapper.offline_assets`), an offline basemap drawn from the gazetteer
(:mod:`mapper.basemap`, :mod:`mapper.map_layers`), switchable incident layers (governorates,
desert zones, zone-level tallies, event types), a governorate choropleth, a legend, a date
filter and popups — all incident drawing done in the browser from one JSON blob
(:mod:`mapper.map_data`, :mod:`mapper.map_script`), so 20,000 incidents stay fast.

Geometry is drawn as precisely as it is known: a town point is a marker; a point with an
uncertainty radius is a marker with a dashed circle; a road segment a thick coloured line;
a zone or governorate a shaded polygon with a dashed outline, never a pin.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from mapper.map_data import EVENT_COLORS, MapData, build_map_data, class_breaks, safe_json

log = logging.getLogger(__name__)

#: Centre and zoom of the initial view when nothing else is known (Syria).
SYRIA_CENTER = (35.0, 38.5)
SYRIA_BOUNDS = ((32.3, 35.7), (37.35, 42.4))
MAX_ZOOM = 18


def _swatch(kind: str, color: str) -> str:
    c = html.escape(color)
    shapes = {
        "point": f'<circle cx="9" cy="9" r="5" fill="{c}" stroke="#fff" stroke-width="1.5"/>',
        "near": (f'<circle cx="9" cy="9" r="8" fill="{c}" fill-opacity=".1" stroke="{c}" '
                 f'stroke-dasharray="3 2"/><circle cx="9" cy="9" r="3.5" fill="#fff" '
                 f'stroke="{c}" stroke-width="2"/>'),
        "line": f'<path d="M1 14 L17 4" stroke="{c}" stroke-width="5" stroke-linecap="round"/>',
        "area": (f'<rect x="1.5" y="3.5" width="15" height="11" fill="{c}" fill-opacity=".2" '
                 f'stroke="{c}" stroke-width="1.5" stroke-dasharray="3 2"/>'),
        "fill": f'<rect x="1.5" y="3.5" width="15" height="11" fill="{c}" stroke="#777"/>',
    }
    return f'<svg width="18" height="18" aria-hidden="true">{shapes[kind]}</svg>'


def _row(swatch: str, text: str) -> str:
    return f'<div class="row">{swatch}<span>{html.escape(text)}</span></div>'


def legend_html(data: MapData, breaks: dict[str, list[int]], colors: tuple[str, ...]) -> str:
    """The legend (fixed in the bottom-right corner); every text escaped."""
    parts = ['<div class="im-legend" id="im-legend"><h4>Event type</h4>']
    for f in data.type_facets:
        parts.append(_row(_swatch("point", f.color or "#6b6b6b"), f"{f.label} ({f.count})"))
    parts.append("<h4>Location precision</h4>")
    grey = "#555555"
    parts.append(_row(_swatch("point", grey), "Town or site (geo_precision 1)"))
    parts.append(_row(_swatch("near", grey), "Near a place: ± uncertainty_km (2)"))
    parts.append(_row(_swatch("line", grey), "Road segment (corridor)"))
    parts.append(_row(_swatch("area", grey), "Zone or governorate: somewhere inside (3)"))
    parts.append(_row(_swatch("area", "#6a3d9a"), "Zone-level tally"))
    for metric, title in (("incidents", "Incidents per governorate"),
                          ("fatalities", "Killed per governorate")):
        b = breaks.get(metric) or []
        if not b:
            continue
        parts.append(f"<h4>{html.escape(title)}</h4>")
        cols = colors[-len(b):]
        for i, lo in enumerate(b):
            hi = b[i + 1] - 1 if i + 1 < len(b) else None
            text = f"{lo}" if hi == lo else (f"{lo}–{hi}" if hi is not None else f"{lo}+")
            parts.append(_row(_swatch("fill", cols[i]), text))
    parts.append(f'<div class="im-id">{data.unlocated} not located (not drawn) · '
                 f'{data.undated} undated</div></div>')
    return "".join(parts)


def _engine(place_groups: list[Any], type_groups: list[Any], data_id: str,
            options: dict[str, Any]) -> Any:
    from branca.element import MacroElement
    from jinja2 import Template

    class IncidentLayers(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "IncidentMap.init({{ this._parent.get_name() }}, {{ this.data_id|tojson }}, "
            "{place: [{{ this.place_vars }}], type: [{{ this.type_vars }}]}, "
            "{{ this.options_js }});\n"
            "{% endmacro %}")

        def __init__(self) -> None:
            super().__init__()
            self._name = "IncidentLayers"
            self.data_id = data_id
            self.place_vars = ", ".join(g.get_name() for g in place_groups)
            self.type_vars = ", ".join(g.get_name() for g in type_groups)
            self.options_js = safe_json(options)

    return IncidentLayers()


def _setup() -> Any:
    from branca.element import MacroElement
    from jinja2 import Template

    class Setup(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "IncidentMap.setup({{ this._parent.get_name() }});\n"
            "{% endmacro %}")

        def __init__(self) -> None:
            super().__init__()
            self._name = "IncidentMapSetup"

    return Setup()


def build_map(features: list[dict[str, Any]], *, gazetteer: Any = None,
              title: str = "Incident map") -> Any:
    """The folium map of ``features`` (see :func:`render_map`), not yet written.

    Returns
    -------
    folium.Map
    """
    import folium

    from mapper import map_layers as ml
    from mapper.basemap import load_basemap
    from mapper.map_script import MAP_CSS, RUNTIME_JS
    from mapper.offline_assets import make_offline

    basemap = load_basemap(gazetteer)
    data = build_map_data(features, basemap)

    m = folium.Map(location=list(SYRIA_CENTER), zoom_start=7, tiles=None, control_scale=True,
                   maxZoom=MAX_ZOOM, minZoom=3)
    _setup().add_to(m)
    for layer in ml.base_layers():
        layer.add_to(m)

    breaks = {
        "incidents": class_breaks([s["incidents"] for s in data.gov_stats.values()]),
        "fatalities": class_breaks([s["fatalities"] for s in data.gov_stats.values()]),
    }
    if not any(s["fatalities"] for s in data.gov_stats.values()):
        breaks["fatalities"] = []
    if not data.gov_stats:
        breaks["incidents"] = []
    # Drawing order comes from panes (mapper.map_script), not from this list, which is the
    # order of the layer control.
    layers = [
        ml.country_layer(basemap),
        ml.governorate_layer(basemap),
        ml.zone_layer(basemap),
        ml.river_layer(basemap),
        ml.corridor_layer(basemap),
        ml.town_layer(basemap),
        ml.choropleth_layer(basemap, data.gov_stats, metric="incidents",
                            breaks=breaks["incidents"], show=bool(data.gov_stats)),
        ml.choropleth_layer(basemap, data.gov_stats, metric="fatalities",
                            breaks=breaks["fatalities"], show=False)
        if breaks["fatalities"] else None,
    ]
    for layer in layers:
        if layer is not None:
            layer.add_to(m)

    place_groups = ml.facet_layers(data.place_facets)
    type_groups = ml.facet_layers(data.type_facets)
    for g in place_groups + type_groups:
        g.add_to(m)

    root = m.get_root()
    data_id = "im-incidents"
    root.html.add_child(ml.raw_html(
        f'<script type="application/json" id="{data_id}">{safe_json(data.to_json_obj())}'
        "</script>"), name=data_id)
    country = basemap.country()
    if country is not None:
        b = country.bounds
        view = [[round(b[1], 4), round(b[0], 4)], [round(b[3], 4), round(b[2], 4)]]
    else:
        view = [list(SYRIA_BOUNDS[0]), list(SYRIA_BOUNDS[1])]
    _engine(place_groups, type_groups, data_id, {"bounds": view}).add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)

    make_offline(m)
    root.header.add_child(ml.raw_html(
        f"<title>{html.escape(title)}</title>\n<style>{MAP_CSS}</style>\n"
        f"<script>{RUNTIME_JS}</script>"), name="incident_map_runtime")
    root.html.add_child(ml.raw_html(
        f'<div class="im-title" id="im-title">{html.escape(title)}</div>'
        + legend_html(data, breaks, ml.CHOROPLETH_COLORS)), name="im_overlays")
    log.debug("map data: %d rows, %d geometries, kinds %s", len(data.rows), len(data.geoms),
              data.kinds)
    return m


def render_map(features: list[dict[str, Any]], path: str | Path, *, gazetteer: Any = None,
               title: str = "Incident map") -> Path:
    """Write the incidents as one self-contained, offline HTML map.

    Parameters
    ----------
    features
        GeoJSON Feature dicts as written to ``incidents.geojson`` (properties:
        :data:`mapper.schema.PROPERTY_NAMES`). Features without geometry are counted, not
        drawn.
    path
        The HTML file to write (parent folders are created; written atomically).
    gazetteer
        A :class:`gazetteer.Gazetteer` for the offline basemap (governorates, zones,
        Euphrates, corridors, towns); default: the embedded gazetteer, else its data files.
    title
        Page and map title (escaped).

    Returns
    -------
    pathlib.Path
        ``path``.

    Notes
    -----
    The page loads nothing from the network: the online tile layers (OpenStreetMap, Esri
    World Imagery) are offered as base layers but are not the default.
    """
    from mapper.export import atomic_write

    m = build_map(features, gazetteer=gazetteer, title=title)
    text = m.get_root().render()
    target = Path(path)
    with atomic_write(target) as fh:
        fh.write(text)
    log.info("wrote %s (%d features, %.1f MB)", target, len(features), len(text) / 1e6)
    return target


__all__ = ["render_map", "build_map", "EVENT_COLORS"]
