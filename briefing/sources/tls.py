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

_lock = threading.Lock()
_ready: concurrent.futures.Future[ssl.SSLContext] | None = None


def prepare_tls() -> None:
    """Start building the next client's context, unless one is built or under way."""
    global _ready
    with _lock:
        if _ready is not None:
            return
        _ready = ready = concurrent.futures.Future()

    def build() -> None:
        try:
            import httpx

            ready.set_result(httpx.create_ssl_context())  # httpx's own default
        except BaseException as err:  # the client then builds it, and reports it, itself
            ready.set_exception(err)

    threading.Thread(target=build, name="briefing-tls", daemon=True).start()


def prepared_tls() -> ssl.SSLContext | bool:
    """The context `prepare_tls` built (each is handed out once), else True: the httpx
    client builds its own default context."""
    global _ready
    with _lock:
        ready, _ready = _ready, None
    if ready is None or ready.exception() is not None:
        return True
    return ready.result()
