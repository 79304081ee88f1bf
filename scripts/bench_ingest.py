"""PDF ingest speed: the PdfIngestor (pypdfium2; pdfplumber only on ruled pages) against
pdfplumber reading every page, on generated PDFs of text pages with and without ruled tables.

Usage: python scripts/bench_ingest.py [PAGES]   (default 200)
"""

from __future__ import annotations

import io
import sys
import time

import pdfplumber
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from foi_extract.ingest import IngestLimits, ingest_bytes

FILLER = " ".join(["The council uses Mosaic for adult social care case management."] * 6)


def make_pdf(pages: int, table_every: int = 0) -> bytes:
    """`pages` A4 pages of a bold question and eight paragraphs; a ruled table every N pages."""
    styles = getSampleStyleSheet()
    story: list[object] = []
    for number in range(pages):
        if number:
            story.append(PageBreak())
        story.append(Paragraph(f"{number + 1}. Which system do you use?", styles["Heading4"]))
        story += [Paragraph(FILLER, styles["BodyText"]) for _ in range(5)]
        if table_every and number % table_every == 0:
            grid = Table([["System", "Supplier", "Contract end"], ["Mosaic", "Servelec", "2027"]])
            grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(grid)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    return buffer.getvalue()


def pages_per_second(data: bytes) -> tuple[float, float, int, int]:
    """(ingestor pages/s, pdfplumber pages/s, pages read, tables found)."""
    started = time.perf_counter()
    (document,) = ingest_bytes(data, "bench.pdf", limits=IngestLimits(max_pdf_pages=100_000))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
    plumber = time.perf_counter() - started
    n = len(document.pages)
    return n / ours, n / plumber, n, len(document.tables)


def main(pages: int = 200) -> None:
    ingest_bytes(make_pdf(1, 1), "warm-up.pdf")  # imports are a one-off cost per worker
    for label, table_every in (("text only", 0), ("ruled table every 10 pages", 10)):
        ours, plumber, n, tables = pages_per_second(make_pdf(pages, table_every))
        print(f"{label}: {n} pages, {tables} tables")
        print(f"  PdfIngestor      {ours:8.0f} pages/s")
        print(f"  pdfplumber only  {plumber:8.1f} pages/s   ({ours / plumber:.0f}x slower)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
