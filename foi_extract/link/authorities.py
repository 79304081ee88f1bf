"""Link a document to its council in the register: official name and GSS code.

Signals, most trusted first: the source URL, the e-mail sender's domain, council names in the
text (letterhead, signature), then gov.uk web addresses in the text. Null when none is found.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlparse

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from foi_extract.document import Document
from foi_extract.rules import resource_cache, resources_dir

COUNCIL_WORDS = re.compile(
    r"\b(council|borough|county|city of|district|authority|corporation|comhairle|cyngor)\b", re.I
)
PUBLIC_DOMAIN = re.compile(
    r"(?:^|[/@.\s])(?:www\.)?([a-z0-9-]+)\.(?:gov\.uk|gov\.wales|gov\.scot|llyw\.cymru)\b", re.I
)


@dataclass(frozen=True)
class Authority:
    code: str  # the register's three-letter code
    name: str  # official name
    gss: str
    current: bool


@dataclass(frozen=True)
class AuthorityMatch:
    name: str
    code: str  # GSS code
    la_code: str
    evidence: str
    method: str


@dataclass(frozen=True)
class _Register:
    authorities: dict[str, Authority]
    by_domain_label: dict[str, str]
    matcher: PhraseMatcher
    nlp: English


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@resource_cache
def _register() -> _Register:
    folder = resources_dir() / "reference"
    authorities: dict[str, Authority] = {}
    names: dict[str, set[str]] = {}
    by_label: dict[str, str] = {}
    with (folder / "uk_local_authorities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["local-authority-code"]
            current = row["current-authority"] == "True"
            authorities[code] = Authority(code, row["official-name"], row["gss-code"], current)
            names.setdefault(code, set()).update(
                [row["official-name"], *row["alt-names"].split(",")]
            )
            for label in (row["gov-uk-slug"], _squash(row["nice-name"])):
                if label and (current or label not in by_label):
                    by_label[_squash(label)] = code
    with (folder / "uk_local_authority_alt_names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names.setdefault(row["local-authority-code"], set()).add(row["la-name"])
    nlp = English()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for code, spellings in names.items():
        patterns = [nlp.make_doc(name) for name in spellings if COUNCIL_WORDS.search(name)]
        if patterns:
            matcher.add(code, patterns)
    return _Register(authorities, by_label, matcher, nlp)


def _match(code: str, evidence: str, method: str) -> AuthorityMatch:
    authority = _register().authorities[code]
    return AuthorityMatch(authority.name, authority.gss, code, evidence, method)


def _from_domain(host: str, method: str) -> AuthorityMatch | None:
    found = PUBLIC_DOMAIN.search(host)
    if not found:
        return None
    code = _register().by_domain_label.get(_squash(found.group(1)))
    return _match(code, f"{method} {found.group(0).strip('/@. ')}", method) if code else None


def _from_names(text: str) -> AuthorityMatch | None:
    """The council named most often (longest names win overlaps; earliest breaks ties)."""
    register = _register()
    doc = register.nlp.make_doc(text)
    spans = filter_spans([Span(doc, s, e, label=key) for key, s, e in register.matcher(doc)])
    if not spans:
        return None
    counts = Counter(span.label_ for span in spans)
    first = {code: min(s.start for s in spans if s.label_ == code) for code in counts}
    code = max(counts, key=lambda c: (counts[c], register.authorities[c].current, -first[c]))
    span = next(span for span in spans if span.label_ == code)
    return _match(code, f"name '{span.text}' in the text", "name")


def link_authority(document: Document) -> AuthorityMatch | None:
    """The council that wrote `document`, or None when nothing in it says so."""
    for url in (document.source_url, document.metadata.get("canonical_url")):
        if url and (found := _from_domain(urlparse(url).netloc, "source URL")):
            return found
    sender = document.metadata.get("from", "")
    if "@" in sender and (found := _from_domain(sender, "e-mail domain")):
        return found
    if found := _from_names(document.text):
        return found
    hosts = Counter(match.group(1).lower() for match in PUBLIC_DOMAIN.finditer(document.text))
    for label, _ in hosts.most_common():
        if found := _from_domain(f"{label}.gov.uk", "web address"):
            return found
    return None
