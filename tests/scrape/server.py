"""A real HTTP server on 127.0.0.1 shaped like an Alaveteli site, with injected faults and a
request log. Contents are invented."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from foi_extract import fixtures
from foi_extract.fixtures import Response, a, q

STOCK_ROBOTS = (
    "User-agent: *\nDisallow: */search/\nDisallow: */feed/\nDisallow: */request/*/response/\n"
)
OPEN_ROBOTS = "User-agent: *\nDisallow: */feed/\n"


def pdf(text: str) -> bytes:
    return fixtures.to_pdf(
        Response(
            title=text, letterhead=("Kent County Council",), blocks=(q("1. Which system?"), a(text))
        )
    )


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html"
    headers: dict[str, str] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)  # consumed one per request


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[float, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> int:
        return sum(1 for _, logged in self.log if logged == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.log.append((time.monotonic(), self.path))
                route = site.routes.get(self.path)
                fault = route.faults.pop(0) if route and route.faults else None
            if route is None:
                self.send_error(404)
                return
            if fault == "reset":
                self.connection.shutdown(2)
                return
            if fault == "slow":
                time.sleep(1.5)
            if fault in ("503", "429"):
                self.send_response(int(fault))
                if fault == "429":
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if fault == "loop":
                self.send_response(302)
                self.send_header("Location", self.path)
                self.end_headers()
                return
            body = route.body[: len(route.body) // 2] if fault == "cut" else route.body
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            if fault == "cut":
                self.connection.shutdown(2)

    return Handler


@contextmanager
def serve(site: Site) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def alaveteli_site(
    robots: str = OPEN_ROBOTS, attachments: int = 3, faults: dict[int, list[str]] | None = None
) -> Site:
    """A batch of two requests to Kent; request A has `attachments` PDFs, B one duplicate."""
    faults = faults or {}
    site = Site()
    routes = site.routes
    routes["/robots.txt"] = Route(robots.encode(), "text/plain")
    routes["/info_request_batch/7"] = Route(
        b"<html><body><h1>Adult & Children Social Care Software - FOI Request</h1>"
        b'<ul><li><a href="/request/software_kent">Kent</a></li></ul>'
        b'<a rel="next" href="/info_request_batch/7?page=2">Next</a></body></html>'
    )
    routes["/info_request_batch/7?page=2"] = Route(
        b'<html><body><ul><li><a href="/request/software_kent_2">Kent again</a></li></ul></body></html>'
    )
    for url_title, request_id, count in (
        ("software_kent", 101, attachments),
        ("software_kent_2", 102, 1),
    ):
        routes[f"/request/{url_title}.json"] = Route(
            json.dumps(
                {
                    "id": request_id,
                    "url_title": url_title,
                    "title": "Adult & Children Social Care Software",
                    "described_state": "successful",
                    "public_body": {
                        "id": 228,
                        "url_name": "kent_county_council",
                        "name": "Kent County Council",
                    },
                    "info_request_events": [
                        {
                            "id": 1,
                            "event_type": "sent",
                            "created_at": "2022-08-01T10:00:00+01:00",
                            "incoming_message_id": None,
                        },
                        {
                            "id": 2,
                            "event_type": "response",
                            "created_at": "2022-08-31T12:00:00+01:00",
                            "incoming_message_id": 555,
                        },
                    ],
                }
            ).encode(),
            "application/json",
        )
        links = "".join(
            f'<a href="/request/{request_id}/response/555/attach/{n + 2}/answer_{n}.pdf">answer_{n}.pdf</a>'
            f'<a href="/request/{request_id}/response/555/attach/html/{n + 2}/answer_{n}.pdf.html">view as HTML</a>'
            for n in range(count)
        )
        routes[f"/request/{url_title}"] = Route(
            f'<html><body><div class="correspondence incoming"><div class="correspondence_text">'
            f"<p>Kent County Council uses Liquidlogic LCS for children's social care.</p>{links}"
            f"</div></div></body></html>".encode()
        )
        for n in range(count):
            path = f"/request/{request_id}/response/555/attach/{n + 2}/answer_{n}.pdf"
            same = url_title == "software_kent_2"  # the same file behind a second URL
            routes[path] = Route(
                pdf(f"Answer {0 if same else n}: we use Mosaic."),
                "application/pdf",
                faults=list(faults.get(n, [])) if not same else [],
            )
    return site
