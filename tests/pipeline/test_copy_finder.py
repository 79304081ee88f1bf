"""Copies are found in input order whatever order the files finish in."""

from __future__ import annotations

import itertools
from pathlib import Path

from foi_extract.checkpoint import FileResult
from foi_extract.pipeline import _CopyFinder
from foi_extract.records import DocumentRow

HEX = {name: name * 64 for name in "abc"}  # SHA-256-like ids (kept as 32 bytes)


def _result(path: str, *doc_ids: str) -> FileResult:
    rows = [
        DocumentRow(doc_id=doc_id, source_path=f"{path}!/{n}", media_type="text/plain", status="ok")
        for n, doc_id in enumerate(doc_ids)
    ]
    return FileResult(documents=rows)


def test_copies_do_not_depend_on_the_order_files_finish_in() -> None:
    files = [Path("x/1"), Path("x/2"), Path("x/3"), Path("x-y")]
    results = {
        files[0]: _result("x/1", HEX["a"], "child"),
        files[1]: _result("x/2", HEX["b"], "child", "child"),
        files[2]: _result("x/3", HEX["a"]),
        files[3]: _result("x-y", HEX["c"], HEX["b"]),
    }
    expected = {
        "child": ["x/2!/1", "x/2!/2"],
        HEX["a"]: ["x/3!/0"],
        HEX["b"]: ["x-y!/1"],
    }
    for order in itertools.permutations(files):
        finder = _CopyFinder(sorted(files))
        for path in order:
            finder.add(path, results[path])
        assert finder.found() == expected
