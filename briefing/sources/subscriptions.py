"""A subscription list file for `briefing import-opml`: OPML, or newsboat's urls file."""

from __future__ import annotations

from pathlib import Path

from briefing.sources.newsboat import looks_like_urls_file, parse_urls_file
from briefing.sources.opml import MAX_OPML_BYTES, OpmlError, OpmlImport, parse_opml


def read_subscription_file(path: Path) -> OpmlImport:
    """The feeds of an OPML file or of newsboat's urls file (told apart by whether it
    opens with markup), read no further than MAX_OPML_BYTES (a device such as /dev/zero
    has no size to check first); raises OpmlError."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_OPML_BYTES + 1)
    except OSError as err:
        raise OpmlError(f"cannot read it: {err.strerror or err}") from None
    if looks_like_urls_file(data):
        return parse_urls_file(data)
    return parse_opml(data)
