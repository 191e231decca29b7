"""TitleBar: the app's name and the edition line, one line at the top."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from briefing.tui.safe import safe_line

MIN_LEAD = 12
"""A lead shortened for room keeps at least this many cells: enough to know it."""


class TitleBar(Widget):
    """"Briefing — <line>"; clicking it opens the command palette, as Textual's Header."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        split: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line = Text("")
        self._lead: Text | None = None

    def show(self, line: str) -> None:
        """Show an untrusted line of text (never parsed as markup)."""
        self.show_text(safe_line(line))

    def show_text(self, line: Text, *, lead: Text | None = None) -> None:
        """Show a line built from Text parts; `lead` goes before it, " · " between, and is
        shortened first when the width is short (a source's name before its position)."""
        if line != self._line or lead != self._lead:
            self._line = line
            self._lead = lead
            self.refresh()

    def render(self) -> Text:
        width = max(0, self.size.width - 4)
        line = self._line
        if self._lead is not None:
            lead = self._lead.copy()
            lead.truncate(max(MIN_LEAD, width - line.cell_len - 3), overflow="ellipsis")
            line = Text.assemble(lead, " · ", line)
        title = Text.assemble(f"{self.app.title} — ", line)
        if title.cell_len > width:  # the line matters more than the app's name
            title = line.copy()
        title.truncate(width, overflow="ellipsis")
        title.align("center", width)
        return Text.assemble((" ≡  ", "bold"), title, end="")

    def on_click(self) -> None:
        self.app.action_command_palette()
