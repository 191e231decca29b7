"""Checks the config's [keymap] and [tui] theme against what the reader really has.

Every binding id of the reader is known here, so a typo (`refreshh = "f5"`), a key that
would take another binding's place (`refresh = "q"` over quit) or an unknown theme stops
with one line naming the file and the key, before the reader starts.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from textual.binding import Binding
from textual.theme import BUILTIN_THEMES

from briefing.config import ConfigError, Settings


def _binding_groups() -> list[list[type]]:
    """The sets of classes whose bindings are active together (the app's with each)."""
    from briefing.tui.app import BriefingApp
    from briefing.tui.screens.briefing import BriefingScreen
    from briefing.tui.screens.feeds import FeedsScreen, FeedTable
    from briefing.tui.screens.help import HelpScreen
    from briefing.tui.screens.reader import ReaderScreen
    from briefing.tui.screens.source_filter import SourceFilterModal, SourceMenu
    from briefing.tui.widgets.brief_view import BriefView
    from briefing.tui.widgets.story_list import StoryList

    return [[BriefingApp, BriefingScreen, StoryList], [BriefingApp, BriefingScreen, BriefView],
            [BriefingApp, ReaderScreen], [BriefingApp, HelpScreen],
            [BriefingApp, SourceFilterModal, SourceMenu],
            [BriefingApp, FeedsScreen, FeedTable]]


def _bindings(classes: Iterable[type]) -> Iterator[Binding]:
    for cls in classes:
        for item in cls.__dict__.get("BINDINGS", []):
            if isinstance(item, Binding):
                yield item


def binding_ids() -> set[str]:
    """Every binding id of the reader."""
    return {b.id for group in _binding_groups() for b in _bindings(group) if b.id}


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def check_tui_settings(settings: Settings) -> None:
    """Raise ConfigError (naming the file and key) for a keymap or theme the reader
    cannot honour."""
    where = settings.source or "config"
    theme = settings.tui.theme
    if theme not in BUILTIN_THEMES:
        raise ConfigError(f"{where}: 'tui.theme' = {theme!r} is not a Textual theme "
                          f"(one of: {', '.join(sorted(BUILTIN_THEMES))})")
    if not settings.keymap:
        return  # nothing to check, and the screens need not be imported to know it
    known = binding_ids()
    for binding_id, keys in settings.keymap.items():
        if binding_id not in known:
            # The reader does not start with this config, so its ? cannot show the ids.
            close = difflib.get_close_matches(binding_id, known, n=1)
            guess = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(f"{where}: unknown key 'keymap.{binding_id}': not a binding id; "
                              f"{guess}the ids are: {', '.join(sorted(known))}")
        if not _keys(keys):
            raise ConfigError(f"{where}: 'keymap.{binding_id}' must name at least one key")
    for group in _binding_groups():
        owner: dict[str, str] = {}
        for binding in _bindings(group):
            if not binding.id:
                continue
            remapped = binding.id in settings.keymap
            keys = _keys(settings.keymap[binding.id] if remapped else binding.key)
            for key in keys:
                other = owner.get(key)
                if other is not None and other != binding.id and (
                        remapped or other in settings.keymap):
                    new, old = (binding.id, other) if remapped else (other, binding.id)
                    raise ConfigError(
                        f"{where}: 'keymap.{new}' = {key!r} takes the key of '{old}'; "
                        f"choose another key, or rebind '{old}' too")
                owner[key] = binding.id
