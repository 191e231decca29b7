"""A feed's state in words: what its last fetch found and what the user can do about it.

Used by the reader's feeds screen and by its refresh notices; plain strings, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from briefing.sanitize import clean_inline


@dataclass(frozen=True)
class FeedHealth:
    """`state` in a few words, `problem` the last error explained, `advice` what to do."""

    state: str
    problem: str | None = None
    advice: str | None = None
    note: str | None = None
    """What a fetch that worked still reported: items that failed, an ill-formed or cut
    document."""

    @property
    def failing(self) -> bool:
        return self.problem is not None


_EXPLAINED: list[tuple[tuple[str, ...], str, str]] = [
    (("name or service not known", "nodename nor servname", "temporary failure in name",
      "getaddrinfo", "no address associated"),
     "its host name could not be looked up (no network, or a mistyped address)",
     "Check the network connection; if it works, check the address with "
     "`briefing feeds check URL`."),
    # Before "connection failed", which these messages also hold.
    (("wrong version number", "wrong_version_number", "http_request", "packet length too long"),
     "the server does not speak TLS (https) at that address",
     "The address says https but the server answers plain http there: try the address "
     "with http://, or check the port."),
    (("connection refused",),
     "the server refused the connection (nothing is listening there)",
     "The site may be down or the port wrong; try again later or check the address."),
    (("all connection attempts failed", "connection failed"),
     "the server could not be reached (no network, the site is down, or nothing "
     "listens at that address)",
     "Check the network connection; if other feeds work, the site may be down: it is "
     "tried again on each refresh, and `briefing feeds check URL` tests it now."),
    (("network is unreachable", "no route to host"),
     "the network is unreachable",
     "Check the network connection, then press r to refresh."),
    (("timeout", "timed out"),
     "the server did not answer in time",
     "The site may be slow or down; it is tried again on the next refresh."),
    (("certificate", "ssl", "tls"),
     "the secure connection failed (certificate or TLS problem)",
     "Check the address (http or https); the site's certificate may be wrong."),
    (("http 404", "http 410"),
     "the address no longer exists",
     "The feed may have moved: find its new address on the site and `briefing feeds add` it."),
    (("http 401", "http 403"),
     "the server refused access",
     "The feed may need a login or block readers; look for another feed of the site."),
    (("http 429", "http 503"),
     "the server asked to wait (too many requests or unavailable)",
     "It is tried again on the next refresh; nothing to do."),
    (("http 5",),
     "the server failed",
     "A problem on the site's side; it is tried again on the next refresh."),
    (("the page offers",),
     "the address is a web page, not a feed",
     "Subscribe to the feed the page offers (named above) with `briefing feeds add`."),
    (("not a feed",),
     "the address does not hold an RSS or Atom feed",
     "Check the address; `briefing feeds check URL` says what it found."),
    (("redirect",),
     "the server's redirects could not be followed",
     "Check the address in a browser and subscribe to where it ends."),
]


def feed_health(*, last_error: str | None, failures: int, last_checked: datetime | None,
                last_success: datetime | None) -> FeedHealth:
    """Explain a feed's last fetch (fields of a stored feed row)."""
    if last_checked is None:
        return FeedHealth("not fetched yet", advice="Press r to refresh.")
    if not last_error:
        return FeedHealth("ok")
    error = clean_inline(last_error, 200)
    if failures == 0:  # the last fetch worked: what it reported is a note, not a failure
        return FeedHealth("ok", note=error)
    lowered = error.casefold()
    times = "once" if failures <= 1 else f"{failures} times in a row"
    for needles, problem, advice in _EXPLAINED:
        if any(n in lowered for n in needles):
            return FeedHealth(f"failed {times}", f"{problem}: {error}", advice)
    return FeedHealth(f"failed {times}", error,
                      "Check the address with `briefing feeds check URL`.")


def not_stored_words(item_count: int, stored: int, *, keep_days: int, max_items: int) -> str:
    """Why a feed's items beyond those stored are not, in words: only the newest
    `max_items` are taken (0: all); of those, an item is left out when it is older than
    keep_days (0: never), cannot be read or is the same article as another item."""
    missing = item_count - stored
    skipped = max(0, min(missing, item_count - max_items)) if max_items else 0
    rest = missing - skipped
    beyond = f"beyond the newest {max_items} ([fetch] max_items)"
    other = ", ".join(filter(None, (
        f"older than keep_days ({keep_days} days)" if keep_days else "",
        "could not be read"))) + " or the same article as another item"
    why = (f"{skipped} {beyond}, {rest} {other}" if skipped and rest
           else beyond if skipped else other)
    return f"{missing} {'item' if missing == 1 else 'items'} not stored: {why}"
