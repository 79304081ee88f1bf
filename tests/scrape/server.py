"""A real HTTP server on 127.0.0.1 shaped like an Alaveteli site, with injected faults, ETags
and a request log. Field names and page markup follow Alaveteli's own views and API; the
contents are invented."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support import fixtures
from tests.support.fixtures import Response, a, q

STOCK_ROBOTS = """\
User-agent: *
Disallow: /annotate/
Disallow: /new/
Disallow: /search/
Disallow: /similar/
Disallow: /track/
Disallow: /body/*/view_email$
Disallow: /change_request/
Disallow: /feed/
Disallow: */request/*/download*
Allow: */request/*/response/*/attach/*
Disallow: */request/*/response/*
Disallow: /profile/
Disallow: /user/*/wall
"""
"""Alaveteli's stock `public/robots.txt`: attachments allowed (the Allow comes first and is the
longer match), a response's own page, the zip download, search and feeds not."""
WAIT_PAGE = "/attachments/42/wait"
OPEN_ROBOTS = "User-agent: *\nDisallow: */feed/\n"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FAULTS = ("503", "429", "cut", "reset", "slow", "loop", "wait")
"""Faults a route can be given, consumed one per request: see `_handler`."""


def pdf(text: str) -> bytes:
    return fixtures.to_pdf(
        Response(
            title=text, letterhead=("Kent County Council",), blocks=(q("1. Which system?"), a(text))
        )
    )


def docx(text: str) -> bytes:
    return fixtures.to_docx(
        Response(title=text, letterhead=("Kent County Council",), blocks=(a(text),))
    )


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)
    etag: bool = False
    status: int = 200


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[float, str]] = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> int:
        return sum(1 for _, logged in self.log if logged == path)

    def documents(self) -> dict[str, bytes]:
        """Every attachment the site holds, by path."""
        return {
            path: route.body
            for path, route in self.routes.items()
            if "/attach/" in path and "/attach/html/" not in path
        }

    def faults_left(self) -> int:
        return sum(len(route.faults) for route in self.routes.values())


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _status(self, status: int) -> None:
            with site.lock:
                site.statuses.append((self.path, status))
            self.send_response(status)

        def _empty(self, status: int, headers: dict[str, str]) -> None:
            self._status(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            with site.lock:
                site.log.append((time.monotonic(), self.path))
                route = site.routes.get(self.path)
                fault = route.faults.pop(0) if route and route.faults else None
            if route is None:
                self._empty(404, {})
                return
            if fault == "reset":
                self.connection.shutdown(2)
                return
            if fault == "slow":
                time.sleep(1.5)
            if fault in ("503", "429"):
                self._empty(int(fault), {"Retry-After": "1"} if fault == "429" else {})
                return
            if fault == "loop":
                self._empty(302, {"Location": self.path})
                return
            if fault == "wait":  # Alaveteli while it applies an attachment's redactions
                self._empty(302, {"Location": WAIT_PAGE})
                return
            if route.status != 200:
                self._empty(route.status, route.headers)
                return
            tag = f'"{hashlib.sha256(route.body).hexdigest()[:16]}"'
            if route.etag and self.headers.get("If-None-Match") == tag:
                self._empty(304, {"ETag": tag})
                return
            self._status(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", tag)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body[: len(route.body) // 2] if fault == "cut" else route.body)
            if fault == "cut":
                self.connection.shutdown(2)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """Connections the client drops (timeouts, resets) are expected here, not errors."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def serve(site: Site) -> Iterator[str]:
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


BODY = {"id": 228, "url_name": "kent_county_council", "name": "Kent County Council"}


def request_json(request_id: int, url_title: str, message_id: int) -> bytes:
    """`/request/<url_title>.json` as Alaveteli's `InfoRequest#json_for_api(true)` shapes it."""
    return json.dumps(
        {
            "id": request_id,
            "url_title": url_title,
            "title": "Adult & Children Social Care Software - FOI Request",
            "created_at": "2022-08-01T10:00:00.000+01:00",
            "updated_at": "2022-09-01T09:00:00.000+01:00",
            "described_state": "successful",
            "display_status": "Successful.",
            "awaiting_description": False,
            "prominence": "normal",
            "law_used": "foi",
            "tags": [],
            "user_name": "A Researcher",
            "public_body": {
                **BODY,
                "short_name": "",
                "created_at": "2008-01-01T00:00:00.000+00:00",
                "updated_at": "2022-01-01T00:00:00.000+00:00",
                "home_page": "https://www.kent.example",
                "notes": "",
                "publication_scheme": "",
                "disclosure_log": "",
                "tags": [["local_council", None]],
                "info_requests_visible_classified_count": 10,
            },
            "info_request_events": [
                {
                    "id": request_id * 10 + 1,
                    "event_type": "sent",
                    "created_at": "2022-08-01T10:00:00.000+01:00",
                    "described_state": None,
                    "calculated_state": "waiting_response",
                    "last_described_at": None,
                    "incoming_message_id": None,
                    "outgoing_message_id": request_id * 10,
                    "comment_id": None,
                },
                {
                    "id": request_id * 10 + 2,
                    "event_type": "response",
                    "created_at": "2022-08-31T12:00:00.000+01:00",
                    "described_state": "successful",
                    "calculated_state": "successful",
                    "last_described_at": "2022-09-01T09:00:00.000+01:00",
                    "incoming_message_id": message_id,
                    "outgoing_message_id": None,
                    "comment_id": None,
                },
            ],
        }
    ).encode()


def request_page(request_id: int, message_id: int, files: list[str]) -> bytes:
    """A request page: the outgoing request, then one incoming message with its attachments."""
    attachments = "".join(
        f'<p class="attachment"><a href="/request/{request_id}/response/{message_id}/attach/{n + 2}/{name}">'
        f'<img class="attachment_image" alt="Attachment" src="/images/icon_unknown.png"></a>'
        f"<strong>{name}</strong><br>12K "
        f'<a href="/request/{request_id}/response/{message_id}/attach/{n + 2}/{name}">Download</a> '
        f'<a href="/request/{request_id}/response/{message_id}/attach/html/{n + 2}/{name}.html">View as HTML</a></p>'
        for n, name in enumerate(files)
    )
    return (
        f'<html><body><div id="left_column"><h1>Adult &amp; Children Social Care Software - FOI Request</h1>'
        f'<div class="outgoing correspondence box" id="outgoing-{request_id * 10}">'
        f'<div class="correspondence_text"><p>Dear Kent County Council, which case management system '
        f"do you use?</p></div></div>"
        f'<div class="incoming correspondence box normal" id="incoming-{message_id}">'
        f"<h2>Kent County Council<br><br>31 August 2022</h2>"
        f'<div class="correspondence_text"><div class="attachments"><hr class="top">{attachments}'
        f'<hr class="bottom"></div><p>Dear Researcher, Kent County Council uses Liquidlogic LCS for '
        f"children's social care. Please see the attached.</p></div>"
        f'<p class="event_actions"><a class="link_to_this" href="/request/software_kent#incoming-{message_id}">Link to this</a></p>'
        f"</div></div></body></html>"
    ).encode()


def alaveteli_site(
    robots: str = OPEN_ROBOTS, attachments: int = 3, faults: dict[int, list[str]] | None = None
) -> Site:
    """A batch of two requests to Kent, listed on two batch pages: request A has `attachments`
    documents (PDFs, every third a DOCX), request B one PDF identical to A's first."""
    faults = faults or {}
    site = Site()
    routes = site.routes
    routes["/robots.txt"] = Route(robots.encode(), "text/plain")
    routes["/body/kent_county_council.json"] = Route(json.dumps(BODY).encode(), "application/json")
    listing = '<div class="request_listing"><span class="head"><a href="/request/{0}#incoming-{1}">{0}</a></span></div>'
    routes["/info_request_batch/7"] = Route(
        (
            '<html><body><div class="info_request_batch_intro"><h1>Adult &amp; Children Social Care '
            'Software - FOI Request - a batch request</h1></div><div class="results_block">'
            + listing.format("software_kent", 555)
            + '<div class="pagination"><a class="next_page" rel="next" href="/info_request_batch/7?page=2">Next &#8594;</a></div>'
            "</div></body></html>"
        ).encode()
    )
    routes["/info_request_batch/7?page=2"] = Route(
        (
            '<html><body><div class="results_block">'
            + listing.format("software_kent_2", 556)
            + '<div class="pagination"><a class="previous_page" rel="prev" href="/info_request_batch/7?page=1">&#8592; Previous</a></div>'
            "</div></body></html>"
        ).encode()
    )
    for url_title, request_id, message_id, count in (
        ("software_kent", 101, 555, attachments),
        ("software_kent_2", 102, 556, 1),
    ):
        names = [f"answer_{n}.docx" if n % 3 == 2 else f"answer_{n}.pdf" for n in range(count)]
        routes[f"/request/{request_id}.json"] = Route(
            b"", headers={"Location": f"/request/{url_title}.json"}, status=302
        )
        routes[f"/request/{url_title}.json"] = Route(
            request_json(request_id, url_title, message_id), "application/json", etag=True
        )
        routes[f"/request/{url_title}"] = Route(
            request_page(request_id, message_id, names), etag=True
        )
        for n, name in enumerate(names):
            path = f"/request/{request_id}/response/{message_id}/attach/{n + 2}/{name}"
            same = url_title == "software_kent_2"  # the same file behind a second URL
            text = f"Answer {0 if same else n}: we use Mosaic."
            body, kind = (
                (docx(text), DOCX_TYPE)
                if name.endswith(".docx")
                else (pdf(text), "application/pdf")
            )
            routes[path] = Route(body, kind, faults=[] if same else list(faults.get(n, [])))
            routes[path.replace("/attach/", "/attach/html/") + ".html"] = Route(
                f"<html><body><p>{text}</p></body></html>".encode()
            )
    return site


REDACTED = "redactions_kent"
"""The request of `redaction_site`: two responses, three attachments."""


def two_responses_json(request_id: int, url_title: str, messages: tuple[int, int]) -> bytes:
    """A request's JSON with a response event for each of two incoming messages."""
    data = json.loads(request_json(request_id, url_title, messages[0]))
    second = {**data["info_request_events"][-1], "id": request_id * 10 + 3}
    second.update(incoming_message_id=messages[1], created_at="2022-09-14T09:30:00.000+01:00")
    data["info_request_events"].append(second)
    return json.dumps(data).encode()


def attachment_link(url_title: str, message_id: int, part: int, name: str) -> str:
    """An attachment's links as Alaveteli renders them: download and "View as HTML"."""
    path = f"/request/{url_title}/response/{message_id}/attach"
    return (
        f'<li class="attachment"><a href="{path}/{part}/{name}?cookie_passthrough=1">{name}</a> '
        f'<a href="{path}/html/{part}/{name}.html">View as HTML</a></li>'
    )


def incoming_block(message_id: int, date: str, text: str, links: str) -> str:
    return (
        f'<div class="incoming correspondence" id="incoming-{message_id}"><h2>Kent County '
        f'Council<br>{date}</h2><div class="correspondence_text"><p>{text}</p>'
        f'<ul class="list-of-attachments">{links}</ul></div></div>'
    )


def redaction_site() -> Site:
    """Alaveteli's stock robots.txt and one request with two responses: the first carries
    `budget.pdf` (served), the second `contract.pdf` (sent to the wait page twice while it is
    redacted, then served) and `hidden.pdf` (hidden: 403). The page links the zip download."""
    site = Site()
    routes, title = site.routes, REDACTED
    routes["/robots.txt"] = Route(STOCK_ROBOTS.encode(), "text/plain")
    routes[f"/request/{title}.json"] = Route(
        two_responses_json(301, title, (601, 602)), "application/json"
    )
    first = attachment_link(title, 601, 2, "budget.pdf")
    second = attachment_link(title, 602, 2, "contract.pdf") + attachment_link(
        title, 602, 3, "hidden.pdf"
    )
    routes[f"/request/{title}"] = Route(
        (
            f'<html><body><h1>Social care software</h1><a href="/request/{title}/download">'
            "Download a zip file of all correspondence</a>"
            + incoming_block(601, "31 August 2022", "We use Mosaic.", first)
            + incoming_block(602, "14 September 2022", "The redacted contract.", second)
            + "</body></html>"
        ).encode()
    )
    attach = f"/request/{title}/response"
    routes[f"{attach}/601/attach/2/budget.pdf?cookie_passthrough=1"] = Route(
        pdf("The Mosaic budget."), "application/pdf"
    )
    routes[f"{attach}/602/attach/2/contract.pdf?cookie_passthrough=1"] = Route(
        pdf("The Mosaic contract ends in 2027."), "application/pdf", faults=["wait", "wait"]
    )
    routes[f"{attach}/602/attach/3/hidden.pdf?cookie_passthrough=1"] = Route(b"", status=403)
    routes[f"{attach}/602/attach/html/3/hidden.pdf.html"] = Route(b"", status=403)
    routes[WAIT_PAGE] = Route(b"<html><body>We are preparing this attachment...</body></html>")
    routes[f"/request/{title}/download"] = Route(b"PK\x05\x06" + bytes(18), "application/zip")
    return site


AUTHORITY_COLUMNS = (
    "Name",
    "Short name",
    "URL name",
    "Tags",
    "Home page",
    "Publication scheme",
    "Disclosure log",
    "Notes",
    "Created at",
    "Updated at",
    "Version",
)
AUTHORITIES = (
    # name, short name, url name, tags, home page, disclosure log
    ("Kent County Council", "", "kent_county_council", "local_council county_council",
     "https://www.kent.gov.uk", "https://www.kent.gov.uk/foi/disclosure-log"),
    ("Bristol City Council", "", "bristol_city_council", "local_council unitary_council",
     "https://www.bristol.gov.uk", ""),
    ("Glasgow City Council", "", "glasgow_city_council", "scottish_council",
     "https://www.glasgow.gov.uk", "https://www.glasgow.gov.uk/foi-log"),
    ("RCT Council", "", "rct_council", "local_council welsh_council",
     "https://www.rctcbc.gov.uk", "https://www.rctcbc.gov.uk/disclosures"),
    ("Borsetshire County Council", "", "borsetshire_cc", "local_council",
     "https://www.borsetshire.example", "https://www.borsetshire.example/log"),
    ("Kent Police", "", "kent_police", "police", "https://www.kent.police.uk",
     "https://www.kent.police.uk/foi-log"),
    ("NHS Kent and Medway", "", "nhs_kent_and_medway", "nhs icb", "https://www.kmhealth.example", ""),
    ("Kent Pension Fund", "", "kent_pension_fund", "pension_fund", "https://www.kent.gov.uk", ""),
)  # fmt: skip


def authorities_csv() -> bytes:
    """`/body/all-authorities.csv` in Alaveteli's shape, with invented bodies and logs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AUTHORITY_COLUMNS)
    for name, short, url_name, tags, home, log in AUTHORITIES:
        dates = ("2008-01-01 00:00:00 +0000", "2023-05-04 10:00:00 +0100", "7")
        writer.writerow((name, short, url_name, tags, home, "", log, "", *dates))
    return out.getvalue().encode("utf-8")


def authorities_site() -> Site:
    """The stock robots.txt and the list of public bodies."""
    return Site(
        routes={
            "/robots.txt": Route(STOCK_ROBOTS.encode(), "text/plain"),
            "/body/all-authorities.csv": Route(authorities_csv(), "text/csv"),
        }
    )
