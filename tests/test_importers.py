"""Importers: format detection and the WOF, OCHA, GeoNames readers on fixtures written here."""

from __future__ import annotations

import http.server
import json
import threading
import zipfile
from pathlib import Path

import pytest

from gazetteer.errors import GazetteerError, SourceFormatError
from gazetteer.importers import ImportLog, detect_source, places_from_source
from gazetteer.importers._common import GEONAMES_ADMIN1_TO_PCODE, gn_admin1_pcode
from gazetteer.importers.geonames import download_geonames, places_from_geonames
from gazetteer.importers.ocha import places_from_ocha
from gazetteer.importers.wof import places_from_wof

# ---------------------------------------------------------------------------------------
# fixtures written by the project (invented records in WOF / OCHA / GeoNames layouts)


def wof_feature(wof_id: int, name: str, lon: float, lat: float, *, placetype: str = "locality",
                geometry: dict | None = None, **props: object) -> dict:
    base = {"wof:id": wof_id, "wof:name": name, "wof:placetype": placetype,
            "geom:latitude": lat, "geom:longitude": lon, "wof:superseded_by": [],
            "wof:hierarchy": [{"country_id": 1, "locality_id": wof_id}]}
    base.update(props)
    return {"type": "Feature", "properties": base,
            "geometry": geometry or {"type": "Point", "coordinates": [lon, lat]}}


def square(lon: float, lat: float, d: float = 0.5) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon - d, lat - d], [lon + d, lat - d],
                                                [lon + d, lat + d], [lon - d, lat + d],
                                                [lon - d, lat - d]]]}


WOF_FEATURES = [
    wof_feature(1001, "Ash Shula", 39.849, 35.186, **{
        "gn:geonameid": 4307, "gn:admin1_code": "7.0", "gn:feature_code": "PPL",
        "gn:name": "Ash Shūlā", "name:ara_x_preferred": ["Ash Shūlā"],
        "name:ara_x_variant": ["الشولا"], "name:rus_x_preferred": ["Эш-Шула"]}),
    wof_feature(1002, "As Sukhnah", 38.871, 34.885, **{
        "gn:geonameid": 172425, "gn:admin1_code": "11.0", "gn:feature_code": "PPLA3",
        "name:und_x_variant": ["Es Sukhne", "Sukhnah"], "name:ara_x_variant": ["السخنة"]}),
    wof_feature(1003, "Far Away", 139.0, 35.0),                     # outside Syria
    wof_feature(1004, "Nowhere", 0.0, 0.0),                         # impossible
    wof_feature(1005, "", 38.0, 35.0),                              # no name
    wof_feature(1006, "Old Name", 38.0, 35.0, **{"wof:superseded_by": [1002]}),
    wof_feature(2001, "Homs (Hims)", 38.6, 34.2, placetype="region", geometry=square(38.6, 34.2),
                **{"wof:concordances": {"gn:id": 169575, "iso:code": "SY-HI"}}),
    wof_feature(2002, "Tadmor", 38.8, 34.5, placetype="county", geometry=square(38.8, 34.5),
                **{"name:eng_x_preferred": ["Tadmur"], "mz:is_current": 1,
                   "wof:hierarchy": [{"region_id": 2001, "county_id": 2002}]}),
    wof_feature(1007, "Qaryatayn", 37.241, 34.230,
                **{"wof:hierarchy": [{"region_id": 2001, "locality_id": 1007}]}),
]


def wof_path(wof_id: int, prefix: str = "whosonfirst-data-admin-sy-master/") -> str:
    digits = str(wof_id)
    parts = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return f"{prefix}data/{'/'.join(parts)}/{digits}.geojson"


@pytest.fixture()
def wof_zip(tmp_path: Path) -> Path:
    path = tmp_path / "whosonfirst-data-admin-sy.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("whosonfirst-data-admin-sy-master/README.md", "fixture")
        for feature in WOF_FEATURES:
            zf.writestr(wof_path(feature["properties"]["wof:id"]), json.dumps(feature))
        zf.writestr(wof_path(1002).replace(".geojson", "-alt-quattroshapes.geojson"),
                    json.dumps(WOF_FEATURES[1]))
    return path


def write_ocha(folder: Path) -> Path:
    """A tiny COD-AB-like set: admin1 (2 governorates), admin2 (1), admin3 (2), admin0."""
    import geopandas as gpd
    from shapely.geometry import box

    folder.mkdir(parents=True, exist_ok=True)
    layers = {
        "syr_admin0": [{"NAME_EN": "Syrian Arab Republic", "NAM_EN_REF": "Syria",
                        "NAME_AR": "سوريا", "PCODE": "SY",
                        "geometry": box(35.7, 32.3, 42.4, 37.3)}],
        "syr_admin1": [
            {"NAME_EN": "Homs", "NAM_EN_REF": "Homs", "NAME_AR": "حمص", "PCODE": "SY04",
             "geometry": box(36.5, 33.5, 40.0, 35.2)},
            {"NAME_EN": "Deir-ez-Zor", "NAM_EN_REF": "Deir ez-Zor", "NAME_AR": "دير الزور",
             "PCODE": "SY09", "geometry": box(39.0, 34.4, 41.3, 36.0)}],
        "syr_admin2": [{"NAME_EN": "Tadmor", "NAM_EN_REF": "Palmyra", "NAME_AR": "تدمر",
                        "PCODE": "SY0405", "ADM1_PCODE": "SY04",
                        "geometry": box(37.5, 33.9, 40.0, 35.2)}],
        "syr_admin3": [
            {"NAME_EN": "Sokhneh", "NAM_EN_REF": "As Sukhnah", "NAME_AR": "السخنة",
             "NAM_AR_REF": "السخنة", "PCODE": "SY040501", "ADM2_PCODE": "SY0405",
             "ADM1_PCODE": "SY04", "ADM0_EN": "الجمهورية العربية السورية",
             "ADM0_AR": "Syrian Arab Republic", "geometry": box(38.5, 34.5, 39.6, 35.1)},
            {"NAME_EN": "Tadmor", "NAM_EN_REF": "Tadmor", "NAME_AR": "مركز تدمر",
             "NAM_AR_REF": "تدمر", "PCODE": "SY040500", "ADM2_PCODE": "SY0405",
             "ADM1_PCODE": "SY04", "ADM0_EN": "الجمهورية العربية السورية",
             "ADM0_AR": "Syrian Arab Republic", "geometry": box(37.6, 34.0, 38.5, 34.9)}],
    }
    for name, rows in layers.items():
        gpd.GeoDataFrame(rows, crs="EPSG:4326").to_file(folder / f"{name}.shp",
                                                        engine="pyogrio")
    return folder


GEONAMES_ROWS = [
    ["4307", "Ash Shūlā", "Ash Shula", "Al-Shula,Shoula,الشولا,Шула", "35.18588", "39.84881",
     "P", "PPL", "SY", "", "07", "", "", "", "0", "", "316", "Asia/Damascus", "2018-01-09"],
    ["170063", "Aleppo", "Aleppo", "Halab,حلب", "36.20124", "37.16117", "P", "PPLA", "SY", "",
     "09", "", "", "", "1602264", "", "390", "Asia/Damascus", "2020-06-10"],
    ["9990001", "Tiyas Air Base", "Tiyas Air Base", "T4,T-4 Airbase", "34.5225", "37.6297",
     "S", "AIRB", "SY", "", "11", "", "", "", "0", "", "549", "Asia/Damascus", "2020-01-01"],
    ["170062", "Muhafazat Halab", "Muhafazat Halab", "Aleppo Governorate", "36.25", "37.5",
     "A", "ADM1", "SY", "", "09", "", "", "", "0", "", "0", "Asia/Damascus", "2020-01-01"],
    ["9990002", "Broken", "Broken", "", "95.0", "38.0", "P", "PPL", "SY", "", "07", "", "", "",
     "0", "", "0", "Asia/Damascus", "2020-01-01"],
    ["9990003", "", "", "", "35.0", "38.0", "P", "PPL", "SY", "", "07", "", "", "", "0", "",
     "0", "Asia/Damascus", "2020-01-01"],
]


def write_geonames(path: Path) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in GEONAMES_ROWS), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# detection


def test_detect_formats(tmp_path: Path, wof_zip: Path) -> None:
    assert detect_source(wof_zip) == "wof"
    assert detect_source(write_ocha(tmp_path / "cod")) == "ocha"
    txt = write_geonames(tmp_path / "SY.txt")
    assert detect_source(txt) == "geonames"
    with zipfile.ZipFile(tmp_path / "SY.zip", "w") as zf:
        zf.write(txt, "SY.txt")
        zf.writestr("readme.txt", "readme")
    assert detect_source(tmp_path / "SY.zip") == "geonames"
    tsv = tmp_path / "flat.tsv"
    tsv.write_text("wof_id\tplacetype\tname\tlat\tlon\n1\tlocality\tX\t35\t38\n")
    assert detect_source(tsv) == "wof"
    osy = tmp_path / "opensyria"
    osy.mkdir()
    for f in ("governorates.json", "districts.json", "subdistricts.json"):
        (osy / f).write_text("[]")
    assert detect_source(osy) == "opensyria"


def test_detect_rejects_unknown_and_missing(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello\nworld\n")
    with pytest.raises(SourceFormatError, match="expected one of"):
        detect_source(other)
    with pytest.raises(SourceFormatError, match="no such file"):
        detect_source(tmp_path / "missing.zip")
    bad = tmp_path / "truncated.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SourceFormatError, match="zip"):
        detect_source(bad)


def test_source_format_error_is_value_error() -> None:
    assert issubclass(SourceFormatError, ValueError)


# ---------------------------------------------------------------------------------------
# WOF


def test_wof_localities_names_and_pcodes(wof_zip: Path) -> None:
    log = ImportLog()
    places = {p.place_id: p for p in places_from_wof(wof_zip, log=log)}
    shula = places["wof:1001"]
    assert shula.source == "wof" and shula.geometry is None
    assert shula.governorate_pcode == "SY09"  # GeoNames admin1 07 = OCHA SY09
    assert "الشولا" in shula.names and "Ash Shūlā" in shula.names
    assert "Эш-Шула" not in shula.names  # only Latin and Arabic script
    assert shula.attributes["geonames_id"] == 4307
    sukhnah = places["wof:1002"]
    assert sukhnah.governorate_pcode == "SY04" and sukhnah.feature_type == "town"
    assert {"Es Sukhne", "السخنة"} <= set(sukhnah.names)
    # without gn:admin1_code the WOF region gives the governorate
    assert places["wof:1007"].governorate_pcode == "SY04"


def test_wof_county_region_and_skips(wof_zip: Path) -> None:
    log = ImportLog()
    places = {p.place_id: p for p in places_from_wof(wof_zip, log=log)}
    county = places["wof:2002"]
    assert county.feature_type == "district" and county.geometry is not None
    assert county.name == "Tadmur" and "Tadmor" in county.names
    assert county.governorate_pcode == "SY04"
    assert "wof:2001" not in places  # regions are hierarchy only
    assert {"wof:1003", "wof:1004", "wof:1005", "wof:1006"}.isdisjoint(places)
    assert log.skipped["outside Syria"] == 1
    assert log.skipped["impossible coordinates"] == 1
    assert log.skipped["no name"] == 1
    assert log.skipped["superseded or deprecated"] == 1
    assert log.skipped["region: used as hierarchy only"] == 1
    assert len(places) == 4  # the -alt- geometry file is not a second record


def test_wof_folder_and_flat_tsv(tmp_path: Path) -> None:
    for feature in WOF_FEATURES[:2]:
        target = tmp_path / "repo" / wof_path(feature["properties"]["wof:id"], prefix="")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(feature), encoding="utf-8")
    assert detect_source(tmp_path / "repo") == "wof"
    assert [p.place_id for p in places_from_wof(tmp_path / "repo")] == ["wof:1001", "wof:1002"]
    tsv = tmp_path / "flat.tsv"
    header = ("wof_id\tplacetype\tname\tgeonameid\tgn_name\tgn_asciiname\tfeature_class\t"
              "feature_code\tgn_admin1\tgn_population\tlat\tlon\tgeom_type\twof_region\t"
              "wof_county\tis_current\tsuperseded\tnames_ar\tnames_latin\tpath\n")
    rows = ["1001\tlocality\tAsh Shula\t4307\tAsh Shūlā\tAsh Shula\tP\tPPL\t07\t0\t35.18588\t"
            "39.84881\tPoint\t\t\t-1\tFalse\tالشولا\tAsh Shūlā|Shoula\tdata/x.geojson\n",
            "1003\tlocality\tBad\t\t\t\t\t\t\t\tnan\t39.0\tPoint\t\t\t-1\tFalse\t\t\tx\n"]
    tsv.write_text(header + "".join(rows), encoding="utf-8")
    log = ImportLog()
    (p,) = places_from_wof(tsv, log=log)
    assert p.governorate_pcode == "SY09" and "الشولا" in p.names and "Shoula" in p.names
    assert log.skipped["impossible coordinates"] == 1


def test_wof_corrupt_member_is_skipped(tmp_path: Path, wof_zip: Path) -> None:
    data = bytearray(wof_zip.read_bytes())
    with zipfile.ZipFile(wof_zip) as zf:
        info = zf.getinfo(wof_path(1001))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8  # damage one member's compressed bytes
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(data))
    log = ImportLog()
    ids = {p.place_id for p in places_from_wof(broken, log=log)}
    assert "wof:1001" not in ids and "wof:1002" in ids
    assert any("unreadable" in reason or "not a GeoJSON" in reason for reason in log.skipped)


def test_wof_truncated_zip_raises(tmp_path: Path, wof_zip: Path) -> None:
    partial = tmp_path / "partial.zip"
    partial.write_bytes(wof_zip.read_bytes()[: wof_zip.stat().st_size // 2])
    with pytest.raises(SourceFormatError):
        places_from_wof(partial)


# ---------------------------------------------------------------------------------------
# OCHA


def test_ocha_levels_names_pcodes(tmp_path: Path) -> None:
    log = ImportLog()
    places = {p.place_id: p for p in places_from_ocha(write_ocha(tmp_path / "cod"), log=log)}
    assert set(places) == {"ocha:SY04", "ocha:SY09", "ocha:SY0405", "ocha:SY040501",
                           "ocha:SY040500"}
    sokhneh = places["ocha:SY040501"]
    assert sokhneh.feature_type == "subdistrict" and sokhneh.geometry.geom_type == "Polygon"
    assert sokhneh.names[0] == "Sokhneh" and {"As Sukhnah", "السخنة"} <= set(sokhneh.names)
    assert (sokhneh.governorate_pcode, sokhneh.district_pcode, sokhneh.subdistrict_pcode) == (
        "SY04", "SY0405", "SY040501")
    assert sokhneh.geometry.contains(__import__("shapely").Point(sokhneh.lon, sokhneh.lat))
    assert places["ocha:SY0405"].feature_type == "district"
    assert "Palmyra" in places["ocha:SY0405"].names  # NAM_EN_REF alternate
    assert places["ocha:SY04"].feature_type == "governorate"
    assert log.skipped["country outline (not a place)"] == 1


def test_ocha_neighbourhood_quarter_names(tmp_path: Path) -> None:
    """"Joubar Gharbi" / "Masakin Barza" are also found as the quarter: "Joubar", "Barza"."""
    import geopandas as gpd
    from shapely.geometry import box

    folder = write_ocha(tmp_path / "cod")
    rows = [
        {"NAME_EN": name, "NAME_AR": ar, "PCODE": pcode, "ADM4_EN": "Damascus",
         "ADM1_PCODE": "SY01", "LATITUDE": lat, "LONGITUDE": lon,
         "geometry": box(lon - 0.004, lat - 0.004, lon + 0.004, lat + 0.004)}
        for name, ar, pcode, lat, lon in [
            ("Joubar Gharbi", "جوبر الغربي", "N0901", 33.531, 36.328),
            ("Masakin Barza", "مساكن برزة", "N0902", 33.548, 36.321),
            ("Qaboun", "القابون", "N0903", 33.545, 36.336)]]
    gpd.GeoDataFrame(rows, crs="EPSG:4326").to_file(folder / "city_neighbourhoods.shp",
                                                    engine="pyogrio")
    places = {p.place_id: p for p in places_from_ocha(folder)}
    assert "Joubar" in places["ocha:N0901"].names
    assert places["ocha:N0901"].names[0] == "Joubar Gharbi"
    assert "Barza" in places["ocha:N0902"].names
    assert places["ocha:N0903"].names[:1] == ("Qaboun",)
    assert "Qaboun" == places["ocha:N0903"].name and len(
        [n for n in places["ocha:N0903"].names if n.isascii()]) == 1


def test_ocha_zip_and_missing_dbf(tmp_path: Path) -> None:
    folder = write_ocha(tmp_path / "cod")
    (folder / "syr_admin2.dbf").unlink()
    archive = tmp_path / "cod.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f"cod-ab/{f.name}")
    assert detect_source(archive) == "ocha"
    for source in (folder, archive):
        log = ImportLog()
        ids = {p.place_id for p in places_from_ocha(source, log=log)}
        assert "ocha:SY0405" not in ids and "ocha:SY040501" in ids
        assert any(".dbf" in reason for reason in log.skipped)


def test_ocha_nothing_readable(tmp_path: Path) -> None:
    folder = write_ocha(tmp_path / "cod")
    for dbf in folder.glob("*.dbf"):
        dbf.unlink()
    with pytest.raises(SourceFormatError, match="no readable"):
        places_from_ocha(folder)


# ---------------------------------------------------------------------------------------
# GeoNames


def test_geonames_rows(tmp_path: Path) -> None:
    log = ImportLog()
    places = {p.place_id: p for p in places_from_geonames(write_geonames(tmp_path / "SY.txt"),
                                                          log=log)}
    assert set(places) == {"gn:4307", "gn:170063", "gn:9990001"}
    shula = places["gn:4307"]
    assert shula.governorate_pcode == "SY09" and shula.source_id == "geonames:4307"
    assert {"Al-Shula", "الشولا", "Ash Shula"} <= set(shula.names)
    assert "Шула" not in shula.names
    assert places["gn:170063"].feature_type == "city"
    assert places["gn:170063"].governorate_pcode == "SY02"
    assert places["gn:9990001"].feature_type == "airbase"
    assert log.skipped["impossible coordinates"] == 1
    assert log.skipped["no name"] == 1
    assert sum(v for k, v in log.skipped.items() if k.startswith("administrative")) == 1


def test_geonames_wrong_columns(tmp_path: Path) -> None:
    bad = tmp_path / "SY.txt"
    bad.write_text("".join("1\t2\t3\n" for _ in range(10)))
    with pytest.raises(SourceFormatError, match="19"):
        places_from_geonames(bad)


def test_admin1_table_is_explicit_and_complete() -> None:
    assert sorted(GEONAMES_ADMIN1_TO_PCODE.values()) == [f"SY{i:02d}" for i in range(1, 15)]
    assert gn_admin1_pcode("7.0") == "SY09" and gn_admin1_pcode("SY.11") == "SY04"
    assert gn_admin1_pcode(13) == "SY01" and gn_admin1_pcode("") is None
    assert gn_admin1_pcode("99") is None


@pytest.fixture()
def geonames_server(tmp_path: Path):
    root = tmp_path / "www"
    root.mkdir()
    txt = write_geonames(tmp_path / "SY.txt")
    with zipfile.ZipFile(root / "SY.zip", "w") as zf:
        zf.write(txt, "SY.txt")
        zf.writestr("readme.txt", "fixture")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_download_geonames(tmp_path: Path, geonames_server: str) -> None:
    seen: list[tuple[int, int | None]] = []
    dest = tmp_path / "downloads"
    path = download_geonames("sy", dest, base_url=geonames_server,
                             progress=lambda d, t: seen.append((d, t)))
    assert path == dest / "SY.zip" and zipfile.is_zipfile(path)
    assert seen and seen[-1][0] == seen[-1][1] == path.stat().st_size
    assert [p.name for p in dest.iterdir()] == ["SY.zip"]  # no temporary file left
    assert {p.place_id for p in places_from_source(path)} >= {"gn:4307", "gn:170063"}


def test_download_geonames_failure_leaves_nothing(tmp_path: Path, geonames_server: str) -> None:
    dest = tmp_path / "downloads"
    with pytest.raises(GazetteerError, match="download failed"):
        download_geonames("XX", dest, base_url=geonames_server)
    assert list(dest.iterdir()) == []
    with pytest.raises(ValueError, match="two letters"):
        download_geonames("SYR", dest, base_url=geonames_server)
