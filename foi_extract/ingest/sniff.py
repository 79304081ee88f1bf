"""Guess what a file is from its first bytes: the evidence ingestors' `magic` checks use."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_EMAIL_HEADER = re.compile(
    rb"^(Return-Path|Received|From|To|Subject|Date|MIME-Version|Message-ID|Delivered-To):",
    re.IGNORECASE | re.MULTILINE,
)


def zip_members(data: bytes) -> list[str]:
    """Names inside a ZIP container (DOCX and XLSX are ZIPs), or [] when it is not one."""
    if not data.startswith(b"PK\x03\x04"):
        return []
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return []


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes and mostly printable: a text file in some encoding."""
    if head.startswith(_BOMS):
        return True
    if not head or b"\x00" in head:
        return False
    control = sum(byte < 9 or 13 < byte < 32 for byte in head)
    return control / len(head) < 0.02


def looks_like_email(head: bytes) -> bool:
    """At least two RFC 822 headers in the first lines."""
    return len(_EMAIL_HEADER.findall(head[:4096])) >= 2


def looks_like_html(head: bytes) -> bool:
    start = head[:1024].lstrip().lower()
    if start.startswith(_BOMS[0]):
        start = start[3:].lstrip()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:512]
