"""Copy the best trained pipeline into the package (foi_extract/resources/model/foi_ner, so
the wheel ships it), where foi-extract loads it.

Usage: python pipelines/ner/package.py [TRAINING_DIR]
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parents[1] / "foi_extract" / "resources" / "model" / "foi_ner"
META = {
    "name": "foi_ner",
    "version": "3.0.0",  # the weights; the gate around them is versioned as the rule ner.model@N
    "description": (
        "Tags SYSTEM, SUPPLIER and HOST_ORG in UK council FOI answers about social-care "
        "software; trained by `make ner` on invented documents and the project's gold sets."
    ),
    "author": "foi-extract",
    "license": "MIT",
    "url": "",
}
"""spaCy's conventional package meta, written over what `spacy train` leaves empty."""


def write_meta(model: Path) -> None:
    """Fill the name, version, licence and description of the model's `meta.json`."""
    path = model / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(META)
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main(training: Path = HERE / "training") -> None:
    best = training / "model-best"
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(best, TARGET)
    write_meta(TARGET)
    size = sum(path.stat().st_size for path in TARGET.rglob("*") if path.is_file())
    print(f"packaged {best} -> {TARGET} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "training")
