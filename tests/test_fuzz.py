"""Fuzzing: random and adversarial text through ``extract_incidents`` and through the CLI.

Whatever the text, extraction returns incidents whose spans lie inside it, and the CLI
answers with exit code 0 (mapped) or 2 (refused, one line) — never an internal error
(exit 1) or a traceback. Bounded: a few hundred generated texts, two CLI runs.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mapper.extract import extract_incidents

REPO = Path(__file__).resolve().parents[1]

WORDS = [
    "Homs", "Deir Ezzor", "Deir ez-Zor", "دير الزور", "حمص", "Al-Sukhnah", "Kabajeb",
    "Palmyra", "Raqqa", "the Homs desert", "Homs–Deir Ezzor highway", "between", "and",
    "from", "to", "near", "in", "western", "countryside of", "outskirts of", "ISIS", "SDF",
    "regime forces", "Russian jets", "killed", "wounded", "captured", "airstrikes",
    "attacked", "an IED", "five", "thirty-nine", "dozens", "1,100", "over", "nearly",
    "On March 4,", "since early January 2021 to date", "yesterday", "3 days ago", "2021",
    "2021-02-30", "31 February", "the past 99999 years", "in August", ".", ",", ";", ":",
    "(", ")", "[", "]", "–", "—", "-", "'", '"', "\n", "\n\n", "- ", "# ", "* ", "1. ",
]
NASTY = [
    "\x00", "\x01", "\x07", "\x1b[31m", "\r", "\t", "\x0b", "\x0c", "\u200e", "\u200f",
    "\u202e", "\u2066", "\u2069", "\ufeff", "\u2028", "\u2029", "\u0301", "\u0651", "\u0640",
    "\U0001f4a5", "½", "Ｈｏｍｓ", "ﷲ", "İ", "ß", "9" * 60, "((((((((((", "]]]]]]]]",
    "<script>alert(1)</script>", "{{ 7*7 }}", "%s%n", "\\", "A" * 400,
]


def generate(rnd: random.Random) -> str:
    """A random mixture of report words and hostile characters."""
    n = rnd.choice([0, 1, 5, 20, 80, 300])
    pool = WORDS if rnd.random() < 0.6 else WORDS + NASTY * 2
    return " ".join(rnd.choice(pool) for _ in range(n))


ADVERSARIAL = [
    "",
    "Homs " * 4000,                                          # thousands of mentions
    "Homs, " * 300 + "and Palmyra saw clashes.",              # a very long place list
    "(" * 3000 + "Homs" + ")" * 3000,                          # nested brackets
    "[" * 2000 + "ISIS killed five in Homs." + "]" * 2000,
    "x" * 200_000,                                            # a very long line
    ("ISIS killed five soldiers near Homs " * 2000).strip(),  # one 70 000-character sentence
    "ISIS killed " + "9" * 5000 + " soldiers near Homs.",     # a huge number
    "On 2021-02-30, ISIS killed " + "nine hundred " * 500 + "soldiers in the past 99999 "
    "years near Homs.",
    "\x00" * 5000,
    "\u202eISIS killed five near Homs\u202c\u200f. \u2066دير الزور\u2069 was shelled.",
    "ISIS killed five near Homs \ud800 and \udfff in Raqqa.",  # lone surrogates (str only)
    "\n" * 20000 + "ISIS killed five near Homs.",
    "- " * 5000,
    "# Homs\n" * 3000,
    "On March 4, ISIS killed five near Homs." * 1000,         # no spaces between sentences
]


@pytest.fixture(scope="module")
def gaz():  # noqa: ANN201 - a Gazetteer
    from gazetteer import Gazetteer

    return Gazetteer.default()


def _check(text: str, gaz, anchors: tuple[date | None, ...] = (None, date(2021, 3, 31))  # noqa: ANN001
           ) -> None:
    for anchor in anchors:
        for inc in extract_incidents(text, gazetteer=gaz, report_date=anchor):
            s, e = inc.source_span
            assert 0 <= s <= e <= len(text)
            if inc.place is not None:
                assert 0 <= inc.place.start <= inc.place.end <= len(text)
            json.dumps(inc.properties(), ensure_ascii=True)  # serialisable


def test_extract_survives_random_text(gaz) -> None:  # noqa: ANN001
    rnd = random.Random(20210331)
    for _ in range(250):
        _check(generate(rnd), gaz)


@pytest.mark.parametrize("index", range(len(ADVERSARIAL)))
def test_extract_survives_adversarial_text(gaz, index: int) -> None:  # noqa: ANN001
    _check(ADVERSARIAL[index], gaz, (date(2021, 3, 31),))


# ---------------------------------------------------------------------------------------
# the CLI on generated files


def _write_reports(folder: Path, rnd: random.Random) -> list[Path]:
    """~20 report files: every kind, several encodings, hostile content."""
    folder.mkdir()
    files: list[Path] = []
    encodings = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"]
    for i in range(14):
        body = "\n\n".join(generate(rnd) for _ in range(rnd.randint(1, 6)))
        body = body.replace("\x00", " ")  # NUL bytes make a file binary: the 2nd run has them
        kind = [".txt", ".md", ".html", ".htm", ".text"][i % 5]
        if kind in (".html", ".htm"):
            body = (f"<html><head><script>{generate(rnd)}</script></head><body><p>"
                    + body.replace("\n\n", "</p><p>") + "</p><div><b>unclosed")
        encoding = encodings[i % len(encodings)]
        if encoding == "cp1256":
            body = body.encode("cp1256", errors="replace").decode("cp1256")
        path = folder / f"r{i:02d}{kind}"
        path.write_bytes(body.encode(encoding, errors="surrogatepass").replace(
            b"\xed\xa0\x80", b"?").replace(b"\xed\xbf\xbf", b"?"))
        files.append(path)
    for j, text in enumerate(ADVERSARIAL[:9]):
        path = folder / f"adv{j:02d}.txt"
        path.write_text(text.replace("\x00", " "), encoding="utf-8")
        files.append(path)
    return files


def _run(*args: object, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INCIDENT_MAPPER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "mapper", *map(str, args)],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=600)


def test_cli_maps_generated_reports(tmp_path: Path) -> None:
    files = _write_reports(tmp_path / "in", random.Random(7))
    out = tmp_path / "out"
    result = _run("map", *files, "-o", out, "--json-summary", "--format", "geojson",
                  "--format", "html", "--format", "csv", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["reports"]) == len(files)
    collection = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    assert len(collection["features"]) == summary["incidents"]
    for feature in collection["features"]:
        s, e = feature["properties"]["source_span"]
        assert 0 <= s <= e
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    # ... and the map is made again from what was written
    again = _run("map", out / "incidents.geojson", "-o", tmp_path / "again",
                 home=tmp_path / "home")
    assert again.returncode == 0, again.stderr[-2000:]


def test_cli_refuses_hostile_files_with_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rnd = random.Random(11)
    cases = {
        "nul.txt": b"ISIS killed five near Homs.\x00\x00" * 50 + bytes(range(256)),
        "controls.txt": bytes(rnd.randrange(1, 32) for _ in range(5000)),
        "random.md": bytes(rnd.randrange(256) for _ in range(5000)),
    }
    good = folder / "good.txt"
    good.write_text("ISIS killed five soldiers near Homs.", encoding="utf-8")
    for name, data in cases.items():
        path = folder / name
        path.write_bytes(data)
        result = _run("map", good, path, "-o", tmp_path / "out", home=tmp_path / "home")
        assert result.returncode == 2, (name, result.stderr[-2000:])
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert name in result.stderr
    assert not (tmp_path / "out" / "incidents.geojson").exists()
