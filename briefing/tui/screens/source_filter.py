"""SourceFilterModal: pick one source (feed or site) or "#tag" to filter the list."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.tui.safe import safe_line

ALL = "\x00all"


class SourceFilterModal(ModalScreen[str | None]):
    """Returns the chosen source, "" for all sources, or None when cancelled."""

    BINDINGS = [Binding("escape,q", "dismiss_none", "Cancel", id="cancel-filter")]

    def __init__(self, sources: list[tuple[str, int]], current: str | None) -> None:
        super().__init__()
        self.sources = sources
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text("All sources", style="bold"), id=ALL)]
        for index, (name, count) in enumerate(self.sources):
            label = Text.assemble(safe_line(name, limit=60), (f"  {count}", "dim"))
            options.append(Option(label, id=str(index)))
        menu = OptionList(*options, id="source-menu")
        menu.border_title = "Filter by source or #tag"
        yield menu

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        names = [name for name, _ in self.sources]
        menu.highlighted = names.index(self.current) + 1 if self.current in names else 0
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss("" if chosen == ALL else self.sources[int(chosen or 0)][0])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
