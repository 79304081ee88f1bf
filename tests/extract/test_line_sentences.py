"""Sentences across line breaks (`nlp.line_sentences`): a line that wraps goes on with its
sentence; a line opening with a list mark starts one."""

from __future__ import annotations

import pytest

from foi_extract.extract.nlp import parse

WIDTH = "The Council answers each of your questions in turn below, as set out in its letter.\n"


def _sentences(text: str) -> list[str]:
    return [sentence.text.strip() for sentence in parse(text).sents if sentence.text.strip()]


@pytest.mark.parametrize(
    ("text", "last"),
    [
        # an abbreviation in brackets after the name it abbreviates, whatever the line's width
        (
            "Both services use the Welsh Community Care Information System\n(WCCIS), supplied by "
            "CareWorks.",
            "Both services use the Welsh Community Care Information System\n(WCCIS), supplied "
            "by CareWorks.",
        ),
        # a full line of a wrapped paragraph, whatever opens the next
        (
            WIDTH + "Adult Social Care and Children's Services both use a system supplied by a "
            "firm\n(a Leeds company) that went live in 2019.",
            "Adult Social Care and Children's Services both use a system supplied by a firm\n"
            "(a Leeds company) that went live in 2019.",
        ),
    ],
)
def test_a_line_that_wraps_goes_on_with_its_sentence(text: str, last: str) -> None:
    assert _sentences(text)[-1] == last


@pytest.mark.parametrize("mark", ["(a)", "(iv)", "(2)", "(B)"])
def test_a_line_opening_with_a_list_mark_starts_a_sentence(mark: str) -> None:
    text = (
        WIDTH + "Adult Social Care and Children's Services both use the systems listed below\n"
        f"{mark} Mosaic, supplied by The Access Group."
    )
    assert _sentences(text)[-1] == f"{mark} Mosaic, supplied by The Access Group."


@pytest.mark.parametrize("form", ["Ltd.", "Inc."])
def test_a_legal_forms_full_stop_ends_its_sentence(form: str) -> None:
    text = f"The software supplier is CareWorks (UK) {form} The system is hosted by DHCW."
    assert _sentences(text) == [
        f"The software supplier is CareWorks (UK) {form}",
        "The system is hosted by DHCW.",
    ]
