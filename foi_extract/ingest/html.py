"""HTML pages: WhatDoTheyKnow request pages, council disclosure logs, attachments as HTML.

Page furniture (navigation, cookie banners, breadcrumbs, hidden elements) is dropped; block
elements become paragraphs; emphasis, headings, quotes and tables become styles and linearised
tables. On an Alaveteli (WhatDoTheyKnow) request page only the correspondence is kept, one
paragraph group per message, the requester's own messages styled as quote. Earlier messages
quoted inside a message (or an e-mail's HTML body) are styled by who wrote them (`thread.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import Declaration, Doctype, ProcessingInstruction

from foi_extract.document import Document, Mailbox, Message, Style
from foi_extract.ingest.base import Ingestor
from foi_extract.ingest.maildate import message_date
from foi_extract.ingest.senders import Parties
from foi_extract.ingest.sniff import BOMS, HTML
from foi_extract.ingest.text import decode_text
from foi_extract.ingest.text_builder import Run, TextBuilder
from foi_extract.ingest.thread import DepthSpan, read_thread
from foi_extract.ingest.vocabulary import load

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

BLOCKS = {
    "p", "div", "section", "article", "main", "li", "dd", "dt", "pre", "address", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "body", "hr", "figure", "figcaption",
    "details", "summary", "center", "fieldset", "caption", "tr", "td", "th",
}  # fmt: skip
INLINE_STYLES: dict[str, Style] = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LAYOUT_BLOCKS = ("p", "div", "ul", "ol")
NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


class HtmlIngestor(Ingestor):
    media_types = (HTML,)
    extensions = (".html", ".htm", ".xhtml")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        html_to_document(decode_html(data), document)


def decode_html(data: bytes) -> str:
    """HTML bytes as text: a BOM, else the declared <meta charset>, else as plain text."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith(BOMS):
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def html_to_document(html: str, document: Document, parties: Parties | None = None) -> None:
    """Fill `document` with the readable content of an HTML page (or e-mail body, sent between
    `parties`)."""
    soup = BeautifulSoup(html, "lxml")
    url = _canonical_url(soup)
    if url:
        document.source_url = url
        document.metadata["canonical_url"] = url
    document.title = _title(soup)
    if isinstance(soup.title, Tag) and (page_title := soup.title.get_text(" ", strip=True)):
        document.metadata["page_title"] = re.sub(r"\s+", " ", page_title)  # names the site
    _drop_furniture(soup)
    builder = TextBuilder()
    walker = _Walker(builder)
    walker.block(_main_content(soup), [])
    builder.apply(document)
    document.messages = _read_threads(document, walker, parties or Parties())


def _read_threads(document: Document, walker: _Walker, parties: Parties) -> list[Message]:
    """The page's messages, quoted earlier messages styled by author: each Alaveteli message
    (incoming from the council, outgoing from the requester, as the page marks them) and the
    messages quoted in it, whose correspondents are the page's; else the page's quoted ones."""
    if not walker.messages:
        return read_thread(document, parties, walker.depths)
    page = Parties(
        council=[item.sender for item in walker.messages if item.sender and not item.outgoing],
        requester=[item.sender for item in walker.messages if item.sender and item.outgoing],
    )
    messages: list[Message] = []
    for item in walker.messages:
        quoted = read_thread(document, page, walker.depths, item.start, item.end)
        end = quoted[0].start if quoted else item.end
        end = item.start + len(document.text[item.start : end].rstrip())
        body = document.text[item.body_start : end]
        role = page.role(item.sender, None, body, "requester" if item.outgoing else "council")
        body_start = min(item.body_start, end)
        messages += [Message(item.start, end, body_start, role, item.sender, item.date), *quoted]
    return messages


def _canonical_url(soup: BeautifulSoup) -> str | None:
    for tag, attribute in (
        (soup.find("link", rel="canonical"), "href"),
        (soup.find("meta", property="og:url"), "content"),
    ):
        value = tag.get(attribute) if isinstance(tag, Tag) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _title(soup: BeautifulSoup) -> str | None:
    heading = soup.find("h1")
    for candidate in (heading, soup.title):
        text = candidate.get_text(" ", strip=True) if isinstance(candidate, Tag) else ""
        if text:
            return re.sub(r"\s+", " ", text)
    return None


def _drop_furniture(soup: BeautifulSoup) -> None:
    vocabulary = load("html")
    for tag in soup.find_all(vocabulary["drop_tags"]):
        tag.decompose()
    words = [word.lower() for word in vocabulary["drop_class_words"]]
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        if (_is_hidden(tag) or _names_furniture(tag, words)) and not _holds_content(tag):
            tag.decompose()


def _is_hidden(tag: Tag) -> bool:
    style = tag.get("style")
    return (
        tag.has_attr("hidden")
        or tag.get("aria-hidden") == "true"
        or (isinstance(style, str) and bool(_HIDDEN_STYLE.search(style)))
    )


def _names_furniture(tag: Tag, words: list[str]) -> bool:
    names = " ".join([*_classes(tag), str(tag.get("id") or "")]).lower()
    return bool(names.strip()) and any(word in names for word in words)


def _holds_content(tag: Tag) -> bool:
    """A wrapper around the page's content, whatever its class says ("page-with-sidebar")."""
    return tag.find(("main", "article", "h1")) is not None or bool(tag.select(".correspondence"))


def _classes(tag: Tag) -> list[str]:
    value: Any = tag.get("class") or []
    return [value] if isinstance(value, str) else list(value)


def _main_content(soup: BeautifulSoup) -> Tag:
    alaveteli = load("html")["alaveteli"]
    messages = soup.select(alaveteli["message"])
    if messages:
        wrapper = soup.new_tag("div")
        for message in messages:
            wrapper.append(message.extract())
        return wrapper
    for selector in load("html")["main_selectors"]:
        found = soup.select_one(selector)
        if found is not None and found.get_text(strip=True):
            return found
    return soup.body or soup


class _Walker:
    """Depth-first walk that closes a paragraph at every block boundary."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.runs: list[Run] = []
        self.block_styles: list[Style] = []
        self.outgoing = load("html")["alaveteli"]["outgoing_class"]
        self.author_selector = load("html")["alaveteli"]["author"]
        self.quote_depth = 0
        self.depths: list[DepthSpan] = []
        self.messages: list[_Correspondence] = []
        self.body_start = 0
        """Where the text of the Alaveteli message being walked starts (after its header)."""

    def flush(self) -> None:
        if self.runs:
            self._quoted(self.builder.paragraph(self.runs, self.block_styles))
        self.runs = []

    def _quoted(self, span: tuple[int, int]) -> None:
        if self.quote_depth and span[1] > span[0]:
            self.depths.append((*span, self.quote_depth))

    def block(self, tag: Tag, inline: list[Style], pre: bool = False) -> None:
        for child in tag.children:
            if isinstance(child, NOT_TEXT):
                continue
            if isinstance(child, NavigableString):
                text = str(child) if pre else re.sub(r"\s+", " ", str(child))
                self.runs.append((text, frozenset(inline)))
            elif isinstance(child, Tag):
                self.element(child, inline, pre)

    def element(self, tag: Tag, inline: list[Style], pre: bool) -> None:
        name = tag.name
        if name == "br":
            self.runs.append(("\n", frozenset(inline)))
        elif name == "table" and not _is_layout_table(tag):
            self.flush()
            rows = [
                [cell.get_text(" ", strip=True) for cell in row.find_all(("td", "th"))]
                for row in tag.find_all("tr")
            ]
            has_header = not _row_headers_only(tag) and (
                tag.find("th") is not None or len(rows) > 1
            )
            self._quoted(self.builder.table(rows, has_header=has_header))
        elif name == "dl" and tag.find("dt", recursive=False) is not None:
            self.flush()  # a definition list is a record: one "term: definition" line each
            for term, definition in _definitions(tag):
                self.runs.append((f"{term}: {definition}\n", frozenset(inline)))
            self.flush()
        elif name in BLOCKS or name == "table" or _is_message(tag) or _is_message_body(tag):
            self.flush()
            saved = self.block_styles
            self.block_styles = saved + self._block_styles(tag)
            nested = int(name == "blockquote")
            self.quote_depth += nested
            start = self.builder.length
            if _is_message_body(tag):
                self.body_start = start
            self.block(tag, inline, pre or name == "pre")
            self.flush()
            self.quote_depth -= nested
            self.block_styles = saved
            if _is_message(tag):
                self._message(tag, start)
        else:
            style = INLINE_STYLES.get(name)
            self.block(tag, [*inline, style] if style else inline, pre)

    def _message(self, tag: Tag, start: int) -> None:
        author = tag.select_one(self.author_selector)
        name = author.get_text(" ", strip=True) if author is not None else ""
        outgoing = self.outgoing in _classes(tag)
        body_start = max(self.body_start, start)
        self.messages.append(
            _Correspondence(
                start,
                self.builder.length,
                body_start,
                outgoing,
                Mailbox(name, "") if name else None,
                _message_date(tag),
            )
        )

    def _block_styles(self, tag: Tag) -> list[Style]:
        if tag.name in HEADINGS:
            return ["heading"]
        if tag.name == "blockquote" or (_is_message(tag) and self.outgoing in _classes(tag)):
            return ["quote"]
        return []


def _is_message(tag: Tag) -> bool:
    return "correspondence" in _classes(tag)


def _is_message_body(tag: Tag) -> bool:
    return tag.css.match(load("html")["alaveteli"]["body"])


def _message_date(tag: Tag) -> str | None:
    """An Alaveteli message's date: its <time datetime="...">, else its header's date text."""
    found = tag.select_one(load("html")["alaveteli"]["date"])
    if found is None:
        return None
    stamp = found.get("datetime")
    return message_date(stamp[:10] if isinstance(stamp, str) else found.get_text(" ", strip=True))


@dataclass(frozen=True)
class _Correspondence:
    """An Alaveteli message as walked: its span, where its text starts, whether the requester
    sent it (outgoing), its author and date."""

    start: int
    end: int
    body_start: int
    outgoing: bool
    sender: Mailbox | None
    date: str | None


def _definitions(dl: Tag) -> list[tuple[str, str]]:
    """A definition list's (term, definition) pairs; a term's several definitions joined."""
    pairs: list[tuple[str, str]] = []
    for child in dl.find_all(("dt", "dd"), recursive=False):
        text = child.get_text(" ", strip=True)
        if child.name == "dt":
            pairs.append((text, ""))
        elif pairs:
            term, definition = pairs[-1]
            pairs[-1] = (term, f"{definition}; {text}" if definition else text)
    return pairs


def _row_headers_only(table: Tag) -> bool:
    """A key/value table: every row a <th> label then <td> values ("Date of decision | 16 July
    2024"), so no row is a header row of column names."""
    rows = table.find_all("tr")
    if len(rows) < 2:
        return False
    for row in rows:
        cells = row.find_all(("td", "th"))
        if len(cells) < 2 or cells[0].name != "th" or any(c.name == "th" for c in cells[1:]):
            return False
    return True


def _is_layout_table(table: Tag) -> bool:
    """A table that lays out a page (nested tables, headings or several paragraphs in a cell)
    rather than holding data; Word's HTML puts one <p> in each data cell, which is still data."""
    if table.find(("table", *HEADINGS)) is not None:
        return True
    return any(len(cell.find_all(LAYOUT_BLOCKS)) > 2 for cell in table.find_all(("td", "th")))
