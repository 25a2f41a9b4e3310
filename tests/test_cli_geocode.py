"""``incident-mapper geocode``: JSON lines, the table, exit codes."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from mapper.cli import main
from mapper.cli_geocode import add_parser, geocode_record, run

KEYS = ["query", "name", "latitude", "longitude", "feature_type", "governorate", "place_id",
        "confidence", "match", "candidates"]


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["geocode", *argv])


def test_json_lines_in_query_order(capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["geocode", "--json", "Deir Ezzor", "Xyzzyville", "حمص", "Homs province"])
    out, err = capsys.readouterr()
    assert rc == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["query"] for r in lines] == ["Deir Ezzor", "Xyzzyville", "حمص", "Homs province"]
    for r in lines:
        assert list(r) == KEYS
    dez, missing, homs, homs_gov = lines
    assert dez["place_id"] and abs(dez["latitude"] - 35.33) < 0.1
    assert dez["match"] in ("exact", "normalized", "phonetic")
    assert 0 < dez["confidence"] <= 1
    assert 1 <= len(dez["candidates"]) <= 5
    assert set(dez["candidates"][0]) == {"name", "place_id", "latitude", "longitude", "score"}
    assert missing["latitude"] is None and missing["longitude"] is None
    assert missing["place_id"] is None and missing["candidates"] == []
    assert homs["feature_type"] == "city" and homs["governorate"] == "Homs"
    assert homs_gov["feature_type"] == "governorate" and homs_gov["place_id"] == "gov:SY04"
    assert "not found" in err and "Xyzzyville" in err


def test_table_output() -> None:
    out = io.StringIO()
    rc = run(_parse(["Idleb", "Xyzzyville"]), stdout=out)
    text = out.getvalue()
    assert rc == 0
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["query", "name", "type"]
    assert "Idleb" in lines[1] and "Idlib" in lines[1]
    assert "(not found)" in lines[2]


def test_limit_and_stdin() -> None:
    out = io.StringIO()
    args = _parse(["--json", "--limit", "1", "-"])
    rc = run(args, stdin=io.StringIO("Homs\n\nAleppo\n"), stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rc == 0 and [r["query"] for r in records] == ["Homs", "Aleppo"]
    assert all(len(r["candidates"]) == 1 for r in records)


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["geocode"])
    assert exc.value.code == 2
    assert main(["geocode", "--limit", "0", "Homs"]) == 2
    assert "--limit" in capsys.readouterr().err


def test_geocode_record_of_a_fixture() -> None:
    from gazetteer import Gazetteer, Place

    gaz = Gazetteer([Place("place:x", "Xanadu", "town", 35.0, 38.0, names=("Xanadu",),
                           governorate_pcode="SY99")])
    r = geocode_record(gaz, "Xanadu")
    assert r["place_id"] == "place:x" and r["governorate"] == "SY99"  # unknown P-code kept
    assert r["candidates"][0]["place_id"] == "place:x"
