"""Settings: read config.toml once, validate it into frozen dataclasses.

Lookup order: `--config PATH`, `$BRIEFING_CONFIG`, the user config dir, then built-in
defaults. A `config.toml` in the current folder is not read: that name belongs to many
other tools (Hugo, Netlify, project configs), and a reader's settings must not change
with the folder it is started from. Relative paths resolve against the config file's folder. An
unknown key or a wrong type is a `ConfigError` naming the file and the key. No other
module reads the file: `briefing.cli` builds `Settings` and passes it down.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import paths
from briefing.errors import EXIT_USAGE, BriefingError
from briefing.tags import spelled, tag_spellings
from briefing.urls import feed_url, is_http_url, why_not_http_url


class ConfigError(BriefingError):
    """A config file that cannot be used; the message names the file and the key."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class FeedConfig:
    """One feed: its URL, and optionally a display name and tags."""

    url: str
    """In the spelling a stored subscription has (`urls.feed_url`): the same feed
    written two ways ("HTTPS://Example.org:443/rss#top") is one feed."""
    name: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", feed_url(self.url))


@dataclass(frozen=True)
class LlmSettings:
    """The optional language-model engine ([brief.llm]); used when [brief] engine = "llm"."""

    model: str = ""
    """A model id or alias known to the `llm` tool (`llm models` lists them)."""
    per_refresh: int = 30
    """Most model calls one refresh makes (newest stories first; the rest wait)."""
    timeout: float = 60.0
    """Seconds one call may take; a slower one fails and the extractive brief stays."""
    concurrency: int = 2
    """Calls in flight at once."""

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError("'concurrency' must be at least 1")
        if self.timeout <= 0:
            raise ValueError("'timeout' must be more than 0 seconds")


ENGINES = ("extractive", "llm")


@dataclass(frozen=True)
class BriefSettings:
    """How briefs are built."""

    what_to_know: int = 5
    """How many "what to know" points a brief keeps at most."""
    engine: str = "extractive"
    """"extractive" (offline, the default) or "llm": briefs from a language model after
    each refresh, every point checked against the sentences it cites."""
    llm: LlmSettings = field(default_factory=LlmSettings)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"'engine' must be one of {', '.join(map(repr, ENGINES))}, "
                             f"not {self.engine!r}")
        if self.engine == "llm" and not self.llm.model.strip():
            raise ValueError("engine = \"llm\" needs a model: set [brief.llm] model "
                             "(`llm models` lists them)")


@dataclass(frozen=True)
class FetchSettings:
    """How feeds and pages are fetched."""

    concurrency: int = 16
    """Requests in flight at once, over all hosts."""
    per_host: int = 2
    """Requests in flight at once to one host."""
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    """Longest one response may take from request to last byte."""
    host_budget: float = 180.0
    """Longest one host may take over a refresh, from its first request: its requests
    still queued or running then fail (and are tried again next time)."""
    deadline: float = 900.0
    """Longest a refresh may spend fetching: what is unfinished then is tried next time,
    so a slow host cannot hold the lock and pile up cron runs."""
    max_bytes: int = 5_000_000
    """A response is cut at this size (enforced while streaming)."""
    max_redirects: int = 5
    max_items: int = 100
    """Items taken from one feed document, its newest (by date, else in the document's
    order): older ones beyond them are skipped, so a feed of thousands of items cannot
    flood the database or send thousands of page requests to its host (0: no limit)."""
    full_text: bool = True
    """Fetch each new item's page for its full text (else use the feed's own text)."""
    user_agent: str | None = None
    """The User-Agent header (default: "briefing/VERSION (terminal news reader; ...)")."""
    retries: int = 2
    """How often a 429 or 503 answer is retried, after the server's Retry-After."""
    backoff: float = 1.0
    """Seconds before the first retry when the server gives no Retry-After (then doubled)."""
    max_retry_wait: float = 30.0
    """A server that asks for a longer wait than this is not retried until the next refresh."""
    jitter: float = 0.5
    """Up to this many random seconds added to each retry wait."""
    workers: int = 0
    """Processes that extract and brief pages (0: one per CPU core)."""
    parse_timeout: float = 20.0
    """Seconds one feed or page may take to parse and brief; a slower one is abandoned."""
    lock_wait: float = 10.0
    """Seconds a refresh waits for another one to finish before giving up (exit 3)."""


@dataclass(frozen=True)
class TuiSettings:
    """The terminal UI."""

    read_after: float = 2.0
    """Seconds a story must be shown before it counts as read."""
    theme: str = "textual-dark"
    """A built-in Textual theme; `t` toggles between it and a light one."""


@dataclass(frozen=True)
class EditionSettings:
    """The daily edition."""

    favourites: tuple[str, ...] = ()
    """Feed names or "#tags" whose stories rank higher."""


DEFAULT_FEEDS: tuple[FeedConfig, ...] = (
    FeedConfig("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC News: World", ("world",)),
    FeedConfig("https://feeds.npr.org/1004/rss.xml", "NPR: World", ("world",)),
    FeedConfig("https://www.aljazeera.com/xml/rss/all.xml", "Al Jazeera", ("world",)),
    FeedConfig("https://rss.dw.com/rdf/rss-en-world", "DW: World", ("world",)),
    FeedConfig("https://www.theguardian.com/world/rss", "The Guardian: World", ("world",)),
)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with defaults that work on a fresh machine."""

    seeds: Path | None = field(default_factory=paths.bundled_seeds)
    """Folder of local documents (.txt, .md, .html) ingested on every refresh."""
    database: Path = field(default_factory=paths.default_database)
    """The SQLite file; a plain database other tools may open."""
    keep_days: int = 30
    """Stories older than this are pruned after a refresh (starred ones are kept)."""
    feeds: tuple[FeedConfig, ...] = DEFAULT_FEEDS
    brief: BriefSettings = field(default_factory=BriefSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    tui: TuiSettings = field(default_factory=TuiSettings)
    edition: EditionSettings = field(default_factory=EditionSettings)
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. refresh = "f5"."""
    source: Path | None = None
    """The file these settings came from (None: built-in defaults)."""

    def __post_init__(self) -> None:
        urls = [feed.url for feed in self.feeds]
        if len(set(urls)) < len(urls):  # one feed listed twice: the first entry counts
            unique = {feed.url: feed for feed in reversed(self.feeds)}
            object.__setattr__(self, "feeds", tuple(unique[url] for url in dict.fromkeys(urls)))
        # A tag written in two cases ("News", "news") is one, spelled as first written.
        spellings = tag_spellings(feed.tags for feed in self.feeds)
        respelled = tuple(dataclasses.replace(feed, tags=spelled(feed.tags, spellings))
                          for feed in self.feeds)
        if respelled != tuple(self.feeds):  # the built-in feeds stay `DEFAULT_FEEDS` itself
            object.__setattr__(self, "feeds", respelled)

    @property
    def default_feeds(self) -> bool:
        """The feeds are the built-in ones: no config file names any (`feeds = []` does)."""
        return self.feeds is DEFAULT_FEEDS


MAX_SECONDS = 1e7
"""The largest time setting (about 115 days): every wait has a bound."""
MAX_INT = 1_000_000_000
MAX_INTS = {"keep_days": 36_500, "workers": 256, "concurrency": 1_000, "per_host": 100,
            "max_redirects": 50, "retries": 20, "what_to_know": 100}
"""Bounds for settings whose use breaks well below MAX_INT (dates, processes, sockets)."""


def _check_file(path: Path, origin: str) -> None:
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory, not a config file{origin}")
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found{origin}")


def find_config(explicit: Path | None) -> Path | None:
    """The config file to read, by the documented lookup order."""
    if explicit is not None:
        _check_file(explicit, "")
        return explicit
    env = os.environ.get("BRIEFING_CONFIG")
    if env:
        path = Path(env).expanduser()
        _check_file(path, " (from $BRIEFING_CONFIG)")
        return path
    user = paths.user_config_file()
    return user if user.is_file() else None


def ignored_config_here(loaded: Settings) -> Path | None:
    """A `config.toml` in the current folder that briefing would have read before it
    stopped looking there (ahead of the user config dir): a valid briefing config that
    sets something and says otherwise than the file in use (the same text, another
    tool's file or the checkout's own untouched config.toml is no concern)."""
    try:
        path = Path.cwd() / "config.toml"
        if not path.is_file() or (loaded.source is not None
                                  and path.resolve() == loaded.source):
            return None
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if not data:
            return None  # comments only: it sets nothing
        here = load_settings(path)
        if loaded.source is None or path.resolve() == paths.shipped_config():
            # Against the defaults (a copy of the shipped file sets nothing new).
            return None if dataclasses.replace(here, source=None) == Settings() else path
        if tomllib.loads(loaded.source.read_text(encoding="utf-8")) == data:
            return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ConfigError):
        return None  # unreadable, another tool's, or no current folder at all: no concern
    return path


def load_settings(explicit: Path | None = None) -> Settings:
    """Settings from the first config file found, else the built-in defaults."""
    path = find_config(explicit)
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read config: {err}") from None
    settings = _build(Settings, data, path, prefix="")
    return dataclasses.replace(settings, source=path.resolve())


def _build(cls: type, data: Any, path: Path, prefix: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: {_where(prefix.rstrip('.')) if prefix else 'the top level'} "
                          "must be a table")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls) if f.name != "source"}
    values = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown key {_where(prefix + key)}")
        values[key] = _convert(hints[key], value, path, f"{prefix}{key}")
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and f.name not in values:
            raise ConfigError(f"{path}: missing key {_where(prefix + f.name)}")
    if cls is FeedConfig:
        _check_feed_url(values.get("url"), path, prefix)
    try:
        return cls(**values)
    except ValueError as err:  # a setting's own check (see __post_init__)
        table = prefix.rstrip(".")
        where = f"[{table}]" if "[" not in table else f"{_where(table)}:"
        raise ConfigError(f"{path}: {where if table else 'top level'} {err}") from None


def _check_feed_url(url: str | None, path: Path, prefix: str) -> None:
    """A config feed is held to what `feeds add` accepts: an http(s) URL with a host
    (else every refresh would fail on it)."""
    if url is not None and not is_http_url(url.strip()):
        raise ConfigError(f"{path}: {_where(prefix.rstrip('.'))}: url {url!r} "
                          f"{why_not_http_url(url)} (`feeds add` refuses it too)")


def _where(key: str) -> str:
    """A setting's place as the user finds it in the file, counting from 1 as an editor
    does: "'fetch.timeout'", "[[feeds]] entry 6", "[[feeds]] entry 6: 'tags' item 2"."""
    def items(rest: str) -> str:
        counted = "".join(f" item {int(n) + 1}" for n in re.findall(r"\[(\d+)\]", rest))
        return f"'{rest.partition('[')[0]}'{counted}"

    match = re.fullmatch(r"(\w+)\[(\d+)\]\.?(.*)", key)
    if match is None:
        return items(key)
    entry = f"[[{match[1]}]] entry {int(match[2]) + 1}"
    return f"{entry}: {items(match[3])}" if match[3] else entry


def _convert(hint: Any, value: Any, path: Path, key: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(inner, value, path, key)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, path, f"{key}.")
    if hint is Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{path}: {_where(key)} must be a path (a non-empty string)")
        resolved = Path(value).expanduser()
        if resolved.is_absolute():
            return resolved
        try:
            return (path.parent / resolved).resolve()
        except (OSError, RuntimeError):  # a loop of links: the command using it says so
            return (path.parent / resolved).absolute()
    if origin is tuple:
        if not isinstance(value, list):
            raise ConfigError(f"{path}: {_where(key)} must be a list")
        return tuple(_convert(args[0], v, path, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {_where(key)} must be a table")
        return {str(k): _convert(args[1], v, path, f"{key}.{k}") for k, v in value.items()}
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if not math.isfinite(number) or not 0 <= number <= MAX_SECONDS:
            raise ConfigError(f"{path}: {_where(key)} must be a number from 0 to {MAX_SECONDS:.0f}, "
                              f"not {value!r}")
        return number
    if hint in (int, str, bool) and type(value) is hint:
        if hint is int and value < 0:
            raise ConfigError(f"{path}: {_where(key)} must not be negative")
        most = MAX_INTS.get(key.rsplit(".", 1)[-1], MAX_INT)
        if hint is int and value > most:
            raise ConfigError(f"{path}: {_where(key)} must be at most {most}, not {value}")
        return value
    expected = {int: "an integer", str: "a string", bool: "true or false", float: "a number"}
    raise ConfigError(f"{path}: {_where(key)} must be {expected.get(hint, hint)}, not {value!r}")
