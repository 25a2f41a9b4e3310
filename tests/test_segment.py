"""Segmentation: headings, bullets with labels, sentences, offsets into the original text."""

from __future__ import annotations

from mapper.segment import segments, split_sentences

REPORT = (
    "Desert watch | Fighting flares along the Palmyra road\n"
    "\n"
    "Monitors counted over 1,200 strikes by Gen. Petrov's aircraft in the area. "
    "Another 3.5 km of road was mined, according to U.N. staff.\n"
    "Here is how the raids were spread:\n"
    "- Hama desert: Three raids left six fighters dead.\n"
    "* Raqqa desert: Two raids left no fatalities.\n"
    "Regional notes\n"
    "The town was quiet"
)


def test_offsets_point_into_the_original_text() -> None:
    for seg in segments(REPORT):
        assert REPORT[seg.start:seg.end] == seg.text


def test_kinds_and_order() -> None:
    kinds = [s.kind for s in segments(REPORT)]
    assert kinds[0] == "heading"
    assert kinds.count("bullet") == 2
    assert kinds[-2] == "heading"  # "Regional notes"


def test_numbers_and_abbreviations_do_not_split() -> None:
    texts = [s.text for s in segments(REPORT) if s.kind == "sentence"]
    assert texts[0] == "Monitors counted over 1,200 strikes by Gen. Petrov's aircraft in the area."
    assert texts[1].startswith("Another 3.5 km") and texts[1].endswith("U.N. staff.")


def test_bullet_label_and_body() -> None:
    bullets = [s for s in segments(REPORT) if s.kind == "bullet"]
    assert bullets[0].label == "Hama desert"
    assert REPORT[bullets[0].label_start:bullets[0].label_end] == "Hama desert"
    assert bullets[0].body == "Three raids left six fighters dead."
    assert bullets[1].label == "Raqqa desert"


def test_section_heading_is_carried() -> None:
    last = segments(REPORT)[-1]
    assert last.heading == "Regional notes"


def test_wrapped_markdown_lines_stay_one_sentence() -> None:
    text = "# Title\n\nPatrols found seven bodies near the dam, killing\nnobody else in the raid.\n"
    sents = [s for s in segments(text) if s.kind == "sentence"]
    assert len(sents) == 1
    assert "killing\nnobody" in sents[0].text


def test_split_sentences_spans() -> None:
    text = "One died. Two more were hurt! Why? No idea"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["One died.", "Two more were hurt!", "Why?",
                                              "No idea"]
