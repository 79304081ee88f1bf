"""Council disclosure logs: a listing page, response pages, attachments, described by a site
file (foi_extract/resources/sites/*.toml), so a new council is a new file, not new code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from pydantic import BaseModel, ConfigDict

from foi_extract.scrape.collector import Collector, safe_name


class Site(BaseModel):
    """A disclosure log's shape: where the list is and which CSS selectors find each part."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    council: str | None = None
    base_url: str
    listing_path: str
    item_links: str
    next_page: str | None = None
    title: str = "h1"
    date: str | None = None
    reference: str | None = None
    attachments: str = "a[href$='.pdf'], a[href$='.docx'], a[href$='.xlsx']"
    max_pages: int = 200


def load_site(path: Path) -> Site:
    return Site.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))


@dataclass
class DisclosureLog:
    collector: Collector
    site: Site

    def gather(self, base_url: str | None = None) -> None:
        base = (base_url or self.site.base_url).rstrip("/") + "/"
        url: str | None = urljoin(base, self.site.listing_path.lstrip("/"))
        for _ in range(self.site.max_pages):
            if url is None:
                break
            soup = BeautifulSoup(self.collector.client.get(url).content, "lxml")
            for anchor in soup.select(self.site.item_links):
                self._response(urljoin(url, str(anchor["href"])))
            following = soup.select_one(self.site.next_page) if self.site.next_page else None
            url = urljoin(url, str(following["href"])) if following else None

    def _response(self, url: str) -> None:
        folder = f"{safe_name(self.site.name)}/{safe_name(urlsplit(url).path.strip('/'))}"
        page = self.collector.collect(
            url, folder, "response.html", source=self.site.name, public_body_name=self.site.council
        )
        saved = self.collector.root / folder / "response.html"
        page = page or (saved.read_bytes() if saved.exists() else None)
        if not page:
            return
        soup = BeautifulSoup(page, "lxml")
        title = soup.select_one(self.site.title)
        date = soup.select_one(self.site.date) if self.site.date else None
        meta = {
            "source": self.site.name,
            "public_body_name": self.site.council,
            "request_title": title.get_text(" ", strip=True) if title else None,
            "message_date": (date.get("datetime") or date.get_text(strip=True)) if date else None,
        }
        for anchor in soup.select(self.site.attachments):
            self.collector.collect(urljoin(url, str(anchor["href"])), folder, **meta)  # type: ignore[arg-type]
