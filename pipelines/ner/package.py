"""Copy the best trained pipeline into the package (foi_extract/resources/model/foi_ner, so
the wheel ships it), where foi-extract loads it.

Usage: python pipelines/ner/package.py [TRAINING_DIR]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parents[1] / "foi_extract" / "resources" / "model" / "foi_ner"


def main(training: Path = HERE / "training") -> None:
    best = training / "model-best"
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(best, TARGET)
    size = sum(path.stat().st_size for path in TARGET.rglob("*") if path.is_file())
    print(f"packaged {best} -> {TARGET} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "training")
