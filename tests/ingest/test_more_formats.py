"""The formats councils also send, each on a real file made here: Outlook .msg, Excel 97-2003
.xls, RTF, OpenDocument text and legacy Word .doc. Each gives the same linearised table row as
the other formats (`test_formats.py`), and the pipeline the same systems as the text version."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from extract_msg.ole_writer import OleWriter

from foi_extract.document import Document
from foi_extract.ingest import ingest_bytes, legacy_word
from foi_extract.ingest.ocr import tesseract_available
from foi_extract.pipeline import RunOptions, run_pipeline
from tests.support import fixtures
from tests.support.fixtures import Response
from tests.support.legacy_files import (
    facts_by_file,
    render_page,
    response_lines,
    scan,
    to_doc,
    to_msg,
    to_odt,
    to_rtf,
    to_xls,
)

needs_antiword = pytest.mark.skipif(
    not legacy_word.antiword_available(), reason="antiword is not installed"
)


ROW = "System: Liquidlogic LCS | Supplier: Liquidlogic | Contract end: 31/03/2027"
SENT = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
COVERING = "Dear Ms Smith,\n\nPlease find our response attached.\n\nFOI Team, Leeds City Council"


def _one(data: bytes, name: str) -> Document:
    document = ingest_bytes(data, name)[0]
    assert document.status == "ok", document.error
    return document


def _msg(attachments: list[tuple[str, bytes]]) -> bytes:
    return to_msg(
        "FOI 2024-101 Social care systems",
        COVERING,
        ("FOI Team", "foi@leeds.gov.uk"),
        ("Jane Smith", "jane@example.org"),
        SENT,
        attachments,
    )


def test_msg_headers_body_and_attachment_children(response: Response) -> None:
    data = _msg([("answer.pdf", fixtures.to_pdf(response)), ("notes.txt", b"Hosted.")])
    mail, pdf, notes = ingest_bytes(data, "reply.msg")
    assert (mail.status, mail.media_type) == ("ok", "application/vnd.ms-outlook")
    assert mail.metadata["from"] == "FOI Team <foi@leeds.gov.uk>"
    assert mail.metadata["to"] == "Jane Smith <jane@example.org>"
    assert mail.metadata["date"] == "Tue, 05 Mar 2024 10:00:00 +0000"
    assert mail.title == "FOI 2024-101 Social care systems"
    assert mail.text.startswith("Dear Ms Smith,") and mail.messages[0].role == "council"
    assert [pdf.source_path, notes.source_path] == ["reply.msg!/answer.pdf", "reply.msg!/notes.txt"]
    assert {pdf.parent_doc_id, notes.parent_doc_id} == {mail.doc_id}
    assert pdf.media_type == "application/pdf" and ROW in pdf.text


def test_msg_is_known_by_its_streams_whatever_its_name(response: Response) -> None:
    document = _one(_msg([]), "reply.bin")
    assert document.media_type == "application/vnd.ms-outlook"


def test_damaged_msg_is_an_error_not_an_exception() -> None:
    data = _msg([])
    (document,) = ingest_bytes(data[: len(data) // 2], "reply.msg")
    assert document.status == "error"
    assert document.error.startswith("not a readable Outlook message")


def test_xls_sheet_is_a_table(response: Response) -> None:
    document = _one(to_xls(response.blocks[3].rows), "systems.xls")
    assert document.media_type == "application/vnd.ms-excel"
    assert ROW in document.text
    assert document.tables[0].rows[1][0] == "Liquidlogic LCS"


def test_damaged_xls_is_an_error() -> None:
    data = to_xls([("System",), ("Mosaic",)])
    (document,) = ingest_bytes(data[:600], "systems.xls")
    assert document.status == "error"


def test_rtf_paragraphs_and_table(response: Response) -> None:
    document = _one(to_rtf(response), "reply.rtf")
    assert document.media_type == "application/rtf"
    assert "Leeds City Council" in document.text
    assert "We use Liquidlogic LCS, hosted by the supplier." in document.text
    assert ROW in document.text
    assert document.tables[0].rows[0] == ["System", "Supplier", "Contract end"]


def test_rtf_decodes_windows_1252_escapes() -> None:
    document = _one(rb"{\rtf1\ansi Costs \'a3100 \'96 Mosaic\par}", "a.rtf")
    assert document.text == "Costs £100 – Mosaic"


def test_odt_headings_paragraphs_and_table(response: Response) -> None:
    document = _one(to_odt(response), "reply.odt")
    assert document.media_type == "application/vnd.oasis.opendocument.text"
    heading = document.text.index("Children's Social Care response:")
    assert document.styled(heading, heading + 10, "heading")
    assert ROW in document.text
    assert document.tables[0].rows[0] == ["System", "Supplier", "Contract end"]


def test_doc_without_antiword_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy_word, "antiword_available", lambda: False)
    (document,) = ingest_bytes(_ole_named("WordDocument"), "reply.doc")
    assert document.media_type == "application/msword"
    assert (document.status, document.error) == (
        "error",
        "legacy Word document: needs antiword (apt-get install antiword)",
    )


@needs_antiword
def test_doc_that_is_not_word_is_an_error() -> None:
    (document,) = ingest_bytes(_ole_named("WordDocument"), "reply.doc")
    assert document.status == "error"
    assert document.error.startswith("not a readable Word 97-2003 document")


@needs_antiword
def test_doc_paragraphs_in_windows_1252() -> None:
    document = _one(
        to_doc(["Leeds City Council", "We use Mosaic \u2013 it costs \u00a3100."]), "a.doc"
    )
    assert document.media_type == "application/msword"
    assert document.text == "Leeds City Council\n\nWe use Mosaic \u2013 it costs \u00a3100."


def _prose(response: Response) -> list[str]:
    """The response's paragraphs without its table (`to_doc` writes no tables)."""
    return [line for line in response_lines(response) if line and "   " not in line]


def _ole_named(stream: str) -> bytes:
    """An OLE2 file holding one junk stream: the shape of a legacy Office file, not its body."""
    writer = OleWriter()
    writer.addEntry(stream, b"\x00" * 600)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.slow
def test_pipeline_finds_the_same_systems_in_every_format(
    response: Response, tmp_path: Path
) -> None:
    """Text, RTF, ODT, a .msg carrying the PDF and (with Tesseract) a scan: the same systems;
    the .xls holds only the table, so it matches the .xlsx of the same rows; the .doc holds
    only the paragraphs, so it matches a text file of them."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = response.blocks[3].rows
    files = {
        "reply.txt": fixtures.to_text(response).encode(),
        "reply.rtf": to_rtf(response),
        "reply.odt": to_odt(response),
        "reply.msg": _msg([("answer.pdf", fixtures.to_pdf(response))]),
        "systems.xlsx": fixtures.to_xlsx(rows),
        "systems.xls": to_xls(rows),
        "prose.txt": "\n\n".join(_prose(response)).encode(),
    }
    if legacy_word.antiword_available():
        files["prose.doc"] = to_doc(_prose(response))
    if tesseract_available():
        files["scan.png"] = scan([render_page(response_lines(response))], "PNG")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    run_pipeline([folder], tmp_path / "out", RunOptions(workers=1))
    facts = facts_by_file(tmp_path / "out")
    assert facts["reply.txt"] and facts["prose.txt"], "the text versions should name systems"
    for name in files:
        stem = name.split(".")[0]
        expected = facts[{"systems": "systems.xlsx", "prose": "prose.txt"}.get(stem, "reply.txt")]
        assert facts[name] == expected, name
