"""BriefingApp: wires the store, the refresher and the screens together."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.clock import Clock, system_clock
from briefing.config import Settings
from briefing.models import NOT_A_FOLDER, RefreshReport, source_name
from briefing.refresh_state import PURGE, REBRIEF, RunningRefresh, running_refresh
from briefing.sanitize import clean_inline, strip_controls
from briefing.store import Store
from briefing.tui.messages import RefreshFinished, RefreshProgress
from briefing.tui.saving import ChangeSaved, Saver
from briefing.tui.screens.briefing import BriefingScreen
from briefing.tui.screens.reader import ReaderScreen
from briefing.urls import is_http_url

if TYPE_CHECKING:
    from briefing.tui.screens.feeds import FeedsScreen

Refresher = Callable[..., RefreshReport]
LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"
WATCH_SECONDS = 2.0
"""How often the app looks for stories written by another process."""
QUIT_KEYS = "q,ctrl+c"
"""The quit binding's keys, unless [keymap] `quit` replaces them (the help says which)."""
STALE_REFRESH = timedelta(hours=36)
"""Since the feeds' last refresh, the time after which opening the reader says so: a daily
cron refresh that missed a day."""
READER_WRITE_WAIT = 1.0
"""Seconds the reader's own connection waits for another writer before a write fails:
a program that holds the database costs the write, not a frozen screen (stars and read
marks are saved off this connection and thread: see `tui.saving`)."""


_OTHER_JOBS = {REBRIEF: "A rebrief", PURGE: "A feed's removal"}
"""Holders of the refresh lock that bring no new stories, named as a sentence's subject."""


def _holder_phrase(holder: RunningRefresh) -> str:
    """Who holds the refresh lock, as a sentence's subject."""
    return _OTHER_JOBS.get(holder.doing or "", "Another refresh")


def missing_folder_words(path: str, error: str = "") -> str:
    """What the status line says of a seeds folder that is not there (or is a file): what
    to do first, then where (a long path keeps its end)."""
    shown = strip_controls(path)
    shown = clean_inline(shown if len(shown) <= 60 else "…" + shown[-59:])
    if error == NOT_A_FOLDER:
        return f"Seeds path is a file: point `seeds` in the config at a folder, not {shown}"
    return f"Seeds folder missing: create the folder {shown}, or set `seeds` in the config"


class BriefingApp(App[None]):
    """The reader: today's stories and their three-panel briefs."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Briefing"
    ENABLE_COMMAND_PALETTE = True
    # Under 70 columns the list goes above the brief, which then reads at full width.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal")]

    BINDINGS = [
        # ctrl+c quits as in newsboat (Textual's default only says to press ctrl+q); with
        # text selected, the screen or search box copies it instead (theirs go first and
        # hide this one from the screen's active bindings: the help says so in words).
        Binding(QUIT_KEYS, "quit", "Quit", id="quit", tooltip="Quit briefing"),
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Fetch all feeds and seeds"),
        Binding("t", "toggle_theme", "Light/dark", id="toggle-theme",
                tooltip="Switch between light and dark", show=False),
        Binding("question_mark", "help", "Help", id="help", tooltip="Show all keys"),
    ]

    def __init__(
        self,
        settings: Settings,
        open_store: Callable[[], Store],
        refresher: Refresher | None = None,
        day: date | None = None,
        refresh_on_start: bool = False,
        stored_before: RefreshReport | None = None,
    ) -> None:
        super().__init__()
        self.day = day
        self.refresh_on_start = refresh_on_start
        self.stored_before = stored_before
        """What this run stored before the reader opened (a first run's seeds): the
        summary of the refresh that follows at once counts it too, as one first run."""
        self.settings = settings
        self.open_store = open_store
        self.refresher = refresher
        self.store = open_store()
        # The reader's changes (read, starred) are saved by `saver`, off this thread; what
        # is still written here (feeds synced from the config) waits little.
        self.store.wait_for_writers(READER_WRITE_WAIT)
        self.saver = Saver(self, open_store)
        self.clock = self.store.clock
        """The app's one clock, the one its stores were opened with."""
        self.read_only = self.store.read_only
        """The database could only be opened read-only (a read-only mount, a file that is
        not ours): the reader reads; refresh, stars and read marks are not saved."""
        if settings.tui.theme in self.available_themes:
            self.theme = settings.tui.theme
        if settings.keymap:
            self.set_keymap(settings.keymap)

    def _feed_count(self) -> int:
        """Feeds a refresh fetches: the config's and those added with `feeds add`."""
        return len({f.url for f in self.settings.feeds} | {r.url for r in self.store.feeds.all()})

    def get_default_screen(self) -> Screen:
        seeds = self.settings.seeds
        feeds = self._feed_count()
        refresh = self.key_name("refresh", "r")
        if feeds:
            hint = (f"Press {refresh} to fetch your {feeds} {'feed' if feeds == 1 else 'feeds'}"
                    f"; {self.key_name('feeds', 'F')} shows how each one fared.")
        else:
            hint = (
                "Add a feed with `briefing feeds add URL`, or put .txt, .md or .html files in "
                f"{seeds if seeds else 'a seeds folder (config key `seeds`)'}, then press "
                f"{refresh} to refresh.")
        return BriefingScreen(self.store, self.clock, self.settings.tui.read_after, hint,
                              save=self.saver.save, day=self.day, favourites=self.settings.edition.favourites)

    def on_mount(self) -> None:
        if self.read_only:
            self.say_read_only("Read marks, stars and refresh are not saved")
        self._seen_version = self.store.data_version()
        self.set_interval(WATCH_SECONDS, self.show_outside_changes)

    def on_ready(self) -> None:
        if self.refresh_on_start and self._feed_count():
            self.action_refresh()  # a first run: the feeds follow the seeds in the background
            return
        self.stored_before = None  # a refresh pressed later says what it alone did
        if (standing := self._how_the_feeds_stand()) is not None:
            self._show_status(standing)

    def _how_the_feeds_stand(self) -> str | None:
        """On opening, what a user who leaves refreshing to cron would otherwise not learn:
        feeds that are failing, and news not refreshed for a while. None when all is well."""
        from briefing.feed_health import PROBLEM, feed_health
        from briefing.tui.safe import age

        # Not a feed taken out of the config since the last refresh; read only, so that a
        # refresh writing now cannot hold up the opening.
        configured = {feed.url for feed in self.settings.feeds}
        feeds = [f for f in self.store.feeds.all() if f.origin != "config" or f.url in configured]
        health = [feed_health(last_error=f.last_error, failures=f.failures,
                              last_checked=f.last_checked, last_success=f.last_success)
                  for f in feeds]
        failing = sum(h.failing for h in health)
        amiss = sum(h.state == PROBLEM for h in health)
        counts = []
        if failing:
            counts.append(f"{failing} {'feed' if failing == 1 else 'feeds'} failing")
        if amiss:
            counts.append(f"{amiss} {'feed' if amiss == 1 else 'feeds'} with a problem")
        said = []
        if counts:
            said.append(f"{' and '.join(counts)}: press {self.key_name('feeds', 'F')} to see why")
        checked = [f.last_checked for f in feeds if f.last_checked is not None]
        if checked and self.clock() - max(checked) > STALE_REFRESH:
            last = age(max(checked), self.clock())
            said.append(f"last refresh {'on ' + last if '-' in last else last + ' ago'}: "
                        f"press {self.key_name('refresh', 'r')} to refresh")
        return " · ".join(said) or None

    def key_name(self, binding_id: str, default: str) -> str:
        """The key to press for a binding, as the key bar names it: its `default`, or the
        first of those [keymap] gives it."""
        key = self.settings.keymap.get(binding_id, default).split(",")[0].strip()
        return self.get_key_display(Binding(key, ""))

    def show_outside_changes(self) -> None:
        """Reload the list when another process (a cron refresh) has written stories; the
        feeds screen, when open, also when a refresh starts or ends."""
        from briefing.tui.screens.feeds import FeedsScreen

        version = self.store.data_version()
        changed = version != self._seen_version
        self._seen_version = version
        screen = self.get_screen_stack_base()
        if changed and isinstance(screen, BriefingScreen):
            screen.reload_stories()
        feeds_screens = [s for s in self.screen_stack if isinstance(s, FeedsScreen)]
        if feeds_screens:
            running = self._running_refresh()
            for feeds_screen in feeds_screens:
                if changed or running != feeds_screen.refresh_running:
                    self._show_feeds(feeds_screen, running)

    def _running_refresh(self) -> RunningRefresh | None:
        """The refresh holding the database's lock now (the reader's own or another
        program's), if any."""
        return running_refresh(self.store.path) if self.store.path is not None else None

    def _show_feeds(self, screen: FeedsScreen, running: RunningRefresh | None) -> None:
        """Show the feeds as stored now on the feeds screen."""
        screen.show_feeds(self.store.feeds.all(), self.store.feeds.unread_counts(),
                          list(self.store.failures.seeds().values()), refresh=running)

    def on_unmount(self) -> None:
        self.saver.finish(self.store)
        self.store.close()

    @on(ChangeSaved)
    def change_saved(self, message: ChangeSaved) -> None:
        # The saving connection's commit reads as an outside change here: the list is
        # read again, and the brief on screen stays as it is when its story is unchanged.
        message.change.done(message.error)

    # --- refresh in a worker thread ------------------------------------------------

    def say_read_only(self, what: str) -> None:
        """One notice that `what` needs writing, which this database does not allow."""
        from briefing.store.connection import read_only_reason

        assert self.store.path is not None
        self.notify(f"{what}: the database cannot be written; "
                    f"{read_only_reason(self.store.path)}. Reading still works.",
                    title="Read-only", severity="warning", markup=False, timeout=6)

    def action_refresh(self) -> None:
        if self.read_only:
            self.say_read_only("Cannot refresh")
            return
        screen = self.get_screen_stack_base()
        if isinstance(screen, BriefingScreen):
            screen.set_fetching(self._feed_count())
        said = "Refreshing…"
        holder = running_refresh(self.store.path) if self.store.path is not None else None
        if holder is not None:
            # Not "Refreshing…" for the whole wait: say what it waits for, at once.
            said = (f"{_holder_phrase(holder)} is running: waiting up to "
                    f"{self.settings.fetch.lock_wait:g} s for it to finish…")
        if not self._show_status(said):  # a screen without the line: say it once
            self.notify(said, title="Refresh", markup=False, timeout=2)
        before, self.stored_before = self.stored_before, None  # the first refresh's only
        self.run_refresh(before)

    def _show_status(self, text: str | None, *, keep: bool = True) -> bool:
        """Say `text` on the status line of every briefing and full text in the stack, so
        none still says what has ended when the screens above it close; False when the
        screen on top has no status line."""
        for screen in dict.fromkeys((*self.screen_stack, self.screen)):
            if isinstance(screen, BriefingScreen | ReaderScreen):
                screen.show_status(text, keep=keep)
        return isinstance(self.screen, BriefingScreen | ReaderScreen)

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False,
          description="Refreshing")
    def run_refresh(self, before: RefreshReport | None = None) -> RefreshReport:
        """Refresh on a worker thread; `before`: what this run stored before (see
        `stored_before`), counted in the summary."""
        worker = get_current_worker()
        refresher = self.refresher
        if refresher is None:  # imported here: the pipeline is heavy and startup should not pay
            from briefing.refresh import refresh_all as refresher
        store = self.open_store()  # its own connection: one per thread
        try:
            report = refresher(
                store, self.settings,
                on_progress=lambda done, total, what: self.post_message(
                    RefreshProgress(done, total, what)),
                is_cancelled=lambda: worker.is_cancelled,
            )
        finally:
            store.close()
        if before is not None:
            report = report.after(before)
        self.post_message(RefreshFinished(report))
        if self.settings.brief.engine == "llm" and not worker.is_cancelled:
            self._brief_with_model(lambda: worker.is_cancelled)
        return report

    def _brief_with_model(self, is_cancelled: Callable[[], bool]) -> None:
        """After a refresh (on its worker's thread), the language-model pass: the stories
        are on screen already, and checked model briefs replace theirs as they land (the
        list reloads when the database changes). A problem is one notice; nothing is lost."""
        from briefing.llm.update import apply_llm_briefs

        store = self.open_store()
        try:
            result = apply_llm_briefs(store, self.settings, is_cancelled=is_cancelled)
        finally:
            store.close()
        if result.notice and not is_cancelled():
            self.call_from_thread(self.notify, result.notice, title="Language model",
                                  severity="warning", markup=False, timeout=10)

    @on(RefreshProgress)
    def show_progress(self, message: RefreshProgress) -> None:
        self._show_status(f"Refreshing: {message.what}" if message.what
                          else f"Refreshing: {message.done} of {message.total}")

    @on(RefreshFinished)
    def refresh_finished(self, message: RefreshFinished) -> None:
        report = message.report
        screen = self.get_screen_stack_base()
        # A source still failing as at the last refresh is no news to cron, but the
        # reader's user sees every source that fails.
        failing = report.failures + report.still_failing
        failed = len(failing)
        summary = f"Refreshed: {report.new} new, {report.updated} updated"
        # A line that stays above the keys, off the brief, and says where to look: the
        # feeds screen explains each failing feed and seed file. What the user must do
        # comes first, so a narrow screen never cuts it. In the words of `briefing
        # refresh`: failed (anew) and still failing.
        # A missing seeds folder is no seed: it is said apart, with what to do.
        def counted(kind: str, word: str) -> str | None:
            new = sum(f.kind == kind and not f.folder for f in report.failures)
            still = sum(f.kind == kind and not f.folder for f in report.still_failing)

            def some(n: int) -> str:
                return f"{n} {word if n == 1 else word + 's'}"

            return (f"{some(new)} failed, {still} still failing" if new and still
                    else f"{some(new)} failed" if new
                    else f"{some(still)} still failing" if still else None)

        feeds_failed = sum(f.kind == "feed" for f in failing)
        said = [part for part in (counted("feed", "feed"), counted("seed", "seed")) if part]
        if said:
            summary = (f"{'; '.join(said)}: press {self.key_name('feeds', 'F')} to see why"
                       f" · {summary}")
        if folder := next((f for f in failing if f.folder), None):
            summary = f"{missing_folder_words(folder.source, folder.error)} · {summary}"
        moved = [row for row in report.feeds if row.get("moved_to")]
        if moved:
            summary += (f" · {clean_inline(moved[0]['name'], 40)} moved to "
                        f"{clean_inline(moved[0]['moved_to'], 80)}")
            if len(moved) > 1:
                summary += f" (and {len(moved) - 1} more feeds moved)"
        new_files = [f for f in report.failures if f.kind != "feed" and not f.folder]
        if new_files:  # what just went wrong with a file, by its name (its path is on F)
            name = clean_inline(new_files[0].source.rstrip("/").rsplit("/", 1)[-1], 60)
            summary += f" · {name}: {clean_inline(new_files[0].error, 120)}"
        if isinstance(screen, BriefingScreen):
            screen.set_fetching(None, failed=feeds_failed,
                                read=sum(row["status"] != "failed" for row in report.feeds))
            screen.reload_stories()
        from briefing.tui.screens.feeds import FeedsScreen

        if isinstance(self.screen, FeedsScreen):  # what it shows has just changed
            self._show_feeds(self.screen, self._running_refresh())
        if not self._show_status(summary, keep=bool(failed)):  # out of sight: say it briefly
            self.notify(summary, title="Refresh", markup=False, timeout=4)

    @on(Worker.StateChanged)
    def saver_ended(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "saves" or not event.worker.is_finished:
            return
        if event.state == WorkerState.ERROR:  # no store to save with: say so, drop them
            error = sqlite3.DatabaseError(clean_inline(str(event.worker.error)))
            while self.saver.pending:
                self.saver.pending.popleft().done(error)
        self.saver.resume()

    @on(Worker.StateChanged)
    def refresh_crashed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "refresh":
            from briefing.refresh.lock import RefreshLocked

            if isinstance(event.worker.error, RefreshLocked):
                # Not a failure: cron (or another window) is refreshing; its stories show
                # up here as it writes them. Another job (a rebrief) brings no stories.
                holder = (running_refresh(self.store.path) if self.store.path is not None
                          else None)
                if holder is None or holder.doing not in _OTHER_JOBS:
                    said = "Another refresh is running; its stories will appear here."
                else:
                    said = (f"{_holder_phrase(holder)} is running; press r again once "
                            f"it has finished.")
                self.notify(said, title="Refresh", markup=False, timeout=6)
            elif self._cannot_write(event.worker.error):
                self.say_read_only("Cannot refresh")
            else:
                self.notify(f"Refresh failed: {clean_inline(str(event.worker.error))}",
                            severity="error", markup=False, timeout=10)
            screen = self.get_screen_stack_base()
            if isinstance(screen, BriefingScreen):
                screen.set_fetching(None)
            self._show_status(None)

    def _cannot_write(self, error: BaseException | None) -> bool:
        """The refresh failed because the database (or its folder) cannot be written since
        the reader opened it: SQLite's "attempt to write a readonly database" is no
        message for a user."""
        from briefing.store.connection import StoreError, cannot_write

        path = self.store.path
        if isinstance(error, StoreError):
            return error.read_only
        if isinstance(error, OSError):  # the lock file beside it, not another file
            return path is not None and str(error.filename or "").startswith(str(path)) \
                and cannot_write(error, path)
        return isinstance(error, sqlite3.Error) and path is not None \
            and cannot_write(error, path)

    def get_screen_stack_base(self) -> Screen:
        return self.screen_stack[0] if self.screen_stack else self.screen

    # --- other app-wide actions ----------------------------------------------------

    async def action_copy_or_quit(self) -> None:
        """ctrl+c in a dialog, which takes none of the app's keys: as on the other screens,
        copy the selected text, else quit."""
        selection = self.screen.get_selected_text()
        if selection is None:
            await self.action_quit()
        else:
            self.copy_to_clipboard(selection)

    def action_toggle_theme(self) -> None:
        """Light <-> dark: the configured theme on its side, Textual's own on the other."""
        configured = self.get_theme(self.settings.tui.theme)
        if self.current_theme.dark:
            self.theme = configured.name if configured and not configured.dark else LIGHT_THEME
        else:
            self.theme = configured.name if configured and configured.dark else DARK_THEME

    def action_toggle_read(self) -> None:
        """`m` in the full text: mark the story it belongs to read or unread (the list's
        selection may have moved to another story since the text was opened)."""
        screen = self.get_screen_stack_base()
        reader = self.screen
        if isinstance(screen, BriefingScreen) and isinstance(reader, ReaderScreen) \
                and reader.story_id is not None:
            screen.toggle_story_read(reader.story_id)

    def action_open_original(self) -> None:
        """Open the article on screen (the full text's, else the briefing's selected one);
        one without a web address (a seed file) gives way to the story's first that has one."""
        screen = self.screen if isinstance(self.screen, ReaderScreen) \
            else self.get_screen_stack_base()
        if not isinstance(screen, BriefingScreen | ReaderScreen):
            return
        articles = screen.story_articles()
        shown = next(articles, None)
        if shown is None:
            return
        from briefing.tui.opener import OpenError, open_url  # only when asked: startup is lean

        target = shown
        if not is_http_url(shown.url):
            target = next((a for a in articles if is_http_url(a.url)), shown)
        try:
            open_url(target.url)
        except OpenError as err:
            reason = "no article of this story has a web address" if not target.url \
                else str(err)
            self.notify(reason, severity="warning", markup=False)
        else:
            if target is shown:
                self.notify("Opened in the browser", timeout=2)
            else:
                source = source_name(target.source, 40)
                self.notify(f"This article has no web address: opened the one from {source}",
                            timeout=4, markup=False)

    def action_feeds(self) -> None:
        """The feeds screen; choosing a feed filters the edition to its stories."""
        from briefing.tui.screens.feeds import FeedsScreen

        if isinstance(self.screen, FeedsScreen):
            return
        with contextlib.suppress(sqlite3.DatabaseError):  # busy or read-only: as stored
            self.store.feeds.sync_config(self.settings.feeds)
        base = self.get_screen_stack_base()

        def chosen(feed: tuple[int, str] | None) -> None:
            if feed is not None and isinstance(base, BriefingScreen):
                while len(self.screen_stack) > 1:
                    self.pop_screen()
                base.filter_feed(*feed)

        self.push_screen(FeedsScreen(self.store.feeds.all(), self.store.feeds.unread_counts(),
                                     self.clock, keep_days=self.settings.keep_days,
                                     max_items=self.settings.fetch.max_items,
                                     seed_failures=list(self.store.failures.seeds().values()),
                                     refresh=self._running_refresh()),
                         chosen)

    def action_help(self) -> None:
        from briefing.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        quit_keys = self.settings.keymap.get("quit", QUIT_KEYS)
        self.push_screen(HelpScreen(self._key_rows(), ctrl_c_quits="ctrl+c" in {
            key.strip() for key in quit_keys.split(",")}))

    def _key_rows(self) -> list[tuple[str, str, str]]:
        """(keys, description, binding id) of every binding of ours on the current screen."""
        keys_by_id: dict[str, list[str]] = {}
        described: dict[str, str] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.id:  # Textual's own scroll and focus bindings: not ours to list
                continue
            keys_by_id.setdefault(binding.id, []).append(self.get_key_display(binding))
            described.setdefault(binding.id, binding.tooltip or binding.description)
        return [(", ".join(dict.fromkeys(keys)), described[binding_id], binding_id)
                for binding_id, keys in keys_by_id.items()]

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # ours below lists every key with its binding id
                yield command
        yield SystemCommand("Refresh all feeds", "Fetch feeds and seeds now", self.action_refresh)
        yield SystemCommand("Feeds", "Each feed's unread count, last success and last error",
                            self.action_feeds)
        yield SystemCommand("Toggle light/dark", "Switch the theme", self.action_toggle_theme)
        yield SystemCommand("Keys", "Show every key and its binding id", self.action_help)
        if isinstance(screen, BriefingScreen):
            yield SystemCommand("Search stories", "Full-text search", screen.action_search)
            yield SystemCommand("Unread only", "Show only unread stories, or all",
                                screen.action_unread_only)
            yield SystemCommand("Filter by source or tag", "Show one feed, site or tag",
                                screen.action_filter_source)
            yield SystemCommand("Star story", "Star or unstar the selected story",
                                screen.action_star)
            yield SystemCommand("Mark read/unread", "Toggle the selected story's read state",
                                screen.action_toggle_read)
            yield SystemCommand("Read full text", "Open the selected story's text",
                                screen.action_read)
            yield SystemCommand("Open original", "Open the story's page in the browser",
                                self.action_open_original)


def make_app(settings: Settings, *, clock: Clock = system_clock,
             day: date | None = None, refresh_on_start: bool = False,
             stored_before: RefreshReport | None = None) -> BriefingApp:
    """The real app on the configured database, opening on `day`'s edition (default today);
    read-only when the database cannot be written, as the commands that only read do;
    `refresh_on_start` and `stored_before`: a first run (see `BriefingApp`)."""
    return BriefingApp(settings, lambda: Store.open_for_reading(settings.database, clock=clock),
                       day=day,
                       refresh_on_start=refresh_on_start, stored_before=stored_before)
