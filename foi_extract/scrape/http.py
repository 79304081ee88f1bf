"""A polite HTTP client: robots.txt obeyed, one request per interval per host, retries with
exponential backoff and jitter (honouring Retry-After) on timeouts, connection errors, 5xx and
429 only, bounded redirects and a size cap on every body.

robots.txt is parsed with protego, which understands the `*` and `$` wildcards Alaveteli's
stock robots.txt uses (the standard library's parser does not).
"""

from __future__ import annotations

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


class RobotsDisallowed(Exception):
    """robots.txt forbids the URL; it is not fetched."""


class TooLarge(Exception):
    """The body is over the size cap."""


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


@dataclass
class PoliteClient:
    """One client per scrape; safe to share between threads.

    Redirects are followed here, not by httpx, so that every hop is checked against robots.txt
    and waits its turn for its own host.
    """

    contact: str = "unknown"
    delay: float = 1.0
    timeout: float = 30.0
    max_bytes: int = 100 * 1024 * 1024
    attempts: int = 5
    max_redirects: int = 5
    backoff: float = 1.0
    max_connections: int = 4
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, Protego] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _robots_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.user_agent = f"foi-extract/{__version__} (+research scraper; contact: {self.contact})"
        self._slots = threading.BoundedSemaphore(self.max_connections)
        self.client = httpx.Client(
            headers={"User-Agent": self.user_agent},
            timeout=self.timeout,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=self.max_connections),
        )

    def close(self) -> None:
        self.client.close()

    def allowed(self, url: str) -> bool:
        """What the live robots.txt of the URL's site says (fetched once per site)."""
        return bool(self._robots_for(url).can_fetch(url, self.user_agent))

    def interval(self, url: str) -> float:
        """Seconds between two requests to the URL's host: ours, or robots.txt's Crawl-delay."""
        crawl_delay = self._robots_for(url).crawl_delay(self.user_agent)
        return max(self.delay, float(crawl_delay or 0.0))

    def _robots_for(self, url: str) -> Protego:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = Protego.parse(self._robots_text(origin))
            return self._robots[origin]

    def _robots_text(self, origin: str) -> str:
        """robots.txt as RFC 9309 reads it: missing allows all, unreachable forbids all."""
        try:
            response = self._request(f"{origin}/robots.txt", {}, check_robots=False)
        except (httpx.HTTPError, RetryableStatus, TooLarge):
            return "User-agent: *\nDisallow: /\n"
        if response.status >= 400:
            return ""
        return response.content.decode("utf-8", "replace")

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when an ETag or Last-Modified is known."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, headers, check_robots=True)

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

    def _request(self, url: str, headers: dict[str, str], check_robots: bool) -> Fetched:
        retrying = Retrying(
            retry=retry_if_exception(_retryable),
            wait=_wait_for(self.backoff),
            stop=stop_after_attempt(self.attempts),
            reraise=True,
        )
        return retrying(self._follow, url, headers, check_robots)

    def _follow(self, url: str, headers: dict[str, str], check_robots: bool) -> Fetched:
        for _ in range(self.max_redirects + 1):
            if check_robots and not self.allowed(url):
                raise RobotsDisallowed(url)
            self._wait_turn(url, self.interval(url) if check_robots else self.delay)
            with self._slots:
                fetched = self._once(url, headers)
            if fetched.location is None:
                return fetched
            url = urljoin(url, fetched.location)
        raise httpx.TooManyRedirects(f"more than {self.max_redirects} redirects")

    def _once(self, url: str, headers: dict[str, str]) -> Fetched:
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code in RETRY_STATUSES:
                response.read()
                raise RetryableStatus(response)
            if response.status_code in REDIRECTS and "location" in response.headers:
                return Fetched(
                    url,
                    response.status_code,
                    b"",
                    dict(response.headers),
                    location=response.headers["location"],
                )
            declared = int(response.headers.get("content-length") or 0)
            if declared > self.max_bytes:
                raise TooLarge(f"{declared} bytes > cap {self.max_bytes}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise TooLarge(f"over the cap of {self.max_bytes} bytes")
            return Fetched(
                url=str(response.url),
                status=response.status_code,
                content=bytes(body),
                headers=dict(response.headers),
                not_modified=response.status_code == 304,
            )


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
            if after is not None:
                return min(after, 120.0)
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
