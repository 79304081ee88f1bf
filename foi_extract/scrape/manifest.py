"""The scrape manifest: one SQLite row per URL, written in a transaction per file, so a scrape
killed at any moment and run again fetches only what it lacks.

It lives at `<out>/manifest.sqlite`; `read_manifest` finds it from the output folder, from any
folder inside it, or from a folder holding several outputs. Only a scrape's own manifest is
read: a SQLite file with this application id (or none, from before it was set) and the
`files` table, opened read-only; one below another manifest's folder (a file a site planted
among the downloads) is ignored, and no row may name a file outside the manifest's folder.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MANIFEST = "manifest.sqlite"
APPLICATION_ID = 0x464F4958  # "FOIX": `PRAGMA application_id` marks a scrape's manifest
REQUIRED = ("url", "path", "outcome")
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
        self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
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

    def note(self, url: str, reason: str) -> None:
        """Set the reason of a URL's row (a warning about a listing it gave), if it has one."""
        with self._lock, self.db:
            self.db.execute("UPDATE files SET reason = ? WHERE url = ?", (reason, url))

    def outcomes(self) -> dict[str, tuple[str, str | None]]:
        """(outcome, reason) of every URL, by URL."""
        with self._lock:
            rows = self.db.execute("SELECT url, outcome, reason FROM files ORDER BY url").fetchall()
        return {str(url): (str(outcome), reason) for url, outcome, reason in rows}

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
    """Scrape roots' manifests: in `root`, in folders below it, or in the nearest folder above
    it that has one; never one below another manifest's folder."""
    root = root.resolve()
    above = [folder / MANIFEST for folder in root.parents if (folder / MANIFEST).is_file()]
    if above:
        return [above[0]]  # `root` lies inside that scrape's output: anything below is planted
    found = sorted(path for path in root.rglob(MANIFEST) if path.is_file())
    return [
        path
        for path in found
        if not any(path.parent.is_relative_to(other.parent) for other in found if other != path)
    ]


def read_manifest(root: Path) -> dict[Path, SourceRecord]:
    """Files that a scrape fetched, by resolved path (empty when there is no manifest); a
    file that is not a valid manifest is skipped with a warning."""
    records: dict[Path, SourceRecord] = {}
    for database in find_manifests(root):
        try:
            rows = _rows(database)
        except sqlite3.Error as exc:
            log.warning("ignored %s: not a foi-extract scrape manifest (%s)", database, exc)
            continue
        folder = database.parent.resolve()
        for row in rows:
            path = (folder / str(row["path"])).resolve()
            if path.is_relative_to(folder):  # a row may not speak for files elsewhere
                records.setdefault(path, _record(row))
    return records


def _rows(database: Path) -> list[dict[str, str | None]]:
    """The `files` rows of a manifest, opened read-only; raises `sqlite3.Error` when the file
    is not one (another SQLite file, another application's, or no database at all)."""
    uri = f"{database.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        (application,) = db.execute("PRAGMA application_id").fetchone()
        if application not in (0, APPLICATION_ID):
            raise sqlite3.DatabaseError(f"application id {application:#x}")
        present = {row[1] for row in db.execute("PRAGMA table_info(files)").fetchall()}
        if missing := [column for column in REQUIRED if column not in present]:
            raise sqlite3.DatabaseError(f"no files table with {', '.join(missing)}")
        columns = [column for column in COLUMNS if column in present]
        query = (
            f"SELECT {', '.join(columns)} FROM files WHERE path IS NOT NULL "
            "ORDER BY outcome != 'fetched', url"
        )
        return [
            {column: None for column in COLUMNS} | dict(zip(columns, values, strict=True))
            for values in db.execute(query).fetchall()
        ]


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
