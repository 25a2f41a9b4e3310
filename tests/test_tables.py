"""incident-mapper table: streaming rows, column handling, formats, errors, Dask = serial."""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from mapper.errors import InputError
from mapper.tables import iter_rows, locate_table

REPO = Path(__file__).resolve().parents[1]

ROWS = [
    {"event_id": "T1", "latitude": "1.0", "longitude": "2.0",
     "notes": "ISIS fighters ambushed a regime patrol near Al-Sukhnah in the eastern Homs "
              "desert, killing four soldiers."},
    {"event_id": "T2", "latitude": "", "longitude": "",
     "notes": "Clashes broke out between the SDF and ISIS cells in Al-Shuhayl in the eastern "
              "countryside of Deir Ezzor. No fatalities reported."},
    {"event_id": "T3", "latitude": "", "longitude": "",
     "notes": "Unknown gunmen shot dead a man. No location was given."},
    {"event_id": "T4", "latitude": "", "longitude": "",
     "notes": "Russian warplanes carried out airstrikes on the Homs-Deir Ezzor highway."},
]


def write_csv_table(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def gaz():
    from gazetteer import Gazetteer

    return Gazetteer.default()


def test_csv_to_csv_keeps_input_columns_and_renames_clashes(tmp_path: Path, gaz) -> None:
    src = write_csv_table(tmp_path / "in.csv", ROWS)
    summary = locate_table(src, tmp_path / "out.csv", text_column="notes",
                           id_column="event_id", gazetteer=gaz)
    assert summary.rows == 4
    assert summary.renamed == {"latitude": "input_latitude", "longitude": "input_longitude"}
    with (tmp_path / "out.csv").open(encoding="utf-8") as fh:
        out = list(csv.DictReader(fh))
    assert [r["event_id"] for r in out] == ["T1", "T2", "T3", "T4"]
    assert out[0]["input_latitude"] == "1.0"
    assert abs(float(out[0]["latitude"]) - 34.885) < 0.3
    assert out[0]["governorate"] == "Homs"
    assert out[2]["latitude"] == ""
    assert summary.located == 3
    assert sum(summary.not_located.values()) == 1


def test_jsonl_gz_to_geojson_and_gpkg(tmp_path: Path, gaz) -> None:
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        for row in ROWS:
            fh.write(json.dumps(row) + "\n")
    locate_table(src, tmp_path / "out.geojson", text_column="notes", gazetteer=gaz)
    frame = pyogrio.read_dataframe(tmp_path / "out.geojson")
    assert len(frame) == 4 and frame.geometry.notna().sum() == 3
    locate_table(src, tmp_path / "out.gpkg", text_column="notes", gazetteer=gaz)
    gpkg = pyogrio.read_dataframe(tmp_path / "out.gpkg")
    assert len(gpkg) == 4 and gpkg.crs.to_epsg() == 4326


def test_place_column_geocodes_names(tmp_path: Path, gaz) -> None:
    src = write_csv_table(tmp_path / "in.csv", [
        {"id": "1", "place": "Sokhneh"}, {"id": "2", "place": "Deir-ez-Zor"},
        {"id": "3", "place": "Nowhere-at-all-xyz"}])
    summary = locate_table(src, tmp_path / "out.jsonl", place_column="place", gazetteer=gaz)
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert summary.located == 2
    assert abs(rows[1]["latitude"] - 35.336) < 0.1
    assert rows[2]["latitude"] is None


def test_wrong_text_column_lists_columns(tmp_path: Path, gaz) -> None:
    src = write_csv_table(tmp_path / "in.csv", ROWS)
    with pytest.raises(InputError, match="columns are: event_id, latitude, longitude, notes"):
        locate_table(src, tmp_path / "out.csv", text_column="note", gazetteer=gaz)
    assert not (tmp_path / "out.csv").exists()


def test_malformed_csv_reports_line(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_bytes(b"id,notes\n1,fine\n2,\"broken\x00 quote\n")
    with pytest.raises(InputError, match="line"):
        list(iter_rows(src))


def test_nul_byte_reported_at_its_rows_last_line(tmp_path: Path) -> None:
    """A NUL in any line of a multi-line record names the record's last line; a NUL in
    the header or in extra fields (beyond the header's) is not an error."""
    src = tmp_path / "nul.csv"
    src.write_bytes(b'id,notes\n1,fine\n2,"two\nli\x00nes\nhere"\n3,after\n')
    with pytest.raises(InputError, match="line 5: contains a NUL"):
        list(iter_rows(src))
    ok = tmp_path / "ok.csv"
    ok.write_bytes(b"id,no\x00tes\n1,fine,extra\x00field\n2,also fine\n")
    assert [r["id"] for r in iter_rows(ok)] == ["1", "2"]


def test_bad_json_line_reports_line(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"notes": "ok"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        list(iter_rows(src))


def test_failed_run_keeps_previous_output(tmp_path: Path, gaz) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(json.dumps(ROWS[0]) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("previous", encoding="utf-8")
    with pytest.raises(InputError):
        locate_table(src, out, text_column="notes", gazetteer=gaz)
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "out.csv"]


def test_dask_engine_matches_serial(tmp_path: Path, gaz) -> None:
    pytest.importorskip("distributed")
    src = write_csv_table(tmp_path / "in.csv", ROWS * 5)
    locate_table(src, tmp_path / "serial.csv", text_column="notes", gazetteer=gaz)
    locate_table(src, tmp_path / "dask.csv", text_column="notes", engine="dask",
                 chunk_rows=3)
    assert (tmp_path / "dask.csv").read_text() == (tmp_path / "serial.csv").read_text()


def test_table_cli_summary(tmp_path: Path) -> None:
    src = write_csv_table(tmp_path / "in.csv", ROWS)
    result = subprocess.run(
        [sys.executable, "-m", "mapper", "table", str(src), "-o", str(tmp_path / "o.csv"),
         "--text-column", "notes"], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "rows read:    4" in result.stdout
    assert "input column 'latitude' kept as 'input_latitude'" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "mapper", "table", str(src), "-o", str(tmp_path / "o.csv"),
         "--text-column", "nope"], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert bad.returncode == 2 and "columns are" in bad.stderr and "Traceback" not in bad.stderr


def test_admin_columns_choose_the_namesake_inside_the_rows_governorate(
        tmp_path: Path, gaz) -> None:
    """Two villages are called Suran (Aleppo and Hama governorates): the row's admin
    column, by name or P-code, decides; without one the gazetteer's ranking does."""
    rows = [{"event_id": "A", "village": "Suran", "gov": "Aleppo"},
            {"event_id": "H", "village": "Suran", "gov": "Hama"},
            {"event_id": "P", "village": "Suran", "gov": "SY02"},
            {"event_id": "N", "village": "Suran", "gov": ""}]
    src = write_csv_table(tmp_path / "in.csv", rows)
    locate_table(src, tmp_path / "out.csv", place_column="village", admin_columns=["gov"],
                 gazetteer=gaz)
    with (tmp_path / "out.csv").open(encoding="utf-8") as fh:
        out = {r["event_id"]: r["governorate"] for r in csv.DictReader(fh)}
    assert out["A"] == "Aleppo" and out["H"] == "Hama" and out["P"] == "Aleppo"
    locate_table(src, tmp_path / "plain.csv", place_column="village", gazetteer=gaz)
    with (tmp_path / "plain.csv").open(encoding="utf-8") as fh:
        plain = {r["event_id"]: r["governorate"] for r in csv.DictReader(fh)}
    assert out["N"] == plain["N"] == plain["A"]  # no area given: the same choice


def test_admin_columns_must_exist(tmp_path: Path, gaz) -> None:
    src = write_csv_table(tmp_path / "in.csv", ROWS)
    with pytest.raises(InputError, match="admin1.*columns are"):
        locate_table(src, tmp_path / "o.csv", place_column="notes", admin_columns=["admin1"],
                     gazetteer=gaz)
    with pytest.raises(InputError, match="at most three"):
        locate_table(src, tmp_path / "o.csv", place_column="notes",
                     admin_columns=["notes"] * 4, gazetteer=gaz)
    assert not (tmp_path / "o.csv").exists()


def test_admin_columns_via_cli(tmp_path: Path) -> None:
    rows = [{"id": "A", "village": "Suran", "admin1": "Aleppo", "admin2": ""}]
    src = write_csv_table(tmp_path / "in.csv", rows)
    result = subprocess.run(
        [sys.executable, "-m", "mapper", "table", str(src), "-o", str(tmp_path / "o.csv"),
         "--place-column", "village", "--admin-columns", "admin1, admin2", "--quiet"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
        env={**os.environ, "INCIDENT_MAPPER_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    with (tmp_path / "o.csv").open(encoding="utf-8") as fh:
        assert next(csv.DictReader(fh))["governorate"] == "Aleppo"
