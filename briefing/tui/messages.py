"""Messages the refresh worker posts to the app (thread-safe via post_message)."""

from __future__ import annotations

from textual.message import Message

from briefing.models import RefreshReport


class RefreshProgress(Message):
    """done of total sources handled; `what` names the latest."""

    def __init__(self, done: int, total: int, what: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.what = what

    def can_replace(self, message: Message) -> bool:
        # Only the latest progress matters; older ones still queued can go.
        return isinstance(message, RefreshProgress)


class RefreshFinished(Message):
    """A refresh ended; its report says what changed and what failed."""

    def __init__(self, report: RefreshReport) -> None:
        super().__init__()
        self.report = report
