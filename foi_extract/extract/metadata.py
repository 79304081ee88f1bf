"""A response's own reference number and date, from its letterhead, body or e-mail headers."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

from foi_extract.document import Document
from foi_extract.extract.dates import find_dates
from foi_extract.rules import metadata_rules, resource_cache

LETTERHEAD_CHARS = 600


@resource_cache
def _reference_patterns() -> list[re.Pattern[str]]:
    return [re.compile(pattern, re.IGNORECASE) for pattern in metadata_rules().reference]


@resource_cache
def _date_cue() -> re.Pattern[str]:
    cues = "|".join(f"(?:{cue})" for cue in metadata_rules().date_cues)
    return re.compile(cues, re.IGNORECASE | re.MULTILINE)


def read_reference(document: Document) -> str | None:
    """The council's reference for the request ("FOI 13655", "31213209"), or None."""
    text = document.text
    for pattern in _reference_patterns():
        match = pattern.search(text)
        if match:
            return re.sub(r"\s+", " ", match.group("value")).strip(" .,:;")
    return None


def read_response_date(document: Document) -> str | None:
    """The date the response was sent, at the precision written, or None.

    A date after a cue ("Date:", "Publication date:") wins; then the e-mail's Date header; then
    the first full date in the letterhead.
    """
    text = document.text
    for cue in _date_cue().finditer(text):
        dates = find_dates(text[cue.end() : cue.end() + 60])
        if dates and dates[0].start < 40 and "-" in dates[0].value:
            return dates[0].value
    header = document.metadata.get("date")
    if header:
        try:
            return parsedate_to_datetime(header).date().isoformat()
        except (TypeError, ValueError):
            pass
    full = [
        date
        for date in find_dates(text[:LETTERHEAD_CHARS])
        if date.value.count("-") == 2 and not document.styled(date.start, date.end, "table")
    ]
    return full[0].value if full else None


def response_day(value: str | None) -> date | None:
    """The response date as a day, to read relative dates against; None unless it is a full
    date (a month alone cannot say which financial year "this financial year" is)."""
    if value is None or value.count("-") != 2:
        return None
    return date.fromisoformat(value)
