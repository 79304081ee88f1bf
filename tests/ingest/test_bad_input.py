"""Bad input becomes a document with a status and a reason; nothing raises."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from foi_extract.ingest import IngestLimits, ingest_bytes
from foi_extract.ingest.text import TextIngestor
from tests.support import fixtures
from tests.support.fixtures import Response


def _pdf(encrypt: StandardEncryption | None = None, image_only: bool = False) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt)
    if image_only:
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        picture = io.BytesIO()
        Image.new("RGB", (40, 20), "black").save(picture, "PNG")
        page.drawImage(ImageReader(picture), 100, 600, 200, 100)
    else:
        page.drawString(100, 750, "We use Mosaic.")
    page.save()
    return buffer.getvalue()


def test_zero_byte_file_is_empty() -> None:
    (document,) = ingest_bytes(b"", "nothing.pdf")
    assert (document.status, document.error) == ("empty", "empty file (0 bytes)")


def test_junk_named_pdf_says_it_is_not_a_pdf() -> None:
    (document,) = ingest_bytes(b"GIF89a" + bytes(200), "scan.pdf")
    assert document.error == "not a PDF: file starts with b'GIF89a\\x00\\x00'"


def test_truncated_pdf_is_an_error(response: Response) -> None:
    data = fixtures.to_pdf(response)
    (document,) = ingest_bytes(data[: len(data) // 3], "cut.pdf")
    assert document.status == "error"
    assert document.error.startswith("corrupt or truncated PDF: Failed to load document")


def test_encrypted_pdf_asks_for_a_password() -> None:
    locked = _pdf(StandardEncryption("secret", canPrint=0))
    (document,) = ingest_bytes(locked, "locked.pdf")
    assert (document.status, document.error) == ("error", "encrypted PDF: a password is needed")


def test_image_only_pdf_needs_ocr() -> None:
    (document,) = ingest_bytes(_pdf(image_only=True), "scan.pdf")
    assert document.status == "needs_ocr" and "OCR" in document.error


def test_unknown_binary_is_unsupported() -> None:
    (document,) = ingest_bytes(bytes(range(256)) * 4, "blob.bin")
    assert document.status == "error"
    assert document.error.startswith("unsupported media type application/octet-stream")


def test_cp1252_and_bom_text_decode_right() -> None:
    (cp1252,) = ingest_bytes("Council\u2019s \u201cCareFirst\u201d".encode("cp1252"), "a.txt")
    (bom,) = ingest_bytes("\ufeffWe use Mosaic.".encode(), "b.txt")
    assert cp1252.text == "Council\u2019s \u201cCareFirst\u201d"
    assert bom.text == "We use Mosaic."


def test_zip_over_its_member_limit_is_an_error_with_the_first_members_read() -> None:
    bundle = fixtures.to_zip([(f"{n}.txt", b"x") for n in range(5)])
    archive, *members = ingest_bytes(bundle, "many.zip", limits=IngestLimits(max_zip_members=3))
    assert archive.status == "error"
    assert archive.error.startswith("zip member limit reached (3)")
    assert [member.source_path for member in members] == [f"many.zip!/{n}.txt" for n in range(3)]


def test_pdf_over_its_page_limit_is_read_in_part(response: Response) -> None:
    data = fixtures.to_pdf(response, pages=4)
    (document,) = ingest_bytes(data, "long.pdf", limits=IngestLimits(max_pdf_pages=2))
    assert len(document.pages) == 2
    assert document.metadata["warning"] == "truncated at 2 of 4 pages"


def test_blank_pdf_is_empty() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.showPage()
    page.save()
    (document,) = ingest_bytes(buffer.getvalue(), "blank.pdf")
    assert (document.status, document.error) == ("empty", "no text found")


def test_corrupt_pdf_gives_pdfium_reason() -> None:
    (document,) = ingest_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20, "broken.pdf")
    assert document.error == (
        "corrupt or truncated PDF: Failed to load document (PDFium: Data format error)."
    )


def test_junk_named_docx_is_an_unreadable_word_document() -> None:
    (document,) = ingest_bytes(b"PK\x03\x04 cut short", "reply.docx")
    assert document.status == "error"
    assert document.error.startswith("not a readable Word document")


def test_a_parser_crash_becomes_the_documents_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(TextIngestor, "ingest", crash)
    (document,) = ingest_bytes(b"We use Mosaic.", "reply.txt")
    assert (document.status, document.error) == (
        "error",
        "TextIngestor failed: ZeroDivisionError: boom",
    )


def test_damaged_zip_is_a_corrupt_archive() -> None:
    (document,) = ingest_bytes(b"PK\x03\x04 cut short", "bundle.zip")
    assert document.error == "corrupt ZIP archive: File is not a zip file"
