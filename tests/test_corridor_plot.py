"""Corridor plots: incidents linear-referenced along a highway, drawn to PNG/SVG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mapper.corridor_plot import find_corridor, plot_corridor, positions_along
from mapper.errors import InputError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gaz():
    from gazetteer import Gazetteer

    return Gazetteer.default()


def _point(lon: float, lat: float, **props) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": props}


def _features(corridor) -> list[dict]:
    palmyra = next(p for p, _ in corridor.waypoint_km if p.place_id == "place:palmyra")
    sukhnah = next(p for p, _ in corridor.waypoint_km if p.place_id == "place:as-sukhnah")
    segment = corridor.segment_between(sukhnah, corridor.waypoint_km[-1][0])
    return [
        _point(palmyra.lon, palmyra.lat, fatalities=5, date="2021-03-04", place="Palmyra"),
        {"type": "Feature", "geometry": {"type": "LineString",
                                         "coordinates": [list(c) for c in segment.coords]},
         "properties": {"fatalities": 0, "date": "2021-03-26", "place": "the road"}},
        _point(36.3, 33.5, fatalities=2, date="2021-03-05", place="far away"),  # Damascus
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
            [[38, 34], [39, 34], [39, 35], [38, 35], [38, 34]]]}, "properties": {}},
    ]


def test_find_corridor_by_alias_and_error(gaz) -> None:
    assert find_corridor(gaz, "M20").place_id == "corridor:homs-deir-ez-zor"
    assert find_corridor(gaz, "Homs-Deir Ezzor highway").place_id == "corridor:homs-deir-ez-zor"
    with pytest.raises(InputError, match="corridors:"):
        find_corridor(gaz, "Nowhere motorway xyz")


def test_positions_along(gaz) -> None:
    corridor = find_corridor(gaz, "corridor:homs-deir-ez-zor")
    placed = positions_along(corridor, _features(corridor))
    assert len(placed) == 2  # the far point and the polygon are left off
    palmyra_km = next(km for p, km in corridor.waypoint_km if p.place_id == "place:palmyra")
    assert placed[0].km_start == pytest.approx(palmyra_km, abs=1.0)
    assert placed[1].km_end - placed[1].km_start > 50
    assert placed[1].km_end == pytest.approx(corridor.length_km, abs=2.0)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_writes_figure(gaz, tmp_path: Path, suffix: str) -> None:
    corridor = find_corridor(gaz, "M20")
    path, n = plot_corridor(corridor, _features(corridor), tmp_path / f"m20{suffix}",
                            gazetteer=gaz)
    assert n == 2 and path.stat().st_size > 10_000
    if suffix == ".svg":
        assert "Palmyra" in path.read_text(encoding="utf-8")
    else:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_corridor_cli_on_example_report(tmp_path: Path) -> None:
    out = tmp_path / "m20.png"
    result = subprocess.run(
        [sys.executable, "-m", "mapper", "corridor", "M20",
         str(REPO / "examples" / "badia_monthly_2021-03.txt"), "-o", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    assert out.exists() and "incidents placed along" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "mapper", "corridor", "M20",
         str(REPO / "examples" / "badia_monthly_2021-03.txt"), "-o", str(tmp_path / "x.jpg")],
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert bad.returncode == 2 and ".png or .svg" in bad.stderr
