"""PDF reading speed: the PdfIngestor (pypdfium2, pdfplumber only on ruled pages) against
pdfplumber on every page, on a generated PDF of text pages and a few table pages.
Usage: python scripts/bench_pdf.py [PAGES]
"""

from __future__ import annotations

import io
import sys
import time

import pdfplumber

from foi_extract import fixtures
from foi_extract.fixtures import Response, a, q, table
from foi_extract.ingest import IngestLimits, ingest_bytes


def make_pdf(pages: int, table_every: int = 0) -> bytes:
    filler = " ".join(["The council uses Mosaic for adult social care case management."] * 6)
    blocks = []
    for number in range(pages):
        blocks += [q(f"{number + 1}. Which system do you use?"), *(a(filler) for _ in range(8))]
        if table_every and number % table_every == 0:
            blocks.append(table(("System", "Supplier"), ("Mosaic", "Servelec")))
    response = Response(title="Benchmark", letterhead=("Leeds City Council",), blocks=tuple(blocks))
    return fixtures.to_pdf(response)


def main(pages: int = 200) -> None:
    for table_every in (0, 20):
        print(f"-- one ruled table every {table_every} pages" if table_every else "-- text only")
        measure(make_pdf(pages, table_every))


def measure(data: bytes) -> None:
    ingest_bytes(make_pdf(1), "warm-up.pdf")  # parser imports are a one-off cost per worker
    started = time.perf_counter()
    (document,) = ingest_bytes(data, "bench.pdf", limits=IngestLimits(max_pdf_pages=10_000))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        plumber_pages = len([page.extract_text() for page in pdf.pages])
    plumber = time.perf_counter() - started
    n = len(document.pages)
    print(f"{n} pages, {len(document.tables)} tables found")
    print(f"PdfIngestor:    {n / ours:8.0f} pages/s ({ours:.2f} s)")
    print(f"pdfplumber only: {plumber_pages / plumber:7.0f} pages/s ({plumber:.2f} s)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
