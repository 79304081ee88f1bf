"""Scraping an Alaveteli-shaped site on 127.0.0.1: every document once, responses as files,
robots.txt obeyed, and `run` reading where each file came from."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from foi_extract.pipeline import run_pipeline
from foi_extract.scrape.collector import Collector
from foi_extract.scrape.manifest import MANIFEST, read_manifest
from foi_extract.scrape.whatdotheyknow import WhatDoTheyKnow

from .helpers import client, hashes_on_disk, hashes_served, outcomes, scrape_batch
from .server import STOCK_ROBOTS, Route, alaveteli_site, serve

FAULTS = {0: ["503", "cut"], 1: ["429", "reset"], 2: ["slow"], 3: ["loop", "503"]}


def test_every_document_lands_once_with_its_hash_despite_faults(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=5, faults=FAULTS)
    collector = scrape_batch(site, tmp_path)
    assert site.faults_left() == 0  # every injected fault was served
    assert hashes_on_disk(tmp_path) == hashes_served(site)
    assert "failed" not in collector.counts


def test_the_same_attachment_behind_two_urls_is_stored_once(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    collector = scrape_batch(site, tmp_path)
    assert len(site.documents()) == 2 and len(hashes_on_disk(tmp_path)) == 1
    assert collector.counts["duplicate"] == 1


def test_each_response_message_becomes_a_file_with_its_date(tmp_path: Path) -> None:
    scrape_batch(alaveteli_site(attachments=1), tmp_path)
    message = tmp_path / "whatdotheyknow" / "software_kent" / "incoming-555.html"
    assert "Liquidlogic LCS" in message.read_text(encoding="utf-8")
    assert "Dear Kent County Council" not in message.read_text(encoding="utf-8")
    record = read_manifest(tmp_path)[message.resolve()]
    assert record.source_url.endswith("/request/software_kent#incoming-555")
    assert (record.message_date, record.request_id, record.wdtk_id) == ("2022-08-31", "101", "228")


def test_stock_robots_txt_allows_the_attachments(tmp_path: Path) -> None:
    site = alaveteli_site(robots=STOCK_ROBOTS)
    collector = scrape_batch(site, tmp_path)
    assert hashes_on_disk(tmp_path) == hashes_served(site)
    assert "robots_disallowed" not in collector.counts
    assert (tmp_path / "whatdotheyknow" / "software_kent" / "incoming-555.html").exists()


def test_a_failed_attachment_falls_back_to_its_html_rendering(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    site.routes["/request/101/response/555/attach/2/answer_0.pdf"].status = 500
    scrape_batch(site, tmp_path)
    rendering = tmp_path / "whatdotheyknow" / "software_kent" / "answer_0.pdf.html"
    assert "we use Mosaic" in rendering.read_text(encoding="utf-8")


def test_a_second_run_only_revalidates_request_pages(tmp_path: Path) -> None:
    site = alaveteli_site()
    with serve(site) as base:
        scrape_batch(site, tmp_path, base=base)
        first = len(site.statuses)
        collector = scrape_batch(site, tmp_path, base=base)
    again = site.statuses[first:]
    assert [path for path, _ in again if "/attach/" in path] == []
    assert {status for path, status in again if path.startswith("/request/")} == {304}
    assert collector.counts["cached"] == 4  # the attachments
    assert collector.counts["not_modified"] == 6  # two JSONs, two pages, two messages


def test_a_changed_request_page_is_fetched_again(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    with serve(site) as base:
        scrape_batch(site, tmp_path, base=base)
        page = site.routes["/request/software_kent"]
        page.body = page.body.replace(b"Liquidlogic LCS", b"Mosaic")
        scrape_batch(site, tmp_path, base=base)
    message = tmp_path / "whatdotheyknow" / "software_kent" / "incoming-555.html"
    assert "Mosaic" in message.read_text(encoding="utf-8")
    assert len(list(message.parent.glob("incoming-*.html"))) == 1


def test_a_request_can_be_given_by_its_numeric_id(tmp_path: Path) -> None:
    with serve(alaveteli_site(attachments=1)) as base:
        WhatDoTheyKnow(Collector(client(), tmp_path), base).request("101")
    assert (tmp_path / "whatdotheyknow" / "software_kent" / "answer_0.pdf").exists()


def test_a_bodys_requests_are_walked_through_its_pages(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    site.routes["/body/kent_county_council"] = Route(
        b'<a href="/request/software_kent">A</a>'
        b'<a rel="next" href="/body/kent_county_council?page=2">next</a>'
    )
    site.routes["/body/kent_county_council?page=2"] = Route(
        b'<a href="/request/software_kent_2">B</a><a href="/request/software_kent.json">json</a>'
    )
    with serve(site) as base:
        collector = Collector(client(), tmp_path)
        WhatDoTheyKnow(collector, base).body("kent_county_council")
    requests = {p.parent.name for p in tmp_path.rglob("request.html")}
    assert requests == {"software_kent", "software_kent_2"}


def test_a_search_that_robots_forbids_is_not_fetched(tmp_path: Path) -> None:
    site = alaveteli_site(robots=STOCK_ROBOTS)
    with serve(site) as base:
        collector = Collector(client(), tmp_path)
        WhatDoTheyKnow(collector, base).search("social care software")
    assert [path for _, path in site.log] == ["/robots.txt"]
    assert list(outcomes(tmp_path).values()) == ["robots_disallowed"]


def test_a_listing_that_fails_ends_with_a_failed_row(tmp_path: Path) -> None:
    site = alaveteli_site()
    site.routes["/info_request_batch/7"].faults = ["503"] * 5
    collector = scrape_batch(site, tmp_path)
    assert collector.counts == {"failed": 1}
    assert list(outcomes(tmp_path).values()) == ["failed"]


def test_a_listing_that_recovers_is_no_longer_reported_failed(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    site.routes["/info_request_batch/7"].faults = ["503"] * 5
    with serve(site) as base:
        scrape_batch(site, tmp_path, base=base)
        scrape_batch(site, tmp_path, base=base)
    assert "failed" not in outcomes(tmp_path).values()


def test_run_reads_the_manifest_for_url_council_and_date(tmp_path: Path) -> None:
    scrape_batch(alaveteli_site(attachments=1), tmp_path / "scraped")
    run_pipeline([tmp_path / "scraped"], tmp_path / "tables")
    documents = pd.read_parquet(tmp_path / "tables" / "documents.parquet")
    assert not documents.source_path.str.endswith("request.html").any()
    pdfs = documents[documents.source_path.str.endswith(".pdf")]
    assert pdfs.source_url.str.contains("/attach/").all()
    assert set(pdfs.authority_code) == {"E10000016"}
    assert set(pdfs.response_date) == {"2022-08-31"}


def test_manifest_rows_carry_status_outcome_and_media_type(tmp_path: Path) -> None:
    scrape_batch(alaveteli_site(attachments=3), tmp_path)
    with sqlite3.connect(tmp_path / MANIFEST) as db:
        rows = db.execute(
            "SELECT http_status, outcome, media_type FROM files WHERE url LIKE '%.docx'"
        ).fetchall()
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert rows == [("200", "fetched", docx)]
