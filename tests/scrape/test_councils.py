"""`foi-extract scrape councils`: an Alaveteli site's public bodies joined to the register,
councils only, with their disclosure logs."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from foi_extract.scrape.cli import app
from foi_extract.scrape.councils import load_register, match_body

from .server import authorities_site, serve


def _councils(tmp_path: Path) -> tuple[dict[str, dict[str, str]], str, list[str]]:
    """The CSV's rows by WhatDoTheyKnow URL name, the command's output, the paths fetched."""
    site = authorities_site()
    out = tmp_path / "councils.csv"
    with serve(site) as base:
        arguments = ["councils", "--out", str(out), "--base-url", base, "--delay", "0"]
        result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_url_name = {row["wdtk_url_name"]: row for row in rows if row["wdtk_url_name"]}
    return by_url_name, result.output, [path for _, path in site.log]


def test_councils_are_joined_to_the_register_with_their_disclosure_logs(tmp_path: Path) -> None:
    rows, _, fetched = _councils(tmp_path)
    kent = rows["kent_county_council"]
    assert (kent["gss_code"], kent["register_name"], kent["local_authority_code"]) == (
        "E10000016",
        "Kent County Council",
        "KEN",
    )
    assert kent["disclosure_log"] == "https://www.kent.gov.uk/foi/disclosure-log"
    assert kent["match"] == "name in the register"
    assert rows["bristol_city_council"]["disclosure_log"] == ""  # no log: empty
    assert fetched == ["/robots.txt", "/body/all-authorities.csv"]


def test_a_council_is_matched_by_domain_or_kept_unmatched_with_a_note(tmp_path: Path) -> None:
    rows, _, _ = _councils(tmp_path)
    rct = rows["rct_council"]
    assert rct["gss_code"] == "W06000016" and rct["match"] == "home page domain rctcbc.gov.uk"
    borsetshire = rows["borsetshire_cc"]
    assert borsetshire["gss_code"] == "" and "not in the register" in borsetshire["match"]
    glasgow = rows["glasgow_city_council"]  # in the register, though not tagged local_council
    assert glasgow["gss_code"] == "S12000049" and "not tagged local_council" in glasgow["match"]


def test_other_bodies_are_left_out(tmp_path: Path) -> None:
    rows, _, _ = _councils(tmp_path)
    assert not {"kent_police", "nhs_kent_and_medway", "kent_pension_fund"} & set(rows)


def test_register_councils_not_on_the_site_are_listed_and_counted(tmp_path: Path) -> None:
    out = tmp_path / "councils.csv"
    _, output, _ = _councils(tmp_path)
    with out.open(encoding="utf-8", newline="") as handle:
        missing = [row for row in csv.DictReader(handle) if row["match"] == "not on the site"]
    register = load_register()
    current = sum(1 for council in register.councils.values() if council.current)
    assert len(missing) == current - 4  # Kent, Bristol, Glasgow and RCT are on the site
    assert "5 council bodies on the site, 4 with a disclosure log, 1 not matched" in output


def test_a_body_named_like_a_council_but_on_its_domain_is_not_one() -> None:
    pension = {"Name": "Kent Pension Fund", "Tags": "pension_fund", "Home page": "kent.gov.uk"}
    assert match_body(pension, load_register()) is None


def test_an_unreachable_list_exits_non_zero(tmp_path: Path) -> None:
    site = authorities_site()
    del site.routes["/body/all-authorities.csv"]
    with serve(site) as base:
        arguments = [
            "councils",
            "--out",
            str(tmp_path / "c.csv"),
            "--base-url",
            base,
            "--delay",
            "0",
        ]
        result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1 and "HTTP 404" in result.stderr
    assert not (tmp_path / "c.csv").exists()
