"""OCR with Tesseract: the words of a page image, in lines and paragraphs, with their confidence.

Tesseract is run as a subprocess (`tesseract stdin stdout tsv`) rather than through
pytesseract: one call gives both the words and their confidences (pytesseract needs a call for
each, or rebuilds text from the same table), the image goes in on stdin with no temporary file,
and the call gets its own timeout, one OpenMP thread (the worker pool already uses every core)
and dies with the worker that started it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium
from PIL import Image

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError
from foi_extract.ingest.text_builder import NO_STYLE, TextBuilder

TESSERACT = "tesseract"
LANGUAGE = "eng"
INSTALL_HINT = "Tesseract is not installed (apt-get install tesseract-ocr)"
OCR_DPI = 300
"""Resolution pages are rendered at for OCR: what Tesseract is trained on."""
PAGE_TIMEOUT = 120
"""Seconds one page may take; the worker's per-file timeout bounds the whole file as well."""
MIN_WORD_CONFIDENCE = 30.0
"""Words Tesseract is less sure of than this (0-100) are noise: specks, lines, stamps."""
PAGE_SEGMENTATION = "3"
"""Tesseract's fully automatic page layout (its default), named so it is a choice."""
MAX_PIXELS = 50_000_000
"""A page image is scaled down to at most this many pixels before OCR (memory bound)."""
PDF_POINTS_PER_INCH = 72
PR_SET_PDEATHSIG = 1
_TSV_COLUMNS = 12


@dataclass(frozen=True)
class OcrLine:
    """One line of words as Tesseract grouped them; `paragraph` keys its block and paragraph."""

    paragraph: tuple[int, int, int]
    words: list[str]


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: its lines, and the mean confidence (0-100) of their words."""

    lines: list[OcrLine]
    confidence: float | None

    @property
    def has_text(self) -> bool:
        return any(line.words for line in self.lines)

    def paragraphs(self) -> list[str]:
        """The page's text, one string per paragraph, lines joined by newlines."""
        grouped: dict[tuple[int, int, int], list[str]] = {}
        for line in self.lines:
            if line.words:
                grouped.setdefault(line.paragraph, []).append(" ".join(line.words))
        return ["\n".join(lines) for lines in grouped.values()]


@cache
def tesseract_available() -> bool:
    """True when the `tesseract` binary is on the PATH (looked up once per process)."""
    return shutil.which(TESSERACT) is not None


def ocr_image(image: Image.Image) -> OcrPage:
    """Read the words of one page image; raise `IngestError` when Tesseract fails."""
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "PNG", dpi=(OCR_DPI, OCR_DPI))
    command = [TESSERACT, "stdin", "stdout", "-l", LANGUAGE, "--psm", PAGE_SEGMENTATION]
    command += ["--dpi", str(OCR_DPI), "tsv"]
    try:
        completed = subprocess.run(
            command,
            input=buffer.getvalue(),
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            preexec_fn=_die_with_parent,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise IngestError(f"OCR timed out after {PAGE_TIMEOUT} s on one page") from exc
    except OSError as exc:
        raise IngestError(f"OCR could not start {TESSERACT}: {exc}") from exc
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise IngestError(f"OCR failed: {reason[-1] if reason else completed.returncode}")
    return parse_tsv(completed.stdout.decode("utf-8", "replace"))


def ocr_pdf_page(page: pdfium.PdfPage) -> OcrPage:
    """Render a PDF page at `OCR_DPI` (less for a huge page) and read it."""
    width, height = page.get_width(), page.get_height()
    scale = OCR_DPI / PDF_POINTS_PER_INCH
    pixels = width * height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        return ocr_image(bitmap.to_pil())
    finally:
        bitmap.close()


def fit_image(image: Image.Image) -> Image.Image:
    """`image` scaled down to at most `MAX_PIXELS` pixels (a huge scan stays readable)."""
    pixels = image.width * image.height
    if pixels <= MAX_PIXELS:
        return image
    ratio = (MAX_PIXELS / pixels) ** 0.5
    size = (max(1, int(image.width * ratio)), max(1, int(image.height * ratio)))
    return image.resize(size)


def parse_tsv(tsv: str) -> OcrPage:
    """Tesseract's TSV (one row per word, grouped by block, paragraph and line) as lines."""
    lines: dict[tuple[int, int, int, int], OcrLine] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < _TSV_COLUMNS or fields[0] != "5":  # level 5: a word
            continue
        word, confidence = fields[11].strip(), float(fields[10])
        if not word or confidence < MIN_WORD_CONFIDENCE:
            continue
        page, block, paragraph, line = (int(value) for value in fields[1:5])
        key = (page, block, paragraph, line)
        lines.setdefault(key, OcrLine((page, block, paragraph), [])).words.append(word)
        confidences.append(confidence)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrPage(list(lines.values()), mean)


def add_ocr_page(page: OcrPage, builder: TextBuilder) -> None:
    """Add what OCR read on a page to `builder`, a paragraph at a time."""
    for paragraph in page.paragraphs():
        builder.paragraph([(paragraph, NO_STYLE)])


def mark_ocr_pages(document: Document, confidences: dict[int, float | None]) -> None:
    """Record on `document.pages` which pages (by number) were read by OCR, and how surely."""
    document.pages = [
        page.with_ocr(confidences[page.number]) if page.number in confidences else page
        for page in document.pages
    ]


def _die_with_parent() -> None:
    """In the Tesseract child: be killed when the worker that started it dies (Linux only)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
