"""Plain text and Markdown: decode whatever the encoding, keep Markdown emphasis as styles.

A text that holds e-mail headers is a pasted e-mail: its quoted earlier messages are styled by
who wrote them and become `Document.messages`, as in an .eml (`thread.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from charset_normalizer import from_bytes
from markdown_it import MarkdownIt
from markdown_it.token import Token

from foi_extract.document import Document, Style
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.senders import Parties
from foi_extract.ingest.sniff import TEXT
from foi_extract.ingest.text_builder import NO_STYLE, Run, TextBuilder
from foi_extract.ingest.thread import DepthSpan, add_mail_text, has_thread, read_thread

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

_BOM_CODECS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Text from bytes: by BOM (which is dropped), else UTF-8, else Windows-1252, else the
    guess of charset-normalizer.

    Windows-1252 (smart quotes, £) is what UK council files are when they are not UTF-8; on
    short texts charset-normalizer often takes it for an East Asian code page, so it is tried
    first, strictly (five of its bytes are undefined, so not every file decodes).
    """
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace").removeprefix("\ufeff")
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    guess = from_bytes(data).best()
    if guess is None:
        raise IngestError("text in an unknown encoding")
    return str(guess)


class TextIngestor(Ingestor):
    """Any text file; also the fallback for text content under an unknown extension."""

    media_types = ("text/plain",)
    extensions = (".txt", ".text", ".log", ".asc")

    @classmethod
    def score(cls, sniffed: str | None, extension: str) -> int:
        if sniffed != TEXT:
            return 0
        return 5 if extension in cls.extensions else 1

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        text = decode_text(data)
        builder = TextBuilder()
        if not has_thread(text):
            builder.text(text)
            builder.apply(document)
            return
        depths = add_mail_text(builder, text)
        builder.apply(document)
        document.messages = read_thread(document, Parties(), depths)


_INLINE_STYLES: dict[str, Style] = {"strong": "bold", "em": "italic"}
_CODE_BLOCKS = ("fence", "code_block")


class MarkdownIngestor(Ingestor):
    """Markdown (WhatDoTheyKnow exports, converted responses): styles without their markers."""

    media_types = ("text/markdown",)
    extensions = (".md", ".markdown")

    @classmethod
    def score(cls, sniffed: str | None, extension: str) -> int:
        return 6 if sniffed == TEXT and extension in cls.extensions else 0

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        tokens = MarkdownIt("commonmark").enable("table").parse(decode_text(data))
        _MarkdownWriter(document).write(tokens)


class _MarkdownWriter:
    """Walks markdown-it's block tokens, tracking headings, quotes and tables."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.builder = TextBuilder()
        self.heading = False
        self.quote_depth = 0
        self.depths: list[DepthSpan] = []
        self.table: list[list[str]] | None = None

    def write(self, tokens: list[Token]) -> None:
        for token in tokens:
            self._token(token)
        self.builder.apply(self.document)
        self.document.messages = read_thread(self.document, Parties(), self.depths)

    def _token(self, token: Token) -> None:
        kind = token.type
        if kind in ("heading_open", "heading_close"):
            self.heading = kind == "heading_open"
        elif kind in ("blockquote_open", "blockquote_close"):
            self.quote_depth += 1 if kind == "blockquote_open" else -1
        elif kind == "table_open":
            self.table = []
        elif kind == "tr_open" and self.table is not None:
            self.table.append([])
        elif kind == "table_close" and self.table is not None:
            self.builder.table(self.table)
            self.table = None
        elif kind == "inline" and self.table is not None and self.table:
            self.table[-1].append("".join(text for text, _ in _inline_runs(token.children)))
        elif kind == "inline":
            self._paragraph(_inline_runs(token.children))
        elif kind in _CODE_BLOCKS:
            self._paragraph([(token.content, NO_STYLE)])
        elif kind == "html_block":
            text = BeautifulSoup(token.content, "lxml").get_text("\n")
            self._paragraph([(text, NO_STYLE)])

    def _paragraph(self, runs: list[Run]) -> None:
        styles: list[Style] = []
        if self.heading:
            styles.append("heading")
            if self.document.title is None:
                self.document.title = "".join(text for text, _ in runs).strip() or None
        if self.quote_depth:
            styles.append("quote")
        start, end = self.builder.paragraph(runs, styles)
        if self.quote_depth and end > start:
            self.depths.append((start, end, self.quote_depth))


def _inline_runs(children: list[Token] | None) -> list[Run]:
    """Text runs of an inline token with the emphasis that covers each; markers and URLs dropped."""
    runs: list[Run] = []
    active: list[Style] = []
    for child in children or []:
        kind = child.type.removesuffix("_open").removesuffix("_close")
        if kind in _INLINE_STYLES:
            if child.type.endswith("_open"):
                active.append(_INLINE_STYLES[kind])
            elif _INLINE_STYLES[kind] in active:
                active.remove(_INLINE_STYLES[kind])
        elif child.type in ("text", "code_inline", "image"):
            runs.append((child.content, frozenset(active)))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(("\n", frozenset(active)))
    return runs
