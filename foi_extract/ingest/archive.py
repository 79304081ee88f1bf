"""ZIP archives (a council's bundle, WhatDoTheyKnow's download of a request): members as children.

Members are read in memory, never written to disk nor used as paths, within limits on count,
total size, compression ratio and nesting depth. The total size is one budget for the whole
ingestion, so archives nested in archives share it; every member's declared size is checked
against what is left before it is read, and the bytes actually read are counted whether the
member turns out good or bad. The archive's own text lists its members.
"""

from __future__ import annotations

import io
import re
import struct
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
RATIO_FLOOR = 64 * 1024
"""Members expanding to at most this many bytes are read whatever their compression ratio: a
small file of repeated text compresses very well, and a bomb needs more."""
READ_CHUNK = 1024 * 1024
"""Members are decompressed this many bytes at a time, each chunk counted as it is read."""
UTF8_FLAG = 0x800
"""The general-purpose flag bit that says a member's name is UTF-8."""
EOCD_SIGNATURE = b"PK\x05\x06"
CENTRAL_SIGNATURE = b"PK\x01\x02"
CENTRAL_HEADER = struct.Struct("<4s4xH18xHHH8xI")
"""Of a central directory entry: signature, flags, name, extra and comment lengths, and the
offset of the member's local header."""
LOCAL_FLAGS_OFFSET = 6
_UNSAFE_NAME_PARTS = re.compile(r"^[A-Za-z]:|[\x00-\x1f\x7f]")


class ZipOverBudget(IngestError):
    """The archive budget (`IngestLimits.max_zip_total_bytes`) ran out: read no more members."""


class ZipIngestor(Ingestor):
    media_types = (ZIP,)
    extensions = (".zip",)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        archive = _open(data)
        members = [info for info in archive.infolist() if _is_content(info)]
        limits = context.limits
        listing = TextBuilder()
        listing.text("\n".join(f"{info.filename} ({info.file_size} bytes)" for info in members))
        listing.apply(document)
        if len(members) > limits.max_zip_members:
            _set_error(
                document,
                f"zip member limit reached ({limits.max_zip_members}): "
                f"the first {limits.max_zip_members} of {len(members)} members were read",
            )
            members = members[: limits.max_zip_members]
        for number, info in enumerate(members):
            try:
                member = _read_member(archive, info, context)
            except ZipOverBudget as exc:
                context.failed(_safe_name(info.filename, number), str(exc), document)
                _skip_rest(members, number + 1, document, context)
                return
            except IngestError as exc:
                context.failed(_safe_name(info.filename, number), str(exc), document)
                continue
            _add_child(member, info.filename, number, document, context)


def _open(data: bytes) -> zipfile.ZipFile:
    """The archive; names wrongly flagged as UTF-8 are read as cp437, like unflagged ones."""
    try:
        try:
            return zipfile.ZipFile(io.BytesIO(data))
        except UnicodeDecodeError:
            return zipfile.ZipFile(io.BytesIO(_clear_bad_utf8_flags(data)))
    except (zipfile.BadZipFile, ValueError, EOFError, struct.error) as exc:
        raise IngestError(f"corrupt ZIP archive: {exc}") from exc


def _clear_bad_utf8_flags(data: bytes) -> bytes:
    """A copy of `data` without the UTF-8 flag on members whose names are not UTF-8.

    Walks the central directory the end record points at; a ZIP this cannot walk (ZIP64, data
    before the archive) is returned unchanged and reported as corrupt by the caller.
    """
    patched = bytearray(data)
    end = data.rfind(EOCD_SIGNATURE)
    if end < 0:
        return data
    (offset,) = struct.unpack_from("<I", data, end + 16)
    while data[offset : offset + 4] == CENTRAL_SIGNATURE:
        _, flags, name_len, extra_len, comment_len, local = CENTRAL_HEADER.unpack_from(data, offset)
        name = data[offset + CENTRAL_HEADER.size : offset + CENTRAL_HEADER.size + name_len]
        if flags & UTF8_FLAG and not _is_utf8(name):
            struct.pack_into("<H", patched, offset + 8, flags & ~UTF8_FLAG)
            (local_flags,) = struct.unpack_from("<H", data, local + LOCAL_FLAGS_OFFSET)
            struct.pack_into("<H", patched, local + LOCAL_FLAGS_OFFSET, local_flags & ~UTF8_FLAG)
        offset += CENTRAL_HEADER.size + name_len + extra_len + comment_len
    return bytes(patched)


def _is_utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_content(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    return not (
        info.is_dir()
        or name.startswith(SKIPPED_PREFIXES)
        or name.rsplit("/", 1)[-1] in SKIPPED_NAMES
    )


def _safe_name(name: str, number: int) -> str:
    """A member's name as a plain relative path: no drive, root, `.` or `..` parts, no control
    characters, so `../../etc/passwd` is named `etc/passwd` (the `number`th member when nothing
    is left)."""
    parts = _UNSAFE_NAME_PARTS.sub("", name.replace("\\", "/")).split("/")
    kept = [part for part in parts if part not in ("", ".", "..")]
    return "/".join(kept) or f"member-{number + 1}"


def _add_child(data: bytes, name: str, number: int, archive: Document, context: Ingest) -> None:
    """Ingest a member as the archive's child, under its safe name (the raw one kept aside)."""
    safe = _safe_name(name, number)
    child = context.child(data, safe, archive)
    if safe != name:
        child.metadata["archive_name"] = name


def _skip_rest(
    members: list[zipfile.ZipInfo], start: int, archive: Document, context: Ingest
) -> None:
    """Error rows for the members after the one that ran out of budget; they are not read."""
    limit = context.limits.max_zip_total_bytes
    for number in range(start, len(members)):
        context.failed(_safe_name(members[number].filename, number), _over_budget(limit), archive)
    _set_error(
        archive,
        f"zip total size limit reached ({limit} bytes): {len(members) - start + 1} of "
        f"{len(members)} members were not read",
    )


def _set_error(document: Document, reason: str) -> None:
    """Mark the archive as an error, keeping an earlier reason (the member limit) too."""
    earlier = document.error if document.status == "error" and document.error else None
    unfinished = earlier is not None and earlier.startswith("ingestion did not finish")
    document.status = "error"
    document.error = f"{earlier}; {reason}" if earlier and not unfinished else reason


def _over_budget(limit: int) -> str:
    return f"zip total size limit reached ({limit} bytes): not read"


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, context: Ingest) -> bytes:
    """A member's bytes, refused by declared size first, then read in counted chunks up to what
    the ratio and the budget allow: declared sizes in a hostile ZIP may lie."""
    limits = context.limits
    left = limits.max_zip_total_bytes - context.archive_bytes
    ceiling = max(info.compress_size * limits.max_zip_ratio, RATIO_FLOOR)
    if info.file_size > left:
        raise ZipOverBudget(_over_budget(limits.max_zip_total_bytes))
    if info.file_size > ceiling:
        raise IngestError(_bomb(limits))
    allowed = min(left, ceiling)
    data = _read_counted(archive, info, allowed + 1, context)
    if len(data) > allowed:
        if allowed == left:
            raise ZipOverBudget(_over_budget(limits.max_zip_total_bytes))
        raise IngestError(_bomb(limits))
    return data


def _bomb(limits: IngestLimits) -> str:
    return (
        f"refused as a possible zip bomb: expands over {limits.max_zip_ratio} times its "
        "compressed size"
    )


def _read_counted(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, most: int, context: Ingest
) -> bytes:
    """Up to `most` bytes of a member, each chunk added to the ingestion's archive bytes."""
    chunks: list[bytes] = []
    got = 0
    try:
        with archive.open(info) as stream:
            while got < most:
                chunk = stream.read(min(READ_CHUNK, most - got))
                if not chunk:
                    break
                context.archive_bytes += len(chunk)
                got += len(chunk)
                chunks.append(chunk)
    except RuntimeError as exc:  # zipfile's "encrypted, password required"
        raise IngestError(f"cannot read archive member: {exc}") from exc
    except (
        zipfile.BadZipFile,
        NotImplementedError,
        zlib.error,
        EOFError,
        OSError,
        UnicodeDecodeError,
    ) as exc:
        raise IngestError(f"cannot read archive member: {exc}") from exc
    return b"".join(chunks)
