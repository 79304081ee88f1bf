"""The ingest stage's vocabulary (page furniture, quote markers, file signatures) as JSON."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed `resources/<name>.json` of this package, read once per process."""
    text = resources.files(__package__).joinpath("resources", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
