"""The public entry points: ingest_path and ingest_bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

from foi_extract.document import Document, content_hash
from foi_extract.ingest import IngestLimits, ingest_bytes, ingest_path


def test_ingest_path_reads_the_file_and_ids_it_by_content(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(b"We use Mosaic.")
    (document,) = ingest_path(path)
    assert (document.source_path, document.text) == (str(path), "We use Mosaic.")
    assert document.doc_id == content_hash(b"We use Mosaic.")


def test_missing_file_is_an_error_row(tmp_path: Path) -> None:
    (document,) = ingest_path(tmp_path / "gone.pdf")
    assert document.status == "error"
    assert document.error == "cannot read file: No such file or directory"


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"x" * 2000)
    (document,) = ingest_path(path, IngestLimits(max_file_bytes=1000))
    assert document.error == "file too large (2000 bytes > 1000)"


def test_bytes_given_a_parent_become_its_child() -> None:
    parent = Document(doc_id="p1", source_path="mail.eml", media_type="message/rfc822")
    (child,) = ingest_bytes(b"We use Mosaic.", "note.txt", parent=parent, depth=1)
    assert (child.parent_doc_id, child.source_path) == ("p1", "mail.eml!/note.txt")


def test_pdf_without_pages_is_an_error_with_a_reason() -> None:
    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    (document,) = ingest_bytes(buffer.getvalue(), "none.pdf")
    assert (document.status, document.error) == (
        "error",
        "empty or corrupt PDF: no readable page tree",
    )
