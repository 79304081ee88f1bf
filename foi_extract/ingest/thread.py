"""E-mail threads: who wrote each quoted or forwarded message, so only the requester's is a quote.

A council's reply often carries earlier messages below it: the requester's request (which names
systems as examples, and must not be read as an answer) and sometimes the council's own earlier
reply ("Please see our original response below"), which holds the answers. Each quoted message
starts at a header (an Outlook "From:/Sent:" block, "-----Original Message-----", a forwarded
block, "On ... wrote:"); who wrote it is read from its sender, its recipient and its signature.
A message the council wrote is answer text; the requester's, and one nobody can vouch for, is
styled `quote`, as are the header lines themselves and anything quoted deeper inside a message.

`add_mail_text` builds an e-mail body with its '>' markers removed (their depth kept), and
`read_thread` then restyles the finished document's quoted messages by author and returns them
as `Message`s with their roles (`senders.py` decides who wrote each). Only style spans change:
the text, and so every offset, stays as built. What opens a message is in
`resources/email.json`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from foi_extract.document import (
    Document,
    Mailbox,
    Message,
    MessageRole,
    Style,
    StyleSpan,
    in_capitals,
)
from foi_extract.ingest.maildate import message_date
from foi_extract.ingest.senders import Parties, any_match, parse_mailbox, parse_mailboxes
from foi_extract.ingest.text_builder import TextBuilder
from foi_extract.ingest.vocabulary import load

DepthSpan = tuple[int, int, int]
"""(start, end, depth): a span of the text quoted `depth` levels deep ('>' markers, blockquotes)."""

_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)+ ?")
_TIME_OR_COMMA = re.compile(r",|\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_WRAP_WIDTH = 50


@cache
def _patterns(*keys: str) -> tuple[re.Pattern[str], ...]:
    entry: Any = load("email")
    for key in keys:
        entry = entry[key]
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in entry)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    depth: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class _Header:
    """The lines [first, last) that open a quoted message, and the correspondents they name."""

    first: int
    last: int
    sender: Mailbox | None
    recipient: Mailbox | None
    date: str | None = None


def add_mail_text(builder: TextBuilder, text: str) -> list[DepthSpan]:
    """Add an e-mail body without its '>' quote markers; lines quoted that way are styled quote.

    Returns the depth of every quoted stretch, for `restyle_thread`. A line without a marker
    between two quoted lines is a quoted line the sender's mail program wrapped.
    """
    lines = [_strip_markers(line) for line in text.replace("\r\n", "\n").split("\n")]
    depths = [depth for depth, _ in lines]
    for index in range(1, len(lines) - 1):
        if depths[index] == 0 and _wrapped(lines, index):
            depths[index] = depths[index - 1]
    spans: list[DepthSpan] = []
    index = 0
    while index < len(lines):
        depth = depths[index]
        run = index
        while run < len(lines) and depths[run] == depth:
            run += 1
        start = builder.length
        builder.text("\n".join(stripped for _, stripped in lines[index:run]), _quote(depth))
        if depth and builder.length > start:
            spans.append((start, builder.length, depth))
        index = run
    return spans


def _wrapped(lines: list[tuple[int, str]], index: int) -> bool:
    """A line without markers that continues the long, unfinished quoted line above it and is
    followed by another quoted line (an inline answer follows a finished question)."""
    (before, before_text), (_, text), (after, after_text) = lines[index - 1 : index + 2]
    before_text = before_text.rstrip()
    return bool(
        before
        and after
        and text.strip()
        and after_text.strip()
        and len(before_text) >= _WRAP_WIDTH
        and not before_text.endswith((".", "?", "!", ":", ";"))
    )


def _strip_markers(line: str) -> tuple[int, str]:
    markers = _QUOTE_MARKERS.match(line)
    if markers is None:
        return 0, line
    return markers.group(0).count(">"), line[markers.end() :]


def _quote(depth: int) -> list[Style]:
    return ["quote"] if depth else []


def has_thread(text: str) -> bool:
    """True when `text` holds an e-mail header or a quoted earlier message (a pasted e-mail)."""
    unmarked = "\n".join(_strip_markers(line)[1] for line in text.split("\n"))
    lines = _split_lines(unmarked, 0, len(unmarked), ())
    return any(_header_at(lines, index) for index in range(len(lines)))


def read_thread(
    document: Document,
    parties: Parties,
    depths: Sequence[DepthSpan] = (),
    start: int = 0,
    end: int | None = None,
) -> list[Message]:
    """The quoted messages in `document.text[start:end]`, styled by who wrote them.

    The council's own lines (at its message's quoting depth) lose `quote`; the requester's or an
    unknown writer's message, every header and anything quoted deeper gain it. Text before the
    first quoted message is left as built. When the parties are not known (a pasted e-mail), a
    header that opens the region is the e-mail's own: it is styled quote and tells the parties.
    Each message runs from its header to the next one (depth 1: quoted or pasted in the text).
    """
    end = len(document.text) if end is None else end
    lines = _split_lines(document.text, start, end, depths)
    headers = _find_headers(lines)
    if not headers:
        return []
    changes: list[tuple[int, int, bool | None]] = []
    first_text = next((index for index, line in enumerate(lines) if not line.blank), 0)
    authored: list[tuple[_Header, int, MessageRole]] = []
    if headers[0].first == first_text and not parties.council and not parties.requester:
        opening = headers.pop(0)
        recipients = [opening.recipient] if opening.recipient else []
        parties = Parties.of_mailboxes(opening.sender, recipients)
        following = headers[0].first if headers else None
        authored.append((opening, *_message(lines, opening, following, parties)))
        changes += [(line.start, line.end, True) for line in lines[opening.first : opening.last]]
    quoted = [
        (header, *_message(lines, header, nxt.first if nxt else None, parties))
        for header, nxt in zip(headers, [*headers[1:], None], strict=True)
    ]
    reply = document.text[start : lines[headers[0].first].start]
    inline = answers_inline(reply)
    flags = _quoted_lines(lines, quoted, inline)
    changes += [(line.start, line.end, flag) for line, flag in zip(lines, flags, strict=True)]
    _restyle(document, changes)
    messages = _messages(document.text, lines, authored + quoted, end)
    if inline:
        answers = [(line.start, line.end) for line, flag in zip(lines, flags, strict=True)
                   if flag is False and not line.blank]  # fmt: skip
        messages = _with_inline_answers(messages, _merge(document.text, answers))
    return messages


def _with_inline_answers(messages: list[Message], answers: list[tuple[int, int]]) -> list[Message]:
    """The messages with each stretch of the council's answers typed into another writer's
    message cut out of it as a council message of its own (the rest keeps its writer)."""
    result = []
    for message in messages:
        inside = [(s, e) for s, e in answers if message.start <= s and e <= message.end]
        if message.role == "council" or not inside:
            result.append(message)
            continue
        cursor = message.start
        for s, e in inside:
            if s > cursor:
                body = max(min(message.body_start, s), cursor)
                result.append(replace(message, start=cursor, end=s, body_start=body))
            result.append(Message(s, e, s, "council", None, None, message.depth))
            cursor = e
        if cursor < message.end:
            result.append(replace(message, start=cursor, end=message.end, body_start=cursor))
    return result


def _messages(
    text: str, lines: list[_Line], authored: list[tuple[_Header, int, MessageRole]], end: int
) -> list[Message]:
    """A message per header, from the header to the next one (or `end`), trailing space cut."""
    messages = []
    for number, (header, _, role) in enumerate(authored):
        start = lines[header.first].start
        stop = lines[authored[number + 1][0].first].start if number + 1 < len(authored) else end
        stop = start + len(text[start:stop].rstrip())
        body = next((line.start for line in lines[header.last :] if not line.blank), stop)
        date = message_date(header.date) if header.date else None
        messages.append(Message(start, stop, min(body, stop), role, header.sender, date, 1))
    return messages


def _split_lines(text: str, start: int, end: int, depths: Sequence[DepthSpan]) -> list[_Line]:
    """The lines of text[start:end], each with the quoting depth of the span it lies in (the
    spans are paragraphs or runs of lines, so they never share a line)."""
    spans = sorted(depths)
    starts = [span[0] for span in spans]
    lines: list[_Line] = []
    offset = start
    for raw in text[start:end].split("\n"):
        line_end = offset + len(raw)
        depth = 0
        if raw.strip():
            index = bisect.bisect_right(starts, line_end - 1) - 1
            if index >= 0 and spans[index][1] > offset:
                depth = spans[index][2]
        lines.append(_Line(offset, line_end, depth, raw))
        offset = line_end + 1
    return lines


def answers_inline(reply: str) -> bool:
    """The reply says its answers stand inside the quoted request ("Our answers are shown in
    capitals under each of your questions below"; `inline_answers` in resources/email.json)."""
    return any(pattern.search(reply) for pattern in _patterns("inline_answers", "cues"))


CAPITALS_MIN_LETTERS = 12  # a line in capitals long enough to be an answer


def _quoted_lines(
    lines: list[_Line], headers: list[tuple[_Header, int, MessageRole]], inline: bool = False
) -> list[bool | None]:
    """For each line: True (quote), False (the council's: not quote) or None (leave as built).

    Messages nest: a header opens a message at the depth its text is quoted; a line quoted less
    deeply than the innermost open message closes it, and one quoted more deeply is a quote
    inside it. When the reply answers `inline`, a line of another writer's message that is
    quoted more deeply or written in capitals is the council's answer; unless the deeper lines
    are the questions ("> 2. Do you use ...?"): then the council marked the request and wrote
    its answers unmarked beneath, and the unmarked lines after the first marked one are its."""
    flags: list[bool | None] = [None] * len(lines)
    opens = {header.first: index for index, (header, _, _) in enumerate(headers)}
    closes = [header.first for header, _, _ in headers[1:]] + [len(lines)]
    stack: list[tuple[int, bool | None]] = [(0, None)]
    marked_questions = False  # the open message's deeper lines ask: its unmarked ones answer
    index = 0
    while index < len(lines):
        if index in opens:
            header, own_depth, author = headers[opens[index]]
            while stack and stack[-1][0] >= own_depth:
                stack.pop()
            stack.append((own_depth, author != "council"))
            body = lines[header.last : closes[opens[index]]]
            marked_questions = inline and _deeper_lines_ask(body, own_depth)
            for line_index in range(header.first, header.last):
                flags[line_index] = True
            index = header.last
            continue
        line = lines[index]
        if not line.blank:
            while len(stack) > 1 and line.depth < stack[-1][0]:
                stack.pop()
            own_depth, quoted = stack[-1]
            if marked_questions and quoted:
                flags[index] = line.depth > own_depth or not _after_marked(lines, index, own_depth)
                index += 1
                continue
            answer = (
                inline
                and quoted
                and (line.depth > own_depth or in_capitals(line.text, CAPITALS_MIN_LETTERS))
            )
            if answer:
                flags[index] = False
            elif line.depth > own_depth:
                flags[index] = True
            elif quoted is not None:
                flags[index] = quoted
        index += 1
    return flags


def _deeper_lines_ask(body: list[_Line], own_depth: int) -> bool:
    """A line of the message quoted deeper than its own text ends in a question mark."""
    return any(line.depth > own_depth and line.text.rstrip().endswith("?") for line in body)


def _after_marked(lines: list[_Line], index: int, own_depth: int) -> bool:
    """A line quoted deeper than `own_depth` stands before `index` in the same message."""
    for line in reversed(lines[:index]):
        if line.depth > own_depth and not line.blank:
            return True
        if line.depth < own_depth and not line.blank:
            return False
    return False


def _message(
    lines: list[_Line], header: _Header, following: int | None, parties: Parties
) -> tuple[int, MessageRole]:
    """The quoting depth of a quoted message's own text, and who wrote it."""
    body = lines[header.last : following]
    header_depth = lines[header.first].depth
    first = next((line for line in body if not line.blank), None)
    own_depth = max(first.depth, header_depth) if first else header_depth
    own_text = "\n".join(line.text for line in body if line.depth == own_depth)
    return own_depth, parties.role(header.sender, header.recipient, own_text)


def _find_headers(lines: list[_Line]) -> list[_Header]:
    headers: list[_Header] = []
    index = 0
    while index < len(lines):
        header = _header_at(lines, index)
        if header is None:
            index += 1
        else:
            headers.append(header)
            index = header.last
    return headers


def _header_at(lines: list[_Line], index: int) -> _Header | None:
    text = lines[index].text.strip()
    if not text:
        return None
    standalone = any_match(_patterns("separators", "standalone"), text)
    if standalone or any_match(_patterns("separators", "with_fields"), text):
        block = _fields(lines, _next_text(lines, index + 1))
        if block is not None:
            last, values = block
            return _Header(index, last, *_correspondents(values), values.get("date"))
        return _Header(index, index + 1, None, None) if standalone else None
    attribution = _attribution(lines, index)
    if attribution is not None:
        return attribution
    block = _fields(lines, index)
    if block is not None:
        last, values = block
        return _Header(index, last, *_correspondents(values), values.get("date"))
    return None


def _next_text(lines: list[_Line], index: int) -> int:
    """The next line with text, skipping at most one blank line."""
    if index < len(lines) and lines[index].blank and index + 1 < len(lines):
        return index + 1
    return index


def _correspondents(values: dict[str, str]) -> tuple[Mailbox | None, Mailbox | None]:
    recipients = parse_mailboxes(values.get("to", ""))
    return parse_mailbox(values.get("from", "")), recipients[0] if recipients else None


@cache
def _field_pattern() -> re.Pattern[str]:
    names = "|".join(
        f"(?P<{role}>{'|'.join(re.escape(name) for name in names)})"
        for role, names in load("email")["fields"].items()
        if not role.startswith("_")
    )
    return re.compile(rf"^\*?(?:{names})\*?\s*:\*?\s*(?P<value>.*)$", re.IGNORECASE)


def _fields(lines: list[_Line], index: int) -> tuple[int, dict[str, str]] | None:
    """A block of header fields from line `index`: it opens with the sender and holds a date
    or a subject (so a "From: 1 April 2020 / To: 31 March 2025" period is not a header)."""
    values: dict[str, str] = {}
    cursor = index
    while cursor < len(lines) and cursor - index < 12:
        match = _field_pattern().match(lines[cursor].text.strip())
        if match is None or lines[cursor].depth != lines[index].depth:
            break
        role = next(role for role, found in match.groupdict().items() if found and role != "value")
        if cursor == index and role != "from":
            return None
        values.setdefault(role, match.group("value").strip())
        cursor += 1
    if "from" in values and ("date" in values or "subject" in values):
        return cursor, values
    return None


def _attribution(lines: list[_Line], index: int) -> _Header | None:
    """An "On <date>, <sender> wrote:" line, also when the mail program wrapped it in two."""
    patterns = _patterns("attributions")
    candidates = [(lines[index].text.strip(), index + 1)]
    if index + 1 < len(lines) and not lines[index + 1].blank:
        candidates.append((f"{candidates[0][0]} {lines[index + 1].text.strip()}", index + 2))
    for text, last in candidates:
        if len(text) <= 300 and any_match(patterns, text):
            return _Header(index, last, _attribution_sender(text), None, text)
    return None


def _attribution_sender(text: str) -> Mailbox | None:
    """The sender of an attribution line: what follows its date and time."""
    body = re.sub(r"^\S+\s+", "", text)
    body = re.sub(r"\s*\b\w+\s*:?\s*$", "", body)
    cuts = [match.end() for match in _TIME_OR_COMMA.finditer(body.split("<", 1)[0])]
    return parse_mailbox(body[max(cuts, default=0) :])


def _restyle(document: Document, changes: Sequence[tuple[int, int, bool | None]]) -> None:
    """Add (True) or remove (False) the quote style over each span; other styles untouched."""
    quotes = [(span.start, span.end) for span in document.styles if span.style == "quote"]
    kept = _subtract(quotes, [(start, end) for start, end, flag in changes if flag is False])
    added = [(start, end) for start, end, flag in changes if flag]
    merged = _merge(document.text, sorted(kept + added))
    others = [span for span in document.styles if span.style != "quote"]
    document.styles = others + [
        StyleSpan(start, end, "quote") for start, end in merged if document.text[start:end].strip()
    ]


def _subtract(spans: list[tuple[int, int]], cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """What remains of `spans` once the (sorted, disjoint) `cuts` are taken out."""
    result: list[tuple[int, int]] = []
    cut_starts = [cut[0] for cut in cuts]
    for start, end in spans:
        index = max(bisect.bisect_right(cut_starts, start) - 1, 0)
        position = start
        while index < len(cuts) and cuts[index][0] < end:
            cut_start, cut_end = cuts[index]
            if cut_end > position:
                if cut_start > position:
                    result.append((position, cut_start))
                position = max(position, cut_end)
            index += 1
        if position < end:
            result.append((position, end))
    return result


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans joined where only white space separates them."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
