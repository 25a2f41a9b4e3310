"""The layers of the HTML map, one function per layer, each returning a folium ``FeatureGroup``.

Basemap layers (country, governorates, desert zones, Euphrates, towns, corridors) are drawn
from the gazetteer, offline. The choropleth layers colour governorates by incidents or
fatalities. The incident layers are empty groups in the layer control — "facets" — that the
page script (:mod:`mapper.map_script`) reads to decide which incidents to show. Base layers:
a blank "Offline basemap" (the default) and two online tile layers that load only when a
person picks them.

folium is imported inside the functions: ``import mapper`` must stay light.
"""

from __future__ import annotations

import html
from typing import Any

from mapper.basemap import Basemap, BasemapItem
from mapper.map_data import Facet, safe_json
from mapper.offline_assets import raw_html

#: Simplification tolerance (degrees) of basemap polygons and lines; ~300 m.
SIMPLIFY_DEG = 0.003
#: YlOrRd, five classes.
CHOROPLETH_COLORS: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTR = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
ESRI_URL = ("https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/"
            "tile/{z}/{y}/{x}")
ESRI_ATTR = ("Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, "
             "and the GIS User Community")


def layer_name(group: str, label: str, count: int | None = None) -> str:
    """The HTML name of a layer in the layer control (Leaflet inserts it as HTML): escaped."""
    suffix = f" ({count})" if count is not None else ""
    return f'<span class="im-lc-group">{html.escape(group)}</span> {html.escape(label)}{suffix}'


def _js_call(fn: str, data: Any, options: dict[str, Any]) -> Any:
    """A folium element calling ``IncidentMap.<fn>(parentLayer, dataId, options)``.

    The data goes into the page body as ``<script type="application/json">`` (escaped by
    :func:`mapper.map_data.safe_json`).
    """
    from branca.element import MacroElement
    from jinja2 import Template

    class JsCall(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "IncidentMap.{{ this.fn }}({{ this._parent.get_name() }}, "
            "{{ this.data_id|tojson }}, {{ this.options_js }});\n"
            "{% endmacro %}")

        def __init__(self) -> None:
            super().__init__()
            self._name = "JsCall"
            self.fn = fn
            self.data_id = f"im-data-{self._id[:12]}"
            self.options_js = safe_json(options)
            self.data_js = safe_json(data)

        def render(self, **kwargs: Any) -> None:
            figure = self.get_root()
            figure.html.add_child(raw_html(
                f'<script type="application/json" id="{self.data_id}">{self.data_js}</script>'),
                name=self.data_id)
            super().render(**kwargs)

    return JsCall()


def _geojson(items: list[BasemapItem], *, simplify: float = SIMPLIFY_DEG) -> dict[str, Any]:
    from shapely.geometry import mapping

    feats = []
    for it in items:
        if it.geometry is None:
            continue
        geom = it.geometry.simplify(simplify, preserve_topology=True) if simplify else it.geometry
        feats.append({"type": "Feature", "geometry": _round_geom(mapping(geom)),
                      "properties": {"name": it.name, "place_id": it.place_id,
                                     "pcode": it.pcode, "lat": round(it.lat, 4),
                                     "lon": round(it.lon, 4)}})
    return {"type": "FeatureCollection", "features": feats}


def _round_geom(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, list | tuple):
        return [_round_geom(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _round_geom(v) for k, v in obj.items()}
    return obj


def base_layers() -> list[Any]:
    """Base layers: a blank "Offline basemap" (default) and online OSM / Esri imagery tiles.

    Returns
    -------
    list of folium layers
        The online ones are not shown, so an offline page requests no tile.
    """
    import folium

    return [
        folium.FeatureGroup(name="Offline basemap", overlay=False, control=True, show=True),
        folium.TileLayer(OSM_URL, attr=OSM_ATTR, name="OpenStreetMap (online)", max_zoom=19,
                         overlay=False, control=True, show=False),
        folium.TileLayer(ESRI_URL, attr=ESRI_ATTR, name="Esri World Imagery (online)",
                         max_zoom=18, overlay=False, control=True, show=False),
    ]


def country_layer(basemap: Basemap) -> Any | None:
    """The country outline (union of the governorates), filled as land."""
    import folium

    country = basemap.country()
    if country is None:
        return None
    fg = folium.FeatureGroup(name=layer_name("Basemap", "Syria"), show=True)
    item = BasemapItem(place_id="country:SY", name="Syria", lat=0.0, lon=0.0, geometry=country)
    _js_call("areas", _geojson([item]), {
        "pane": "im-land", "land": True,
        "style": {"color": "#555", "weight": 2.2, "fillColor": "#f7f4ec", "fillOpacity": 1.0,
                  "interactive": False}}).add_to(fg)
    return fg


def governorate_layer(basemap: Basemap) -> Any | None:
    """Governorate boundaries with their names."""
    import folium

    if not basemap.governorates:
        return None
    fg = folium.FeatureGroup(name=layer_name("Basemap", "Governorate boundaries"), show=True)
    _js_call("areas", _geojson(basemap.governorates), {
        "pane": "im-base", "labels": "im-gov-label",
        "style": {"color": "#8a8a8a", "weight": 1.0, "fill": False}}).add_to(fg)
    return fg


def zone_layer(basemap: Basemap) -> Any | None:
    """Desert zone outlines (the zones themselves, not incidents) with their names."""
    import folium

    if not basemap.zones:
        return None
    fg = folium.FeatureGroup(name=layer_name("Basemap", "Desert zones"), show=False)
    _js_call("areas", _geojson(basemap.zones), {
        "pane": "im-base", "labels": "im-zone-label", "tooltip": True,
        "style": {"color": "#b07c1f", "weight": 1.2, "dashArray": "2 5", "fillColor": "#e8c77a",
                  "fillOpacity": 0.12}}).add_to(fg)
    return fg


def river_layer(basemap: Basemap) -> Any | None:
    """Rivers: the Euphrates (and the Khabur, Orontes … when the gazetteer has them)."""
    import folium

    if not basemap.rivers:
        return None
    label = "Rivers" if len(basemap.rivers) > 1 else basemap.rivers[0].name
    fg = folium.FeatureGroup(name=layer_name("Basemap", label), show=True)
    _js_call("areas", _geojson(basemap.rivers, simplify=0.001), {
        "pane": "im-base", "tooltip": True,
        "style": {"color": "#4a90c8", "weight": 2.5, "opacity": 0.9}}).add_to(fg)
    return fg


def corridor_layer(basemap: Basemap) -> Any | None:
    """Highway corridors as thin grey roads with their names on hover."""
    import folium

    if not basemap.corridors:
        return None
    fg = folium.FeatureGroup(name=layer_name("Basemap", "Highway corridors"), show=True)
    _js_call("areas", _geojson(basemap.corridors, simplify=0.001), {
        "pane": "im-base", "tooltip": True,
        "style": {"color": "#9b8f7a", "weight": 2.2, "opacity": 0.9}}).add_to(fg)
    return fg


def town_layer(basemap: Basemap) -> Any | None:
    """Governorate capitals and key towns as small labelled dots."""
    import folium

    if not basemap.towns:
        return None
    fg = folium.FeatureGroup(name=layer_name("Basemap", "Towns"), show=True)
    towns = [{"name": t.name, "lat": round(t.lat, 4), "lon": round(t.lon, 4),
              "capital": t.capital} for t in basemap.towns]
    _js_call("towns", towns, {"pane": "im-towns"}).add_to(fg)
    return fg


def choropleth_layer(basemap: Basemap, stats: dict[str, dict[str, int]], *, metric: str,
                     breaks: list[int], show: bool) -> Any | None:
    """Governorates coloured by incidents (``metric="incidents"``) or ``"fatalities"``.

    The page recomputes the values when layers or the date filter change; ``breaks`` (lower
    bounds of the colour classes, from all incidents) stay fixed so colours stay comparable.
    """
    import folium

    govs = [g for g in basemap.governorates if g.pcode]
    if not govs:
        return None
    label = "Incidents per governorate" if metric == "incidents" else "Killed per governorate"
    fg = folium.FeatureGroup(name=layer_name("Choropleth", label), show=show)
    _js_call("choropleth", _geojson(govs), {
        "pane": "im-choro", "metric": metric, "breaks": breaks,
        "colors": list(CHOROPLETH_COLORS[-len(breaks):]) if breaks else [],
        "name": label}).add_to(fg)
    return fg


def facet_layers(facets: list[Facet]) -> list[Any]:
    """Switchable incident layers: empty groups that the page script reads as filters."""
    import folium

    return [folium.FeatureGroup(name=layer_name(f.group, f.label, f.count), show=True)
            for f in facets]
