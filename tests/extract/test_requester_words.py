"""The requester's words are not the council's facts, on every shape they come in (#12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from foi_extract.extract import FactSet

Facts = Callable[..., FactSet]

THREAD_AS_TEXT = """Case management software

Jo Bloggs made this Freedom of Information request to Barsetshire County Council

The request was successful.

Dear Barsetshire County Council,

I understand that the council plans to replace CareFirst with Mosaic next year.
Please tell me when the contract for the current system ends.

Yours faithfully,

Jo Bloggs

Dear Jo Bloggs

Thank you for your request. Adult social care uses Liquidlogic LAS, supplied by System C.
The contract ends on 31 March 2027.

Yours sincerely
Information Governance Team
Barsetshire County Council
"""

THREAD_OF_LETTERS = """Case management software

Jo Bloggs made this Freedom of Information request to London Borough of Barset

From: Jo Bloggs
4 March 2024

Dear London Borough of Barset,

Please tell me which of these you use: Liquidlogic LAS / LCS, Mosaic, Eclipse, Azeus Care.

Yours faithfully,

Jo Bloggs

From: FOI Team
27 March 2024

Dear Ms Bloggs,

The Council uses Mosaic for adults' and children's social care. The other systems listed in
your request are not used.

Yours sincerely,

FOI Team
London Borough of Barset
"""

QUOTED_BACK = """Barsetshire County Council

Dear Ms Smith

Your request reads as follows:

"1. Do you use Mosaic, Eclipse or CareDirector for adult social care?
2. When does the contract end?"

We will respond within 20 working days.
"""


def test_a_thread_saved_as_text_takes_facts_from_the_council_letter_only(facts: Facts) -> None:
    found = facts(THREAD_AS_TEXT)
    assert {(f.system, f.contract_end) for f in found.systems} == {
        ("Liquidlogic LAS", "2027-03-31")
    }


def test_a_thread_of_letters_to_a_borough_takes_facts_from_its_answer_only(
    facts: Facts,
) -> None:
    """Greeting a "London Borough of ..." is writing to the council; a letter signed by one
    is the council's."""
    assert {f.system for f in facts(THREAD_OF_LETTERS).systems} == {"Mosaic"}


def test_a_request_quoted_back_in_an_acknowledgement_is_no_fact(facts: Facts) -> None:
    assert facts(QUOTED_BACK).systems == []


def test_a_restated_question_is_no_fact_however_it_is_worded(facts: Facts) -> None:
    found = facts(
        "Which system do you use?\n\nYou asked whether the Council uses Mosaic, Eclipse or "
        "SystmOne. The request named CareDirector as an example. The Council uses "
        "Liquidlogic LAS for adults.\n"
    )
    assert [f.system for f in found.systems] == ["Liquidlogic LAS"]


def test_a_restated_question_with_an_adverb_is_no_fact(facts: Facts) -> None:
    found = facts(
        "Which system do you use?\n\nYou also asked whether the Council uses Mosaic or Azeus "
        "Care. The Council uses Liquidlogic LAS for adults.\n"
    )
    assert [f.system for f in found.systems] == ["Liquidlogic LAS"]


def test_a_restated_list_wrapped_after_a_comma_stays_the_requesters(facts: Facts) -> None:
    """A line that ends in a comma goes on in the next: the restated list is one sentence,
    all of it reached by "you asked" (a PDF or e-mail line break is no sentence end)."""
    found = facts(
        "Dear Ms Kerr\n\nThank you for your request, in which you asked whether the Council\n"
        "uses Mosaic,\nCareFirst, Liquidlogic LCS or ContrOCC. We will reply within 20 "
        "working days.\n"
    )
    assert found.systems == []


def test_a_question_quoted_at_a_paragraph_start_is_no_fact_but_its_answer_is(
    facts: Facts,
) -> None:
    found = facts(
        "Dear Sir,\n\nYou asked: 'Do you use the Council's Mosaic, supplied by Servelec?' "
        "No: we use Liquidlogic LCS, supplied by System C.\n\n"
        'Your request was: "Which finance system do you use?"\n\nWe use ContrOCC.\n'
    )
    assert sorted(f.system or "" for f in found.systems) == ["ContrOCC", "Liquidlogic LCS"]


def test_a_numbered_question_quoted_in_an_acknowledgement_is_no_fact(facts: Facts) -> None:
    # the quotation's "1. " would end a restated request's scope: the question mark decides
    found = facts(
        'Dear Mr Auchterlonie\n\nThank you for your email. You asked: "1. Do you use '
        'CareFirst, SWIFT or Paris for social work case recording? 2. Who hosts the system?"\n\n'
        "We aim to reply within 20 working days.\n"
    )
    assert found.systems == []
    answered = facts("Dear Mr Auchterlonie\n\nIs Mosaic used? Adults use Mosaic.\n")
    assert [f.system for f in answered.systems] == ["Mosaic"]


def test_an_ordinary_word_is_no_misspelt_product(facts: Facts) -> None:
    found = facts(
        "Which system do you use?\n\nThe system was bought through a Framework call-off.\n"
    )
    assert found.systems == []


@pytest.mark.parametrize(
    "letter",
    [
        # a request quoted back after "which read:"
        'We refer to your request received on 4 May 2024, which read:\n\n"Please send me, for '
        'every system, including Mosaic and CareFirst:\n1. the supplier;\n2. the contract."\n\n'
        "Decision\n\nThe cost of answering would exceed the appropriate limit.\n",
        # another council's system, one considered and not bought, one the council does not use
        "Answer: one neighbouring council uses Mosaic, but we have no access to it.\n",
        "Answer: before the award the Council considered ContrOCC as a finance product.\n",
        "Answer: ContrOCC is therefore not used in this council.\n",
        # a name as a describing word; a system that is not a social care system
        "Answer: the interfaces include SWIFT-style legacy databases and the ledger system.\n",
        "Answer: school records are in Mosaic, the education system, which is not a social care "
        "system.\n",
        # an NHS body or a health provider uses it
        "Answer: the Barset NHS Trust, which uses SystmOne, will be consulted.\n",
        "Answer: Barset and Wessex NHS Foundation Trust uses SystmOne; we do not.\n",
        "Answer: staff employed by NHS Barset use TRAK for health records.\n",
        "Answer: Wellcare, which provides community health services under a partnership "
        "agreement, uses SystmOne.\n",
        # products an evaluation named and did not take, or only saw demonstrated
        "Answer: in 2023 the Council evaluated a number of options for case management, "
        "including\nMosaic and Liquidlogic LAS, and no product has been chosen.\n",
        "Answer: Liquidlogic EYES was demonstrated to the Education Team in 2023.\n",
        "3.2 Option 2 - procure Liquidlogic LCS and LAS: evaluated and rejected on cost.\n",
        "Answer: there is no contract for Mosaic.\n",
        # the acronym of a body in brackets, though the requester names the product in full
        "Dear Barset County Council,\n\nDo you use Liquidlogic LAS?\n\nYours faithfully,\nJo\n\n"
        "Dear Jo,\n\nReferrals from the London Ambulance Service (LAS) are recorded in our "
        "case management system.\n"
        "\nYours sincerely,\nBarset County Council\n",
        # the request quoted back after "You wrote to us on <date> as follows:"
        'You wrote to us on 6 May 2024 as follows:\n\n"I understand that you use Mosaic and '
        'Liquidlogic LCS."\n\nOur response\n\nThe Council does not hold this information.\n',
    ],
)
def test_names_that_are_not_the_councils_systems(facts: Facts, letter: str) -> None:
    assert facts(letter).systems == []
