"""Dates as sites print them ("1 March 2024", "01/03/2024", "2024-03-01T09:00") to ISO, so
the manifest's `message_date` is valid as a document's `response_date`."""

from __future__ import annotations

import re

from foi_extract.extract.dates import find_dates

_ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def iso_date(text: str | None) -> str | None:
    """The first date in `text` as ISO at the precision given, or None."""
    if not text:
        return None
    iso = _ISO_DAY.match(text)
    if iso:
        return iso.group(1)
    found = find_dates(text)
    return found[0].value if found else None
