"""Long documents: parsed in windows, so none is refused for length and the facts are the same."""

from __future__ import annotations

import itertools

import pytest

from foi_extract.extract import extract_facts, nlp
from foi_extract.extract.nlp import windows
from foi_extract.ingest import ingest_bytes

HEAD = "Which case management system do you use?\n\nAdult social care uses Mosaic, supplied by The Access Group.\n\n"  # noqa: E501
PARAGRAPH = "Paragraph {i}: the council keeps records here, as the annual report for {i} says.\n\n"
TAIL = "Which finance system do you use?\n\nContrOCC is used for provider payments. It is hosted by the supplier.\n"  # noqa: E501


def _text(paragraphs: int) -> str:
    return HEAD + "".join(PARAGRAPH.format(i=i) for i in range(paragraphs)) + TAIL


def test_windows_end_after_blank_lines_and_cover_the_text() -> None:
    text = _text(50)
    spans = windows(text, 300)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(spans))
    assert all(end - start <= 300 for start, end in spans)
    assert all(text[start - 2 : start] == "\n\n" for start, _ in spans[1:])


def test_a_text_without_line_breaks_is_cut_at_spaces() -> None:
    text = "word " * 100
    assert all(text[start - 1] == " " for start, _ in windows(text, 64)[1:])


def test_facts_are_the_same_read_in_small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    document = ingest_bytes(_text(40).encode(), "reply.txt")[0]
    whole = extract_facts(document)
    monkeypatch.setattr(nlp, "WINDOW_CHARS", 500)
    windowed = extract_facts(document)
    assert [f.model_dump() for f in windowed.systems] == [f.model_dump() for f in whole.systems]
    assert {(f.system, f.hosting, f.supplier) for f in whole.systems} == {
        ("Mosaic", None, "The Access Group"),
        ("ContrOCC", "supplier", None),
    }


@pytest.mark.slow
def test_a_document_over_a_million_characters_gives_its_facts() -> None:
    text = _text(13_000)
    assert len(text) > 1_000_000
    document = ingest_bytes(text.encode(), "long.txt")[0]
    assert {f.system for f in extract_facts(document).systems} == {"Mosaic", "ContrOCC"}
