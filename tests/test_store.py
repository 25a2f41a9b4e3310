"""The gazetteer store: merge, de-duplication, atomic and idempotent builds, loading."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from test_importers import WOF_FEATURES, wof_path, write_geonames, write_ocha

from gazetteer.errors import SourceFormatError, StoreError
from gazetteer.model import Place
from gazetteer.store import (
    build_store,
    default_home,
    load_store,
    merge_places,
    read_manifest,
    store_exists,
)


@pytest.fixture()
def sources(tmp_path: Path) -> list[Path]:
    wof = tmp_path / "src" / "wof.zip"
    wof.parent.mkdir()
    with zipfile.ZipFile(wof, "w") as zf:
        for feature in WOF_FEATURES:
            zf.writestr(wof_path(feature["properties"]["wof:id"]), json.dumps(feature))
    return [wof, write_ocha(tmp_path / "src" / "cod"),
            write_geonames(tmp_path / "src" / "SY.txt")]


def by_origin(places: list[Place], pid: str) -> Place:
    """The place that is ``pid`` or that ``pid`` was merged into."""
    return next(p for p in places if p.place_id == pid
                or pid in p.attributes.get("merged_ids", []))


def test_default_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INCIDENT_MAPPER_HOME", str(tmp_path / "h"))
    assert default_home() == tmp_path / "h"
    monkeypatch.delenv("INCIDENT_MAPPER_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_home().name == "incident-mapper"


def test_build_and_load(tmp_path: Path, sources: list[Path]) -> None:
    home = tmp_path / "home"
    assert not store_exists(home)
    report = build_store(sources, home)
    assert store_exists(home) and report.path.parent == home
    assert [s["format"] for s in report.sources] == ["wof", "ocha", "geonames"]
    assert all(len(s["sha256"]) == 64 for s in report.sources)
    assert report.skipped >= 4
    manifest = read_manifest(home)
    assert manifest["total"] == report.total
    assert manifest["sources"][0]["log"]["skipped"]["impossible coordinates"] == 1
    assert "built_at" in manifest and manifest["format_version"] == 1
    loaded = load_store(home)
    places = list(loaded)
    ids = {p.place_id for p in places}
    assert {"ocha:SY040501", "ocha:SY0405"} <= ids
    assert by_origin(places, "gn:9990001").feature_type == "airbase"
    sub = next(p for p in places if p.place_id == "ocha:SY040501")
    assert sub.geometry is not None and sub.geometry.geom_type == "Polygon"
    # the WOF county is the OCHA district of the same name: merged into it
    assert "wof:2002" not in ids
    district = next(p for p in places if p.place_id == "ocha:SY0405")
    assert "Tadmur" in district.names and "wof:2002" in district.attributes["merged_ids"]
    # same GeoNames id (WOF 1001 and gn:4307): one place, names from both
    assert "gn:4307" not in ids
    shula = by_origin(places, "wof:1001")
    assert {"Al-Shula", "Shoula"} <= set(shula.names)
    # points get district / sub-district P-codes from the OCHA polygons
    sukhnah = by_origin(places, "wof:1002")
    assert sukhnah.subdistrict_pcode == "SY040501" and sukhnah.district_pcode == "SY0405"
    # ... and learn the names of the sub-district named after them
    assert "Sokhneh" in sukhnah.names


def test_rebuild_is_idempotent(tmp_path: Path, sources: list[Path]) -> None:
    home = tmp_path / "home"
    first = build_store(sources, home)
    a = (first.path / "places.json.gz").read_bytes(), read_manifest(home)["content_sha256"]
    second = build_store(sources, home)
    b = (second.path / "places.json.gz").read_bytes(), read_manifest(home)["content_sha256"]
    assert a == b
    assert not first.path.exists()  # the old store folder is removed
    assert [p.name for p in home.iterdir() if p.name.startswith("store-")] == [second.path.name]


def test_failed_build_keeps_previous_store(tmp_path: Path, sources: list[Path],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    build_store(sources[:1], home)
    before = read_manifest(home)
    with pytest.raises(SourceFormatError):
        build_store([*sources, tmp_path / "missing.zip"], home)
    import gazetteer.store as store

    def boom(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(store, "_write_places", boom)
    with pytest.raises(StoreError, match="disk full"):
        build_store(sources, home)
    assert read_manifest(home) == before
    assert len(load_store(home)) == before["total"]
    assert not [p for p in home.iterdir() if p.name.startswith(".build-")]


def test_load_missing_or_broken(tmp_path: Path, sources: list[Path]) -> None:
    with pytest.raises(StoreError, match="no gazetteer store"):
        load_store(tmp_path / "empty")
    home = tmp_path / "home"
    report = build_store(sources[1:2], home)
    (report.path / "places.json.gz").write_bytes(b"garbage")
    with pytest.raises(StoreError, match="unreadable"):
        load_store(home)
    assert issubclass(StoreError, OSError)


def test_load_is_fast(tmp_path: Path, sources: list[Path]) -> None:
    home = tmp_path / "home"
    build_store(sources, home)
    started = time.perf_counter()
    load_store(home)
    assert time.perf_counter() - started < 0.5


def test_gazetteer_load_uses_store(tmp_path: Path, sources: list[Path]) -> None:
    from gazetteer.gazetteer import Gazetteer

    home = tmp_path / "home"
    build_store(sources, home)
    gaz = Gazetteer.load(home)
    assert "ocha:SY040501" in gaz
    best = gaz.resolve("Ash Shula").place
    assert best is not None
    assert best.place_id == "wof:1001" or "wof:1001" in best.attributes.get("merged_ids", [])


def pt(pid: str, name: str, lat: float, lon: float, source: str = "wof",
       **kw: object) -> Place:
    aliases = tuple(kw.pop("aliases", ()))  # type: ignore[arg-type]
    return Place(place_id=pid, name=name, feature_type="village", lat=lat, lon=lon,
                 names=(name, *aliases), source=source, **kw)  # type: ignore[arg-type]


def test_merge_rules() -> None:
    curated = pt("place:x", "Al-Shula", 35.186, 39.849, source="embedded",
                 source_id="geonames:4307")
    near_same_name = pt("wof:1", "Ash Shula", 35.19, 39.85, aliases=("الشولا",))
    far_same_name = pt("wof:2", "Ash Shula", 36.5, 37.0)
    same_gnid = pt("gn:4307", "Shoula", 35.3, 39.9, source="geonames",
                   attributes={"geonames_id": 4307})
    other = pt("wof:3", "Kabajib", 35.2, 39.85)
    places, merged = merge_places([[curated], [near_same_name, far_same_name, other],
                                   [same_gnid]])
    assert merged == 2
    assert [p.place_id for p in places] == ["place:x", "wof:2", "wof:3"]
    keep = places[0]
    assert keep.source == "embedded" and keep.lat == 35.186  # curated record kept
    assert {"Ash Shula", "الشولا", "Shoula"} <= set(keep.names)
    assert keep.attributes["merged_ids"] == ["wof:1", "gn:4307"]


def test_resolve_place_name_composites(tmp_path: Path, sources: list[Path]) -> None:
    from gazetteer.gazetteer import Gazetteer
    from gazetteer.lookup import resolve_place_name, split_composite, strip_site_words

    assert split_composite("Deir-ez-Zor - Military Airbase") == ["Deir-ez-Zor",
                                                                 "Military Airbase"]
    assert strip_site_words("Yarmouk Camp") == "Yarmouk"
    home = tmp_path / "home"
    build_store(sources, home)
    gaz = Gazetteer.load(home)
    # a name shared by a sub-district and its seat: the town
    res = resolve_place_name(gaz, "Sokhneh", governorate_pcode="SY04")
    assert res.place is not None and not res.place.is_area
    assert abs(res.place.lat - 34.885) < 0.05
    # composite whose second part is unknown: the first part
    res = resolve_place_name(gaz, "Sokhneh - Phosphate Mine Road Checkpoint")
    assert res.place is not None and abs(res.place.lat - 34.885) < 0.05


def test_points_just_outside_the_polygons_take_the_nearest_subdistrict() -> None:
    """Borders differ between sources: a village 2 km outside OCHA's outline still gets
    the nearest sub-district's P-codes; one 20 km out gets none."""
    from shapely.geometry import box

    from gazetteer.store import _assign_admin_codes

    sub = Place(place_id="ocha:SY020302", name="Jandairis", feature_type="subdistrict",
                lat=36.4, lon=36.7, governorate_pcode="SY02", district_pcode="SY0203",
                subdistrict_pcode="SY020302", source="ocha", source_id="ocha:SY020302",
                geometry=box(36.6, 36.3, 36.8, 36.5))

    def village(pid: str, lat: float, lon: float) -> Place:
        return Place(place_id=pid, name=pid, feature_type="village", lat=lat, lon=lon,
                     governorate_pcode="SY02", source="wof", source_id=pid)

    inside, edge, far = village("wof:1", 36.4, 36.7), village("wof:2", 36.4, 36.58), \
        village("wof:3", 36.4, 36.4)
    out = {p.place_id: p for p in _assign_admin_codes([sub, inside, edge, far])}
    assert out["wof:1"].subdistrict_pcode == "SY020302"
    assert (out["wof:2"].district_pcode, out["wof:2"].subdistrict_pcode) == (
        "SY0203", "SY020302")
    assert out["wof:3"].subdistrict_pcode is None


def test_store_loaded_to_the_oldest_generation_is_the_same(
        tmp_path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import gazetteer.store as store_mod

    home = tmp_path / "home"
    build_store(sources, home)
    monkeypatch.setattr(store_mod, "_LOADED_TO_OLDEST", False)
    plain = load_store(home)
    monkeypatch.setattr(store_mod, "_LOADED_TO_OLDEST", True)
    enabled = gc.isenabled()
    loaded = load_store(home)
    assert gc.isenabled() == enabled and gc.get_freeze_count() == 0  # nothing kept frozen
    assert [(p, p.geometry.wkb if p.geometry is not None else None) for p in loaded.places] \
        == [(p, p.geometry.wkb if p.geometry is not None else None) for p in plain.places]
    assert loaded.index is not None and plain.index is not None
    assert vars(loaded.index).keys() == vars(plain.index).keys()
    for attr in ("place_ids", "names", "name_place", "exact", "normalized", "phonetic"):
        assert getattr(loaded.index, attr) == getattr(plain.index, attr)
    text = "Clashes in Kabajeb and Deir Ezzor."
    assert loaded.index.find_mentions(text) == plain.index.find_mentions(text)


def test_index_parts_saved_at_build_are_those_worked_out_on_first_use(
        tmp_path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """A store saves the name index's fuzzy tables and scan words; one built before they
    were saved still loads and works them out on first use, to the same tables and the
    same answers."""
    import numpy as np

    import gazetteer.index as index_mod
    from gazetteer.gazetteer import Gazetteer

    build_store(sources, tmp_path / "warm")
    monkeypatch.setattr(index_mod, "_SAVE_WARM_PARTS", False)
    build_store(sources, tmp_path / "bare")
    monkeypatch.undo()
    warm, bare = Gazetteer.load(tmp_path / "warm"), Gazetteer.load(tmp_path / "bare")
    assert set(warm.index._fuzzy) == {"phonetic", "normalized"}
    assert warm.index._stream_words is not None
    assert bare.index._fuzzy == {} and bare.index._stream_words is None
    assert bare.index._key_of_name == {}
    for kind in ("phonetic", "normalized"):
        saved, made = warm.index._fuzzy[kind], bare.index._fuzzy_table(kind)
        assert (saved.keys, saved.offsets, saved.mapping) == (made.keys, made.offsets,
                                                              made.mapping)
        assert np.array_equal(saved.counts, made.counts)
        assert np.array_equal(saved.lengths, made.lengths)
        assert sorted(saved.masks) == list(range(1, 9))
        for t, mask in saved.masks.items():
            assert np.array_equal(mask, bare.index._masks(made, t))
    assert warm.index._names_of == bare.index._names_by_place()
    assert warm.index._stream_words.key_words == bare.index._words_for_scan().key_words
    text = "Shelling hit Kabajeb, Al-Shula and Sokhneh near Deir Ezzor; clashes in Tadmor."
    assert warm.find_mentions(text) == bare.find_mentions(text)
    for name in ("Kabajib", "Sokhnah", "Shoula", "Tadmur", "Deir Ezor", "Palmyra",
                 "Kabajeeb", "Al Sukhna", "Tudmur"):
        assert warm.index.fuzzy(name) == bare.index.fuzzy(name)
        for types in (None, {"subdistrict"}, {"district", "governorate"}, {"airbase"}):
            assert warm.candidates(name, feature_types=types) == \
                bare.candidates(name, feature_types=types)
    # parts saved another way (another recipe) are worked out anew
    monkeypatch.setattr(index_mod, "_WARM_RECIPE", (0,))
    with caplog.at_level("INFO", logger="gazetteer.index"):
        assert Gazetteer.load(tmp_path / "warm").index._fuzzy == {}
    assert "older build" in caplog.text and "gazetteer build" in caplog.text  # says why


def test_fuzzy_subset_keys_of_names_match_the_whole_tables(
        tmp_path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The keys worked out for a subset's names are those the whole tables hold for them,
    also when they cannot be worked out (an index saved by other code: whole tables)."""
    import gazetteer.index as index_mod
    from gazetteer.gazetteer import Gazetteer

    build_store(sources, tmp_path / "home")
    index = Gazetteer.load(tmp_path / "home").index
    assert set(index._key_of_name) == {"normalized"}  # saved with the index
    every = list(range(len(index.names)))
    for kind in ("phonetic", "normalized"):
        mapping = index._fuzzy_table(kind).mapping
        whole = [k for ni in every for k in index._keys_by_name(kind)[ni]]
        assert index._keys_of_names(kind, every, mapping) == whole
        monkeypatch.setattr(index, "_key_of_name", {})  # worked out
        assert index._keys_of_names(kind, every, mapping) == whole
        monkeypatch.setattr(index_mod, "normalize_name", lambda name: "#" + name)
        monkeypatch.setattr(index, "name_phonetic", ["#"] * len(every))
        assert index._keys_of_names(kind, every, mapping) == whole  # whole tables
        monkeypatch.undo()


def _places_and_shapes(loaded: object) -> list[tuple[Place, dict, bytes | None]]:
    """Every place with its attributes (not compared by ``==``) and geometry."""
    return [(p, p.attributes, p.geometry.wkb if p.geometry is not None else None)
            for p in loaded.places]  # type: ignore[attr-defined]


def test_parsed_places_are_read_only_while_they_are_of_the_json(
        tmp_path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """``places.rows.pickle`` gives the places the JSON gives; it is not read once the JSON
    was changed, nor when broken, nor in a store built without it."""
    import gzip

    import gazetteer.store as store_mod

    home = tmp_path / "home"
    report = build_store(sources, home)
    assert read_manifest(home)["places_rows"] == "places.rows.pickle"
    assert (report.path / "places.rows.pickle").is_file()
    monkeypatch.setattr(store_mod, "_PARSED_PLACES", False)
    parsed = load_store(home)
    monkeypatch.undo()
    assert _places_and_shapes(load_store(home)) == _places_and_shapes(parsed)
    # the JSON edited by hand: its places, not the saved rows
    packed = report.path / "places.json.gz"
    records = json.loads(gzip.decompress(packed.read_bytes()))
    records[-1]["name"] = "Edited"
    packed.write_bytes(gzip.compress(json.dumps(records).encode()))
    assert load_store(home).places[-1].name == "Edited"
    # broken saved rows: the JSON
    (report.path / "places.rows.pickle").write_bytes(b"broken")
    assert load_store(home).places[-1].name == "Edited"
    # a store built without them
    monkeypatch.setattr(store_mod, "_PARSED_PLACES", False)
    other = build_store(sources, tmp_path / "plain")
    monkeypatch.undo()
    assert not (other.path / "places.rows.pickle").exists()
    assert read_manifest(tmp_path / "plain")["places_rows"] is None
    assert _places_and_shapes(load_store(tmp_path / "plain")) == _places_and_shapes(parsed)


def test_saved_areas_of_the_places_are_those_worked_out(
        tmp_path: Path, sources: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The store saves the areas of its point places and the snap outlines; an
    ``AreaIndex`` given them answers and remembers as one that works them out, and does
    not use answers of other places or rules."""
    import numpy as np
    import shapely

    import gazetteer.spatial as spatial_mod
    import gazetteer.store as store_mod
    from gazetteer.gazetteer import Gazetteer
    from gazetteer.spatial import ADMIN_LEVELS, AreaIndex

    build_store(sources, tmp_path / "home")
    assert read_manifest(tmp_path / "home")["area_answers"] == "areas.answers"
    gaz = Gazetteer.load(tmp_path / "home")
    saved, plain = gaz.areas, AreaIndex(gaz.places)
    assert saved._saved_answers is not None and plain._saved_answers is None
    levels = (*ADMIN_LEVELS, "zone")
    for level in levels:
        if level != "zone":
            (snap_deg, outline), = saved._levels[level]._reach.items()
            assert shapely.to_wkb(outline) == shapely.to_wkb(
                plain._levels[level].reach(snap_deg))
        memos: list[dict] = [{}, {}]
        for areas, memo in zip((saved, plain), memos, strict=True):
            areas._prefill(level, memo)
        assert memos[0] == memos[1] and memos[0]
    points = [(p.lon, p.lat) for p in gaz.places][::7] + [(38.0, 35.0), (36.1, 36.9)]
    lons, lats = [x for x, _ in points], [y for _, y in points]
    for _ in range(2):  # worked out one by one, then from the pre-filled memo
        for lon, lat in zip(lons, lats, strict=True):
            assert saved.admin_at(lon, lat) == plain.admin_at(lon, lat)
            assert saved.zone_at(lon, lat) == plain.zone_at(lon, lat)
    # answers of other places or rules are not used
    answers = gaz._area_answers
    assert AreaIndex(list(gaz.places), answers=answers)._saved_answers is not None
    assert AreaIndex(gaz.places[1:], answers=answers)._saved_answers is None
    assert AreaIndex(gaz.places, answers=answers, snap_km=5)._saved_answers is None
    moved = {**answers, "points": np.asarray(answers["points"]) + 1e-9}
    assert AreaIndex(gaz.places, answers=moved)._saved_answers is None
    monkeypatch.setattr(spatial_mod, "ANSWERS_RECIPE", spatial_mod.ANSWERS_RECIPE + 1)
    assert AreaIndex(gaz.places, answers=answers)._saved_answers is None
    monkeypatch.undo()
    # a store without them (built before they were saved) still answers
    monkeypatch.setattr(store_mod, "_save_area_answers", lambda places, path: False)
    build_store(sources, tmp_path / "older")
    monkeypatch.undo()
    older = Gazetteer.load(tmp_path / "older")
    assert older._area_answers is None and older.areas._saved_answers is None
    assert [older.areas.admin_at(x, y) for x, y in points] == \
        [plain.admin_at(x, y) for x, y in points]
