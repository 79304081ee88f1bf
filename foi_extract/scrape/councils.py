"""Which councils publish a disclosure log: an Alaveteli site's list of public bodies
(`/body/all-authorities.csv`) joined to the project's council register.

A body is a council when its name (or short name) is one the register gives a council
(official name, alternative names) or when the site tags it `local_council`; every other body
(NHS, police, fire, parish councils not tagged so) is left out. A council tagged
`local_council` whose name is not in the register is matched by its home page's domain
(`uk_local_authority_domains.csv`), else kept with an empty GSS code so it can be looked at.
Current register councils that no body matched are listed too ("not on the site"), so the
output covers the whole register. The register has WhatDoTheyKnow's numeric body id
(`wdtk-id`), but all-authorities.csv has no id column, so the join is by name and domain.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from foi_extract.link.register import Authority, council_register, read_register

AUTHORITIES_CSV = "/body/all-authorities.csv"
COUNCIL_TAG = "local_council"
COLUMNS = (
    "gss_code",
    "register_name",
    "local_authority_code",
    "wdtk_name",
    "wdtk_url_name",
    "disclosure_log",
    "home_page",
    "match",
)


@dataclass(frozen=True)
class Register:
    """The register's councils by code, and the codes each spelling and domain points to."""

    councils: dict[str, Authority]
    by_name: dict[str, set[str]]
    by_domain: dict[str, str]


def normalise(name: str) -> str:
    """A name for comparison: lower case, "&" as "and", runs of other characters as a space."""
    name = name.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name).split())


def load_register(folder: Path | None = None) -> Register:
    """The register under `resources/reference` (or `folder`): councils, names, domains."""
    register = read_register(folder) if folder else council_register()
    by_name: dict[str, set[str]] = defaultdict(set)
    for spelling, codes in register.spellings.items():
        if spelling:
            by_name[normalise(spelling)] |= codes
    return Register(register.authorities, dict(by_name), register.domains)


def authorities_url(base_url: str) -> str:
    """Where an Alaveteli site lists its public bodies as CSV."""
    return urljoin(base_url.rstrip("/") + "/", AUTHORITIES_CSV.lstrip("/"))


def parse_authorities(data: bytes) -> list[dict[str, str]]:
    """The rows of all-authorities.csv (UTF-8, a byte-order mark allowed)."""
    text = data.decode("utf-8-sig", "replace")
    return [
        {key.strip(): (value or "").strip() for key, value in row.items() if key}
        for row in csv.DictReader(io.StringIO(text))
    ]


def tags_of(row: dict[str, str]) -> set[str]:
    """A body's tags without their values ("local_council", "esw:123" -> "esw")."""
    return {tag.split(":", 1)[0] for tag in row.get("Tags", "").split()}


def _domain(url: str) -> str:
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def _by_name(row: dict[str, str], register: Register) -> tuple[str | None, str]:
    """The council the body's name or short name is, and how; ambiguous spellings prefer the
    current council, and stay unmatched if still ambiguous."""
    for column in ("Name", "Short name"):
        codes = register.by_name.get(normalise(row.get(column, "")), set())
        current = {code for code in codes if register.councils[code].current}
        chosen = current if len(codes) > 1 and current else codes
        if len(chosen) == 1:
            return next(iter(chosen)), f"{column.lower()} in the register"
        if len(chosen) > 1:
            return None, f"{column.lower()} ambiguous in the register ({', '.join(sorted(chosen))})"
    return None, ""


def match_body(row: dict[str, str], register: Register) -> tuple[str | None, str] | None:
    """(register code or None, match note) for a council; None for a body that is not one."""
    code, note = _by_name(row, register)
    tagged = COUNCIL_TAG in tags_of(row)
    if code:
        if not register.councils[code].current:
            note += "; a former council"
        return code, note if tagged else f"{note}; not tagged {COUNCIL_TAG}"
    if not tagged:
        return None
    domain = _domain(row.get("Home page", ""))
    if domain in register.by_domain:
        return register.by_domain[domain], f"home page domain {domain}"
    return None, note or f"tagged {COUNCIL_TAG}; not in the register"


def council_rows(bodies: Iterable[dict[str, str]], register: Register) -> list[dict[str, str]]:
    """One row per council body of the site, then one per current register council that no
    body matched; sorted by register name (unmatched bodies by their own name)."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for body in bodies:
        matched = match_body(body, register)
        if matched is None:
            continue
        code, note = matched
        council = register.councils.get(code or "")
        seen.add(code or "")
        rows.append(
            {
                "gss_code": council.gss if council else "",
                "register_name": council.name if council else "",
                "local_authority_code": council.code if council else "",
                "wdtk_name": body.get("Name", ""),
                "wdtk_url_name": body.get("URL name", ""),
                "disclosure_log": body.get("Disclosure log", ""),
                "home_page": body.get("Home page", ""),
                "match": note,
            }
        )
    for council in register.councils.values():
        if council.current and council.code not in seen:
            rows.append(
                {column: "" for column in COLUMNS}
                | {
                    "gss_code": council.gss,
                    "register_name": council.name,
                    "local_authority_code": council.code,
                    "match": "not on the site",
                }
            )
    return sorted(rows, key=lambda row: (row["register_name"] or row["wdtk_name"]).lower())


def write_councils(rows: list[dict[str, str]], out: Path) -> None:
    """Write the rows as CSV, atomically (a hidden partial file renamed into place)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.part")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(partial, out)


def summary(rows: list[dict[str, str]], out: Path) -> str:
    """One line: how many councils, how many publish a log, what did not match."""
    on_site = [row for row in rows if row["wdtk_url_name"]]
    logs = sum(1 for row in on_site if row["disclosure_log"])
    unmatched = sum(1 for row in on_site if not row["gss_code"])
    missing = len(rows) - len(on_site)
    return (
        f"{len(on_site)} council bodies on the site, {logs} with a disclosure log, "
        f"{unmatched} not matched to the register; {missing} register councils not on the "
        f"site; written to {out}"
    )
