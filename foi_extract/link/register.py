"""The UK council register (`resources/reference`), read once and without spaCy: each council,
the spellings the register gives it, and the web domains it answers from. Council linking
(`authorities.py`) builds its matcher on it; `scrape councils` joins a site's body list to it."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from foi_extract.rules import resource_cache, resources_dir


@dataclass(frozen=True)
class Authority:
    code: str  # the register's three-letter code
    name: str  # official name
    gss: str
    current: bool


@dataclass(frozen=True)
class CouncilRegister:
    """The register's councils by code, its rows (for other columns), the codes each
    spelling gives (official and alternative names, lower case) and each domain's council."""

    authorities: dict[str, Authority]
    rows: list[dict[str, str]]
    spellings: dict[str, set[str]]
    domains: dict[str, str]


def read_register(folder: Path) -> CouncilRegister:
    """The register in `folder`: `uk_local_authorities.csv`, its alternative names and domains."""
    rows = _rows(folder / "uk_local_authorities.csv")
    authorities: dict[str, Authority] = {}
    spellings: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        code = row["local-authority-code"]
        current = row["current-authority"] == "True"
        authorities[code] = Authority(code, row["official-name"], row["gss-code"], current)
        for name in [row["official-name"], *row["alt-names"].split(",")]:
            spellings[name.strip().lower()].add(code)
    for row in _rows(folder / "uk_local_authority_alt_names.csv"):
        spellings[row["la-name"].strip().lower()].add(row["local-authority-code"])
    domains = {
        row["domain"].lower(): row["local-authority-code"]
        for row in _rows(folder / "uk_local_authority_domains.csv")
    }
    return CouncilRegister(authorities, rows, dict(spellings), domains)


@resource_cache
def council_register() -> CouncilRegister:
    """The register of the resources folder in force."""
    return read_register(resources_dir() / "reference")


@resource_cache
def place_words() -> frozenset[str]:
    """Every word of a council's name or other spelling in the register, lower case."""
    return frozenset(word for name in council_register().spellings for word in name.split())


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
