"""The seeds folder end to end: read, clean, brief, store, re-ingest."""

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.extract.cleanup import drop_non_prose, is_not_prose
from briefing.refresh import refresh_all
from briefing.sources.seeds import SeedError, read_seed, seed_key
from briefing.store import Store
from tests.paths import DATA, SEED, corpus_file

PHOTO_CREDIT = "MIKHAIL KLIMENTYEV/SPUTNIK/AFP via Getty Images"


@pytest.fixture
def seeds(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "b.db") as store:
        yield store


def settings_for(seeds: Path, tmp_path: Path) -> Settings:
    return Settings(seeds=seeds, database=tmp_path / "b.db", feeds=())


def test_seed_brief_uses_the_authors_sections():
    doc = read_seed(SEED)
    original = SEED.read_text(encoding="utf-8")
    assert PHOTO_CREDIT in original and PHOTO_CREDIT not in doc.text
    from briefing.brief import make_brief

    brief = make_brief(doc.text)
    assert brief.method == "signposts"
    assert brief.lede == (next(line for line in original.splitlines() if line.strip()),)
    assert len(brief.why_it_matters) == 2
    assert brief.why_it_matters[0].startswith("Trump has steered the White House")
    assert "rapprochement" in brief.why_it_matters[0]
    assert all("Getty" not in p for p in brief.why_it_matters)
    assert brief.whats_next == (
        "It remains to be seen how quickly the U.S. negotiating teams will be able to secure "
        "any further progress on a ceasefire deal.",
    )
    what_to_know = original.split("What To Know\n")[1].split("What People Are Saying")[0]
    assert 3 <= len(brief.what_to_know) <= 8
    assert all(point in what_to_know for point in brief.what_to_know)
    # Offsets point at each point's words in the stored text.
    for panel, spans in brief.offsets.items():
        for point, span in zip(brief.panel(panel), spans, strict=True):
            assert span is not None and doc.text[span[0]:span[1]] == point


def test_plain_text_title_is_headline_length():
    doc = read_seed(SEED)
    assert 20 <= len(doc.title) <= 101
    assert doc.title.startswith("A face-to-face meeting between U.S. President Donald Trump")


def test_reingest_adds_nothing_and_edit_updates_in_place(seeds, tmp_path, store):
    settings = settings_for(seeds, tmp_path)
    first = refresh_all(store, settings)
    assert (first.new, first.updated, first.failures) == (1, 0, [])
    again = refresh_all(store, settings)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    assert store.articles.count() == 1
    (article_id,) = [r.id for r in store.articles.page()]

    path = seeds / SEED.name
    path.write_text(path.read_text(encoding="utf-8").replace(
        "It remains to be seen", "It is still unclear"), encoding="utf-8")
    edited = refresh_all(store, settings)
    assert (edited.new, edited.updated) == (0, 1)
    assert store.articles.count() == 1
    article = store.articles.get(article_id)
    assert article is not None and article.brief is not None
    assert article.brief.whats_next[0].startswith("It is still unclear")
    assert store.articles.search("still unclear")[0].id == article_id
    assert store.articles.search("remains to be seen") == []


def test_markdown_and_bad_files(seeds, tmp_path, store):
    (seeds / "note.md").write_text(
        "# Council approves budget\n\nThe city council approved a $2.1 billion budget on "
        "Tuesday after a long debate.\n\n**Why it matters:** Property taxes will rise 3% "
        "next year.\n\nPhoto: City Hall press office\n\n**What's next:** The mayor will sign "
        "it on Friday.\n", encoding="utf-8")
    (seeds / "empty.txt").write_text("   \n", encoding="utf-8")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (seeds / "ignored.pdf").write_bytes(b"%PDF-1.4")
    report = refresh_all(store, settings_for(seeds, tmp_path))
    assert report.new == 2
    failed = sorted(Path(f.source).name for f in report.failures)
    assert failed == ["binary.txt", "empty.txt"]
    (row,) = [r for r in store.articles.page() if r.title == "Council approves budget"]
    article = store.articles.get(row.id)
    assert article.brief.why_it_matters == ("Property taxes will rise 3% next year.",)
    assert article.brief.whats_next == ("The mayor will sign it on Friday.",)
    assert "Photo:" not in article.text


def test_missing_seeds_folder_is_a_failure_not_a_crash(tmp_path, store):
    report = refresh_all(store, settings_for(tmp_path / "nowhere", tmp_path))
    assert report.new == 0 and len(report.failures) == 1
    assert "not found" in report.failures[0].error
    again = refresh_all(store, settings_for(tmp_path / "nowhere", tmp_path))
    assert not again.failures and "not found" in again.still_failing[0].error
    (tmp_path / "nowhere").mkdir()  # back: its failure is forgotten
    back = refresh_all(store, settings_for(tmp_path / "nowhere", tmp_path))
    assert not back.failures and not back.still_failing and not store.failures.seeds()


def test_a_seed_that_crawls_is_abandoned_and_the_others_are_stored(seeds, tmp_path, store):
    """A seed gets the time limit a page gets: a Markdown file whose emphasis markers
    make the clean-up crawl cannot hold the refresh (and its lock) for minutes."""
    import dataclasses
    import time

    (seeds / "crawl.md").write_text("_xy " * 50000, encoding="utf-8")
    settings = settings_for(seeds, tmp_path)
    settings = dataclasses.replace(
        settings, fetch=dataclasses.replace(settings.fetch, parse_timeout=1.0, workers=1))
    started = time.monotonic()
    report = refresh_all(store, settings)
    assert time.monotonic() - started < 20
    assert report.new + len(report.failures) == 2 and store.articles.count() >= 1
    assert all("crawl.md" in f.source and "abandoned" in f.error for f in report.failures)


def test_read_seed_errors(tmp_path):
    with pytest.raises(SeedError, match="empty"):
        (tmp_path / "e.txt").write_text("")
        read_seed(tmp_path / "e.txt")
    with pytest.raises(SeedError):
        read_seed(tmp_path / "missing.txt")


HTML_SEEDS = ["bbc.com.52241221.html", "politico.com.retirement.html"]


@pytest.mark.parametrize("name", HTML_SEEDS)
def test_html_seeds_through_trafilatura(tmp_path, store, name):
    expected = json.loads((DATA / "pages" / "expectations.json").read_text())[name]
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(DATA / "pages" / name, folder / name)
    report = refresh_all(store, settings_for(folder, tmp_path))
    assert report.new == 1, report.failures
    (row,) = store.articles.page()
    article = store.articles.get(row.id)
    for wanted in expected["with"]:
        assert wanted in article.text
    for unwanted in expected["without"]:
        assert unwanted not in article.text
    assert article.title and article.brief is not None and article.brief.lede


@pytest.mark.parametrize(
    "line",
    ["MIKHAIL KLIMENTYEV/SPUTNIK/AFP via Getty Images", "Photo: John Smith/Reuters",
     "Advertisement", "Read more", "Sign up for our morning newsletter", "Share this article",
     "Facebook Twitter Email", "Illustration: Sarah Grillo/Axios",
     "(Credit: Clayton Aldern / Grist)", "(Reporting by Jan Strupczewski; Editing by Alex Richardson)",
     "Additional reporting by Maria Lopez in Madrid.",
     "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook.",
     "Like us on Facebook",
     "For the latest stories and breaking news updates download the Nationnews apps.",
     "We want to hear what you think about this article. Submit a letter to the editor.",
     "Submit your letter to the editor via this form.",
     "Feel free to send us your comments and/or criticisms.",
     "See omnystudio.com/listener for privacy information.", "JOHN DOE/AFP/GETTY"],
)
def test_cleanup_drops_non_prose(line):
    assert is_not_prose(line)


@pytest.mark.parametrize(
    "line",
    ["Why It Matters", "What's next: The vote is on Monday.",
     "The newsletter, which has two million readers, was sold on Monday.",
     "Watch the skies tonight, NASA said.",
     "Reuters reported that the talks had stalled.",
     "Reporting by the inspectors found no fault with the design.",
     "Follow the money, prosecutors told jurors on Tuesday.",
     "Join us at the town hall on Facebook Live on Friday, the mayor wrote.",
     "Users can download the new app from Tuesday, the ministry said.",
     "The AMD/ATI deal closed on Monday.", "The EU/UK talks resumed, officials said."],
)
def test_cleanup_keeps_prose(line):
    assert not is_not_prose(line)
    assert drop_non_prose(line) == line


@pytest.mark.parametrize(("text", "title"), [
    ("Why it matters: The harbour cranes bring 200 jobs back to the old port.\n\n"
     "The city brought three cranes back on Tuesday.",
     "The harbour cranes bring 200 jobs back to the old port"),
    ("Why It Matters\n\nThe harbour cranes bring 200 jobs back to the old port.\n\n"
     "The city brought three cranes back on Tuesday.",
     "The harbour cranes bring 200 jobs back to the old port"),
    ("The council voted on Tuesday to bring three harbour cranes back to the old port, "
     "which had been quiet for a decade since the last shipyard closed.\n\nMore text here.",
     "The council voted on Tuesday to bring three harbour cranes back to the old port"),
])
def test_a_seed_title_is_never_a_signpost_and_ends_at_a_clause(text, title):
    from briefing.extract.plaintext import read_text_document

    assert read_text_document(text.encode(), markdown=False)[0] == title


def test_a_seed_failure_is_read_again_on_refetch_by_a_newer_briefer_or_after_a_bug(
        tmp_path, store):
    """A remembered failure skips the file only while nothing could change the outcome:
    `--refetch` reads it again, and so does a newer briefer, and a failure that was a bug
    of ours ("unexpected error") is never a reason to skip it."""
    from briefing.refresh import _failure_digest
    from briefing.sources.seeds import open_seed

    folder = tmp_path / "seeds"
    folder.mkdir()
    bad = folder / "a.txt"
    bad.write_bytes(b"%PDF-1.4 not text")
    settings = settings_for(folder, tmp_path)
    reads: list[str] = []

    def progress(done: int, total: int, what: str) -> None:
        reads.append(what)

    assert len(refresh_all(store, settings).failures) == 1
    again = refresh_all(store, settings, on_progress=progress)
    assert again.still_failing and not any("seed files read" in w for w in reads)
    refetched = refresh_all(store, settings, on_progress=progress, refetch=True)
    assert "1 of 1 seed files read" in reads  # read again, and failing as before: no news
    assert not refetched.failures and refetched.still_failing

    # Readable files whose failures an earlier briefing remembered on these very bytes:
    # one under an older briefer, one a bug of ours under this one.
    bad.unlink()
    old = folder / "old.txt"
    old.write_text("A short note that reads as text.\n\nIt has two paragraphs of prose.\n")
    bug = folder / "bug.txt"
    bug.write_text("Another note that reads as text.\n\nThe council met on Tuesday.\n")
    old_seed, bug_seed = open_seed(old), open_seed(bug)
    store.failures.record_seed(old_seed.key, old_seed.digest, "a PDF, not text")
    store.failures.record_seed(bug_seed.key, _failure_digest(bug_seed.digest),
                               "unexpected error: KeyError('x')")
    report = refresh_all(store, settings)
    assert report.new == 2 and not report.still_failing and not report.failures
    assert store.failures.seeds() == {}


def test_a_binary_file_named_txt_is_said_to_be_binary_not_wordless(seeds, tmp_path, store):
    """Compressed data holds no NUL byte by chance yet is no text: the failure says so,
    in the words a PDF's gets, not "no word in the text"."""
    import zlib

    packed = zlib.compress((DATA / "pages" / "bbc.com.52241221.html").read_bytes(), 9)
    (seeds / "archive.txt").write_bytes(packed.replace(b"\x00", b""))
    (seeds / "zeros.txt").write_bytes(b"\x00\x01\x02 binary")
    report = refresh_all(store, settings_for(seeds, tmp_path))
    errors = {Path(f.source).name: f.error for f in report.failures}
    assert errors["archive.txt"] == ("a binary file, not text: briefing reads .txt, .md, "
                                     ".markdown, .html and .htm")
    assert errors["zeros.txt"] == errors["archive.txt"]
    (tmp_path / "utf16.txt").write_text("The council met on Tuesday to vote on the budget. "
                                        "It passed by two votes.", encoding="utf-16")
    assert read_seed(tmp_path / "utf16.txt").title.startswith("The council met")


def test_a_seed_still_in_the_folder_outlives_keep_days(seeds, tmp_path):
    """A seed file is the user's own document: a prune keeps it while the file is there.
    Pruned, an unchanged file came back at the next refresh as new and unread, every
    `keep_days`. Gone from the folder, it is pruned as any article."""
    from datetime import UTC, datetime, timedelta

    from briefing.clock import fixed_clock

    settings = Settings(seeds=seeds, database=tmp_path / "b.db", feeds=(), keep_days=30)
    start = datetime(2026, 1, 1, 6, tzinfo=UTC)
    with Store.open(settings.database, clock=fixed_clock(start)) as store:
        refresh_all(store, settings, seeds_only=True)
        (row,) = store.conn.execute("SELECT id, first_seen FROM articles").fetchall()
        store.stories.set_read(store.stories.story_of(row[0]))
        for days in (31, 32):  # pruned at the first, back as new at the second, before
            store.clock = fixed_clock(start + timedelta(days=days))
            refresh_all(store, settings, seeds_only=True)
        assert store.conn.execute("SELECT id, first_seen, read FROM articles").fetchall() == [
            (*row, 1)]
        # A folder missing (a disk not mounted), or empty (its mount point), for a day:
        # no seed is taken for gone.
        away = seeds.rename(seeds.with_name("away"))
        store.clock = fixed_clock(start + timedelta(days=40))
        for folder in ("missing", "empty"):
            if folder == "empty":
                seeds.mkdir()
            refresh_all(store, settings, seeds_only=True)
            assert store.conn.execute("SELECT id, read FROM articles").fetchall() == [
                (row[0], 1)], folder
        seeds.rmdir()
        away.rename(seeds)
        (seeds / SEED.name).unlink()
        (seeds / "other.txt").write_text("A seed of its own.\n\nIt stays.\n", encoding="utf-8")
        refresh_all(store, settings, seeds_only=True)
        assert store.articles.count() == 1  # the file taken out is pruned as any article


# -- a seed's own date ------------------------------------------------------------------


def ecb_rows(*clusters: str) -> list[dict]:
    """The ECB+ dev articles of `clusters` (real news texts, see the corpus's SOURCE.md)."""
    lines = corpus_file("clusters", "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if row["cluster"] in clusters]


def as_saved(row: dict, *, front_matter: bool = False) -> str:
    """An ECB+ article as a reader saves it: headline, then the date its page showed (the
    corpus keeps it as `published`; the page had it as "Published: April 23, 2013 ..."),
    then the text. Undated in the corpus, undated here."""
    body = row["text"].removeprefix(row["title"]).strip()
    if not row["published"]:
        return f"{row['title']}\n\n{body}\n"
    day = date.fromisoformat(row["published"])
    if front_matter:
        return f"---\ntitle: {row['title']}\ndate: {day.isoformat()}\n---\n\n{body}\n"
    return f"{row['title']}\n\nPublished: {day:%B} {day.day}, {day.year}\n\n{body}\n"


def test_a_text_seed_is_dated_by_its_dateline_or_front_matter(tmp_path):
    (hiring,) = [r for r in ecb_rows("ecbplus-t05-ecbplus") if r["id"] == "ecbplus-34876a5be553"]
    (tmp_path / "hiring.txt").write_text(as_saved(hiring), encoding="utf-8")
    (tmp_path / "hiring.md").write_text(as_saved(hiring, front_matter=True), encoding="utf-8")
    for name in ("hiring.txt", "hiring.md"):
        doc = read_seed(tmp_path / name)
        assert doc.published == datetime(2005, 5, 23, tzinfo=UTC), name
        assert doc.title == hiring["title"], name
        # The date line and the front matter are no prose to brief.
        assert doc.text.startswith("Philadelphia 76ers President and General Manager Billy King")
        assert "Published:" not in doc.text and "date:" not in doc.text


def test_a_date_inside_the_prose_dates_no_seed(tmp_path):
    """Dates a text names (a signing, a jersey retired in 1995) say nothing of when it was
    written: only a line that is a date alone, or labelled as the date, is taken."""
    (hiring,) = [r for r in ecb_rows("ecbplus-t05-ecbplus") if r["id"] == "ecbplus-34876a5be553"]
    body = hiring["text"].removeprefix(hiring["title"]).strip()
    sentences = body.split(". ")
    dated = next(s for s in sentences if "Feb. 6, 1995" in s or "June 27, 2001" in s)
    (tmp_path / "a.txt").write_text(f"{hiring['title']}\n\n{dated}.\n\n{body}\n", encoding="utf-8")
    doc = read_seed(tmp_path / "a.txt")
    assert doc.published is None
    assert doc.text.startswith(dated)


HIRING = ("ecbplus-34876a5be553", "ecbplus-c27906587025", "ecbplus-bf36512dd1be")
"""Three reports of the 76ers hiring Maurice Cheeks, dated 23 and 24 May 2005."""


def test_seeds_dated_years_apart_are_not_one_story(tmp_path):
    """The 76ers hired Maurice Cheeks in May 2005 and fired him in December 2008; a 6.1
    quake hit Aceh in July 2013, and the BBC wrote of an Indonesian fuel-price rise in
    2005 that names Aceh's tsunami. Words cannot tell the hiring from the firing (both
    name the 76ers, Cheeks, a coach): dates can. Saved with the date their pages showed,
    seeds keep it; the firing's reports, undated, are dated when first read, years after
    the hiring. The hiring and the fuel price come in a later refresh, when the firing's
    and the quake's stories are there to join."""
    from briefing.clock import fixed_clock
    from briefing.store.articles import article_id

    rows = ecb_rows("ecbplus-t05-ecb", "ecbplus-t05-ecbplus", "ecbplus-t37-ecbplus")
    rows = [r for r in rows if r["cluster"] != "ecbplus-t05-ecbplus" or r["id"] in HIRING]
    assert {r["published"] for r in rows if r["id"] in HIRING} == {"2005-05-23", "2005-05-24"}
    bbc = corpus_file("summaries", "dev", "bbc_news_summary_dev.jsonl")
    others = [r for r in map(json.loads, bbc.read_text(encoding="utf-8").splitlines())
              if r["category"] in ("business", "sport")]  # what a word's rarity is judged by
    assert "Aceh" in next(r["text"] for r in others if r["id"] == "business_012")
    texts = {r["id"]: as_saved(r) for r in rows}
    texts |= {r["id"]: f"{r['title']}\n\n{r['text']}\n" for r in others}
    later = {*HIRING, "business_012"}
    folder = tmp_path / "seeds"
    folder.mkdir()
    settings = settings_for(folder, tmp_path)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    with Store.open(settings.database, clock=fixed_clock(start)) as store:
        for batch in (texts.keys() - later, later):
            for name in batch:
                (folder / f"{name}.txt").write_text(texts[name], encoding="utf-8")
            refresh_all(store, settings, seeds_only=True)
            store.clock = fixed_clock(start + timedelta(days=1))
        story = {name: store.stories.story_of(article_id(seed_key(folder / f"{name}.txt")))
                 for name in texts}
    events: dict[str, list[str | None]] = {}
    for row in rows:
        events.setdefault(row["cluster"].removeprefix("ecbplus-"), []).append(story[row["id"]])
    hiring, firing, aceh = (set(events[e]) for e in ("t05-ecbplus", "t05-ecb", "t37-ecbplus"))
    assert None not in hiring | firing | aceh
    assert not hiring & firing
    assert story["business_012"] not in aceh | hiring | firing
    for members in events.values():  # each event's reports still mostly share one story
        assert max(map(members.count, members)) >= len(members) / 2


BUDGET = ("Council approves budget",
          "The city council approved next year's budget on Monday by seven votes to two, "
          "after a three-hour debate over library hours.\n\n"
          "The budget raises spending on roads by four per cent.")


@pytest.mark.parametrize("dateline", ["23 May 2005", "Published: 23 May 2005",
                                      "Monday, May 23, 2005 10:12 AM EDT"])
def test_a_seed_that_opens_with_its_date_is_dated_and_keeps_its_headline(tmp_path, dateline):
    """A saved page often opens with its date, then the headline: the date line dates the
    seed and is no headline."""
    (tmp_path / "budget.txt").write_text(f"{dateline}\n\n{BUDGET[0]}\n\n{BUDGET[1]}\n",
                                         encoding="utf-8")
    doc = read_seed(tmp_path / "budget.txt")
    assert doc.title == BUDGET[0]
    assert doc.published is not None and doc.published.date() == date(2005, 5, 23)
    assert doc.text.startswith("The city council approved")
    assert "2005" not in doc.text


@pytest.mark.parametrize("byline", ["", "By Ana Ruiz\n\n"])
def test_date_lines_after_the_first_prose_are_content(tmp_path, byline):
    """A timeline's dates are its content: only a date line at the head (title, byline,
    dateline) dates a seed and is taken out."""
    timeline = (f"Peace talks: a timeline\n\n{byline}May 5, 2005\n\n"
                "The talks began in Geneva with both delegations present.\n\n"
                "May 9, 2005\n\nThe talks ended without an agreement.\n\n"
                "June 1, 2005\n\nA second round was called for the autumn.\n")
    (tmp_path / "timeline.txt").write_text(timeline, encoding="utf-8")
    doc = read_seed(tmp_path / "timeline.txt")
    assert doc.title == "Peace talks: a timeline"
    assert doc.published == datetime(2005, 5, 5, tzinfo=UTC)
    assert doc.text.split("\n\n") == [*([byline.strip()] if byline else []),
        "The talks began in Geneva with both delegations present.",
        "May 9, 2005", "The talks ended without an agreement.",
        "June 1, 2005", "A second round was called for the autumn."]


HUGO_YAML = """---
# Front matter written by Hugo's archetype
title: "Council approves budget"
date: 2005-05-23T10:12:00+01:00
draft: false
_build:
  list: always
og.image: /img/council.jpg
tags:
  - council
  - budget
description: >
  The budget, in short: roads up,
  libraries level.
---
"""
HUGO_TOML = """+++
title = "Council approves budget"
date = 2005-05-23T10:12:00+01:00
tags = [
  "council",
  "budget",
]
[params]
  title = "Not the document's title"
  og.image = "/img/council.jpg"
+++
"""
JEKYLL = """---
layout: post
title:  "Council approves budget"
date:   2005-05-23 10:12:00 +0100
categories: [council, budget]
# a comment
---
"""


@pytest.mark.parametrize("head", [HUGO_YAML, HUGO_TOML, JEKYLL], ids=["yaml", "toml", "jekyll"])
def test_static_site_front_matter_is_read(tmp_path, head):
    """Hugo and Jekyll front matter, comments, nested blocks and tables included, gives
    the title and date and is no part of the text."""
    (tmp_path / "budget.md").write_text(f"{head}\n{BUDGET[1]}\n", encoding="utf-8")
    doc = read_seed(tmp_path / "budget.md")
    assert doc.title == BUDGET[0]
    assert doc.published == datetime(2005, 5, 23, 9, 12, tzinfo=UTC)
    assert doc.text == BUDGET[1]


@pytest.mark.parametrize("head", ["---\nSome note on the budget\n---\n",
                                  "---\nDate: whenever we meet\n---\n",
                                  "---\nNote: draft\n---\n"])
def test_rules_around_a_note_are_no_front_matter(tmp_path, head):
    """A note between two horizontal rules, or a date key that names no date, is text."""
    (tmp_path / "budget.md").write_text(f"{head}\n{BUDGET[1]}\n", encoding="utf-8")
    doc = read_seed(tmp_path / "budget.md")
    assert doc.published is None
    note = head.strip("-\n").strip()
    assert note in (doc.title, doc.text.split("\n\n")[0])  # its headline, or its text
    assert doc.text.endswith(BUDGET[1])


@pytest.mark.parametrize("head", [
    "---\nMeeting notes\nDate: 12 March 2021\nAttendees: Ann, Bob\n---\n",
    "---\nWe met in the hall and argued.\nTitle: Budget overrun discussed\n---\n"])
def test_prose_between_rules_is_kept_though_a_line_looks_like_a_key(tmp_path, head):
    """A line of prose between the rules makes them no front matter: nothing between
    them is dropped, even beside a line that reads as a title or date key."""
    (tmp_path / "budget.md").write_text(f"{head}\n{BUDGET[1]}\n", encoding="utf-8")
    doc = read_seed(tmp_path / "budget.md")
    prose = head.split("\n")[1]
    assert prose in (doc.title, doc.text.split("\n\n")[0])
    assert "Attendees: Ann, Bob" in doc.text or "Title: Budget overrun discussed" in doc.text
    assert doc.text.endswith(BUDGET[1])


@pytest.mark.parametrize("name,rules", [
    ("notes.txt", ("---", "---")), ("notes.txt", ("* * *", "=====")),
    ("notes.md", ("***", "___"))])
def test_a_rule_is_neither_the_headline_nor_text(tmp_path, name, rules):
    """A plain-text note set off by rules ("---" with no front matter under it, "* * *",
    "=====") is titled by its words: a line with no letter or digit is no headline and no
    prose to brief."""
    opening, between = rules
    (tmp_path / name).write_text(
        f"{opening}\n\nCouncil approves budget\n\n{between}\n\n{BUDGET[1]}\n", encoding="utf-8")
    doc = read_seed(tmp_path / name)
    assert doc.title == "Council approves budget"
    assert doc.text == BUDGET[1]
