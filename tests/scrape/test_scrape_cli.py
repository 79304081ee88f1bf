"""`foi-extract scrape ...` as a user runs it: the commands, the summary, the advice."""

from __future__ import annotations

import socket
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from foi_extract.rules import PACKAGE_RESOURCES
from foi_extract.scrape import cli
from foi_extract.scrape.cli import app
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.manifest import MANIFEST

from .council_sites import council_site
from .server import STOCK_ROBOTS, alaveteli_site, serve


def _scrape(base: str, out: Path, *selection: str) -> str:
    arguments = ["whatdotheyknow", *selection, "--out", str(out), "--base-url", base]
    result = CliRunner().invoke(app, [*arguments, "--delay", "0", "--contact", "me@example.org"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_batch_is_gathered_with_a_summary(tmp_path: Path) -> None:
    with serve(alaveteli_site(attachments=1)) as base:
        output = _scrape(base, tmp_path, "--batch", "7")
    assert "done: 1 duplicate, 7 fetched;" in output  # 2 × (JSON, page, message), 1 PDF
    assert (tmp_path / MANIFEST).exists()


def test_the_summary_lists_failures_with_reasons(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    del site.routes["/request/101/response/555/attach/2/answer_0.pdf"]
    with serve(site) as base:
        output = _scrape(base, tmp_path, "--request", "software_kent")
    attachment = f"{base}/request/101/response/555/attach/2/answer_0.pdf"
    assert f"not_found: {attachment}: HTTP 404" in output


def test_under_stock_robots_txt_attachments_come_and_search_is_explained(tmp_path: Path) -> None:
    with serve(alaveteli_site(robots=STOCK_ROBOTS)) as base:
        output = _scrape(base, tmp_path, "--request", "software_kent")
        arguments = ["whatdotheyknow", "--search", "mosaic", "--out", str(tmp_path)]
        refused = CliRunner().invoke(app, [*arguments, "--base-url", base, "--delay", "0"])
    assert "6 fetched" in output and "robots_disallowed" not in output  # JSON, page, 1 message, 3
    assert "1 robots_disallowed" in refused.output
    assert "attachments are allowed; search, feeds and the zip" in refused.output
    assert "Download all correspondence" not in refused.output


def test_exactly_one_selection_is_required(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["whatdotheyknow", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "exactly one of" in result.output


def test_a_disclosure_log_is_gathered_from_its_site_file(tmp_path: Path) -> None:
    site_file = PACKAGE_RESOURCES / "sites" / "example_city_table.toml"
    arguments = ["disclosure-log", "--site", str(site_file), "--out", str(tmp_path)]
    with serve(council_site("example_city_table")) as base:
        result = CliRunner().invoke(app, [*arguments, "--base-url", base, "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "7 fetched" in result.output


def test_each_url_shows_progress(tmp_path: Path) -> None:
    with serve(alaveteli_site(attachments=1)) as base:
        arguments = ["whatdotheyknow", "--batch", "7", "--out", str(tmp_path), "--base-url", base]
        result = CliRunner().invoke(app, [*arguments, "--delay", "0", "--contact", "me@x.org"])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 8  # 7 fetched, 1 duplicate
    assert f"fetched {base}/request/software_kent.json" in result.stderr


def test_nothing_fetched_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    site = alaveteli_site(attachments=1)
    for route in site.routes.values():
        if route.content_type != "text/plain":  # everything but robots.txt is forbidden
            route.status = 403
    with serve(site) as base:
        arguments = ["whatdotheyknow", "--request", "software_kent", "--out", str(tmp_path)]
        result = CliRunner().invoke(app, [*arguments, "--base-url", base, "--delay", "0"])
    assert result.exit_code == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith("error: nothing could be fetched (2 forbidden)")


def test_an_unreachable_site_exits_non_zero_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "PoliteClient", partial(PoliteClient, attempts=1))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    arguments = ["whatdotheyknow", "--request", "x", "--out", str(tmp_path), "--base-url", dead]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1
    assert "robots.txt disallows" not in result.output
    assert result.stderr.splitlines()[-1].startswith("error: nothing could be fetched (")
    assert "unreachable" in result.stderr.splitlines()[-1]
