"""Where the trained NER model lives: a light module, so the checkpoint fingerprint can name
the model without loading spaCy."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = Path(__file__).resolve().parent / "resources" / "model" / "foi_ner"
"""Inside the package, so an installed wheel has it (`make ner` writes it there)."""

MODEL_BY_DEFAULT = True
"""Runs add the model's names unless told not to (`--no-model`): with it, unlisted products'
recall on held-out documents is 0.97 at precision 1.00, and no gold set's systems F1 is lower
than with the rules alone (`scripts/eval_unlisted.py`, README "Products nobody listed")."""


def model_path() -> Path:
    """Where the model is looked for: `$FOI_EXTRACT_MODEL`, else the packaged model."""
    return Path(os.environ.get("FOI_EXTRACT_MODEL", DEFAULT_MODEL))
