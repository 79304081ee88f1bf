"""Legacy Word documents (.doc, Word 97-2003): the text antiword prints, read like plain text.

antiword is a small C program (Debian's `antiword`) that reads the binary Word format well; no
maintained pure-Python reader of .doc text exists. Without it, a .doc is an error that says how
to install it. Tables come out as lines of `|`-separated cells and become tables again.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cache
from typing import TYPE_CHECKING

from foi_extract.document import Document
from foi_extract.ingest.base import IngestError, Ingestor
from foi_extract.ingest.text_builder import TextBuilder

if TYPE_CHECKING:
    from foi_extract.ingest.manager import Ingest

DOC = "application/msword"
ANTIWORD = "antiword"
INSTALL_HINT = "needs antiword (apt-get install antiword)"
TIMEOUT = 120
"""Seconds antiword may take on one file (the worker's per-file timeout applies as well)."""
UTF8_MAPPING = "UTF-8.txt"
CELL_MARK = "|"


@cache
def antiword_available() -> bool:
    return shutil.which(ANTIWORD) is not None


class DocIngestor(Ingestor):
    media_types = (DOC,)
    extensions = (".doc", ".dot")

    def ingest(self, data: bytes, document: Document, context: Ingest) -> None:
        if not antiword_available():
            raise IngestError(f"legacy Word document: {INSTALL_HINT}")
        builder = TextBuilder()
        _add_text(_antiword(data), builder)
        builder.apply(document)


def _antiword(data: bytes) -> str:
    """antiword's text of a .doc: whole paragraphs on one line each (`-w 0`), in UTF-8."""
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        command = [ANTIWORD, "-w", "0", "-m", UTF8_MAPPING, handle.name]
        try:
            completed = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise IngestError(f"antiword timed out after {TIMEOUT} s") from exc
    if completed.returncode < 0:
        raise IngestError(f"antiword crashed (signal {-completed.returncode}) on this document")
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").replace(handle.name, "").strip()
        raise IngestError(f"not a readable Word 97-2003 document: {reason or 'antiword failed'}")
    return completed.stdout.decode("utf-8", "replace")


def _add_text(text: str, builder: TextBuilder) -> None:
    """Each line a paragraph; runs of `|cell|cell|` lines as tables."""
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith(CELL_MARK) and stripped.endswith(CELL_MARK) and len(stripped) > 1:
            rows.append([cell.strip() for cell in stripped[1:-1].split(CELL_MARK)])
            continue
        if rows:
            builder.table(rows)
            rows = []
        if stripped:
            builder.paragraph([(stripped, frozenset())])
