"""The scrape manifest: one SQLite row per URL, written in a transaction per file, so a scrape
killed at any moment and run again fetches only what it lacks.
"""

from __future__ import annotations

import sqlite3
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


class Manifest:
    """Rows by URL in `<root>/manifest.sqlite`."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.db = sqlite3.connect(root / MANIFEST, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(SCHEMA)

    def get(self, url: str) -> dict[str, str | None] | None:
        row = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM files WHERE url = ?", (url,))
        found = row.fetchone()
        return dict(zip(COLUMNS, found, strict=True)) if found else None

    def path_of_hash(self, sha256: str) -> str | None:
        row = self.db.execute(
            "SELECT path FROM files WHERE sha256 = ? AND outcome = 'fetched'", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def put(self, **values: str | int | None) -> None:
        """Insert or replace one URL's row, in its own transaction."""
        names = [column for column in COLUMNS if column in values]
        with self.db:
            self.db.execute(
                f"INSERT OR REPLACE INTO files ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [None if values[name] is None else str(values[name]) for name in names],
            )

    def failures(self) -> list[tuple[str, str]]:
        """(URL, reason) of every URL that failed, for the closing summary."""
        rows = self.db.execute(
            "SELECT url, reason FROM files WHERE outcome = 'failed' ORDER BY url"
        )
        return [(str(url), str(reason)) for url, reason in rows.fetchall()]

    def close(self) -> None:
        self.db.close()


def read_manifest(root: Path) -> dict[Path, SourceRecord]:
    """Files under `root` that a scrape fetched, by resolved path (empty without a manifest)."""
    records: dict[Path, SourceRecord] = {}
    for database in sorted(root.rglob(MANIFEST)):
        with sqlite3.connect(database) as db:
            query = f"SELECT {', '.join(COLUMNS)} FROM files WHERE path IS NOT NULL"
            for values in db.execute(query):
                row = dict(zip(COLUMNS, values, strict=True))
                path = (database.parent / str(row["path"])).resolve()
                records.setdefault(
                    path,
                    SourceRecord(
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
                    ),
                )
    return records
