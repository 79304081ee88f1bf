"""Word documents: paragraphs and tables in body order, bold/italic runs and headings as styles."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from foi_extract.document import Document, Style
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.sniff import zip_members
from foi_extract.ingest.text_builder import Run, TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest


class DocxIngestor(Ingestor):
    media_types = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
    extensions = (".docx",)

    @classmethod
    def magic(cls, data: bytes) -> bool:
        return "word/document.xml" in zip_members(data)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        if "word/document.xml" not in zip_members(data):
            raise IngestError("not a Word document: no word/document.xml inside")
        word = docx.Document(io.BytesIO(data))
        builder = TextBuilder()
        for block in word.iter_inner_content():
            if isinstance(block, DocxTable):
                builder.table([[cell.text for cell in row.cells] for row in block.rows])
            else:
                _add_paragraph(block, builder)
        builder.apply(document)
        document.title = (word.core_properties.title or "").strip() or None


def _add_paragraph(paragraph: Paragraph, builder: TextBuilder) -> None:
    style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
    block: list[Style] = ["heading"] if style_name.startswith(("Heading", "Title")) else []
    runs: list[Run] = []
    for run in paragraph.runs:
        styles: set[Style] = set()
        if run.bold:
            styles.add("bold")
        if run.italic:
            styles.add("italic")
        runs.append((run.text, frozenset(styles)))
    builder.paragraph(runs or [(paragraph.text, frozenset())], block)
