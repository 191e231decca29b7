"""The TLS context of the next refresh's HTTP client, built ahead on a thread.

httpx builds its default context when a client is made: it reads the CA bundle, 15-30 ms
that a refresh would spend before its first request. OpenSSL reads the bundle without the
GIL, so built on a thread as the refresh starts it costs the refresh nothing. Light on
purpose: httpx is imported on that thread, so `briefing refresh` can call `prepare_tls`
before its own imports.
"""

from __future__ import annotations

import concurrent.futures
import ssl
import threading

from briefing.background import in_background

_lock = threading.Lock()
_ready: concurrent.futures.Future[ssl.SSLContext] | None = None


def prepare_tls() -> None:
    """Start building the next client's context, unless one is built or under way."""
    global _ready
    with _lock:
        if _ready is None:  # a failure: the client then builds it, and reports it, itself
            _ready = in_background(_build, "briefing-tls")


def _build() -> ssl.SSLContext:
    import httpx

    return httpx.create_ssl_context()  # httpx's own default


def prepared_tls() -> ssl.SSLContext | bool:
    """The context `prepare_tls` built (each is handed out once), else True: the httpx
    client builds its own default context."""
    global _ready
    with _lock:
        ready, _ready = _ready, None
    if ready is None or ready.exception() is not None:
        return True
    return ready.result()
