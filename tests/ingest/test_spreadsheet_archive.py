"""Spreadsheets (XLSX, CSV) and ZIP archives."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl

from foi_extract.ingest import IngestLimits, ingest_bytes
from tests.support import fixtures


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_each_sheet_is_a_page_with_its_table() -> None:
    data = _xlsx(
        {
            "Adults": [["System", "Supplier"], ["Mosaic", "Servelec"]],
            "Children": [["System", "Supplier"], ["Liquidlogic LCS", "Liquidlogic"]],
        }
    )
    (document,) = ingest_bytes(data, "systems.xlsx")
    second = document.text[document.pages[1].start : document.pages[1].end]
    assert (
        second == "Children\n\nSystem | Supplier\nSystem: Liquidlogic LCS | Supplier: Liquidlogic"
    )
    assert [table.page for table in document.tables] == [1, 2]
    assert document.styled(0, 6, "heading")


def test_dates_and_whole_numbers_read_as_written() -> None:
    data = _xlsx({"Costs": [["Contract end", "Cost"], [datetime(2027, 3, 31), 12000.0]]})
    (document,) = ingest_bytes(data, "costs.xlsx")
    assert document.tables[0].rows[1] == ["2027-03-31", "12000"]


def test_semicolon_csv_is_sniffed() -> None:
    data = b"System;Supplier\nMosaic;Servelec\n"
    (document,) = ingest_bytes(data, "systems.csv")
    assert document.tables[0].rows == [["System", "Supplier"], ["Mosaic", "Servelec"]]


def test_cp1252_csv_decodes() -> None:
    data = "System,Cost\nMosaic,\u00a3120,000\n".replace(",\u00a3120,000", ',"\u00a3120,000"')
    (document,) = ingest_bytes(data.encode("cp1252"), "costs.csv")
    assert document.tables[0].rows[1] == ["Mosaic", "\u00a3120,000"]


def test_directories_and_mac_metadata_are_skipped() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("answers/", b"")
        archive.writestr("__MACOSX/answers/._reply.txt", b"\x00\x05")
        archive.writestr("answers/reply.txt", b"We use Mosaic.")
    documents = ingest_bytes(buffer.getvalue(), "bundle.zip")
    assert [d.source_path for d in documents] == ["bundle.zip", "bundle.zip!/answers/reply.txt"]


def test_archive_text_lists_its_members() -> None:
    bundle = fixtures.to_zip([("reply.txt", b"We use Mosaic.")])
    archive, _ = ingest_bytes(bundle, "bundle.zip")
    assert archive.text == "reply.txt (14 bytes)"


def test_member_expanding_past_the_ratio_is_refused_as_a_bomb() -> None:
    bundle = fixtures.to_zip([("zeros.txt", bytes(3 * 1024 * 1024))])
    archive, bomb = ingest_bytes(bundle, "bomb.zip", limits=IngestLimits(max_zip_ratio=100))
    assert archive.status == "ok"
    assert bomb.status == "error" and bomb.error.startswith("refused as a possible zip bomb")


def test_members_past_the_total_size_are_not_read() -> None:
    bundle = fixtures.to_zip([("a.txt", b"a" * 600), ("b.txt", b"b" * 600)])
    _, first, second = ingest_bytes(
        bundle, "big.zip", limits=IngestLimits(max_zip_total_bytes=1000)
    )
    assert first.status == "ok"
    assert second.error == "zip total size limit reached (1000 bytes): not read"


def test_encrypted_member_is_an_error_row() -> None:
    bundle = bytearray(fixtures.to_zip([("secret.txt", b"We use Mosaic.")]))
    bundle[6] |= 0x01  # the local header's "encrypted" flag
    central = bundle.rindex(b"PK\x01\x02")
    bundle[central + 8] |= 0x01  # and the central directory's
    _, member = ingest_bytes(bytes(bundle), "locked.zip")
    assert member.status == "error" and "encrypted" in member.error


def test_every_member_gets_a_row_even_an_unsupported_one() -> None:
    bundle = fixtures.to_zip([("scan.gif", b"GIF89a" + bytes(64)), ("a.txt", b"Hi.")])
    _, picture, text = ingest_bytes(bundle, "bundle.zip")
    assert (picture.status, picture.error) == ("error", "unsupported media type image/gif")
    assert text.status == "ok"
