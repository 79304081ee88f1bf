"""A corrections file from the report's review loop, read as gold labels (`eval --gold`).

Each reviewed row becomes gold for the files its documents came from (the top-level file of
each `doc_id`, looked up in the scored run's documents table): a row marked "right" is a gold
system with the values the reviewer saw, a "corrected" one with the corrected values, and a
row marked "wrong" is no gold system (so a prediction of it is a false hit). A later line about
the same row wins. Gold from corrections says nothing of exemptions or of the document's
council, reference and date, so those are not scored for these files; and a file counts as
reviewed in full: a fact the reviewer did not mark is a false hit there.
"""

from __future__ import annotations

from typing import Any

from foi_extract.errors import UserError
from foi_extract.review import Line

_RowKey = tuple[str, str, str | None]  # council code, system, service area as shown


def _gold_system(line: Line) -> dict[str, Any] | None:
    """The gold system of one reviewed row: None for a row marked wrong."""
    correction = line.correction
    if correction.verdict == "wrong":
        return None
    values = correction.gold_values()
    return {"name": values.pop("system"), **values}


def _files(line: Line, doc_files: dict[str, str]) -> list[str]:
    """The files the row's documents belong to; a row none of whose documents is in the
    scored run cannot be placed."""
    files = sorted({doc_files[doc_id] for doc_id in line.correction.doc_ids if doc_id in doc_files})
    if not files:
        raise UserError(
            f"corrections line {line.number}: none of its documents is in the scored tables "
            "(score the run the report was made from)"
        )
    return files


def corrections_gold(lines: list[Line], doc_files: dict[str, str]) -> list[dict[str, Any]]:
    """Gold documents (the format of `read_gold`) from corrections (`doc_files`: doc_id ->
    top-level file name in the scored run), one per file, in file-name order."""
    reviewed: dict[str, dict[_RowKey, dict[str, Any] | None]] = {}
    for line in lines:
        correction = line.correction
        key = (correction.authority_code, correction.system, correction.service_area)
        for file in _files(line, doc_files):
            reviewed.setdefault(file, {})[key] = _gold_system(line)
    return [
        {"id": file, "file": file, "systems": [s for s in rows.values() if s is not None]}
        for file, rows in sorted(reviewed.items())
    ]
