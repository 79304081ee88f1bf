"""A scrape killed at any moment and run again fetches only what it lacks and stores every
file exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from foi_extract.scrape.collector import Collector
from foi_extract.scrape.manifest import MANIFEST

from .helpers import client, hashes_on_disk, hashes_served
from .server import Route, Site, alaveteli_site, pdf, serve


def _command(base: str, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "foi_extract.scrape.cli",
        "whatdotheyknow",
        "--batch",
        "7",
        "--out",
        str(out),
        "--base-url",
        base,
        "--delay",
        "0.1",
        "--contact",
        "tests@example.org",
    ]


def _finished(out: Path, base: str) -> set[str]:
    with sqlite3.connect(out / MANIFEST) as db:
        rows = db.execute(
            "SELECT url FROM files WHERE outcome = 'fetched' AND url LIKE '%/attach/%'"
        )
        return {url.removeprefix(base) for (url,) in rows.fetchall()}


@pytest.mark.slow
def test_killed_scrape_resumes_without_downloading_finished_files(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=8)
    with serve(site) as base:
        process = subprocess.Popen(
            _command(base, tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while sum("/attach/" in path for _, path in site.log) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        finished = _finished(tmp_path, base)
        assert 0 < len(finished) < 8
        first_run = len(site.log)
        subprocess.run(_command(base, tmp_path), check=True, capture_output=True, timeout=60)
    assert [path for _, path in site.log[first_run:] if path in finished] == []
    assert hashes_on_disk(tmp_path) == hashes_served(site)  # each document once, none lost
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]


def test_a_file_written_before_its_manifest_row_is_adopted_not_copied(tmp_path: Path) -> None:
    body = pdf("Mosaic")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.pdf").write_bytes(body)  # the process died before recording it
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow:\n", "text/plain")
    site.routes["/a.pdf"] = Route(body, "application/pdf")
    with serve(site) as base:
        Collector(client(), tmp_path).collect(f"{base}/a.pdf", "files")
    assert [p.name for p in (tmp_path / "files").iterdir()] == ["a.pdf"]


def test_another_file_under_the_same_name_is_kept(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.pdf").write_bytes(pdf("something else"))
    site = Site()
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow:\n", "text/plain")
    site.routes["/a.pdf"] = Route(pdf("Mosaic"), "application/pdf")
    with serve(site) as base:
        Collector(client(), tmp_path).collect(f"{base}/a.pdf", "files")
    assert sorted(p.name for p in (tmp_path / "files").iterdir()) == ["a-1.pdf", "a.pdf"]


def test_half_written_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / ".a.pdf.part").write_bytes(b"%PDF-1.4 half")
    Collector(client(), tmp_path)
    assert list((tmp_path / "files").iterdir()) == []
