"""The shared text conventions: paragraphs, lines, spaces, linearised tables and pages."""

from __future__ import annotations

import pytest

from foi_extract.document import Document, join_pages
from foi_extract.ingest.text_builder import TextBuilder, linearise_table, normalise_runs

BOLD = frozenset({"bold"})
PLAIN: frozenset = frozenset()


def _document(builder: TextBuilder) -> Document:
    document = Document(doc_id="x", source_path="x", media_type="text/plain")
    builder.apply(document)
    return document


def test_table_rows_label_each_cell_with_its_header_and_skip_empty_cells() -> None:
    rows = [["System", "Supplier", "Contract end"], ["Mosaic", "", "31/03/2027"]]
    assert linearise_table(rows).lines == [
        "System | Supplier | Contract end",
        "System: Mosaic | Contract end: 31/03/2027",
    ]


def test_table_without_header_joins_cells() -> None:
    table = linearise_table([["Mosaic", "Servelec"]], has_header=False)
    assert table.lines == ["Mosaic | Servelec"]


def test_runs_collapse_spaces_and_drop_spaces_at_line_ends() -> None:
    runs = normalise_runs([("  We  use ", PLAIN), (" Mosaic \n", BOLD), ("\n\n  hosted", PLAIN)])
    assert runs == [("We use ", PLAIN), ("Mosaic\n", BOLD), ("hosted", PLAIN)]


def test_paragraphs_are_separated_by_one_blank_line_and_styles_follow_offsets() -> None:
    builder = TextBuilder()
    builder.paragraph([("Question ", PLAIN), ("one", BOLD)])
    builder.paragraph([("Answer", PLAIN)], ["italic"])
    document = _document(builder)
    assert document.text == "Question one\n\nAnswer"
    assert [(document.text[s.start : s.end], s.style) for s in document.styles] == [
        ("one", "bold"),
        ("Answer", "italic"),
    ]


def test_pages_are_joined_as_join_pages_does() -> None:
    builder = TextBuilder()
    builder.text("First page.\n\nStill first.")
    builder.new_page()
    builder.text("Second page.")
    document = _document(builder)
    expected_text, expected_pages = join_pages(["First page.\n\nStill first.", "Second page."])
    assert (document.text, document.pages) == (expected_text, expected_pages)


def test_aligned_columns_in_plain_text_become_a_table() -> None:
    builder = TextBuilder()
    builder.text("System   Supplier   Hosting\nMosaic   Servelec   Council")
    document = _document(builder)
    assert document.text.splitlines()[1] == "System: Mosaic | Supplier: Servelec | Hosting: Council"
    assert document.tables[0].rows[1] == ["Mosaic", "Servelec", "Council"]


def test_two_spaces_after_a_full_stop_are_not_a_table() -> None:
    builder = TextBuilder()
    builder.text("We use Mosaic.  It is hosted.\nThe contract ends.  It may renew.")
    assert _document(builder).tables == []


def test_a_table_written_sideways_is_turned_so_each_product_is_a_row() -> None:
    """Its top-left cell names the system column and its first column holds field names."""
    builder = TextBuilder()
    builder.table(
        [
            ["System", "Mosaic", "Kestrel Pay"],
            ["Supplier", "Servelec", "Kestrel Data Ltd"],
            ["Go-live", "April 2016", "2020"],
            ["Contract end", "31/03/2027", ""],
        ]
    )
    document = _document(builder)
    assert document.text.splitlines() == [
        "System | Supplier | Go-live | Contract end",
        "System: Mosaic | Supplier: Servelec | Go-live: April 2016 | Contract end: 31/03/2027",
        "System: Kestrel Pay | Supplier: Kestrel Data Ltd | Go-live: 2020",
    ]
    assert document.tables[0].rows[1] == ["Mosaic", "Servelec", "April 2016", "31/03/2027"]


def test_a_table_whose_first_column_names_products_stays_as_it_is() -> None:
    rows = [["System", "Supplier", "Go-live"], ["Mosaic", "Servelec", "2016"],
            ["ContrOCC", "OCC", "2020"]]  # fmt: skip
    builder = TextBuilder()
    builder.table(rows)
    assert _document(builder).text.splitlines()[1] == (
        "System: Mosaic | Supplier: Servelec | Go-live: 2016"
    )


def test_runs_of_tabs_that_line_columns_up_are_one_gutter() -> None:
    builder = TextBuilder()
    builder.text("System\t\tSupplier\nMosaic\t\tServelec\nContrOCC\tOCC\n")
    assert _document(builder).tables[0].rows[2] == ["ContrOCC", "OCC"]


def test_a_sideways_table_may_have_a_row_of_service_areas_above_its_systems() -> None:
    """The row above the systems' names heads their columns: each area stays with its system,
    and the row's own label ("Question") names no field."""
    builder = TextBuilder()
    builder.table(
        [
            ["Question", "Children", "Adults"],
            ["System name", "Liquidlogic LCS", "Liquidlogic LAS"],
            ["Supplier", "System C", "System C"],
            ["Date implemented", "2012", "July 2013"],
        ]
    )
    assert _document(builder).text.splitlines()[1:] == [
        "System name: Liquidlogic LCS | Children | Supplier: System C | Date implemented: 2012",
        "System name: Liquidlogic LAS | Adults | Supplier: System C | Date implemented: July 2013",
    ]


@pytest.mark.parametrize(
    ("typed", "rows"),
    [
        pytest.param(  # a row whose last cell is empty ends in a tab: it keeps its width
            "System\tSupplier\tContract start\nMosaic\tServelec\t01/04/2020\n"
            "Kestrel Pay\tKestrel Data Ltd\t\n",
            [
                "System|Supplier|Contract start",
                "Mosaic|Servelec|01/04/2020",
                "Kestrel Pay|Kestrel Data Ltd|",
            ],
            id="a tab per cell",
        ),
        pytest.param(  # the dashes place each column; a line filling half the columns or
            # fewer carries on the row above, wherever it starts (here in the first column)
            "System                 Supplier   Live      Contract\n"
            "                                  since     ends\n"
            "---------------------  ---------  --------  ----------\n"
            "Mosaic                 Servelec   Nov 2015  31/03/2027\n"
            "                       Group\n"
            "SystmOne (social care  TPP        Oct 2022  n/a\n"
            "unit)\n",
            [
                "System|Supplier|Live since|Contract ends",
                "Mosaic|Servelec Group|Nov 2015|31/03/2027",
                "SystmOne (social care unit)|TPP|Oct 2022|n/a",
            ],
            id="columns under a rule of dashes",
        ),
        pytest.param(
            "=========  ========  ====\nSystem     Supplier  Live\n=========  ========  ====\n"
            "Mosaic     Servelec  2016\nContrOCC   OCC       2020\n=========  ========  ====\n",
            ["System|Supplier|Live", "Mosaic|Servelec|2016", "ContrOCC|OCC|2020"],
            id="reStructuredText, borders above and below",
        ),
    ],
)
def test_a_typed_table_is_read_into_its_rows(typed: str, rows: list[str]) -> None:
    """`rows`: each row's cells joined by "|"."""
    builder = TextBuilder()
    builder.text(typed)
    assert _document(builder).tables[0].rows == [row.split("|") for row in rows]
