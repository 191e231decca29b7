"""HelpScreen: every key of the reader, as currently bound (the [keymap] applies)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """A table of keys and what they do; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
        Binding("j,down", "scroll(1)", "Scroll down", id="help-down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", id="help-up", show=False),
        Binding("space,pagedown", "scroll(10)", "Page down", id="help-page-down",
                show=False),
        Binding("b,pageup", "scroll(-10)", "Page up", id="help-page-up", show=False),
        Binding("g,home", "ends('top')", "Top", id="help-top", show=False),
        Binding("G,end", "ends('end')", "End", id="help-end", show=False),
        # A modal screen takes none of the app's keys: ctrl+c quits here too, as the note
        # below says (the app's id, so [keymap] `quit` moves it).
        Binding("ctrl+c", "app.copy_or_quit", "Quit", id="quit", tooltip="Quit briefing", show=False),
    ]

    def on_mount(self) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        self.watch(box, "scroll_y", lambda _: self.update_hint())
        # What fits is known once the table is laid out (and again after a resize).
        self.watch(box, "virtual_size", lambda _: self.call_after_refresh(self.update_hint))
        self.watch(box, "size", lambda _: self.call_after_refresh(self.update_hint))

    def update_hint(self) -> None:
        """The frame says how much is out of sight and how to get there: a terminal too
        short for every key (80x24) would otherwise hide the last ones without a word."""
        box = self.query_one("#help-box", VerticalScroll)
        below = max(0, round(box.max_scroll_y - box.scroll_y))
        if below:
            lines = "line" if below == 1 else "lines"
            box.border_subtitle = f"↓ {below} more {lines} below: j, space · escape closes"
        elif box.scroll_y > 0:
            box.border_subtitle = "↑ more above: k, g · escape closes"
        else:
            box.border_subtitle = "escape closes"

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_ends(self, where: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_home(animate=False) if where == "top" else box.scroll_end(animate=False)

    def __init__(self, rows: list[tuple[str, str, str]], *, ctrl_c_quits: bool = True) -> None:
        """`rows` are (keys, what they do, binding id for [keymap]); `ctrl_c_quits`: the
        quit binding still has ctrl+c (a [keymap] `quit` may replace it)."""
        super().__init__()
        self.rows = rows
        self.ctrl_c_quits = ctrl_c_quits

    def compose(self) -> ComposeResult:
        table = Table(box=None, padding=(0, 2, 0, 0), expand=True, show_edge=False)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does", ratio=1)
        table.add_column("binding id", style="dim", no_wrap=True)
        for keys, description, binding_id in self.rows:
            table.add_row(Text(keys), Text(description), Text(binding_id))
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape closes"
            yield Static(table)
            yield Static(
                Text(
                    ("ctrl+c quits from any screen (with text selected, it copies it), "
                     "as does ctrl+q. " if self.ctrl_c_quits
                     else "ctrl+q quits from any screen. ")
                    + "ctrl+p opens the command palette with the same actions. "
                    "Keys can be changed in config.toml's [keymap] table, by binding "
                    "id: refresh = \"f5\".",
                    style="dim",
                )
            )
