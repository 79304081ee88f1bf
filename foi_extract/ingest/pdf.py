"""PDF: bulk text from pypdfium2 (fast), tables from pdfplumber on the pages that have rulings.

pdfplumber reads about 17 pages/s here and pypdfium2 about 1,600 on the same text, so pdfplumber
is kept for what only it does well: finding table cells on pages drawn with ruling lines.
Paragraph breaks are recovered from the vertical gaps between lines; bold, italic and larger
(heading) lines from the font of their first and last characters.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream

from foi_extract.document import Document, Style
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.ocr import (
    INSTALL_HINT,
    add_ocr_page,
    mark_ocr_pages,
    ocr_pdf_page,
    tesseract_available,
)
from foi_extract.ingest.sniff import PDF
from foi_extract.ingest.text_builder import Run, TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

log = logging.getLogger(__name__)

RULING_MIN_LENGTH = 10.0
"""A vector line shorter than this (in points) is a mark, not a table ruling."""
MAX_RULING_SEGMENTS = 2000
PARAGRAPH_GAP = 0.4
"""A gap between two lines wider than this many line heights starts a new paragraph."""
HEADING_SIZE = 1.25
"""A line set this many times larger than the page's usual text is a heading."""
BOLD_WEIGHT = 600
ITALIC_FLAG = 1 << 6
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_NAME = re.compile(r"italic|oblique", re.IGNORECASE)
JUNK_METADATA = ("untitled", "(anonymous)", "(unspecified)", "unknown")
"""Placeholders PDF producers write when the author filled nothing in."""
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")
_WORD_EXPORT_TITLE = re.compile(r"^Microsoft (Word|Excel|PowerPoint) - ")
MAX_FORM_DRAWS = 10_000
"""Form XObjects one page may draw, forms inside forms included: pdfium expands each drawing
in turn, so a form that draws itself twice takes forever to load (more is refused)."""
MAX_REFERENCE_HOPS = 32
"""Object references followed in a row before a chain is taken as a loop."""
_DO_OPERATOR = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


@dataclass(frozen=True)
class Line:
    """A text line: `top` measured downwards from the top of the page."""

    top: float
    height: float
    size: float
    text: str
    styles: frozenset[Style]


class PdfIngestor(Ingestor):
    media_types = (PDF,)
    extensions = (".pdf",)

    @classmethod
    def score(cls, sniffed: str | None, extension: str) -> int:
        # A .pdf name on something else still comes here when nothing else claims it, to be
        # reported as "not a PDF" rather than as an unknown type.
        if sniffed == PDF:
            return 10
        return 3 if extension in cls.extensions else 0

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        if b"%PDF-" not in data[:1024]:
            raise IngestError(f"not a PDF: file starts with {data[:8]!r}")
        _check_structure(data, context.limits.max_pdf_pages)
        pdf = _open(data)
        try:
            _read(pdf, data, document, context.limits.max_pdf_pages)
        finally:
            pdf.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise IngestError("encrypted PDF: a password is needed") from exc
        if "PDFium: Success" in message:  # what pdfium says of a document with no pages
            raise IngestError("empty or corrupt PDF: no readable page tree") from exc
        raise IngestError(f"corrupt or truncated PDF: {message}") from exc


def _page(pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise IngestError(f"corrupt PDF: page {index + 1} cannot be loaded ({exc})") from exc


def _read(pdf: pdfium.PdfDocument, data: bytes, document: Document, limit: int) -> None:
    n_pages = len(pdf)
    _read_metadata(pdf, document)
    if n_pages > limit:
        document.metadata["warning"] = f"truncated at {limit} of {n_pages} pages"
    builder = TextBuilder()
    image_pages: list[int] = []
    ocr_pages: dict[int, float | None] = {}
    plumber: pdfplumber.PDF | None = None
    try:
        for index in range(min(n_pages, limit)):
            if index:
                builder.new_page()
            page = _page(pdf, index)
            has_text: bool | None = None
            if _has_rulings(page):
                plumber = plumber or pdfplumber.open(io.BytesIO(data))
                has_text = _read_ruled_page(plumber.pages[index], builder)
            if has_text is None:
                lines = _pdfium_lines(page)
                _add_paragraphs(lines, builder)
                has_text = bool(lines)
            if not has_text and _has_images(page):
                _ocr_page(page, index + 1, builder, image_pages, ocr_pages)
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
    builder.apply(document)
    mark_ocr_pages(document, ocr_pages)
    document.title = document.title or _first_heading(document)
    _report_images(document, image_pages)


def _ocr_page(
    page: pdfium.PdfPage,
    number: int,
    builder: TextBuilder,
    image_pages: list[int],
    ocr_pages: dict[int, float | None],
) -> None:
    """OCR a page of images without text, when Tesseract is installed; a page it reads no
    words from (or every page, without Tesseract) is still reported as needing OCR."""
    try:
        read = ocr_pdf_page(page) if tesseract_available() else None
    except IngestError as exc:  # one unreadable scan must not lose the other pages' text
        log.warning("OCR of page %d failed: %s", number, exc)
        read = None
    if read is None or not read.has_text:
        image_pages.append(number)
        return
    add_ocr_page(read, builder)
    ocr_pages[number] = read.confidence


def _read_metadata(pdf: pdfium.PdfDocument, document: Document) -> None:
    """Title, author and creation date, when the producer filled them with something real."""
    metadata = {key: value.strip() for key, value in pdf.get_metadata_dict().items()}
    usable = {k: v for k, v in metadata.items() if v and v.lower() not in JUNK_METADATA}
    if "Title" in usable:
        document.title = _WORD_EXPORT_TITLE.sub("", usable["Title"])
    if "Author" in usable:
        document.metadata["author"] = usable["Author"]
    created = _PDF_DATE.match(usable.get("CreationDate", ""))
    if created:
        year, month, day, hour, minute, second = (part or "" for part in created.groups())
        date = "-".join(part for part in (year, month, day) if part)
        time = ":".join(part for part in (hour, minute, second) if part)
        document.metadata["creation_date"] = f"{date}T{time}" if hour and minute else date


def _first_heading(document: Document) -> str | None:
    heading = next((span for span in document.styles if span.style == "heading"), None)
    return document.text[heading.start : heading.end].strip() or None if heading else None


def _report_images(document: Document, image_pages: list[int]) -> None:
    if not image_pages:
        return
    if not document.text.strip():
        document.status = "needs_ocr"
        document.error = f"no text layer: {len(image_pages)} page(s) of images need OCR"
        if not tesseract_available():
            document.error += f" ({INSTALL_HINT})"
    else:
        pages = ", ".join(map(str, image_pages))
        document.metadata["warning"] = f"pages with images but no text (need OCR): {pages}"


def _has_rulings(page: pdfium.PdfPage) -> bool:
    """True when straight vector lines could frame table cells: two or more across and down.

    Thin lines and straight-sided paths (cell borders, boxes, grids) count; curved paths
    (logos, signatures) do not, so a letterhead logo does not send every page to pdfplumber.
    """
    across = down = 0
    for path in _objects(page, pdfium_c.FPDF_PAGEOBJ_PATH):
        left, bottom, right, top = _bounds(path)
        width, height = right - left, top - bottom
        if max(width, height) < RULING_MIN_LENGTH or not _is_straight(path):
            continue
        across += width >= RULING_MIN_LENGTH
        down += height >= RULING_MIN_LENGTH
        if across >= 2 and down >= 2:
            return True
    return False


def _is_straight(path: Any) -> bool:
    """A path (pdfium's handle) made of straight segments only (no Bézier curves)."""
    count = pdfium_c.FPDFPath_CountSegments(path)
    return 0 < count <= MAX_RULING_SEGMENTS and all(
        pdfium_c.FPDFPathSegment_GetType(pdfium_c.FPDFPath_GetPathSegment(path, index))
        != pdfium_c.FPDF_SEGMENT_BEZIERTO
        for index in range(count)
    )


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in _objects(page, pdfium_c.FPDF_PAGEOBJ_IMAGE))


OBJECT_DEPTH = 2  # a page's objects and those of the forms it draws, not deeper


def _objects(page: pdfium.PdfPage, kind: int) -> Iterator[Any]:
    """pdfium's handles of the page objects of `kind` on `page` and in its forms (to
    `OBJECT_DEPTH`), read with pdfium's own calls: `PdfPage.get_objects` wraps every object
    of the page in a Python object first, and a page of text has hundreds."""
    count, get = pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject
    stack = [(page.raw, count, get, 1)]
    while stack:
        parent, count, get, level = stack.pop()
        for index in range(count(parent)):
            handle = get(parent, index)
            found = pdfium_c.FPDFPageObj_GetType(handle) if handle else None
            if found == kind:
                yield handle
            elif found == pdfium_c.FPDF_PAGEOBJ_FORM and level < OBJECT_DEPTH:
                form = (pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
                stack.append((handle, *form, level + 1))


def _bounds(handle: Any) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a page object."""
    edges = [ctypes.c_float() for _ in range(4)]
    pdfium_c.FPDFPageObj_GetBounds(handle, *(ctypes.byref(edge) for edge in edges))
    return edges[0].value, edges[1].value, edges[2].value, edges[3].value


def _pdfium_lines(page: pdfium.PdfPage) -> list[Line]:
    """Text lines of a page; position and size from each line's first character's box."""
    textpage = page.get_textpage()
    height = page.get_height()
    lines: list[Line] = []
    index = 0
    for text in textpage.get_text_range().split("\r\n"):
        lead = len(text) - len(text.lstrip())
        stripped = text.strip()
        if stripped:
            first = index + lead
            last = first + len(stripped) - 1
            _, bottom, _, top = textpage.get_charbox(first, loose=True)
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, first)
            styles = _char_styles(textpage, first) & _char_styles(textpage, last)
            lines.append(Line(height - top, top - bottom, size, stripped, styles))
        index += len(text) + 2
    textpage.close()
    return lines


def _char_styles(textpage: pdfium.PdfTextPage, index: int) -> frozenset[Style]:
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, None, 0, ctypes.byref(flags))
    name = ctypes.create_string_buffer(max(length, 1))
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, length, ctypes.byref(flags))
    weight = pdfium_c.FPDFText_GetFontWeight(textpage.raw, index)
    return _font_styles(name.value.decode("latin-1"), weight, bool(flags.value & ITALIC_FLAG))


@lru_cache(maxsize=512)
def _font_styles(name: str, weight: int, italic_flag: bool) -> frozenset[Style]:
    """Bold and italic from a font's weight, flags and name ("ABCDEF+Arial-BoldItalicMT")."""
    base = name.rsplit("+", 1)[-1]
    styles: set[Style] = set()
    if weight >= BOLD_WEIGHT or _BOLD_NAME.search(base):
        styles.add("bold")
    if italic_flag or _ITALIC_NAME.search(base):
        styles.add("italic")
    return frozenset(styles)


def _add_paragraphs(lines: list[Line], builder: TextBuilder) -> None:
    """Group lines into paragraphs wherever the gap to the previous line is wide."""
    if not lines:
        return
    typical = statistics.median(line.height for line in lines) or 10.0
    body_size = _body_size(lines)
    paragraph: list[Line] = []
    for line in lines:
        if paragraph and _breaks(paragraph[-1], line, typical, body_size):
            _flush(paragraph, builder, body_size)
            paragraph = []
        paragraph.append(line)
    _flush(paragraph, builder, body_size)


def _body_size(lines: list[Line]) -> float:
    """The font size that sets the most characters on the page."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] or 10.0


def _breaks(previous: Line, line: Line, typical: float, body_size: float) -> bool:
    """A wide gap, or a change between heading and body size, ends a paragraph."""
    gap = line.top - (previous.top + previous.height)
    return gap > PARAGRAPH_GAP * typical or _is_heading(previous, body_size) != _is_heading(
        line, body_size
    )


def _is_heading(line: Line, body_size: float) -> bool:
    return line.size >= HEADING_SIZE * body_size


def _flush(paragraph: list[Line], builder: TextBuilder, body_size: float) -> None:
    runs: list[Run] = []
    for number, line in enumerate(paragraph):
        if number:  # the line break carries what both its lines share, so spans stay whole
            runs.append(("\n", paragraph[number - 1].styles & line.styles))
        runs.append((line.text, line.styles))
    heading: list[Style] = ["heading"] if _is_heading(paragraph[0], body_size) else []
    builder.paragraph(runs, heading)


def _read_ruled_page(page: pdfplumber.page.Page, builder: TextBuilder) -> bool | None:
    """Text above, between and below the page's tables, each table as rows of cells.

    Returns whether the page holds any text, or None when pdfplumber cannot read the page (then
    pypdfium2 reads it without tables).
    """
    try:
        tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
        bands: list[tuple[list[Line], list[list[str]] | None]] = []
        cursor = 0.0
        for table in tables:
            bands.append((_band_lines(page, cursor, table.bbox[1]), None))
            bands.append(([], [[cell or "" for cell in row] for row in table.extract()]))
            cursor = table.bbox[3]
        bands.append((_band_lines(page, cursor, float(page.height)), None))
    except Exception:  # pdfminer raises many kinds of error on damaged pages
        return None
    finally:
        page.close()
    for index, (band, rows) in enumerate(bands):
        if rows is not None:
            builder.table(_continued(builder, rows, bands[:index]))
        else:
            _add_paragraphs(band, builder)
    return any(band or rows for band, rows in bands)


def _continued(
    builder: TextBuilder, rows: list[list[str]], before: list[tuple[list[Line], Any]]
) -> list[list[str]]:
    """A table that opens a page and goes on from the last page's table (as many columns, no
    header row of its own) gets that table's header, so its cells keep their column names."""
    previous = builder.tables[-1] if builder.tables else None
    opens_page = all(rows_before is None and len(band) <= 1 for band, rows_before in before)
    if (
        previous is None
        or not opens_page
        or previous.page != builder.page_number - 1
        or not previous.has_header
        or len(previous.rows[0]) != len(rows[0])
        or rows[0] == previous.rows[0]
    ):
        return rows
    return [previous.rows[0], *rows]


def _band_lines(page: pdfplumber.page.Page, top: float, bottom: float) -> list[Line]:
    if bottom - top < 1:
        return []
    band = page.crop((0, top, float(page.width), bottom), strict=False)
    return [_plumber_line(line) for line in band.extract_text_lines(return_chars=True)]


def _plumber_line(line: dict[str, Any]) -> Line:
    chars = [char for char in line["chars"] if char["text"].strip()] or line["chars"]
    first, last = chars[0], chars[-1]
    styles = _font_styles(str(first["fontname"]), 0, False) & _font_styles(
        str(last["fontname"]), 0, False
    )
    top, bottom = float(line["top"]), float(line["bottom"])
    return Line(top, bottom - top, float(first["size"]), line["text"], styles)


def _check_structure(data: bytes, page_limit: int) -> None:
    """Refuse a PDF whose objects loop (a page tree or a form XObject that contains itself) or
    whose forms nest into too many drawings, before pdfium loads a page and spins in C.

    pdfminer reads the objects without drawing anything; a PDF it cannot parse is left to
    pdfium, which repairs more (and reports what it cannot).
    """
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = _resolve(document.catalog.get("Pages"))
        checker = _FormCounter()
        for number, resources in enumerate(_page_resources(pages, page_limit), 1):
            checker.check_page(number, resources)
    except IngestError:
        raise
    except Exception:  # pdfminer raises many kinds of error on damaged files
        return


def _resolve(value: Any) -> Any:
    """`value` with references followed, at most `MAX_REFERENCE_HOPS` of them."""
    for _ in range(MAX_REFERENCE_HOPS):
        if not isinstance(value, PDFObjRef):
            return value
        value = value.resolve()
    raise IngestError("self-referencing PDF: an object reference leads back to itself")


def _page_resources(root: Any, limit: int) -> Iterator[dict[str, Any]]:
    """Each page's resources (inherited ones included), for the first `limit` pages.

    A node that is its own ancestor is an error; a node reached twice by other paths is walked
    once, as pdfium does.
    """
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[int, ...], Any]] = [(root, (), None)]
    pages = 0
    while stack and pages < limit:
        reference, ancestors, inherited = stack.pop()
        node = _resolve(reference)
        objid = reference.objid if isinstance(reference, PDFObjRef) else id(node)
        if objid in ancestors:
            raise IngestError(f"self-referencing PDF: the page tree loops back to object {objid}")
        if objid in seen or not isinstance(node, dict):
            continue
        seen.add(objid)
        resources = node.get("Resources", inherited)
        kids = _resolve(node.get("Kids"))
        if isinstance(kids, list):
            path = (*ancestors, objid)
            stack.extend((kid, path, resources) for kid in reversed(kids))
        else:
            pages += 1
            yield _resolve(resources) if isinstance(_resolve(resources), dict) else {}


class _FormCounter:
    """Counts the drawings a page's form XObjects expand to, remembering each form's count."""

    def __init__(self) -> None:
        self._counts: dict[tuple[int, int], int] = {}

    def check_page(self, number: int, resources: dict[str, Any]) -> None:
        total = sum(self._draws(ref, resources, ()) for ref in _xobjects(resources).values())
        if total > MAX_FORM_DRAWS:
            raise IngestError(
                f"PDF refused: the forms on page {number} nest into over {MAX_FORM_DRAWS} drawings"
            )

    def _draws(self, reference: Any, inherited: dict[str, Any], path: tuple[int, ...]) -> int:
        """How many drawings a form expands to (itself included); 0 for an image or nothing."""
        form = _resolve(reference)
        if not isinstance(form, PDFStream) or _name(form.get("Subtype")) != "Form":
            return 0
        objid = reference.objid if isinstance(reference, PDFObjRef) else id(form)
        if objid in path:
            raise IngestError(f"self-referencing PDF: form XObject {objid} draws itself")
        own = _resolve(form.get("Resources"))
        resources = own if isinstance(own, dict) else inherited
        key = (objid, id(resources))
        if key not in self._counts:
            named = _xobjects(resources)
            count = 1
            for name in _DO_OPERATOR.findall(form.get_data()):
                target = named.get(name.decode("latin-1"))
                count += self._draws(target, resources, (*path, objid)) if target else 0
                if count > MAX_FORM_DRAWS:
                    break
            self._counts[key] = count
        return self._counts[key]


def _xobjects(resources: dict[str, Any]) -> dict[str, Any]:
    xobjects = _resolve(resources.get("XObject"))
    return xobjects if isinstance(xobjects, dict) else {}


def _name(value: Any) -> str:
    """A PDF name as text (pdfminer's PSLiteral keeps it in `.name`)."""
    return str(getattr(_resolve(value), "name", ""))
