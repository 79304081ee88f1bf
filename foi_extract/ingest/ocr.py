"""OCR with Tesseract: the words of a page image, in lines and paragraphs, with their confidence.

Tesseract is run as a subprocess (`tesseract stdin stdout tsv`) rather than through
pytesseract: one call gives both the words and their confidences (pytesseract needs a call for
each, or rebuilds text from the same table), the image goes in on stdin with no temporary file,
and the call gets its own timeout, one OpenMP thread (the worker pool already uses every core)
and dies with the worker that started it.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from functools import cache

import pypdfium2 as pdfium
from PIL import Image

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError
from foi_extract.ingest.text_builder import TextBuilder
from foi_extract.lifetime import die_with_parent

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
PARAGRAPH_GAP = 0.8
"""A gap between two lines wider than this many line heights starts a new paragraph."""
COLUMN_GAP = 0.8
"""A gap between two words at least this many line heights wide separates table columns."""
COLUMN_SEPARATOR = "   "
"""Written between columns: `plain_tables` reads runs of two or more spaces as a gutter."""
WORD_LEVEL = "5"
_TSV_COLUMNS = 12


@dataclass(frozen=True)
class OcrWord:
    """One word Tesseract read, with its box in pixels (`top` measured downwards)."""

    text: str
    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True)
class OcrLine:
    """One line of words, as Tesseract grouped them, left to right."""

    words: list[OcrWord]

    @property
    def top(self) -> int:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> int:
        return max(word.top + word.height for word in self.words)

    def text(self) -> str:
        """The words joined by a space, or by `COLUMN_SEPARATOR` across a gap as wide as a
        table's gutter, so that `TextBuilder.text` sees a table's columns."""
        gutter = COLUMN_GAP * max(word.height for word in self.words)
        parts = [self.words[0].text]
        for before, word in itertools.pairwise(self.words):
            wide = word.left - (before.left + before.width) >= gutter
            parts += [COLUMN_SEPARATOR if wide else " ", word.text]
        return "".join(parts)


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: its lines top to bottom, and the mean confidence (0-100)
    of their words."""

    lines: list[OcrLine]
    confidence: float | None

    @property
    def has_text(self) -> bool:
        return bool(self.lines)

    def paragraphs(self) -> list[str]:
        """The page's text, one string per paragraph: a paragraph ends where the gap to the
        next line is wider than `PARAGRAPH_GAP` line heights."""
        if not self.lines:
            return []
        height = statistics.median(line.bottom - line.top for line in self.lines)
        paragraphs: list[list[str]] = [[self.lines[0].text()]]
        for before, line in itertools.pairwise(self.lines):
            if line.top - before.bottom > PARAGRAPH_GAP * height:
                paragraphs.append([])
            paragraphs[-1].append(line.text())
        return ["\n".join(lines) for lines in paragraphs]


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
            preexec_fn=die_with_parent,  # killed when the worker that started it dies
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
    scale = OCR_DPI / PDF_POINTS_PER_INCH
    scale *= _shrink(page.get_width() * page.get_height() * scale * scale)
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        return ocr_image(bitmap.to_pil())
    finally:
        bitmap.close()


def fit_image(image: Image.Image) -> Image.Image:
    """`image` scaled down to at most `MAX_PIXELS` pixels (a huge scan stays readable)."""
    ratio = _shrink(image.width * image.height)
    if ratio == 1.0:
        return image
    size = (max(1, int(image.width * ratio)), max(1, int(image.height * ratio)))
    return image.resize(size)


def _shrink(pixels: float) -> float:
    """The factor (at most 1) that brings an image of `pixels` pixels down to `MAX_PIXELS`."""
    return 1.0 if pixels <= MAX_PIXELS else (MAX_PIXELS / pixels) ** 0.5


def parse_tsv(tsv: str) -> OcrPage:
    """Tesseract's TSV (a row per word, numbered by block, paragraph and line) as lines."""
    lines: dict[tuple[str, ...], list[OcrWord]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < _TSV_COLUMNS or fields[0] != WORD_LEVEL:
            continue
        text, confidence = fields[11].strip(), float(fields[10])
        if not text or confidence < MIN_WORD_CONFIDENCE:
            continue
        left, top, width, height = (int(value) for value in fields[6:10])
        lines.setdefault(tuple(fields[1:5]), []).append(OcrWord(text, left, top, width, height))
        confidences.append(confidence)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    ordered = sorted((OcrLine(words) for words in lines.values()), key=lambda line: line.top)
    return OcrPage(ordered, mean)


def add_ocr_page(page: OcrPage, builder: TextBuilder) -> None:
    """Add what OCR read on a page to `builder`, a paragraph at a time."""
    for paragraph in page.paragraphs():
        builder.text(paragraph)


def mark_ocr_pages(document: Document, confidences: dict[int, float | None]) -> None:
    """Record on `document.pages` which pages (by number) were read by OCR, and how surely."""
    document.pages = [
        page.with_ocr(confidences[page.number]) if page.number in confidences else page
        for page in document.pages
    ]
