"""`foi-extract scrape ...`: gather a corpus that `foi-extract run` then processes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from foi_extract.scrape.collector import Collector
from foi_extract.scrape.disclosure_log import DisclosureLog, load_site
from foi_extract.scrape.http import PoliteClient
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
Delay = Annotated[float, typer.Option(help="Seconds between two requests to one host.")]
Workers = Annotated[int, typer.Option(help="Downloads at once (across hosts; each host waits).")]
MaxMb = Annotated[float, typer.Option(help="Largest file to download, in MB.")]
Timeout = Annotated[float, typer.Option(help="Seconds to wait for a response.")]

ROBOTS_ADVICE = (
    "{n} URL(s) are disallowed by the site's robots.txt and were not fetched. The request "
    "pages are allowed: each response's text is saved as incoming-<id>.html. For the "
    "attachments, download each request's zip ('Download all correspondence') in a browser "
    "and give the zips to `foi-extract run`."
)


def summary_lines(counts: dict[str, int], failures: list[tuple[str, str]], out: Path) -> list[str]:
    """The closing summary: what happened to every URL, failures with their reasons."""
    done = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    lines = [f"done: {done or 'nothing to do'}; manifest in {out / MANIFEST}"]
    lines += [f"failed: {url}: {reason}" for url, reason in failures]
    if counts.get("robots_disallowed"):
        lines.append(ROBOTS_ADVICE.format(n=counts["robots_disallowed"]))
    return lines


@contextmanager
def _collector(
    out: Path, contact: str, delay: float, workers: int, max_mb: float, timeout: float
) -> Iterator[Collector]:
    client = PoliteClient(
        contact=contact,
        delay=delay,
        timeout=timeout,
        max_bytes=int(max_mb * 1024 * 1024),
        max_connections=workers,
    )
    collector = Collector(client, out, workers=workers)
    if contact == "unknown":
        typer.echo("note: give --contact EMAIL so site owners can reach you", err=True)
    with ExitStack() as stack:
        if sys.stdout.isatty():
            progress = stack.enter_context(
                Progress(
                    SpinnerColumn(),
                    TextColumn("{task.description}"),
                    TimeElapsedColumn(),
                    console=Console(),
                    transient=True,
                )
            )
            task = progress.add_task("starting")

            def show(outcome: str, url: str) -> None:
                counts = " ".join(f"{k}={v}" for k, v in sorted(collector.counts.items()))
                progress.update(task, description=f"{counts}  {outcome}: {url[-60:]}")

            collector.on_outcome = show
        try:
            yield collector
        finally:
            client.close()
    for line in summary_lines(collector.counts, collector.manifest.failures(), out):
        typer.echo(line)
    collector.manifest.close()


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
    with _collector(out, contact, delay, workers, max_mb, timeout) as collector:
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
) -> None:
    """Gather a council's disclosure log described by a site file."""
    with _collector(out, contact, delay, workers, max_mb, timeout) as collector:
        DisclosureLog(collector, load_site(site)).gather(base_url)


if __name__ == "__main__":
    app()
