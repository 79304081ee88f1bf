"""Spreadsheets: every XLSX sheet, or a CSV file, becomes a page holding one table."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import openpyxl

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.sniff import zip_members
from foi_extract.ingest.text import decode_text
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest


class XlsxIngestor(Ingestor):
    media_types = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
    extensions = (".xlsx", ".xlsm")

    @classmethod
    def magic(cls, data: bytes) -> bool:
        return "xl/workbook.xml" in zip_members(data)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        if not any(name.startswith("xl/") for name in zip_members(data)):
            raise IngestError("not an Excel workbook: no xl/ folder inside")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        builder = TextBuilder()
        for number, sheet in enumerate(workbook.worksheets):
            if number:
                builder.new_page()
            builder.text(sheet.title, ["heading"])
            rows = [
                ["" if value is None else _cell(value) for value in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            builder.table(rows)
        workbook.close()
        builder.apply(document)


def _cell(value: object) -> str:
    """A cell as text; dates without their midnight time."""
    text = str(value)
    return text.removesuffix(" 00:00:00")


class CsvIngestor(Ingestor):
    media_types = ("text/csv",)
    extensions = (".csv",)

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        text = decode_text(data)
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096])
        except csv.Error:
            dialect = csv.excel
        builder = TextBuilder()
        builder.table(list(csv.reader(io.StringIO(text), dialect)))
        builder.apply(document)
