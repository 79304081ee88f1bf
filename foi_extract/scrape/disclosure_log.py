"""Council disclosure logs: a listing page, response pages, attachments, described by a site
file (foi_extract/resources/sites/*.toml), so a new council is a new file, not new code.

Each response page is saved as `<out>/<site name>/<page path>/response.html` (many councils
publish the answer on the page itself) beside its attachments.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from pydantic import BaseModel, ConfigDict

from foi_extract.scrape.collector import Collector, Job, Meta, safe_name
from foi_extract.scrape.dates import iso_date
from foi_extract.scrape.listing import NEXT_LINK, follow_pages


class Site(BaseModel):
    """A disclosure log's shape: where the list is and which CSS selectors find each part."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    council: str | None = None
    authority_code: str | None = None
    base_url: str
    listing_path: str
    item_links: str
    next_page: str = NEXT_LINK
    title: str = "h1"
    date: str | None = None
    reference: str | None = None
    attachments: str = "a[href$='.pdf'], a[href$='.docx'], a[href$='.xlsx']"
    max_pages: int = 200


def load_site(path: Path) -> Site:
    """A site file, checked: an unknown key fails and names the allowed ones."""
    return Site.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))


def _text(soup: BeautifulSoup, selector: str | None) -> str | None:
    found = soup.select_one(selector) if selector else None
    if not isinstance(found, Tag):
        return None
    value = found.get("datetime") or found.get_text(" ", strip=True)
    return str(value) if value else None


@dataclass
class DisclosureLog:
    collector: Collector
    site: Site

    def gather(self, base_url: str | None = None) -> None:
        """Every response listed on the log's pages, with its attachments; links to other hosts
        are recorded as off_site unless the client allows them."""
        base = (base_url or self.site.base_url).rstrip("/") + "/"
        self.collector.client.allow_site(base)
        start = urljoin(base, self.site.listing_path.lstrip("/"))
        seen: set[str] = set()
        for page_url, soup in follow_pages(
            self.collector, start, self.site.max_pages, self.site.next_page
        ):
            for anchor in soup.select(self.site.item_links):
                url = urljoin(page_url, str(anchor.get("href", ""))).split("#")[0]
                if url not in seen:
                    seen.add(url)
                    self._response(url)

    def _response(self, url: str) -> None:
        path = urlsplit(url).path.strip("/") + (
            f"_{urlsplit(url).query}" if urlsplit(url).query else ""
        )
        folder = f"{safe_name(self.site.name)}/{safe_name(path, 'response')}"
        meta: Meta = {
            "source": self.site.name,
            "public_body_name": self.site.council,
            "authority_code": self.site.authority_code,
        }
        page = self.collector.collect(url, folder, "response.html", meta, refresh=True)
        if not page:
            return
        soup = BeautifulSoup(page, "lxml")
        meta |= {
            "request_title": _text(soup, self.site.title),
            "message_date": iso_date(_text(soup, self.site.date)),
            "reference": _text(soup, self.site.reference),
        }
        self.collector.manifest.put(**{**(self.collector.manifest.get(url) or {}), **meta})
        links = dict.fromkeys(
            urljoin(url, str(anchor["href"])).split("#")[0]
            for anchor in soup.select(self.site.attachments)
            if anchor.get("href")
        )
        self.collector.collect_all(Job(link, folder, meta=meta) for link in links)
