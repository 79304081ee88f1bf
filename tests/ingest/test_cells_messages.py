"""Ingest fills `Document.cells` and `Document.messages` once, for every later stage to read.

Every file here is made by the fixtures (real PDF, Word, HTML, Excel, e-mail) or typed as bytes.
"""

from __future__ import annotations

import pytest

from foi_extract.document import Cell, Document
from foi_extract.ingest import ingest_bytes
from tests.support.fixtures import (
    Response,
    to_docx,
    to_eml,
    to_pdf,
    to_whatdotheyknow_html,
    to_xlsx,
)

ROWS = [
    ["System", "Supplier", "Contract end"],
    ["Liquidlogic LCS", "Liquidlogic", "31/03/2027"],
    ["ContrOCC", "Oxford Computer Consultants", "31/03/2026"],
]


def _cells(document: Document) -> list[tuple[int, int, str | None, str]]:
    """(row, column, header, value) of every body cell, the value read from the text span."""
    return [
        (cell.row, cell.column, cell.header, document.text[cell.start : cell.end])
        for cell in document.cells
        if not cell.header_row
    ]


def _check_table(document: Document) -> None:
    header = [cell for cell in document.cells if cell.header_row]
    assert [document.text[cell.start : cell.end] for cell in header] == ROWS[0]
    assert all(cell.header is None for cell in header)
    assert (1, 1, "Supplier", "Liquidlogic") in _cells(document)
    assert (2, 2, "Contract end", "31/03/2026") in _cells(document)
    offset = document.text.index("Oxford Computer Consultants") + 3
    assert document.cell_at(offset) == Cell(
        0,
        2,
        1,
        offset - 3,
        offset - 3 + len("Oxford Computer Consultants"),
        "Supplier",
    )
    assert document.cell_at(document.text.index("Supplier:")) is None


@pytest.mark.parametrize("kind", ["pdf", "docx", "html", "xlsx"])
def test_table_cells_have_their_header_row_column_and_span(response: Response, kind: str) -> None:
    if kind == "pdf":
        documents = ingest_bytes(to_pdf(response), "reply.pdf")
    elif kind == "docx":
        documents = ingest_bytes(to_docx(response), "reply.docx")
    elif kind == "html":
        page = to_whatdotheyknow_html(response, "Systems", "https://www.whatdotheyknow.com/r/1")
        documents = ingest_bytes(page.encode(), "reply.html")
    else:
        documents = ingest_bytes(to_xlsx(ROWS), "systems.xlsx")
    _check_table(documents[0])


def _text(text: str) -> Document:
    return ingest_bytes(text.encode(), "reply.txt")[0]


@pytest.mark.parametrize(
    "typed",
    [
        "| System | Supplier |\n|---|---|\n| Mosaic | Servelec |\n| LCS | Liquidlogic |\n",
        "System | Supplier\nMosaic | Servelec\nLCS | Liquidlogic\n",
        "System\tSupplier\nMosaic\tServelec\nLCS\tLiquidlogic\n",
        "System       Supplier\nMosaic       Servelec\nLCS          Liquidlogic\n",
        # a grid table: borders between rows, a cell wrapped over two lines
        "+--------+-------------+\n| System | Supplier    |\n+========+=============+\n"
        "| Mosaic | Servelec    |\n+--------+-------------+\n| LCS    | Liquidlogic |\n"
        "|        |             |\n+--------+-------------+\n",
    ],
    ids=["markdown-pipes", "pipes", "tabs", "spaces", "grid"],
)
def test_tables_typed_in_a_text_file_become_cells(typed: str) -> None:
    document = _text("Our systems are below.\n\n" + typed)
    assert _cells(document) == [
        (1, 0, "System", "Mosaic"),
        (1, 1, "Supplier", "Servelec"),
        (2, 0, "System", "LCS"),
        (2, 1, "Supplier", "Liquidlogic"),
    ]


def test_prose_typed_with_two_spaces_is_no_table() -> None:
    document = _text("We use Mosaic.  It is hosted by the supplier.\n")
    assert document.cells == [] and document.tables == []


def test_a_pipe_table_whose_first_row_holds_figures_has_no_header() -> None:
    document = _text("Reference | FOI 4410\nDate | 5 May 2024\n")
    assert {cell.header for cell in document.cells} == {None}
    assert document.text == "Reference | FOI 4410\nDate | 5 May 2024"


def test_an_email_reply_quoting_the_request_is_a_council_and_a_requester_message(
    response: Response,
) -> None:
    request_text = "Dear Leeds City Council,\nDo you use CareFirst or Mosaic?"
    (document, *_) = ingest_bytes(to_eml(response, quoted=request_text), "reply.eml")
    reply, request = document.messages
    assert (reply.role, reply.depth, reply.date) == ("council", 0, "2024-03-05")
    assert reply.sender is not None and reply.sender.address == "foi@leeds.gov.uk"
    assert (request.role, request.depth, request.date) == ("requester", 1, "2024-02-01")
    assert document.text[request.body_start : request.end].startswith("Dear Leeds City Council")
    assert document.message_at(document.text.index("We use Liquidlogic LCS")) == reply
    assert document.message_at(document.text.index("Do you use CareFirst")) == request


def test_a_whatdotheyknow_page_gives_the_requester_and_council_messages(
    response: Response,
) -> None:
    page = to_whatdotheyknow_html(response, "Systems", "https://www.whatdotheyknow.com/r/1")
    (document,) = ingest_bytes(page.encode(), "request.html")
    assert [message.role for message in document.messages] == ["requester", "council"]
    request, reply = document.messages
    assert document.text[request.start : request.end].startswith("Dear council")
    assert "Liquidlogic LCS" in document.text[reply.body_start : reply.end]


def test_a_whatdotheyknow_thread_printed_as_text_gives_dated_messages() -> None:
    document = _text(
        "A. Person 2 Awst 2022\n\nDear Exampleshire Council,\n\nWhich system do you use?\n\n"
        "Rhyddid Gwybodaeth, Exampleshire Council 31 Awst 2022\n\nDear A. Person\n\nWe use WCCIS.\n"
    )
    assert [(m.role, m.date) for m in document.messages] == [
        ("requester", "2022-08-02"),
        ("council", "2022-08-31"),
    ]


def test_a_grid_tables_wrapped_cell_is_one_value() -> None:
    document = _text(
        "+--------+--------------------+\n| System | Go-live / contract |\n"
        "+--------+--------------------+\n| Mosaic | Live Oct 2014.     |\n"
        "|        | Contract ends      |\n|        | 30/06/2024         |\n"
        "+--------+--------------------+\n"
    )
    assert _cells(document)[1] == (
        1,
        1,
        "Go-live / contract",
        "Live Oct 2014. Contract ends 30/06/2024",
    )


def test_a_spaced_tables_cell_wrapped_onto_an_indented_line_is_one_value() -> None:
    document = _text(
        "System                          Supplier           Contract end\n"
        "------------------------------  -----------------  ------------\n"
        "Liquidlogic LCS                 Liquidlogic        31/03/2026\n"
        "PennyPath Charging (formerly    Orchardgate Ltd    31/05/2026\n"
        "  FinAssess Pro)\n"
    )
    values = [value for _, _, header, value in _cells(document) if header == "System"]
    assert values[-1] == "PennyPath Charging (formerly FinAssess Pro)"
