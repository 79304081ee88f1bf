"""The package installs beside an analyst's tools: ranges in pyproject, exact versions in the
lock file that `make` and CI install from, and an extra for analysis."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _name(requirement: str) -> str:
    match = NAME.match(requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def _locked() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {_name(name): version for name, version in pins}


def test_runtime_dependencies_are_ranges_with_a_lower_bound() -> None:
    for requirement in PROJECT["dependencies"]:
        assert "==" not in requirement, f"pinned: {requirement}"
        assert ">=" in requirement, f"no lower bound: {requirement}"


def test_the_lock_pins_every_dependency_inside_its_range() -> None:
    locked = _locked()
    for requirement in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]:
        name = _name(requirement)
        assert name in locked, f"{name} is not in requirements.lock"
        lower = re.search(r">=([\d.]+)", requirement)
        if lower:
            low = tuple(int(part) for part in lower.group(1).split("."))
            have = tuple(int(part) for part in re.findall(r"\d+", locked[name])[: len(low)])
            assert have >= low, f"{name} {locked[name]} is below {lower.group(1)}"


def test_pandas_2_and_httpx_0_27_are_admitted() -> None:
    ranges = {_name(req): req for req in PROJECT["dependencies"]}
    assert re.search(r">=2\.\d", ranges["pandas"]) and "<4" in ranges["pandas"]
    assert ">=0.27" in ranges["httpx"]


def test_the_analysis_extra_has_the_analysts_tools() -> None:
    extra = {_name(requirement) for requirement in PROJECT["optional-dependencies"]["analysis"]}
    assert {"duckdb", "polars", "jupyterlab"} <= extra
