"""A thread saved as plain text, read by its salutations: each letter takes the date on the line
above it, and the response date is the council's reply, not the request. Invented threads."""

from __future__ import annotations

import pytest

from foi_extract.document import Document
from foi_extract.extract.metadata import read_response_date
from foi_extract.ingest import ingest_bytes

REQUEST = (
    "Dear Wexcombe Borough Council,\n\nPlease tell me which case management system you use.\n\n"
    "Yours faithfully,\nMorgan Tilley\n\n"
)
ACKNOWLEDGEMENT = (
    "Dear Mx Tilley,\n\nThank you for your request. You will receive a response within 20 "
    "working days.\n\nInformation Governance\nWexcombe Borough Council\n\n"
)
ANSWER = (
    "Dear Mx Tilley,\n\nWexcombe Borough Council uses Mosaic for adult social care.\n\n"
    "Yours sincerely,\nInformation Governance\nWexcombe Borough Council\n\n"
)
SEPARATOR = "=" * 40

SHAPES = {
    "stacked under From:": (
        "Systems - a Freedom of Information request to Wexcombe Borough Council\n\n"
        "Request made by Morgan Tilley\n3 February 2021\n\n{request}"
        "From: Information Governance, Wexcombe Borough Council\n4 February 2021\n\n{ack}"
        "From: Information Governance, Wexcombe Borough Council\n2 March 2021\n\n{answer}"
    ),
    "one line, separators around": (
        "{sep}\nMorgan Tilley made this Freedom of Information request to Wexcombe Borough "
        "Council\n3 February 2021\n{sep}\n\n{request}"
        "{sep}\nWexcombe Borough Council                 4 February 2021\n{sep}\n\n{ack}"
        "{sep}\nWexcombe Borough Council                 2 March 2021\n{sep}\n\n{answer}"
    ),
    "sender, date": (
        "Morgan Tilley, 3 February 2021\n\n{request}"
        "Wexcombe Borough Council, 4 February 2021\n\n{ack}"
        "Wexcombe Borough Council, 2 March 2021\n\n{answer}"
    ),
    "labelled": (
        "From: Morgan Tilley\nDate: 3 February 2021\n\n{request}"
        "From: Wexcombe Borough Council\nDate: 4 February 2021\n\n{ack}"
        "From: Wexcombe Borough Council\nDate: 2 March 2021\n\n{answer}"
    ),
}


def _thread(shape: str) -> Document:
    text = SHAPES[shape].format(request=REQUEST, ack=ACKNOWLEDGEMENT, answer=ANSWER, sep=SEPARATOR)
    (document,) = ingest_bytes(text.encode(), "thread.txt")
    return document


@pytest.mark.parametrize("shape", SHAPES)
def test_each_letter_takes_the_date_above_it(shape: str) -> None:
    document = _thread(shape)
    found = [(m.role, m.date) for m in document.messages]
    assert found == [
        ("requester", "2021-02-03"),
        ("council", "2021-02-04"),
        ("council", "2021-03-02"),
    ]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_response_date_is_the_councils_answer_not_the_request(shape: str) -> None:
    assert read_response_date(_thread(shape)) == "2021-03-02"


def test_a_line_that_does_not_end_in_a_date_dates_no_letter() -> None:
    text = (
        f"Request made by Morgan Tilley\n3 February 2021\n\n{REQUEST}"
        f"Your request was received on 3 February 2021 and is answered below.\n\n{ANSWER}"
    )
    (document,) = ingest_bytes(text.encode(), "thread.txt")
    assert [m.date for m in document.messages] == ["2021-02-03", None]


def test_only_the_last_line_above_the_salutation_is_read() -> None:
    text = f"Request made by Morgan Tilley\n3 February 2021\nRe: case management\n\n{REQUEST}"
    (document,) = ingest_bytes((text + ANSWER).encode(), "thread.txt")
    assert [m.date for m in document.messages] == [None, None]


def test_ruled_header_lines_name_the_sender_of_a_letter_signed_by_a_person() -> None:
    answer = (
        "Dear Mx Tilley,\n\nWexcombe uses Mosaic for adult social care.\n\n"
        "Yours sincerely,\nR. Hadfield\nInformation Governance Officer\n\n"
    )
    text = (
        f"{SEPARATOR}\nMorgan Tilley made this Freedom of Information request to Wexcombe "
        f"Borough Council\n3 February 2021\n{SEPARATOR}\n\n{REQUEST}"
        f"{SEPARATOR}\nWexcombe Borough Council                 2 March 2021\n{SEPARATOR}\n\n"
        f"{answer}"
    )
    (document,) = ingest_bytes(text.encode(), "thread.txt")
    assert [(m.role, m.date) for m in document.messages] == [
        ("requester", "2021-02-03"),
        ("council", "2021-03-02"),
    ]
    assert read_response_date(document) == "2021-03-02"
