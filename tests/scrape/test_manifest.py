"""The manifest as `foi-extract run` reads it: found from inside or above the output."""

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
