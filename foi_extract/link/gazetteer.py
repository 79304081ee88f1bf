"""The systems and suppliers gazetteer: canonical names, aliases and product-supplier links."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from foi_extract.rules import context_rules, resource_cache, resources_dir

LEGAL_FORM = re.compile(r"[\s,]+(?:Ltd|Limited|plc|PLC|LLP|Inc)\.?$")
"""A company's legal form at the end of its name ("Dunlin Data Ltd")."""


@dataclass(frozen=True)
class Alias:
    """One surface form of a gazetteer entry and how strictly it must match."""

    text: str
    canonical: str
    label: str  # SYSTEM or SUPPLIER
    exact_case: bool
    needs_context: bool


@dataclass(frozen=True)
class Gazetteer:
    systems: dict[str, str | None]  # product -> canonical supplier
    suppliers: dict[str, str | None]  # supplier -> parent or acquirer (free text)
    aliases: tuple[Alias, ...]
    categories: dict[str, str | None]  # product -> category (children_case_management, ...)

    def supplier_of(self, system: str | None) -> str | None:
        return self.systems.get(system) if system else None

    def names_of(self, canonical: str) -> list[str]:
        """Every alias of a gazetteer entry, its own name included."""
        return list(self._names.get(canonical, ()))

    @cached_property
    def _names(self) -> dict[str, list[str]]:
        """Each entry's aliases, in the gazetteer's order (looked up per mention: no scan)."""
        names: dict[str, list[str]] = {}
        for alias in self.aliases:
            names.setdefault(alias.canonical, []).append(alias.text)
        return names

    @cached_property
    def _first_alias(self) -> dict[tuple[str, str], tuple[int, str]]:
        """(label, lower-case alias) -> (position, canonical name) of its first alias."""
        first: dict[tuple[str, str], tuple[int, str]] = {}
        for position, alias in enumerate(self.aliases):
            first.setdefault((alias.label, alias.text.lower()), (position, alias.canonical))
        return first

    def supplier_named_in(self, surface: str, system: str | None) -> str | None:
        """The product's supplier when the product's own name contains it ("Liquidlogic LCS",
        "OLM CareFirst"); an all-capitals name counts only as a word of its own, so "ContrOCC"
        does not name OCC."""
        supplier = self.supplier_of(system)
        if supplier is None:
            return None
        names = self.names_of(supplier)
        lowered = surface.lower()
        found = any(
            re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", surface)
            if name.isupper()
            else name.lower() in lowered
            for name in names
        )
        return supplier if found else None

    def supplier_called(self, name: str) -> str | None:
        """The canonical supplier `name` spells ("Liquidlogic Ltd" is Liquidlogic), or None."""
        found = self._first_alias.get(("SUPPLIER", LEGAL_FORM.sub("", name).strip().lower()))
        return found[1] if found else None

    def product_of(self, supplier: str, name: str) -> str | None:
        """The listed product that `name`, prefixed with one of the supplier's names, spells:
        "Integrated Children's System" or "ICS" of Liquidlogic is Liquidlogic ICS, an alias of
        Liquidlogic LCS; None when no alias is spelt so."""
        spellings = {f"{brand} {name}".lower() for brand in self.names_of(supplier)}
        found = [self._first_alias.get(("SYSTEM", spelling)) for spelling in spellings]
        return min((f for f in found if f), default=(0, None))[1]

    def same_family(self, supplier: str, other: str | None) -> bool:
        """True when the two suppliers are one, or one owns or bought the other (suppliers.csv's
        `parent_or_acquirer`: Liquidlogic and System C, Servelec and The Access Group)."""
        if other is None or supplier == other:
            return other is not None
        return self._owns(supplier, other) or self._owns(other, supplier)

    def _owns(self, owner: str, owned: str) -> bool:
        parent = (self.suppliers.get(owned) or "").lower()
        return any(name.lower() in parent for name in self.names_of(owner) if len(name) > 3)


def _split(field: str | None) -> list[str]:
    return [alias.strip() for alias in (field or "").split("|") if alias.strip()]


def _alias(text: str, canonical: str, label: str) -> Alias:
    rules = context_rules()
    short = len(text) <= rules.short_alias_max_length and text.isupper()
    ambiguous = text in rules.ambiguous_aliases
    return Alias(
        text, canonical, label, exact_case=short or ambiguous, needs_context=ambiguous or short
    )


def _read_entries(
    path: Path, name_column: str, value_column: str, label: str, aliases: list[Alias]
) -> dict[str, str | None]:
    """Entries of one gazetteer file (name -> value column), adding their aliases to `aliases`."""
    entries: dict[str, str | None] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row[name_column].strip()
            entries[name] = (row.get(value_column) or "").strip() or None
            aliases.extend(
                _alias(text, name, label) for text in [name, *_split(row.get("aliases"))]
            )
    return entries


@resource_cache
def load_gazetteer() -> Gazetteer:
    """Read `reference/systems.csv` and `reference/suppliers.csv` from the resources folder."""
    folder = resources_dir() / "reference"
    aliases: list[Alias] = []
    systems = _read_entries(
        folder / "systems.csv", "system", "canonical_supplier", "SYSTEM", aliases
    )
    suppliers = _read_entries(
        folder / "suppliers.csv", "supplier", "parent_or_acquirer", "SUPPLIER", aliases
    )
    categories = _read_entries(folder / "systems.csv", "system", "category", "SYSTEM", [])
    aliases += _written_variants(aliases, systems)
    return Gazetteer(systems, suppliers, tuple(aliases), categories)


APOSTROPHES = ("'", "’")


def _written_variants(aliases: list[Alias], systems: dict[str, str | None]) -> list[Alias]:
    """Ways of writing a product alias that the files need not list: the other apostrophe or
    none ("Children’s", "Childrens"), and the supplier's name in any of its forms ("Liquid Logic
    Children's System" for "Liquidlogic Children's System"), possessive too ("Capita's ICS")."""
    known = {(alias.text, alias.canonical) for alias in aliases}
    names: dict[str, list[str]] = {}
    for alias in aliases:
        if alias.label == "SUPPLIER":
            names.setdefault(alias.canonical, []).append(alias.text)
    variants = []
    for alias in aliases:
        if alias.label != "SYSTEM" or alias.needs_context:
            continue
        forms = {alias.text}
        possessives = set()
        supplier = systems.get(alias.canonical)
        for name in names.get(supplier or "", []):
            if alias.text.startswith(f"{supplier} "):
                rest = alias.text[len(supplier or "") :]
                forms.add(name + rest)
                possessives |= {f"{name}{mark}s{rest}" for mark in APOSTROPHES}  # "Capita's ICS"
        for form in list(forms):
            if any(mark in form for mark in APOSTROPHES):
                forms |= {form.replace("'", "’"), form.replace("’", "'")}
                forms.add(form.replace("'", "").replace("’", ""))
        forms |= possessives
        for form in sorted(forms):
            if (form, alias.canonical) not in known:
                known.add((form, alias.canonical))
                variants.append(_alias(form, alias.canonical, alias.label))
    return variants
