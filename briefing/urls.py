"""URLs from feeds and pages: which may be fetched, and one canonical form per article.

A feed is untrusted input: only http(s) URLs are ever fetched or stored as links, and
tracking parameters are dropped so the same story reached from two feeds has one key.
"""

from __future__ import annotations

from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from briefing.sanitize import hides_characters

SCHEMES = ("http", "https")

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "matomo_", "__hs", "_hs", "oly_")
_TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mkt_tok", "_ga", "_gl", "ocid", "cmpid", "cmp", "ito", "ns_mchannel", "ns_source",
    "ns_campaign", "ns_linkname", "ns_fee", "sr_share", "smid", "smtyp", "ref_src", "at_medium",
    "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4", "xtor", "s_cid",
})
"""Query parameters that say how a reader arrived, not what the page is."""


def _split(url: str) -> SplitResult | None:
    """`urlsplit`, or None for what it refuses (a malformed IPv6 literal) or its port
    check does (out of range, not a number), and for a host part with anything after an
    IPv6 literal's "]" but a port ("http://[::1]x/", which urlsplit would read as
    "[::1]")."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises for a port out of range or not a number
    except ValueError:
        return None
    after = parts.netloc.rpartition("]")[2] if "[" in parts.netloc else ""
    if after and not (after.startswith(":") and after[1:].isdigit()):
        return None
    return parts


def is_http_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host: the only kind briefing fetches."""
    if not url or any(c in url for c in "\r\n\t\x00 "):
        return False
    if hides_characters(url):  # escapes, bidi, zero-width or joiners: shown != opened
        return False
    parts = _split(url)
    return parts is not None and parts.scheme.lower() in SCHEMES and bool(parts.hostname)


def why_not_http_url(url: str) -> str:
    """Why `is_http_url` refuses a URL, in words that end "… URL": most often "is not an
    http(s) URL", but a port out of range or not a number is named as such."""
    if _split(url) is None and url.strip().lower().startswith(("http://", "https://")):
        netloc = url.strip().split("/", 3)[2].rpartition("@")[2]
        if "[" in netloc:
            if "]" not in netloc:
                return "has an IPv6 address without its closing ']', so is not an http(s) URL"
            netloc = netloc.rpartition("]")[2]
            if netloc and not netloc.startswith(":"):
                return "has text after its IPv6 address, so is not an http(s) URL"
        port = netloc.rpartition(":")[2]
        if ":" in netloc and port:
            return f"has an invalid port {port!r} (a port is a number from 1 to 65535)"
    return "is not an http(s) URL"


def resolve(base: str | None, href: str | None) -> str | None:
    """An entry's link made absolute against the feed's URL; None unless http(s)."""
    if not href:
        return None
    href = href.strip()
    try:
        url = urljoin(base, href) if base else href
    except ValueError:
        return None
    return url if is_http_url(url) else None


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def _netloc(parts: SplitResult, *, password: bool) -> str:
    """A URL's host part in one spelling: lower-case host without a trailing dot, no
    default port, its user kept (and the password with `password`). Raises ValueError for
    a port that is no number."""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        user = parts.username or ""
        if password and parts.password:
            user += f":{parts.password}"
        host = f"{user}@{host}"
    return host


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no default port, no fragment,
    no tracking parameters, the remaining query in its original order."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((parts.scheme.lower(), _netloc(parts, password=False), parts.path or "/",
                       urlencode(query, doseq=True), ""))


def feed_url(url: str) -> str:
    """One spelling per feed, as a subscription keeps it: as `canonical_url` but with the
    query as given (a feed's query can be its identity) and the user's password kept.
    "HTTP://Example.org/rss#top" is "http://example.org/rss". What urlsplit refuses (a
    malformed IPv6 literal) is kept as written: no feed has that address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    try:
        netloc = _netloc(parts, password=True)
    except ValueError:  # a port that is no number: the fetch says so, kept as written
        netloc = parts.netloc
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def same_site(a: str, b: str) -> bool:
    """True when two URLs share a host, ignoring a leading "www."; a page may only name a
    canonical URL on its own site (else any page could claim another's identity)."""
    def host(u: str) -> str:
        try:
            h = (urlsplit(u).hostname or "").lower()
        except ValueError:
            return ""
        return h.removeprefix("www.")

    return bool(host(a)) and host(a) == host(b)
