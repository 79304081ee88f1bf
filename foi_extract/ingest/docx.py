"""Word documents: paragraphs and tables in body order, bold/italic runs and headings as styles.

The first section's header and footer (letterheads often carry the council's name and the
reference there) open and close the text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

import docx
from docx.document import Document as WordDocument
from docx.table import Table as WordTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run as WordRun

from foi_extract.document import Document, Style
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.sniff import DOCX
from foi_extract.ingest.text_builder import Run, TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

HEADING_STYLES = ("Heading", "Title", "Subtitle")
QUOTE_STYLES = ("Quote", "Intense Quote")


class DocxIngestor(Ingestor):
    media_types = (DOCX,)
    extensions = (".docx", ".docm", ".dotx")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        try:
            word = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise IngestError(f"not a readable Word document: {exc}") from exc
        builder = TextBuilder()
        section = word.sections[0] if word.sections else None
        if section is not None and not section.header.is_linked_to_previous:
            _add_blocks(section.header.iter_inner_content(), builder)
        _add_blocks(word.iter_inner_content(), builder)
        if section is not None and not section.footer.is_linked_to_previous:
            _add_blocks(section.footer.iter_inner_content(), builder)
        builder.apply(document)
        document.title = _title(word, document)


def _title(word: WordDocument, document: Document) -> str | None:
    title = (word.core_properties.title or "").strip()
    if title:
        return title
    heading = next((span for span in document.styles if span.style == "heading"), None)
    return document.text[heading.start : heading.end] if heading else None


def _add_blocks(blocks: Iterator[Paragraph | WordTable], builder: TextBuilder) -> None:
    for block in blocks:
        if isinstance(block, WordTable):
            builder.table(_table_rows(block))
        else:
            _add_paragraph(block, builder)


def _table_rows(table: WordTable) -> list[list[str]]:
    """Cell texts by row; a cell merged across columns counts once."""
    rows = []
    for row in table.rows:
        cells = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:
                cells.append(cell.text)
            previous = cell._tc
        rows.append(cells)
    return rows


def _add_paragraph(paragraph: Paragraph, builder: TextBuilder) -> None:
    style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
    block: list[Style] = []
    if style_name.startswith(HEADING_STYLES):
        block.append("heading")
    if style_name in QUOTE_STYLES:
        block.append("quote")
    runs: list[Run] = []
    for item in paragraph.iter_inner_content():
        for run in item.runs if isinstance(item, Hyperlink) else [item]:
            runs.append((run.text, _run_styles(run, paragraph)))
    builder.paragraph(runs, block)


def _run_styles(run: WordRun, paragraph: Paragraph) -> frozenset[Style]:
    """Bold and italic as Word shows them: set on the run, else by its character style, else
    by the paragraph's style."""
    fonts = [run.font]
    if run.style is not None:
        fonts.append(run.style.font)
    if paragraph.style is not None:
        fonts.append(paragraph.style.font)
    styles: set[Style] = set()
    if _first_set(font.bold for font in fonts):
        styles.add("bold")
    if _first_set(font.italic for font in fonts):
        styles.add("italic")
    return frozenset(styles)


def _first_set(values: Iterator[bool | None]) -> bool:
    return next((value for value in values if value is not None), False)
