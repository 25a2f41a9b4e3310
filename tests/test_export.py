"""GeoJSON / CSV / GeoPackage writers, read back with GDAL (pyogrio)."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from mapper.export import (
    atomic_write,
    features_from_incidents,
    write_csv,
    write_geojson,
    write_geopackage,
)
from mapper.schema import Incident, Location, PlaceExpression


def _incidents() -> list[Incident]:
    town = Incident(
        id="r#1", source="r.txt", source_span=(10, 60), text="An attack near <b>Arak</b>.",
        date="2021-03-04", date_precision="day", event_type="Battles",
        sub_event_type="Armed clash", actors=["ISIS", "Regime forces"], fatalities=3,
        place=PlaceExpression("Arak", 20, 24),
        location=Location(Point(38.5, 34.7), (38.5, 34.7), "Arak", "place:arak", "town",
                          1, 1, 1.0, 0.9),
    )
    road = Incident(
        id="r#2", source="r.txt", source_span=(61, 120), text="On the highway.",
        location=Location(LineString([(38.3, 34.6), (38.9, 34.9)]), (38.6, 34.75),
                          "highway", "corridor:x", "corridor", 2, 5, 35.0, 0.7),
    )
    # clockwise exterior on purpose: the writer must re-orient it
    zone = Incident(
        id="r#3", source="r.txt", source_span=(121, 160), text="Homs desert: 4 attacks.",
        record_type="tally", count=4, fatalities=14,
        location=Location(Polygon([(37, 34), (37, 35), (39, 35), (39, 34)]), (38, 34.5),
                          "Homs desert", "zone:homs-desert", "zone", 3, 5, 110.0, 0.8),
    )
    lost = Incident(id="r#4", source="r.txt", source_span=(161, 170), text="Somewhere.",
                    unlocated_reason="no gazetteer match for 'Foo'")
    return [town, road, zone, lost]


def test_geojson_is_rfc7946(tmp_path: Path) -> None:
    path = write_geojson(features_from_incidents(_incidents()), tmp_path / "i.geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    ring = data["features"][2]["geometry"]["coordinates"][0]
    assert shapely.LinearRing(ring).is_ccw, "exterior ring must be counter-clockwise"
    assert data["features"][3]["geometry"] is None
    assert data["features"][0]["properties"]["source_span"] == [10, 60]
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == 4
    assert list(frame.geometry.geom_type[:3]) == ["Point", "LineString", "Polygon"]
    assert frame.loc[0, "fatalities"] == 3
    assert frame.crs.to_epsg() == 4326


def test_csv_has_acled_like_columns(tmp_path: Path) -> None:
    path = write_csv(features_from_incidents(_incidents()), tmp_path / "i.csv")
    frame = pyogrio.read_dataframe(path)
    for col in ("event_type", "latitude", "longitude", "geo_precision", "fatalities", "text"):
        assert col in frame.columns
    assert frame.loc[0, "actors"] == "ISIS; Regime forces"
    assert float(frame.loc[0, "latitude"]) == pytest.approx(34.7)


def test_geopackage_layers(tmp_path: Path) -> None:
    path = write_geopackage(features_from_incidents(_incidents()), tmp_path / "i.gpkg")
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"incidents", "incident_points"} <= layers
    points = pyogrio.read_dataframe(path, layer="incident_points")
    assert points.crs.to_epsg() == 4326
    assert points.geometry.iloc[0].equals(Point(38.5, 34.7))


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write("half")
            raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_atomic_write_respects_umask(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "out.txt") as fh:
            fh.write("x")
    finally:
        os.umask(old)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644
