"""What a site owner expects: one request per interval per host, robots.txt and its
Crawl-delay obeyed, a User-Agent that says who to contact, bounded concurrency."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from foi_extract.scrape.collector import Collector, Job
from foi_extract.scrape.http import HostUnreachable, PoliteClient

from .helpers import client, scrape_batch
from .server import Route, Site, alaveteli_site, pdf, serve


def _gaps(site: Site) -> list[float]:
    times = [moment for moment, _ in site.log]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_one_request_per_interval_per_host(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=3)
    scrape_batch(site, tmp_path, delay=0.2)
    assert len(site.log) >= 10 and min(_gaps(site)) >= 0.19


def test_the_default_interval_is_one_second() -> None:
    assert PoliteClient().delay == 1.0


def test_robots_crawl_delay_slows_us_further(tmp_path: Path) -> None:
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 0.3\n", "text/plain")
    for n in range(3):
        site.routes[f"/{n}.pdf"] = Route(pdf(f"file {n}"), "application/pdf")
    with serve(site) as base:
        collector = Collector(client(delay=0.0), tmp_path, workers=1)
        collector.collect_all(Job(f"{base}/{n}.pdf", "files") for n in range(3))
    # counted at the server: the interval also runs from the end of each request, so one
    # that left late on a busy machine does not bring the next one closer
    assert min(_gaps(site)[1:]) >= 0.29


def test_a_request_that_leaves_late_does_not_bring_the_next_one_closer() -> None:
    # a busy machine: the first request is allowed to leave at once but goes out 0.25 s later;
    # the second must still reach the server a whole interval after the first did
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\n", "text/plain")
    for n in range(2):
        site.routes[f"/{n}.pdf"] = Route(pdf(f"file {n}"), "application/pdf")
    polite = client(delay=0.3)
    stream, calls = polite.client.stream, []

    def late_first(method: str, url: str, **options: object) -> object:
        calls.append(url)
        if url.endswith("/0.pdf"):
            time.sleep(0.25)
        return stream(method, url, **options)  # type: ignore[arg-type]

    polite.client.stream = late_first  # type: ignore[method-assign]
    with serve(site) as base:
        polite.get(f"{base}/robots.txt")
        site.log.clear()
        for n in range(2):
            polite.get(f"{base}/{n}.pdf")
    polite.close()
    assert len(site.log) == 2 and _gaps(site)[0] >= 0.29


def test_the_user_agent_names_the_tool_and_the_contact() -> None:
    agent = PoliteClient(contact="researcher@example.org").user_agent
    assert agent.startswith("foi-extract/") and "researcher@example.org" in agent


def test_an_unreachable_robots_txt_forbids_everything(tmp_path: Path) -> None:
    site = Site()
    site.routes["/robots.txt"] = Route(b"", faults=["503"] * 10)
    site.routes["/a.pdf"] = Route(pdf("a"), "application/pdf")
    with serve(site) as base, pytest.raises(HostUnreachable):
        client(attempts=2).get(f"{base}/a.pdf")
    assert site.hits("/a.pdf") == 0


def test_a_redirect_to_a_forbidden_path_is_not_followed(tmp_path: Path) -> None:
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.routes["/moved.pdf"] = Route(b"", headers={"Location": "/private/a.pdf"}, status=302)
    site.routes["/private/a.pdf"] = Route(pdf("a"), "application/pdf")
    with serve(site) as base:
        collector = Collector(client(), tmp_path)
        collector.collect(f"{base}/moved.pdf", "files")
    assert site.hits("/private/a.pdf") == 0 and collector.counts == {"robots_disallowed": 1}


def test_downloads_from_two_hosts_overlap_but_each_host_waits(tmp_path: Path) -> None:
    first, second = Site(), Site()
    for site in (first, second):
        site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow:\n", "text/plain")
        for n in range(3):
            site.routes[f"/{n}.pdf"] = Route(pdf(f"{id(site)} {n}"), "application/pdf")
    with serve(first) as one, serve(second) as two:
        collector = Collector(client(delay=0.25), tmp_path, workers=2)
        started = time.monotonic()
        jobs = [Job(f"{base}/{n}.pdf", "files") for base in (one, two) for n in range(3)]
        collector.collect_all(jobs)
        elapsed = time.monotonic() - started
    assert min(_gaps(first)) >= 0.24 and min(_gaps(second)) >= 0.24
    assert elapsed < 1.2  # one host after the other would take 2 x 3 intervals (1.5 s)
    assert len(list(tmp_path.rglob("*.pdf"))) == 6


def test_a_429_waits_as_long_as_retry_after_says(tmp_path: Path) -> None:
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow:\n", "text/plain")
    site.routes["/a.pdf"] = Route(pdf("a"), "application/pdf", faults=["429"])
    with serve(site) as base:
        Collector(client(backoff=0.01), tmp_path).collect(f"{base}/a.pdf", "files")
    retried = [moment for moment, path in site.log if path == "/a.pdf"]
    assert len(retried) == 2 and retried[1] - retried[0] >= 0.99
