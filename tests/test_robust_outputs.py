"""Outputs are all-or-none: a failed or interrupted run never removes or half-overwrites an
earlier map.html or incidents.geojson, leaves no temporary files, and a path that cannot
hold the outputs is refused before any work is done."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from mapper.cli import main

REPORT = ("Badia report, March 2021\n\n"
          "On March 4, ISIS fighters killed five soldiers near Al-Sukhnah in the Homs desert.\n")


@pytest.fixture(autouse=True)
def _empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENT_MAPPER_HOME", str(tmp_path / "no-store"))


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (hidden ones too) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture()
def earlier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, dict]:
    """A report, and an output folder holding a complete earlier run of all formats."""
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = cli(capsys, "map", report, "-o", out, "--format", "geojson", "--format",
                       "html", "--format", "csv", "--format", "gpkg")
    assert code == 0, err
    before = snapshot(out)
    assert set(before) == {"incidents.geojson", "map.html", "incidents.csv", "incidents.gpkg"}
    # the next run has something else to say, so an overwrite would show
    report.write_text(REPORT + "\nOn March 9, an IED killed two civilians in Mayadin.\n",
                      encoding="utf-8")
    return report, out, before


def test_map_failing_after_geojson_keeps_every_earlier_output(
        earlier: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.render

    report, out, before = earlier

    def broken_render(*args: object, **kwargs: object) -> Path:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(mapper.render, "render_map", broken_render)
    code, _, err = cli(capsys, "map", report, "-o", out, "--format", "geojson", "--format",
                       "html", "--format", "csv", "--format", "gpkg")
    assert code == 1
    assert "internal error" in err and "renderer exploded" in err
    assert snapshot(out) == before  # geojson was written first, yet nothing changed


def test_disk_full_is_an_output_error_and_keeps_earlier_outputs(
        earlier: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.export

    report, out, before = earlier

    def full(features: object, path: Path, **kwargs: object) -> Path:
        Path(path).write_text("half a fi", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mapper.export, "write_csv", full)
    code, _, err = cli(capsys, "map", report, "-o", out, "--format", "geojson", "--format",
                       "html", "--format", "csv")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "cannot write" in lines[0] and "No space left" in lines[0]
    assert snapshot(out) == before


def test_interrupted_run_keeps_earlier_outputs(
        earlier: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.render

    report, out, before = earlier
    real_render = mapper.render.render_map

    def interrupted(features: list, path: Path, **kwargs: object) -> Path:
        real_render(features, path, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(mapper.render, "render_map", interrupted)
    code, _, err = cli(capsys, "map", report, "-o", out)
    assert code == 130
    assert "interrupted" in err and "Traceback" not in err
    assert snapshot(out) == before


def test_failed_first_run_leaves_no_partial_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.render

    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "fresh"

    def broken_render(*args: object, **kwargs: object) -> Path:
        raise ValueError("no")

    monkeypatch.setattr(mapper.render, "render_map", broken_render)
    code, _, _ = cli(capsys, "map", report, "-o", out)
    assert code == 1
    assert list(out.iterdir()) == []  # no incidents.geojson without its map


def test_successful_run_replaces_every_output(
        earlier: tuple[Path, Path, dict], capsys: pytest.CaptureFixture[str]) -> None:
    report, out, before = earlier
    code, _, err = cli(capsys, "map", report, "-o", out, "--format", "geojson", "--format",
                       "html", "--format", "csv", "--format", "gpkg")
    assert code == 0, err
    after = snapshot(out)
    assert set(after) == set(before)  # no temporary files left beside them
    for name in after:
        assert after[name] != before[name], name
    feats = json.loads(after["incidents.geojson"])["features"]
    assert any("Mayadin" in f["properties"]["text"] for f in feats)


def test_output_folder_that_is_a_file_is_refused_up_front(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me", encoding="utf-8")
    for out in (blocker, blocker / "sub" / "dir"):
        code, _, err = cli(capsys, "map", report, "-o", out)
        assert code == 2
        assert len(err.strip().splitlines()) == 1 and "blocker" in err
        assert "folder" in err
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_output_file_name_taken_by_a_directory_is_refused_up_front(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.pipeline

    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    (out / "map.html").mkdir(parents=True)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("reports were read before the output folder was checked")

    monkeypatch.setattr(mapper.pipeline, "incidents_from_report", never)
    monkeypatch.setattr(mapper.pipeline, "iter_incidents_from_report", never)
    code, _, err = cli(capsys, "map", report, "-o", out)
    assert code == 2
    assert "map.html" in err and "is a directory" in err
    assert sorted(p.name for p in out.iterdir()) == ["map.html"]


def test_table_output_under_a_file_is_refused_up_front(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,notes\n1,Clashes near Homs.\n", encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me", encoding="utf-8")
    code, _, err = cli(capsys, "table", table, "--text-column", "notes", "-o",
                       blocker / "located.csv")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "blocker" in err
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_write_outputs_cleans_up_after_any_failure(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.export
    from mapper.pipeline import write_outputs

    out = tmp_path / "out"
    out.mkdir()
    (out / "incidents.geojson").write_text("old", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(mapper.export, "write_csv", boom)
    with pytest.raises(MemoryError):
        write_outputs([], out, ["geojson", "csv"], gazetteer=None, title="t")
    assert snapshot(out) == {"incidents.geojson": b"old"}
