"""Scrape benchmark against the test suite's local Alaveteli-shaped server (127.0.0.1 only):
pages per second at a politeness delay, faults injected, documents lost.
Usage: python scripts/bench_scrape.py [ATTACHMENTS] [DELAY]
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foi_extract.scrape.collector import Collector
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.whatdotheyknow import WhatDoTheyKnow
from tests.scrape.server import alaveteli_site, serve


def main(attachments: int = 12, delay: float = 1.0) -> None:
    faults = {n: ["503", "429", "cut", "reset"][n % 4 : n % 4 + 1] for n in range(attachments)}
    site = alaveteli_site(attachments=attachments, faults=faults)
    injected = sum(len(route.faults) for route in site.routes.values())
    with tempfile.TemporaryDirectory() as tmp, serve(site) as base:
        client = PoliteClient(contact="bench@example.org", delay=delay, timeout=2, backoff=0.2)
        collector = Collector(client, Path(tmp))
        started = time.perf_counter()
        WhatDoTheyKnow(collector, base).batch("7")
        seconds = time.perf_counter() - started
        client.close()
        served = {
            hashlib.sha256(r.body).hexdigest() for p, r in site.routes.items() if "/attach/" in p
        }
        stored = {hashlib.sha256(p.read_bytes()).hexdigest() for p in Path(tmp).rglob("*.pdf")}
    print(
        f"delay {delay:g} s: {len(site.log)} requests in {seconds:.1f} s = "
        f"{len(site.log) / seconds:.2f} requests/s"
    )
    print(
        f"faults injected: {injected}; documents served: {len(served)}, "
        f"stored: {len(stored)}, lost: {len(served - stored)}; outcomes {collector.counts}"
    )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 12,
        float(sys.argv[2]) if len(sys.argv) > 2 else 1.0,
    )
