"""Render the project gold set's binary documents from their hand-written sources.

`data/gold/src/NAME.EXT.md` (the light markup of `tests.support.fixtures.parse_markup`) becomes
`data/gold/NAME.EXT` as a real PDF, DOCX, XLSX, CSV, ZIP or e-mail. A source whose name starts
with `_` is only a part (an e-mail attachment or an archive member) and is not written alone.
Text formats (HTML, plain text, Markdown, simple e-mails) are written by hand in `data/gold/`
directly. Output is byte-stable.
Usage: python scripts/make_gold_corpus.py [--gold DIR] [--out DIR] [SOURCE_NAME ...]
(default: every source of data/gold; `--gold` names another gold folder with a `src/`, whose
files are written into it unless `--out` says otherwise)

Header keys a source may use:
  title: the document title (PDF/DOCX metadata, e-mail subject)
  from:, date: an e-mail's sender and Date header
  attach: NAME <- SOURCE   an e-mail attachment or archive member rendered from SOURCE
  quoted: a line of the requester's message, quoted at the end of an e-mail (repeatable)
  pages: a PDF's page count (filler pages are added after the body)
  sheet: NAME   for XLSX, names the sheets in order, one per table
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.support

from tests.support import fixtures as f

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"
MEDIA = {".pdf": "application/pdf", ".docx": f"application/{f.DOCX_SUBTYPE}",
         ".xlsx": f"application/{f.XLSX_SUBTYPE}", ".csv": "text/csv", ".txt": "text/plain",
         ".html": "text/html", ".eml": "message/rfc822"}  # fmt: skip


def render(source: Path) -> bytes:
    """The bytes of the document that `source` (NAME.EXT.md) describes."""
    markup = f.parse_markup(source.read_text(encoding="utf-8"))
    target = Path(source.name.removesuffix(".md"))
    suffix = target.suffix.lower()
    response = markup.response
    if suffix == ".pdf":
        return f.to_pdf(response, pages=int(markup.header("pages", "1")), wrap_cells=True)
    if suffix == ".docx":
        return f.to_docx(response)
    if suffix in (".xlsx", ".csv"):
        tables = [list(block.rows) for block in response.blocks if block.kind == "table"]
        if suffix == ".csv":
            return f.to_csv(tables[0])
        names = markup.headers.get("sheet", [])
        sheets = [(names[i] if i < len(names) else f"Sheet{i + 1}", rows) for i, rows in
                  enumerate(tables)]  # fmt: skip
        return f.to_xlsx_sheets(sheets)
    if suffix == ".txt":
        return f.to_text(response).encode("utf-8")
    parts = [_part(source.parent, spec) for spec in markup.headers.get("attach", [])]
    if suffix == ".zip":
        return f.to_zip([(name, data) for name, data, _ in parts])
    if suffix == ".eml":
        quoted = "\n".join(markup.headers.get("quoted", []))
        return f.to_eml(response, quoted=quoted, attachments=parts)
    raise ValueError(f"{source.name}: no renderer for {suffix}")


def _part(folder: Path, spec: str) -> tuple[str, bytes, str]:
    """`NAME <- SOURCE`: the attachment's file name, bytes and media type."""
    name, _, source = (item.strip() for item in spec.partition("<-"))
    return name, render(folder / source), MEDIA.get(Path(name).suffix.lower(), "text/plain")


def main(out: Path = GOLD, names: list[str] | None = None, gold: Path = GOLD) -> None:
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for source in sorted((gold / "src").glob("*.md")):
        if source.name.startswith("_") or (names and source.name not in names):
            continue
        (out / source.name.removesuffix(".md")).write_bytes(render(source))
        written += 1
    print(f"wrote {written} files to {out}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    folder = target = GOLD
    if arguments[:1] == ["--gold"]:
        folder = target = Path(arguments[1]).resolve()
        arguments = arguments[2:]
    if arguments[:1] == ["--out"]:
        target, arguments = Path(arguments[1]), arguments[2:]
    sources = [name if name.endswith(".md") else f"{name}.md" for name in arguments]
    main(target, sources or None, folder)
