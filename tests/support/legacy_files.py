"""Real files of the formats without a writer in the project's own dependencies, made in tests:
Outlook .msg (written as OLE streams with extract-msg's `OleWriter`), Word 97 .doc (the same
way: the smallest file antiword reads), .xls (xlwt), .odt (its XML and ZIP package written
directly), .rtf (text), and scans (a
text drawn with Pillow, saved as PNG, TIFF or PDF)."""

from __future__ import annotations

import io
import struct
import textwrap
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import xlwt
from extract_msg.ole_writer import OleWriter
from PIL import Image, ImageDraw, ImageFont

from tests.support.fixtures import Response

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FIXED_TIME = datetime(2024, 1, 1)
"""Stamped where a writer would put the time of writing, so generated files are reproducible."""
A4_AT_300_DPI = (2480, 3508)
MARGIN = 180
FONT_PIXELS = 44
LINE_PIXELS = 66
WRAP_CHARACTERS = 70

# MAPI property types and ids (MS-OXPROPS), as .msg streams name them: __substg1.0_IIIITTTT.
PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x0040, 0x001F, 0x0102
PR_MESSAGE_CLASS, PR_SUBJECT, PR_BODY = 0x001A, 0x0037, 0x1000
PR_SENDER_NAME, PR_SENDER_EMAIL, PR_DISPLAY_TO = 0x0C1A, 0x0C1F, 0x0E04
PR_SENDER_SMTP_ADDRESS, PR_SENDER_ADDRTYPE = 0x5D01, 0x0C1E
PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME = 0x0039, 0x0E06
PR_RECIPIENT_TYPE, PR_DISPLAY_NAME, PR_SMTP_ADDRESS = 0x0C15, 0x3001, 0x39FE
PR_ATTACH_DATA, PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME = 0x3701, 0x3707, 0x3704
PR_ATTACH_METHOD, PR_ATTACH_MIME_TAG = 0x3705, 0x370E
ATTACH_BY_VALUE, MAPI_TO = 1, 1
PROPERTY_READABLE_WRITABLE = 0x6
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)

# Word 97 (MS-DOC): the File Information Block's fields used here, by byte offset.
WORD_IDENT, WORD_97_FIB, FIB_BACK, LANGUAGE_EN_US = 0xA5EC, 0x00C1, 0x00BF, 0x0409
FIB_TABLE_1_AND_EXT_CHARS = 0x1200
"""fWhichTblStm (the piece table is in "1Table") and fExtChar."""
FIB_BYTES, FIB_CSW_AT, FIB_CSLW_AT, FIB_CB_MAC_AT, FIB_CCP_TEXT_AT = 900, 32, 62, 64, 76
FIB_CB_RG_FC_LCB_AT, FIB_FC_LCB_AT, STSHF_INDEX, CLX_INDEX = 152, 154, 1, 33
STSHI_BYTES, STD_BASE_BYTES = 18, 10
"""An empty stylesheet: its header's size, then no styles of `STD_BASE_BYTES` each."""
FIB_RG_W_COUNT, FIB_RG_LW_COUNT, FIB_RG_FC_LCB_COUNT = 14, 22, 0x5D
WORD_TEXT_AT = 1024
COMPRESSED_TEXT = 0x40000000
"""A piece's fc with this bit set holds 8-bit (Windows-1252) text at fc / 2."""
CLX_PIECE_TABLE = 0x02
OLE_MINI_STREAM_CUTOFF = 4096
"""Streams shorter than this live in the OLE mini stream, which antiword does not read."""


def response_lines(response: Response) -> list[str]:
    """The response as the lines of a printed letter (tables as spaced columns)."""
    lines = list(response.letterhead)
    for block in response.blocks:
        lines.append("")
        if block.kind == "table":
            lines += ["   ".join(row) for row in block.rows]
        elif block.kind != "page_break":
            lines += textwrap.wrap(block.text, WRAP_CHARACTERS)
    return [*lines, "", *response.signature]


def render_page(lines: Sequence[str]) -> Image.Image:
    """An A4 page at 300 dpi with `lines` drawn in a large clear font, as a scanner gives."""
    font = (
        ImageFont.truetype(str(FONT), FONT_PIXELS)
        if FONT.exists()
        else ImageFont.load_default(size=FONT_PIXELS)
    )
    page = Image.new("L", A4_AT_300_DPI, 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + number * LINE_PIXELS), line, font=font, fill=0)
    return page


def scan(pages: Sequence[Image.Image], kind: str) -> bytes:
    """Page images saved as one file: "PDF" and "TIFF" keep every page, others the first."""
    buffer = io.BytesIO()
    first, *rest = pages
    if kind == "PDF":  # fixed dates: the same pages give the same bytes
        first.save(
            buffer, kind, save_all=True, append_images=rest, resolution=300.0,
            creationDate=FIXED_TIME.timetuple(), modDate=FIXED_TIME.timetuple(),
        )  # fmt: skip
    elif kind == "TIFF":
        first.save(buffer, kind, save_all=True, append_images=rest, resolution=300.0)
    else:
        first.save(buffer, kind, dpi=(300, 300))
    return buffer.getvalue()


def to_xls(rows: Sequence[Sequence[str]], sheet: str = "Systems") -> bytes:
    """An Excel 97-2003 workbook with one sheet of `rows`."""
    book = xlwt.Workbook()
    worksheet = book.add_sheet(sheet)
    for row_number, row in enumerate(rows):
        for column, value in enumerate(row):
            worksheet.write(row_number, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ODF_TEXT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)
ODF_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def to_odt(response: Response) -> bytes:
    """The response as OpenDocument text (letterhead, headings, paragraphs, the table), written
    as LibreOffice lays the package out: `mimetype` first and stored, then the manifest and
    `content.xml`; every member stamped `FIXED_TIME`, so the same response gives the same bytes."""
    body = [f"<text:p>{escape(line)}</text:p>" for line in response.letterhead]
    for block in response.blocks:
        if block.kind == "heading":
            body.append(f'<text:h text:outline-level="2">{escape(block.text)}</text:h>')
        elif block.kind == "table":
            columns = f'<table:table-column table:number-columns-repeated="{len(block.rows[0])}"/>'
            rows = "".join(
                "<table:table-row>"
                + "".join(
                    f'<table:table-cell office:value-type="string"><text:p>{escape(value)}'
                    "</text:p></table:table-cell>"
                    for value in row
                )
                + "</table:table-row>"
                for row in block.rows
            )
            body.append(f'<table:table table:name="Systems">{columns}{rows}</table:table>')
        elif block.kind != "page_break":
            body.append(f"<text:p>{escape(block.text)}</text:p>")
    body += [f"<text:p>{escape(line)}</text:p>" for line in response.signature]
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODF_TEXT_NAMESPACES} '
        f'office:version="1.2"><office:body><office:text>{"".join(body)}'
        "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        members = (
            ("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", ODF_MANIFEST, zipfile.ZIP_DEFLATED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
        )
        for name, text, compression in members:
            member = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = compression
            package.writestr(member, text.encode("utf-8"))
    return buffer.getvalue()


def to_rtf(response: Response) -> bytes:
    """The response as RTF, as Word saves it: a paragraph per \\par, a table as \\row lines."""
    parts = [r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}"]
    parts += [_rtf_escape(line) + r"\par" for line in response.letterhead]
    for block in response.blocks:
        if block.kind == "table":
            for row in block.rows:
                edges = "".join(rf"\cellx{2400 * (i + 1)}" for i in range(len(row)))
                cells = "".join(_rtf_escape(value) + r"\cell " for value in row)
                parts.append(rf"\trowd{edges} {cells}\row")
        elif block.kind == "question":
            parts.append(r"{\b " + _rtf_escape(block.text) + r"}\par")
        elif block.kind != "page_break":
            parts.append(_rtf_escape(block.text) + r"\par")
        parts.append(r"\par")
    parts += [_rtf_escape(line) + r"\par" for line in response.signature]
    return ("\n".join(parts) + "}").encode("ascii")


def _rtf_escape(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
    return "".join(
        char if ord(char) < 128 else f"\\'{char.encode('cp1252')[0]:02x}" for char in escaped
    )


def to_doc(paragraphs: Sequence[str]) -> bytes:
    """A Word 97 document holding `paragraphs` as plain text (no tables or styles): a File
    Information Block, the text, and a one-piece table in the "1Table" stream."""
    text = "".join(f"{paragraph}\r" for paragraph in paragraphs).encode("cp1252")
    fib = bytearray(FIB_BYTES)
    struct.pack_into(
        "<7H", fib, 0, WORD_IDENT, WORD_97_FIB, 0, LANGUAGE_EN_US, 0,
        FIB_TABLE_1_AND_EXT_CHARS, FIB_BACK,
    )  # fmt: skip
    struct.pack_into("<H", fib, FIB_CSW_AT, FIB_RG_W_COUNT)
    struct.pack_into("<H", fib, FIB_CSLW_AT, FIB_RG_LW_COUNT)
    struct.pack_into("<I", fib, FIB_CB_MAC_AT, WORD_TEXT_AT + len(text))
    struct.pack_into("<I", fib, FIB_CCP_TEXT_AT, len(text))
    struct.pack_into("<H", fib, FIB_CB_RG_FC_LCB_AT, FIB_RG_FC_LCB_COUNT)
    piece = struct.pack("<HIH", 0, (WORD_TEXT_AT * 2) | COMPRESSED_TEXT, 0)
    pieces = struct.pack("<II", 0, len(text)) + piece
    clx = struct.pack("<BI", CLX_PIECE_TABLE, len(pieces)) + pieces
    stylesheet = struct.pack("<H6H6x", STSHI_BYTES, 0, STD_BASE_BYTES, 1, 0, 0, 0)
    struct.pack_into("<II", fib, FIB_FC_LCB_AT + 8 * STSHF_INDEX, 0, len(stylesheet))
    struct.pack_into("<II", fib, FIB_FC_LCB_AT + 8 * CLX_INDEX, len(stylesheet), len(clx))
    table = stylesheet + clx
    word = bytes(fib).ljust(WORD_TEXT_AT, b"\0") + text
    writer = OleWriter()
    writer.addEntry("WordDocument", word.ljust(OLE_MINI_STREAM_CUTOFF, b"\0"))
    writer.addEntry("1Table", table.ljust(OLE_MINI_STREAM_CUTOFF, b"\0"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def to_msg(
    subject: str,
    body: str,
    sender: tuple[str, str],
    recipient: tuple[str, str],
    sent: datetime,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """An Outlook message (IPM.Note) as Outlook stores it: MAPI properties as OLE streams,
    the recipient and each attachment in a storage of its own."""
    writer = OleWriter()
    root_props: list[tuple[int, int, bytes]] = [
        (PR_CLIENT_SUBMIT_TIME, PT_SYSTIME, _filetime(sent)),
        (PR_MESSAGE_DELIVERY_TIME, PT_SYSTIME, _filetime(sent)),
    ]
    strings = {
        PR_MESSAGE_CLASS: "IPM.Note",
        PR_SUBJECT: subject,
        PR_BODY: body,
        PR_SENDER_NAME: sender[0],
        PR_SENDER_EMAIL: sender[1],
        PR_SENDER_SMTP_ADDRESS: sender[1],
        PR_SENDER_ADDRTYPE: "SMTP",
        PR_DISPLAY_TO: recipient[0],
    }
    for prop, value in strings.items():
        _add_string(writer, "", prop, value, root_props)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    recip = "__recip_version1.0_#00000000/"
    recip_props = [(PR_RECIPIENT_TYPE, PT_LONG, struct.pack("<Q", MAPI_TO))]
    _add_string(writer, recip, PR_DISPLAY_NAME, recipient[0], recip_props)
    _add_string(writer, recip, PR_SMTP_ADDRESS, recipient[1], recip_props)
    writer.addEntry(recip + "__properties_version1.0", _properties(recip_props, 8))
    for number, (name, data) in enumerate(attachments):
        folder = f"__attach_version1.0_#{number:08X}/"
        props = [(PR_ATTACH_METHOD, PT_LONG, struct.pack("<Q", ATTACH_BY_VALUE))]
        writer.addEntry(folder + f"__substg1.0_{PR_ATTACH_DATA:04X}{PT_BINARY:04X}", data)
        props.append((PR_ATTACH_DATA, PT_BINARY, struct.pack("<II", len(data), 0)))
        _add_string(writer, folder, PR_ATTACH_LONG_FILENAME, name, props)
        _add_string(writer, folder, PR_ATTACH_FILENAME, name[-12:], props)
        _add_string(writer, folder, PR_ATTACH_MIME_TAG, "application/pdf", props)
        writer.addEntry(folder + "__properties_version1.0", _properties(props, 8))
    header = struct.pack("<8xIIII8x", 1, len(attachments), 1, len(attachments))
    writer.addEntry("__properties_version1.0", header + _properties(root_props, 0))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _add_string(
    writer: OleWriter, folder: str, prop: int, value: str, props: list[tuple[int, int, bytes]]
) -> None:
    data = value.encode("utf-16-le")
    writer.addEntry(f"{folder}__substg1.0_{prop:04X}{PT_UNICODE:04X}", data)
    props.append((prop, PT_UNICODE, struct.pack("<II", len(data) + 2, 0)))


def _properties(props: list[tuple[int, int, bytes]], header_bytes: int) -> bytes:
    """A `__properties_version1.0` stream: a header, then 16 bytes per property."""
    entries = b"".join(
        struct.pack("<II", (prop << 16) | kind, PROPERTY_READABLE_WRITABLE) + value
        for prop, kind, value in props
    )
    return bytes(header_bytes) + entries


def _filetime(moment: datetime) -> bytes:
    """A Windows FILETIME: 100-nanosecond ticks since 1601."""
    ticks = (moment - FILETIME_EPOCH) // timedelta(microseconds=1) * 10
    return struct.pack("<Q", ticks)


def facts_by_file(out: Path) -> dict[str, set[tuple[object, ...]]]:
    """Each input file's system facts (system, supplier, service area, contract end)."""
    documents = pd.read_parquet(out / "documents.parquet")
    names = {
        row.doc_id: Path(row.source_path.split("!/")[0]).name for row in documents.itertuples()
    }
    systems = pd.read_parquet(out / "systems.parquet")
    facts: dict[str, set[tuple[object, ...]]] = {name: set() for name in names.values()}
    for row in systems.itertuples():
        facts[names[row.doc_id]].add((row.system, row.supplier, row.service_area, row.contract_end))
    return facts
