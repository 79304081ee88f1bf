"""ZIP archives (a council's bundle, WhatDoTheyKnow's download of a request): members as children.

Members are read in memory, never written to disk nor used as paths, within limits on count,
total size, compression ratio and nesting depth. The archive's own text lists its members.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import TYPE_CHECKING

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, IngestLimits, Ingestor
from foi_extract.ingest.sniff import ZIP
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

SKIPPED_PREFIXES = ("__MACOSX/",)
SKIPPED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")
SMALL_MEMBER = 1024 * 1024
"""Members up to this size are read whatever their compression ratio (a bomb needs more)."""


class ZipIngestor(Ingestor):
    media_types = (ZIP,)
    extensions = (".zip",)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = [info for info in archive.infolist() if _is_content(info)]
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise IngestError(f"corrupt ZIP archive: {exc}") from exc
        limits = context.limits
        listing = TextBuilder()
        listing.text("\n".join(f"{info.filename} ({info.file_size} bytes)" for info in members))
        listing.apply(document)
        if len(members) > limits.max_zip_members:
            document.status = "error"
            document.error = (
                f"zip member limit reached ({limits.max_zip_members}): "
                f"the first {limits.max_zip_members} of {len(members)} members were read"
            )
            members = members[: limits.max_zip_members]
        budget = limits.max_zip_total_bytes
        for info in members:
            try:
                member = _read_member(archive, info, limits, budget)
            except IngestError as exc:
                context.failed(info.filename, str(exc), document)
                continue
            budget -= len(member)
            context.child(member, info.filename, document)


def _is_content(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    return not (
        info.is_dir()
        or name.startswith(SKIPPED_PREFIXES)
        or name.rsplit("/", 1)[-1] in SKIPPED_NAMES
    )


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: IngestLimits, budget: int
) -> bytes:
    """A member's bytes, read in bounded chunks: declared sizes in a hostile ZIP may lie."""
    allowed = min(budget, max(info.compress_size * limits.max_zip_ratio, SMALL_MEMBER))
    try:
        with archive.open(info) as stream:
            data = stream.read(allowed + 1)
    except RuntimeError as exc:  # zipfile's "encrypted, password required"
        raise IngestError(f"cannot read archive member: {exc}") from exc
    except (zipfile.BadZipFile, NotImplementedError, zlib.error, EOFError, OSError) as exc:
        raise IngestError(f"cannot read archive member: {exc}") from exc
    if len(data) > allowed:
        if allowed == budget:
            raise IngestError(
                f"zip total size limit reached ({limits.max_zip_total_bytes} bytes): not read"
            )
        raise IngestError(
            f"refused as a possible zip bomb: expands over {limits.max_zip_ratio} times its "
            "compressed size"
        )
    return data
