"""Find the input files of a run: files and folders (recursive), minus what should be skipped.

A folder may hold a `.foiignore` file of glob patterns (one per line, `#` comments), like
`.gitignore`, for files that sit beside the documents but are not documents (READMEs, gold labels).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path

IGNORE_FILE = ".foiignore"
DEFAULT_IGNORES = ("manifest.sqlite*", "*.part", "Thumbs.db", "desktop.ini")


def discover_inputs(paths: Iterable[Path]) -> list[Path]:
    """Every file under `paths`, sorted, skipping hidden files and ignored patterns."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(_walk(path, list(DEFAULT_IGNORES)))
        else:
            found.add(path)
    return sorted(found)


def _walk(folder: Path, ignores: list[str]) -> Iterable[Path]:
    ignores = ignores + _read_ignore_file(folder / IGNORE_FILE)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or _ignored(entry.name, ignores):
            continue
        if entry.is_dir():
            yield from _walk(entry, ignores)
        elif entry.is_file():
            yield entry


def _read_ignore_file(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _ignored(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
