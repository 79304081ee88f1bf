"""Hostile files built in the test: each must become error rows quickly, never a stalled run."""

from __future__ import annotations

import random
import string
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from foi_extract.ingest import IngestLimits, ingest_path

MIB = 1024 * 1024
PDF_SECONDS = 10.0
"""A hostile PDF must be refused well within this (the worker's time limit is far longer)."""


@pytest.fixture
def decompressed() -> Iterator[list[int]]:
    """Counts every byte zipfile decompresses while the test runs."""
    counter = [0]
    read = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        data = read(self, n)
        counter[0] += len(data)
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipExtFile, "read", counting)
        yield counter


def _zip(path: Path, members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def test_many_small_zero_members_are_refused_unread(
    tmp_path: Path, decompressed: list[int]
) -> None:
    bomb = _zip(tmp_path / "bomb.zip", [(f"m{n:03}.txt", bytes(MIB)) for n in range(600)])
    assert bomb.stat().st_size < 700_000
    archive, *members = ingest_path(bomb)
    assert decompressed[0] < 16 * MIB  # was 500 MiB: every 1 MiB member skipped the ratio check
    assert len(members) == 600
    assert all(m.error and m.error.startswith("refused as a possible zip bomb") for m in members)
    assert archive.status == "ok"


def test_members_past_the_total_budget_are_skipped_and_the_archive_says_so(
    tmp_path: Path, decompressed: list[int]
) -> None:
    members = [(f"m{n}.txt", bytes([65 + n]) * MIB) for n in range(10)]
    path = _zip(tmp_path / "big.zip", members, zipfile.ZIP_STORED)
    limits = IngestLimits(max_zip_total_bytes=4 * MIB + 100)
    archive, *children = ingest_path(path, limits)
    assert decompressed[0] <= limits.max_zip_total_bytes
    assert [c.status for c in children[:4]] == ["ok"] * 4  # members read before stay
    assert {c.error for c in children[4:]} == {
        f"zip total size limit reached ({limits.max_zip_total_bytes} bytes): not read"
    }
    assert archive.status == "error"
    assert archive.error == (
        f"zip total size limit reached ({limits.max_zip_total_bytes} bytes): "
        "6 of 10 members were not read"
    )


def _noise(size: int, seed: int) -> bytes:
    """Text that hardly compresses, so only the total budget can stop it."""
    letters = random.Random(seed).choices(string.ascii_letters + " ", k=size)
    return "".join(letters).encode()


def test_nested_archives_share_one_budget(tmp_path: Path, decompressed: list[int]) -> None:
    inner = _zip(tmp_path / "inner.zip", [(f"i{n}.txt", _noise(200_000, n)) for n in range(5)])
    outer = _zip(tmp_path / "outer.zip", [(f"inner{n}.zip", inner.read_bytes()) for n in range(4)])
    limits = IngestLimits(max_zip_total_bytes=MIB)
    documents = ingest_path(outer, limits)
    assert decompressed[0] <= limits.max_zip_total_bytes  # was 4 MiB: a fresh budget per archive
    reasons = {d.error for d in documents if d.error}
    assert f"zip total size limit reached ({MIB} bytes): not read" in reasons
    assert any(d.status == "ok" and d.source_path.endswith("i0.txt") for d in documents)


def test_zip_slip_names_stay_inside_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    names = ["../../evil.txt", "/etc/evil.txt", "C:\\evil\\x.txt", "a/./../b.txt", ".."]
    path = _zip(work / "slip.zip", [(name, b"We use Mosaic.") for name in names])
    _, *children = ingest_path(path)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["slip.zip", "work"]
    prefix = f"{path}!/"
    assert [c.source_path.removeprefix(prefix) for c in children] == [
        "evil.txt",
        "etc/evil.txt",
        "evil/x.txt",
        "a/b.txt",
        "member-5",
    ]
    assert all(len(c.doc_id) == 64 and ".." not in c.doc_id for c in children)
    assert children[0].metadata["archive_name"] == "../../evil.txt"


@pytest.mark.parametrize("utf8_flag", [False, True])
def test_member_name_that_is_not_utf8_is_a_child(tmp_path: Path, utf8_flag: bool) -> None:
    raw_name = b"r\x82sum\x82 \x9c.txt"  # "résumé £" in cp437, not valid UTF-8
    placeholder = b"x" * len(raw_name)
    data = bytearray(
        _zip(tmp_path / "a.zip", [(placeholder.decode(), b"We use Mosaic.")]).read_bytes()
    )
    data = bytearray(data.replace(placeholder, raw_name))
    if utf8_flag:  # a zipper that says UTF-8 and writes cp437 anyway
        data[7] |= 0x08
        data[data.rindex(b"PK\x01\x02") + 9] |= 0x08
    path = tmp_path / "names.zip"
    path.write_bytes(bytes(data))
    archive, child = ingest_path(path)
    assert archive.status == "ok"
    assert (child.status, child.text) == ("ok", "We use Mosaic.")
    assert child.source_path.endswith("!/résumé £.txt")


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (object 1 the catalog), with a valid xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(body: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(body), entries, body)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    b"/Resources << /XObject << /X 5 0 R >> /Font << /F 6 0 R >> >> >>"
)
TEXT = b"BT /F 12 Tf 20 700 Td (We use Mosaic.) Tj ET"
FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 5 0 R >> >>"

HOSTILE_PDFS = {
    # a form XObject that draws itself twice: pdfium expands it 2^depth times in FPDF_LoadPage
    "form_draws_itself": [
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        _stream(TEXT + b" /X Do"),
        _stream(b"/X Do /X Do", FORM),
        FONT,
    ],
    # the Pages node lists itself among its kids
    "kids_point_at_own_pages_node": [
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        PAGE,
        _stream(TEXT),
        _stream(b"", FORM),
        FONT,
    ],
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PDFS))
def test_self_referencing_pdf_is_refused_quickly(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(_pdf(HOSTILE_PDFS[name]))
    assert path.stat().st_size < 1024
    started = time.perf_counter()
    (document,) = ingest_path(path)
    assert time.perf_counter() - started < PDF_SECONDS
    assert document.status == "error"
    assert document.error is not None and document.error.startswith("self-referencing PDF: ")
