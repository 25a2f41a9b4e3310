"""Any input gets a clear answer: paths, encodings, HTML and Markdown, tables, big reports,
gazetteer sources.

Every refusal is exit code 2 with one line on stderr naming the input and what to do; every
readable input is mapped (exit 0), with a note when there was nothing in it.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from mapper.cli import main
from mapper.errors import InputError, ReportParseError
from mapper.reports import check_report_path, decode_bytes, markdown_to_text, read_report

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "On March 4, ISIS fighters killed five soldiers near Al-Sukhnah in the Homs desert."
ARABIC = "اشتباكات في دير الزور أدت إلى مقتل خمسة عناصر من قوات النظام. "


@pytest.fixture(autouse=True)
def _empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the embedded gazetteer, never a store the user built."""
    monkeypatch.setenv("INCIDENT_MAPPER_HOME", str(tmp_path / "no-store"))


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run the CLI in this process; (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *needles: str) -> None:
    """stderr is exactly one error line, without a traceback, naming every needle."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("incident-mapper: error:"), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, err)


# ---------------------------------------------------------------------------------------
# paths


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "map", tmp_path / "nope.txt", "-o", tmp_path / "out")
    assert code == 2
    assert_one_line_error(err, "nope.txt", "no such file")
    assert not (tmp_path / "out").exists()


def test_directory_given_as_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "reports").mkdir()
    code, _, err = cli(capsys, "map", tmp_path / "reports", "-o", tmp_path / "out")
    assert code == 2
    assert_one_line_error(err, "is a directory", "files inside it")


def test_broken_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "report.txt"
    link.symlink_to(tmp_path / "gone.txt")
    code, _, err = cli(capsys, "map", link, "-o", tmp_path / "out")
    assert code == 2
    assert_one_line_error(err, "report.txt", "broken symbolic link", "gone.txt")


def test_fifo_is_refused_without_blocking(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    # Reading a FIFO would block for ever; it is refused before any read.
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_report(fifo)
    code, _, err = cli(capsys, "map", fifo, "-o", tmp_path / "out")
    assert code == 2
    assert_one_line_error(err, "not a regular file")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    # Tests run as root, where chmod 000 does not stop reads: make the read fail instead.
    report = tmp_path / "locked.txt"
    report.write_text(SENTENCE, encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, _, err = cli(capsys, "map", report, "-o", tmp_path / "out")
    assert code == 2
    assert_one_line_error(err, "locked.txt", "cannot read", "Permission denied")


def test_every_input_is_checked_before_any_work(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SENTENCE, encoding="utf-8")
    code, _, err = cli(capsys, "map", good, tmp_path / "missing.txt", "-o", tmp_path / "out")
    assert code == 2 and "missing.txt" in err
    assert not (tmp_path / "out").exists()


def test_check_report_path_accepts_a_regular_file(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("x", encoding="utf-8")
    check_report_path(p)  # no exception
    link = tmp_path / "link.txt"
    link.symlink_to(p)
    check_report_path(link)  # a working link is fine


# ---------------------------------------------------------------------------------------
# binary, empty and blank files


@pytest.mark.parametrize("payload", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,          # an image with NUL bytes
    b"%PDF-1.4\n" + bytes(range(1, 256)) * 200 + b"\x00\x00",  # binary, NULs only at the end
    bytes(range(256)) * 4,
])
def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                     payload: bytes) -> None:
    p = tmp_path / "scan.txt"
    p.write_bytes(payload)
    with pytest.raises(ReportParseError):
        read_report(p)
    code, _, err = cli(capsys, "map", p, "-o", tmp_path / "out")
    assert code == 2
    assert_one_line_error(err, "scan.txt")
    assert "binary" in err or "encoding" in err


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_or_blank_report_is_a_note_not_a_crash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "map", p, "-o", out, "--json-summary")
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["incidents"] == 0
    assert any("empty.txt" in n and "no text" in n for n in summary["notes"])
    geo = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    assert geo == {"type": "FeatureCollection", "features": []}
    assert (out / "map.html").stat().st_size > 0


def test_report_without_incidents_is_noted(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "weather.txt"
    p.write_text("The weather was mild and nothing else happened.\n", encoding="utf-8")
    code, stdout, err = cli(capsys, "map", p, "-o", tmp_path / "out")
    assert code == 0, err
    assert code == 0
    assert "note:" in stdout and "no incidents found" in stdout


# ---------------------------------------------------------------------------------------
# encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le",
                                      "utf-16-be", "cp1256", "latin-1"])
def test_encodings_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              encoding: str) -> None:
    text = "Badia report, March 2021\n\n" + SENTENCE + "\n\n"
    if encoding in ("cp1256", "utf-8", "utf-16-le", "utf-16-be"):
        text += ARABIC * 6 + "\n"
    if encoding == "latin-1":
        text += "Le café à Homs a été fermé après l'attaque, déclaré à Raqqa. " * 6 + "\n"
    p = tmp_path / "report.txt"
    p.write_bytes(text.encode(encoding))
    report = read_report(p)
    assert report.text.lstrip("\ufeff") == text
    out = tmp_path / "out"
    code, _, err = cli(capsys, "map", p, "-o", out, "--report-date", "2021-03-31")
    assert code == 0, err
    feats = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    (sukhnah,) = [f["properties"] for f in feats if "Al-Sukhnah" in f["properties"]["text"]]
    assert sukhnah["date"] == "2021-03-04" and sukhnah["fatalities"] == 5
    # spans are character offsets into the decoded original
    s, e = sukhnah["source_span"]
    assert report.text[s:e] == sukhnah["text"]
    ps, pe = sukhnah["place_span"]
    assert report.text[ps:pe] == sukhnah["place"]


def test_utf16_without_bom_versus_binary() -> None:
    for enc in ("utf-16-le", "utf-16-be"):
        text, used = decode_bytes((SENTENCE + " " + ARABIC).encode(enc))
        assert text == SENTENCE + " " + ARABIC and used == enc
    with pytest.raises(ReportParseError):
        decode_bytes(b"\x00\x01\x02\x03" * 1000)


# ---------------------------------------------------------------------------------------
# HTML and Markdown: reduced to text, offsets into the original


def test_html_spans_point_into_the_original(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = ("<!doctype html><html><head><title>Badia</title><style>p{color:red}</style>"
              "<script>var s = 'near Raqqa';</script></head><body><h1>March 2021</h1>\n"
              "<p>Intro &amp; context.</p>\n<p>On March 4, <b>ISIS</b> fighters killed five "
              "soldiers near Al-Sukhnah in the Homs&nbsp;desert.</p></body></html>")
    p = tmp_path / "report.html"
    p.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cli(capsys, "map", p, "-o", out, "--report-date", "2021-03-31")
    assert code == 0, err
    feats = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    props = [f["properties"] for f in feats]
    assert not any("Raqqa" in (pr.get("place") or "") for pr in props)  # script is not text
    (inc,) = [pr for pr in props if "Al-Sukhnah" in pr["text"]]
    ps, pe = inc["place_span"]
    assert "Al-Sukhnah" in source[ps:pe]
    s, e = inc["source_span"]
    assert source[s:e].startswith("On March 4, <b>ISIS</b>")
    assert source[s:e].rstrip(".").endswith("desert")


MARKDOWN = """# Badia: March 2021

*Report date: 31 March 2021*

> Summary of the month, see [the annex](https://example.org/Raqqa_Deir_Ezzor) and ![map](raqqa.png).

On March 4, **ISIS** fighters killed _five_ soldiers near [Al-Sukhnah](https://example.org/Hama)
in the Homs desert.

| zone | attacks |
|------|---------|
| Homs desert | 3 |

[1]: https://example.org/Aleppo
"""


def test_markdown_reduced_keeping_offsets(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    reduced = markdown_to_text(MARKDOWN)
    assert len(reduced) == len(MARKDOWN)
    for gone in ("https://", "**", "](", "![", "|---", "Aleppo", "_five_"):
        assert gone not in reduced
    assert "# Badia: March 2021" in reduced  # headings stay: the segmenter reads them
    p = tmp_path / "report.md"
    p.write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cli(capsys, "map", p, "-o", out)
    assert code == 0, err
    feats = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    props = [f["properties"] for f in feats]
    places = " ".join(pr.get("place") or "" for pr in props)
    assert "Hama" not in places and "Aleppo" not in places  # link targets are not text
    (inc,) = [pr for pr in props if "Al-Sukhnah" in pr["text"]]
    assert inc["date"] == "2021-03-04" and inc["fatalities"] == 5
    ps, pe = inc["place_span"]
    assert "Al-Sukhnah" in MARKDOWN[ps:pe]
    assert reduced[ps:pe] == inc["place"]


# ---------------------------------------------------------------------------------------
# a large report, functionally (SPEED measures 40 MB)


def test_large_report_keeps_every_incident_and_offset(tmp_path: Path) -> None:
    from mapper.pipeline import map_reports

    paragraph = ("On March {d}, ISIS fighters killed {n} soldiers near Al-Sukhnah in the Homs "
                 "desert.\n\nOn March {d}, an IED killed {n} civilians in Mayadin.\n\n")
    copies = 600
    text = "Badia report, March 2021\n\n" + "".join(
        paragraph.format(d=1 + i % 28, n=2 + i % 7) for i in range(copies))
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    summary = map_reports([p], tmp_path / "out", formats=["geojson"])
    assert summary.incidents == 2 * copies
    assert summary.located == summary.incidents
    feats = json.loads((tmp_path / "out" / "incidents.geojson").read_text("utf-8"))["features"]
    last = feats[-1]["properties"]
    s, e = last["source_span"]
    assert s > len(text) - 200 and text[s:e] == last["text"]


# ---------------------------------------------------------------------------------------
# tables


def test_malformed_csv_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text('id,notes\n1,"fine"\n2,"unterminated\n', encoding="utf-8")
    code, _, err = cli(capsys, "table", bad, "--text-column", "notes", "-o", tmp_path / "o.csv")
    assert code == 2
    assert_one_line_error(err, "bad.csv", "line", "malformed CSV")
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"id,notes\n1,ok\n2,bad\x00byte\n")
    code, _, err = cli(capsys, "table", nul, "--text-column", "notes", "-o", tmp_path / "o.csv")
    assert code == 2
    assert_one_line_error(err, "nul.csv", "line 3", "NUL")
    assert not (tmp_path / "o.csv").exists()


def test_wrong_text_column_lists_the_columns(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "acled.csv"
    table.write_text("event_id,notes,admin1\n1,Clashes near Homs.,Homs\n", encoding="utf-8")
    code, _, err = cli(capsys, "table", table, "--text-column", "note", "-o",
                       tmp_path / "o.csv")
    assert code == 2
    assert_one_line_error(err, "'note'", "event_id, notes, admin1")


def test_table_input_that_is_not_a_file(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dir.csv").mkdir()
    code, _, err = cli(capsys, "table", tmp_path / "dir.csv", "--text-column", "notes", "-o",
                       tmp_path / "o.csv")
    assert code == 2
    assert_one_line_error(err, "is a directory")
    code, _, err = cli(capsys, "table", tmp_path / "none.csv", "--text-column", "notes", "-o",
                       tmp_path / "o.csv")
    assert code == 2
    assert_one_line_error(err, "no such file")


# ---------------------------------------------------------------------------------------
# gazetteer sources

GEONAMES_ROWS = [
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 a1 a2 a3 a4 pop
    # elevation dem tz modified
    ["7001", "Kabajib", "Kabajib", "Kabajeb,كباجب", "35.116", "39.455", "P", "PPL", "SY", "",
     "07", "", "", "", "1500", "", "250", "Asia/Damascus", "2020-01-01"],
    ["7002", "Nowhere", "Nowhere", "", "95.0", "39.0", "P", "PPL", "SY", "", "07", "", "",
     "", "0", "", "0", "Asia/Damascus", "2020-01-01"],                  # latitude 95
    ["7003", "Zero", "Zero", "", "0", "0", "P", "PPL", "SY", "", "07", "", "", "", "0", "",
     "0", "Asia/Damascus", "2020-01-01"],                               # 0/0
    ["7004", "", "", "", "35.0", "39.0", "P", "PPL", "SY", "", "07", "", "", "", "0", "",
     "0", "Asia/Damascus", "2020-01-01"],                               # no name
    ["7005", "Tokyo", "Tokyo", "", "35.68", "139.76", "P", "PPLC", "JP", "", "40", "", "",
     "", "0", "", "0", "Asia/Tokyo", "2020-01-01"],                     # outside Syria
]


def write_geonames(path: Path) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in GEONAMES_ROWS), encoding="utf-8")
    return path


def test_gazetteer_build_counts_and_reports_skipped_records(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_geonames(tmp_path / "SY.txt")
    home = tmp_path / "home"
    code, out, err = cli(capsys, "gazetteer", "build", "--source", src, "--home", home)
    assert code == 0, err
    assert "read 5, imported 1, skipped 4" in out
    assert "impossible coordinates" in out and "no name" in out and "outside Syria" in out
    manifest = json.loads(next(home.glob("store-*/manifest.json")).read_text("utf-8"))
    log = manifest["sources"][0]["log"]
    assert log["skipped"]["impossible coordinates"] == 2
    assert log["skipped"]["no name"] == 1 and log["skipped"]["outside Syria"] == 1


def _good_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    home = tmp_path / "home"
    code, _, err = cli(capsys, "gazetteer", "build", "--source",
                       write_geonames(tmp_path / "SY.txt"), "--home", home)
    assert code == 0, err
    return home, (home / "CURRENT").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_or_partial_zip_is_refused_and_store_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    home, current = _good_store(tmp_path, capsys)
    good = tmp_path / "wof.zip"
    with zipfile.ZipFile(good, "w") as zf:
        for i in range(30):
            zf.writestr(f"whosonfirst-data-admin-sy-master/data/{i:03d}/{i}.geojson",
                        json.dumps({"type": "Feature", "properties": {"wof:id": i}}) * 20)
    data = good.read_bytes()
    bad = tmp_path / "source.zip"
    bad.write_bytes({"garbage": b"PK\x03\x04 this is not really a zip",
                     "truncated": data[: len(data) // 2], "empty": b""}[damage])
    code, _, err = cli(capsys, "gazetteer", "build", "--source", bad, "--home", home)
    assert code == 2
    assert_one_line_error(err, "source.zip")
    assert (home / "CURRENT").read_text(encoding="utf-8") == current
    code, out, _ = cli(capsys, "gazetteer", "search", "Kabajeb", "--home", home)
    assert code == 0 and "Kabajib" in out


def test_shapefile_missing_its_dbf_is_skipped_and_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_importers import write_ocha

    folder = write_ocha(tmp_path / "cod")
    (folder / "syr_admin2.dbf").unlink()
    code, out, err = cli(capsys, "gazetteer", "build", "--source", folder, "--home",
                         tmp_path / "home")
    assert code == 0, err
    assert "shapefile without .dbf" in out and "syr_admin2.shp" in out
    for dbf in folder.glob("*.dbf"):
        dbf.unlink()
    code, _, err = cli(capsys, "gazetteer", "build", "--source", folder, "--home",
                       tmp_path / "home")
    assert code == 2
    assert_one_line_error(err, "cod")


def test_failed_build_halfway_keeps_the_previous_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import gazetteer.store as store

    home, current = _good_store(tmp_path, capsys)
    written = store._write_places

    def crash_after_writing(folder: Path, places: list) -> str:
        written(folder, places)  # the new store's files are half there ...
        raise RuntimeError("simulated crash while building")

    monkeypatch.setattr(store, "_write_places", crash_after_writing)
    code, _, err = cli(capsys, "gazetteer", "build", "--source", tmp_path / "SY.txt",
                       "--home", home)
    assert code == 1
    assert "internal error" in err and "simulated crash" in err and "Traceback" not in err

    def interrupted(folder: Path, places: list) -> str:
        written(folder, places)
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_write_places", interrupted)
    code, _, err = cli(capsys, "gazetteer", "build", "--source", tmp_path / "SY.txt",
                       "--home", home)
    assert code == 130
    # ... and the previous store is still the live one, whole and usable
    assert (home / "CURRENT").read_text(encoding="utf-8") == current
    assert not [p for p in home.iterdir() if p.name.startswith(".build-")]
    assert len([p for p in home.iterdir() if p.name.startswith("store-")]) == 1
    code, out, _ = cli(capsys, "gazetteer", "search", "Kabajeb", "--home", home)
    assert code == 0 and "Kabajib" in out
