"""HTML pages: disclosure logs, WhatDoTheyKnow request pages, page furniture."""

from __future__ import annotations

from foi_extract.document import Document
from foi_extract.extract.metadata import read_response_date
from foi_extract.ingest import ingest_bytes


def _page(body: str, head: str = "") -> Document:
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    (document,) = ingest_bytes(html.encode(), "page.html")
    return document


def test_comments_and_scripts_are_not_text() -> None:
    document = _page("<p>We use <!-- old: Frameworki -->Mosaic.</p><script>var x=1;</script>")
    assert document.text == "We use Mosaic."


def test_hidden_elements_are_dropped() -> None:
    document = _page('<p>Mosaic.</p><div hidden>Eclipse</div><p style="display: none">Azeus</p>')
    assert document.text == "Mosaic."


def test_br_is_a_line_break_and_blocks_are_paragraphs() -> None:
    document = _page("<div>Leeds City Council<br>Our ref: 101</div><p>We use  Mosaic.</p>")
    assert document.text == "Leeds City Council\nOur ref: 101\n\nWe use Mosaic."


def test_a_definition_list_is_one_record_of_term_definition_lines() -> None:
    document = _page(
        "<p>Our systems:</p><dl><dt>Name of system</dt><dd>Kestrel Finance</dd>"
        "<dt>Supplier</dt><dd>Kestrel Ltd</dd><dd>via a reseller</dd></dl>"
    )
    assert document.text == (
        "Our systems:\n\nName of system: Kestrel Finance\nSupplier: Kestrel Ltd; via a reseller"
    )


def test_a_table_of_row_labels_has_no_header_row() -> None:
    # each row a <th> label and its <td> value: the first row is a record like the others, not
    # the column names of the rest
    document = _page(
        "<h1>Record of officer decision</h1><table>"
        "<tr><th>Decision reference</th><td>ODR/2024/031</td></tr>"
        "<tr><th>Date of decision</th><td>16 July 2024</td></tr>"
        "<tr><th>Subject</th><td>Award of contract for Mosaic</td></tr></table>"
    )
    assert "Decision reference | ODR/2024/031\nDate of decision | 16 July 2024\n" in document.text
    assert not document.tables[0].has_header
    assert read_response_date(document) == "2024-07-16"


def test_a_table_with_column_names_keeps_its_header_row() -> None:
    document = _page(
        "<table><tr><th>System</th><th>Supplier</th></tr>"
        "<tr><td>Mosaic</td><td>The Access Group</td></tr></table>"
    )
    assert document.tables[0].has_header
    assert "System: Mosaic | Supplier: The Access Group" in document.text


def test_inline_emphasis_and_blockquote_are_styles() -> None:
    document = _page("<p><strong>Which?</strong> <em>Mosaic</em></p><blockquote>Asked</blockquote>")
    assert document.text == "Which? Mosaic\n\nAsked"
    assert [(s.start, s.end, s.style) for s in document.styles] == [
        (0, 6, "bold"),
        (7, 13, "italic"),
        (15, 20, "quote"),
    ]


def test_main_content_is_taken_and_a_sidebar_dropped() -> None:
    body = (
        '<div class="page-with-sidebar"><div class="sidebar">Popular pages</div>'
        "<main><h1>FOI 101</h1><p>We use Mosaic.</p></main></div>"
    )
    document = _page(body, "<title>FOI 101 | Leeds</title>")
    assert document.text == "FOI 101\n\nWe use Mosaic."
    assert document.title == "FOI 101"


def test_layout_table_is_read_as_blocks_not_as_data() -> None:
    body = (
        "<table><tr><td><h2>Response</h2><table><tr><td>System</td><td>Supplier</td></tr>"
        "<tr><td>Mosaic</td><td>Servelec</td></tr></table></td></tr></table>"
    )
    document = _page(body)
    assert document.text == "Response\n\nSystem | Supplier\nSystem: Mosaic | Supplier: Servelec"
    assert document.tables[0].rows == [["System", "Supplier"], ["Mosaic", "Servelec"]]


def test_declared_cp1252_charset_is_honoured() -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Council\u2019s £5</p>'
    (document,) = ingest_bytes(html.encode("cp1252"), "page.html")
    assert document.text == "Council\u2019s £5"


def test_alaveteli_messages_keep_headers_and_drop_actions() -> None:
    body = (
        '<div class="incoming correspondence box" id="incoming-9"><h2>Leeds City Council<br>'
        '5 March 2024</h2><div class="correspondence_text"><p>We use Mosaic.</p></div>'
        '<p class="event_actions"><a href="#">Link to this</a></p></div>'
    )
    document = _page(body)
    assert document.text == "Leeds City Council\n5 March 2024\n\nWe use Mosaic."


def test_alaveteli_view_as_html_banner_is_dropped() -> None:
    body = (
        '<div class="view_html_prefix"><a href="/">WhatDoTheyKnow</a> Download original '
        "attachment. This is an HTML version of an attachment.</div>"
        "<div><p>Our ref: FOI 101</p><p>We use Mosaic.</p></div>"
    )
    assert _page(body).text == "Our ref: FOI 101\n\nWe use Mosaic."
