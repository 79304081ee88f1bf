"""PDF: bulk text from pypdfium2 (fast), tables from pdfplumber on the pages that have rulings.

pdfplumber reads about 17 pages/s here and pypdfium2 about 1,600 on the same text, so pdfplumber
is kept for what only it does well: finding table cells on pages drawn with ruling lines.
"""

from __future__ import annotations

import io
import statistics
from typing import TYPE_CHECKING

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

Line = tuple[float, float, str]
"""A text line as (top, height, text), top measured downwards from the top of the page."""

MIN_RULING_PATHS = 4
PARAGRAPH_GAP = 0.4
"""A vertical gap between lines wider than this many line heights starts a new paragraph."""


class PdfIngestor(Ingestor):
    media_types = ("application/pdf",)
    extensions = (".pdf",)

    @classmethod
    def magic(cls, data: bytes) -> bool:
        # The header may follow up to 1 KB of junk, but a ZIP holding a PDF is not a PDF.
        return b"%PDF-" in data[:1024] and not data.startswith(b"PK\x03\x04")

    @classmethod
    def score(cls, data: bytes, extension: str) -> int:
        # A .pdf name on something that is not a PDF must still reach this ingestor, to be
        # reported as "not a PDF" instead of as an unknown type.
        return 10 if cls.magic(data) else (3 if extension in cls.extensions else 0)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        if not self.magic(data[:1024]):
            raise IngestError(f"not a PDF: file starts with {data[:8]!r}")
        pdf = _open(data)
        try:
            n_pages = len(pdf)
            limit = context.limits.max_pdf_pages
            if n_pages > limit:
                document.metadata["warning"] = f"truncated at {limit} of {n_pages} pages"
            document.title = (pdf.get_metadata_value("Title") or "").strip() or None
            builder = TextBuilder()
            images_only = 0
            plumber: pdfplumber.PDF | None = None
            for index in range(min(n_pages, limit)):
                if index:
                    builder.new_page()
                page = pdf[index]
                if _has_rulings(page):
                    plumber = plumber or pdfplumber.open(io.BytesIO(data))
                    _read_ruled_page(plumber.pages[index], builder)
                else:
                    lines = _pdfium_lines(page)
                    _add_paragraphs(lines, builder)
                    images_only += not lines and _has_images(page)
            if plumber is not None:
                plumber.close()
            builder.apply(document)
        finally:
            pdf.close()
        if n_pages == 0:
            raise IngestError("PDF has no pages")
        if not document.text.strip() and images_only:
            document.status = "needs_ocr"
            document.error = f"no text layer: {images_only} page(s) of images need OCR"


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise IngestError("encrypted PDF: a password is needed") from exc
        raise IngestError(f"corrupt or truncated PDF: {message}") from exc


def _has_rulings(page: pdfium.PdfPage) -> bool:
    paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)
    return sum(1 for _ in zip(range(MIN_RULING_PATHS), paths, strict=False)) >= MIN_RULING_PATHS


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def _pdfium_lines(page: pdfium.PdfPage) -> list[Line]:
    """Text lines of a page with the position of each line's first character (font box)."""
    textpage = page.get_textpage()
    height = page.get_height()
    lines: list[Line] = []
    index = 0
    for line in textpage.get_text_range().split("\r\n"):
        lead = len(line) - len(line.lstrip())
        if line.strip():
            _, bottom, _, top = textpage.get_charbox(index + lead, loose=True)
            lines.append((height - top, top - bottom, line.strip()))
        index += len(line) + 2
    textpage.close()
    return lines


def _add_paragraphs(lines: list[Line], builder: TextBuilder) -> None:
    """Group lines into paragraphs wherever the gap to the previous line is wide."""
    if not lines:
        return
    typical = statistics.median(height for _, height, _ in lines) or 10.0
    paragraph: list[str] = []
    previous_bottom: float | None = None
    for top, height, text in lines:
        if previous_bottom is not None and top - previous_bottom > PARAGRAPH_GAP * typical:
            builder.text("\n".join(paragraph))
            paragraph = []
        paragraph.append(text)
        previous_bottom = top + height
    builder.text("\n".join(paragraph))


def _read_ruled_page(page: pdfplumber.page.Page, builder: TextBuilder) -> None:
    """Text above, between and below the page's tables, with each table as rows of cells."""
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    cursor = 0.0
    for table in tables:
        _add_band(page, cursor, table.bbox[1], builder)
        rows = [[cell or "" for cell in row] for row in table.extract()]
        builder.table(rows)
        cursor = table.bbox[3]
    _add_band(page, cursor, float(page.height), builder)


def _add_band(page: pdfplumber.page.Page, top: float, bottom: float, builder: TextBuilder) -> None:
    if bottom - top < 1:
        return
    band = page.crop((0, top, float(page.width), bottom), strict=False)
    lines = [
        (float(line["top"]), float(line["bottom"] - line["top"]), line["text"])
        for line in band.extract_text_lines()
    ]
    _add_paragraphs(lines, builder)
