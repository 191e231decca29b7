"""StatusLine: a line above the keys for work in progress (a refresh) or its outcome."""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import Static

from briefing.sanitize import clean_inline
from briefing.tui.safe import safe_text

STATUS_SECONDS = 6.0
"""How long an outcome stays on the line when it need not stay (all went well)."""


class StatusLine(Static):
    """Hidden until there is something to say (the app's CSS hides `#status`); wraps up
    to three lines. Every screen the user refreshes from has one."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self._timer: Timer | None = None

    def say(self, text: str | None, *, keep: bool = True) -> None:
        """Show `text` (None hides the line); unless `keep`, it goes after a few seconds."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.display = text is not None
        self.update(safe_text(clean_inline(text or "", limit=400)))
        if text is not None and not keep:
            self._timer = self.set_timer(STATUS_SECONDS, lambda: self.say(None))
