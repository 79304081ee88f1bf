"""HTML pages: WhatDoTheyKnow request pages, council disclosure logs, attachments as HTML.

Navigation and boilerplate are dropped; block elements become paragraphs; emphasis, headings,
quotes and tables become styles and linearised tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, NavigableString, Tag

from foi_extract.document import Document, Style
from foi_extract.ingest.base import Ingestor
from foi_extract.ingest.sniff import looks_like_html
from foi_extract.ingest.text import decode_text
from foi_extract.ingest.text_builder import Run, TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

DROP = ("script", "style", "nav", "header", "footer", "form", "aside", "noscript", "template")
DROP_CLASSES = ("cookie", "breadcrumb", "skip-link", "site-header", "site-footer", "sidebar")
MAIN = ("main", "article", "#content", ".content", "#main-content")
BLOCKS = {
    "p", "div", "section", "article", "main", "li", "dd", "dt", "pre", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "body",
}  # fmt: skip
INLINE_STYLES: dict[str, Style] = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALAVETELI_OUTGOING = "outgoing"
"""Alaveteli marks the requester's messages `correspondence outgoing`: kept, but as quotes."""


class HtmlIngestor(Ingestor):
    media_types = ("text/html",)
    extensions = (".html", ".htm", ".xhtml")

    @classmethod
    def magic(cls, data: bytes) -> bool:
        return looks_like_html(data[:1024])

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        html_to_document(decode_text(data), document)


def html_to_document(html: str, document: Document) -> None:
    """Fill `document` with the readable content of an HTML page."""
    soup = BeautifulSoup(html, "lxml")
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    if isinstance(canonical, Tag):
        url = canonical.get("href") or canonical.get("content")
        if isinstance(url, str):
            document.source_url = url
            document.metadata["canonical_url"] = url
    heading = soup.find("h1")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    document.title = (heading.get_text(" ", strip=True) if heading else None) or title
    for tag in soup.find_all(DROP):
        tag.decompose()
    for tag in soup.find_all(class_=lambda value: bool(value) and _is_boilerplate(value)):
        if isinstance(tag, Tag) and tag.name not in ("body", "html"):
            tag.decompose()
    root = _main_content(soup)
    builder = TextBuilder()
    _Walker(builder).block(root, [])
    builder.apply(document)


def _is_boilerplate(value: str | list[str]) -> bool:
    classes = " ".join(value) if isinstance(value, list) else value
    return any(word in classes.lower() for word in DROP_CLASSES)


def _main_content(soup: BeautifulSoup) -> Tag:
    correspondence = soup.select(".correspondence")
    if correspondence:
        wrapper = soup.new_tag("div")
        for message in correspondence:
            wrapper.append(message.extract())
        return wrapper
    for selector in MAIN:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    return soup.body or soup


class _Walker:
    """Depth-first walk that flushes a paragraph at every block boundary."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.runs: list[Run] = []
        self.block_styles: list[Style] = []

    def flush(self) -> None:
        if self.runs:
            self.builder.paragraph(self.runs, self.block_styles)
        self.runs = []

    def block(self, tag: Tag, inline: list[Style]) -> None:
        for child in tag.children:
            if isinstance(child, NavigableString):
                if child.strip() or self.runs:
                    self.runs.append((str(child).replace("\n", " "), frozenset(inline)))
            elif isinstance(child, Tag):
                self.element(child, inline)

    def element(self, tag: Tag, inline: list[Style]) -> None:
        name = tag.name
        if name == "br":
            self.runs.append(("\n", frozenset(inline)))
        elif name == "table":
            self.flush()
            rows = [
                [cell.get_text(" ", strip=True) for cell in row.find_all(("td", "th"))]
                for row in tag.find_all("tr")
            ]
            self.builder.table(rows, has_header=tag.find("th") is not None or len(rows) > 1)
        elif name in BLOCKS or _is_message(tag):
            self.flush()
            saved = self.block_styles
            self.block_styles = saved + _block_styles(tag)
            self.block(tag, inline)
            self.flush()
            self.block_styles = saved
        else:
            style = INLINE_STYLES.get(name)
            self.block(tag, [*inline, style] if style else inline)


def _is_message(tag: Tag) -> bool:
    return "correspondence" in (tag.get("class") or [])


def _block_styles(tag: Tag) -> list[Style]:
    if tag.name in HEADINGS:
        return ["heading"]
    if tag.name == "blockquote" or ALAVETELI_OUTGOING in (tag.get("class") or []):
        return ["quote"]
    return []
