"""A polite HTTP client: robots.txt obeyed, one request per interval per host, retries with
exponential backoff and jitter (honouring Retry-After) on timeouts, connection errors, 5xx and
429 only, bounded redirects and a size cap on every body.

It also holds against a hostile server: only the site's own host and port (and hosts the user
names) are fetched, redirects included; every response has a total deadline besides the
per-read timeout; a Retry-After or Crawl-delay over a cap defers the URL instead of stalling
the scrape; robots.txt is read only up to 512 KiB. A URL not fetched on purpose raises a
`NotFetched` whose `outcome` says why (off_site, deferred, unreachable, robots_disallowed).

A redirect to a "wait" page (a path ending in `/wait`: Alaveteli sends an attachment there
while its redactions are applied) is not followed: the original URL is asked for again after
`wait_delay` seconds, up to `wait_retries` times, and is then Deferred.

robots.txt is parsed with protego, which understands the `*` and `$` wildcards Alaveteli's
stock robots.txt uses (the standard library's parser does not).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from foi_extract import __version__

RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
REDIRECTS = {301, 302, 303, 307, 308}
DEFAULT_PORTS = {"http": 80, "https": 443}
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"
WAIT_PAGE = re.compile(r"/wait/?$")
"""The path of a "come back shortly" page, e.g. Alaveteli's `/attachments/<id>/wait`."""
Host = tuple[str, int]
"""A host name (lower case) and its port, the scheme's usual one filled in."""


class NotFetched(Exception):
    """A URL deliberately not fetched; `outcome` is the manifest's word for why, the message
    the reason."""

    outcome = "not_fetched"


class RobotsDisallowed(NotFetched):
    """robots.txt forbids the URL; it is not fetched."""

    outcome = "robots_disallowed"

    def __init__(self, url: str) -> None:
        super().__init__("robots.txt disallows it")
        self.url = url


class HostUnreachable(NotFetched):
    """The host's robots.txt could not be read (RFC 9309: then nothing there is fetched)."""

    outcome = "unreachable"


class OffSite(NotFetched):
    """The URL, or a redirect to it, is on a host or port that is not allowed."""

    outcome = "off_site"


class Deferred(NotFetched):
    """The server asks for a wait over the cap (Retry-After, Crawl-delay): try again later."""

    outcome = "deferred"


class WaitPage(Exception):
    """The server redirected to a wait page: the resource is being prepared; ask again."""

    def __init__(self, location: str) -> None:
        super().__init__(f"redirected to the wait page {location}")
        self.location = location


class TooLarge(Exception):
    """The body is over the size cap."""


class DeadlineExceeded(Exception):
    """The response did not arrive whole within its total deadline."""


class RetryableStatus(Exception):
    """A status worth retrying (408, 429, 5xx); carries the response for its Retry-After."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


@dataclass
class Fetched:
    """One response, read whole (up to the size cap)."""

    url: str
    status: int
    content: bytes
    headers: dict[str, str]
    not_modified: bool = False
    location: str | None = None


@dataclass(frozen=True)
class Robots:
    """A site's robots.txt rules, or why it could not be read (then nothing is fetched)."""

    rules: Protego
    unreachable: str | None = None


@dataclass
class PoliteClient:
    """One client per scrape; safe to share between threads.

    Redirects are followed here, not by httpx, so that every hop is checked against the allowed
    hosts and robots.txt and waits its turn for its own host.

    Allowed hosts: those of the sites registered with `allow_site` (the scrapers register their
    base URL), else the host a `get` starts from, plus `allow_hosts` ("HOST[:PORT]"; no port
    means the usual ones, 80 and 443). `timeout` bounds each read, `deadline` a whole response
    (it is checked after every read, so a response ends at most one `timeout` after it).
    """

    contact: str = "unknown"
    delay: float = 1.0
    timeout: float = 30.0
    max_bytes: int = 100 * 1024 * 1024
    attempts: int = 5
    max_redirects: int = 5
    backoff: float = 1.0
    max_connections: int = 4
    allow_hosts: tuple[str, ...] = ()
    deadline: float = 300.0
    max_wait: float = 60.0
    robots_max_bytes: int = 512 * 1024
    wait_retries: int = 3
    wait_delay: float = 10.0
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, Robots] = field(default_factory=dict)
    _sites: set[Host] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _robots_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.user_agent = f"foi-extract/{__version__} (+research scraper; contact: {self.contact})"
        self._named = {host for entry in self.allow_hosts for host in named_hosts(entry)}
        self._slots = threading.BoundedSemaphore(self.max_connections)
        self.client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=self.timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=self.max_connections),
        )

    def close(self) -> None:
        self.client.close()

    def allow_site(self, url: str) -> None:
        """Allow the host and port of `url` (a scraper's base URL) for links and redirects."""
        host = host_of(url)
        if host is None:
            raise ValueError(f"not an http(s) URL: {url}")
        with self._lock:
            self._sites.add(host)

    def allowed(self, url: str) -> bool:
        """What the live robots.txt of the URL's site says (fetched once per site)."""
        robots = self._robots_for(url)
        return robots.unreachable is None and bool(robots.rules.can_fetch(url, self.user_agent))

    def interval(self, url: str) -> float:
        """Seconds between two requests to the URL's host: ours, or robots.txt's Crawl-delay;
        a Crawl-delay over `max_wait` raises Deferred."""
        crawl_delay = float(self._robots_for(url).rules.crawl_delay(self.user_agent) or 0.0)
        if crawl_delay > self.max_wait:
            raise Deferred(
                f"robots.txt asks for a Crawl-delay of {crawl_delay:g} s, over the "
                f"{self.max_wait:g} s cap; try again later"
            )
        return max(self.delay, crawl_delay)

    def _off_site(self, url: str, start: str) -> str | None:
        """Why `url` may not be fetched in a chain that began at `start`, or None."""
        with self._lock:
            home = set(self._sites) or {host for host in [host_of(start)] if host}
        allowed = home | self._named
        host = host_of(url)
        if host in allowed:
            return None
        names = ", ".join(f"{name}:{port}" for name, port in sorted(allowed))
        if host is None:
            return f"not an http(s) URL (allowed hosts: {names})"
        return f"{host[0]}:{host[1]} is not an allowed host (allowed: {names})"

    def _check(self, url: str, start: str, for_robots: bool) -> None:
        """Raise NotFetched when `url` is off-site, or robots.txt forbids it or is unreachable."""
        why = self._off_site(url, start)
        if why:
            raise OffSite(f"redirect to {url}: {why}" if url != start else why)
        if for_robots:
            return
        robots = self._robots_for(url)
        if robots.unreachable:
            raise HostUnreachable(robots.unreachable)
        if not robots.rules.can_fetch(url, self.user_agent):
            raise RobotsDisallowed(url)

    def _robots_for(self, url: str) -> Robots:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
            return self._robots[origin]

    def _read_robots(self, origin: str) -> Robots:
        """robots.txt as RFC 9309 reads it: missing allows all, unreachable forbids all, and
        only the first `robots_max_bytes` count."""
        try:
            response = self._request(f"{origin}/robots.txt", {}, for_robots=True)
        except (httpx.HTTPError, RetryableStatus, NotFetched, DeadlineExceeded) as exc:
            reason = (
                f"host unreachable: its robots.txt could not be read ({describe(exc)}), "
                "so nothing there is fetched"
            )
            return Robots(Protego.parse(DISALLOW_ALL), reason)
        if response.status >= 400:
            return Robots(Protego.parse(""))
        text = response.content
        if len(text) >= self.robots_max_bytes:  # cut: drop the partial last line
            text = text[: text.rfind(b"\n") + 1]
        return Robots(Protego.parse(text.decode("utf-8", "replace")))

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when an ETag or Last-Modified is known."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, headers)

    def _wait_turn(self, url: str, interval: float) -> None:
        host = urlsplit(url).netloc
        while True:
            with self._lock:
                ready = self._last.get(host, float("-inf")) + interval
                now = time.monotonic()
                if now >= ready:
                    self._last[host] = now
                    return
            time.sleep(ready - now)

    def _finished(self, url: str) -> None:
        """The interval runs from the end of a request too: a request that left late (a busy
        machine) must not bring the next one closer to it at the server."""
        host = urlsplit(url).netloc
        with self._lock:
            self._last[host] = max(self._last.get(host, float("-inf")), time.monotonic())

    def _request(self, url: str, headers: dict[str, str], for_robots: bool = False) -> Fetched:
        """The response to `url`, asked for again while the server sends it to a wait page."""
        for attempt in range(self.wait_retries + 1):
            try:
                return self._attempt(url, headers, for_robots)
            except WaitPage as waiting:
                if attempt == self.wait_retries:
                    raise Deferred(
                        f"still being prepared: {waiting} {attempt + 1} time(s), "
                        f"{self.wait_delay:g} s apart; try again later"
                    ) from waiting
                time.sleep(self.wait_delay)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _attempt(self, url: str, headers: dict[str, str], for_robots: bool) -> Fetched:
        """One try at `url`, with retries on failures worth retrying."""
        retrying = Retrying(
            retry=retry_if_exception(_retryable),
            wait=_wait_for(self.backoff),
            stop=stop_after_attempt(self.attempts),
            reraise=True,
        )
        return retrying(self._follow, url, headers, for_robots)

    def _follow(self, start: str, headers: dict[str, str], for_robots: bool) -> Fetched:
        url = start
        for _ in range(self.max_redirects + 1):
            self._check(url, start, for_robots)
            self._wait_turn(url, self.delay if for_robots else self.interval(url))
            try:
                with self._slots:
                    fetched = self._once(url, headers, for_robots)
            finally:
                self._finished(url)
            if fetched.location is None:
                return fetched
            url = urljoin(url, fetched.location)
            if not for_robots and WAIT_PAGE.search(urlsplit(url).path):
                raise WaitPage(url)
        raise httpx.TooManyRedirects(f"more than {self.max_redirects} redirects")

    def _once(self, url: str, headers: dict[str, str], for_robots: bool = False) -> Fetched:
        started = time.monotonic()
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code in RETRY_STATUSES:
                self._defer_long_wait(response)
                raise RetryableStatus(response)
            if response.status_code in REDIRECTS and "location" in response.headers:
                return Fetched(
                    url,
                    response.status_code,
                    b"",
                    dict(response.headers),
                    location=response.headers["location"],
                )
            limit = self.robots_max_bytes if for_robots else self.max_bytes
            body = self._body(response, limit, for_robots, started)
            return Fetched(
                url=str(response.url),
                status=response.status_code,
                content=body,
                headers=dict(response.headers),
                not_modified=response.status_code == 304,
            )

    def _body(self, response: httpx.Response, limit: int, cut: bool, started: float) -> bytes:
        """The body, read as it comes: over `limit` bytes it is cut there (`cut`) or TooLarge;
        past the deadline (counted from `started`) it is DeadlineExceeded."""
        declared = int(response.headers.get("content-length") or 0)
        if declared > limit and not cut:
            raise TooLarge(f"{declared} bytes > cap {limit}")
        body = bytearray()
        self._within_deadline(started, body)
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                if cut:
                    return bytes(body[:limit])
                raise TooLarge(f"over the cap of {limit} bytes")
            self._within_deadline(started, body)
        return bytes(body)

    def _within_deadline(self, started: float, body: bytearray) -> None:
        if time.monotonic() - started > self.deadline:
            raise DeadlineExceeded(
                f"response not complete within the {self.deadline:g} s deadline "
                f"({len(body)} bytes received)"
            )

    def _defer_long_wait(self, response: httpx.Response) -> None:
        """Raise Deferred when the server's Retry-After is over `max_wait`."""
        value = response.headers.get("retry-after")
        after = _retry_after(value)
        if after is not None and after > self.max_wait:
            raise Deferred(
                f"HTTP {response.status_code} with Retry-After {value!r}: a wait of {after:.0f} s, "
                f"over the {self.max_wait:g} s cap; try again later"
            )


def host_of(url: str) -> Host | None:
    """The host and port of an http(s) URL (the scheme's port filled in), else None."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def named_hosts(entry: str) -> set[Host]:
    """The hosts meant by `HOST[:PORT]` as a user names them; no port means 80 and 443."""
    parts = urlsplit(f"//{entry.strip()}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or port == -1 or parts.path or parts.query or "@" in parts.netloc:
        raise ValueError(f"not HOST[:PORT]: {entry!r}")
    return {(parts.hostname, port)} if port else {(parts.hostname, p) for p in (80, 443)}


def describe(error: BaseException) -> str:
    """An exception as a reason: its type and message (our own exceptions: the message)."""
    if isinstance(error, NotFetched | RetryableStatus):
        return str(error)
    return f"{type(error).__name__}: {error}".rstrip(": ")


def _retryable(error: BaseException) -> bool:
    return isinstance(error, RetryableStatus | httpx.TimeoutException | httpx.TransportError) and (
        not isinstance(error, httpx.TooManyRedirects)
    )


def _wait_for(backoff: float) -> Callable[[RetryCallState], float]:
    """Exponential backoff with jitter, or the server's Retry-After when it gives one."""
    exponential = wait_exponential_jitter(multiplier=backoff, max=60, jitter=backoff)

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RetryableStatus):
            after = _retry_after(error.response.headers.get("retry-after"))
            if after is not None:  # over the cap it was Deferred, never retried
                return after
        return float(exponential(state))

    return wait


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
