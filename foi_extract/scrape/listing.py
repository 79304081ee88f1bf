"""Walk a paged listing: fetch a page, hand it over, follow its "next" link, never loop."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from foi_extract.scrape.collector import Collector

NEXT_LINK = "a[rel~=next]"
"""will_paginate's and most CMSs' link to the following page."""


def follow_pages(
    collector: Collector, url: str, max_pages: int, next_link: str = NEXT_LINK
) -> Iterator[tuple[str, BeautifulSoup]]:
    """Each listing page with its URL, until there is no next page, a page repeats, a page
    cannot be fetched (its manifest row says why) or `max_pages` is reached."""
    visited: set[str] = set()
    following: str | None = url
    while following and following not in visited and len(visited) < max_pages:
        visited.add(following)
        page = collector.page(following)
        if page is None:
            return
        soup = BeautifulSoup(page, "lxml")
        yield following, soup
        anchor = soup.select_one(next_link)
        following = urljoin(following, str(anchor["href"])).split("#")[0] if anchor else None
