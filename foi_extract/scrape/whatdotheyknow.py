"""Gather requests from WhatDoTheyKnow (or any Alaveteli site): one request, a batch, a body's
requests, or a search, through the pages robots.txt allows.

Alaveteli's stock robots.txt disallows attachment URLs (`*/request/*/response/`), feeds and
search; its JSON and Atom listings stop at 25 results. So listings are walked through HTML pages
(a batch's page, a body's request list), each request's JSON and page are saved (the page holds
the correspondence text), and each attachment is fetched only where robots.txt allows it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from bs4 import BeautifulSoup

from foi_extract.rules import resource_cache, resources_dir
from foi_extract.scrape.collector import Collector

DEFAULT_BASE = "https://www.whatdotheyknow.com"
REQUEST_LINK = re.compile(r"^/request/([a-z0-9_]+)/?$")
ATTACHMENT_LINK = re.compile(r"/request/(\d+)/response/(\d+)/attach/(?:html/)?(\d+)/")


@resource_cache
def _gss_by_wdtk_id() -> dict[str, str]:
    path = resources_dir() / "reference" / "uk_local_authorities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            str(int(float(row["wdtk-id"]))): row["gss-code"]
            for row in csv.DictReader(handle)
            if row["wdtk-id"] and row["gss-code"]
        }


@dataclass
class WhatDoTheyKnow:
    collector: Collector
    base_url: str = DEFAULT_BASE

    def url(self, path: str) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))

    def request(self, url_title: str) -> None:
        """The request's JSON, its page (the correspondence) and its attachments."""
        folder = f"whatdotheyknow/{url_title}"
        raw = self.collector.collect(
            self.url(f"/request/{url_title}.json"), folder, "request.json", source="whatdotheyknow"
        )
        meta = self._meta(raw, folder)
        page = self.collector.collect(
            self.url(f"/request/{url_title}"), folder, "request.html", **meta
        )
        page = page or self._saved(folder, "request.html")
        for link, message_date in self._attachments(
            page, raw or self._saved(folder, "request.json")
        ):
            self.collector.collect(link, folder, **{**meta, "message_date": message_date})

    def batch(self, batch_id: str) -> None:
        for url_title in self._listing(f"/info_request_batch/{batch_id}"):
            self.request(url_title)

    def body(self, url_name: str) -> None:
        for url_title in self._listing(f"/body/{url_name}"):
            self.request(url_title)

    def search(self, query: str) -> None:
        for url_title in self._listing(f"/search/{quote(query)}/requests"):
            self.request(url_title)

    def _listing(self, path: str) -> Iterator[str]:
        """Request url_titles on a listing page and the pages after it (rel=next)."""
        seen: set[str] = set()
        url: str | None = self.url(path)
        while url:
            if not self.collector.client.allowed(url):
                self.collector.manifest.put(
                    url=url, outcome="robots_disallowed", reason="robots.txt disallows this listing"
                )
                self.collector.counts["robots_disallowed"] = (
                    self.collector.counts.get("robots_disallowed", 0) + 1
                )
                return
            html = self.collector.client.get(url).content
            soup = BeautifulSoup(html, "lxml")
            for anchor in soup.find_all("a", href=True):
                match = REQUEST_LINK.match(str(anchor["href"]).split("#")[0])
                if match and match.group(1) not in seen:
                    seen.add(match.group(1))
                    yield match.group(1)
            following = soup.find("a", rel="next")
            url = urljoin(url, str(following["href"])) if following else None

    def _meta(self, raw: bytes | None, folder: str) -> dict[str, str | None]:
        data = json.loads(raw or self._saved(folder, "request.json") or b"{}")
        body = data.get("public_body") or {}
        wdtk_id = str(body["id"]) if body.get("id") is not None else None
        return {
            "source": "whatdotheyknow",
            "request_id": str(data["id"]) if data.get("id") is not None else None,
            "request_title": data.get("title"),
            "public_body_name": body.get("name"),
            "wdtk_id": wdtk_id,
            "authority_code": _gss_by_wdtk_id().get(wdtk_id or ""),
        }

    def _saved(self, folder: str, name: str) -> bytes | None:
        """The bytes of a file an earlier run already fetched (for a resumed scrape)."""
        path = self.collector.root / folder / name
        return path.read_bytes() if path.exists() else None

    def _attachments(self, page: bytes | None, raw: bytes | None) -> list[tuple[str, str | None]]:
        """Attachment links on the request page, each with its message's date from the JSON."""
        if not page:
            return []
        dates = {}
        for event in json.loads(raw or b"{}").get("info_request_events", []):
            if event.get("incoming_message_id") is not None:
                dates[str(event["incoming_message_id"])] = (event.get("created_at") or "")[:10]
        links = []
        for anchor in BeautifulSoup(page, "lxml").find_all("a", href=True):
            href = str(anchor["href"])
            match = ATTACHMENT_LINK.search(href)
            if match and "/attach/html/" not in href:
                links.append((self.url(href), dates.get(match.group(2)) or None))
        return list(dict.fromkeys(links))
