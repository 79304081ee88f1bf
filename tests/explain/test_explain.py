"""`foi-extract explain`: on real files of every format, every value has its rule and every
candidate its fate."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from foi_extract.cli import app
from foi_extract.explain import explain_file, render_html, render_text, value_rules
from foi_extract.pipeline import RunOptions, run_pipeline
from tests.support import fixtures as f

RESPONSE = f.Response(
    title="FOI 2024/0117 - social care systems",
    letterhead=("Leeds City Council", "Freedom of Information", "Our ref: FOI-0117"),
    blocks=(
        f.q("1. Which case management system do you use for adults?"),
        f.a(
            "We do not use Mosaic. Adult social care uses LAS, supplied by System C. "
            "It is hosted in the cloud; the reporting server is on premises."
        ),
        f.q("2. When does the contract end?"),
        f.a("The contract ends on 31 March 2027, with the option to extend for two years."),
        f.a("Section 43(2) applies to the costs. Section 99 does not."),
    ),
    signature=("Yours sincerely,", "Information Governance Team", "Leeds City Council"),
    sender="foi@leeds.gov.uk",
)
RENDERERS = {
    "reply.pdf": lambda: f.to_pdf(RESPONSE),
    "reply.docx": lambda: f.to_docx(RESPONSE),
    "reply.html": lambda: f.to_disclosure_log_html(
        RESPONSE, "https://www.leeds.gov.uk/foi/117"
    ).encode(),
    "reply.eml": lambda: f.to_eml(RESPONSE),
    "reply.txt": lambda: f.to_text(RESPONSE).encode("utf-8"),
}


@pytest.fixture(params=sorted(RENDERERS))
def response_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / request.param
    path.write_bytes(RENDERERS[request.param]())
    return path


def test_explain_names_winners_losers_and_rejected_candidates_in_every_format(
    response_file: Path,
) -> None:
    (explained,) = explain_file(response_file)
    (fact,) = explained.systems
    rules = value_rules(fact)
    assert rules["system"] == ("Liquidlogic LAS", "gazetteer.context@1")
    assert rules["supplier"] == ("System C", "suppliers.after_system@1")
    assert rules["contract_end"] == ("2027-03-31", "dates.roles.contract_end@1")
    assert rules["extension_until"] == ("2029-03-31", "dates.extension@1")
    outcomes = {(d.finding.field, d.finding.value, d.outcome): d for d in explained.decisions}
    rejected = outcomes[("system", "Mosaic", "rejected")]
    assert rejected.reason == "negated: reached by modifier modifiers.we_do_not_use@2"
    assert ("system", "Mosaic", "won") not in outcomes
    outranked = outcomes[("hosting", "council", "outranked")]
    assert outranked.reason.startswith("outranked by hosting.cloud@3")
    assert (
        outcomes[("exemption", "s99", "invalid")].reason == "section 99 is no exemption of the Act"
    )
    assert ("exemption", "s43(2)", "won") in outcomes
    council = [d for d in explained.decisions if d.finding.field == "council"]
    assert council and all(d.outcome == "won" for d in council)
    assert all(d.finding.rule_id.startswith("authorities.") for d in council)


def test_the_field_option_keeps_one_field(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(RENDERERS["reply.txt"]())
    text = render_text(explain_file(path), "hosting")
    assert "hosting.cloud@3" in text and "hosting.council_premises@6" in text
    assert "dates.roles.contract_end@1" not in text


def test_the_html_page_highlights_every_finding_over_the_text(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(RENDERERS["reply.txt"]())
    page = render_html(explain_file(path))
    assert re.search(r'<mark class="rejected" title="[^"]*modifiers\.we_do_not_use@2', page)
    assert re.search(r'<mark class="won" title="[^"]*hosting\.cloud@3[^"]*">cloud</mark>', page)
    assert "<script" not in page


def test_the_cli_prints_and_writes_html(tmp_path: Path) -> None:
    path = tmp_path / "reply.eml"
    path.write_bytes(RENDERERS["reply.eml"]())
    result = CliRunner().invoke(
        app, ["explain", str(path), "--field", "system", "--html", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 0, result.output
    assert "REJECTED  system" in result.output and "modifiers.we_do_not_use@2" in result.output
    assert (tmp_path / "x.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_explain_names_the_rule_of_every_value_in_the_samples_systems_table(
    project_root: Path, tmp_path: Path
) -> None:
    sample = project_root / "data" / "raw" / "sample"
    run_pipeline([sample], tmp_path, RunOptions(workers=1, resume=False))
    table = pd.read_parquet(tmp_path / "systems.parquet")
    documents = pd.read_parquet(tmp_path / "documents.parquet").set_index("doc_id")
    checked = 0
    for source, rows in table.groupby(table.doc_id.map(documents.source_path)):
        path = Path(str(source).split("!/")[0])
        explained = [e for e in explain_file(path) if e.document.doc_id in set(rows.doc_id)]
        facts = {(fact.doc_id, fact.system, fact.service_area): fact for e in explained
                 for fact in e.systems}  # fmt: skip
        for row in rows.itertuples():
            fact = facts[(row.doc_id, row.system, row.service_area)]
            rules = value_rules(fact)
            for column, (value, rule) in rules.items():
                assert str(getattr(row, column)) == value
                assert re.fullmatch(r"[a-z_]+\.[a-z_.]+@\d+", rule), (column, rule)
                checked += 1
    assert checked > 100
