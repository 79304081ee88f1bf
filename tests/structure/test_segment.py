"""Structure: questions, answers and service areas found in the shapes real replies take."""

from __future__ import annotations

from foi_extract.extract import extract_facts
from foi_extract.ingest import ingest_bytes
from foi_extract.structure.blocks import segment
from tests.support import fixtures as f

PDF_AS_TEXT = """1. Name of system and supplier (or if built in-house)
Children's Social Care response:
Liquidlogic LCS

Adult's Social Care response:
Mosaic

2. What do you use the system for (case management, finances, direct payments,
personal health budgets, document management etc)
Children's Social Care response:
All aspects of case management.

4. When the current contract for the system expires
Adult's Social Care response:
March 2028.
"""


def _blocks(text: str) -> list[tuple[str, str | None, str]]:
    document = ingest_bytes(text.encode("utf-8"), "reply.txt")[0]
    return [(b.kind, b.service_area, document.text[b.start : b.end]) for b in segment(document)]


def test_questions_headings_and_answers_run_together_are_split_by_line() -> None:
    blocks = _blocks(PDF_AS_TEXT)
    assert blocks[:4] == [
        ("question", None, "1. Name of system and supplier (or if built in-house)"),
        ("heading", "children", "Children's Social Care response:"),
        ("answer", "children", "Liquidlogic LCS"),
        ("heading", "adults", "Adult's Social Care response:"),
    ]


def test_a_question_wrapped_over_lines_stays_one_question() -> None:
    questions = [text for kind, _, text in _blocks(PDF_AS_TEXT) if kind == "question"]
    assert questions[1].endswith("document management etc)")


def test_an_answer_under_a_numbered_question_gets_its_role_and_area_from_it() -> None:
    document = ingest_bytes(PDF_AS_TEXT.encode("utf-8"), "reply.txt")[0]
    found = {fact.system: fact for fact in extract_facts(document).systems}
    assert (found["Mosaic"].service_area, found["Mosaic"].contract_end) == ("adults", "2028-03")
    assert found["Liquidlogic LCS"].purpose == "case management"


def test_an_answer_on_the_question_line_is_an_answer() -> None:
    blocks = _blocks("3. Who provides your case management system ? Mosaic, from Servelec\n")
    assert [kind for kind, _, _ in blocks] == ["question", "answer"]
    assert blocks[1][2] == "Mosaic, from Servelec"


def test_a_numbered_question_after_a_request_label_is_the_question() -> None:
    text = (
        "Request: 1. Do you use Mosaic, LCS or Eclipse for children? If none, name it.\n"
        "Response: Children's social care records casework in CareFirst.\n"
    )
    assert [kind for kind, _, _ in _blocks(text)] == ["question", "answer"]
    document = ingest_bytes(text.encode("utf-8"), "log.txt")[0]
    assert [fact.system for fact in extract_facts(document).systems] == ["CareFirst"]


def test_examples_after_the_question_mark_are_still_the_question() -> None:
    text = "6. Which case management system do you use? e.g. Mosaic, Eclipse\nWe use CareFirst.\n"
    document = ingest_bytes(text.encode("utf-8"), "reply.txt")[0]
    assert [fact.system for fact in extract_facts(document).systems] == ["CareFirst"]


def _question_table(*rows: tuple[str, str, str]) -> f.Response:
    header = ("Question", "Children's Services", "Adult Social Care")
    return f.Response(title="t", letterhead=("Wigan Council",), blocks=(f.table(header, *rows),))


def test_a_table_column_per_service_area_gives_each_answer_its_area() -> None:
    response = _question_table(
        ("1. Name of system and supplier (e.g. Eclipse)", "Liquidlogic LCS", "Mosaic"),
        ("2. When does the contract expire?", "31/03/2027", "March 2026"),
        ("3. How is it hosted?", "On premises", "Hosted by the supplier"),
    )
    for name, data in (("r.docx", f.to_docx(response)), ("r.pdf", f.to_pdf(response))):
        found = {s.system: s for s in extract_facts(ingest_bytes(data, name)[0]).systems}
        assert set(found) == {"Liquidlogic LCS", "Mosaic"}, name
        lcs, mosaic = found["Liquidlogic LCS"], found["Mosaic"]
        assert (lcs.service_area, lcs.contract_end, lcs.hosting) == (
            "children",
            "2027-03-31",
            "council",
        )
        assert (mosaic.service_area, mosaic.contract_end, mosaic.hosting) == (
            "adults",
            "2026-03",
            "supplier",
        )


def test_a_table_row_per_question_keeps_the_question_cell_out_of_the_facts() -> None:
    response = f.Response(
        title="t",
        letterhead=(),
        blocks=(
            f.table(
                ("Question", "Response"),
                ("Do you use Mosaic, LCS or Eclipse?", "We use CareFirst for adults."),
            ),
        ),
    )
    document = ingest_bytes(f.to_docx(response), "r.docx")[0]
    assert [s.system for s in extract_facts(document).systems] == ["CareFirst"]


def test_a_request_written_as_statements_keeps_the_statements_out_of_the_facts() -> None:
    response = f.Response(
        title="t",
        letterhead=(),
        blocks=(
            f.table(
                ("Your statement", "Council response"),
                (
                    "1. The Council uses Liquidlogic LCS for children's social care.",
                    "Not correct. Children's and adults' social care both use WCCIS.",
                ),
                ("2. Adult social care uses Mosaic.", "Not correct: see statement 1."),
            ),
        ),
    )
    document = ingest_bytes(f.to_docx(response), "r.docx")[0]
    facts = extract_facts(document).systems
    assert [(s.system, s.service_area) for s in facts] == [("WCCIS", "both")]


DISCLOSURE_LOG = """<html><body><h1>Social care systems</h1>
<h2>Request</h2>
<p>Our understanding is that the council uses Mosaic for adults. Please confirm the following.</p>
<p><strong>a) The system used to record children's casework and its contract end date.</strong></p>
<p>Children's Social Care uses Liquidlogic LCS. The contract expires in March 2027.</p>
</body></html>"""


def test_the_request_under_its_heading_before_its_first_question_is_the_requesters() -> None:
    (document,) = ingest_bytes(DISCLOSURE_LOG.encode(), "log.html")
    kinds = [(b.kind, document.text[b.start : b.end][:14]) for b in segment(document)]
    assert [k for k, _ in kinds] == ["heading", "heading", "quote", "question", "answer"]
    facts = extract_facts(document).systems
    assert [(s.system, s.contract_end) for s in facts] == [("Liquidlogic LCS", "2027-03")]


def test_a_numbered_question_answered_after_a_dash_splits_there() -> None:
    from foi_extract.ingest import ingest_bytes
    from foi_extract.structure.blocks import segment

    text = "4. The annual cost of each system – this information is exempt under section 43(2).\n"
    document = ingest_bytes(text.encode(), "reply.txt")[0]
    kinds = [(b.kind, document.text[b.start : b.end].strip()) for b in segment(document)]
    assert kinds == [
        ("question", "4. The annual cost of each system –"),
        ("answer", "this information is exempt under section 43(2)."),
    ]


QUOTED_QUESTIONS = """From: Information Team <information@brackenshire.gov.uk>
To: Dana Whitlow <dana.whitlow@example.net>
Subject: FOI 4410 - Response

Good morning Ms Whitlow,

Your questions are quoted, with our answers beneath each one.

> Which system do you use for finance and
> charging?

Abacus, for adult social care financial assessments.

> Who supplies it?

Civica.
"""


def test_a_quoted_question_in_the_councils_reply_is_the_question_its_answer_answers() -> None:
    document = ingest_bytes(QUOTED_QUESTIONS.encode("utf-8"), "reply.txt")[0]
    blocks = segment(document)
    answer = next(b for b in blocks if document.text[b.start : b.end].startswith("Abacus"))
    assert answer.kind == "answer" and answer.question is not None
    asked = document.text[answer.question.start : answer.question.end]
    assert asked == "Which system do you use for finance and\ncharging?"  # its wrapped lines too
    facts = extract_facts(document)
    assert {fact.system for fact in facts.systems} == {"Abacus"}  # "system" asked: software


NUMBERED_ANSWERS = """Dear Requester,

Our adults' services use Mosaic, supplied by Servelec.
4. The current agreement expires on 31 March 2027.
5. The system is hosted by the supplier.
6. The annual cost is withheld under section 43(2) of the Freedom of Information Act.
"""


def test_a_numbered_line_that_states_a_fact_is_an_answer_not_a_request() -> None:
    assert [kind for kind, _, _ in _blocks(NUMBERED_ANSWERS)] == ["answer", "answer"]
    document = ingest_bytes(NUMBERED_ANSWERS.encode("utf-8"), "reply.txt")[0]
    found = extract_facts(document)
    (mosaic,) = found.systems
    assert (mosaic.contract_end, mosaic.hosting) == ("2027-03-31", "supplier")
    assert [(e.provision, e.applied) for e in found.exemptions] == [("s43(2)", True)]


def test_a_numbered_request_item_stays_a_request() -> None:
    blocks = _blocks(
        "4. The date the current contract ends\n"
        "5. The annual cost of the system\n"
        "6. The system is hosted where?\n"
    )
    assert [kind for kind, _, _ in blocks] == ["question", "question", "question"]


def test_a_question_line_goes_on_into_an_answer_in_the_councils_voice() -> None:
    line = (
        "Q8. Please provide the annual cost. The council publishes its spending over £500 on "
        "its website, so this is exempt under section 21 of the Freedom of Information Act.\n"
    )
    assert [(kind, text[:24]) for kind, _, text in _blocks(line)] == [
        ("question", "Q8. Please provide the a"),
        ("answer", "The council publishes it"),
    ]
    document = ingest_bytes(line.encode("utf-8"), "reply.txt")[0]
    exemptions = extract_facts(document).exemptions
    assert [(e.provision, e.applied) for e in exemptions] == [("s21", True)]
    # a request's second sentence is still the request
    kinds = [kind for kind, _, _ in _blocks("Q3. Please list the systems. Please add versions.\n")]
    assert kinds == ["question"]


def test_a_wrapped_line_that_names_an_area_is_no_heading() -> None:
    """A line cut by the wrap in mid-phrase ("... LAS since") or in the perfect tense is
    prose, even when it opens with a service area; only a short phrase stands alone."""
    reply = (
        "### Response\n\n"
        "Adults' services have recorded their casework in Liquidlogic LAS since\n"
        "October 2016. Children's services have used Liquidlogic LCS since April 2015.\n\n"
        "Adults' services\n\n"
        "Contracts are managed by the commissioning team.\n"
    )
    document = ingest_bytes(reply.encode("utf-8"), "reply.md")[0]
    headings = [document.text[b.start : b.end] for b in segment(document) if b.kind == "heading"]
    assert headings == ["Response", "Adults' services"]
    found = {fact.system: fact for fact in extract_facts(document).systems}
    assert found["Liquidlogic LAS"].in_use_since == "2016-10"
    assert found["Liquidlogic LCS"].in_use_since == "2015-04"


def test_a_q_label_over_a_statement_is_an_answer() -> None:
    """Answers that follow the request's numbering with its "Q" labels state facts ("Q1.
    Children's social care case management is recorded on LCS"); a labelled request that
    states nothing ("Q5. Contract start and end dates") stays a question."""
    reply = (
        "Our answers follow your numbering.\n\n"
        "Q1. Children's social care case management is recorded on Liquidlogic LCS,\n"
        "which went live in May 2014.\n\n"
        "Q2. Yes, early help work is recorded on the Liquidlogic Early Help Module.\n\n"
        "Q5. Contract start and end dates\n\n"
        "The contract ends on 31 March 2027.\n"
    )
    kinds = [(kind, text.split("\n")[0]) for kind, _, text in _blocks(reply)]
    assert (
        "answer",
        "Q1. Children's social care case management is recorded on Liquidlogic LCS,",
    ) in kinds
    assert (
        "answer",
        "Q2. Yes, early help work is recorded on the Liquidlogic Early Help Module.",
    ) in kinds
    assert ("question", "Q5. Contract start and end dates") in kinds


def test_a_numbered_headings_area_ends_where_the_next_item_begins() -> None:
    """ "2. System used by children's services" gives its area to item 2 only: the answers
    under "3. Hosting" speak of every system, so the area of an unnumbered heading above the
    list (none here) is in force again, and a system named for adults there stays adults'."""
    reply = (
        "1. Case recording system used by adult services\n\n"
        "1. Adult Social Care has used Mosaic since June 2017.\n\n"
        "2. Case recording system used by children's services\n\n"
        "2. Children's Social Care uses Liquidlogic LCS.\n\n"
        "3. Hosting\n\n"
        "3. Mosaic is hosted by the supplier. LCS runs on our own servers.\n"
    )
    areas = {text.split("\n")[0]: area for _, area, text in _blocks(reply)}
    assert areas["2. Children's Social Care uses Liquidlogic LCS."] == "children"
    assert areas["3. Mosaic is hosted by the supplier. LCS runs on our own servers."] is None
    document = ingest_bytes(reply.encode("utf-8"), "reply.txt")[0]
    found = {fact.system: fact for fact in extract_facts(document).systems}
    assert (found["Mosaic"].service_area, found["Mosaic"].hosting) == ("adults", "supplier")
    # an unnumbered heading's area still holds over the numbered items under it
    under = _blocks("Children's services\n\n1. Hosting\n\nLCS runs on our own servers.\n")
    assert under[-1][1] == "children"
