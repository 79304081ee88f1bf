"""Gather requests from WhatDoTheyKnow (or any Alaveteli site): one request, a batch, a body's
requests, or a search, through the pages robots.txt allows.

Alaveteli's stock robots.txt (`public/robots.txt`, unchanged since 2013 in this respect) has
`Allow: */request/*/response/*/attach/*` before `Disallow: */request/*/response/*`, so
attachments may be fetched while a response's own page may not; it disallows the zip of a
whole request (`*/request/*/download*`, for logged-in Pro users only), feeds, search and
`/track/`. Listings are walked through HTML pages (a batch's page, a body's request list,
following `rel="next"`); each request's JSON and page are saved, each incoming message on the
page becomes its own file, and each attachment is fetched (its "View as HTML" rendering when
the file itself failed).

An attachment being redacted redirects to a wait page: the client asks for the attachment
again a few times, then records it as `deferred` (a later run fetches it). A hidden item
answers 403 (`forbidden`), an embargoed one 404 (`not_found`); the scrape goes on.

Alaveteli's body listings and searches stop at 500 results: a listing that reaches 500
requests is recorded with a warning (a body with more requests needs other means, such as
one search per year on a site that allows search).

Layout: `<out>/whatdotheyknow/<url_title>/` holds `request.json`, `request.html`,
`incoming-<id>.html` per response and the attachments; a `.foiignore` there keeps `run` to the
responses (the request page also holds the requester's questions).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from foi_extract.rules import resource_cache, resources_dir
from foi_extract.scrape.collector import Collector, Job, Meta
from foi_extract.scrape.correspondence import attachments, incoming_messages
from foi_extract.scrape.listing import follow_pages

DEFAULT_BASE = "https://www.whatdotheyknow.com"
SOURCE = "whatdotheyknow"
IGNORED_FOR_RUN = ("request.json", "request.html")
LISTING_CAP = 500
"""Alaveteli shows at most this many results in a body's listing or a search."""


@resource_cache
def _gss_by_wdtk_id() -> dict[str, str]:
    """GSS code by WhatDoTheyKnow body id, from the register's `wdtk-id` column (if shipped)."""
    path = resources_dir() / "reference" / "uk_local_authorities.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            str(int(float(row["wdtk-id"]))): row["gss-code"]
            for row in csv.DictReader(handle)
            if row.get("wdtk-id") and row.get("gss-code")
        }


def request_meta(data: dict[str, Any]) -> Meta:
    """Manifest fields from a request's JSON (`/request/<url_title>.json`)."""
    body = data.get("public_body") or {}
    wdtk_id = str(body["id"]) if body.get("id") is not None else None
    return {
        "source": SOURCE,
        "request_id": str(data["id"]) if data.get("id") is not None else None,
        "request_title": data.get("title"),
        "public_body_name": body.get("name"),
        "wdtk_id": wdtk_id,
        "authority_code": _gss_by_wdtk_id().get(wdtk_id or ""),
    }


def message_dates(data: dict[str, Any]) -> dict[str, str]:
    """The date of each incoming message (ISO day), from the request's events."""
    return {
        str(event["incoming_message_id"]): str(event.get("created_at") or "")[:10]
        for event in data.get("info_request_events", [])
        if event.get("incoming_message_id") is not None and event.get("created_at")
    }


@dataclass
class WhatDoTheyKnow:
    collector: Collector
    base_url: str = DEFAULT_BASE
    max_pages: int = 200

    def __post_init__(self) -> None:
        self.collector.client.allow_site(self.base_url)

    def url(self, path: str) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))

    def request(self, url_title: str) -> None:
        """The request's JSON, its page, one file per response, and its attachments.

        A numeric request id works too: Alaveteli redirects it to the request's url_title.
        """
        if url_title.isdigit():
            resolved = _json(self.collector.page(self.url(f"/request/{url_title}.json")))
            if not resolved.get("url_title"):
                return
            url_title = str(resolved["url_title"])
        folder = f"{SOURCE}/{url_title}"
        raw = self.collector.collect(
            self.url(f"/request/{url_title}.json"),
            folder,
            "request.json",
            {"source": SOURCE},
            refresh=True,
        )
        data = _json(raw)
        meta = request_meta(data)
        page_url = self.url(f"/request/{url_title}")
        page = self.collector.collect(page_url, folder, "request.html", meta, refresh=True)
        if page is None:
            return
        dates = message_dates(data)
        messages = incoming_messages(page, str(meta["request_title"] or url_title))
        for message in messages:
            self.collector.keep(
                f"{page_url}#incoming-{message.message_id}",
                folder,
                f"incoming-{message.message_id}.html",
                message.html,
                {**meta, "message_date": dates.get(message.message_id)},
            )
        if messages:
            self._ignore_request_files(folder)
        self._attachments(page, page_url, folder, meta, dates)

    def batch(self, batch_id: str) -> None:
        """Every request of a batch, from the batch's own pages."""
        for url_title in self._listing(f"/info_request_batch/{quote(batch_id)}"):
            self.request(url_title)

    def body(self, url_name: str) -> None:
        """Every request to one public body, from the body's request list."""
        for url_title in self._listing(f"/body/{quote(url_name)}"):
            self.request(url_title)

    def search(self, query: str) -> None:
        """Requests a search finds (stock robots.txt forbids search; then nothing is fetched)."""
        for url_title in self._listing(f"/search/{quote(query)}/requests"):
            self.request(url_title)

    def _attachments(
        self, page: bytes, page_url: str, folder: str, meta: Meta, dates: dict[str, str]
    ) -> None:
        found = attachments(page, page_url)
        jobs = [
            Job(a.url, folder, meta={**meta, "message_date": dates.get(a.message_id)})
            for a in found
        ]
        results = self.collector.collect_all(jobs)
        fallbacks = [
            Job(attachment.html_url, folder, meta=job.meta)
            for attachment, job, result in zip(found, jobs, results, strict=True)
            if result is None and attachment.html_url and self._failed(attachment.url)
        ]
        self.collector.collect_all(fallbacks)

    def _failed(self, url: str) -> bool:
        """Whether fetching `url` failed (an error, a cap; not a hidden or embargoed item,
        whose rendering is hidden too, nor robots.txt, nor another host)."""
        known = self.collector.manifest.get(url)
        return bool(known and known["outcome"] == "failed")

    def _listing(self, path: str) -> Iterator[str]:
        """Request url_titles on a listing page and the pages after it, each once."""
        seen: set[str] = set()
        start = self.url(path)
        for page_url, soup in follow_pages(self.collector, start, self.max_pages):
            for anchor in soup.find_all("a", href=True):
                url_title = _request_url_title(urljoin(page_url, str(anchor["href"])), page_url)
                if url_title and url_title not in seen:
                    seen.add(url_title)
                    if len(seen) == LISTING_CAP:
                        self._warn_capped(start)
                    yield url_title

    def _warn_capped(self, url: str) -> None:
        self.collector.warn(
            url,
            f"the listing reached {LISTING_CAP} requests, where Alaveteli stops: there may be "
            "more; gather them by other means (searches per year where robots.txt allows "
            "search, or --request for each)",
        )

    def _ignore_request_files(self, folder: str) -> None:
        ignore = self.collector.root / folder / ".foiignore"
        if not ignore.exists():
            ignore.write_text("\n".join(IGNORED_FOR_RUN) + "\n", encoding="utf-8")


def _request_url_title(url: str, page_url: str) -> str | None:
    """The url_title of a link to a request page on the same site, else None."""
    parts, site = urlsplit(url), urlsplit(page_url)
    segments = parts.path.strip("/").split("/")
    if parts.netloc != site.netloc or len(segments) != 2 or segments[0] != "request":
        return None
    name = segments[1]
    return name if name and not name.endswith(".json") and not name.isdigit() else None


def _json(raw: bytes | None) -> dict[str, Any]:
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
