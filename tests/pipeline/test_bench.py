"""Smoke test of scripts/bench.py: its corpus builders write files that ingest to text.

Only the builders run, at tiny sizes; nothing is timed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from foi_extract.ingest import ingest_path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_corpus_builders_write_distinct_documents_with_text(tmp_path: Path) -> None:
    bench = _bench()
    texts = bench.write_texts(tmp_path / "texts", 3)
    (pdf,) = bench.write_pdfs(tmp_path / "pdfs", 1, pages=2)
    long_text = bench.write_long_text(tmp_path / "long", 5_000)

    assert len({path.read_bytes() for path in texts}) == 3  # no two files share a checkpoint
    for path in texts:
        (document,) = ingest_path(path)
        assert document.status == "ok"
        assert any(system in document.text for system, _, _ in bench.SYSTEMS)
    (document,) = ingest_path(pdf)
    assert document.status == "ok"
    assert len(document.pages) == 2
    assert all(len(document.text[p.start : p.end].strip()) > 200 for p in document.pages)
    (document,) = ingest_path(long_text)
    assert len(document.text) >= 5_000
