"""ZIP archives (a council's bundle, WhatDoTheyKnow's download of a request): members as children.

Members are read in memory, never written under their own names, within limits on count, total
size, compression ratio and nesting depth.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")


class ZipIngestor(Ingestor):
    media_types = ("application/zip",)
    extensions = (".zip",)

    @classmethod
    def magic(cls, data: bytes) -> bool:
        return data.startswith(b"PK\x03\x04")

    @classmethod
    def score(cls, data: bytes, extension: str) -> int:
        # Below DOCX/XLSX, which are ZIPs too and say so with their own magic.
        return 8 if cls.magic(data) else (5 if extension in cls.extensions else 0)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        limits = context.limits
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise IngestError(f"corrupt ZIP archive: {exc}") from exc
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith(SKIPPED)
        ]
        listing = TextBuilder()
        listing.text("\n".join(f"{info.filename} ({info.file_size} bytes)" for info in members))
        listing.apply(document)
        if len(members) > limits.max_zip_members:
            raise IngestError(
                f"zip member limit reached ({len(members)} > {limits.max_zip_members})"
            )
        total = sum(info.file_size for info in members)
        if total > limits.max_zip_total_bytes or total > limits.max_zip_ratio * max(len(data), 1):
            raise IngestError(f"zip would expand to {total} bytes: refused as a possible zip bomb")
        document.status, document.error = "ok", None
        for info in members:
            try:
                member = archive.read(info)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
                child = Document(
                    doc_id=f"unreadable:{document.doc_id}:{info.filename}",
                    source_path=f"{document.source_path}!/{info.filename}",
                    media_type="application/octet-stream",
                    parent_doc_id=document.doc_id,
                    status="error",
                    error=f"cannot read archive member: {exc}",
                )
                context.documents.append(child)
                continue
            context.child(member, info.filename, document)
