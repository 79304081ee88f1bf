"""A gold folder's binaries rendered again from their `src/` markup (scripts/make_gold_corpus.py),
for the tests that check the committed files are exactly what their sources make."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def assert_renders_as_committed(folder: Path, out: Path, least: int) -> None:
    """Render `folder`'s sources into `out`: at least `least` files, each byte for byte the
    committed file of the same name."""
    spec = importlib.util.spec_from_file_location("gold", ROOT / "scripts" / "make_gold_corpus.py")
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.main(out, None, folder)
    made = sorted(out.iterdir())
    assert len(made) >= least
    for path in made:
        committed = (folder / path.name).read_bytes()
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(committed).digest()
