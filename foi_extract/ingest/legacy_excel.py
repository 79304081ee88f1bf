"""Legacy Excel workbooks (.xls, Excel 97-2003): every sheet a page holding one table, as an
XLSX is read (`spreadsheet.py`), with xlrd."""

from __future__ import annotations

from typing import TYPE_CHECKING

import xlrd
from xlrd.compdoc import CompDocError

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.spreadsheet import add_sheet, cell_text
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

XLS = "application/vnd.ms-excel"


class XlsIngestor(Ingestor):
    media_types = (XLS,)
    extensions = (".xls", ".xlt")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        try:
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
        except (xlrd.XLRDError, CompDocError, ValueError, IndexError, AssertionError) as exc:
            raise IngestError(f"not a readable Excel 97-2003 workbook: {exc}") from exc
        builder = TextBuilder()
        try:
            for number in range(book.nsheets):
                sheet = book.sheet_by_index(number)
                rows = [
                    [_value(book, sheet.cell(row, column)) for column in range(sheet.ncols)]
                    for row in range(sheet.nrows)
                ]
                add_sheet(builder, number, sheet.name, rows)
        finally:
            book.release_resources()
        builder.apply(document)


def _value(book: xlrd.book.Book, cell: xlrd.sheet.Cell) -> str:
    """A cell as text, as `spreadsheet.cell_text` writes an XLSX cell (dates as ISO dates)."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode))
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return str(cell.value)
    if cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    return cell_text(cell.value)
