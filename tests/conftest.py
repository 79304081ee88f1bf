"""Fixtures shared by every test area."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from foi_extract import rules

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the project; tests that need it skip where it is absent."""
    if not (SHARED_DIR / "corpus").is_dir():
        pytest.skip(f"needs ../shared (real FOI corpus and reference data), absent at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture
def fresh_resources() -> Iterator[None]:
    """For tests that point `FOI_EXTRACT_RESOURCES` elsewhere or edit resource files: forget
    everything built from the resource files before and after the test. Request it before
    `monkeypatch`, so the last reload comes after the environment is restored."""
    rules.reload()
    yield
    rules.reload()
