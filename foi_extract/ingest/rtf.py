"""Rich Text Format: the text striprtf finds, read like a plain-text file.

RTF is what Word's "Save as" and many case-management exports give; striprtf makes each
paragraph a line and each table row a line of cells ended by "|", which become a table again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from striprtf.striprtf import rtf_to_text

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

RTF = "application/rtf"
RTF_OPENING = b"{\\rtf"
CELL_MARK = "|"
"""striprtf ends each table cell with this (a row is a line of them)."""
ANSI_CODEPAGE = "cp1252"
"""Characters escaped as \\'xx are Windows-1252 unless the file says otherwise (\\ansicpgN)."""


class RtfIngestor(Ingestor):
    media_types = (RTF, "text/rtf")
    extensions = (".rtf",)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        if not data.lstrip().startswith(RTF_OPENING):
            raise IngestError(f"not an RTF file: it starts with {data[:8]!r}")
        source = data.decode("latin-1")  # RTF is 7-bit; anything else is escaped
        try:
            text = rtf_to_text(source, encoding=ANSI_CODEPAGE, errors="replace")
        except (ValueError, LookupError, IndexError) as exc:
            raise IngestError(f"malformed RTF: {exc}") from exc
        builder = TextBuilder()
        _add_text(text.replace("\r\n", "\n"), builder)
        builder.apply(document)


def _add_text(text: str, builder: TextBuilder) -> None:
    """Text as paragraphs; runs of lines that striprtf ends with its cell mark as tables."""
    prose: list[str] = []
    rows: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        if line.endswith(CELL_MARK):
            if prose:
                builder.text("\n".join(prose))
                prose = []
            rows.append(line.removesuffix(CELL_MARK).split(CELL_MARK))
            continue
        if rows:
            builder.table(rows)
            rows = []
        prose.append(line)
    if prose:
        builder.text("\n".join(prose))
