"""Benchmark of the HTML map: write time, file size and browser load time.

Generates ``N`` synthetic incidents over Syria (default 20,000: town points, near-points,
road segments, zone and governorate polygons, tallies; dated 2023–2024 with a few undated),
writes the map with :func:`mapper.render.render_map`, and opens it in headless Chromium
(``/usr/bin/chromium``), timing until the ``load`` event and until the markers are in their
clusters (``IncidentMap.state.ready``). For comparison it renders the naive folium way — one
``folium.Marker`` with a ``folium.Popup`` per incident inside a ``folium.plugins.MarkerCluster``
— for a smaller ``--naive-n`` (default 2,000; made offline the same way) and scales the
figures linearly to ``N``.

Usage::

    .venv/bin/python benchmarks/bench_render.py            # 20,000 vs naive 2,000
    .venv/bin/python benchmarks/bench_render.py -n 5000 --naive-n 1000 --no-browser

Targets: 20,000 incidents written in ≤ 60 s, file ≤ 30 MB, open in Chromium in ≤ 5 s.
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians",
               "Strategic developments", "Protests", "Riots")
ACTORS = ("ISIS", "Syrian army", "SDF", "Russian forces", "NDF", "unidentified gunmen",
          "Turkish-backed factions", "US-led coalition")
WORDS = ("clashes", "erupted", "between", "near", "the", "road", "shepherds", "truffle",
         "hunters", "landmine", "explosion", "killed", "wounded", "militants", "attack",
         "checkpoint", "convoy", "desert", "countryside", "village", "drone", "strike",
         "دير الزور", "البادية")


def synthetic_features(n: int, *, seed: int = 7) -> tuple[list[dict[str, Any]], Any]:
    """``n`` incident features over Syria and the basemap they were drawn from."""
    from shapely.geometry import LineString, Point, box, mapping
    from shapely.prepared import prep

    from mapper.basemap import Basemap, BasemapItem, load_basemap

    rng = random.Random(seed)
    bm = load_basemap(None)
    if not bm.governorates:  # no gazetteer data: a box for Syria, split in four
        govs = [box(35.7 + i * 1.7, 32.3 + j * 2.5, 35.7 + (i + 1) * 1.7, 32.3 + (j + 1) * 2.5)
                for i in range(4) for j in range(2)]
        bm = Basemap(governorates=[
            BasemapItem(f"gov:SY{k + 1:02d}", f"Gov {k + 1}", g.centroid.y, g.centroid.x,
                        geometry=g, pcode=f"SY{k + 1:02d}") for k, g in enumerate(govs)])
    country = bm.country()
    pc = prep(country)
    minx, miny, maxx, maxy = country.bounds

    def random_point() -> tuple[float, float]:
        while True:
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if pc.contains(Point(x, y)):
                return round(x, 5), round(y, 5)

    towns = [random_point() for _ in range(400)]
    gov_of: dict[tuple[float, float], BasemapItem] = {}
    for t in towns:
        p = Point(t)
        gov_of[t] = next((g for g in bm.governorates if g.geometry.contains(p)),
                         bm.governorates[0])
    segments = []
    for _ in range(150):
        a, b = rng.sample(towns, 2)
        mid = ((a[0] + b[0]) / 2 + rng.uniform(-0.1, 0.1), (a[1] + b[1]) / 2)
        segments.append((LineString([a, mid, b]), gov_of[a]))
    zones = bm.zones or []

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 40))).capitalize() + "."

    feats: list[dict[str, Any]] = []
    for i in range(n):
        r = rng.random()
        props: dict[str, Any] = {
            "id": f"syn-{i:06d}", "record_type": "event", "source": f"report-{i % 97}.txt",
            "source_span": [0, 100], "text": sentence(),
            "date": None, "date_end": None, "date_precision": "day",
            "event_type": rng.choice(EVENT_TYPES), "sub_event_type": None,
            "actors": rng.sample(ACTORS, 2), "fatalities": rng.choice([None, 0, 1, 2, 3, 5, 9]),
            "injured": rng.choice([None, 0, 1, 4]), "captured": None, "victims": {},
            "count": None, "place": None, "place_span": [10, 20], "location": None,
            "place_id": None, "feature_type": "town", "governorate": None,
            "governorate_pcode": None, "district": None, "district_pcode": None,
            "desert_zone": None, "geo_precision": 1, "where_prec": 1, "uncertainty_km": 1.0,
            "latitude": None, "longitude": None, "confidence": round(rng.random(), 3),
            "candidates": [{"place_id": "place:x", "name": "X", "score": 0.9},
                           {"place_id": "place:y", "name": "Y", "score": 0.4}],
            "warnings": [], "unlocated_reason": None,
        }
        if rng.random() > 0.03:
            props["date"] = f"{rng.choice((2023, 2024))}-{rng.randint(1, 12):02d}-" \
                            f"{rng.randint(1, 28):02d}"
        if r < 0.55 or r < 0.75:
            t = rng.choice(towns)
            g = gov_of[t]
            geom: Any = Point(t)
            props.update(place=f"town {towns.index(t)}", location=f"Town {towns.index(t)}",
                         governorate=g.name, governorate_pcode=g.pcode)
            if r >= 0.55:
                props.update(place=f"near town {towns.index(t)}", geo_precision=2,
                             where_prec=2, uncertainty_km=rng.choice((10.0, 15.0, 25.0)))
        elif r < 0.85:
            geom, g = rng.choice(segments)
            props.update(place="on the highway", location="Highway segment",
                         feature_type="corridor", governorate=g.name,
                         governorate_pcode=g.pcode, geo_precision=2, where_prec=5,
                         uncertainty_km=40.0)
        elif r < 0.93 and zones:
            z = rng.choice(zones)
            geom = z.geometry
            props.update(place=z.name, location=z.name, place_id=z.place_id,
                         feature_type="zone", desert_zone=z.name, geo_precision=3,
                         where_prec=5, uncertainty_km=100.0)
        else:
            g = rng.choice(bm.governorates)
            geom = g.geometry
            props.update(place=g.name, location=g.name, place_id=g.place_id,
                         feature_type="governorate", governorate=g.name,
                         governorate_pcode=g.pcode, geo_precision=3, where_prec=4,
                         uncertainty_km=120.0)
            if r > 0.98:
                props.update(record_type="tally", count=rng.randint(5, 60))
        rp = geom if geom.geom_type == "Point" else geom.representative_point()
        props["latitude"], props["longitude"] = round(rp.y, 6), round(rp.x, 6)
        gj = mapping(geom)
        feats.append({"type": "Feature", "id": props["id"],
                      "geometry": {"type": gj["type"], "coordinates": gj["coordinates"]},
                      "properties": props})
    return feats, bm


def naive_map(features: list[dict[str, Any]], path: Path) -> Path:
    """The folium way: one Marker + Popup per incident in a MarkerCluster (made offline)."""
    import folium
    from folium.plugins import MarkerCluster

    from mapper.offline_assets import make_offline

    m = folium.Map(location=[35.0, 38.5], zoom_start=7, tiles=None, maxZoom=18)
    cluster = MarkerCluster().add_to(m)
    for f in features:
        p = f["properties"]
        if p.get("latitude") is None:
            continue
        text = html.escape(f"{p.get('date')} {p.get('event_type')}: {p.get('text')}")
        folium.Marker([p["latitude"], p["longitude"]],
                      popup=folium.Popup(text, max_width=300)).add_to(cluster)
    make_offline(m)
    m.save(str(path))
    return path


def browser_load(paths: list[tuple[Path, str]]) -> list[dict[str, float]]:
    """Seconds to ``load`` and to markers ready for each page, in one Chromium."""
    from playwright.sync_api import sync_playwright

    out = []
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile, \
            sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 860})
        try:
            for path, ready_js in paths:
                page = ctx.new_page()
                external: list[str] = []
                errors: list[str] = []
                page.route("**/*", lambda r, ext=external: (
                    r.continue_() if r.request.url.startswith(("file:", "data:"))
                    else (ext.append(r.request.url), r.abort())))
                page.on("pageerror", lambda e, errs=errors: errs.append(str(e)))
                t0 = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load", timeout=120_000)
                t_load = time.perf_counter() - t0
                page.wait_for_function(ready_js, timeout=120_000, polling=20)
                t_ready = time.perf_counter() - t0
                out.append({"load": t_load, "ready": t_ready, "external": len(external),
                            "errors": len(errors)})
                page.close()
        finally:
            ctx.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=20_000, help="incidents (default 20000)")
    ap.add_argument("--naive-n", type=int, default=2_000,
                    help="incidents for the naive folium comparison (default 2000; 0: skip)")
    ap.add_argument("--out", type=Path, default=None, help="folder for the HTML files")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    args = ap.parse_args(argv)

    from mapper.render import render_map

    out = args.out or Path(tempfile.mkdtemp(prefix="bench-render-"))
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    feats, bm = synthetic_features(max(args.n, args.naive_n))
    print(f"generated {len(feats):,} synthetic incidents in {time.perf_counter() - t:.1f} s; "
          f"files in {out}")

    rows: list[dict[str, Any]] = []
    ready_ours = "window.IncidentMap && IncidentMap.state.ready"
    ready_naive = ("document.readyState === 'complete' && document.querySelectorAll("
                   "'.marker-cluster, .leaflet-marker-icon').length > 0")
    runs = [("render_map", args.n, ready_ours)]
    if args.naive_n:
        runs += [("render_map", args.naive_n, ready_ours),
                 ("naive folium Marker+MarkerCluster", args.naive_n, ready_naive)]
    pages = []
    for name, n, ready in runs:
        path = out / f"{'naive' if 'naive' in name else 'map'}-{n}.html"
        t = time.perf_counter()
        if "naive" in name:
            naive_map(feats[:n], path)
        else:
            render_map(feats[:n], path, gazetteer=bm, title=f"Benchmark: {n:,} incidents")
        rows.append({"name": name, "n": n, "write": time.perf_counter() - t,
                     "mb": path.stat().st_size / 1e6})
        pages.append((path, ready))
    if not args.no_browser and Path(CHROMIUM).exists():
        for row, timing in zip(rows, browser_load(pages), strict=True):
            row.update(timing)

    head = (f"{'approach':<36} {'incidents':>9} {'write s':>8} {'MB':>7} {'load s':>7} "
            f"{'ready s':>8} {'ext req':>7} {'errors':>6}")
    print(head)
    print("-" * len(head))

    def line(r: dict[str, Any], name: str | None = None) -> str:
        def f(key: str, fmt: str) -> str:
            width = int(fmt.split(".")[0].rstrip("df"))
            return format(r[key], fmt) if key in r else "-".rjust(width)
        return (f"{name or r['name']:<36} {r['n']:>9,} {f('write', '8.2f')} {f('mb', '7.2f')} "
                f"{f('load', '7.2f')} {f('ready', '8.2f')} {f('external', '7d')} "
                f"{f('errors', '6d')}")

    for r in rows:
        print(line(r))
    naive = next((r for r in rows if "naive" in r["name"]), None)
    if naive and args.n != naive["n"]:
        k = args.n / naive["n"]
        scaled = {"n": args.n, **{key: naive[key] * k for key in ("write", "mb", "load", "ready")
                                  if key in naive}}
        print(line(scaled, f"naive, scaled ×{k:g} (linear estimate)"))
    ours = rows[0]
    ok = ours["write"] <= 60 and ours["mb"] <= 30 and ours.get("ready", 0) <= 5
    print(f"targets for {args.n:,}: write ≤ 60 s, ≤ 30 MB, ready ≤ 5 s → "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
