"""SourceFilterModal: pick one source (feed or site) or "#tag" to filter the list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.models import source_name
from briefing.tui.safe import safe_line

ALL = "\x00all"


class SourceMenu(OptionList, inherit_bindings=False):
    """The sources to choose from, moved through with the reader's keys: j / k as well as
    the arrows, and every key has a binding id, so [keymap] applies and ? lists it."""

    BINDINGS = [
        Binding("enter", "select", "Show", id="choose-source",
                tooltip="Show the highlighted source's stories"),
        Binding("j,down", "cursor_down", "Down", id="filter-down", tooltip="Next source",
                show=False),
        Binding("k,up", "cursor_up", "Up", id="filter-up", tooltip="Previous source",
                show=False),
        Binding("g,home", "first", "First", id="filter-first",
                tooltip="First entry: all sources", show=False),
        Binding("G,end", "last", "Last", id="filter-last", tooltip="Last source",
                show=False),
        Binding("pagedown", "page_down", "Page down", id="filter-page-down",
                tooltip="Down a screen of sources", show=False),
        Binding("pageup", "page_up", "Page up", id="filter-page-up",
                tooltip="Up a screen of sources", show=False),
    ]


class SourceFilterModal(ModalScreen[str | None]):
    """Returns the chosen source, "" for all sources, or None when cancelled."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Cancel", id="cancel-filter",
                tooltip="Close without changing the filter"),
        # A modal screen takes none of the app's keys: the help and quit are its own, with
        # the app's ids, so [keymap] moves them here too. Nothing is typed in this dialog,
        # so ? is free for the help.
        Binding("question_mark", "app.help", "Help", id="help", tooltip="Show all keys"),
        Binding("ctrl+c", "app.copy_or_quit", "Quit", id="quit", tooltip="Quit briefing",
                show=False),
    ]

    def __init__(self, sources: list[tuple[str, int]], current: str | None) -> None:
        super().__init__()
        self.sources = sources
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text("All sources", style="bold"), id=ALL)]
        for index, (name, count) in enumerate(self.sources):
            label = Text.assemble(safe_line(source_name(name)), (f"  {count}", "dim"))
            options.append(Option(label, id=str(index)))
        menu = SourceMenu(*options, id="source-menu")
        menu.border_title = "Filter by source or #tag"
        yield menu

    def on_mount(self) -> None:
        menu = self.query_one(SourceMenu)
        names = [name for name, _ in self.sources]
        menu.highlighted = names.index(self.current) + 1 if self.current in names else 0
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss("" if chosen == ALL else self.sources[int(chosen or 0)][0])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
