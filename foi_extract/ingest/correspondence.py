"""A WhatDoTheyKnow thread printed as text (a saved page, a Markdown export, a PDF of it): each
"<sender> <date>" header line opens a message that runs to the next one (the pattern is in
`resources/email.json`; who wrote each message is decided in `senders.py`). A thread saved
with no header lines is read as its letters: each "Dear ..." line opens one."""

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
    return _dated(entry["line"], flags), re.compile(entry["greeting"], re.IGNORECASE)


def _dated(pattern: str, flags: int) -> re.Pattern[str]:
    """`pattern` with its `{date}` written out (`resources/email.json` `thread_date`)."""
    return re.compile(pattern.replace("{date}", load("email")["thread_date"]["pattern"]), flags)


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
    if not any(greeting.match(_opening(text[m.body_start : m.end])) for m in messages):
        return []
    before = text[: found[0].start()].rstrip()
    if salutation := SALUTATION.search(before):  # a letter above the first header line
        role = parties.role(None, None, before)  # ("... made this request to ...", its date
        date = _letter_date(text, salutation.start())  # on a line of its own)
        messages.insert(0, Message(0, len(before), 0, role, date=date))
    return messages


def _opening(body: str) -> str:
    """A message's body from its first line that is no rule of dashes or equals signs (a
    printed thread draws one under each header line)."""
    _, separator = _letter_date_patterns()
    lines = body.strip().split("\n")
    while lines and (not lines[0].strip() or separator.match(lines[0])):
        lines.pop(0)
    return "\n".join(lines).strip()


SALUTATION = re.compile(r"^[ \t]*(?:Dear|Annwyl|A charaid)\b[^\n]{0,80}$", re.MULTILINE)


def letter_messages(text: str) -> list[Message]:
    """The letters of a thread saved as plain text, when the requester wrote one of them: each
    salutation line opens a letter that runs to the next; who wrote each is decided by
    `senders.py` from its words (one that greets the council is the requester's). The page's
    lines before a first letter that is the requester's (the request's title, the site's
    notes) are the requester's too. A document of the council's letters alone gets none."""
    starts = [match.start() for match in SALUTATION.finditer(text)]
    parties = Parties()
    letters = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        end = start + len(text[start:end].rstrip())
        role = parties.role(None, None, text[start:end])
        letters.append(Message(start, end, start, role, date=_letter_date(text, start)))
    if not any(letter.role == "requester" for letter in letters):
        return []
    if letters[0].role == "requester" and letters[0].start > 0:
        letters[0] = Message(0, letters[0].end, 0, "requester", date=letters[0].date)
    return letters


LINES_BACK = 4  # blank and separator lines passed over above a salutation, at most


@cache
def _letter_date_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    entry = load("email")["letter_date"]
    return _dated(entry["line"], re.IGNORECASE), re.compile(entry["separator_line"])


def _letter_date(text: str, salutation: int) -> str | None:
    """The date on the last line above a letter's salutation, past blank and separator lines
    (`resources/email.json` `letter_date`): the date its thread gives the letter."""
    dated, separator = _letter_date_patterns()
    lines = text[max(0, salutation - 600) : salutation].split("\n")[:-1]
    for line in reversed(lines[-LINES_BACK - 1 :]):
        if not line.strip() or separator.match(line):
            continue
        match = dated.match(line)
        return message_date(match.group("date")) if match else None
    return None
