"""Read an Alaveteli request page: its incoming messages and the attachments each one carries.

Alaveteli renders each response as `<div class="incoming correspondence" id="incoming-<id>">`
holding the message text and, per attachment, a download link
(`/request/<id or url_title>/response/<message>/attach/<part>/<name>`, perhaps with
`?cookie_passthrough=1`) and sometimes a "View as HTML" link
(`.../attach/html/<part>/<name>.html`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

ATTACHMENT = re.compile(r"/request/([^/?#]+)/response/(\d+)/attach/(html/)?(\d+)/")
MESSAGE_ID = re.compile(r"^incoming-(\d+)$")


@dataclass(frozen=True)
class Attachment:
    """An attachment's download URL and, when the site offers one, its HTML rendering."""

    url: str
    html_url: str | None
    message_id: str


@dataclass(frozen=True)
class Message:
    """One incoming message: its id and a standalone HTML file of its block."""

    message_id: str
    html: bytes


def incoming_messages(page: bytes, title: str) -> list[Message]:
    """Each incoming message block of a request page, as its own small HTML document."""
    soup = BeautifulSoup(page, "lxml")
    messages = []
    for block in soup.find_all("div", id=MESSAGE_ID):
        if not isinstance(block, Tag):
            continue
        match = MESSAGE_ID.match(str(block["id"]))
        if match is None:
            continue
        document = (
            f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title></head><body>\n{block}\n</body></html>\n"
        )
        messages.append(Message(match.group(1), document.encode("utf-8")))
    return messages


def attachments(page: bytes, page_url: str) -> list[Attachment]:
    """Attachment links on a request page, each paired with its "View as HTML" link."""
    downloads: dict[tuple[str, str], str] = {}
    renderings: dict[tuple[str, str], str] = {}
    for anchor in BeautifulSoup(page, "lxml").find_all("a", href=True):
        href = str(anchor["href"])
        match = ATTACHMENT.search(href)
        if not match:
            continue
        key = (match.group(2), match.group(4))
        chosen = renderings if match.group(3) else downloads
        chosen.setdefault(key, urljoin(page_url, href.split("#")[0]))
    return [
        Attachment(url, renderings.get(key), message_id=key[0]) for key, url in downloads.items()
    ]
