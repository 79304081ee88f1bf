"""Scraping an Alaveteli-shaped site on 127.0.0.1: nothing lost, nothing twice, politely."""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from foi_extract.cli import app
from foi_extract.pipeline import run_pipeline
from foi_extract.scrape.collector import Collector, safe_name
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.manifest import MANIFEST, read_manifest
from foi_extract.scrape.whatdotheyknow import WhatDoTheyKnow

from .server import STOCK_ROBOTS, Route, Site, alaveteli_site, pdf, serve

FAULTS = {0: ["503"], 1: ["429", "cut"], 2: ["reset", "slow"]}


def _scrape(site: Site, out: Path, delay: float = 0.0, base: str | None = None) -> Collector:
    if base is None:
        with serve(site) as served:
            return _scrape(site, out, delay, served)
    client = PoliteClient(contact="tests@example.org", delay=delay, timeout=1.0, backoff=0.05)
    collector = Collector(client, out)
    WhatDoTheyKnow(collector, base).batch("7")
    client.close()
    collector.manifest.close()
    return collector


def _outcomes(out: Path) -> dict[str, str]:
    with sqlite3.connect(out / MANIFEST) as db:
        return dict(db.execute("SELECT url, outcome FROM files").fetchall())


def test_every_document_lands_once_with_its_hash_despite_faults(tmp_path: Path) -> None:
    site = alaveteli_site(faults=FAULTS)
    collector = _scrape(site, tmp_path)
    served = {path: route.body for path, route in site.routes.items() if "/attach/" in path}
    on_disk = {p.read_bytes() for p in tmp_path.rglob("*.pdf")}
    assert {hashlib.sha256(b).hexdigest() for b in served.values()} == {
        hashlib.sha256(b).hexdigest() for b in on_disk
    }
    assert len(on_disk) == len(list(tmp_path.rglob("*.pdf"))) == 3  # the duplicate is stored once
    assert collector.counts["duplicate"] == 1 and "failed" not in collector.counts
    assert not list(tmp_path.rglob("*.part"))
    assert sum(len(faults) for faults in FAULTS.values()) == 5
    assert all(not route.faults for route in site.routes.values())  # every fault was hit


def test_robots_disallowed_attachments_are_recorded_not_fetched(tmp_path: Path) -> None:
    site = alaveteli_site(robots=STOCK_ROBOTS)
    collector = _scrape(site, tmp_path)
    attachments = [path for _, path in site.log if "/attach/" in path]
    assert attachments == []
    disallowed = [
        url for url, outcome in _outcomes(tmp_path).items() if outcome == "robots_disallowed"
    ]
    assert len(disallowed) == 4 and collector.counts["robots_disallowed"] == 4
    assert (tmp_path / "whatdotheyknow" / "software_kent" / "request.html").exists()


def test_one_request_per_interval_per_host(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=2)
    _scrape(site, tmp_path, delay=0.2)
    times = [moment for moment, _ in site.log]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) >= 8 and min(gaps) >= 0.19


def test_second_run_downloads_nothing_again(tmp_path: Path) -> None:
    site = alaveteli_site()
    with serve(site) as base:
        _scrape(site, tmp_path, base=base)
        first = len(site.log)
        collector = _scrape(site, tmp_path, base=base)
    fetched_again = [path for _, path in site.log[first:] if "/attach/" in path]
    assert fetched_again == [] and collector.counts["cached"] >= 4


def test_bad_responses_become_failed_rows(tmp_path: Path) -> None:
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow:\n", "text/plain")
    site.routes["/loop"] = Route(b"", faults=["loop"] * 20)
    site.routes["/huge.pdf"] = Route(b"%PDF-1.4 " + b"x" * 5000, "application/pdf")
    site.routes["/mislabelled"] = Route(pdf("Mosaic"), "text/html")
    site.routes["/evil"] = Route(
        pdf("Eclipse"),
        "application/pdf",
        {"Content-Disposition": 'attachment; filename="../../x.pdf"'},
    )
    with serve(site) as base:
        client = PoliteClient(delay=0, timeout=1.0, backoff=0.01, max_bytes=4000, max_redirects=3)
        collector = Collector(client, tmp_path / "out")
        for path in ("/loop", "/huge.pdf", "/mislabelled", "/evil", "/missing"):
            collector.collect(base + path, "misc")
        client.close()
    outcomes = _outcomes(tmp_path / "out")
    assert [outcomes[base + p] for p in ("/loop", "/huge.pdf", "/missing")] == ["failed"] * 3
    assert site.hits("/missing") == 1  # a 404 is not retried
    with sqlite3.connect(tmp_path / "out" / MANIFEST) as db:
        reason, media = db.execute(
            "SELECT reason, media_type FROM files WHERE url = ?", (base + "/mislabelled",)
        ).fetchone()
    assert media == "application/pdf" and "server said text/html" in reason
    assert (tmp_path / "out" / "misc" / "x.pdf").exists()
    assert not (tmp_path / "x.pdf").exists()


def test_safe_names_cannot_escape() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x.pdf") == "x.pdf"
    assert safe_name("...") == "file"


def test_run_reads_the_manifest_for_url_council_and_date(tmp_path: Path) -> None:
    _scrape(alaveteli_site(attachments=1), tmp_path / "scraped")
    assert read_manifest(tmp_path / "scraped")
    run_pipeline([tmp_path / "scraped"], tmp_path / "tables")
    documents = pd.read_parquet(tmp_path / "tables" / "documents.parquet")
    pdfs = documents[documents.source_path.str.endswith(".pdf")]
    assert pdfs.source_url.str.contains("/attach/").all()
    assert set(pdfs.authority_code) == {"E10000016"}
    assert set(pdfs.response_date) == {"2022-08-31"}


@pytest.mark.slow
def test_cli_scrapes_a_batch(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    with serve(site) as base:
        result = CliRunner().invoke(
            app,
            [
                "scrape",
                "whatdotheyknow",
                "--batch",
                "7",
                "--out",
                str(tmp_path),
                "--base-url",
                base,
                "--delay",
                "0.01",
                "--contact",
                "me@example.org",
            ],
        )
    assert result.exit_code == 0, result.output
    assert "fetched" in result.output and (tmp_path / MANIFEST).exists()


def test_a_bodys_requests_are_walked_through_its_pages(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    site.routes["/body/kent_county_council"] = Route(
        b'<a href="/request/software_kent">A</a><a rel="next" href="/body/kent_county_council?page=2">next</a>'
    )
    site.routes["/body/kent_county_council?page=2"] = Route(
        b'<a href="/request/software_kent_2">B</a>'
    )
    with serve(site) as base:
        client = PoliteClient(delay=0, timeout=2)
        collector = Collector(client, tmp_path)
        WhatDoTheyKnow(collector, base).body("kent_county_council")
        client.close()
    requests = {p.parent.name for p in tmp_path.rglob("request.html")}
    assert requests == {"software_kent", "software_kent_2"}


def test_a_search_that_robots_forbids_is_not_fetched(tmp_path: Path) -> None:
    site = alaveteli_site(robots=STOCK_ROBOTS)
    with serve(site) as base:
        client = PoliteClient(delay=0, timeout=2)
        collector = Collector(client, tmp_path)
        WhatDoTheyKnow(collector, base).search("social care software")
        client.close()
    assert [path for _, path in site.log] == ["/robots.txt"]
    assert list(_outcomes(tmp_path).values()) == ["robots_disallowed"]


def test_cli_summary_lists_failures_with_reasons(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    del site.routes["/request/101/response/555/attach/2/answer_0.pdf"]
    with serve(site) as base:
        result = CliRunner().invoke(
            app,
            [
                "scrape",
                "whatdotheyknow",
                "--request",
                "software_kent",
                "--out",
                str(tmp_path),
                "--base-url",
                base,
                "--delay",
                "0",
            ],
        )
    assert result.exit_code == 0, result.output
    assert "1 failed" in result.output
    assert (
        "failed: " + base + "/request/101/response/555/attach/2/answer_0.pdf: HTTP 404"
        in result.output
    )
