"""The scrape manifest: one SQLite row per URL, written in a transaction per file, so a scrape
killed at any moment and run again fetches only what it lacks.

It lives at `<out>/manifest.sqlite`; `read_manifest` finds it from the output folder, from any
folder inside it, or from a folder holding several outputs.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.sqlite"
COLUMNS = (
    "url",
    "path",
    "sha256",
    "media_type",
    "http_status",
    "outcome",
    "reason",
    "fetched_at",
    "etag",
    "last_modified",
    "request_id",
    "request_title",
    "public_body_name",
    "wdtk_id",
    "authority_code",
    "message_date",
    "reference",
    "source",
)
SCHEMA = f"""CREATE TABLE IF NOT EXISTS files (
    {", ".join(f"{c} TEXT" if c != "url" else "url TEXT PRIMARY KEY" for c in COLUMNS)})"""


@dataclass(frozen=True)
class SourceRecord:
    """Where a downloaded file came from, for `foi-extract run`."""

    source_url: str
    request_id: str | None
    request_title: str | None
    public_body_name: str | None
    wdtk_id: str | None
    authority_code: str | None
    message_date: str | None
    sha256: str | None
    media_type: str | None
    fetched_at: str | None
    reference: str | None = None


class Manifest:
    """Rows by URL in `<root>/manifest.sqlite`; safe to share between threads."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self._lock = threading.Lock()
        self.db = sqlite3.connect(root / MANIFEST, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(SCHEMA)
        present = {row[1] for row in self.db.execute("PRAGMA table_info(files)").fetchall()}
        for column in COLUMNS:
            if column not in present:  # a manifest written by an older version
                self.db.execute(f"ALTER TABLE files ADD COLUMN {column} TEXT")

    def get(self, url: str) -> dict[str, str | None] | None:
        with self._lock:
            found = self.db.execute(
                f"SELECT {', '.join(COLUMNS)} FROM files WHERE url = ?", (url,)
            ).fetchone()
        return dict(zip(COLUMNS, found, strict=True)) if found else None

    def path_of_hash(self, sha256: str) -> str | None:
        """The stored file with these bytes, for content-hash dedupe."""
        with self._lock:
            row = self.db.execute(
                "SELECT path FROM files WHERE sha256 = ? AND outcome = 'fetched'", (sha256,)
            ).fetchone()
        return row[0] if row else None

    def owner_of(self, path: str) -> str | None:
        """The URL whose fetched file is at `path` (relative), if any."""
        with self._lock:
            row = self.db.execute(
                "SELECT url FROM files WHERE path = ? AND outcome = 'fetched'", (path,)
            ).fetchone()
        return row[0] if row else None

    def put(self, **values: str | int | None) -> None:
        """Insert or replace one URL's row, in its own transaction."""
        names = [column for column in COLUMNS if column in values]
        with self._lock, self.db:
            self.db.execute(
                f"INSERT OR REPLACE INTO files ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [None if values[name] is None else str(values[name]) for name in names],
            )

    def failures(self) -> list[tuple[str, str]]:
        """(URL, reason) of every URL that failed, for the closing summary."""
        with self._lock:
            rows = self.db.execute(
                "SELECT url, reason FROM files WHERE outcome = 'failed' ORDER BY url"
            ).fetchall()
        return [(str(url), str(reason)) for url, reason in rows]

    def close(self) -> None:
        self.db.close()


def find_manifests(root: Path) -> list[Path]:
    """Manifests in `root`, in folders below it, and in the folders above it."""
    root = root.resolve()
    above = [folder / MANIFEST for folder in root.parents if (folder / MANIFEST).is_file()]
    return sorted(set(root.rglob(MANIFEST)) | set(above))


def read_manifest(root: Path) -> dict[Path, SourceRecord]:
    """Files that a scrape fetched, by resolved path (empty when there is no manifest)."""
    records: dict[Path, SourceRecord] = {}
    for database in find_manifests(root):
        with sqlite3.connect(database) as db:
            query = (
                f"SELECT {', '.join(COLUMNS)} FROM files WHERE path IS NOT NULL "
                "ORDER BY outcome != 'fetched', url"
            )
            for values in db.execute(query).fetchall():
                row = dict(zip(COLUMNS, values, strict=True))
                path = (database.parent / str(row["path"])).resolve()
                records.setdefault(path, _record(row))
    return records


def _record(row: dict[str, str | None]) -> SourceRecord:
    return SourceRecord(
        source_url=str(row["url"]),
        request_id=row["request_id"],
        request_title=row["request_title"],
        public_body_name=row["public_body_name"],
        wdtk_id=row["wdtk_id"],
        authority_code=row["authority_code"],
        message_date=row["message_date"],
        sha256=row["sha256"],
        media_type=row["media_type"],
        fetched_at=row["fetched_at"],
        reference=row["reference"],
    )
