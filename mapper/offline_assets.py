"""Leaflet, Leaflet.markercluster and jQuery inlined into a map's HTML: no CDN, no network.

folium links its JavaScript and CSS from CDNs (``default_js`` / ``default_css`` of the map
and of plugins such as ``MarkerCluster``), so its HTML shows nothing offline. The same
files ship in the PyPI packages ``xstatic-leaflet``, ``xstatic-leaflet-markercluster`` and
``xstatic-jquery``; :func:`make_offline` empties every element's CDN lists and puts the
files' text into the page header instead. The images Leaflet's CSS refers to (the layer
control icon, the default marker) become ``data:`` URIs, so the page makes no request at
all, not even for a local file.
"""

from __future__ import annotations

import base64
import functools
import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Names of folium resources this module provides inline; any other CDN resource
#: (bootstrap, awesome-markers, font-awesome) is dropped — the map does not use it.
INLINED = ("leaflet", "jquery", "leaflet.markercluster")


def _pkg_dir(module: str) -> Path:
    import importlib

    mod = importlib.import_module(f"xstatic.pkg.{module}")
    return Path(mod.BASE_DIR)


def _read(module: str, name: str) -> str:
    text = (_pkg_dir(module) / name).read_text(encoding="utf-8")
    # Source-map comments would make developer tools fetch a file; a literal "</script"
    # would end the inline element early.
    text = re.sub(r"^[ \t]*//[#@] sourceMappingURL=.*$", "", text, flags=re.MULTILINE)
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@functools.lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with its images as ``data:`` URIs."""
    images = _pkg_dir("leaflet") / "images"
    css = _read("leaflet", "leaflet.css")

    def repl(match: re.Match[str]) -> str:
        path = images / match.group(1)
        return f"url({_data_uri(path)})" if path.is_file() else match.group(0)

    return re.sub(r"url\(\s*['\"]?images/([\w.-]+)['\"]?\s*\)", repl, css)


@functools.lru_cache(maxsize=1)
def default_icon_urls() -> dict[str, str]:
    """``data:`` URIs of Leaflet's default marker images (``iconUrl`` …)."""
    images = _pkg_dir("leaflet") / "images"
    return {
        "iconUrl": _data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": _data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": _data_uri(images / "marker-shadow.png"),
    }


@functools.lru_cache(maxsize=1)
def inline_head_html() -> str:
    """``<style>`` and ``<script>`` elements holding Leaflet, markercluster and jQuery.

    Returns
    -------
    str
        HTML for the page ``<head>``; it loads nothing from anywhere.
    """
    import json

    css = "\n".join([
        leaflet_css(),
        _read("leaflet_markercluster", "MarkerCluster.css"),
        _read("leaflet_markercluster", "MarkerCluster.Default.css"),
    ])
    scripts = [
        _read("jquery", "jquery.min.js"),
        _read("leaflet", "leaflet.js"),
        _read("leaflet_markercluster", "leaflet.markercluster.js"),
        # Leaflet finds its default marker image through a CSS url; with data: URIs that
        # detection fails, so give the icon its images directly.
        "L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions("
        + json.dumps(default_icon_urls()) + ");",
    ]
    parts = [f"<style>\n{css}\n</style>"]
    parts += [f"<script>\n{s}\n</script>" for s in scripts]
    return "\n".join(parts)


def raw_html(text: str) -> Any:
    """A branca element that renders ``text`` verbatim (not as a Jinja template).

    ``branca.element.Element(template)`` compiles its argument as a Jinja template, so a
    report sentence holding ``{{`` would be evaluated, and a megabyte of inlined JavaScript
    would be parsed for nothing; this element is never.
    """
    from branca.element import Element

    class RawHTML(Element):
        def __init__(self, raw: str) -> None:
            super().__init__()
            self._name = "RawHTML"
            self._raw = raw

        def render(self, **kwargs: Any) -> str:
            return self._raw

    return RawHTML(text)


def _strip_cdn(element: Any) -> None:
    for attr in ("default_js", "default_css"):
        links = getattr(element, attr, None)
        if links:
            dropped = [name for name, _ in links]
            log.debug("inlining/dropping %s of %s: %s", attr, type(element).__name__, dropped)
            setattr(element, attr, [])
    for child in getattr(element, "_children", {}).values():
        _strip_cdn(child)


def make_offline(m: Any) -> Any:
    """Make a folium map self-contained: no CDN links, the libraries inlined.

    Call it after every layer and plugin has been added (it walks the element tree).

    Parameters
    ----------
    m
        A ``folium.Map``.

    Returns
    -------
    folium.Map
        The same map.
    """
    _strip_cdn(m)
    root = m.get_root()
    root.header.add_child(raw_html(inline_head_html()), name="offline_assets")
    return m
