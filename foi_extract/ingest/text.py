"""Plain text and Markdown: decode whatever the encoding, keep Markdown emphasis as styles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from charset_normalizer import from_bytes
from markdown_it import MarkdownIt
from markdown_it.token import Token

from foi_extract.document import Document, Style
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.sniff import looks_like_text
from foi_extract.ingest.text_builder import Run, TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

_BOM_CODECS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Text from bytes: BOM first, then UTF-8, then the best guess of charset-normalizer."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            return data.decode(codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data).best()
    if guess is None:
        raise IngestError("text in an unknown encoding")
    return str(guess)


class TextIngestor(Ingestor):
    media_types = ("text/plain",)
    extensions = (".txt", ".text", ".log")

    @classmethod
    def score(cls, data: bytes, extension: str) -> int:
        if extension in cls.extensions:
            return 5
        return 1 if looks_like_text(data[:8192]) else 0

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        builder = TextBuilder()
        builder.text(decode_text(data).replace("\r\n", "\n"))
        builder.apply(document)


_INLINE_STYLES: dict[str, Style] = {"strong": "bold", "em": "italic"}


class MarkdownIngestor(Ingestor):
    media_types = ("text/markdown",)
    extensions = (".md", ".markdown")

    @classmethod
    def score(cls, data: bytes, extension: str) -> int:
        return 6 if extension in cls.extensions and looks_like_text(data[:8192]) else 0

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        tokens = MarkdownIt("commonmark").enable("table").parse(decode_text(data))
        builder = TextBuilder()
        block_styles: list[Style] = []
        table_rows: list[list[str]] = []
        for token in tokens:
            if token.type == "heading_open":
                block_styles = ["heading"]
            elif token.type == "blockquote_open":
                block_styles = ["quote"]
            elif token.type == "blockquote_close":
                block_styles = []
            elif token.type == "tr_open":
                table_rows.append([])
            elif token.type == "inline" and table_rows and token.level > 3:
                table_rows[-1].append(token.content)
            elif token.type == "table_close":
                builder.table(table_rows)
                table_rows = []
            elif token.type == "inline":
                builder.paragraph(_inline_runs(token.children or []), block_styles)
                if block_styles == ["heading"]:
                    block_styles = []
                    document.title = document.title or token.content.strip("*_ ")
        builder.apply(document)


def _inline_runs(children: list[Token]) -> list[Run]:
    """Text runs of an inline token with the emphasis that covers each one."""
    runs: list[Run] = []
    active: list[Style] = []
    for child in children:
        kind = child.type.removesuffix("_open").removesuffix("_close")
        if kind in _INLINE_STYLES:
            if child.type.endswith("_open"):
                active.append(_INLINE_STYLES[kind])
            elif _INLINE_STYLES[kind] in active:
                active.remove(_INLINE_STYLES[kind])
        elif child.type in ("text", "code_inline"):
            runs.append((child.content, frozenset(active)))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(("\n", frozenset(active)))
    return runs
