"""TitleBar: the app's name and the edition line, one line at the top."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from briefing.tui.safe import safe_line


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

    def show(self, line: str) -> None:
        """Show an untrusted line of text (never parsed as markup)."""
        self.show_text(safe_line(line))

    def show_text(self, line: Text) -> None:
        """Show a line built from Text parts."""
        if line != self._line:
            self._line = line
            self.refresh()

    def render(self) -> Text:
        width = max(0, self.size.width - 4)
        title = Text.assemble(f"{self.app.title} — ", self._line)
        if title.cell_len > width:  # the line matters more than the app's name
            title = self._line.copy()
        title.truncate(width, overflow="ellipsis")
        title.align("center", width)
        return Text.assemble((" ≡  ", "bold"), title, end="")

    def on_click(self) -> None:
        self.app.action_command_palette()
