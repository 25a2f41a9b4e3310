"""The HTML map in a real (headless) Chromium: offline, switchable, escaped.

Every request that is not ``file:`` or ``data:`` is routed, counted and aborted: the page must
make none at load time. Set ``INCIDENT_MAPPER_SCREENSHOTS=1`` to save a screenshot to
``outputs/screenshots/``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from render_cases import basemap, features

from mapper.render import render_map

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

#: Markers on screen: single markers (SVG paths in the points pane) plus the markers
#: counted inside cluster icons.
COUNT_MARKERS = """() => {
  const singles = document.querySelectorAll('.leaflet-im-points-pane path').length;
  let clustered = 0;
  document.querySelectorAll('.marker-cluster').forEach(
    c => { clustered += parseInt(c.textContent, 10) || 0; });
  return singles + clustered;
}"""

#: The checkbox of a layer in the layer control, by its visible name ("Homs" matches
#: "Homs (2)" but not "Homs desert (1)").
LAYER_INPUT = """(name) => {
  const labels = [...document.querySelectorAll('.leaflet-control-layers label')];
  const l = labels.find(l => {
    const t = l.innerText.trim();
    return t === name || (t.startsWith(name + ' (') && /\\(\\d+\\)$/.test(t));
  });
  return l ? l.querySelector('input') : null;
}"""


def _paths(page: Any, pane: str) -> int:
    return page.evaluate(f"document.querySelectorAll('.leaflet-{pane}-pane path').length")


@dataclass
class Opened:
    """A page with what it asked the network for and what went wrong."""

    page: Any
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def context(chromium_path: str) -> Iterator[Any]:
    # Module-scoped fixtures run before conftest's function-scoped skip check: repeat it.
    if not Path(chromium_path).exists():
        msg = f"needs headless Chromium at {chromium_path}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{msg} (CI=true: required)")
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="im-chromium-") as profile, \
            sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 860})
        try:
            yield ctx
        finally:
            ctx.close()


@pytest.fixture(scope="module")
def map_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "map.html"
    return render_map(features(), out, gazetteer=basemap(), title="Browser test <map>")


def _open(context: Any, path: Path) -> Opened:
    page = context.new_page()
    opened = Opened(page)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            opened.requests.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: opened.failed.append(req.url))
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_function("window.IncidentMap && IncidentMap.state.ready", timeout=15000)
    return opened


@pytest.fixture
def opened(context: Any, map_file: Path) -> Iterator[Opened]:
    o = _open(context, map_file)
    try:
        yield o
    finally:
        o.page.close()


def _toggle(page: Any, name: str) -> None:
    handle = page.evaluate_handle(LAYER_INPUT, name)
    element = handle.as_element()
    assert element is not None, f"no layer named {name!r} in the layer control"
    element.click()
    page.wait_for_function("!IncidentMap.state.busy")


def test_loads_offline_without_errors(opened: Opened) -> None:
    page = opened.page
    page.wait_for_timeout(300)
    assert opened.requests == []
    assert opened.failed == []
    assert opened.errors == []
    assert page.evaluate("typeof L.markerClusterGroup") == "function"
    state = page.evaluate("IncidentMap.state")
    assert state["total"] == 8 and state["shown"] == 8
    assert page.evaluate(COUNT_MARKERS) == 3  # town, near, undated point
    assert _paths(page, "im-circles") == 1  # the uncertainty circle of the near-point
    assert _paths(page, "im-lines") == 1  # the road segment
    assert _paths(page, "im-areas") == 3  # zone, governorate-level record, tally
    assert page.inner_text("#im-title") == "Browser test <map>"
    if os.environ.get("INCIDENT_MAPPER_SCREENSHOTS"):
        out = Path(__file__).resolve().parents[1] / "outputs" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / "map-test.png"))


def test_layer_control_lists_governorates_and_zones(opened: Opened) -> None:
    text = opened.page.inner_text(".leaflet-control-layers")
    for name in ("Offline basemap", "OpenStreetMap (online)", "Homs (2)", "Deir ez-Zor (2)",
                 "Ar-Raqqa (1)", "Homs desert (1)", "Zone-level tallies (1)", "Battles (5)",
                 "GOVERNORATES", "DESERT ZONES", "Highway corridors", "Towns"):
        assert name.casefold() in text.casefold(), name


def test_toggling_layers_hides_their_shapes(opened: Opened) -> None:
    page = opened.page
    assert page.evaluate(COUNT_MARKERS) == 3
    _toggle(page, "Homs")  # governorate: the town and the near-point (and its circle)
    assert page.evaluate(COUNT_MARKERS) == 1
    assert _paths(page, "im-circles") == 0
    assert _paths(page, "im-areas") == 3  # the Homs desert record is in its zone layer
    _toggle(page, "Homs desert")
    assert _paths(page, "im-areas") == 2
    _toggle(page, "Zone-level tallies")
    assert _paths(page, "im-areas") == 1
    _toggle(page, "Violence against civilians")  # event type: the road segment
    assert _paths(page, "im-lines") == 0
    for name in ("Homs", "Homs desert", "Zone-level tallies", "Violence against civilians"):
        _toggle(page, name)
    assert page.evaluate(COUNT_MARKERS) == 3
    assert (_paths(page, "im-areas"), _paths(page, "im-lines"), _paths(page, "im-circles")) \
        == (3, 1, 1)
    assert opened.errors == []


def test_basemap_layer_toggles(opened: Opened) -> None:
    page = opened.page
    before = _paths(page, "im-base")
    assert before > 0
    _toggle(page, "Governorate boundaries")
    assert _paths(page, "im-base") < before


def test_date_filter_keeps_undated(opened: Opened) -> None:
    page = opened.page
    page.fill("#im-date-from", "2024-04-01")
    page.dispatch_event("#im-date-from", "change")
    page.wait_for_function("!IncidentMap.state.busy")
    # March points go; the undated point stays.
    assert page.evaluate(COUNT_MARKERS) == 1
    # The March tally goes; the April zone record and the May governorate record stay.
    assert _paths(page, "im-areas") == 2
    assert "undated (always shown)" in page.inner_text(".im-dates")
    page.click(".im-dates button")
    page.wait_for_function("!IncidentMap.state.busy")
    assert page.evaluate(COUNT_MARKERS) == 3 and _paths(page, "im-areas") == 3


def _click_incident(page: Any, fid: str) -> str:
    handle = page.evaluate_handle(f"IncidentMap.layerFor({fid!r})._path")
    handle.as_element().click()
    page.wait_for_selector(".leaflet-popup-content")
    return page.inner_text(".leaflet-popup-content")


def test_popup_shows_sentence_and_precision(opened: Opened) -> None:
    text = _click_incident(opened.page, "town")
    assert "Four soldiers were killed in clashes in Palmyra on March 2." in text
    for part in ("Battles — Armed clash", "2024-03-02", "ISIS; Syrian army", "4 killed",
                 "2 injured", "“Palmyra” → Palmyra", "geo_precision 1", "where_prec 1",
                 "report.txt"):
        assert part in text, part


def test_area_popup_lists_its_record(opened: Opened) -> None:
    page = opened.page
    x, y = page.evaluate("(() => { const m = Object.values(window).find("
                         "v => v instanceof L.Map); const p = m.latLngToContainerPoint("
                         "[34.3, 37.75]); return [p.x, p.y]; })()")
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content")
    text = page.inner_text(".leaflet-popup-content")
    assert "Two fighters died in the Homs desert." in text
    assert "geo_precision 3" in text and "Homs desert" in text


def test_report_text_does_not_execute(opened: Opened) -> None:
    page = opened.page
    handle = page.evaluate_handle("IncidentMap.layerFor('near')._path")
    handle.as_element().hover()  # the tooltip is built on hover
    text = _click_incident(page, "near")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">' in text
    assert "{{ 7*7 }}" in text and "back\\slash" in text
    assert page.evaluate("document.querySelectorAll('.leaflet-popup-content img').length") == 0
    assert "± 15.0 km" in text or "± 15 km" in text
    assert opened.errors == []


def test_online_tiles_only_on_demand(context: Any, map_file: Path) -> None:
    o = _open(context, map_file)
    try:
        o.page.wait_for_timeout(300)
        assert o.requests == []
        o.page.get_by_text("OpenStreetMap (online)").click()
        o.page.wait_for_timeout(500)
        assert o.requests, "picking the online base layer should request tiles"
        assert all("tile.openstreetmap.org" in u for u in o.requests)
        assert o.errors == []
    finally:
        o.page.close()


def test_hostile_names_everywhere_do_not_execute(context: Any, tmp_path: Path) -> None:
    evil = '<img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>'
    bm = basemap()
    bm.governorates[0].name = "Homs " + evil
    bm.zones[0].name = "Zone " + evil
    bm.towns[1].name = "Town " + evil
    bm.corridors[0].name = "Road " + evil
    feats = features()
    for f in feats:
        p = f["properties"]
        p.update(event_type="Type " + evil, actors=[evil], source=evil, place=evil,
                 location=evil, sub_event_type=evil, warnings=[evil])
        if p.get("desert_zone"):
            p["desert_zone"] = "Zone " + evil
    path = render_map(feats, tmp_path / "evil.html", gazetteer=bm, title="Title " + evil)
    o = _open(context, path)
    try:
        page = o.page
        text = _click_incident(page, "town")
        _toggle(page, "Desert zones")  # the basemap zones: labels and tooltips
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert evil in text
        assert evil in page.inner_text(".leaflet-control-layers")
        assert evil in page.inner_text("#im-legend")
        assert page.inner_text("#im-title") == "Title " + evil
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert o.requests == [] and o.errors == []
    finally:
        o.page.close()
