"""Content sniffing: what the bytes show beats what the name says."""

from __future__ import annotations

from foi_extract.ingest import ingest_bytes
from foi_extract.ingest.sniff import DOCX, EMAIL, HTML, PDF, TEXT, XLSX, ZIP, sniff
from tests.support import fixtures
from tests.support.fixtures import Response


def test_office_files_are_told_from_plain_zips_by_their_members(response: Response) -> None:
    assert sniff(fixtures.to_docx(response)) == DOCX
    assert sniff(fixtures.to_xlsx([("System",), ("Mosaic",)])) == XLSX
    assert sniff(fixtures.to_zip([("word/readme.txt", b"not a document")])) == ZIP


def test_pdf_header_after_leading_junk_is_still_a_pdf(response: Response) -> None:
    assert sniff(b"\r\n\r\n" + fixtures.to_pdf(response)) == PDF


def test_html_is_recognised_by_doctype_or_early_tags() -> None:
    assert sniff(b"\xef\xbb\xbf<!DOCTYPE html><p>Hi</p>") == HTML
    assert sniff(b"<?xml version='1.0'?>\n<html><body>Hi</body></html>") == HTML
    assert sniff(b"We moved from <html> pages to PDF.") == TEXT


def test_email_needs_a_header_block_at_the_start() -> None:
    assert sniff(b"From: foi@leeds.gov.uk\nSubject: FOI 101\n\nBody") == EMAIL
    letter = b"Leeds City Council\nFrom: FOI team\nDate: 5 March 2024\n\nDear requester"
    assert sniff(letter) == TEXT


def test_email_with_a_long_received_chain_is_still_an_email() -> None:
    received = b"".join(
        b"Received: from relay%d.example\n\tby mx.example\n" % n for n in range(500)
    )
    assert sniff(received + b"From: a@b.gov.uk\nSubject: x\n\nBody") == EMAIL


def test_legacy_office_files_are_named_by_their_extension() -> None:
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(600)
    assert sniff(ole, "reply.doc") == "application/msword"
    assert sniff(ole, "costs.xls") == "application/vnd.ms-excel"


def test_opendocument_is_named_by_its_mimetype_member() -> None:
    odt = fixtures.to_zip(
        [("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")]
    )
    (document,) = ingest_bytes(odt, "reply.ods")
    assert document.error == "unsupported media type application/vnd.oasis.opendocument.spreadsheet"


def test_a_picture_is_an_unsupported_image() -> None:
    (document,) = ingest_bytes(b"GIF89a" + bytes(100), "scan.gif")
    assert (document.status, document.error) == ("error", "unsupported media type image/gif")


def test_html_named_txt_is_read_as_html() -> None:
    (document,) = ingest_bytes(b"<html><body><p>We use <b>Mosaic</b>.</p></body></html>", "a.txt")
    assert (document.media_type, document.text) == (HTML, "We use Mosaic.")


def test_text_under_an_unknown_extension_is_read_as_text() -> None:
    (document,) = ingest_bytes(b"We use Mosaic.", "reply.foi")
    assert (document.media_type, document.text) == (TEXT, "We use Mosaic.")
