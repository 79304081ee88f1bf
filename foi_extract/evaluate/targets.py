"""Minimum scores (`--targets`): read from TOML or JSON and checked against a run."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from foi_extract.evaluate.scoring import Scores, figure_names


def load_targets(path: Path) -> dict[str, float]:
    """`figure name -> minimum` from `path` (JSON when it ends in .json, else TOML).

    A name that is no figure is an error, so a misspelt target fails loudly instead of passing.
    """
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of figure names to minimum scores")
    unknown = sorted(set(raw) - figure_names())
    if unknown:
        known = ", ".join(sorted(figure_names()))
        raise ValueError(f"{path}: unknown figures {', '.join(unknown)} (known: {known})")
    bad = sorted(name for name, value in raw.items() if not isinstance(value, int | float))
    if bad:
        raise ValueError(f"{path}: targets must be numbers: {', '.join(bad)}")
    return {name: float(value) for name, value in raw.items()}


def below_targets(scores: Scores, targets: dict[str, float]) -> list[str]:
    """The measured figures that fall short of their targets, in words.

    A figure with nothing to measure (no gold value for that field) is not held to its target.
    """
    figures = scores.figures()
    return [
        f"{name} {figures[name]:.3f} < {target:.3f}"
        for name, target in targets.items()
        if name in figures and figures[name] < target
    ]
