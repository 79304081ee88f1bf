"""Every ingestor on a real file of its format: text, pages, styles, tables, children."""

from __future__ import annotations

from foi_extract.document import Document
from foi_extract.ingest import IngestLimits, ingest_bytes
from tests.support import fixtures
from tests.support.fixtures import Response

ROW = "System: Liquidlogic LCS | Supplier: Liquidlogic | Contract end: 31/03/2027"


def _one(data: bytes, name: str) -> Document:
    document = ingest_bytes(data, name)[0]
    assert document.status == "ok", document.error
    return document


def test_pdf_text_pages_and_ruled_table(response: Response) -> None:
    document = _one(fixtures.to_pdf(response, pages=3), "reply.pdf")
    assert document.media_type == "application/pdf"
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert ROW in document.text
    assert document.tables[0].rows[2] == ["ContrOCC", "Oxford Computer Consultants", "31/03/2026"]
    third = document.pages[2]
    assert document.text[third.start : third.end].startswith("Page 3")
    assert document.page_at(document.text.index("Page 3")) == 3
    assert document.title == response.title


def test_pdf_paragraphs_are_separated_by_blank_lines(response: Response) -> None:
    document = _one(fixtures.to_pdf(response), "reply.pdf")
    assert "\n\nWe use Liquidlogic LCS, hosted by the supplier.\n\n" in document.text


def test_docx_keeps_bold_questions_and_tables(response: Response) -> None:
    document = _one(fixtures.to_docx(response), "reply.docx")
    question = document.text.index("1. Which case management")
    assert document.styled(question, question + 20, "bold")
    assert ROW in document.text
    assert document.tables[0].rows[0] == ["System", "Supplier", "Contract end"]


def test_disclosure_log_page_drops_boilerplate(response: Response) -> None:
    html = fixtures.to_disclosure_log_html(response, "https://www.leeds.gov.uk/foi/2024-101")
    document = _one(html.encode(), "page.html")
    assert document.source_url == "https://www.leeds.gov.uk/foi/2024-101"
    assert "cookies" not in document.text and "Accessibility" not in document.text
    assert ROW in document.text
    assert document.title == response.title


def test_whatdotheyknow_page_marks_the_requester_as_quote(response: Response) -> None:
    html = fixtures.to_whatdotheyknow_html(response, "Social care software", "https://x/request/1")
    document = _one(html.encode(), "request.html")
    asked = document.text.index("e.g. Mosaic")
    answered = document.text.index("We use Liquidlogic LCS")
    assert document.styled(asked, asked + 10, "quote")
    assert not document.styled(answered, answered + 10, "quote")
    assert "Things to do with this request" not in document.text


def test_email_body_quote_and_attachment_child(response: Response) -> None:
    attachment = ("answer.docx", fixtures.to_docx(response), "application/octet-stream")
    data = fixtures.to_eml(response, quoted="Do you use Mosaic?", attachments=[attachment])
    documents = ingest_bytes(data, "reply.eml")
    mail, child = documents
    assert mail.metadata["from"] == "FOI Team <foi@leeds.gov.uk>"
    quoted = mail.text.index("Do you use Mosaic?")
    assert mail.styled(quoted, quoted + 10, "quote")
    assert (child.parent_doc_id, child.source_path) == (mail.doc_id, "reply.eml!/answer.docx")
    assert child.media_type.endswith("wordprocessingml.document") and ROW in child.text


def test_markdown_emphasis_becomes_styles_without_markers(response: Response) -> None:
    document = _one(fixtures.to_markdown(response).encode(), "reply.md")
    assert "**" not in document.text and "*We use" not in document.text
    answer = document.text.index("We use Liquidlogic")
    assert document.styled(answer, answer + 10, "italic")
    assert ROW in document.text


def test_xlsx_and_csv_are_tables(response: Response) -> None:
    rows = response.blocks[3].rows
    for data, name in ((fixtures.to_xlsx(rows), "systems.xlsx"), (fixtures.to_csv(rows), "s.csv")):
        document = _one(data, name)
        assert ROW in document.text, name
        assert document.tables[0].rows[1][0] == "Liquidlogic LCS"


def test_zip_members_become_children_in_order(response: Response) -> None:
    bundle = fixtures.to_zip(
        [("a/reply.pdf", fixtures.to_pdf(response)), ("b/notes.txt", b"Hosted on premise.")]
    )
    archive, pdf, text = ingest_bytes(bundle, "bundle.zip")
    assert archive.status == "ok"
    assert [pdf.source_path, text.source_path] == [
        "bundle.zip!/a/reply.pdf",
        "bundle.zip!/b/notes.txt",
    ]
    assert {pdf.parent_doc_id, text.parent_doc_id} == {archive.doc_id}


def test_nested_zip_past_the_depth_limit_is_an_error_row() -> None:
    inner = fixtures.to_zip([("deep.txt", b"deep")])
    outer = fixtures.to_zip([("inner.zip", inner)])
    _, middle, deep = ingest_bytes(outer, "outer.zip", limits=IngestLimits(max_depth=1))
    assert middle.status == "ok"
    assert deep.source_path == "outer.zip!/inner.zip!/deep.txt"
    assert (deep.status, deep.error) == ("error", "nested too deep: past the depth limit (1)")


def test_content_beats_a_wrong_extension(response: Response) -> None:
    document = _one(fixtures.to_pdf(response), "reply.docx")
    assert document.media_type == "application/pdf"
