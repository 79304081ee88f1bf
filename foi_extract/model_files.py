"""Where the trained NER model lives: a light module, so the checkpoint fingerprint can name
the model without loading spaCy."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "foi_ner"


def model_path() -> Path:
    """Where the model is looked for: `$FOI_EXTRACT_MODEL`, else `models/foi_ner`."""
    return Path(os.environ.get("FOI_EXTRACT_MODEL", DEFAULT_MODEL))
