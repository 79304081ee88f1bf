"""Shared steps of the scrape tests: a client fit for a local server, a scrape, the manifest."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from foi_extract.scrape.collector import Collector
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.manifest import MANIFEST
from foi_extract.scrape.whatdotheyknow import WhatDoTheyKnow

from .server import Site, serve


def client(delay: float = 0.0, **options: object) -> PoliteClient:
    settings = {"timeout": 1.0, "backoff": 0.05, **options}
    return PoliteClient(contact="tests@example.org", delay=delay, **settings)  # type: ignore[arg-type]


def scrape_batch(site: Site, out: Path, delay: float = 0.0, base: str | None = None) -> Collector:
    """Scrape batch 7 of `site` into `out` (serving it unless `base` is already served)."""
    if base is None:
        with serve(site) as served:
            return scrape_batch(site, out, delay, served)
    polite = client(delay)
    collector = Collector(polite, out)
    WhatDoTheyKnow(collector, base).batch("7")
    polite.close()
    collector.manifest.close()
    return collector


def outcomes(out: Path) -> dict[str, str]:
    with sqlite3.connect(out / MANIFEST) as db:
        return dict(db.execute("SELECT url, outcome FROM files").fetchall())


def hashes_on_disk(out: Path, suffixes: tuple[str, ...] = (".pdf", ".docx")) -> list[str]:
    """The sha256 of every document file under `out` (one entry per file, so repeats show)."""
    return sorted(
        hashlib.sha256(path.read_bytes()).hexdigest()
        for path in out.rglob("*")
        if path.suffix in suffixes
    )


def hashes_served(site: Site) -> list[str]:
    """The sha256 of every distinct document the site holds."""
    return sorted({hashlib.sha256(body).hexdigest() for body in site.documents().values()})
