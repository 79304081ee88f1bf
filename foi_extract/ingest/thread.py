"""E-mail threads: who wrote each quoted or forwarded message, so only the requester's is a quote.

A council's reply often carries earlier messages below it: the requester's request (which names
systems as examples, and must not be read as an answer) and sometimes the council's own earlier
reply ("Please see our original response below"), which holds the answers. Each quoted message
starts at a header (an Outlook "From:/Sent:" block, "-----Original Message-----", a forwarded
block, "On ... wrote:"); who wrote it is read from its sender, its recipient and its signature.
A message the council wrote is answer text; the requester's, and one nobody can vouch for, is
styled `quote`, as are the header lines themselves and anything quoted deeper inside a message.

`add_mail_text` builds an e-mail body with its '>' markers removed (their depth kept), and
`restyle_thread` then restyles the finished document's quoted messages by author. Only style
spans change: the text, and so every offset, stays as built. The vocabulary is in
`resources/email.json`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from foi_extract.document import Document, Style, StyleSpan
from foi_extract.ingest.text_builder import TextBuilder
from foi_extract.ingest.vocabulary import load

Author = Literal["council", "requester", "unknown"]
DepthSpan = tuple[int, int, int]
"""(start, end, depth): a span of the text quoted `depth` levels deep ('>' markers, blockquotes)."""

_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_MASK = re.compile(r"\[[^\[\]]*\bemail\b[^\[\]]*\]", re.IGNORECASE)
_MAILTO = re.compile(r"\[?mailto:[^\]\s]*\]?", re.IGNORECASE)
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)+ ?")
_TIME_OR_COMMA = re.compile(r",|\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
_SIGNATURE_LINES = 6
_SIGNATURE_WIDTH = 80
_WRAP_WIDTH = 50


@dataclass(frozen=True)
class Mailbox:
    """A correspondent as a header names it: display name and address (either may be empty)."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2] if "@" in self.address else ""

    @property
    def name_key(self) -> frozenset[str]:
        """The name's words, in any order ("Munro, Catriona" is "Catriona Munro")."""
        return frozenset(re.findall(r"\w+", self.name.lower())) - _TITLES


def parse_mailbox(value: str) -> Mailbox | None:
    """`Name <address>`, a bare address, a bare name or WhatDoTheyKnow's `Name <[FOI #1 email]>`."""
    found = _ADDRESS.search(value) or _MASK.search(value)
    address = found.group(0) if found else ""
    name = _MAILTO.sub(" ", value)
    name = name.replace(address, " ") if address else name
    name = re.sub(r"\s+", " ", name).strip(" \t<>[]()\"'`,;:")
    if not name and not address:
        return None
    return Mailbox(name, address.lower() if "@" in address else address)


def parse_mailboxes(value: str) -> list[Mailbox]:
    """Every mailbox of a To or Cc value (separated by ';', or by ',' after an address)."""
    parts = re.split(r";|(?<=>),", value)
    return [mailbox for part in parts if (mailbox := parse_mailbox(part))]


@cache
def _vocabulary() -> dict[str, Any]:
    return load("email")


@cache
def _patterns(*keys: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    entry: Any = _vocabulary()
    for key in keys:
        entry = entry[key]
    return tuple(re.compile(pattern, flags) for pattern in entry)


def _any(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)


def _is_webmail(domain: str) -> bool:
    return domain in _vocabulary()["webmail_domains"]


def _is_council_domain(domain: str) -> bool:
    return any(
        domain == suffix or domain.endswith("." + suffix)
        for suffix in _vocabulary()["council"]["domains"]
    )


def _same_domain(first: str, second: str) -> bool:
    if not first or not second or _is_webmail(first):
        return False
    return first == second or first.endswith("." + second) or second.endswith("." + first)


def _same_person(mailbox: Mailbox, known: Mailbox) -> bool:
    """Same address (a real or numbered one, not "[email address]"), else the same name."""
    if re.search(r"[@#]", mailbox.address) and mailbox.address == known.address:
        return True
    return bool(mailbox.name_key) and mailbox.name_key == known.name_key


@dataclass
class Parties:
    """Who the council and who the requester are in a thread, from its top message."""

    council: list[Mailbox] = field(default_factory=list)
    requester: list[Mailbox] = field(default_factory=list)

    @classmethod
    def of_message(cls, sender: str | None, recipients: str | None) -> Parties:
        """The parties of a message from `sender` to `recipients` (header values)."""
        senders = parse_mailboxes(sender or "")
        return cls.of_mailboxes(senders[0] if senders else None, parse_mailboxes(recipients or ""))

    @classmethod
    def of_mailboxes(cls, sender: Mailbox | None, recipients: Sequence[Mailbox]) -> Parties:
        """When the council sent the message, its recipients are the requester; when the
        requester sent it (a WhatDoTheyKnow address, or a message to the council), the council
        is its recipient."""
        parties = cls()
        if sender is None:
            return parties
        kind = parties.kind(sender)
        councils = [mailbox for mailbox in recipients if parties.kind(mailbox) == "council"]
        if kind == "council":
            parties.council = [sender]
            parties.requester = [mailbox for mailbox in recipients if mailbox not in councils]
        elif kind == "requester" or councils:
            parties.requester = [sender]
            parties.council = councils
        return parties

    def kind(self, mailbox: Mailbox) -> Author:
        """Whose mailbox this is, as far as its name and address tell."""
        if _any(_patterns("requester", "addresses"), mailbox.address) or any(
            _same_person(mailbox, known) for known in self.requester
        ):
            return "requester"
        if self._is_council(mailbox):
            return "council"
        return "unknown"

    def _is_council(self, mailbox: Mailbox) -> bool:
        if _is_council_domain(mailbox.domain) or _any(
            _patterns("council", "masked_addresses"), mailbox.address
        ):
            return True
        if any(
            _same_person(mailbox, known) or _same_domain(mailbox.domain, known.domain)
            for known in self.council
        ):
            return True
        if _any(_patterns("council", "names"), mailbox.name):
            return True
        return _any(_patterns("council", "mailbox_names"), mailbox.name) and not _is_webmail(
            mailbox.domain
        )

    def author(self, sender: Mailbox | None, recipient: Mailbox | None, body: str) -> Author:
        """Who wrote a quoted message: its sender, else what its text says, else its recipient.

        A message with no telling sender is the council's when it is signed by a council or
        addressed to the requester, and the requester's when it greets the council."""
        kind = self.kind(sender) if sender else "unknown"
        if kind != "unknown":
            return kind
        if _any(_patterns("requester", "body", flags=re.IGNORECASE | re.MULTILINE), body):
            return "requester"
        if _signed_by_council(body):
            return "council"
        if recipient is not None and self.kind(recipient) == "requester":
            return "council"
        return "unknown"


def _signed_by_council(body: str) -> bool:
    """True when the lines after the last valediction (or the last few) name a council."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    valedictions = _patterns("valedictions")
    closing = [index for index, line in enumerate(lines) if _any(valedictions, line)]
    tail = lines[closing[-1] + 1 :] if closing else lines[-_SIGNATURE_LINES:]
    signatures = _patterns("council", "signatures", flags=0)
    return any(
        len(line) <= _SIGNATURE_WIDTH and _any(signatures, line) for line in tail[:_SIGNATURE_LINES]
    )


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


def restyle_thread(
    document: Document,
    parties: Parties,
    depths: Sequence[DepthSpan] = (),
    start: int = 0,
    end: int | None = None,
) -> None:
    """Style the quoted messages in `document.text[start:end]` by who wrote them.

    The council's own lines (at its message's quoting depth) lose `quote`; the requester's or an
    unknown writer's message, every header and anything quoted deeper gain it. Text before the
    first quoted message is left as built. When the parties are not known (a pasted e-mail), a
    header that opens the region is the e-mail's own: it is styled quote and tells the parties.
    """
    lines = _split_lines(document.text, start, len(document.text) if end is None else end, depths)
    headers = _find_headers(lines)
    if not headers:
        return
    changes: list[tuple[int, int, bool | None]] = []
    first_text = next((index for index, line in enumerate(lines) if not line.blank), 0)
    if headers[0].first == first_text and not parties.council and not parties.requester:
        opening = headers.pop(0)
        recipients = [opening.recipient] if opening.recipient else []
        parties = Parties.of_mailboxes(opening.sender, recipients)
        changes += [(line.start, line.end, True) for line in lines[opening.first : opening.last]]
    quoted = _quoted_lines(lines, headers, parties)
    changes += [(line.start, line.end, flag) for line, flag in zip(lines, quoted, strict=True)]
    _restyle(document, changes)


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


def _quoted_lines(
    lines: list[_Line], headers: list[_Header], parties: Parties
) -> list[bool | None]:
    """For each line: True (quote), False (the council's: not quote) or None (leave as built).

    Messages nest: a header opens a message at the depth its text is quoted; a line quoted less
    deeply than the innermost open message closes it, and one quoted more deeply is a quote
    inside it."""
    flags: list[bool | None] = [None] * len(lines)
    opens = {header.first: index for index, header in enumerate(headers)}
    stack: list[tuple[int, bool | None]] = [(0, None)]
    index = 0
    while index < len(lines):
        if index in opens:
            header_index = opens[index]
            header = headers[header_index]
            following = headers[header_index + 1].first if header_index + 1 < len(headers) else None
            own_depth, author = _message(lines, header, following, parties)
            while stack and stack[-1][0] >= own_depth:
                stack.pop()
            stack.append((own_depth, author != "council"))
            for line_index in range(header.first, header.last):
                flags[line_index] = True
            index = header.last
            continue
        line = lines[index]
        if not line.blank:
            while len(stack) > 1 and line.depth < stack[-1][0]:
                stack.pop()
            own_depth, quoted = stack[-1]
            if line.depth > own_depth:
                flags[index] = True
            elif quoted is not None:
                flags[index] = quoted
        index += 1
    return flags


def _message(
    lines: list[_Line], header: _Header, following: int | None, parties: Parties
) -> tuple[int, Author]:
    """The quoting depth of a quoted message's own text, and who wrote it."""
    body = lines[header.last : following]
    header_depth = lines[header.first].depth
    first = next((line for line in body if not line.blank), None)
    own_depth = max(first.depth, header_depth) if first else header_depth
    own_text = "\n".join(line.text for line in body if line.depth == own_depth)
    return own_depth, parties.author(header.sender, header.recipient, own_text)


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
    standalone = _any(_patterns("separators", "standalone"), text)
    if standalone or _any(_patterns("separators", "with_fields"), text):
        block = _fields(lines, _next_text(lines, index + 1))
        if block is not None:
            last, values = block
            return _Header(index, last, *_correspondents(values))
        return _Header(index, index + 1, None, None) if standalone else None
    attribution = _attribution(lines, index)
    if attribution is not None:
        return attribution
    block = _fields(lines, index)
    if block is not None:
        last, values = block
        return _Header(index, last, *_correspondents(values))
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
        for role, names in _vocabulary()["fields"].items()
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
        if len(text) <= 300 and _any(patterns, text):
            return _Header(index, last, _attribution_sender(text), None)
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
