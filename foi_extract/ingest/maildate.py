"""The day a message header gives, as an ISO date: "Wed, 09 Oct 2024 10:15:00 +0100",
"Sent: 02 October 2024 16:40", "On 2 Oct 2024 at 16:40, X wrote:", WhatDoTheyKnow's
"4 November 2019", ISO "2019-11-04" and, on its Welsh pages, "31 Awst 2022" (the Welsh months of
rules/metadata.toml)."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

from foi_extract.rules import metadata_rules

_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def message_date(value: str) -> str | None:
    """The ISO day in a header value or attribution line, or None when it names no full day."""
    try:
        return parsedate_to_datetime(value.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for pattern, order in ((_DAY_MONTH_YEAR, (0, 1)), (_MONTH_DAY_YEAR, (1, 0))):
        for match in pattern.finditer(value):
            month = _month(match.group(order[1] + 1))
            if month and (
                found := _day(int(match.group(3)), month, int(match.group(order[0] + 1)))
            ):
                return found
    iso = _ISO.search(value)
    if iso:
        return _day(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    numeric = _NUMERIC.search(value)
    if numeric:  # UK order: day first
        return _day(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
    return None


def _month(word: str) -> int | None:
    word = word.lower()
    word = metadata_rules().response_date.months.get(word, word).lower()
    found = [
        number for number, name in enumerate(_MONTHS, 1) if len(word) >= 3 and name.startswith(word)
    ]
    return found[0] if len(found) == 1 else None


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
