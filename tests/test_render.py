"""The HTML map rendered without a browser: self-contained, escaped, honest geometry."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from render_cases import XSS, basemap, features

from mapper.basemap import Basemap, BasemapItem, basemap_from_files
from mapper.map_data import build_map_data, class_breaks, classify, safe_json
from mapper.render import render_map

EXTERNAL_RESOURCE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*\b(?:src|href)\s*=\s*"
    r"[\"']?\s*(?:https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("map") / "map.html"
    path = render_map(features(), out, gazetteer=basemap(), title="Test <b>map</b> & co")
    assert path == out
    return out.read_text(encoding="utf-8")


def _incident_blob(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="im-incidents">(.*?)</script>', html,
                  re.DOTALL)
    assert m, "incident data element missing"
    return json.loads(m.group(1))


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def _tags(html: str) -> list[str]:
    c = _Collector()
    c.feed(html)
    return c.tags


def _scripts(html: str) -> list[tuple[dict[str, str | None], str]]:
    c = _Collector()
    c.feed(html)
    return c.scripts


def test_no_external_resources(page: str) -> None:
    assert not EXTERNAL_RESOURCE.search(page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "code.jquery" not in page
    assert "@import" not in page
    # The libraries are inline.
    assert "L.markerClusterGroup" in page and "jQuery" in page and ".leaflet-pane" in page
    # Leaflet's CSS images are data: URIs, not files next to the page.
    assert "url(images/" not in page


def test_online_tiles_offered_but_not_loaded(page: str) -> None:
    assert "tile.openstreetmap.org" in page and "World_Imagery" in page
    for var in re.findall(r"var (tile_layer_\w+) = L\.tileLayer", page):
        assert f"{var}.addTo(" not in page, f"{var} is shown at load time"
    # The blank offline base layer is the default (added to the map).
    assert "Offline basemap" in page


def test_report_text_cannot_break_out(page: str) -> None:
    assert "window.__pwned" in page  # the text is there …
    assert "<script>window.__pwned" not in page  # … but never as markup
    assert "<img src=x" not in page
    assert "\u2028" not in page and "\u2029" not in page
    blob = _incident_blob(page)
    texts = [r[blob["fields"].index("text")] for r in blob["rows"]]
    assert XSS in texts  # survives the round trip exactly, Jinja syntax included
    # Parsed as a browser tokenises it: no <img> anywhere, and every JSON data element is
    # whole (nothing ended it early).
    scripts = _scripts(page)
    assert "img" not in _tags(page)
    blobs = [body for attrs, body in scripts if attrs.get("type") == "application/json"]
    assert len(blobs) >= 2
    for body in blobs:
        json.loads(body)


def test_title_and_layer_names_escaped(tmp_path: Path) -> None:
    bm = basemap()
    bm.governorates[0].name = "<i>Evil</i> & \"Co\""
    bm.zones[0].name = "Zone <script>alert(1)</script>"
    out = render_map(features(), tmp_path / "m.html", gazetteer=bm, title="<script>x</script>")
    html = out.read_text(encoding="utf-8")
    assert "<i>Evil</i>" not in html and "<script>alert(1)" not in html
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;</title>" in html
    # Layer names are HTML (Leaflet uses innerHTML): escaped, then JSON-escaped by folium.
    assert "\\u0026lt;i\\u0026gt;Evil" in html


def test_title_escaped_in_page(page: str) -> None:
    assert "<title>Test &lt;b&gt;map&lt;/b&gt; &amp; co</title>" in page
    assert "Test <b>map</b>" not in page


def test_geometry_kinds_are_honest() -> None:
    data = build_map_data(features(), basemap())
    fields = list(json.loads(safe_json(data.to_json_obj()))["fields"])
    kinds = {r[fields.index("id")]: r[fields.index("kind")] for r in data.rows}
    assert kinds == {"town": "p", "near": "n", "road": "l", "zone": "a", "gov": "a",
                     "tally": "a", "undated": "p", "unlocated": "x"}
    radius = {r[0]: r[fields.index("radius")] for r in data.rows}
    assert radius["near"] == 15.0
    assert data.unlocated == 1 and data.undated == 1
    assert data.date_min == "2024-03-01" and data.date_max == "2024-05-31"


@pytest.mark.parametrize(("geometry", "props", "kind"), [
    ({"type": "Point", "coordinates": [38, 35]}, {"geo_precision": 1}, "p"),
    ({"type": "Point", "coordinates": [38, 35]}, {"geo_precision": 2}, "n"),
    ({"type": "Point", "coordinates": [38, 35]}, {"geo_precision": 3}, "n"),
    ({"type": "Point", "coordinates": [38, 35]}, {"uncertainty_km": 25}, "n"),
    ({"type": "LineString", "coordinates": [[38, 35], [39, 35]]}, {}, "l"),
    ({"type": "MultiPolygon", "coordinates": []}, {"geo_precision": 1}, "a"),
    (None, {}, "x"),
])
def test_classify(geometry: dict | None, props: dict, kind: str) -> None:
    assert classify(geometry, props) == kind


def test_shared_geometries_stored_once() -> None:
    feats = features()
    zone = next(f for f in feats if f["id"] == "zone")
    copies = [json.loads(json.dumps(zone)) for _ in range(50)]
    data = build_map_data(feats + copies, basemap())
    assert len(data.geoms) == 4  # road, zone, governorate, tally: the copies add none
    assert len(data.rows) == len(feats) + 50


def test_facets_list_every_governorate_and_zone() -> None:
    data = build_map_data(features(), basemap())
    labels = [(f.group, f.label, f.count) for f in data.place_facets]
    assert ("Governorates", "Homs", 2) in labels
    assert ("Governorates", "Deir ez-Zor", 2) in labels
    assert ("Governorates", "Ar-Raqqa", 1) in labels
    assert ("Desert zones (zone-level records)", "Homs desert", 1) in labels
    assert ("Tallies", "Zone-level tallies", 1) in labels
    assert ("Governorates", "No governorate", 1) in labels
    assert [f.label for f in data.type_facets][:2] == ["Battles", "Explosions/Remote violence"]
    assert data.gov_stats["SY04"] == {"incidents": 3, "fatalities": 7}
    assert "SY09" in data.gov_stats and data.gov_stats["SY09"]["incidents"] == 2  # not the tally


def test_governorate_spelling_follows_gazetteer_by_pcode() -> None:
    feats = features()
    feats[0]["properties"]["governorate"] = "Homs Governorate"
    data = build_map_data(feats, basemap())
    assert "Homs Governorate" not in [f.label for f in data.place_facets]


@pytest.mark.parametrize(("start", "end", "bounds"), [
    ("2024-03-05", None, ("2024-03-05", "2024-03-05")),
    ("2024-02", None, ("2024-02-01", "2024-02-29")),
    ("2021-06", "2021-06-30", ("2021-06-01", "2021-06-30")),
    ("2024", None, ("2024-01-01", "2024-12-31")),
    (None, "2024-03-05", ("2024-03-05", "2024-03-05")),
    (None, None, (None, None)),
    ("last week", None, (None, None)),
])
def test_date_bounds(start: str | None, end: str | None, bounds: tuple) -> None:
    from mapper.map_data import _date_bounds

    assert _date_bounds(start, end) == bounds


def test_class_breaks() -> None:
    assert class_breaks([]) == [1]
    assert class_breaks([0, 0]) == [1]
    b = class_breaks([1, 2, 3, 10, 50, 100, 400])
    assert b[0] == 1 and b == sorted(set(b)) and len(b) <= 5


def test_safe_json_round_trip() -> None:
    s = safe_json({"t": "</script><!-- \u2028 & é دير"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"t": "</script><!-- \u2028 & é دير"}


def test_empty_map_and_empty_basemap(tmp_path: Path) -> None:
    out = render_map([], tmp_path / "empty.html", gazetteer=Basemap(), title="Empty")
    html = out.read_text(encoding="utf-8")
    assert "IncidentMap.init" in html and not EXTERNAL_RESOURCE.search(html)


def test_basemap_from_repository_data(tmp_path: Path) -> None:
    bm = basemap_from_files()
    if len(bm.governorates) < 14:
        pytest.skip("gazetteer/data/governorates.geojson not there yet")
    assert {g.pcode for g in bm.governorates} >= {f"SY{n:02d}" for n in range(1, 15)}
    out = render_map(features(), tmp_path / "real.html", gazetteer=bm)
    html = out.read_text(encoding="utf-8")
    for name in ("Aleppo", "Deir ez-Zor", "Homs", "Rural Damascus"):
        assert f"\\u003c/span\\u003e {name} (" in html  # a layer per governorate
    assert bm.country() is not None and bm.country().area > 15  # ~18.5 square degrees


def test_writes_into_new_folder(tmp_path: Path) -> None:
    out = render_map(features()[:1], tmp_path / "a" / "b" / "map.html", gazetteer=basemap())
    assert out.is_file() and not list(out.parent.glob(".*.tmp"))


def test_basemap_item_rounding_keeps_geojson_valid() -> None:
    from mapper.map_layers import _geojson

    gj = _geojson([BasemapItem("x", "X", 1.0, 2.0, geometry=basemap().governorates[0].geometry)])
    assert gj["features"][0]["geometry"]["type"] == "Polygon"


def test_import_mapper_does_not_import_folium() -> None:
    code = ("import sys, mapper, mapper.render, mapper.map_layers, mapper.offline_assets; "
            "print('folium' in sys.modules, 'branca' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["False", "False"]
