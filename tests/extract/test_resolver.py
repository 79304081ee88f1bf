"""The resolver's precedence, on findings made by hand: no spaCy, no documents."""

from __future__ import annotations

from foi_extract.extract.findings import Finding, Source
from foi_extract.extract.resolve import Offered, contradiction, resolve_field


def offered(
    value: str,
    reading: int,
    source: Source = "direct",
    rank: int = 0,
    supersedes: bool = False,
    inherited: bool = False,
    validation: str | None = None,
    field: str = "hosting",
) -> Offered:
    found = Finding(
        field,
        value,
        reading * 10,
        reading * 10 + 5,
        f"test.{value}@1",
        source=source,
        rank=rank,
        supersedes=supersedes,
        validation=validation,
    )
    return Offered(found, (reading, 0), inherited)


def winner(*offers: Offered) -> str | None:
    best, _ = resolve_field(list(offers), "Mosaic (children)")
    return best.finding.value if best else None


def test_a_direct_finding_beats_an_earlier_cross_reference() -> None:
    assert winner(offered("cloud", 1, "cross_reference"), offered("council", 2)) == "council"


def test_the_first_direct_reading_wins() -> None:
    assert winner(offered("council", 3), offered("cloud", 1), offered("supplier", 2)) == "cloud"


def test_within_one_reading_the_earlier_rule_wins() -> None:
    assert winner(offered("cloud", 1, rank=5), offered("third_party", 1, rank=2)) == "third_party"


def test_the_latest_superseding_value_beats_everything() -> None:
    offers = [
        offered("2024-03-31", 1),
        offered("2025-03-31", 2, supersedes=True),
        offered("2026-03-31", 3, supersedes=True),
        offered("2023-03-31", 4),
    ]
    assert winner(*offers) == "2026-03-31"


def test_an_inherited_finding_gives_way_to_the_facts_own_cross_reference() -> None:
    assert winner(
        offered("cloud", 1, inherited=True), offered("council", 5, "cross_reference")
    ) == ("council")


def test_an_inherited_reading_beats_a_default() -> None:
    assert winner(offered("previous", 4, inherited=True), offered("current", 99, "default")) == (
        "previous"
    )


def test_a_default_only_wins_alone() -> None:
    assert winner(offered("current", 99, "default"), offered("previous", 4)) == "previous"
    assert winner(offered("current", 99, "default")) == "current"


def test_every_offer_gets_a_decision_and_losers_name_the_winner() -> None:
    offers = [offered("cloud", 2), offered("council", 1), offered("bad", 0, validation="no")]
    best, decisions = resolve_field(offers, "Mosaic (children)")
    assert best is not None and best.finding.value == "council"
    outcomes = {d.finding.value: (d.outcome, d.reason) for d in decisions}
    assert outcomes["council"][0] == "won"
    assert outcomes["cloud"] == ("outranked", "outranked by test.council@1 ('council' at 10-15)")
    assert outcomes["bad"] == ("invalid", "no")


def test_an_end_before_its_start_drops_the_cross_referenced_date() -> None:
    start = offered("2024-04-01", 1, "cross_reference", field="contract_start")
    end = offered("2020-03-31", 2, field="contract_end")
    assert contradiction({"contract_start": start, "contract_end": end}) == "contract_start"
    direct_start = offered("2024-04-01", 1, field="contract_start")
    assert contradiction({"contract_start": direct_start, "contract_end": end}) == "contract_end"
    later = offered("2029-03-31", 2, field="contract_end")
    assert contradiction({"contract_start": direct_start, "contract_end": later}) is None
