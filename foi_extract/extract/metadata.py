"""A response's own reference and date, from its labels, message headers, e-mail or letterhead.

Documents carry many dates (received, acknowledged, due, responded, published, reviewed) and
sometimes other requests' references; only the response's own are wanted. The date is read,
strongest evidence first, from:

1. a label that names the response's date ("Date responded", "Response date", "Date of response");
2. the messages of a thread (`Document.messages`, whose roles ingest set): on a WhatDoTheyKnow
   page the council's last message that is not an acknowledgement; an e-mail's own Date header
   (or, for a forward or an e-mail the council did not send, the first council message quoted
   in it, "From: ... Sent: ...");
3. a letter's "Date:" label; 4. a date alone on a line at the top; 5. a publication date;
6. the first full date that ends a line at the top, with no label or request word before it.

A thread whose council messages are all acknowledgements has no response date: null, never the
request's date. Rules are in rules/metadata.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from functools import cached_property

from foi_extract.document import Cell, Document, Message
from foi_extract.extract.dates import find_dates
from foi_extract.rules import ResponseDateRules, metadata_rules, resource_cache

LETTERHEAD_CHARS = 600
ACKNOWLEDGEMENT_CHARS = 500
"""An acknowledgement says so in a message's first lines; a response's closing paragraph may
promise to "respond within 20 working days" to a review without being one."""
DATE_WINDOW = 40
SALUTATION = re.compile(r"^[ \t]*(?:Dear|Annwyl)\b", re.MULTILINE)
WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"


@dataclass(frozen=True)
class _Patterns:
    reference_labels: list[re.Pattern[str]]
    reference_value: re.Pattern[str]
    reference_not_after: list[re.Pattern[str]]
    reference_shapes: list[re.Pattern[str]]
    response_labels: tuple[re.Pattern[str], ...]
    letter_labels: tuple[re.Pattern[str], ...]
    publication_labels: tuple[re.Pattern[str], ...]
    meeting: list[re.Pattern[str]]
    inline_not_after: list[re.Pattern[str]]
    separator: re.Pattern[str]
    label_line: re.Pattern[str]
    request_context: list[re.Pattern[str]]
    acknowledgement: list[re.Pattern[str]]
    acknowledgement_unless: list[re.Pattern[str]]
    forward_subject: list[re.Pattern[str]]
    months: re.Pattern[str]
    month_names: dict[str, str]


FLAGS = re.IGNORECASE | re.MULTILINE


def _compiled(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(pattern, FLAGS) for pattern in patterns]


def _labels(rules: ResponseDateRules, labels: list[str]) -> tuple[re.Pattern[str], ...]:
    """The labels where a label may stand, and the same labels inside a line before a colon."""
    alternatives = "|".join(f"(?:{label})" for label in labels)
    return (
        re.compile(f"{rules.label_start}(?:{alternatives})\\b", FLAGS),
        re.compile(f"(?<=\\S )(?:{alternatives})\\b(?=[ \\t]*:)", FLAGS),
    )


@resource_cache
def _patterns() -> _Patterns:
    rules = metadata_rules()
    dated = rules.response_date
    months = "|".join(sorted(dated.months, key=len, reverse=True))
    return _Patterns(
        reference_labels=_compiled(rules.reference.labels),
        reference_value=re.compile(rules.reference.value, FLAGS),
        reference_not_after=_compiled(rules.reference.not_after),
        reference_shapes=[re.compile(shape, re.MULTILINE) for shape in rules.reference.shapes],
        response_labels=_labels(dated, dated.response_labels),
        letter_labels=_labels(dated, dated.letter_labels),
        publication_labels=_labels(dated, dated.publication_labels),
        meeting=_compiled(dated.meeting),
        inline_not_after=_compiled(dated.inline_not_after),
        separator=re.compile(dated.separator, FLAGS),
        label_line=re.compile(dated.label_line, FLAGS),
        request_context=_compiled(dated.request_context),
        acknowledgement=_compiled(dated.acknowledgement),
        acknowledgement_unless=_compiled(dated.acknowledgement_unless),
        forward_subject=_compiled(dated.forward_subject),
        months=re.compile(rf"\b(\d{{1,2}})\s*({months})\b(?=\s*\d{{4}})", re.IGNORECASE),
        month_names={name.lower(): english for name, english in dated.months.items()},
    )


def _quoted(document: Document, start: int, end: int) -> bool:
    return document.styled(start, end, "quote")


# --- reference ---------------------------------------------------------------------------


def read_reference(document: Document) -> str | None:
    """The council's reference for the request ("FOI 13655", "31213209"), or None.

    The first labelled reference outside quoted messages, else a quoted one, else a
    reference-shaped token ("IOW-FOI-2025-0331") in the text or the e-mail's subject."""
    labelled = _labelled_references(document)
    if labelled:
        unquoted = [value for value, quoted in labelled if not quoted]
        return unquoted[0] if unquoted else labelled[0][0]
    for text in (document.text, document.metadata.get("subject", "")):
        for shape in _patterns().reference_shapes:
            if match := shape.search(text):
                return _clean_reference(match.group("value"))
    return None


def _labelled_references(document: Document) -> list[tuple[str, bool]]:
    """(value, quoted) of every labelled reference, in document order."""
    patterns, text = _patterns(), document.text
    found: dict[int, tuple[str, bool]] = {}
    for label in patterns.reference_labels:
        for match in label.finditer(text):
            before = text[max(0, match.start() - 40) : match.start()]
            if any(cue.search(before) for cue in patterns.reference_not_after):
                continue
            value = _value_in_next_cell(document, match) or patterns.reference_value.match(
                text, match.end()
            )
            if value and "\n" in text[match.end() : value.start("value")]:
                value = value if _alone_on_line(text, match.start(), match.end()) else None
            if value and (cleaned := _clean_reference(value.group("value"))):
                quoted = _quoted(document, match.start(), value.end())
                found.setdefault(match.start(), (cleaned, quoted))
    return [found[start] for start in sorted(found)]


def _labelled_cell(document: Document, label: re.Match[str]) -> Cell | None:
    """The cell after a label that ends its own cell ("Our reference | IOW-FOI-2025-0331" in a
    key/value table): where its value stands, read from Document.cells."""
    cell = document.cell_at(label.end() - 1)
    if cell is None or document.text[label.end() : cell.end].strip(" \t:#.–-"):
        return None
    return document.cell_beside(cell)


def _value_in_next_cell(document: Document, label: re.Match[str]) -> re.Match[str] | None:
    """The reference in the cell after its label's cell, if the label has one."""
    value_cell = _labelled_cell(document, label)
    if value_cell is None:
        return None
    return _patterns().reference_value.match(document.text, value_cell.start, value_cell.end)


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """True when the label at [start, end) is its line's only words ("Reference" above its
    value in a disclosure log), not the end of a sentence that runs on."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest = text[end : line_end if line_end >= 0 else len(text)]
    return len(text[line_start:start].strip()) <= 12 and not re.search(r"\w", rest)


def _clean_reference(value: str) -> str | None:
    cleaned = re.sub(r"\s+", " ", value).strip(" .,:;/-")
    return cleaned if any(char.isdigit() for char in cleaned) else None


# --- response date -----------------------------------------------------------------------


class _Reader:
    """Reads one document's response date; each source of evidence is one method."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.patterns = _patterns()

    @cached_property
    def forward(self) -> bool:
        subject = self.document.metadata.get("subject", "")
        return any(cue.search(subject) for cue in self.patterns.forward_subject)

    def read(self) -> str | None:
        if found := self.labelled(self.patterns.response_labels):
            return found
        thread = self.thread()
        if thread is not None:
            return thread or None
        found = (
            self.labelled(self.patterns.letter_labels)
            or self.meeting()
            or self.standalone()
            or self.labelled(self.patterns.publication_labels)
        )
        return found or self.letterhead()

    def labelled(self, labels: tuple[re.Pattern[str], ...]) -> str | None:
        """The first date right after one of `labels`, outside quoted messages (a forward's
        quoted reply counts) and outside the header lines of a quoted e-mail."""
        standing, inline = labels
        matches = list(standing.finditer(self.text)) + [
            match
            for match in inline.finditer(self.text)
            if not any(
                cue.search(self.text[max(0, match.start() - 30) : match.start()])
                for cue in self.patterns.inline_not_after
            )
        ]
        for match in sorted(matches, key=lambda match: match.start()):
            if not self.forward and _quoted(self.document, match.start(), match.end()):
                continue
            if self._in_message_header(match.start()):
                continue
            value = self._date_at(self._separator_after(match))
            if value:
                return value
        return None

    def _separator_after(self, label: re.Match[str]) -> re.Match[str] | None:
        """What stands between a label and its date: in a key/value table whose label ends its
        cell, up to the next cell's start; else the separator the rules describe."""
        value_cell = _labelled_cell(self.document, label)
        start = value_cell.start if value_cell is not None else label.end()
        return self.patterns.separator.match(self.text, start)

    def _date_at(self, separator: re.Match[str] | None) -> str | None:
        if separator is None:
            return None
        window = _readable(self.text[separator.end() : separator.end() + DATE_WINDOW])
        dates = find_dates(window)
        if dates and dates[0].start == 0 and "-" in dates[0].value:
            return dates[0].value
        return None

    def _in_message_header(self, offset: int) -> bool:
        """True inside the header lines of a message ("From: ..." to "Subject: ...")."""
        message = self.document.message_at(offset)
        return message is not None and offset < message.body_start

    def thread(self) -> str | None:
        """The response date the messages give: '' when the document is a WhatDoTheyKnow
        thread whose council messages only acknowledge the request, None when the messages
        say nothing. An e-mail is dated by its header unless it forwards an earlier reply or
        was sent by someone else than the council (the requester's copy): then by the first
        council reply quoted in it. Who wrote each message is its role (set by ingest)."""
        messages = self.document.messages
        page = [m for m in messages if m.depth == 0 and m.date]
        if page and "from" not in self.document.metadata:
            replies = [m for m in page if m.role == "council" and not self._acknowledges(m)]
            last = max(replies, key=lambda m: (m.date or "", m.start), default=None)
            return (last.date or "") if last else ""
        quoted = [m for m in messages if m.depth > 0 and m.role == "council" and m.date]
        replies = [m for m in quoted if not self._acknowledges(m)]
        header = self.document.metadata.get("date")
        value = _header_date(header) if header else None
        from_council = any(m.depth == 0 and m.role == "council" for m in messages)
        if value and not self.forward and (from_council or not quoted):
            return value
        return replies[0].date if replies else None

    def _acknowledges(self, message: Message) -> bool:
        """True when a sentence of the message's opening promises a response to come (and
        is not about a review or a complaint)."""
        opening = self.text[message.body_start : message.end].strip()[:ACKNOWLEDGEMENT_CHARS]
        for sentence in re.split(r"(?<=[.!?])\s+|\n\s*\n", opening):
            promise = any(cue.search(sentence) for cue in self.patterns.acknowledgement)
            if promise and not any(
                c.search(sentence) for c in self.patterns.acknowledgement_unless
            ):
                return True
        return False

    def meeting(self) -> str | None:
        """The date of the meeting whose minutes the document is ("Minutes of the meeting held
        in the Council Chamber on Tuesday, 14 March 2024"), in its opening lines before any
        salutation: a letter that mentions a meeting is dated by its own date."""
        top = self.text[:LETTERHEAD_CHARS]
        salutation = SALUTATION.search(top)
        top = top[: salutation.start()] if salutation else top
        for cue in self.patterns.meeting:
            held = cue.search(top)
            if held is not None:
                return self._date_at(self.patterns.separator.match(self.text, held.end()))
        return None

    def standalone(self) -> str | None:
        """A full date that is a whole line at the top of the document (a letter's date), unless
        the line above labels it ("Date received", "Published")."""
        lines = self.text[:LETTERHEAD_CHARS].split("\n")
        offset, previous = 0, ""
        for line in lines[:-1]:
            start, offset = offset, offset + len(line) + 1
            words = line.strip()
            if not words:
                continue
            value = _day(words)
            whole = value is not None and _is_whole_date(words)
            quoted = _quoted(self.document, start, offset - 1)
            if whole and not quoted and not self.patterns.label_line.search(previous):
                return value
            previous = words
        return None

    def letterhead(self) -> str | None:
        """The first full date at the top of the document that ends its line ("Information
        Governance  Our ref: 123  19 July 2024"), outside tables and quotes, with no label or
        request word before it on its line."""
        top = self.text[:LETTERHEAD_CHARS]
        for found in find_dates(top):
            if found.value.count("-") != 2:
                continue
            if self.document.styled(found.start, found.end, "table") or _quoted(
                self.document, found.start, found.end
            ):
                continue
            line_start = top.rfind("\n", 0, found.start) + 1
            line_end = top.find("\n", found.end)
            before = top[line_start : found.start]
            after = top[found.end : line_end if line_end >= 0 else len(top)]
            if after.strip() or self.patterns.label_line.search(before):
                continue
            if not any(cue.search(before) for cue in self.patterns.request_context):
                return found.value
        return None


def _readable(text: str) -> str:
    """`text` with a glued day ("12June 2023"), a stray caret or comma ("24^th October",
    "30, September") and Welsh month names ("21 Mai 2024") made readable. Offsets after the
    first change move: only for reading a value, not a span."""
    patterns = _patterns()
    text = re.sub(r"\b(\d{1,2})\^?(st|nd|rd|th)\b", r"\1\2", text, flags=re.I)  # "24^th"
    text = re.sub(rf"\b(\d{{1,2}}),\s+(?={MONTH_WORD}\b)", r"\1 ", text, flags=re.I)  # "30, May"
    unglued = re.sub(rf"\b(\d{{1,2}})(?={MONTH_WORD}\s+\d{{4}})", r"\1 ", text, flags=re.I)
    return patterns.months.sub(
        lambda match: f"{match.group(1)} {patterns.month_names[match.group(2).lower()]}", unglued
    )


def _day(text: str) -> str | None:
    dates = find_dates(_readable(text.strip()))
    return dates[0].value if dates and dates[0].value.count("-") == 2 else None


def _is_whole_date(line: str) -> bool:
    """True when `line` is one date and nothing else (a weekday before it is allowed)."""
    readable = _readable(line)
    dates = find_dates(readable)
    if len(dates) != 1:
        return False
    rest = readable[: dates[0].start] + readable[dates[0].end :]
    return not re.sub(rf"\b{WEEKDAY}\b|[\s,.]", "", rest, flags=re.I)


def _header_date(header: str) -> str | None:
    try:
        return parsedate_to_datetime(header).date().isoformat()
    except (TypeError, ValueError):
        return _day(header)


def read_response_date(document: Document) -> str | None:
    """The date the response was sent, at the precision written, or None."""
    return _Reader(document).read()


def response_day(value: str | None) -> date | None:
    """The response date as a day, to read relative dates against; None unless it is a full
    date (a month alone cannot say which financial year "this financial year" is)."""
    if value is None or value.count("-") != 2:
        return None
    return date.fromisoformat(value)
