"""A hostile server on 127.0.0.1, built here: redirects and links off the site, a body that
trickles, waits of hours, a huge robots.txt, and hosts that cannot be reached. Each must end as
its own manifest outcome with a reason, quickly, without anything stored from elsewhere."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from typer.testing import CliRunner

from foi_extract.scrape.cli import app
from foi_extract.scrape.collector import Collector, Job
from foi_extract.scrape.disclosure_log import DisclosureLog, Site
from foi_extract.scrape.http import PoliteClient
from foi_extract.scrape.manifest import MANIFEST

from .helpers import client
from .server import pdf

Reply = Callable[[BaseHTTPRequestHandler, "Hostile"], None]
OPEN = "User-agent: *\nDisallow:\n"
PDF = pdf("Mosaic")


@dataclass
class Hostile:
    """What the server does per path, and what it saw: requested paths, body bytes sent."""

    routes: dict[str, Reply]
    hits: list[str] = field(default_factory=list)
    sent: int = 0


def reply(status: int = 200, body: bytes = b"", **headers: str) -> Reply:
    """A plain response; header names are given with underscores (Retry_After)."""

    def send(handler: BaseHTTPRequestHandler, _: Hostile) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return send


def robots(text: str) -> Reply:
    return reply(200, text.encode(), Content_Type="text/plain")


def document(body: bytes = PDF) -> Reply:
    return reply(200, body, Content_Type="application/pdf")


def trickle(body: bytes, every: float) -> Reply:
    """The whole length declared, then one byte every `every` seconds."""

    def send(handler: BaseHTTPRequestHandler, _: Hostile) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/pdf")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        for byte in body:
            handler.wfile.write(bytes([byte]))
            time.sleep(every)

    return send


def flood(head: bytes, filler: bytes, copies: int, tail: bytes) -> Reply:
    """`head`, `copies` times `filler`, then `tail`, streamed; counts the bytes that went out."""

    def send(handler: BaseHTTPRequestHandler, server: Hostile) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", str(len(head) + len(filler) * copies + len(tail)))
        handler.end_headers()
        for chunk in (head, *(filler for _ in range(copies)), tail):
            handler.wfile.write(chunk)
            server.sent += len(chunk)

    return send


@contextmanager
def hostile(routes: dict[str, Reply]) -> Iterator[tuple[str, Hostile]]:
    """Serve `routes` on 127.0.0.1; yields the base URL and the server's record."""
    state = Hostile(routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.hits.append(self.path)
            state.routes.get(self.path, reply(404))(self, state)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the client hanging up on a trickle or a flood is the point

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def dead_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def finishes_within(seconds: float, work: Callable[[], object]) -> float:
    """Run `work` in a thread and return how long it took; fail if it runs past `seconds`."""
    done, errors = threading.Event(), []

    def run() -> None:
        try:
            work()
        except BaseException as error:
            errors.append(error)
        finally:
            done.set()

    started = time.monotonic()
    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), f"still running after {seconds} s"
    if errors:
        raise errors[0]
    return time.monotonic() - started


def rows(out: Path) -> dict[str, tuple[str, str | None]]:
    """(outcome, reason) by URL, from the manifest."""
    with sqlite3.connect(out / MANIFEST) as db:
        found = db.execute("SELECT url, outcome, reason FROM files").fetchall()
    return {url: (outcome, reason) for url, outcome, reason in found}


def _netloc(base: str) -> str:
    return base.removeprefix("http://")


# 1. Redirects and links to another host or port are not followed.


def test_a_redirect_to_another_port_is_refused_and_recorded(tmp_path: Path) -> None:
    with hostile({"/robots.txt": robots(OPEN), "/x.pdf": document()}) as (elsewhere, other):
        target = f"{elsewhere}/x.pdf"
        routes = {"/robots.txt": robots(OPEN), "/moved.pdf": reply(302, Location=target)}
        with hostile(routes) as (base, _):
            Collector(client(), tmp_path).collect(f"{base}/moved.pdf", "files")
    assert other.hits == []
    outcome, reason = rows(tmp_path)[f"{base}/moved.pdf"]
    assert outcome == "off_site" and target in str(reason)
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_redirect_to_another_host_name_is_refused(tmp_path: Path) -> None:
    routes = {"/robots.txt": robots(OPEN), "/x.pdf": document()}
    with hostile(routes) as (base, server):
        routes["/moved.pdf"] = reply(
            302, Location=base.replace("127.0.0.1", "localhost") + "/x.pdf"
        )
        Collector(client(), tmp_path).collect(f"{base}/moved.pdf", "files")
    assert "/x.pdf" not in server.hits
    assert rows(tmp_path)[f"{base}/moved.pdf"][0] == "off_site"


def _log_linking(elsewhere: str) -> dict[str, Reply]:
    """A disclosure log whose one response links a document here and one on `elsewhere`."""
    files = f'<a class="file" href="/a.pdf">a</a><a class="file" href="{elsewhere}/b.pdf">b</a>'
    page = f"<h1>Answer</h1>{files}"
    return {
        "/robots.txt": robots(OPEN),
        "/log": reply(200, b'<a class="item" href="/r/1">one</a>'),
        "/r/1": reply(200, page.encode()),
        "/a.pdf": document(pdf("here")),
    }


def _gather(base: str, out: Path, polite: PoliteClient) -> None:
    site = Site(
        name="hostile",
        base_url=base,
        listing_path="/log",
        item_links="a.item",
        attachments="a.file",
    )
    DisclosureLog(Collector(polite, out), site).gather()
    polite.close()


def test_a_link_to_another_host_is_recorded_as_off_site_not_fetched(tmp_path: Path) -> None:
    elsewhere_routes = {"/robots.txt": robots(OPEN), "/b.pdf": document()}
    with (
        hostile(elsewhere_routes) as (elsewhere, other),
        hostile(_log_linking(elsewhere)) as (base, _),
    ):
        _gather(base, tmp_path, client())
    assert other.hits == []
    found = rows(tmp_path)
    assert found[f"{base}/a.pdf"][0] == "fetched"
    assert found[f"{elsewhere}/b.pdf"][0] == "off_site"
    assert _netloc(elsewhere) in str(found[f"{elsewhere}/b.pdf"][1])


def test_a_host_the_user_names_is_followed(tmp_path: Path) -> None:
    elsewhere_routes = {"/robots.txt": robots(OPEN), "/b.pdf": document()}
    with (
        hostile(elsewhere_routes) as (elsewhere, other),
        hostile(_log_linking(elsewhere)) as (base, _),
    ):
        _gather(base, tmp_path, client(allow_hosts=(_netloc(elsewhere),)))
    assert other.hits == ["/robots.txt", "/b.pdf"]
    assert rows(tmp_path)[f"{elsewhere}/b.pdf"][0] == "fetched"


def test_allow_host_on_the_command_line(tmp_path: Path) -> None:
    site_file = tmp_path / "hostile.toml"
    site_file.write_text(
        'name = "hostile"\nbase_url = "https://x"\nlisting_path = "/log"\n'
        'item_links = "a.item"\nattachments = "a.file"\n'
    )
    elsewhere_routes = {"/robots.txt": robots(OPEN), "/b.pdf": document()}
    with (
        hostile(elsewhere_routes) as (elsewhere, _),
        hostile(_log_linking(elsewhere)) as (base, _),
    ):
        arguments = ["disclosure-log", "--site", str(site_file), "--base-url", base]
        arguments += ["--delay", "0"]
        refused = CliRunner().invoke(app, [*arguments, "--out", str(tmp_path / "a")])
        allowed = CliRunner().invoke(
            app,
            [*arguments, "--out", str(tmp_path / "b"), "--allow-host", _netloc(elsewhere)],
        )
    assert refused.exit_code == 0 and "1 off_site" in refused.stdout
    assert f"off_site: {elsewhere}/b.pdf" in refused.stdout
    assert allowed.exit_code == 0 and "off_site" not in allowed.stdout
    assert rows(tmp_path / "b")[f"{elsewhere}/b.pdf"][0] == "fetched"


# 2. A total deadline per response.


def test_a_trickling_body_is_cut_off_at_the_deadline(tmp_path: Path) -> None:
    routes = {"/robots.txt": robots(OPEN), "/slow.pdf": trickle(b"%PDF-1.4 " + b"x" * 40, 2.0)}
    with hostile(routes) as (base, server):
        collector = Collector(client(timeout=5.0, deadline=3.0), tmp_path)
        took = finishes_within(30, lambda: collector.collect(f"{base}/slow.pdf", "files"))
    outcome, reason = rows(tmp_path)[f"{base}/slow.pdf"]
    assert outcome == "failed" and "deadline" in str(reason)
    assert took < 20  # a 3 s deadline, checked every 2 s; the whole body takes 100 s
    assert server.hits.count("/slow.pdf") == 1  # not retried
    assert not list(tmp_path.rglob("slow*"))


# 3. Retry-After and Crawl-delay are capped.


def test_a_retry_after_of_hours_is_deferred_and_the_scrape_goes_on(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": robots(OPEN),
        "/busy.pdf": reply(503, Retry_After="7200"),
        "/ok.pdf": document(),
    }
    with hostile(routes) as (base, server):
        collector = Collector(client(), tmp_path)
        jobs = [Job(f"{base}/busy.pdf", "files"), Job(f"{base}/ok.pdf", "files")]
        finishes_within(20, lambda: collector.collect_all(jobs))
    found = rows(tmp_path)
    outcome, reason = found[f"{base}/busy.pdf"]
    assert outcome == "deferred" and "Retry-After" in str(reason) and "7200" in str(reason)
    assert found[f"{base}/ok.pdf"][0] == "fetched"
    assert server.hits.count("/busy.pdf") == 1


def test_a_crawl_delay_of_hours_is_deferred_and_other_hosts_go_on(tmp_path: Path) -> None:
    slow = {"/robots.txt": robots("User-agent: *\nCrawl-delay: 7200\n")}
    slow |= {"/1.pdf": document(pdf("1")), "/2.pdf": document(pdf("2"))}
    with hostile(slow) as (base, server), hostile({"/3.pdf": document()}) as (other, _):
        collector = Collector(client(), tmp_path)
        jobs = [Job(f"{base}/{n}.pdf", "files") for n in (1, 2)] + [Job(f"{other}/3.pdf", "f")]
        finishes_within(20, lambda: collector.collect_all(jobs))
    found = rows(tmp_path)
    for n in (1, 2):
        outcome, reason = found[f"{base}/{n}.pdf"]
        assert outcome == "deferred" and "Crawl-delay" in str(reason)
    assert server.hits == ["/robots.txt"]
    assert found[f"{other}/3.pdf"][0] == "fetched"


def test_waits_under_the_cap_are_honoured_and_the_cap_is_configurable(tmp_path: Path) -> None:
    answers = iter([reply(429, Retry_After="2"), document()])
    routes = {"/robots.txt": robots(OPEN), "/a.pdf": lambda h, s: next(answers)(h, s)}
    routes["/b.pdf"] = reply(429, Retry_After="2")
    with hostile(routes) as (base, server):
        patient = Collector(client(max_wait=5.0), tmp_path / "patient")
        took = finishes_within(20, lambda: patient.collect(f"{base}/a.pdf", "files"))
        hasty = Collector(client(max_wait=1.0), tmp_path / "hasty")
        hasty.collect(f"{base}/b.pdf", "files")
    assert rows(tmp_path / "patient")[f"{base}/a.pdf"][0] == "fetched" and took >= 1.99
    assert rows(tmp_path / "hasty")[f"{base}/b.pdf"][0] == "deferred"
    assert server.hits.count("/b.pdf") == 1


# 4. robots.txt is read up to a size cap.


def test_a_huge_robots_txt_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    head = b"User-agent: *\nDisallow: /private/\n"
    filler = b"#" * 1023 + b"\n"
    routes = {
        "/robots.txt": flood(head, filler, 64 * 1024, b"Disallow: /late/\n"),  # 64 MiB
        "/private/a.pdf": document(pdf("private")),
        "/late/b.pdf": document(pdf("late")),
    }
    with hostile(routes) as (base, server):
        collector = Collector(client(), tmp_path)
        collector.collect(f"{base}/private/a.pdf", "files")
        collector.collect(f"{base}/late/b.pdf", "files")
    found = rows(tmp_path)
    assert found[f"{base}/private/a.pdf"][0] == "robots_disallowed"  # the part read is obeyed
    assert found[f"{base}/late/b.pdf"][0] == "fetched"  # the rule past the cap is not read
    assert server.sent < 32 * 1024 * 1024  # the client hung up long before the end
    assert PoliteClient().robots_max_bytes == 512 * 1024


# 5. Unreachable, robots-forbidden, HTTP-forbidden and failed are kept apart.


def test_unreachable_forbidden_and_failed_are_kept_apart(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": robots("User-agent: *\nDisallow: /private/\n"),
        "/private/a.pdf": document(),
        "/secret.pdf": reply(403),
        "/broken.pdf": reply(500),
    }
    dead = f"http://127.0.0.1:{dead_port()}/a.pdf"
    with hostile(routes) as (base, _):
        collector = Collector(client(attempts=2), tmp_path)
        for url in (f"{base}/private/a.pdf", f"{base}/secret.pdf", f"{base}/broken.pdf", dead):
            collector.collect(url, "files")
    found = rows(tmp_path)
    assert found[f"{base}/private/a.pdf"] == ("robots_disallowed", "robots.txt disallows it")
    assert found[f"{base}/secret.pdf"] == ("forbidden", "HTTP 403")
    assert found[f"{base}/broken.pdf"][0] == "failed" and "500" in str(found[f"{base}/broken.pdf"])
    outcome, reason = found[dead]
    assert outcome == "unreachable" and "unreachable" in str(reason)
    assert "disallows" not in str(reason)


def test_a_robots_txt_server_error_is_unreachable_not_disallowed(tmp_path: Path) -> None:
    routes = {"/robots.txt": reply(503), "/a.pdf": document()}
    with hostile(routes) as (base, server):
        Collector(client(attempts=2), tmp_path).collect(f"{base}/a.pdf", "files")
    outcome, reason = rows(tmp_path)[f"{base}/a.pdf"]
    assert outcome == "unreachable" and "robots.txt" in str(reason) and "503" in str(reason)
    assert "/a.pdf" not in server.hits  # RFC 9309: an unreachable robots.txt forbids all
