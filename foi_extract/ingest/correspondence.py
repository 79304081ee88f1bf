"""A WhatDoTheyKnow thread printed as text (a saved page, a Markdown export, a PDF of it): each
"<sender> <date>" header line opens a message that runs to the next one (the pattern is in
`resources/email.json`; who wrote each message is decided in `senders.py`)."""

from __future__ import annotations

import re
from functools import cache

from foi_extract.document import Message
from foi_extract.ingest.maildate import message_date
from foi_extract.ingest.senders import Parties, parse_mailbox
from foi_extract.ingest.vocabulary import load


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    entry = load("email")["correspondence_header"]
    flags = re.IGNORECASE | re.MULTILINE
    return re.compile(entry["line"], flags), re.compile(entry["greeting"], re.IGNORECASE)


def correspondence_messages(text: str) -> list[Message]:
    """The messages of a printed thread, or none when no message opened by a header line
    greets someone (then the lines are something else: "Updated 4 May 2024")."""
    header, greeting = _patterns()
    found = list(header.finditer(text))
    parties = Parties()
    messages = []
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        end = match.start() + len(text[match.start() : end].rstrip())
        body = text[match.end() : end]
        sender = parse_mailbox(match.group("sender"))
        role = parties.role(sender, None, body.strip())
        date = message_date(match.group("date"))
        messages.append(Message(match.start(), end, min(match.end(), end), role, sender, date))
    if not any(greeting.match(text[m.body_start : m.end].strip()) for m in messages):
        return []
    return messages
