"""Scrape benchmark against the test suite's local Alaveteli-shaped server (127.0.0.1 only):
requests per second at the default politeness (1 request/s per host) and with no delay, the
faults injected, documents lost or stored twice, and what a second run fetches again.

Usage: python scripts/bench_scrape.py [ATTACHMENTS] [DELAY ...]   (default: 6 attachments,
delays 1 and 0; at 1 s the run takes about 20 s)
"""

from __future__ import annotations

import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foi_extract.scrape.collector import Collector
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.whatdotheyknow import WhatDoTheyKnow
from tests.scrape.helpers import hashes_on_disk, hashes_served
from tests.scrape.server import FAULTS, Site, alaveteli_site, serve


def _scrape(site: Site, base: str, out: Path, delay: float) -> Collector:
    client = PoliteClient(contact="bench@example.org", delay=delay, timeout=1.0, backoff=0.2)
    collector = Collector(client, out)
    WhatDoTheyKnow(collector, base).batch("7")
    client.close()
    collector.manifest.close()
    return collector


def bench(attachments: int, delay: float) -> None:
    faults = {n: [FAULTS[n % len(FAULTS)]] for n in range(attachments)}
    site = alaveteli_site(attachments=attachments, faults=faults)
    injected = site.faults_left()
    with tempfile.TemporaryDirectory() as tmp, serve(site) as base:
        started = time.perf_counter()
        collector = _scrape(site, base, Path(tmp), delay)
        seconds = time.perf_counter() - started
        requests = len(site.log)
        gap = min(later - earlier for (earlier, _), (later, _) in itertools.pairwise(site.log))
        served, stored = hashes_served(site), hashes_on_disk(Path(tmp))
        _scrape(site, base, Path(tmp), delay)
        again = [path for _, path in site.log[requests:] if "/attach/" in path]
    lost = len(set(served) - set(stored))
    print(
        f"delay {delay:g} s: {requests} requests in {seconds:.1f} s = "
        f"{requests / seconds:.2f} requests/s (shortest gap {gap:.2f} s); "
        f"faults injected {injected}, served "
        f"{injected - site.faults_left()}; documents {len(served)} distinct, stored "
        f"{len(stored)}, lost {lost}, stored twice {len(stored) - len(set(stored))}; "
        f"second run fetched {len(again)} attachments again; outcomes {collector.counts}"
    )


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    for delay in [float(value) for value in sys.argv[2:]] or [1.0, 0.0]:
        bench(count, delay)
