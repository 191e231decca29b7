"""newsboat's `urls` file, read as a subscription list (for `briefing import-opml`).

One feed per line: the URL, then tags, space-separated and quoted when they hold spaces.
A tag starting with "~" names the feed, one starting with "!" only hides it in newsboat
(dropped here). "query:" lines are newsboat's saved searches, "exec:" and "filter:"
lines run programs: none of them is a feed, and each is skipped with a line saying so.
Comments start with "#" (a whole line, or a word starting with it). The file is untrusted like any OPML file: only http(s) feed URLs
are accepted.
"""

from __future__ import annotations

from briefing.config import FeedConfig
from briefing.sanitize import clean_inline
from briefing.sources.opml import MAX_OPML_BYTES, MAX_TAGS, OpmlError, OpmlImport
from briefing.urls import feed_url, is_http_url

_NOT_FEEDS = {"query:": "a newsboat saved search, not a feed",
              "exec:": "runs a program, which briefing never does",
              "filter:": "runs a program, which briefing never does"}


_FIRST_WORDS = (b"http://", b"https://", b"query:", b'"query:', b"exec:", b"filter:")


def looks_like_urls_file(data: bytes) -> bool:
    """True when the first line that is neither blank nor a comment opens with a URL or
    one of newsboat's own kinds of line. Anything else (markup, UTF-16 or -32 bytes, a
    README) is left to the OPML reader, which says what it is not."""
    if b"\x00" in data[:4096]:
        return False
    for line in data[:65536].removeprefix(b"\xef\xbb\xbf").splitlines():
        line = line.strip()
        if line and not line.startswith(b"#"):
            return line.lower().startswith(_FIRST_WORDS)
    return False


def tokens(line: str) -> list[str]:
    """A line's words as newsboat reads them: split at spaces, double quotes keep a word
    whole (with backslash escapes), and a word starting with "#" begins a comment."""
    words: list[str] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
        elif line[i] == "#":
            break
        elif line[i] == '"':
            i += 1
            word = []
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    i += 1
                word.append(line[i])
                i += 1
            words.append("".join(word))
            i += 1  # past the closing quote
        else:
            start = i
            while i < n and not line[i].isspace():
                i += 1
            words.append(line[start:i])
    return words


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
        url, *words = tokens(line) or [""]
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
        if url in feeds:
            skipped.append((clean_inline(url, 200), "listed again; the first line's tags and "
                                                    "name are kept"))
            continue
        feeds[url] = FeedConfig(url, name or None, tags)
    if not feeds and not skipped:
        raise OpmlError("no feed URLs in it")
    return OpmlImport(tuple(feeds.values()), tuple(skipped))
