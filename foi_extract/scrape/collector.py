"""Download files into the output folder: safe names, atomic writes, dedupe by content hash,
and a manifest row for every URL whatever happened to it.

Outcomes: fetched, duplicate, not_modified (saved), and, for a URL with no file, off_site,
deferred, unreachable, robots_disallowed, forbidden (HTTP 401/403: on Alaveteli, a hidden
item), not_found (HTTP 404/410: on Alaveteli, also an embargoed one) and failed, each with its
reason.

A file is written under a hidden `.part` name and renamed into place, so a scrape killed at any
moment never leaves half a file under a final name; a file renamed into place whose manifest
row was never written (the process died in between) is recognised by its hash and adopted, so
it is never stored twice.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import collapse_rfc2231_value
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from foi_extract.ingest.sniff import sniff
from foi_extract.scrape.http import (
    DeadlineExceeded,
    Fetched,
    NotFetched,
    PoliteClient,
    RetryableStatus,
    TooLarge,
    describe,
)
from foi_extract.scrape.manifest import Manifest

DONE = ("fetched", "duplicate")
FORBIDDEN = (401, 403)
NOT_FOUND = (404, 410)
PART = ".part"
TEXT_TYPES = ("application/json", "application/xml", "text/csv", "text/markdown", "text/xml")
BINARY_DOCUMENTS = ("application/pdf", "application/zip", "application/msword")
Meta = dict[str, str | None]
Outcome = Callable[[str, str], None]


def safe_name(name: str, fallback: str = "file") -> str:
    """A file name that cannot leave its folder: no separators, no leading dots, short."""
    name = unquote(name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).lstrip("._")[:120]
    return name or fallback


def disposition_filename(headers: dict[str, str]) -> str | None:
    """The file name a Content-Disposition header gives, parsed as MIME parameters (quoting,
    RFC 2231/5987 `filename*=UTF-8''...`, which wins over `filename` as RFC 6266 says); not yet
    made safe (see `safe_name`)."""
    message = Message()
    message["content-disposition"] = headers.get("content-disposition", "")
    names = [
        value
        for key, value in message.get_params([], header="content-disposition")
        if key == "filename" and value
    ]
    names.sort(key=lambda value: not isinstance(value, tuple))  # the extended form first
    return collapse_rfc2231_value(names[0]) if names else None


def _declared_type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _media_type(data: bytes, filename: str) -> str:
    """What the bytes are; plain text takes its name's more precise type (JSON, CSV)."""
    sniffed = sniff(data, filename)
    guessed = mimetypes.guess_type(filename)[0]
    if sniffed == "text/plain" and guessed in TEXT_TYPES:
        return guessed
    return sniffed or guessed or "application/octet-stream"


def _is_binary_document(media_type: str) -> bool:
    """A type whose body is never HTML or plain text (an error page served in its place is)."""
    return media_type in BINARY_DOCUMENTS or media_type.startswith("application/vnd.")


def status_outcome(status: int) -> str:
    """The manifest's outcome for an HTTP error status (forbidden, not_found, failed)."""
    if status in FORBIDDEN:
        return "forbidden"
    return "not_found" if status in NOT_FOUND else "failed"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Job:
    """One URL to fetch into a folder of the output, with what is known about it."""

    url: str
    folder: str
    name: str | None = None
    meta: Meta = field(default_factory=dict)


@dataclass
class Collector:
    """Fetches URLs into `root` and records each in the manifest."""

    client: PoliteClient
    root: Path
    workers: int = 4
    manifest: Manifest = field(init=False)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    """(outcome, URL, reason) of each URL this run recorded without a file."""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(URL, warning) for what was fetched but may be incomplete (a listing cut at its cap)."""
    on_outcome: Outcome | None = None
    on_fetch: Callable[[str], None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.manifest = Manifest(self.root)
        for stale in self.root.rglob(f".*{PART}"):  # left by a scrape that was killed
            stale.unlink(missing_ok=True)

    def count(self, outcome: str, url: str = "") -> None:
        with self._lock:
            self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if self.on_outcome:
            self.on_outcome(outcome, url)

    def collect(
        self,
        url: str,
        folder: str,
        name: str | None = None,
        meta: Meta | None = None,
        refresh: bool = False,
    ) -> bytes | None:
        """The bytes of `url`, saved in `root/folder/`; a file already saved is not fetched again.

        With `refresh` (pages that change, like a request's page) a saved file is checked with
        a conditional GET instead, and replaced only when the server has a newer one.
        """
        known = self.manifest.get(url)
        saved = self._saved(known)
        if saved is not None and not refresh:
            self.count("cached", url)
            return saved.read_bytes()
        base: Meta = {"url": url, **(meta or {})}
        etag, modified = (
            (known["etag"], known["last_modified"]) if known and saved else (None, None)
        )
        fetched = self._get(url, base, etag, modified, record=saved is None)
        if fetched is None:
            return saved.read_bytes() if saved else None
        if fetched.not_modified and saved:
            self.count("not_modified", url)
            return saved.read_bytes()
        return self._store(fetched, folder, name, base)

    def collect_all(self, jobs: Iterable[Job]) -> list[bytes | None]:
        """Fetch several URLs, one host after another within a host and up to `workers` hosts
        at once, so concurrency never shortens any host's interval."""
        jobs = list(jobs)
        by_host: dict[str, list[int]] = {}
        for index, job in enumerate(jobs):
            by_host.setdefault(urlsplit(job.url).netloc, []).append(index)
        results: list[bytes | None] = [None] * len(jobs)

        def run(indexes: list[int]) -> None:
            for index in indexes:
                job = jobs[index]
                results[index] = self.collect(job.url, job.folder, job.name, job.meta)

        if len(by_host) < 2 or self.workers < 2:
            run(list(range(len(jobs))))
            return results
        with ThreadPoolExecutor(min(self.workers, len(by_host))) as pool:
            list(pool.map(run, by_host.values()))
        return results

    def page(self, url: str) -> bytes | None:
        """A listing page's bytes, not kept; its manifest row says `listed` or why it failed."""
        base: Meta = {"url": url, "source": "listing"}
        fetched = self._get(url, base, None, None, record=True)
        if fetched is None:
            return None
        self.manifest.put(**base, http_status=fetched.status, outcome="listed")
        return fetched.content

    def warn(self, url: str, warning: str) -> None:
        """Note that what `url` gave may be incomplete: in the summary and its manifest row."""
        with self._lock:
            self.warnings.append((url, warning))
        self.manifest.note(url, warning)

    def keep(self, url: str, folder: str, name: str, data: bytes, meta: Meta) -> None:
        """Save bytes taken from a fetched page (one message of a correspondence) as a file."""
        self._store(Fetched(url, 200, data, {}), folder, name, {"url": url, **meta})

    def _saved(self, known: Meta | None) -> Path | None:
        if known and known["outcome"] in DONE and known["path"]:
            path = self.root / known["path"]
            return path if path.is_file() else None
        return None

    def _get(
        self, url: str, base: Meta, etag: str | None, modified: str | None, record: bool
    ) -> Fetched | None:
        """The response, or None after recording why there is none.

        With `record` False (a saved copy exists and stays valid) a failure is only counted
        as `stale`, so the manifest keeps pointing at the saved file.
        """
        if self.on_fetch:
            self.on_fetch(url)
        try:
            fetched = self.client.get(url, etag, modified)
        except NotFetched as exc:
            self._note(base, exc.outcome, str(exc), None, record)
            return None
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            self._note(base, "unreachable", f"host unreachable: {describe(exc)}", None, record)
            return None
        except (httpx.HTTPError, RetryableStatus, TooLarge, DeadlineExceeded, OSError) as exc:
            self._note(base, "failed", describe(exc), None, record)
            return None
        if fetched.status >= 400:
            outcome = status_outcome(fetched.status)
            self._note(base, outcome, f"HTTP {fetched.status}", fetched.status, record)
            return None
        return fetched

    def _note(
        self, base: Meta, outcome: str, reason: str, status: int | None, record: bool = True
    ) -> None:
        if record:
            self.manifest.put(**base, http_status=status, outcome=outcome, reason=reason)
            with self._lock:
                self.problems.append((outcome, str(base["url"]), reason))
        self.count(outcome if record else "stale", str(base["url"]))

    def _store(self, fetched: Fetched, folder: str, name: str | None, base: Meta) -> bytes | None:
        data, headers, url = fetched.content, fetched.headers, str(base["url"])
        filename = safe_name(
            disposition_filename(headers) or name or PurePosixPath(urlsplit(url).path).name
        )
        media_type = _media_type(data, filename)
        declared = _declared_type(headers)
        if _is_binary_document(declared) and media_type in ("text/html", "text/plain"):
            reason = f"content_mismatch: server said {declared}; the bytes are {media_type}"
            self._note(base, "failed", reason, fetched.status)
            return None
        digest = hashlib.sha256(data).hexdigest()
        row: Meta = {
            **base,
            "sha256": digest,
            "media_type": media_type,
            "http_status": str(fetched.status),
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "reason": f"server said {declared}; the bytes are {media_type}"
            if declared and declared != media_type
            else None,
        }
        with self._lock:
            existing = self.manifest.path_of_hash(digest)
            if existing and (self.root / existing).is_file():
                mine = self.manifest.owner_of(existing) == url
                self.manifest.put(**row, path=existing, outcome="fetched" if mine else "duplicate")
                outcome = "not_modified" if mine else "duplicate"
            else:
                target = self._write(folder, filename, data, digest, url)
                relative = target.relative_to(self.root).as_posix()
                self.manifest.put(**row, path=relative, outcome="fetched")
                outcome = "fetched"
        self.count(outcome, url)
        return data

    def _write(self, folder: str, filename: str, data: bytes, digest: str, url: str) -> Path:
        """Write `data` under its final name in `folder`, atomically."""
        target = self._target(folder, filename, digest, url)
        if target.is_file() and _sha256(target) == digest:
            return target  # written by a run that died before its manifest row
        partial = target.with_name(f".{target.name}{PART}")
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        return target

    def _target(self, folder: str, filename: str, digest: str, url: str) -> Path:
        """The first free name in `folder`: one no other URL's file has, or one with our bytes."""
        directory = (self.root / "/".join(safe_name(part) for part in folder.split("/"))).resolve()
        if not directory.is_relative_to(self.root):
            raise ValueError(f"folder escapes the output: {folder}")
        directory.mkdir(parents=True, exist_ok=True)
        stem, suffix = PurePosixPath(filename).stem, PurePosixPath(filename).suffix
        for number in range(10_000):
            target = directory / (f"{stem}-{number}{suffix}" if number else filename)
            if not target.exists():
                return target
            owner = self.manifest.owner_of(target.relative_to(self.root).as_posix())
            if owner in (None, url) and (owner == url or _sha256(target) == digest):
                return target
        raise OSError(f"no free file name for {filename} in {directory}")
