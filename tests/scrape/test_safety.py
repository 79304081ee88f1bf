"""Hostile or broken responses: each becomes a failed manifest row or a safely named file,
never a crash, an escaped path or an error page stored as a document."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from foi_extract.scrape.collector import Collector, disposition_filename, safe_name
from foi_extract.scrape.manifest import MANIFEST

from .helpers import client, outcomes
from .server import Route, Site, pdf, serve


def _collect(site: Site, out: Path, *paths: str, **options: float) -> tuple[str, Collector]:
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow:\n", "text/plain")
    with serve(site) as base:
        collector = Collector(client(**options), out)
        for path in paths:
            collector.collect(base + path, "misc")
    return base, collector


def _reason(out: Path, url: str) -> str:
    with sqlite3.connect(out / MANIFEST) as db:
        return str(db.execute("SELECT reason FROM files WHERE url = ?", (url,)).fetchone()[0])


def test_a_redirect_loop_is_cut_short(tmp_path: Path) -> None:
    site = Site(routes={"/loop": Route(b"", faults=["loop"] * 50)})
    base, _ = _collect(site, tmp_path, "/loop", max_redirects=3)
    assert outcomes(tmp_path)[base + "/loop"] == "failed"
    assert site.hits("/loop") == 4 and "TooManyRedirects" in _reason(tmp_path, base + "/loop")


def test_a_file_over_the_size_cap_is_not_kept(tmp_path: Path) -> None:
    site = Site(routes={"/huge.pdf": Route(b"%PDF-1.4 " + b"x" * 5000, "application/pdf")})
    base, _ = _collect(site, tmp_path, "/huge.pdf", max_bytes=4000)
    assert "TooLarge" in _reason(tmp_path, base + "/huge.pdf")
    assert not list(tmp_path.rglob("huge*"))


def test_a_wrong_content_type_is_noted_and_the_bytes_decide(tmp_path: Path) -> None:
    site = Site(routes={"/mislabelled": Route(pdf("Mosaic"), "text/html")})
    base, _ = _collect(site, tmp_path, "/mislabelled")
    with sqlite3.connect(tmp_path / MANIFEST) as db:
        (media_type,) = db.execute("SELECT media_type FROM files").fetchone()
    assert media_type == "application/pdf"
    assert "server said text/html" in _reason(tmp_path, base + "/mislabelled")


def test_an_error_page_served_as_a_pdf_is_not_stored(tmp_path: Path) -> None:
    page = b"<html><body>Please sign in</body></html>"
    site = Site(routes={"/answer.pdf": Route(page, "application/pdf")})
    base, collector = _collect(site, tmp_path, "/answer.pdf")
    assert collector.counts == {"failed": 1}
    assert _reason(tmp_path, base + "/answer.pdf").startswith("content_mismatch")
    assert not list(tmp_path.rglob("answer*"))


def test_a_hostile_content_disposition_name_stays_inside_the_output(tmp_path: Path) -> None:
    disposition = {"Content-Disposition": 'attachment; filename="../../x.pdf"'}
    site = Site(routes={"/evil": Route(pdf("Eclipse"), "application/pdf", disposition)})
    _collect(site, tmp_path / "out", "/evil")
    assert (tmp_path / "out" / "misc" / "x.pdf").exists()
    assert not (tmp_path / "x.pdf").exists()


def test_a_hostile_url_path_stays_inside_the_output(tmp_path: Path) -> None:
    site = Site(routes={"/a/..%2F..%2Fy.pdf": Route(pdf("Eclipse"), "application/pdf")})
    _collect(site, tmp_path / "out", "/a/..%2F..%2Fy.pdf")
    assert [p.name for p in (tmp_path / "out" / "misc").iterdir()] == ["y.pdf"]


def test_a_client_error_is_not_retried(tmp_path: Path) -> None:
    site = Site(routes={"/gone": Route(b"", status=410)})
    base, _ = _collect(site, tmp_path, "/gone", "/missing")
    assert site.hits("/gone") == site.hits("/missing") == 1
    assert _reason(tmp_path, base + "/missing") == "HTTP 404"


def test_a_request_timeout_is_retried(tmp_path: Path) -> None:
    site = Site(routes={"/busy.pdf": Route(pdf("Mosaic"), "application/pdf", faults=["slow"])})
    _, collector = _collect(site, tmp_path, "/busy.pdf", timeout=0.5)
    assert site.hits("/busy.pdf") == 2 and collector.counts == {"fetched": 1}


def test_safe_names_cannot_escape() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\x.pdf") == "x.pdf"
    assert safe_name("%2e%2e%2fx.pdf") == "x.pdf"
    assert safe_name("...") == "file"


def test_content_disposition_is_parsed_as_mime_parameters() -> None:
    def name(value: str) -> str | None:
        return disposition_filename({"content-disposition": value})

    assert name('attachment; filename="semi;colon.pdf"') == "semi;colon.pdf"
    assert name("attachment; filename*=UTF-8''na%C3%AFve.pdf") == "naïve.pdf"
    assert name("attachment; filename=\"plain.pdf\"; filename*=UTF-8''na%C3%AFve.pdf") == (
        "naïve.pdf"  # RFC 6266: filename* wins
    )
    assert name("inline") is None and name("") is None


def test_a_quoted_semicolon_in_the_file_name_is_kept_whole(tmp_path: Path) -> None:
    disposition = {"Content-Disposition": 'attachment; filename="semi;colon.pdf"'}
    site = Site(routes={"/download?id=1": Route(pdf("Eclipse"), "application/pdf", disposition)})
    _collect(site, tmp_path, "/download?id=1")
    assert [p.name for p in (tmp_path / "misc").iterdir()] == ["semi_colon.pdf"]  # safe_name'd
