"""OpenDocument text (.odt, LibreOffice's own format): headings, paragraphs, lists and tables
in body order, read with odfpy."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any
from xml.parsers.expat import ExpatError

from odf import teletype
from odf.dc import Title
from odf.namespaces import TABLENS, TEXTNS
from odf.opendocument import load

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.text_builder import NO_STYLE, TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

ODT = "application/vnd.oasis.opendocument.text"
HEADING = (TEXTNS, "h")
PARAGRAPH = (TEXTNS, "p")
TABLE = (TABLENS, "table")
ROW = (TABLENS, "table-row")
CELL = (TABLENS, "table-cell")
CONTAINERS = {
    (TEXTNS, name)
    for name in ("list", "list-item", "list-header", "section", "index-body", "note-body")
}
"""Elements whose children are read in order as blocks of their own."""
ROW_GROUPS = {(TABLENS, name) for name in ("table-header-rows", "table-rows", "table-row-group")}


class OdtIngestor(Ingestor):
    media_types = (ODT,)
    extensions = (".odt", ".fodt")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        try:
            odt = load(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, ExpatError) as exc:
            raise IngestError(f"not a readable OpenDocument text: {exc}") from exc
        builder = TextBuilder()
        _add_blocks(odt.text.childNodes, builder)
        builder.apply(document)
        document.title = _title(odt) or _first_heading(document)


def _add_blocks(nodes: list[Any], builder: TextBuilder) -> None:
    for node in nodes:
        kind = getattr(node, "qname", None)
        if kind == HEADING:
            builder.paragraph([(teletype.extractText(node), NO_STYLE)], ["heading"])
        elif kind == PARAGRAPH:
            builder.paragraph([(teletype.extractText(node), NO_STYLE)])
        elif kind == TABLE:
            builder.table(_rows(node))
        elif kind in CONTAINERS:
            _add_blocks(node.childNodes, builder)


def _rows(table: Any) -> list[list[str]]:
    """A table's cells by row (cells repeated across columns are written once)."""
    rows = []
    for node in table.childNodes:
        kind = getattr(node, "qname", None)
        if kind in ROW_GROUPS:
            rows += _rows(node)
        elif kind == ROW:
            cells = [c for c in node.childNodes if getattr(c, "qname", None) == CELL]
            rows.append(["\n".join(_cell_lines(cell)) for cell in cells])
    return rows


def _cell_lines(cell: Any) -> list[str]:
    return [teletype.extractText(node) for node in cell.childNodes if hasattr(node, "qname")]


def _title(odt: Any) -> str | None:
    titles = odt.meta.getElementsByType(Title)
    text = teletype.extractText(titles[0]).strip() if titles else ""
    return text or None


def _first_heading(document: Document) -> str | None:
    heading = next((span for span in document.styles if span.style == "heading"), None)
    return document.text[heading.start : heading.end] if heading else None
