"""`foi-extract scrape ...`: gather a corpus that `foi-extract run` then processes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from foi_extract.scrape import councils as council_list
from foi_extract.scrape.collector import Collector
from foi_extract.scrape.disclosure_log import DisclosureLog, load_site
from foi_extract.scrape.http import (
    DeadlineExceeded,
    NotFetched,
    PoliteClient,
    RetryableStatus,
    TooLarge,
    describe,
)
from foi_extract.scrape.manifest import MANIFEST
from foi_extract.scrape.whatdotheyknow import DEFAULT_BASE, WhatDoTheyKnow

app = typer.Typer(
    help="Gather FOI responses politely from WhatDoTheyKnow and council disclosure logs.",
    no_args_is_help=True,
)

Out = Annotated[Path, typer.Option("--out", help="Folder for the files and manifest.sqlite.")]
Contact = Annotated[
    str, typer.Option(help="Your e-mail, sent in the User-Agent so a site owner can reach you.")
]
Delay = Annotated[float, typer.Option(min=0, help="Seconds between two requests to one host.")]
Workers = Annotated[
    int, typer.Option(min=1, help="Downloads at once (across hosts; each host waits).")
]
MaxMb = Annotated[float, typer.Option(min=0.001, help="Largest file to download, in MB.")]
Timeout = Annotated[
    float, typer.Option(min=0.001, help="Seconds to wait for each read of a response.")
]
Deadline = Annotated[
    float, typer.Option(min=0.001, help="Most seconds one response may take in all.")
]
MaxWait = Annotated[
    float,
    typer.Option(help="Longest Retry-After or Crawl-delay waited on; a longer one defers the URL."),
]
AllowHost = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-host",
        metavar="HOST[:PORT]",
        help="Also follow links and redirects to this host (no port: 80 and 443). Repeatable.",
    ),
]
GOT = ("fetched", "duplicate", "not_modified", "cached")
"""Outcomes with a file in hand; a scrape with none of them and something tried fails."""
LISTED = ("failed", "forbidden", "not_found", "unreachable", "deferred", "off_site")
"""Outcomes listed URL by URL in the summary (robots_disallowed gets advice instead)."""

ROBOTS_ADVICE = (
    "{n} URL(s) are disallowed by the site's robots.txt and were not fetched. On an Alaveteli "
    "site with the stock robots.txt, request pages and attachments are allowed; search, feeds "
    "and the zip of a whole request are not."
)
DEFERRED_ADVICE = (
    "{n} URL(s) were deferred (still being prepared, or a long wait asked for): run the same "
    "command again later and only they are fetched."
)
OFF_SITE_ADVICE = (
    "{n} URL(s) are on other hosts and were not fetched; to follow a host, name it with "
    "--allow-host HOST[:PORT]."
)


@dataclass(frozen=True)
class Politeness:
    """The client options every scrape command takes."""

    contact: str
    delay: float
    workers: int
    max_mb: float
    timeout: float
    deadline: float
    max_wait: float
    allow_host: list[str] | None

    def client(self) -> PoliteClient:
        try:
            return PoliteClient(
                contact=self.contact,
                delay=self.delay,
                timeout=self.timeout,
                max_bytes=int(self.max_mb * 1024 * 1024),
                max_connections=self.workers,
                allow_hosts=tuple(self.allow_host or ()),
                deadline=self.deadline,
                max_wait=self.max_wait,
            )
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--allow-host") from exc


def summary_lines(
    counts: dict[str, int],
    problems: list[tuple[str, str, str]],
    out: Path,
    warnings: list[tuple[str, str]] | None = None,
) -> list[str]:
    """The closing summary: what happened to every URL, the URLs without a file with their
    outcome and reason ((outcome, URL, reason) triples), warnings ((URL, warning) pairs),
    advice where there is some."""
    done = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    lines = [f"done: {done or 'nothing to do'}; manifest in {out / MANIFEST}"]
    lines += [f"{outcome}: {url}: {reason}" for outcome, url, reason in problems]
    lines += [f"warning: {url}: {warning}" for url, warning in warnings or []]
    for outcome, advice in (
        ("robots_disallowed", ROBOTS_ADVICE),
        ("deferred", DEFERRED_ADVICE),
        ("off_site", OFF_SITE_ADVICE),
    ):
        if counts.get(outcome):
            lines.append(advice.format(n=counts[outcome]))
    return lines


def nothing_fetched(counts: dict[str, int], problems: list[tuple[str, str, str]]) -> str | None:
    """The one-line error when URLs were tried and none gave a file, else None."""
    if not counts or any(counts.get(outcome) for outcome in GOT):
        return None
    tally = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    first = f"; first: {problems[0][1]}: {problems[0][2]}" if problems else ""
    return f"error: nothing could be fetched ({tally}){first}"


def _problems(collector: Collector) -> list[tuple[str, str, str]]:
    """Failures in the manifest (this run's and earlier ones), then this run's other URLs
    without a file."""
    failed = [("failed", url, reason) for url, reason in collector.manifest.failures()]
    others = [row for row in collector.problems if row[0] in LISTED and row[0] != "failed"]
    return failed + sorted(others)


def _show_progress(collector: Collector, stack: ExitStack) -> None:
    """Progress per URL on stderr: a live line on a terminal, else one line per URL."""
    console = Console(stderr=True)
    if not console.is_terminal:

        def line(outcome: str, url: str) -> None:
            typer.echo(f"[{sum(collector.counts.values())}] {outcome} {url}", err=True)

        collector.on_outcome = line
        return
    progress = stack.enter_context(
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
    )
    task = progress.add_task("starting")

    def counts() -> str:
        done = sum(collector.counts.values())
        return f"{done} URLs: " + " ".join(f"{k}={v}" for k, v in sorted(collector.counts.items()))

    def fetching(url: str) -> None:
        progress.update(task, description=f"{counts()}  fetching {url[-60:]}")

    def show(outcome: str, url: str) -> None:
        progress.update(task, description=f"{counts()}  {outcome}: {url[-60:]}")

    collector.on_fetch, collector.on_outcome = fetching, show


@contextmanager
def _collector(out: Path, politeness: Politeness) -> Iterator[Collector]:
    client = politeness.client()
    collector = Collector(client, out, workers=politeness.workers)
    if politeness.contact == "unknown":
        typer.echo("note: give --contact EMAIL so site owners can reach you", err=True)
    with ExitStack() as stack:
        _show_progress(collector, stack)
        try:
            yield collector
        finally:
            client.close()
    problems = _problems(collector)
    for line in summary_lines(collector.counts, problems, out, collector.warnings):
        typer.echo(line)
    collector.manifest.close()
    error = nothing_fetched(collector.counts, problems)
    if error:
        typer.echo(error, err=True)
        raise typer.Exit(1)


@app.command("whatdotheyknow")
def whatdotheyknow(
    out: Out,
    request: Annotated[str | None, typer.Option(help="A request's url_title.")] = None,
    batch: Annotated[str | None, typer.Option(help="A batch request's id.")] = None,
    body: Annotated[str | None, typer.Option(help="A public body's url_name.")] = None,
    search: Annotated[str | None, typer.Option(help="A search query.")] = None,
    base_url: Annotated[str, typer.Option(help="The Alaveteli site.")] = DEFAULT_BASE,
    contact: Contact = "unknown",
    delay: Delay = 1.0,
    workers: Workers = 4,
    max_mb: MaxMb = 100.0,
    timeout: Timeout = 30.0,
    deadline: Deadline = 300.0,
    max_wait: MaxWait = 60.0,
    allow_host: AllowHost = None,
) -> None:
    """Gather one request, a batch, a body's requests or a search from an Alaveteli site."""
    chosen = [
        (kind, value)
        for kind, value in (
            ("request", request),
            ("batch", batch),
            ("body", body),
            ("search", search),
        )
        if value
    ]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --request, --batch, --body, --search")
    kind, value = chosen[0]
    politeness = Politeness(
        contact, delay, workers, max_mb, timeout, deadline, max_wait, allow_host
    )
    with _collector(out, politeness) as collector:
        getattr(WhatDoTheyKnow(collector, base_url), kind)(value)


@app.command("disclosure-log")
def disclosure_log(
    site: Annotated[Path, typer.Option(help="The site file (TOML), e.g. one of resources/sites.")],
    out: Out,
    base_url: Annotated[str | None, typer.Option(help="Override the site's base URL.")] = None,
    contact: Contact = "unknown",
    delay: Delay = 1.0,
    workers: Workers = 4,
    max_mb: MaxMb = 100.0,
    timeout: Timeout = 30.0,
    deadline: Deadline = 300.0,
    max_wait: MaxWait = 60.0,
    allow_host: AllowHost = None,
) -> None:
    """Gather a council's disclosure log described by a site file."""
    politeness = Politeness(
        contact, delay, workers, max_mb, timeout, deadline, max_wait, allow_host
    )
    with _collector(out, politeness) as collector:
        DisclosureLog(collector, load_site(site)).gather(base_url)


@app.command("councils")
def councils(
    out: Annotated[Path, typer.Option("--out", help="The CSV file to write.")],
    base_url: Annotated[str, typer.Option(help="The Alaveteli site.")] = DEFAULT_BASE,
    contact: Contact = "unknown",
    delay: Delay = 1.0,
    timeout: Timeout = 30.0,
    deadline: Deadline = 300.0,
    max_wait: MaxWait = 60.0,
) -> None:
    """List the councils of an Alaveteli site's all-authorities.csv joined to the register:
    GSS code, register name, WhatDoTheyKnow URL name, disclosure log URL and how each matched."""
    politeness = Politeness(contact, delay, 1, 100.0, timeout, deadline, max_wait, None)
    client = politeness.client()
    client.allow_site(base_url)
    url = council_list.authorities_url(base_url)
    try:
        fetched = client.get(url)
    except (NotFetched, RetryableStatus, TooLarge, DeadlineExceeded, httpx.HTTPError) as exc:
        typer.echo(f"error: {url} could not be fetched: {describe(exc)}", err=True)
        raise typer.Exit(1) from exc
    finally:
        client.close()
    if fetched.status >= 400:
        typer.echo(f"error: {url} could not be fetched: HTTP {fetched.status}", err=True)
        raise typer.Exit(1)
    bodies = council_list.parse_authorities(fetched.content)
    rows = council_list.council_rows(bodies, council_list.load_register())
    council_list.write_councils(rows, out)
    typer.echo(council_list.summary(rows, out))


if __name__ == "__main__":
    app()
