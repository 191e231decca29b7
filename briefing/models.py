"""Plain data passed between the stages: sources -> extract -> brief -> store -> tui.

Everything here is a frozen dataclass with no behaviour beyond (de)serialising, so any
stage can be tested on its own with values built by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from briefing.fetch_errors import page_problem
from briefing.sanitize import clean_inline

BRIEF_VERSION = 27
"""The briefer's version, which every brief it makes carries (`Brief.version`). Bump it
whenever a change alters briefs for the same text, so stored briefs are redone (and a
seed that failed is read again)."""

NOTHING_ANNOUNCED = "Nothing announced."
"""What an empty What's next says, everywhere a brief is shown."""

SEED_KEY_PREFIX = "file:"
"""How the identity key of a seed file's article begins (its path follows)."""

SEEDS_FOLDER_KEY = "folder:"
"""How the key of the seeds folder's own failure (missing) begins (its path follows)."""
NOT_A_FOLDER = "the seeds path is a file, not a folder"
"""The seeds folder's own failure when its path names a file."""

SEEDS_SOURCE = "seeds"
"""The source a seed is credited to when it names none: a text or Markdown file, or an
.html page that names no site (one that does is credited to its site, as a feed's page
is: two outlets' pages are two sources)."""


def source_name(source: str | None, limit: int = 60) -> str:
    """How every renderer names an article's source: its stored name on one safe line,
    or "unknown source"."""
    return clean_inline(source, limit=limit) or "unknown source"


FEED_TEXT_ORIGINS = {
    "feed": "the page could not be read",
    "feed-no-article": "no article text was found in the page",
    "feed-short": "the page had less text than the feed's summary",
    "feed-full-text-off": "full text is off",
    "feed-no-link": "the item links to no web page",
    "feed-bad-link": "the item's link is not an http(s) address",
}
"""The `text_origin`s of an article made from its feed's summary, and why, as the reader
and `show` say it ("feed" also stands for databases that did not record why)."""


def from_feed(text_origin: str) -> bool:
    """Whether an article's text is its feed's summary rather than its page's."""
    return text_origin in FEED_TEXT_ORIGINS


def feed_text_note(text_origin: str, page_error: str | None = None) -> str | None:
    """ "text from the feed's summary: <why>" for an article made from its feed's text;
    a page that could not be read says why in plain words when the error was kept
    ("... the page could not be read: the address no longer exists (HTTP 404)")."""
    why = FEED_TEXT_ORIGINS.get(text_origin)
    if why and text_origin == "feed" and page_error:
        why += f": {page_problem(page_error)}"
    return f"text from the feed's summary: {why}" if why else None


@dataclass(frozen=True)
class Panel:
    """One titled part of a brief, as every renderer (terminal, Markdown, HTML, JSON,
    the reader) shows it."""

    id: str
    """The `Brief` field holding its points, and its key in JSON."""
    title: str
    empty: str
    """What the panel says when it has no points: a plain word about the article, never
    a statement about the news ("Nothing announced." belongs to What's next alone)."""
    bullets: bool = False
    """Its points are a list even when there is one (What to know); the others' one point
    reads as prose, and several as a list too (see `listed`)."""
    optional: bool = False
    """Shown only when it has points, after the others; the digest leaves it out."""
    empty_alone: str = ""
    """What it says instead of `empty` when no lede is shown under the headline (there
    is none, or it only repeated the headline); "" when `empty` serves both."""

    def listed(self, points: Sequence[str]) -> bool:
        """Whether `points` show as a list, one marked item each (a bullet, a Markdown or
        HTML list item): always for a list panel, and for any panel with several points,
        which run together as one paragraph otherwise."""
        return self.bullets or len(points) > 1

    def empty_text(self, *, lede_shown: bool) -> str:
        """The wording when the panel has no points, under a lede or under the headline
        alone."""
        return self.empty if lede_shown or not self.empty_alone else self.empty_alone


BRIEF_PANELS: tuple[Panel, ...] = (
    Panel("why_it_matters", "Why it matters", "The article does not say."),
    Panel("what_to_know", "What to know", "No more to know than the lede.", bullets=True,
          empty_alone="No more to know than the headline."),
    Panel("whats_next", "What's next", NOTHING_ANNOUNCED),
    Panel("what_people_are_saying", "What people are saying", "No one is quoted.",
          optional=True),
)
"""The titled panels of a brief, in reading order: the one declaration every renderer
iterates. A new panel is a `Panel` here and a field of the same name on `Brief`."""

LEDE_TITLE = "What happened"

PANELS = ("lede", *(panel.id for panel in BRIEF_PANELS))
"""The parts of a brief, in reading order: the lede, then the titled panels."""

PANEL_TITLES = {"lede": LEDE_TITLE, **{panel.id: panel.title for panel in BRIEF_PANELS}}


@dataclass(frozen=True)
class Document:
    """One article's clean text and metadata, ready to brief and store.

    `text` is plain prose, paragraphs separated by a blank line; every offset in a
    `Brief` points into it. `key` is the stable identity (canonical URL, or
    ``file:`` + path for a local document).
    """

    key: str
    title: str
    text: str
    url: str | None = None
    path: str | None = None
    guid: str | None = None
    author: str | None = None
    published: datetime | None = None
    site: str | None = None
    language: str | None = None
    text_origin: str = "file"
    """Where the text came from: "file" (a seed), "page" (the fetched article) or one of
    `FEED_TEXT_ORIGINS` (the feed's own summary, and why)."""
    page_error: str | None = None
    """For text from the feed because its page could not be read ("feed"): the fetch's
    error ("HTTP 404", "timeout", "connection failed: ...")."""
    digest: str | None = None
    """A digest of the bytes the document was read from, when they alone decide its
    content (a seed file): unchanged bytes are an unchanged document, skipped before
    they are read again (`briefing.store.articles.content_hash`)."""


@dataclass(frozen=True)
class Citation:
    """A source sentence a point was checked against: its article and its span there."""

    article_id: str
    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article_id, "start": self.start, "end": self.end,
                "sentence": self.sentence}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return cls(str(data["article"]), int(data["start"]), int(data["end"]),
                   str(data.get("sentence") or ""))


@dataclass(frozen=True)
class Brief:
    """The three-panel brief of one article (or, later, one story).

    Each panel is a tuple of sentences or points. `offsets` maps a panel name to one
    (start, end) character span per point in the source text, or None where a point
    has no single source span (for instance, a condensed signposted section).
    """

    lede: tuple[str, ...] = ()
    why_it_matters: tuple[str, ...] = ()
    what_to_know: tuple[str, ...] = ()
    whats_next: tuple[str, ...] = ()
    what_people_are_saying: tuple[str, ...] = ()
    method: str = "signposts"
    version: int = 1
    offsets: dict[str, tuple[tuple[int, int] | None, ...]] = field(default_factory=dict)
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For a story's brief: panel -> the id of the article each point came from."""
    methods: dict[str, str] = field(default_factory=dict)
    """Which engine made each panel, where engines were mixed (a language-model brief
    whose panel fell back to the extractive one): panel -> method."""
    cites: dict[str, tuple[tuple[Citation, ...], ...]] = field(default_factory=dict)
    """For points written by a language model: panel -> each point's cited sentences."""

    def panel(self, name: str) -> tuple[str, ...]:
        return getattr(self, name)

    @property
    def is_empty(self) -> bool:
        return not any(self.panel(name) for name in PANELS)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: list(self.panel(name)) for name in PANELS}
        data["method"] = self.method
        data["version"] = self.version
        data["offsets"] = {
            name: [list(span) if span else None for span in spans]
            for name, spans in self.offsets.items()
        }
        if self.sources:
            data["sources"] = {name: list(ids) for name, ids in self.sources.items()}
        if self.methods:
            data["methods"] = dict(self.methods)
        if self.cites:
            data["cites"] = {name: [[c.to_dict() for c in point] for point in points]
                             for name, points in self.cites.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        offsets = {
            name: tuple(tuple(span) if span else None for span in spans)
            for name, spans in (data.get("offsets") or {}).items()
        }
        return cls(
            **{name: tuple(data.get(name) or ()) for name in PANELS},
            method=data.get("method", "signposts"),
            version=int(data.get("version", 1)),
            offsets=offsets,
            sources={name: tuple(ids) for name, ids in (data.get("sources") or {}).items()},
            methods={str(k): str(v) for k, v in (data.get("methods") or {}).items()},
            cites={name: tuple(tuple(Citation.from_dict(c) for c in point) for point in points)
                   for name, points in (data.get("cites") or {}).items()},
        )


@dataclass(frozen=True)
class StoredArticle:
    """An article as the store returns it, with its brief."""

    id: str
    key: str
    title: str
    text: str
    url: str | None
    source: str | None
    published: datetime | None
    first_seen: datetime
    text_origin: str
    brief: Brief | None
    read: bool = False
    starred: bool = False
    author: str | None = None
    updated: datetime | None = None
    """When the stored text last changed (a seed: when its file's new bytes were read)."""
    page_error: str | None = None
    """Why its page could not be read, when its text is the feed's for that reason
    (`Document.page_error`; None in databases that did not record it)."""


@dataclass(frozen=True)
class IngestResult:
    """What storing one document did: "new", "updated" or "unchanged"."""

    article_id: str
    outcome: str


@dataclass(frozen=True)
class SourceFailure:
    """One source (a feed, a page, a seed file) that could not be read, and why."""

    source: str
    error: str
    kind: str = "feed"
    """"feed" (the feeds screen explains it) or "seed" (a file or folder of seeds)."""
    since: datetime | None = None
    """For a failure already known: when it began (see `RefreshReport.still_failing`)."""
    folder: bool = False
    """The seeds folder itself is missing (kind "seed"): no file in it is counted."""


@dataclass
class RefreshReport:
    """What a refresh did, for the CLI summary, `--json` and the TUI."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[SourceFailure] = field(default_factory=list)
    """New failures: a source that worked last time, or fails in another way."""
    still_failing: list[SourceFailure] = field(default_factory=list)
    """Sources failing as at the last refresh, with the same reason (and for a seed, the
    same bytes): shown, but not news (the refresh exits 0 for them)."""
    feeds: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def after(self, earlier: RefreshReport) -> RefreshReport:
        """This refresh's report counting an earlier pass of the same run too (a first
        run's seeds, stored before the reader opened): its new and updated articles, and
        its failures, which this pass finds still failing."""
        failed = {(f.kind, f.source) for f in earlier.failures}
        return RefreshReport(
            new=earlier.new + self.new, updated=earlier.updated + self.updated,
            unchanged=self.unchanged,
            failures=[*self.failures,
                      *(f for f in self.still_failing if (f.kind, f.source) in failed)],
            still_failing=[f for f in self.still_failing if (f.kind, f.source) not in failed],
            feeds=self.feeds, seconds=earlier.seconds + self.seconds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": len(self.failures),
            "failures": [{"source": f.source, "error": f.error, "kind": f.kind}
                         for f in self.failures],
            "still_failing": [{"source": f.source, "error": f.error, "kind": f.kind,
                               "since": f.since.isoformat() if f.since else None}
                              for f in self.still_failing],
            "feeds": self.feeds,
            "seconds": round(self.seconds, 3),
        }
