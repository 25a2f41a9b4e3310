"""The command line: help, errors as one line with exit code 2, end to end on examples/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from mapper.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (REPO / "examples").iterdir() if p.suffix in (".txt", ".md", ".html"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mapper", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=300)


def test_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("map", "table", "corridor", "geocode", "gazetteer"):
        assert command in result.stdout


def test_map_help_explains_options() -> None:
    result = run_cli("map", "--help")
    assert result.returncode == 0
    for option in ("--report-date", "-o", "--format", "incidents.geojson"):
        assert option in result.stdout


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().out


def test_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run_cli("map", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "missing.txt" in result.stderr
    assert not (tmp_path / "out").exists()


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cli("map", str(EXAMPLES[0]), "-o", str(blocker))
    assert result.returncode == 2
    assert "not a directory" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_bad_report_date_is_usage_error(tmp_path: Path) -> None:
    result = run_cli("map", str(EXAMPLES[0]), "-o", str(tmp_path), "--report-date", "31/01/2021")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_map_examples_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run_cli("map", *map(str, EXAMPLES), "-o", str(out), "--json-summary")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["reports"] and len(summary["reports"]) == len(EXAMPLES)
    assert summary["incidents"] >= 8
    assert summary["located"] >= summary["incidents"] - 2
    frame = pyogrio.read_dataframe(out / "incidents.geojson")
    assert len(frame) == summary["incidents"]
    kinds = set(frame.geometry.dropna().geom_type)
    assert {"Point", "LineString"} <= kinds and kinds & {"Polygon", "MultiPolygon"}
    tallies = frame[frame.record_type == "tally"]
    assert len(tallies) >= 3
    homs = tallies[tallies.desert_zone.fillna("").str.contains("Homs")]
    assert (homs.fatalities == 9).any()
    ambush = frame[frame.text.str.contains("fuel convoy")]
    assert len(ambush) == 1 and ambush.iloc[0]["fatalities"] == 11
    assert ambush.iloc[0]["date"] == "2021-03-04"
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "fuel convoy" in html


def test_map_table_with_text_column(tmp_path: Path) -> None:
    table = tmp_path / "events.csv"
    table.write_text(
        "event_id,notes\n"
        "E1,\"ISIS cells attacked a checkpoint near Al-Sukhnah, killing two soldiers.\"\n"
        "E2,\"Clashes in Al-Shuhayl in the eastern countryside of Deir Ezzor.\"\n"
        "E3,\"Nothing about a place here.\"\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("map", str(table), "--text-column", "notes", "--id-column", "event_id",
                     "-o", str(out), "--json-summary")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["incidents"] == 3 and summary["located"] == 2
    frame = pyogrio.read_dataframe(out / "incidents.geojson")
    assert list(frame["id"]) == ["E1", "E2", "E3"]
    assert frame.loc[0, "fatalities"] == 2
    missing = run_cli("map", str(table), "-o", str(tmp_path / "o2"))
    assert missing.returncode == 2 and "--text-column" in missing.stderr


def test_map_rerenders_geojson_and_writes_gpkg(tmp_path: Path) -> None:
    out = tmp_path / "run"
    first = run_cli("map", *map(str, EXAMPLES), "-o", str(out))
    assert first.returncode == 0, first.stderr
    (out / "map.html").unlink()
    again = run_cli("map", str(out / "incidents.geojson"), "-o", str(out), "--format", "html",
                    "--format", "gpkg")
    assert again.returncode == 0, again.stderr
    assert "fuel convoy" in (out / "map.html").read_text(encoding="utf-8")
    layers = {name for name, _ in pyogrio.list_layers(out / "incidents.gpkg")}
    assert layers == {"incidents", "incident_points", "governorate_summary",
                      "desert_zone_summary", "corridors"}
    summary = pyogrio.read_dataframe(out / "incidents.gpkg", layer="governorate_summary")
    assert len(summary) == 14 and summary["incidents"].sum() > 0
    assert pyogrio.read_info(out / "incidents.gpkg", layer="corridors")["crs"] == "EPSG:4326"


def test_parser_of_the_named_command_alone_parses_the_same() -> None:
    """Given the arguments, the parser holds only the command they name (the other
    modules are not imported) and parses them as the parser of every command does."""
    from mapper.cli import COMMAND_MODULES, _command_modules, build_parser

    assert _command_modules(["-q", "table", "in.csv"]) == ("mapper.cli_table",)
    assert _command_modules(["gazetteer", "build"]) == ("mapper.cli_gazetteer",)
    for argv in ([], ["--help", "table"], ["--version"], ["tabel"], ["-v"], None):
        assert _command_modules(argv) == COMMAND_MODULES
    for argv in (["-q", "table", "in.csv", "-o", "out.csv", "--text-column", "notes",
                  "--jobs", "1"], ["geocode", "Deir Ezzor", "--json"],
                 ["gazetteer", "build", "--source", "a.zip", "-v"],
                 ["map", "r.txt", "-o", "out", "--report-date", "2021-01-31"]):
        alone, every = build_parser(argv).parse_args(argv), build_parser().parse_args(argv)
        assert _plain(alone) == _plain(every)


def _plain(args: object) -> dict[str, object]:
    """Parsed arguments, with the functions and parsers they hold by their names."""
    import argparse

    return {k: v.prog if isinstance(v, argparse.ArgumentParser) else
            f"{v.__module__}.{v.__name__}" if callable(v) else v
            for k, v in vars(args).items()}


def test_entry_point_leaves_the_objects_to_the_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's objects are frozen before the interpreter exits (its exit
    collection need not walk them), whether the command returns or exits."""
    import gc

    import mapper.cli

    def exits() -> int:
        raise SystemExit(2)

    threshold = gc.get_threshold()
    for run, code in ((lambda: 0, 0), (exits, 2)):
        monkeypatch.setattr(mapper.cli, "main", run)
        try:
            with pytest.raises(SystemExit) as stopped:
                mapper.cli.entry_point()
            assert stopped.value.code == code and gc.get_freeze_count() > 0
        finally:
            gc.unfreeze()
            gc.set_threshold(*threshold)


def test_the_command_line_holds_what_it_keeps_until_the_process_ends(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``keep_until_exit`` holds nothing when ``main`` runs in a longer-lived process (no
    leak across calls); as the process (``entry_point``) it holds the table's gazetteer in
    a cycle, which emptying the module on exit does not free."""
    import gc
    import weakref

    import mapper.cli

    class Held:
        pass

    monkeypatch.setattr(mapper.cli, "_KEPT", None)
    obj = Held()
    ref = weakref.ref(obj)
    assert mapper.cli.keep_until_exit(obj) is obj
    del obj
    assert ref() is None  # not held

    src = tmp_path / "in.csv"
    src.write_text("id,notes\n1,Clashes were reported in Palmyra.\n", encoding="utf-8")
    kept: list[object] = []
    real_keep = mapper.cli.keep_until_exit

    def keep(obj: object) -> object:
        kept.append(obj)
        return real_keep(obj)

    monkeypatch.setattr(mapper.cli, "keep_until_exit", keep)
    monkeypatch.setattr(sys, "argv", ["incident-mapper", "table", str(src), "-o",
                                      str(tmp_path / "out.csv"), "--text-column", "notes",
                                      "--jobs", "1", "-q"])
    threshold = gc.get_threshold()
    try:
        with pytest.raises(SystemExit) as stopped:
            mapper.cli.entry_point()
        assert stopped.value.code == 0
        held = mapper.cli._KEPT
        assert kept and type(kept[0]).__name__ == "Gazetteer"
        assert held is not None and any(o is kept[0] for o in held)
        assert any(o is held for o in held)  # the cycle
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
