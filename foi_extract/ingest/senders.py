"""Who wrote a message: the one sender vocabulary and the one author-role function.

Every stage that asks "is this the council speaking?" reads the `Message.role` that ingest set
with `Parties.role`; the words and addresses that decide it are in `resources/senders.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from foi_extract.document import Mailbox, MessageRole
from foi_extract.ingest.vocabulary import load

Kind = Literal["council", "requester", "unknown"]
"""Whose mailbox a header names, as far as its name and address tell."""

_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_MASK = re.compile(r"\[[^\[\]]*\bemail\b[^\[\]]*\]", re.IGNORECASE)
_MAILTO = re.compile(r"\[?mailto:[^\]\s]*\]?", re.IGNORECASE)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})
_SIGNATURE_LINES = 6
_SIGNATURE_WIDTH = 80


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
    return load("senders")


@cache
def _patterns(*keys: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    entry: Any = _vocabulary()
    for key in keys:
        entry = entry[key]
    return tuple(re.compile(pattern, flags) for pattern in entry)


def any_match(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    """True when one of `patterns` is found in `text`."""
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


def _name_key(mailbox: Mailbox) -> frozenset[str]:
    """The name's words, in any order ("Munro, Catriona" is "Catriona Munro")."""
    return frozenset(re.findall(r"\w+", mailbox.name.lower())) - _TITLES


def _same_person(mailbox: Mailbox, known: Mailbox) -> bool:
    """Same address (a real or numbered one, not "[email address]"), else the same name."""
    if re.search(r"[@#]", mailbox.address) and mailbox.address == known.address:
        return True
    key = _name_key(mailbox)
    return bool(key) and key == _name_key(known)


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

    def kind(self, mailbox: Mailbox) -> Kind:
        """Whose mailbox this is, as far as its name and address tell."""
        if any_match(_patterns("requester", "addresses"), mailbox.address) or any(
            _same_person(mailbox, known) for known in self.requester
        ):
            return "requester"
        if self._is_council(mailbox):
            return "council"
        return "unknown"

    def _is_council(self, mailbox: Mailbox) -> bool:
        if _is_council_domain(mailbox.domain) or any_match(
            _patterns("council", "masked_addresses"), mailbox.address
        ):
            return True
        if any(
            _same_person(mailbox, known) or _same_domain(mailbox.domain, known.domain)
            for known in self.council
        ):
            return True
        if any_match(_patterns("council", "names"), mailbox.name):
            return True
        return any_match(_patterns("council", "mailbox_names"), mailbox.name) and not _is_webmail(
            mailbox.domain
        )

    def role(
        self,
        sender: Mailbox | None,
        recipient: Mailbox | None,
        body: str,
        sent_by: Kind = "unknown",
    ) -> MessageRole:
        """Who wrote a message: `sent_by` when the source says (a WhatDoTheyKnow page marks
        each message incoming or outgoing), else its sender, else what its text says, else its
        recipient. A message with no telling sender is the council's when it is signed by a
        council or addressed to the requester, and the requester's when it greets the council;
        otherwise it is a third party's when someone is named as its sender, else a quote."""
        kind = sent_by if sent_by != "unknown" else self.kind(sender) if sender else "unknown"
        if kind != "unknown":
            return kind
        if any_match(_patterns("requester", "body", flags=re.IGNORECASE | re.MULTILINE), body):
            return "requester"
        if _signed_by_council(body):
            return "council"
        if recipient is not None and self.kind(recipient) == "requester":
            return "council"
        return "third_party" if sender is not None else "quoted"


def _signed_by_council(body: str) -> bool:
    """True when the lines after the last valediction (or the last few) name a council."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    valedictions = _patterns("valedictions")
    closing = [index for index, line in enumerate(lines) if any_match(valedictions, line)]
    tail = lines[closing[-1] + 1 :] if closing else lines[-_SIGNATURE_LINES:]
    signatures = _patterns("council", "signatures", flags=0)
    return any(
        len(line) <= _SIGNATURE_WIDTH and any_match(signatures, line)
        for line in tail[:_SIGNATURE_LINES]
    )
