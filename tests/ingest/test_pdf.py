"""PDF specifics: fonts as styles, metadata, paragraph gaps, pages mixing text and scans."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from foi_extract.ingest import ingest_bytes
from foi_extract.ingest import pdf as pdf_ingest
from tests.support import fixtures
from tests.support.fixtures import Response


def _pdf(draw_pages: list[list[tuple[str, float, str]]], **info: str) -> bytes:
    """A PDF whose pages draw (font, y, text) lines at x=72 in 11 pt (headings: 'H:' fonts)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    for key, value in info.items():
        getattr(page, f"set{key}")(value)
    for lines in draw_pages:
        for font, y, text in lines:
            size = 18 if font.startswith("H:") else 11
            page.setFont(font.removeprefix("H:"), size)
            page.drawString(72, y, text)
        page.showPage()
    page.save()
    return buffer.getvalue()


def test_bold_and_italic_lines_become_styles() -> None:
    data = _pdf(
        [[("Helvetica-Bold", 750, "1. Which system?"), ("Helvetica-Oblique", 720, "Mosaic.")]]
    )
    (document,) = ingest_bytes(data, "reply.pdf")
    assert document.text == "1. Which system?\n\nMosaic."
    assert document.styled(0, 16, "bold") and not document.styled(0, 16, "italic")
    assert document.styled(18, 25, "italic") and not document.styled(18, 25, "bold")


def test_close_lines_stay_one_paragraph_and_a_wide_gap_splits() -> None:
    lines = [("Helvetica", 750, "We use Mosaic"), ("Helvetica", 737, "for adults.")]
    lines.append(("Helvetica", 700, "Hosted by the council."))
    (document,) = ingest_bytes(_pdf([lines]), "reply.pdf")
    assert document.text == "We use Mosaic\nfor adults.\n\nHosted by the council."


def test_larger_text_is_a_heading_and_the_title_without_metadata() -> None:
    body = "We use Mosaic for adult social care case management."
    lines = [("H:Helvetica", 750, "FOI response"), ("Helvetica", 700, body)]
    (document,) = ingest_bytes(_pdf([lines]), "reply.pdf")
    assert document.title == "FOI response"
    assert document.styled(0, 12, "heading") and not document.styled(14, 20, "heading")


def test_metadata_title_author_and_creation_date_are_read() -> None:
    data = _pdf([[("Helvetica", 750, "We use Mosaic.")]], Title="FOI 101", Author="FOI Team")
    (document,) = ingest_bytes(data, "reply.pdf")
    assert document.title == "FOI 101"
    assert document.metadata["author"] == "FOI Team"
    assert document.metadata["creation_date"] == "2000-01-01T00:00:00"


def test_each_page_span_holds_that_page_text() -> None:
    data = _pdf([[("Helvetica", 750, f"Page {n} text.")] for n in (1, 2, 3)])
    (document,) = ingest_bytes(data, "reply.pdf")
    assert [document.text[p.start : p.end] for p in document.pages] == [
        "Page 1 text.",
        "Page 2 text.",
        "Page 3 text.",
    ]
    assert document.page_at(document.text.index("Page 3")) == 3


def test_a_scanned_page_among_text_pages_is_a_warning() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 750, "Covering letter: we use Mosaic.")
    page.showPage()
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "black").save(picture, "PNG")
    page.drawImage(ImageReader(picture), 100, 600, 200, 100)
    page.showPage()
    page.save()
    (document,) = ingest_bytes(buffer.getvalue(), "reply.pdf")
    assert document.status == "ok"
    assert document.metadata["warning"] == "pages with images but no text (need OCR): 2"


def test_curved_logo_and_a_rule_line_do_not_call_pdfplumber(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.circle(100, 780, 30, fill=1)
    page.bezier(50, 700, 80, 760, 120, 640, 160, 700)
    page.line(72, 740, 520, 740)
    page.drawString(72, 720, "We use Mosaic.")
    page.save()
    monkeypatch.setattr(pdf_ingest.pdfplumber, "open", _never_called)
    (document,) = ingest_bytes(buffer.getvalue(), "letter.pdf")
    assert document.text == "We use Mosaic."


def test_ruled_page_pdfplumber_cannot_read_falls_back_to_pdfium(
    response: Response, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", _never_called)
    (document,) = ingest_bytes(fixtures.to_pdf(response), "reply.pdf")
    assert document.status == "ok" and document.tables == []
    assert "Liquidlogic LCS" in document.text


def _never_called(*_: object, **__: object) -> None:
    raise AssertionError("pdfplumber should not read this page")


def test_a_bold_paragraph_over_two_lines_is_one_bold_span() -> None:
    lines = [("Helvetica-Bold", 750, "Please list your systems"), ("Helvetica-Bold", 737, "now.")]
    (document,) = ingest_bytes(_pdf([lines]), "reply.pdf")
    assert [(s.start, s.end, s.style) for s in document.styles] == [(0, 29, "bold")]
