"""A fetch's error (a feed's, a page's) in plain words: what went wrong and what to do.

Errors are the short reasons `sources.http.Fetcher` and the refresh give ("timeout",
"HTTP 404", "connection failed: [Errno -2] Name or service not known"); the feeds screen,
`feeds check` and `show` explain them with this one table. Plain strings, no Textual.
"""

from __future__ import annotations

import re

from briefing.sanitize import clean_inline

_EXPLAINED: list[tuple[tuple[str, ...], str, str]] = [
    # (words of the error, the problem in plain words, what to do about it for a feed)
    # First: the message names the host, whose name may hold any other entry's words.
    (("host budget spent",),
     "the refresh's time for the site ran out ([fetch] host_budget)",
     "The site answered slowly or had much to fetch; the rest comes at the next refresh."),
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


def explain(error: str) -> tuple[str, str] | None:
    """(the problem in plain words, what to do) for a fetch error, or None when it is
    not one the table knows."""
    lowered = error.casefold()
    for needles, problem, advice in _EXPLAINED:
        if any(n in lowered for n in needles):
            return problem, advice
    return None


def in_words(error: str) -> str:
    """A feed's fetch error as a line says it: the problem in plain words, then the error
    as given ("its host name could not be looked up (no network, or a mistyped address):
    connection failed: [Errno -2] Name or service not known"); the error alone when the
    table does not know it, when it is no fetch's ("unexpected error: ..."), or when it
    says the same already ("not a feed: the page offers ...")."""
    explained = explain(error)
    if explained is None or error.startswith(("unexpected error", "not a feed")):
        return error
    return f"{explained[0]}: {error}"


_STATUS = re.compile(r"\bHTTP \d{3}\b")


def page_problem(error: str) -> str:
    """Why a page could not be read, in plain words for the line under an article: the
    problem the table names, with the HTTP status when there was one ("the address no
    longer exists (HTTP 404)"), else the error itself."""
    error = clean_inline(error, 200, whole_words=True)
    explained = explain(error)
    if explained is None:
        return error
    status = _STATUS.search(error)
    return f"{explained[0]} ({status.group()})" if status else explained[0]
