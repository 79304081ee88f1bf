"""Tell what a file is from its content: the evidence that beats a file's extension.

`sniff` returns a media type or None. Text formats (HTML, e-mail, plain text) are recognised by
their opening; containers by their members (a DOCX and an XLSX are both ZIPs).
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import PurePosixPath

import olefile

from foi_extract.ingest.vocabulary import load

PDF = "application/pdf"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML = "text/html"
EMAIL = "message/rfc822"
TEXT = "text/plain"
OLE = "application/x-ole-storage"
OLE_STREAMS = (
    ("WordDocument", "application/msword"),
    ("Workbook", "application/vnd.ms-excel"),
    ("Book", "application/vnd.ms-excel"),  # Excel 5/95
    ("__properties_version1.0", "application/vnd.ms-outlook"),
    ("PowerPoint Document", "application/vnd.ms-powerpoint"),
)
"""A stream (or storage) at the top of an OLE2 file, and the format it marks."""
EMAIL_HEAD = 16384
"""Bytes read for an e-mail's header block (long Received chains run to several KB)."""

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):[ \t]?(.*)$")
_CONTINUATION = re.compile(rb"^[ \t]+\S")
_EMAIL_HEADERS = {
    b"return-path", b"received", b"from", b"to", b"cc", b"subject", b"date", b"mime-version",
    b"message-id", b"delivered-to", b"reply-to", b"content-type", b"x-mailer", b"sender",
}  # fmt: skip
_HTML_OPENINGS = (b"<!doctype html", b"<html")
_HTML_TAGS = (b"<html", b"<head", b"<body")


def sniff(data: bytes, name: str = "") -> str | None:
    """The media type the content shows, or None when it shows nothing recognisable."""
    head = data[:4096]
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_type(data)
    if b"%PDF-" in data[:1024]:
        return PDF
    for signature in load("signatures")["magic"]:
        if head.startswith(bytes.fromhex(signature["hex"])):
            return _refine_ole(signature["media_type"], name, data)
    if not looks_like_text(head):
        return None
    if looks_like_html(head):
        return HTML
    if looks_like_email(data[:EMAIL_HEAD]):
        return EMAIL
    return TEXT


def zip_members(data: bytes) -> list[str] | None:
    """Names inside a ZIP container, or None when it is not a readable one."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None


def _zip_type(data: bytes) -> str | None:
    """DOCX, XLSX, OpenDocument or plain ZIP; None for a damaged one (its name decides)."""
    members = zip_members(data)
    if members is None:
        return None
    if "word/document.xml" in members:
        return DOCX
    if "xl/workbook.xml" in members:
        return XLSX
    if members and members[0] == "mimetype":  # OpenDocument names its own type first
        with zipfile.ZipFile(BytesIO(data)) as archive:
            declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        return declared or ZIP
    return ZIP


def _refine_ole(media_type: str, name: str, data: bytes) -> str:
    """An OLE2 container is a legacy Word, Excel or Outlook file: the streams it holds say
    which, else its extension."""
    if media_type != OLE:
        return media_type
    streams = _ole_streams(data)
    for stream, kind in OLE_STREAMS:
        if stream in streams:
            return kind
    by_extension: dict[str, str] = load("signatures")["ole_by_extension"]
    return by_extension.get(PurePosixPath(name.lower()).suffix, OLE)


def _ole_streams(data: bytes) -> set[str]:
    """Names of the top-level streams and storages of an OLE2 file (empty when unreadable)."""
    try:
        with olefile.OleFileIO(data) as ole:
            return {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises many kinds of error on damaged files
        return set()


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes and almost no control characters: text in some 8-bit or UTF-8 encoding."""
    if head.startswith(BOMS):
        return True
    if not head or b"\x00" in head:
        return False
    control = sum(byte < 9 or 13 < byte < 32 for byte in head if byte != 0x1B)
    return control / len(head) < 0.02


def looks_like_email(head: bytes) -> bool:
    """RFC 822: the file opens with a header block holding at least two well-known headers."""
    known = 0
    lines = _strip_bom(head).lstrip(b"\r\n").splitlines()
    if len(head) == EMAIL_HEAD:
        lines = lines[:-1]  # the last line may be cut short
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]  # an mbox envelope line
    for line in lines:
        if not line.strip():
            break
        match = _HEADER_LINE.match(line)
        if match:
            known += match.group(1).lower() in _EMAIL_HEADERS
        elif not _CONTINUATION.match(line):
            return False
    return known >= 2


def looks_like_html(head: bytes) -> bool:
    """Opens with a doctype, <html> or an XML prolog of XHTML, or names html/head/body early."""
    start = _strip_bom(head).lstrip()[:1024].lower()
    if start.startswith(_HTML_OPENINGS):
        return True
    return start.startswith(b"<") and any(tag in start for tag in _HTML_TAGS)


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(BOMS[0]) else head
