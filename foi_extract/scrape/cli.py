"""`foi-extract scrape ...`: gather a corpus that `foi-extract run` then processes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from foi_extract.scrape.collector import Collector
from foi_extract.scrape.disclosure_log import DisclosureLog, load_site
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.whatdotheyknow import DEFAULT_BASE, WhatDoTheyKnow

app = typer.Typer(help="Gather FOI responses politely from WhatDoTheyKnow and disclosure logs.")

Out = Annotated[Path, typer.Option("--out", help="Folder for the files and manifest.sqlite.")]
Contact = Annotated[str, typer.Option(help="Your e-mail, sent in the User-Agent.")]
Delay = Annotated[float, typer.Option(help="Seconds between requests to one host.")]


@contextmanager
def _collector(out: Path, contact: str, delay: float) -> Iterator[Collector]:
    client = PoliteClient(contact=contact, delay=delay)
    collector = Collector(client, out)
    if sys.stdout.isatty():
        collector.on_outcome = lambda outcome, url: typer.echo(f"{outcome:>17}  {url}")
    try:
        yield collector
    finally:
        client.close()
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(collector.counts.items()))
        typer.echo(f"done: {counts or 'nothing to do'}; manifest in {out}/manifest.sqlite")
        for url, reason in collector.manifest.failures():
            typer.echo(f"failed: {url}: {reason}")
        if collector.counts.get("robots_disallowed"):
            typer.echo(
                "Some URLs are disallowed by the site's robots.txt and were not fetched. The "
                "request pages themselves (saved as request.html) hold the correspondence text; "
                "for attachments, download the request's 'Download all correspondence' zip in a "
                "browser and give it to `foi-extract run`."
            )
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
    with _collector(out, contact, delay) as collector:
        getattr(WhatDoTheyKnow(collector, base_url), kind)(value)


@app.command("disclosure-log")
def disclosure_log(
    site: Annotated[Path, typer.Option(help="The site file (TOML).")],
    out: Out,
    base_url: Annotated[str | None, typer.Option(help="Override the site's base URL.")] = None,
    contact: Contact = "unknown",
    delay: Delay = 1.0,
) -> None:
    """Gather a council's disclosure log described by a site file."""
    with _collector(out, contact, delay) as collector:
        DisclosureLog(collector, load_site(site)).gather(base_url)
