"""Alaveteli attachments under its stock robots.txt: fetched where allowed, asked for again
while a redaction is applied, hidden and embargoed items recorded, the zip never requested,
and a listing at Alaveteli's 500-result cap flagged."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from foi_extract.scrape.cli import app
from foi_extract.scrape.collector import Collector
from foi_extract.scrape.manifest import Manifest
from foi_extract.scrape.whatdotheyknow import LISTING_CAP, WhatDoTheyKnow

from .helpers import client
from .server import REDACTED, WAIT_PAGE, Route, Site, redaction_site, serve

ATTACH = f"/request/{REDACTED}/response"
BUDGET = f"{ATTACH}/601/attach/2/budget.pdf?cookie_passthrough=1"
CONTRACT = f"{ATTACH}/602/attach/2/contract.pdf?cookie_passthrough=1"
HIDDEN = f"{ATTACH}/602/attach/3/hidden.pdf?cookie_passthrough=1"
DOWNLOAD = f"/request/{REDACTED}/download"


def _scrape(
    site: Site, out: Path, selection: str = "request", value: str = REDACTED, base: str = ""
) -> Collector:
    """Scrape `site` (one request by default) with short waits, serving it unless `base` is
    already served; the manifest stays open."""
    if not base:
        with serve(site) as served:
            return _scrape(site, out, selection, value, served)
    polite = client(wait_delay=0.05, wait_retries=3)
    collector = Collector(polite, out)
    getattr(WhatDoTheyKnow(collector, base), selection)(value)
    polite.close()
    return collector


def _by_path(collector: Collector) -> dict[str, tuple[str, str | None]]:
    """(outcome, reason) by URL path and query, from the manifest."""
    found = collector.manifest.outcomes()
    return {"/" + url.split("/", 3)[-1]: row for url, row in found.items()}


def test_attachments_are_fetched_a_redacted_one_after_its_wait_a_hidden_one_recorded(
    tmp_path: Path,
) -> None:
    site = redaction_site()
    collector = _scrape(site, tmp_path)
    folder = tmp_path / "whatdotheyknow" / REDACTED
    for name, path in (("budget.pdf", BUDGET), ("contract.pdf", CONTRACT)):
        stored = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert stored == hashlib.sha256(site.routes[path].body).hexdigest()
    assert not (folder / "hidden.pdf").exists()
    found = _by_path(collector)
    assert found[BUDGET][0] == found[CONTRACT][0] == "fetched"
    assert found[HIDDEN] == ("forbidden", "HTTP 403")
    assert site.hits(CONTRACT) == 3  # twice sent to the wait page, then served
    assert site.hits(WAIT_PAGE) == 0 and site.hits(DOWNLOAD) == 0
    assert not [path for path in found if "/attach/html/" in path]  # hidden: no fallback
    assert {p.name for p in folder.glob("incoming-*.html")} == {
        "incoming-601.html",
        "incoming-602.html",
    }


def test_the_zip_download_is_refused_by_robots_txt_and_never_requested(tmp_path: Path) -> None:
    site = redaction_site()
    with serve(site) as base:
        polite = client()
        collector = Collector(polite, tmp_path)
        WhatDoTheyKnow(collector, base)
        assert polite.allowed(f"{base}{CONTRACT}") and polite.allowed(f"{base}{BUDGET}")
        assert not polite.allowed(f"{base}{DOWNLOAD}")
        assert not polite.allowed(f"{base}/request/{REDACTED}/response/602")  # the message page
        assert collector.collect(f"{base}{DOWNLOAD}", "zips") is None
        polite.close()
    assert _by_path(collector)[DOWNLOAD] == ("robots_disallowed", "robots.txt disallows it")
    assert [path for _, path in site.log] == ["/robots.txt"]


def test_an_attachment_still_waiting_is_deferred_then_fetched_by_the_next_run(
    tmp_path: Path,
) -> None:
    site = redaction_site()
    site.routes[CONTRACT].faults = ["wait"] * 4
    with serve(site) as base:
        first = _scrape(site, tmp_path, base=base)
        outcome, reason = _by_path(first)[CONTRACT]
        assert outcome == "deferred" and WAIT_PAGE in str(reason) and "4 time(s)" in str(reason)
        assert first.counts["deferred"] == 1 and site.hits(CONTRACT) == 4  # 1 + 3 retries
        first.manifest.close()
        again = _scrape(site, tmp_path, base=base)
    assert _by_path(again)[CONTRACT][0] == "fetched"
    assert (tmp_path / "whatdotheyknow" / REDACTED / "contract.pdf").is_file()


def test_an_embargoed_request_is_not_found_and_the_listing_goes_on(tmp_path: Path) -> None:
    site = redaction_site()
    site.routes["/body/kent_county_council"] = Route(
        f'<a href="/request/embargoed_kent">E</a><a href="/request/{REDACTED}">R</a>'.encode()
    )
    collector = _scrape(site, tmp_path, "body", "kent_county_council")
    found = _by_path(collector)
    assert found["/request/embargoed_kent.json"] == ("not_found", "HTTP 404")
    assert found["/request/embargoed_kent"] == ("not_found", "HTTP 404")
    assert found[BUDGET][0] == "fetched"


def _capped_body(site: Site, requests: int, per_page: int = 25) -> None:
    """A body listing of `requests` (embargoed: 404) over pages of `per_page`."""
    pages = range(1, requests // per_page + 1)
    for page in pages:
        links = "".join(
            f'<a href="/request/r{n}">r{n}</a>'
            for n in range((page - 1) * per_page, page * per_page)
        )
        following = f'<a rel="next" href="/body/big?page={page + 1}">Next</a>'
        path = "/body/big" if page == 1 else f"/body/big?page={page}"
        site.routes[path] = Route(f"{links}{following if page < pages[-1] else ''}".encode())


def test_a_listing_that_reaches_500_requests_is_flagged(tmp_path: Path) -> None:
    site = redaction_site()
    _capped_body(site, LISTING_CAP)
    collector = _scrape(site, tmp_path, "body", "big")
    [(url, warning)] = collector.warnings
    assert url.endswith("/body/big") and f"reached {LISTING_CAP}" in warning
    assert _by_path(collector)["/body/big"] == ("listed", warning)


def test_a_listing_under_500_is_not_flagged(tmp_path: Path) -> None:
    site = redaction_site()
    _capped_body(site, 50)
    assert _scrape(site, tmp_path, "body", "big").warnings == []


def test_the_summary_shows_outcomes_and_the_cap_warning(tmp_path: Path) -> None:
    site = redaction_site()
    _capped_body(site, LISTING_CAP)
    site.routes["/body/big?page=20"].body += f'<a href="/request/{REDACTED}">R</a>'.encode()
    site.routes[CONTRACT].faults = []  # the command waits 10 s for a wait page
    with serve(site) as base:
        arguments = ["whatdotheyknow", "--body", "big", "--out", str(tmp_path)]
        result = CliRunner().invoke(app, [*arguments, "--base-url", base, "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert f"forbidden: {base}{HIDDEN}: HTTP 403" in result.output
    assert f"not_found: {base}/request/r0.json: HTTP 404" in result.output
    assert f"warning: {base}/body/big: the listing reached {LISTING_CAP}" in result.output
    assert "Download all correspondence" not in result.output


def test_manifest_outcomes_list_every_url(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.put(url="https://x.example/a", outcome="forbidden", reason="HTTP 403")
    assert manifest.outcomes() == {"https://x.example/a": ("forbidden", "HTTP 403")}
