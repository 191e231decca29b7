"""newsboat's `urls` file, read as a subscription list (for `briefing import-opml`).

One feed per line: the URL, then tags, space-separated and quoted when they hold spaces.
A tag starting with "~" names the feed, one starting with "!" only hides it in newsboat
(dropped here). "query:" lines are newsboat's saved searches, "exec:" and "filter:"
lines run programs: none of them is a feed, and each is skipped with a line saying so.
Comments start with "#". The file is untrusted like any OPML file: only http(s) feed URLs
are accepted.
"""

from __future__ import annotations

import shlex

from briefing.config import FeedConfig
from briefing.sanitize import clean_inline
from briefing.sources.opml import MAX_OPML_BYTES, MAX_TAGS, OpmlError, OpmlImport
from briefing.sources.urls import feed_url, is_http_url

_NOT_FEEDS = {"query:": "a newsboat saved search, not a feed",
              "exec:": "runs a program, which briefing never does",
              "filter:": "runs a program, which briefing never does"}


def looks_like_urls_file(data: bytes) -> bool:
    """True when the first line that is neither blank nor a comment is not markup."""
    for line in data[:65536].splitlines():
        line = line.strip()
        if line and not line.startswith(b"#"):
            return not line.startswith(b"<") and not line.startswith(b"\xef\xbb\xbf<")
    return False


def parse_urls_file(data: bytes) -> OpmlImport:
    """The feeds of a newsboat urls file; raises OpmlError for one that cannot be read."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"larger than {MAX_OPML_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OpmlError("not UTF-8 text (newsboat's urls file is)") from None
    feeds: dict[str, FeedConfig] = {}
    skipped: list[tuple[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            url, *words = shlex.split(line)
        except ValueError:  # an unclosed quote
            skipped.append((clean_inline(line, 200), "an unclosed quote"))
            continue
        kind = next((k for k in _NOT_FEEDS if url.startswith(k)), None)
        if kind is not None:
            skipped.append((clean_inline(url, 200), _NOT_FEEDS[kind]))
            continue
        if not is_http_url(url):
            skipped.append((clean_inline(url, 200), "not an http(s) URL"))
            continue
        name = next((clean_inline(w[1:], 200) for w in words if w.startswith("~")), None)
        tags = tuple(dict.fromkeys(clean_inline(w, 100) for w in words
                                   if w and w[0] not in "~!"))[:MAX_TAGS]
        url = feed_url(url)
        feeds.setdefault(url, FeedConfig(url, name or None, tags))
    if not feeds and not skipped:
        raise OpmlError("no feed URLs in it")
    return OpmlImport(tuple(feeds.values()), tuple(skipped))
