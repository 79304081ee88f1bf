"""Plain text and Markdown files."""

from __future__ import annotations

from foi_extract.ingest import ingest_bytes


def test_text_paragraphs_and_lines_are_kept() -> None:
    (document,) = ingest_bytes(
        b"Dear  requester,\r\n\r\nWe use Mosaic.\r\nIt is hosted.\r\n", "a.txt"
    )
    assert document.text == "Dear requester,\n\nWe use Mosaic.\nIt is hosted."
    assert [(page.number, page.start, page.end) for page in document.pages] == [(1, 0, 45)]


def test_cp1252_smart_quotes_decode_right() -> None:
    text = "The council\u2019s \u201cCareFirst\u201d contract costs \u00a312,000 a year."
    (document,) = ingest_bytes(text.encode("cp1252"), "reply.txt")
    assert document.text == text


def test_utf16_with_bom_decodes_and_drops_the_bom() -> None:
    (document,) = ingest_bytes("We use Mosaic.".encode("utf-16"), "reply.txt")
    assert document.text == "We use Mosaic."


def test_markdown_bold_and_italic_are_styles_without_markers() -> None:
    (document,) = ingest_bytes(b"**Which system?**\n\n*We use Mosaic.*\n", "reply.md")
    assert document.text == "Which system?\n\nWe use Mosaic."
    assert document.styled(0, 13, "bold")
    assert document.styled(15, 29, "italic") and not document.styled(15, 29, "bold")


def test_markdown_link_keeps_its_text_only() -> None:
    (document,) = ingest_bytes(b"See our [contract register](https://x.gov.uk/c).", "reply.md")
    assert document.text == "See our contract register."


def test_markdown_heading_is_styled_and_is_the_title() -> None:
    (document,) = ingest_bytes(b"# FOI 2024-101\n\nWe use Mosaic.\n", "reply.md")
    assert document.title == "FOI 2024-101"
    assert document.styles[0].style == "heading" and document.styles[0].end == 12


def test_markdown_table_is_linearised_with_cell_text_unmarked() -> None:
    data = b"| System | Supplier |\n|---|---|\n| **Mosaic** | Servelec |\n"
    (document,) = ingest_bytes(data, "reply.md")
    assert document.text == "System | Supplier\nSystem: Mosaic | Supplier: Servelec"
    assert document.tables[0].rows == [["System", "Supplier"], ["Mosaic", "Servelec"]]


def test_markdown_code_block_and_quote_are_kept() -> None:
    data = b"> Do you use Mosaic?\n\n    System: Mosaic\n"
    (document,) = ingest_bytes(data, "reply.md")
    assert document.text == "Do you use Mosaic?\n\nSystem: Mosaic"
    assert document.styled(0, 18, "quote") and not document.styled(20, 34, "quote")
