"""Word documents made with python-docx."""

from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from foi_extract.ingest import ingest_bytes


def _save(word: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _hyperlink(paragraph: docx.text.paragraph.Paragraph, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), "register")
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = text
    run.append(run_text)
    link.append(run)
    paragraph._p.append(link)


def test_body_order_keeps_text_then_table_then_text() -> None:
    word = docx.Document()
    word.add_paragraph("Before the table.")
    grid = word.add_table(rows=2, cols=2)
    rows = (("System", "Supplier"), ("Mosaic", "Servelec"))
    for row, values in zip(grid.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    word.add_paragraph("After the table.")
    (document,) = ingest_bytes(_save(word), "reply.docx")
    assert document.text == (
        "Before the table.\n\nSystem | Supplier\nSystem: Mosaic | Supplier: Servelec"
        "\n\nAfter the table."
    )
    table = document.tables[0]
    assert document.text[table.start : table.end].startswith("System | Supplier")


def test_heading_style_is_a_heading_and_the_title_when_no_property() -> None:
    word = docx.Document()
    word.add_heading("Freedom of Information response", level=1)
    word.add_paragraph("We use Mosaic.")
    (document,) = ingest_bytes(_save(word), "reply.docx")
    assert document.title == "Freedom of Information response"
    assert document.styled(0, 31, "heading")


def test_italic_run_inside_a_paragraph_is_styled_alone() -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("The system is ")
    paragraph.add_run("Liquidlogic LCS").italic = True
    paragraph.add_run(".")
    (document,) = ingest_bytes(_save(word), "reply.docx")
    start = document.text.index("Liquidlogic")
    assert [(s.start, s.end, s.style) for s in document.styles] == [(start, start + 15, "italic")]


def test_hyperlink_text_is_kept() -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("See our ")
    _hyperlink(paragraph, "contract register")
    paragraph.add_run(" for details.")
    (document,) = ingest_bytes(_save(word), "reply.docx")
    assert document.text == "See our contract register for details."


def test_header_letterhead_opens_the_text() -> None:
    word = docx.Document()
    word.sections[0].header.is_linked_to_previous = False
    word.sections[0].header.paragraphs[0].text = "Leeds City Council"
    word.add_paragraph("We use Mosaic.")
    (document,) = ingest_bytes(_save(word), "reply.docx")
    assert document.text == "Leeds City Council\n\nWe use Mosaic."


def test_horizontally_merged_cell_counts_once() -> None:
    word = docx.Document()
    grid = word.add_table(rows=2, cols=3)
    grid.cell(0, 0).text, grid.cell(0, 1).text, grid.cell(0, 2).text = "System", "Supplier", "End"
    merged = grid.cell(1, 0).merge(grid.cell(1, 1))
    merged.text = "Mosaic"
    grid.cell(1, 2).text = "2027"
    (document,) = ingest_bytes(_save(word), "reply.docx")
    assert document.tables[0].rows[1] == ["Mosaic", "2027"]
