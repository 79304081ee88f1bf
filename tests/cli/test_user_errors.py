"""The `foi-extract` command as a new user meets it: --version, mistakes told in one line
(`foi-extract: error: ...`, exit code 2) instead of a traceback, limits checked before a run,
and `run --quiet` / `--verbose`."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from foi_extract import __version__
from foi_extract.cli import app

SITES = Path(__file__).resolve().parents[2] / "foi_extract" / "resources" / "sites"
REPLY = "Dear requester,\n\nThe council uses Mosaic for adult social care case management.\n"


def _invoke(*arguments: str | Path) -> Result:
    """The top-level command, in this process, with stdout and stderr apart."""
    return CliRunner().invoke(app, [str(argument) for argument in arguments])


def _one_line_error(result: Result) -> str:
    """The single `foi-extract: error: ...` line of a user's mistake (exit 2, no traceback)."""
    assert result.exit_code == 2, (result.exception, result.output)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("foi-extract: error: "), result.stderr
    return lines[0]


@pytest.fixture
def reply(tmp_path: Path) -> Path:
    """One small FOI reply to run the pipeline on."""
    path = tmp_path / "reply.txt"
    path.write_text(REPLY, encoding="utf-8")
    return path


# 1. --version


def test_version_prints_the_package_version_and_exits_zero() -> None:
    """`foi-extract --version` is in --help, so it must work without a command."""
    result = _invoke("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"foi-extract {__version__}\n"


# 2. --out naming a file


def test_run_out_naming_a_file_is_a_one_line_error(reply: Path, tmp_path: Path) -> None:
    """A file where the tables' folder belongs is named, not a NotADirectoryError traceback."""
    taken = tmp_path / "taken.txt"
    taken.write_text("not a folder", encoding="utf-8")
    line = _one_line_error(_invoke("run", reply, "--out", taken))
    assert str(taken) in line and "is a file" in line


def test_scrape_out_naming_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    """The scrape commands' --out too (caught at the top level: a FileExistsError)."""
    taken = tmp_path / "taken.txt"
    taken.write_text("not a folder", encoding="utf-8")
    arguments = ["scrape", "whatdotheyknow", "--request", "x", "--out", taken]
    result = _invoke(*arguments, "--base-url", "http://127.0.0.1:9", "--contact", "me@example.org")
    assert str(taken) in _one_line_error(result)


# 3. report and eval on a missing folder


def test_report_on_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    """`report` names the folder that is not there."""
    missing = tmp_path / "no_such_run"
    line = _one_line_error(_invoke("report", missing, "--out", tmp_path / "report.html"))
    assert f"no such folder: {missing}" in line


def test_eval_on_a_missing_folder_is_a_one_line_error(project_root: Path, tmp_path: Path) -> None:
    """`eval` names the folder that is not there."""
    missing = tmp_path / "no_such_run"
    gold = project_root / "data" / "raw" / "sample" / "gold.jsonl"
    line = _one_line_error(_invoke("eval", missing, "--gold", gold))
    assert f"no such folder: {missing}" in line


def test_eval_with_a_misspelt_target_is_a_one_line_error(
    project_root: Path, tmp_path: Path
) -> None:
    """A targets file naming no figure says which name is unknown, without a traceback."""
    targets = tmp_path / "targets.toml"
    targets.write_text("systems_fl = 0.9\n", encoding="utf-8")
    gold = project_root / "data" / "raw" / "sample" / "gold.jsonl"
    line = _one_line_error(_invoke("eval", tmp_path, "--gold", gold, "--targets", targets))
    assert "unknown figures systems_fl" in line


# 4. a misspelt site file (the disclosure log's --site)


def _disclosure_log(site: Path, out: Path) -> Result:
    return _invoke(
        *["scrape", "disclosure-log", "--site", site, "--out", out],
        *["--base-url", "http://127.0.0.1:9", "--contact", "me@example.org"],
    )


def test_a_misspelt_site_file_name_is_a_one_line_error(tmp_path: Path) -> None:
    """--site is a path: a typo in it is a FileNotFoundError in load_site, told in one line."""
    misspelt = SITES / "example_borogh_drupal.toml"
    line = _one_line_error(_disclosure_log(misspelt, tmp_path / "out"))
    assert f"No such file or directory: {misspelt}" in line


def test_a_misspelt_key_in_a_site_file_is_a_one_line_error(tmp_path: Path) -> None:
    """A misspelt key fails the Site model (a pydantic ValidationError): both keys named."""
    text = (SITES / "example_borough_drupal.toml").read_text(encoding="utf-8")
    site = tmp_path / "site.toml"
    site.write_text(text.replace("\nitem_links =", "\nitem_link ="), encoding="utf-8")
    line = _one_line_error(_disclosure_log(site, tmp_path / "out"))
    assert "site file: item_links: Field required" in line
    assert "item_link: Extra inputs are not permitted" in line


def test_a_site_file_that_is_not_toml_is_a_one_line_error(tmp_path: Path) -> None:
    """A TOML syntax error in the site file: the parser's message, one line."""
    site = tmp_path / "site.toml"
    site.write_text('name = "unterminated\n', encoding="utf-8")
    assert "not valid TOML" in _one_line_error(_disclosure_log(site, tmp_path / "out"))


def test_an_unexpected_error_keeps_its_traceback(
    reply: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard (passes before and after): a bug is not dressed as a user's mistake."""

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr("foi_extract.cli.run_pipeline", broken)
    result = _invoke("run", reply, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert isinstance(result.exception, ValueError)
    assert "foi-extract: error" not in result.output


def test_verbose_shows_the_traceback_of_an_os_error(
    reply: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --verbose an OS error from deep in a run is one line; with it, the exception
    (and so its traceback) comes through."""

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "out" / ".work"))

    monkeypatch.setattr("foi_extract.cli.run_pipeline", denied)
    quiet = _invoke("run", reply, "--out", tmp_path / "out")
    assert "Permission denied" in _one_line_error(quiet)
    verbose = _invoke("run", reply, "--out", tmp_path / "out", "--verbose")
    assert isinstance(verbose.exception, PermissionError)


# 5. limits checked before the run


@pytest.mark.parametrize(
    ("option", "value"),
    [("--workers", "0"), ("--workers", "-1"), ("--timeout", "0"), ("--max-memory-mb", "0")],
)
def test_limits_below_one_are_refused(reply: Path, tmp_path: Path, option: str, value: str) -> None:
    """0 or -1 workers crashed the run; --timeout 0 meant no limit, a zero memory cap failed
    every file."""
    result = _invoke("run", reply, "--out", tmp_path / "out", option, value)
    assert result.exit_code == 2, result.output
    assert option in result.output and "Invalid value" in result.output
    assert not (tmp_path / "out").exists()


# 6. run --quiet / --verbose


def test_verbose_adds_a_status_line_per_document(reply: Path, tmp_path: Path) -> None:
    """--verbose prints each document's status and path before the summary; the default
    prints the summary line only."""
    default = _invoke("run", reply, "--out", tmp_path / "a")
    verbose = _invoke("run", reply, "--out", tmp_path / "b", "--verbose")
    assert default.exit_code == 0 and verbose.exit_code == 0, (default.output, verbose.output)
    assert [line[:8] for line in default.stdout.splitlines()] == ["1 files "]
    lines = verbose.stdout.splitlines()
    assert lines[0].split() == ["ok", str(reply)]
    assert [line[:8] for line in lines[1:]] == ["1 files "]


def test_quiet_and_verbose_together_are_refused(reply: Path, tmp_path: Path) -> None:
    """The two switches contradict each other."""
    result = _invoke("run", reply, "--out", tmp_path / "out", "--quiet", "--verbose")
    assert "--quiet or --verbose" in _one_line_error(result)


def _on_a_terminal(*arguments: str | Path, deadline: float = 180.0) -> str:
    """Run `foi-extract` with a pseudo-terminal as stdout and stderr (CliRunner is no
    terminal, so it never shows a progress bar); its output without colour codes."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TTY_", "NO_COLOR"))}
    command = [sys.executable, "-m", "foi_extract", *map(str, arguments)]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks, stop = [], time.monotonic() + deadline
    while time.monotonic() < stop:
        if select.select([leader], [], [], 1.0)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the command has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=30) == 0
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode(errors="replace"))


def test_quiet_hides_the_progress_bar_on_a_terminal(reply: Path, tmp_path: Path) -> None:
    """On a terminal the default shows a progress bar ('1/1'); --quiet prints only the
    summary line."""
    default = _on_a_terminal("run", reply, "--out", tmp_path / "a")
    quiet = _on_a_terminal("run", reply, "--out", tmp_path / "b", "--quiet")
    assert "1/1" in default, default
    assert [line[:8] for line in quiet.splitlines() if line.strip()] == ["1 files "]


@pytest.mark.parametrize("option", ["--workers", "--timeout", "--deadline", "--max-mb"])
def test_scrape_limits_below_one_are_refused(tmp_path: Path, option: str) -> None:
    """`scrape --workers 0` waited forever for a download slot that never came."""
    result = _invoke(
        "scrape", "whatdotheyknow", "--request", "1", "--out", tmp_path / "out", option, "0"
    )
    assert result.exit_code == 2, result.output
    assert option in result.output and "Invalid value" in result.output
