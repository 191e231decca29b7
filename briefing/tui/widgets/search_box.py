"""SearchBox: the story search's input line, which also takes a word's joiners."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from briefing.sanitize import ZWJ, ZWNJ

# The joiners by their key names (the terminal's key event and Pilot's agree on the name;
# Pilot gives no character for them).
_JOINER_KEYS = {"zero_width_non_joiner": ZWNJ, "zero_width_joiner": ZWJ}


class SearchBox(Input):
    """An `Input` that keeps the joiners a Persian or Indic keyboard types (ZWNJ, the
    Persian half-space, on Shift+Space; ZWJ): `Input` drops them as unprintable, so
    "کتاب‌ها" arrived as "کتابها", a word the search then did not find."""

    def on_key(self, event: events.Key) -> None:
        # Textual calls this before `Input`'s own key handler, which the prevented default
        # then skips; every other key is left to `Input`.
        joiner = _JOINER_KEYS.get(event.key)
        if joiner is None:
            return
        event.stop()
        event.prevent_default()
        if self.selection.is_empty:
            self.insert_text_at_cursor(joiner)
        else:
            self.replace(joiner, *self.selection)
