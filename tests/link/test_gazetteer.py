"""The gazetteer's lookups by name (indexed once) answer as a scan of its aliases in order does."""

from __future__ import annotations

from foi_extract.link.gazetteer import LEGAL_FORM, Gazetteer, load_gazetteer


def _scan_supplier_called(gazetteer: Gazetteer, name: str) -> str | None:
    lowered = LEGAL_FORM.sub("", name).strip().lower()
    found = [a.canonical for a in gazetteer.aliases if a.label == "SUPPLIER"]
    texts = [a.text.lower() for a in gazetteer.aliases if a.label == "SUPPLIER"]
    return next((c for c, t in zip(found, texts, strict=True) if t == lowered), None)


def _scan_product_of(gazetteer: Gazetteer, supplier: str, name: str) -> str | None:
    spellings = {f"{brand} {name}".lower() for brand in gazetteer.names_of(supplier)}
    return next(
        (
            a.canonical
            for a in gazetteer.aliases
            if a.label == "SYSTEM" and a.text.lower() in spellings
        ),
        None,
    )


def test_names_of_lists_every_alias_in_order() -> None:
    gazetteer = load_gazetteer()
    for canonical in [*gazetteer.systems, *gazetteer.suppliers]:
        expected = [a.text for a in gazetteer.aliases if a.canonical == canonical]
        assert gazetteer.names_of(canonical) == expected
    assert gazetteer.names_of("No Such Product") == []


def test_supplier_called_is_the_first_alias_spelt_so() -> None:
    gazetteer = load_gazetteer()
    names = [a.text for a in gazetteer.aliases]
    names += [f"{name} Ltd" for name in names] + ["Dunlin Data Ltd", "liquidlogic", ""]
    answers = {name: gazetteer.supplier_called(name) for name in names}
    assert answers == {name: _scan_supplier_called(gazetteer, name) for name in names}
    assert answers["liquidlogic"] == "Liquidlogic"


def test_product_of_is_the_first_alias_spelt_so() -> None:
    gazetteer = load_gazetteer()
    cases = [
        (supplier, name)
        for supplier in gazetteer.suppliers
        for name in ("ICS", "Integrated Children's System", "LCS", "Adults", "Mosaic", "x")
    ]
    answers = {case: gazetteer.product_of(*case) for case in cases}
    assert answers == {case: _scan_product_of(gazetteer, *case) for case in cases}
    assert answers[("Liquidlogic", "ICS")] == "Liquidlogic LCS"
