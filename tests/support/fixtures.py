"""Render invented FOI responses into real files: PDF, DOCX, HTML, e-mail, text, XLSX, ZIP.

Used to build the bundled corpora (`scripts/make_*_corpus.py`) and by the tests, so
that every parser is exercised on real files. Output is byte-stable for the same input (fixed
timestamps, ids and boundaries). reportlab is a development dependency, imported on use.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from html import escape
from typing import Literal

FIXED_TIME = datetime(2024, 1, 1, 12, 0, 0)
DOCX_SUBTYPE = "vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_SUBTYPE = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"

BlockKind = Literal["question", "heading", "answer", "table", "page_break"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def q(text: str) -> Block:
    return Block("question", text)


def h(text: str) -> Block:
    return Block("heading", text)


def a(text: str) -> Block:
    return Block("answer", text)


def table(*rows: Sequence[str]) -> Block:
    return Block("table", rows=tuple(tuple(row) for row in rows))


PAGE_BREAK = Block("page_break")


@dataclass(frozen=True)
class Response:
    """An invented council response: letterhead lines, then blocks, then a signature."""

    title: str
    letterhead: tuple[str, ...]
    blocks: tuple[Block, ...]
    signature: tuple[str, ...] = ()
    sender: str = "foi@example.gov.uk"
    date_header: str = "Tue, 05 Mar 2024 10:00:00 +0000"
    extra: dict[str, str] = field(default_factory=dict)


def to_text(response: Response) -> str:
    parts = ["\n".join(response.letterhead)]
    for block in response.blocks:
        if block.kind == "page_break":
            continue
        if block.kind == "table":
            parts.append("\n".join("  ".join(row) for row in block.rows))
        else:
            parts.append(block.text)
    parts.append("\n".join(response.signature))
    return "\n\n".join(part for part in parts if part) + "\n"


def to_markdown(response: Response) -> str:
    parts = [f"# {response.title}", "  \n".join(response.letterhead)]
    for block in response.blocks:
        if block.kind == "question":
            parts.append(f"**{block.text}**")
        elif block.kind == "heading" or block.kind == "answer":
            parts.append(f"*{block.text}*")
        elif block.kind == "table":
            header, *body = block.rows
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(row) + " |" for row in body]
            parts.append("\n".join(lines))
    parts.append("  \n".join(response.signature))
    return "\n\n".join(part for part in parts if part) + "\n"


def _html_blocks(response: Response) -> str:
    html = []
    for block in response.blocks:
        if block.kind == "question":
            html.append(f"<p><strong>{escape(block.text)}</strong></p>")
        elif block.kind == "heading":
            html.append(f"<h3>{escape(block.text)}</h3>")
        elif block.kind == "answer":
            html.append(f"<p>{escape(block.text)}</p>")
        elif block.kind == "table":
            header, *body = block.rows
            cells = "".join(f"<th>{escape(cell)}</th>" for cell in header)
            rows = [f"<tr>{cells}</tr>"]
            rows += [
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in body
            ]
            html.append("<table>" + "".join(rows) + "</table>")
    return "\n".join(html)


def to_disclosure_log_html(response: Response, url: str) -> str:
    """A council disclosure-log page: navigation, cookie banner and footer around the answer."""
    letterhead = "<br>".join(escape(line) for line in response.letterhead)
    signature = "<br>".join(escape(line) for line in response.signature)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(response.title)} | Disclosure log</title>
<link rel="canonical" href="{url}"></head>
<body><div class="cookie-banner">We use cookies. Accept all cookies?</div>
<header class="site-header"><a href="/">Home</a> <a href="/council">Council</a></header>
<nav class="breadcrumb"><a href="/foi">Freedom of information</a> &gt; Disclosure log</nav>
<main id="content"><h1>{escape(response.title)}</h1>
<p>{letterhead}</p>
{_html_blocks(response)}
<p>{signature}</p></main>
<footer class="site-footer">Contact us | Accessibility | Privacy | Mosaic of local services</footer>
</body></html>
"""


def to_whatdotheyknow_html(response: Response, request_title: str, url: str) -> str:
    """An Alaveteli request page: the requester's message, then the authority's reply."""
    letterhead = "<br>".join(escape(line) for line in response.letterhead)
    signature = "<br>".join(escape(line) for line in response.signature)
    return f"""<!DOCTYPE html>
<html><head><title>{escape(request_title)} - a Freedom of Information request</title>
<meta property="og:url" content="{url}"></head>
<body><nav id="banner">WhatDoTheyKnow <a href="/list">Browse requests</a></nav>
<div id="left_column"><h1>{escape(request_title)}</h1>
<div class="correspondence box outgoing" id="outgoing-1"><div class="correspondence_text">
<p>Dear council, please tell me which systems you use, e.g. Mosaic, Eclipse or Liquidlogic LCS,
and when each contract expires.</p><p>Yours faithfully, A. Requester</p></div></div>
<div class="correspondence box incoming" id="incoming-2"><div class="correspondence_text">
<p>{letterhead}</p>
{_html_blocks(response)}
<p>{signature}</p></div></div></div>
<div id="right_column"><h2>Things to do with this request</h2></div>
<footer>Powered by Alaveteli</footer></body></html>
"""


def to_pdf(response: Response, pages: int = 1, wrap_cells: bool = False) -> bytes:
    """A real PDF: bold questions, ruled tables; `pages` > 1 repeats a filler page between.

    With `wrap_cells`, table cells are paragraphs that wrap within equal-width columns (long
    answers in a question/answer table) instead of single lines."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body, bold = styles["BodyText"], styles["Heading4"]
    doc_width = A4[0] - 144  # SimpleDocTemplate's default margins are an inch each side
    story: list[object] = [Paragraph(escape(line), body) for line in response.letterhead]
    story.append(Spacer(1, 12))
    for block in response.blocks:
        if block.kind == "page_break":
            story.append(PageBreak())
        elif block.kind == "table":
            columns = len(block.rows[0])
            grid = (
                Table(
                    [[Paragraph(escape(cell), body) for cell in row] for row in block.rows],
                    colWidths=[doc_width / columns] * columns,
                )
                if wrap_cells
                else Table([list(row) for row in block.rows])
            )
            grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story += [grid, Spacer(1, 12)]
        else:
            style = bold if block.kind in ("question", "heading") else body
            story.append(Paragraph(escape(block.text), style))
    for number in range(2, pages + 1):
        story += [PageBreak(), Paragraph(f"Page {number}: notes on this response.", body)]
    story += [Spacer(1, 12), *(Paragraph(escape(line), body) for line in response.signature)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=response.title, invariant=1)
    document.build(story)
    return buffer.getvalue()


def to_docx(response: Response) -> bytes:
    """A real Word file: bold question runs, headings, a bordered table."""
    import docx

    word = docx.Document()
    word.core_properties.title = response.title
    word.core_properties.created = FIXED_TIME
    word.core_properties.modified = FIXED_TIME
    word.core_properties.last_printed = FIXED_TIME
    for line in response.letterhead:
        word.add_paragraph(line)
    for block in response.blocks:
        if block.kind == "question":
            word.add_paragraph().add_run(block.text).bold = True
        elif block.kind == "heading":
            word.add_paragraph().add_run(block.text).italic = True
        elif block.kind == "answer":
            word.add_paragraph(block.text)
        elif block.kind == "page_break":
            word.add_page_break()
        else:
            grid = word.add_table(rows=0, cols=len(block.rows[0]))
            grid.style = "Table Grid"
            for row in block.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
    for line in response.signature:
        word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    return _stable_zip(buffer.getvalue())


def to_xlsx(rows: Sequence[Sequence[str]], sheet: str = "Systems") -> bytes:
    return to_xlsx_sheets([(sheet, rows)])


def to_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> bytes:
    """A workbook with one worksheet per (name, rows)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, rows in sheets:
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(list(row))
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable_zip(buffer.getvalue(), fixed_modified=True)


def to_csv(rows: Sequence[Sequence[str]]) -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def to_eml(
    response: Response,
    to: str = "requester@example.org",
    quoted: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> bytes:
    """An e-mail reply: the response as the body, an optional quoted request, attachments."""
    message = EmailMessage()
    message["From"] = response.sender
    message["To"] = to
    message["Subject"] = response.title
    message["Date"] = response.date_header
    message["Message-ID"] = f"<{hashlib.sha1(response.title.encode()).hexdigest()[:16]}@foi.test>"
    body = to_text(response)
    if quoted:
        body += "\nOn 1 Feb 2024, A. Requester wrote:\n" + "".join(
            f"> {line}\n" for line in quoted.splitlines()
        )
    message.set_content(body)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if message.is_multipart():
        message.set_boundary("===============foi-extract-sample==")
    return bytes(message)


def to_zip(members: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _stable_zip(data: bytes, fixed_modified: bool = False) -> bytes:
    """Re-pack an Office file with fixed member timestamps, so it is byte-stable.

    openpyxl stamps the save time into docProps/core.xml whatever it is told, so that stamp is
    replaced too when `fixed_modified` is set.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    members = []
    for info in source.infolist():
        content = source.read(info)
        if fixed_modified and info.filename == "docProps/core.xml":
            stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
            content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
        members.append((info.filename, content))
    return to_zip(members)


@dataclass(frozen=True)
class Markup:
    """A response written in the gold corpus's light markup: header keys, then blocks."""

    headers: dict[str, list[str]]
    response: Response

    def header(self, key: str, default: str = "") -> str:
        values = self.headers.get(key)
        return values[0] if values else default


def parse_markup(text: str) -> Markup:
    """Read the light markup of `data/gold/src/*.md`.

    An optional header between `---` lines holds `key: value` lines (a key may repeat). The
    body's paragraphs (blank-line separated) become blocks: `**...**` a question, `## ...` a
    heading, lines starting `|` a table (first row the header; `|---|` rows are skipped),
    `[page]` a page break, anything else an answer (its lines kept as they are).
    """
    headers: dict[str, list[str]] = {}
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            headers.setdefault(key.strip(), []).append(value.strip())
        lines = lines[end + 1 :]
    blocks: list[Block] = []
    for paragraph in re.split(r"\n\s*\n", "\n".join(lines)):
        chunk = paragraph.strip("\n")
        if not chunk.strip():
            continue
        blocks.append(_markup_block(chunk.strip()))
    title = headers.get("title", [""])[0]
    response = Response(
        title=title,
        letterhead=(),
        blocks=tuple(blocks),
        sender=headers.get("from", ["foi@example.gov.uk"])[0],
        date_header=headers.get("date", ["Tue, 05 Mar 2024 10:00:00 +0000"])[0],
    )
    return Markup(headers, response)


def _markup_block(chunk: str) -> Block:
    if chunk == "[page]":
        return PAGE_BREAK
    if chunk.startswith("**") and chunk.endswith("**"):
        return q(chunk[2:-2].strip())
    if chunk.startswith("## "):
        return h(chunk[3:].strip())
    if chunk.startswith("|"):
        rows = [
            tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
            for line in chunk.splitlines()
            if line.strip() and not re.fullmatch(r"\|?[\s:|-]+\|?", line.strip())
        ]
        return table(*rows)
    return a(chunk)
