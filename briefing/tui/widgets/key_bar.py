"""KeyBar: the screen's keys on one line, drawn as one widget.

Textual's Footer builds a widget per key and recomposes them whenever the bindings
change; this bar draws the same line of keys as one Text, and only repaints when that
line actually changes.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

HELP_ID = "help"
"""The binding that lists every key: its hint stays when the bar is too narrow for all."""


class KeyBar(Widget):
    """Key hints for the active bindings (`show=True`), the command palette on the right.

    When the line is too narrow for every hint, the first ones (the bindings' order is
    their importance) are shown whole, then the help key, which lists the others; a
    hint is never cut in the middle."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        split: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[tuple[str, str, str, str | None]] = []
        """(key, key as shown, description, binding id) of each hint, in order."""
        self._palette: tuple[str, str] | None = None
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        app = self.app
        seen: set[str] = set()
        hints: list[tuple[str, str, str, str | None]] = []
        palette: tuple[str, str] | None = None
        for key, (_node, binding, enabled, _tip) in screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding))
            elif binding.show and enabled and binding.action not in seen:
                seen.add(binding.action)
                hints.append((binding.key, app.get_key_display(binding), binding.description,
                              binding.id))
        if (hints, palette) != (self._hints, self._palette):
            self._hints, self._palette = hints, palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        spans = []
        for key, shown, description in self._fitting(self.size.width):
            start = line.cell_len
            line.append(f" {shown} ", key_style).append(description, description_style)
            spans.append((start, line.cell_len, key))
            line.append(" ")
        if self._palette is not None:
            key, shown = self._palette
            hint = Text.assemble(("▏", "dim"), (f" {shown} ", key_style),
                                 ("palette ", description_style))
            gap = self.size.width - line.cell_len - hint.cell_len
            if gap > 0:
                line.append(" " * gap)
                spans.append((line.cell_len, line.cell_len + hint.cell_len, key))
                line.append_text(hint)
        self._spans = spans
        return line

    def _fitting(self, width: int) -> list[tuple[str, str, str]]:
        """The hints that fit whole in `width` cells: all of them, else the first ones
        and the help key's; with no room for both, as many first ones as fit."""
        def cells(hint: tuple[str, str, str, str | None]) -> int:
            return Text(f" {hint[1]} {hint[2]} ").cell_len

        hints = self._hints
        if sum(map(cells, hints)) - 1 <= width:  # the last hint's trailing space may go
            return [hint[:3] for hint in hints]
        help_hint = next((h for h in hints if h[3] == HELP_ID), None)
        room = width + 1 - (cells(help_hint) if help_hint else 0)
        shown = []
        for hint in hints:
            if hint is help_hint:
                continue
            if cells(hint) > room:
                break
            room -= cells(hint)
            shown.append(hint)
        if help_hint is not None and room >= 0:
            shown.append(help_hint)
        return [hint[:3] for hint in shown]

    def on_resize(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
