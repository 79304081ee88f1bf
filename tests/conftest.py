"""Fixtures shared by every test area."""

from __future__ import annotations

from pathlib import Path

import pytest

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
