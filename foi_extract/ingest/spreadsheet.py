"""Spreadsheets: every XLSX sheet, or a CSV file, becomes a page holding one table."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import openpyxl

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.sniff import TEXT, XLSX
from foi_extract.ingest.text import decode_text
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

CSV_DELIMITERS = ",;\t|"


class XlsxIngestor(Ingestor):
    media_types = (XLSX,)
    extensions = (".xlsx", ".xlsm")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise IngestError(f"not a readable Excel workbook: {exc}") from exc
        builder = TextBuilder()
        try:
            for number, sheet in enumerate(workbook.worksheets):
                rows = sheet.iter_rows(values_only=True)
                add_sheet(builder, number, sheet.title, [[cell_text(v) for v in r] for r in rows])
        finally:
            workbook.close()
        builder.apply(document)
        document.title = (workbook.properties.title or "").strip() or None


def add_sheet(builder: TextBuilder, number: int, name: str, rows: list[list[str]]) -> None:
    """One sheet as a page (after the first): its name and title lines as headings, then its
    table."""
    if number:
        builder.new_page()
    builder.paragraph([(name, frozenset())], ["heading"])
    titles, table = _titles_and_table(_trim(rows))
    for title in titles:
        builder.paragraph([(title, frozenset())], ["heading"])
    builder.table(table)


def cell_text(value: object) -> str:
    """A cell as text: dates as ISO dates (no midnight time), whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _trim(rows: Sequence[list[str]]) -> list[list[str]]:
    """Rows without the empty columns and rows that read-only sheets report past the data."""
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell.strip()), default=0)
    return [row[:width] for row in rows]


def _titles_and_table(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """A sheet's title lines (rows of one filled cell above the table: "Annex A - systems")
    and the table below them, whose first row of several cells is its header."""
    titles = []
    while len(rows) > 1 and sum(1 for cell in rows[0] if cell.strip()) == 1:
        titles.append(next(cell for cell in rows[0] if cell.strip()))
        rows = rows[1:]
    return titles, rows


class CsvIngestor(Ingestor):
    media_types = ("text/csv",)
    extensions = (".csv", ".tsv")

    @classmethod
    def score(cls, sniffed: str | None, extension: str) -> int:
        return 6 if sniffed == TEXT and extension in cls.extensions else 0

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        text = decode_text(data)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                text[:8192], delimiters=CSV_DELIMITERS
            )
        except csv.Error:
            dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
        except csv.Error as exc:
            raise IngestError(f"malformed CSV: {exc}") from exc
        builder = TextBuilder()
        builder.table(_trim(rows))
        builder.apply(document)
