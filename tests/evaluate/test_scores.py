"""The scorer on small hand-made tables: each kind of error moves exactly the figure it should."""

from __future__ import annotations

from pathlib import Path

import pytest

from foi_extract.evaluate import Finding, score
from tests.evaluate.eval_tables import (
    GOLD,
    document,
    exemption,
    fact,
    write_gold,
    write_predictions,
)


def test_a_miss_and_a_false_hit_halve_systems_precision_and_recall(gold: Path, pred: Path) -> None:
    systems = score(gold, pred).systems
    assert (systems.tp, systems.fp, systems.fn) == (1, 1, 1)
    assert (systems.precision, systems.recall, systems.f1) == (0.5, 0.5, 0.5)


def test_a_false_hit_is_listed_with_its_evidence_sentence(gold: Path, pred: Path) -> None:
    findings = score(gold, pred).findings
    assert Finding("leeds", "false system", "Eclipse", "We use Eclipse.") in findings
    assert Finding("leeds", "missed system", "ContrOCC") in findings


def test_a_field_mismatch_counts_against_that_field_only(gold: Path, pred: Path) -> None:
    fields = {name: score.accuracy for name, score in score(gold, pred).fields.items()}
    assert (fields["hosting"].right, fields["hosting"].total) == (0, 1)
    assert (fields["contract_end"].right, fields["contract_end"].total) == (1, 1)
    assert (fields["service_area"].right, fields["service_area"].total) == (1, 1)


def test_null_and_absent_gold_fields_are_not_counted(gold: Path, pred: Path) -> None:
    scores = score(gold, pred)
    assert scores.fields["supplier"].accuracy.total == 0  # Mosaic's gold supplier is null
    assert not scores.fields["status"].measured  # no gold key
    assert "supplier_accuracy" not in scores.figures()
    assert "status_f1" not in scores.figures()


def test_exemptions_cited_but_not_applied_are_not_counted(gold: Path, pred: Path) -> None:
    exemptions = score(gold, pred).exemptions
    assert (exemptions.tp, exemptions.fp, exemptions.fn) == (1, 0, 0)


def test_a_missed_exemption_that_was_only_cited_says_so(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD | {"exemptions": ["s21"]})
    pred = write_predictions(tmp_path / "p", [document()], [], [exemption("s21", False)])
    scores = score(gold, pred)
    assert (scores.exemptions.tp, scores.exemptions.fn) == (0, 1)
    assert (
        Finding("leeds", "missed exemption", "s21 (cited, not applied)", "Section s21 is cited.")
        in scores.findings
    )


def test_a_gold_section_without_its_subsection_is_met_by_a_citation_with_one(
    tmp_path: Path,
) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD | {"exemptions": ["s12", "s43(2)"]})
    cited = [exemption("s12(1)", True), exemption("s43", True)]
    scores = score(gold, write_predictions(tmp_path / "p", [document()], [], cited))
    # s12(1) meets the coarser gold s12; s43 does not meet the finer gold s43(2)
    assert (scores.exemptions.tp, scores.exemptions.fp, scores.exemptions.fn) == (1, 1, 1)


def test_suppliers_score_as_document_supplier_pairs(gold: Path, pred: Path) -> None:
    suppliers = score(gold, pred).suppliers
    # gold: Oxford Computer Consultants (ContrOCC, missed); predicted: OLM Systems (false)
    assert (suppliers.tp, suppliers.fp, suppliers.fn) == (0, 1, 1)


def test_a_system_on_several_rows_counts_once_and_fields_use_the_gold_area(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold.jsonl",
        GOLD | {"systems": [{"name": "Mosaic", "service_area": "adults", "hosting": "supplier"}]},
    )
    systems = [
        fact("Mosaic", service_area="children", hosting="council"),
        fact("Mosaic", service_area="adults", hosting="supplier"),
    ]
    pred = write_predictions(tmp_path / "p", [document()], systems, [])
    scores = score(gold, pred)
    assert (scores.systems.tp, scores.systems.fp) == (1, 0)
    assert scores.fields["hosting"].accuracy.right == 1


def test_facts_of_an_attachment_count_for_its_top_level_file(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD | {"systems": [{"name": "Mosaic"}]})
    documents = [
        document(),
        document("d2", "in/leeds.pdf!/annex.docx", parent_doc_id="d1", authority_name=None),
    ]
    pred = write_predictions(tmp_path / "p", documents, [fact("Mosaic", doc_id="d2")], [])
    assert score(gold, pred).systems.tp == 1


def test_council_reference_and_date_compare_case_insensitively(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD)
    row = document(authority_name="LEEDS CITY COUNCIL", reference="FOI 2")
    scores = score(gold, write_predictions(tmp_path / "p", [row], [], []))
    assert (scores.council.right, scores.council.total) == (1, 1)
    assert (scores.reference.right, scores.reference.total) == (0, 1)
    assert scores.response_date.value == 1.0


def test_a_gold_file_without_a_prediction_misses_everything(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD)
    other = document(path="in/york.pdf")
    scores = score(gold, write_predictions(tmp_path / "p", [other], [], []))
    assert (scores.systems.fn, scores.council.right, scores.council.total) == (2, 0, 1)
    assert Finding("leeds", "no prediction", "for file leeds.pdf") in scores.findings


def test_scores_add_up_over_documents(tmp_path: Path) -> None:
    york = GOLD | {"id": "york", "file": "york.pdf", "council": "City of York Council"}
    gold = write_gold(tmp_path / "gold.jsonl", GOLD, york)
    documents = [document(), document("d2", "in/york.pdf", authority_name="City of York Council")]
    systems = [fact("Mosaic"), fact("ContrOCC"), fact("Mosaic", doc_id="d2")]
    scores = score(gold, write_predictions(tmp_path / "p", documents, systems, []))
    assert (scores.documents, scores.systems.tp, scores.systems.fn) == (2, 3, 1)
    assert scores.council.value == pytest.approx(1.0)


def test_a_wrong_field_value_is_both_a_false_hit_and_a_miss(gold: Path, pred: Path) -> None:
    hosting = score(gold, pred).fields["hosting"].counts  # gold supplier, found council
    assert (hosting.tp, hosting.fp, hosting.fn) == (0, 1, 1)
    assert score(gold, pred).figures()["hosting_precision"] == 0.0


def test_a_value_where_gold_has_none_lowers_precision_not_accuracy(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold.jsonl",
        GOLD | {"systems": [{"name": "Mosaic", "hosting": None, "contract_end": "2027-03"}]},
    )
    systems = [fact("Mosaic", hosting="cloud", contract_end="2027-03")]
    scores = score(gold, write_predictions(tmp_path / "p", [document()], systems, []))
    figures = scores.figures()
    assert figures["hosting_precision"] == 0.0
    assert "hosting_accuracy" not in figures
    assert (figures["contract_end_precision"], figures["contract_end_accuracy"]) == (1.0, 1.0)


def test_a_council_linked_where_gold_names_none_is_a_false_link(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD | {"council": None})
    scores = score(gold, write_predictions(tmp_path / "p", [document()], [], []))
    council = scores.document_fields["council"]
    assert (council.counts.fp, council.accuracy.total) == (1, 0)
    assert scores.figures()["council_precision"] == 0.0


def test_not_held_is_scored_from_its_outcome_row_and_never_as_an_exemption(
    tmp_path: Path,
) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD | {"not_held": True, "exemptions": []})
    rows = [exemption("not held", False)]
    scores = score(gold, write_predictions(tmp_path / "p", [document()], [], rows))
    assert scores.figures()["not_held_recall"] == 1.0
    assert (scores.exemptions.fp, scores.exemptions.fn) == (0, 0)


def test_a_missed_not_held_outcome_is_listed(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", GOLD | {"not_held": True})
    scores = score(gold, write_predictions(tmp_path / "p", [document()], [], []))
    assert scores.figures()["not_held_recall"] == 0.0
    assert Finding("leeds", "missed not held", "") in scores.findings


def test_a_product_name_matches_with_or_without_its_generic_head() -> None:
    from foi_extract.evaluate.scoring import name_key

    assert name_key("the Kestrel Brokerage module") == name_key("Kestrel Brokerage")
    assert name_key("Harbour System") == name_key("Harbour")
    assert name_key("System") == "system"  # a one-word name keeps its word
    assert name_key("Kestrel Brokerage") != name_key("Kestrel Payments")


def test_a_council_named_another_way_is_the_same_council() -> None:
    """Gold writes the name a council uses; the tables carry the register's official name."""
    from foi_extract.evaluate.scoring import same_council

    assert same_council("Wakefield Council", "Wakefield Metropolitan District Council")
    assert same_council("The City of Edinburgh Council", "City of Edinburgh Council")
    assert same_council("City and County of Swansea", "City and County of Swansea Council")
    assert not same_council("Wirral Council", "Wigan Council")
