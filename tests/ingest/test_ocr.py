"""OCR with Tesseract: scanned PDFs and images (PNG, JPEG, multi-page TIFF) read page by page,
each page marked as OCR with its mean word confidence; the pipeline finds the same systems in a
scan as in the text it shows."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest
from PIL import Image

from foi_extract.document import Document
from foi_extract.ingest import image as image_module
from foi_extract.ingest import ingest_bytes
from foi_extract.ingest import pdf as pdf_module
from foi_extract.ingest.ocr import parse_tsv, tesseract_available
from foi_extract.pipeline import RunOptions, run_pipeline
from tests.support import fixtures
from tests.support.fixtures import Response, a, h, q
from tests.support.legacy_files import facts_by_file, render_page, response_lines, scan

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(), reason="tesseract is not installed (apt-get install tesseract-ocr)"
)
KEY_WORDS = ("Wakefield Council", "Mosaic", "5 March 2024", "FOI 2024-207")


@pytest.fixture(scope="module")
def scanned() -> Response:
    """An invented response whose facts a scan must keep: council, system, supplier, date."""
    return Response(
        title="FOI 2024-207 Adult social care system",
        letterhead=("Wakefield Council", "Our ref: FOI 2024-207", "Date: 5 March 2024"),
        blocks=(
            q("1. Which case management system do you use for adult social care?"),
            h("Response:"),
            a("We use Mosaic, supplied by Servelec, for adult social care."),
            a("The contract with Servelec ends on 31 March 2027."),
        ),
        signature=("Information Governance, Wakefield Council",),
    )


def _ocr_document(data: bytes, name: str) -> Document:
    document = ingest_bytes(data, name)[0]
    assert document.status == "ok", document.error
    return document


@needs_tesseract
def test_scanned_pdf_is_read_by_ocr_with_its_confidence(scanned: Response) -> None:
    started = time.perf_counter()
    document = _ocr_document(scan([render_page(response_lines(scanned))], "PDF"), "scan.pdf")
    seconds = time.perf_counter() - started
    for word in KEY_WORDS:
        assert word in document.text, word
    (page,) = document.pages
    assert page.ocr and page.ocr_confidence is not None and page.ocr_confidence > 80
    assert seconds < 30, f"one A4 page took {seconds:.1f} s"


@needs_tesseract
@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_an_image_is_one_ocr_page(scanned: Response, kind: str) -> None:
    document = _ocr_document(scan([render_page(response_lines(scanned))], kind), f"scan.{kind}")
    assert document.media_type == f"image/{kind.lower()}"
    assert [page.ocr for page in document.pages] == [True]
    for word in KEY_WORDS:
        assert word in document.text, word


@needs_tesseract
def test_multi_page_tiff_gives_a_page_per_frame(scanned: Response) -> None:
    lines = response_lines(scanned)
    pages = [render_page(lines[:4]), render_page(lines[4:])]
    document = _ocr_document(scan(pages, "TIFF"), "scan.tif")
    assert document.media_type == "image/tiff"
    assert [page.number for page in document.pages] == [1, 2]
    first, second = (document.text[page.start : page.end] for page in document.pages)
    assert "Wakefield Council" in first and "Mosaic" not in first
    assert "Mosaic" in second
    assert all(page.ocr and page.ocr_confidence for page in document.pages)


@needs_tesseract
def test_a_scanned_page_among_text_pages_is_read(scanned: Response) -> None:
    """Page 2 is an image: its text comes from OCR, page 1 keeps its text layer."""
    text_page = fixtures.to_pdf(scanned)
    picture = scan([render_page(response_lines(scanned))], "PDF")
    combined = _join_pdfs([text_page, picture])
    document = _ocr_document(combined, "mixed.pdf")
    assert [(page.number, page.ocr) for page in document.pages] == [(1, False), (2, True)]
    second = document.pages[1]
    assert "Mosaic" in document.text[second.start : second.end]
    assert "warning" not in document.metadata


def test_without_tesseract_a_scan_needs_ocr_and_says_how_to_install(
    scanned: Response, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "tesseract_available", lambda: False)
    monkeypatch.setattr(image_module, "tesseract_available", lambda: False)
    pdf = scan([render_page(response_lines(scanned))], "PDF")
    png = scan([render_page(["Wakefield Council"])], "PNG")
    for data, name in ((pdf, "scan.pdf"), (png, "scan.png")):
        (document,) = ingest_bytes(data, name)
        assert document.status == "needs_ocr", name
        assert "apt-get install tesseract-ocr" in (document.error or ""), name


def test_a_damaged_image_is_an_error_not_an_exception() -> None:
    (document,) = ingest_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png")
    assert (document.status, document.error) == (
        "error",
        "not a readable image: damaged or of an unknown kind",
    )


def test_an_image_past_the_pixel_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    (document,) = ingest_bytes(scan([Image.new("L", (100, 100), 255)], "PNG"), "bomb.png")
    assert document.status == "error"
    assert document.error.startswith("image refused: too many pixels")


def test_tsv_gives_lines_paragraphs_and_columns_and_drops_unsure_words() -> None:
    """Words (left, top, width, height, confidence): a line break, a paragraph gap, a gutter."""
    words = [
        (1, 1, 100, 0, 60, 40, 96, "We"),
        (1, 1, 170, 0, 80, 40, 90, "use"),
        (1, 2, 100, 50, 150, 40, 94, "Mosaic."),
        (1, 2, 260, 50, 20, 40, 12, "~"),
        (2, 1, 100, 200, 120, 40, 80, "System"),
        (2, 1, 400, 200, 120, 40, 80, "Supplier"),
    ]
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tl\tt\tw\th\tconf\ttext"
    rows = [
        "\t".join(map(str, (5, 1, block, 1, line, 1, left, top, width, height, conf, text)))
        for block, line, left, top, width, height, conf, text in words
    ]
    page = parse_tsv("\n".join([header, *rows]))
    assert page.paragraphs() == ["We use\nMosaic.", "System   Supplier"]
    assert page.confidence == 88.0


@needs_tesseract
@pytest.mark.slow
def test_pipeline_finds_the_same_systems_in_a_scan_as_in_its_text(
    scanned: Response, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "reply.txt").write_text("\n".join(response_lines(scanned)) + "\n")
    (folder / "scan.pdf").write_bytes(scan([render_page(response_lines(scanned))], "PDF"))
    run_pipeline([folder], tmp_path / "out", RunOptions(workers=1))
    facts = facts_by_file(tmp_path / "out")
    assert facts["reply.txt"], "the text version should name a system"
    assert facts["scan.pdf"] == facts["reply.txt"]
    pages = pd.read_parquet(tmp_path / "out" / "pages.parquet")
    ocr = pages[pages["ocr"]]
    assert len(ocr) == 1 and ocr["ocr_confidence"].iloc[0] > 80


def _join_pdfs(parts: list[bytes]) -> bytes:
    joined = pdfium.PdfDocument.new()
    for data in parts:
        joined.import_pages(pdfium.PdfDocument(data))
    buffer = io.BytesIO()
    joined.save(buffer)
    return buffer.getvalue()
