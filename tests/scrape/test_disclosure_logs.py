"""Council disclosure logs described by site files: list pages -> response pages ->
attachments, each shipped site file against a server in its shape."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pydantic import ValidationError

from foi_extract.rules import PACKAGE_RESOURCES
from foi_extract.scrape.collector import Collector
from foi_extract.scrape.dates import iso_date
from foi_extract.scrape.disclosure_log import DisclosureLog, load_site
from foi_extract.scrape.manifest import read_manifest

from .council_sites import SHAPES, council_site
from .helpers import client
from .server import serve

SITES = PACKAGE_RESOURCES / "sites"


def test_at_least_three_site_files_ship_and_each_has_a_test_shape() -> None:
    shipped = {path.stem for path in SITES.glob("*.toml")}
    assert len(shipped) >= 3 and shipped == set(SHAPES)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_log_is_crawled_through_its_pages(shape: str, tmp_path: Path) -> None:
    site = council_site(shape)
    with serve(site) as base:
        collector = Collector(client(), tmp_path)
        DisclosureLog(collector, load_site(SITES / f"{shape}.toml")).gather(base)
    served = {
        hashlib.sha256(route.body).hexdigest()
        for path, route in site.routes.items()
        if path.endswith((".pdf", ".docx"))
    }
    stored = [
        hashlib.sha256(path.read_bytes()).hexdigest()
        for path in tmp_path.rglob("*")
        if path.suffix in (".pdf", ".docx")
    ]
    assert sorted(stored) == sorted(served)
    assert len(list(tmp_path.rglob("response.html"))) == 3


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_title_date_and_reference_reach_the_manifest(shape: str, tmp_path: Path) -> None:
    with serve(council_site(shape)) as base:
        collector = Collector(client(), tmp_path)
        DisclosureLog(collector, load_site(SITES / f"{shape}.toml")).gather(base)
    records = [r for r in read_manifest(tmp_path).values() if r.source_url.endswith("annex.docx")]
    assert [(r.request_title, r.message_date, r.reference) for r in records] == [
        ("Social care systems 2", "2024-03-02", "FOI-2")
    ]


def test_a_site_file_with_an_unknown_key_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "x"\nbase_url = "https://x"\nlisting_path = "/"\nitem_links = "a"\ntitel = "h1"\n'
    )
    with pytest.raises(ValidationError, match="titel"):
        load_site(bad)


def test_printed_dates_become_iso() -> None:
    assert iso_date("Published: 1 March 2024") == "2024-03-01"
    assert iso_date("2024-03-01T09:00:00Z") == "2024-03-01"
    assert iso_date("no date") is None
