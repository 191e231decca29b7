"""Open a story's original page in the user's browser: http(s) only, never via a shell."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import webbrowser

from briefing.sanitize import clean_inline, hides_characters
from briefing.urls import is_http_url


class OpenError(Exception):
    """The URL is not one we will open, or no browser could be started."""


def check_url(url: str | None) -> str:
    """The URL if it is a plain http(s) address, else OpenError."""
    if not url:
        raise OpenError("this story has no web address")
    if hides_characters(url) or any(c.isspace() for c in url):
        raise OpenError("the address contains control or space characters")
    if not is_http_url(url):  # also refuses a malformed host or port
        scheme = url.partition(":")[0] if ":" in url else "this"
        raise OpenError(f"only http(s) addresses are opened, not {clean_inline(scheme, 20)}:")
    return url


def browser_command(url: str) -> list[str] | None:
    """The argv that opens `url`: $BROWSER if set, else the platform's opener."""
    if env := os.environ.get("BROWSER"):
        first = env.split(os.pathsep)[0]
        argv = shlex.split(first)
        if argv:
            # "%s" in $BROWSER marks where the URL goes; it stays one argv element.
            return [url if a == "%s" else a for a in argv] + ([] if "%s" in argv else [url])
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    path = shutil.which(opener)
    return [path, url] if path else None


def open_url(url: str | None) -> None:
    """Open a URL in a browser, detached, with an argument list (no shell ever)."""
    url = check_url(url)
    argv = browser_command(url)
    if argv is None:
        if not webbrowser.open(url):
            raise OpenError("no browser found (set $BROWSER)")
        return
    try:
        subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError as err:
        raise OpenError(f"cannot start {argv[0]}: {err.strerror}") from None
