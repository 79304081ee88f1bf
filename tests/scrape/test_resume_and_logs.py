"""A scrape killed part-way resumes without downloading finished files again; disclosure logs
are crawled from a site file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from foi_extract.rules import PACKAGE_RESOURCES
from foi_extract.scrape.collector import Collector
from foi_extract.scrape.disclosure_log import DisclosureLog, load_site
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.manifest import MANIFEST

from .server import Route, Site, alaveteli_site, pdf, serve


def _scrape_command(base: str, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "foi_extract",
        "scrape",
        "whatdotheyknow",
        "--batch",
        "7",
        "--out",
        str(out),
        "--base-url",
        base,
        "--delay",
        "0.15",
    ]


@pytest.mark.slow
def test_killed_scrape_resumes_without_downloading_finished_files(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=8)
    with serve(site) as base:
        process = subprocess.Popen(
            _scrape_command(base, tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while sum("/attach/" in path for _, path in site.log) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        with sqlite3.connect(tmp_path / MANIFEST) as db:
            finished = {
                url.split(base)[1]
                for (url,) in db.execute(
                    "SELECT url FROM files WHERE outcome = 'fetched' AND url LIKE '%/attach/%'"
                )
            }
        assert 0 < len(finished) < 9
        first_run = len(site.log)
        subprocess.run(_scrape_command(base, tmp_path), check=True, capture_output=True)
    again = [path for _, path in site.log[first_run:] if path in finished]
    assert again == []
    served = [path for path in site.routes if "/attach/" in path]
    assert {p.name for p in tmp_path.rglob("*.pdf")} == {f"answer_{n}.pdf" for n in range(8)}
    assert len(served) == 9 and not list(tmp_path.rglob("*.part"))


def test_every_shipped_site_file_loads() -> None:
    sites = sorted((PACKAGE_RESOURCES / "sites").glob("*.toml"))
    assert len(sites) >= 3
    assert all(load_site(path).item_links for path in sites)


def test_disclosure_log_is_crawled_through_its_pages(tmp_path: Path) -> None:
    site_file = PACKAGE_RESOURCES / "sites" / "example_borough_drupal.toml"
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /admin/\n", "text/plain")
    pages = {
        "/foi/disclosure-log": ("/foi/disclosure-log?page=1", ["/foi/2024-101", "/foi/2024-102"]),
        "/foi/disclosure-log?page=1": (None, ["/foi/2024-103"]),
    }
    for path, (following, items) in pages.items():
        teasers = "".join(
            f'<article><h2><a href="{item}">{item}</a></h2></article>' for item in items
        )
        pager = (
            f'<ul><li class="pager__item--next"><a href="{following}">Next</a></li></ul>'
            if following
            else ""
        )
        site.routes[path] = Route(f'<div class="view-content">{teasers}</div>{pager}'.encode())
    for item in ("/foi/2024-101", "/foi/2024-102", "/foi/2024-103"):
        site.routes[item] = Route(
            f'<h1 class="page-title">Social care systems {item}</h1>'
            f'<div class="field--name-published"><time datetime="2024-03-01">1 March 2024</time></div>'
            f'<div class="field--name-documents"><a href="{item}/response.pdf">Response</a></div>'.encode()
        )
        site.routes[f"{item}/response.pdf"] = Route(
            pdf(f"Answer {item}: Mosaic."), "application/pdf"
        )
    with serve(site) as base:
        client = PoliteClient(delay=0, timeout=2)
        collector = Collector(client, tmp_path)
        DisclosureLog(collector, load_site(site_file)).gather(base)
        client.close()
    assert len(list(tmp_path.rglob("response.pdf"))) == 3
    assert len(list(tmp_path.rglob("response.html"))) == 3
    with sqlite3.connect(tmp_path / MANIFEST) as db:
        dates = {
            row[0] for row in db.execute("SELECT message_date FROM files WHERE url LIKE '%.pdf'")
        }
    assert dates == {"2024-03-01"}
