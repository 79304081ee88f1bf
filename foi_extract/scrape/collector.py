"""Download files into the output folder: safe names, atomic writes, dedupe by content hash,
and a manifest row for every URL whatever happened to it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from foi_extract.ingest.manager import choose_ingestor
from foi_extract.scrape.http import PoliteClient, RetryableStatus, RobotsDisallowed, TooLarge
from foi_extract.scrape.manifest import Manifest

DONE = ("fetched", "duplicate", "not_modified")


def safe_name(name: str, fallback: str = "file") -> str:
    """A file name that cannot leave its folder: no separators, no leading dots, short."""
    name = unquote(name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).lstrip("._")[:120]
    return name or fallback


def _validators(known: dict[str, str | None] | None) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified of an earlier fetch, for a conditional GET."""
    return (known["etag"], known["last_modified"]) if known else (None, None)


def _disposition_name(headers: dict[str, str]) -> str | None:
    match = re.search(
        r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', headers.get("content-disposition", "")
    )
    return match.group(1) if match else None


@dataclass
class Collector:
    """Fetches URLs into `root` and records each in the manifest."""

    client: PoliteClient
    root: Path
    manifest: Manifest = field(init=False)
    counts: dict[str, int] = field(default_factory=dict)
    on_outcome: Callable[[str, str], None] | None = None

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.manifest = Manifest(self.root)

    def _count(self, outcome: str, url: str = "") -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if self.on_outcome:
            self.on_outcome(outcome, url)

    def collect(
        self, url: str, folder: str, name: str | None = None, **meta: str | None
    ) -> bytes | None:
        """Fetch `url` into `root/folder/` unless already done; return its bytes when fetched."""
        known = self.manifest.get(url)
        if (
            known
            and known["outcome"] in DONE
            and known["path"]
            and (self.root / known["path"]).exists()
        ):
            self._count("cached", url)
            return None
        base = {"url": url, "source": meta.pop("source", None), **meta}
        try:
            fetched = self.client.get(url, *(_validators(known)))
        except RobotsDisallowed:
            self.manifest.put(**base, outcome="robots_disallowed", reason="robots.txt disallows it")
            self._count("robots_disallowed", url)
            return None
        except (httpx.HTTPError, RetryableStatus, TooLarge, OSError) as exc:
            self.manifest.put(**base, outcome="failed", reason=f"{type(exc).__name__}: {exc}")
            self._count("failed", url)
            return None
        if fetched.not_modified and known:
            self.manifest.put(**{**known, "outcome": "not_modified"})
            self._count("not_modified", url)
            return None
        if fetched.status >= 400:
            self.manifest.put(
                **base,
                http_status=fetched.status,
                outcome="failed",
                reason=f"HTTP {fetched.status}",
            )
            self._count("failed", url)
            return None
        self._store(fetched.content, fetched.headers, url, folder, name, base, fetched.status)
        return fetched.content

    def _store(
        self,
        data: bytes,
        headers: dict[str, str],
        url: str,
        folder: str,
        name: str | None,
        base: dict[str, str | None],
        status: int,
    ) -> None:
        digest = hashlib.sha256(data).hexdigest()
        filename = safe_name(
            _disposition_name(headers) or name or PurePosixPath(urlsplit(url).path).name
        )
        ingestor = choose_ingestor(data, filename)
        media_type = ingestor.media_types[0] if ingestor else "application/octet-stream"
        row = {
            **base,
            "sha256": digest,
            "media_type": media_type,
            "http_status": str(status),
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
        }
        declared = headers.get("content-type", "").split(";")[0].strip()
        if declared and declared != media_type:
            row["reason"] = f"server said {declared}; the bytes are {media_type}"
        existing = self.manifest.path_of_hash(digest)
        if existing and (self.root / existing).exists():
            self.manifest.put(**row, path=existing, outcome="duplicate")
            self._count("duplicate", url)
            return
        target = self._target(folder, filename)
        partial = target.with_name(target.name + ".part")
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        self.manifest.put(**row, path=target.relative_to(self.root).as_posix(), outcome="fetched")
        self._count("fetched", url)

    def _target(self, folder: str, filename: str) -> Path:
        directory = (self.root / "/".join(safe_name(part) for part in folder.split("/"))).resolve()
        if not directory.is_relative_to(self.root):
            raise ValueError(f"folder escapes the output: {folder}")
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / filename
        stem, suffix, number = target.stem, target.suffix, 1
        while target.exists():
            target = directory / f"{stem}-{number}{suffix}"
            number += 1
        return target
