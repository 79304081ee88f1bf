"""The manifest as `foi-extract run` reads it: found from inside or above the output, and only
a scrape's own manifest, at its root, for files inside it (hostile files are ignored)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from foi_extract.scrape.manifest import MANIFEST, Manifest, read_manifest


def _manifest_with_one_file(out: Path) -> Path:
    (out / "whatdotheyknow" / "r").mkdir(parents=True)
    path = out / "whatdotheyknow" / "r" / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    manifest = Manifest(out)
    manifest.put(url="https://x/a.pdf", path="whatdotheyknow/r/a.pdf", outcome="fetched")
    manifest.put(url="https://y/a.pdf", path="whatdotheyknow/r/a.pdf", outcome="duplicate")
    manifest.close()
    return path


def test_a_file_is_found_from_the_output_folder(tmp_path: Path) -> None:
    path = _manifest_with_one_file(tmp_path)
    assert read_manifest(tmp_path)[path.resolve()].source_url == "https://x/a.pdf"


def test_a_file_is_found_from_a_folder_inside_the_output(tmp_path: Path) -> None:
    path = _manifest_with_one_file(tmp_path)
    assert path.resolve() in read_manifest(tmp_path / "whatdotheyknow" / "r")


def test_a_file_is_found_from_a_folder_holding_outputs(tmp_path: Path) -> None:
    path = _manifest_with_one_file(tmp_path / "raw")
    assert path.resolve() in read_manifest(tmp_path)


def test_no_manifest_means_no_records(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {}


def test_a_manifest_from_before_a_new_column_is_upgraded(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / MANIFEST) as db:
        db.execute("CREATE TABLE files (url TEXT PRIMARY KEY, path TEXT, outcome TEXT)")
    manifest = Manifest(tmp_path)
    manifest.put(url="https://x/a.pdf", reference="FOI-1", outcome="fetched")
    assert (manifest.get("https://x/a.pdf") or {})["reference"] == "FOI-1"


def test_a_file_named_like_a_manifest_that_is_not_one_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / MANIFEST).write_bytes(b"not a database at all" * 100)
    (tmp_path / "in" / MANIFEST).write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert read_manifest(tmp_path / "in") == {}
    assert read_manifest(tmp_path) == {}


def test_another_applications_sqlite_file_is_not_read(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / MANIFEST) as db:
        db.execute("PRAGMA application_id = 42")
        db.execute("CREATE TABLE files (url TEXT, path TEXT, outcome TEXT)")
        db.execute("INSERT INTO files VALUES ('https://evil/', 'a.pdf', 'fetched')")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    assert read_manifest(tmp_path) == {}


def test_a_manifest_speaks_only_for_files_inside_its_own_folder(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "a.pdf"
    secret.parent.mkdir()
    secret.write_bytes(b"%PDF-1.4")
    manifest = Manifest(tmp_path / "scrape")
    manifest.put(url="https://evil/a.pdf", path="../elsewhere/a.pdf", outcome="fetched")
    manifest.put(url="https://evil/b.pdf", path=str(secret), outcome="fetched")
    manifest.close()
    assert read_manifest(tmp_path) == {}


def test_a_manifest_planted_among_the_downloads_is_ignored(tmp_path: Path) -> None:
    path = _manifest_with_one_file(tmp_path)
    other = path.parent / "b.pdf"  # a download the real manifest does not list
    other.write_bytes(b"%PDF-1.4")
    planted = Manifest(path.parent)  # what a hostile site's Content-Disposition could name
    planted.put(url="https://evil/a.pdf", path="a.pdf", outcome="fetched")
    planted.put(url="https://evil/b.pdf", path="b.pdf", outcome="fetched")
    planted.close()
    for root in (tmp_path, path.parent):
        records = read_manifest(root)
        assert records[path.resolve()].source_url == "https://x/a.pdf"
        assert other.resolve() not in records
