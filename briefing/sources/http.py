"""The async HTTP fetcher: bounded, polite, capped; used for feeds and article pages.

One `Fetcher` per refresh. It never raises for a network or HTTP problem: every fetch
returns a `FetchResult` whose `error` says what went wrong, so one bad host cannot
stop a refresh. Redirects are followed by hand so each hop is checked (http(s) only,
bounded count, loops detected) and the size cap applies to the decoded body, however
many encodings are stacked on it (see `decoding`). Headers that come back to the host
(ETag, Last-Modified) are kept only when they can be sent as they are.
"""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import random
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import httpx

from briefing import __version__
from briefing.clock import Clock
from briefing.config import FetchSettings
from briefing.sources.decoding import BoundedDecoder, ContentEncodingError, encodings_of
from briefing.sources.slots import HostSlots
from briefing.urls import is_http_url

DEFAULT_USER_AGENT = f"briefing/{__version__} (terminal news reader; +https://github.com/briefing)"
RETRY_STATUSES = (429, 503)
_DIGITS = re.compile(r"[0-9]+")
_VALIDATOR = re.compile(r"[\x20-\x7e]{1,1000}")
"""An ETag or Last-Modified we store and send back: printable ASCII, bounded. httpx
cannot send anything else, so a host's "café" would fail every later request."""


def usable_validator(value: str | None) -> str | None:
    """A validator header as it can be sent back, or None when it cannot."""
    if value is None:
        return None
    value = value.strip(" \t")
    return value if _VALIDATOR.fullmatch(value) else None


@dataclass(frozen=True)
class FetchResult:
    """One fetch: the final response, or why there is none."""

    url: str
    final_url: str
    status: int | None = None
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    """None, or a short reason: "timeout", "connect error", "HTTP 404", "redirect loop"..."""
    truncated: bool = False
    """The body was longer than the cap and was cut there."""
    attempts: int = 1
    transient: bool = False
    """Cut short by a limit of our own (a host's time budget), not the page's fault: the
    page is read again next time, not counted as a failed attempt."""
    moved_to: str | None = None
    """Where the URL has moved for good: the last URL reached by permanent redirects
    (301, 308) alone, from the first request on. None when the first hop was a
    temporary one (302, 303, 307) or there was none."""

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from `now`."""
    if not value:
        return None
    value = value.strip()
    if _DIGITS.fullmatch(value):  # str.isdigit() also accepts "²", which float() refuses
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


class Fetcher:
    """Fetch URLs concurrently within global and per-host limits. Use `async with`.
    `clock` is the app's: a Retry-After date is read against it."""

    def __init__(self, settings: FetchSettings, clock: Clock, *,
                 user_agent: str | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.user_agent = user_agent or settings.user_agent or DEFAULT_USER_AGENT
        self._slots = HostSlots(settings.concurrency, settings.per_host)
        self._not_before: dict[str, float] = {}  # host -> monotonic time it asked us to wait
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout, pool=None),
            limits=httpx.Limits(max_connections=s.concurrency,
                                max_keepalive_connections=s.concurrency),
            follow_redirects=False,
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None, accept: str | None = None) -> FetchResult:
        """GET a URL with conditional headers; retries 429/503 after a polite wait."""
        if not is_http_url(url):
            return FetchResult(url, url, error="not an http(s) URL")
        headers = {"Accept": accept} if accept else {}
        etag, last_modified = usable_validator(etag), usable_validator(last_modified)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            attempt += 1
            result = await self._follow(url, headers)
            if result.status not in RETRY_STATUSES or attempt > self.settings.retries:
                return _with_attempts(result, attempt)
            wait = retry_after_seconds(result.headers.get("retry-after"), self.clock())
            if wait is None:
                wait = self.settings.backoff * 2 ** (attempt - 1)
            if wait > self.settings.max_retry_wait:
                return _with_attempts(result, attempt)  # asked to wait too long: try next run
            wait += random.uniform(0, self.settings.jitter)
            self._not_before[_host_key(result.final_url)] = time.monotonic() + wait
            await asyncio.sleep(wait)

    async def _follow(self, url: str, headers: dict[str, str]) -> FetchResult:
        seen = {url}
        current = url
        moved_to: str | None = None
        permanent = True  # every hop so far was a permanent redirect
        for _ in range(self.settings.max_redirects + 1):
            result = await self._get_once(url, current, headers)
            location = result.headers.get("location")
            if result.status not in (301, 302, 303, 307, 308):
                return dataclasses.replace(result, moved_to=moved_to) if moved_to else result
            if not location:
                return FetchResult(url, current, result.status, error="redirect without a Location")
            target = urljoin(current, location.strip())
            if not is_http_url(target):
                return FetchResult(url, current, result.status, error="redirect to a non-http URL")
            if target in seen:
                return FetchResult(url, target, result.status, error="redirect loop")
            seen.add(target)
            current = target
            permanent = permanent and result.status in (301, 308)
            if permanent:
                moved_to = target
        return FetchResult(url, current, error="too many redirects")

    async def _get_once(self, url: str, current: str, headers: dict[str, str]) -> FetchResult:
        assert self._client is not None, "use `async with Fetcher(...)`"
        host = _host_key(current)
        delay = self._not_before.get(host, 0.0) - time.monotonic()
        if delay > 0:  # the host asked everyone to wait (429/503 Retry-After)
            await asyncio.sleep(delay)
        async with self._slots.slot(host):
            try:
                # read_timeout bounds each wait for bytes; this bounds the whole response,
                # so a server that drips one byte a second cannot hold a refresh forever.
                async with asyncio.timeout(self.settings.total_timeout):
                    return await self._stream(url, current, headers)
            except (httpx.TimeoutException, TimeoutError):
                return FetchResult(url, current, error="timeout")
            except httpx.DecodingError:
                return FetchResult(url, current, error="bad content encoding")
            except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as err:
                return FetchResult(url, current, error=f"connection failed: {_reason(err)}")

    async def _stream(self, url: str, current: str, headers: dict[str, str]) -> FetchResult:
        cap = self.settings.max_bytes
        async with self._client.stream("GET", current, headers=headers) as response:  # type: ignore[union-attr]
            kept = {k.lower(): v for k, v in response.headers.items()
                    if k.lower() in ("etag", "last-modified", "content-type", "location",
                                     "retry-after")}
            for name in ("etag", "last-modified"):
                if name in kept and usable_validator(kept[name]) is None:
                    del kept[name]  # a validator we could never send back: as if none
            status = response.status_code
            if status != 200:
                error = None if status in (301, 302, 303, 307, 308, 304) else f"HTTP {status}"
                return FetchResult(url, current, status, headers=kept, error=error)
            try:
                decoder = BoundedDecoder(encodings_of(response.headers.get("content-encoding")),
                                         cap)
                chunks: list[bytes] = []
                async for chunk in response.aiter_raw():
                    chunks.append(decoder.feed(chunk))
                    if decoder.over:  # stop reading: the rest never leaves the socket buffer
                        break
            except ContentEncodingError as err:
                return FetchResult(url, current, status, headers=kept, error=str(err))
            body = b"".join(chunks)[:cap]
            return FetchResult(url, str(response.url), status, body, kept,
                               truncated=decoder.over)


def _with_attempts(result: FetchResult, attempts: int) -> FetchResult:
    return result if attempts == 1 else dataclasses.replace(result, attempts=attempts)


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


def _reason(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:200]
