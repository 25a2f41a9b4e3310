"""Reading report files: encodings, HTML to text with offsets into the original."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapper.errors import InputError, ReportParseError
from mapper.reports import decode_bytes, html_to_text, read_report, report_from_text

SENTENCE = "On May 3, ISIS fighters attacked a checkpoint near Al-Sukhnah."


def test_plain_text_offsets_are_identity(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("Title\n\n" + SENTENCE + "\n", encoding="utf-8")
    report = read_report(p)
    start = report.text.index("Al-Sukhnah")
    assert report.original_span(start, start + 10) == (start, start + 10)
    assert report.kind == "text"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256", "latin-1"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = "Clashes near Deir Ezzor left five dead. " * 20
    if encoding == "cp1256":
        text += "اشتباكات في دير الزور أدت إلى مقتل خمسة عناصر من قوات النظام. " * 10
    if encoding == "latin-1":
        text += "Le café à Homs a été fermé après l'attaque, déclaré à Raqqa. " * 10
    p = tmp_path / "r.txt"
    p.write_bytes(text.encode(encoding))
    report = read_report(p)
    assert "Deir Ezzor" in report.text
    if encoding == "cp1256":
        assert "دير الزور" in report.text
    if encoding == "latin-1":
        assert "café" in report.text


def test_binary_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(ReportParseError):
        read_report(p)


def test_missing_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_report(tmp_path)


def test_html_visible_text_maps_back_to_source() -> None:
    source = (
        "<html><head><title>T</title><script>var x = '<p>Hidden</p>';</script></head>"
        "<body><h1>Desert &amp; valley</h1><p>On May 3, ISIS fighters attacked a checkpoint"
        " near <b>Al-Sukhnah</b>.</p><ul><li>Homs desert: two attacks.</li></ul></body></html>"
    )
    report = report_from_text(source, kind="html")
    assert "Hidden" not in report.text
    assert "Desert & valley" in report.text
    assert "- Homs desert: two attacks." in report.text
    start = report.text.index("Al-Sukhnah")
    o_start, o_end = report.original_span(start, start + len("Al-Sukhnah"))
    assert source[o_start:o_end] == "Al-Sukhnah"
    amp = report.text.index("&")
    assert source[report.original_offset(amp):].startswith("&amp;")


def test_html_to_text_keeps_block_breaks() -> None:
    text, starts, origs = html_to_text("<p>One.</p><p>Two.</p>")
    assert text.strip().splitlines() == ["One.", "Two."]
    assert len(starts) == len(origs)


def test_decode_prefers_utf8() -> None:
    text, enc = decode_bytes("دير الزور".encode())
    assert text == "دير الزور" and enc == "utf-8"


def test_html_place_shared_by_incidents_is_mapped_once(monkeypatch) -> None:
    """A section's areas may be the place of several incidents (one expression object):
    each incident's place span still points at the expression in the original HTML."""
    import mapper.extract
    from mapper.pipeline import incidents_from_report
    from mapper.schema import Incident, PlaceExpression

    source = ("<html><body><h2>Deserts</h2><p>Attacks in the <b>Homs</b> and "
              "<i>Deir Ezzor</i> deserts.</p><p>Two more attacks.</p></body></html>")
    report = report_from_text(source, path="r.html", kind="html")
    start = report.text.index("Homs and")
    end = report.text.index("deserts") + len("deserts")
    shared = PlaceExpression(report.text[start:end], start, end, "zone",
                             ["Homs desert", "Deir Ezzor desert"])

    def fake(text, **_):
        for k in range(3):
            yield Incident(id=f"x#{k}", source="r.html", source_span=(start, end),
                           text=text[start:end], place=shared)

    monkeypatch.setattr(mapper.extract, "iter_incidents", fake)
    incidents = incidents_from_report(report, gazetteer=None)
    assert len(incidents) == 3
    for inc in incidents:
        o_start, o_end = inc.place.start, inc.place.end
        assert source[o_start:o_end] == "Homs</b> and <i>Deir Ezzor</i> deserts"
    assert (shared.start, shared.end) == (start, end)  # the extractor's object untouched
