"""What `show`, `summarize` and `digest` print of a brief, on a real database filled by
`briefing refresh` from a feed on 127.0.0.1: each point of a panel apart from the next,
every article a story's points come from credited with its link, and why an article's
page could not be read."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from briefing.render.markdown import md_escape
from tests.feedserver import Response
from tests.paths import SEED
from tests.test_cli import run
from tests.test_refresh import rss

# Two items of one feed about one event, in other words: clustered into one story whose
# brief takes its lede and why from one of them and a next step from each.
FERRY_A = ("The harbour board approved a new timetable for the island ferries on Friday, "
           "adding two late sailings on weekdays. Islanders who work in town have had no boat "
           "home after seven in the evening since the spring. The late ferries will cost the "
           "harbour board about 40,000 pounds a year. The island ferries carry about 900 "
           "passengers on a weekday.")
FERRY_B = ("The island ferries will run two late sailings on weekdays under the new timetable "
           "the harbour board approved. The first late ferries leave the town quay on Monday at "
           "nine in the evening, the harbour board said. The harbour board will review the ferry "
           "timetable in March and decide whether to keep the late sailings. Ferry crews will be "
           "paid overtime for the late sailings until new crew are hired.")


def refresh_with(tmp_path, monkeypatch, top: str, fetch: str, feed: str) -> None:
    """`briefing refresh` at 80 columns with a config of `top` keys, `[fetch]` keys and the
    one feed."""
    config = tmp_path / "config.toml"
    config.write_text(f'{top}database = "b.db"\nkeep_days = 0\n[fetch]\n{fetch}'
                      f'[[feeds]]\nurl = "{feed}"\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    monkeypatch.setenv("COLUMNS", "80")
    assert run("refresh").exit_code == 0


@pytest.fixture
def ferry(tmp_path, monkeypatch, feed_server):
    """A database refreshed from the seed and a feed (its summaries, full text off) whose
    two items make one story; returns the story's digest entry as JSON."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    feed = feed_server.add_bytes("/harbour.xml", rss("Harbour News", [
        {"title": "Ferry timetable approved", "link": feed_server.url("/a"), "guid": "a",
         "description": FERRY_A},
        {"title": "Late ferries from Monday", "link": feed_server.url("/b"), "guid": "b",
         "description": FERRY_B}]))
    refresh_with(tmp_path, monkeypatch, 'seeds = "seeds"\n', "full_text = false\n", feed)
    stories = json.loads(run("digest", "--format", "json").output)["stories"]
    (story,) = [s for s in stories if len(s["articles"]) == 2]
    return story


def section(text: str, start: str, end: str) -> str:
    """The text between the first `start` and the next `end` after it."""
    return text.split(start, 1)[1].split(end, 1)[0]


def digest_story(digest: str, words: str) -> str:
    """The story of a Markdown digest whose headline holds `words`."""
    return next(story for story in digest.split("\n## ") if words in story.split("\n")[0])


def test_several_points_of_a_panel_are_a_list_in_every_renderer(ferry):
    """Two What's next points (the story) and two Why it matters points (the seed) read
    as two marked items wherever they are printed; one point stays a line of prose."""
    assert len(ferry["brief"]["whats_next"]) == 2  # what this test is about
    first, second = ferry["brief"]["whats_next"]
    digest = run("digest").output
    story, seed_story = digest_story(digest, ferry["title"]), digest_story(digest, "Putin")
    assert f"**What's next**\n\n- {first} (" not in story  # one source: no names
    assert f"**What's next**\n\n- {first}\n- {second}\n" in story
    page = run("digest", "--format", "html").output
    nexts = section(page.split(f"{html.escape(ferry['title'])}</a></h2>")[1],
                    "<h3>What&#x27;s next</h3>", "<p class=\"meta\">")
    assert nexts == f"\n<ul><li>{html.escape(first)}</li><li>{html.escape(second)}</li></ul>\n"

    seed_id = next(row["id"] for row in json.loads(run("list", "--json").output)
                   if row["source"] == "seeds")
    why = json.loads(run("show", "--json", seed_id).output)["brief"]["why_it_matters"]
    assert len(why) == 2
    starts = [" ".join(point.split()[:6]) for point in why]
    plain = {"show": run("show", seed_id).output,
             "summarize": run("summarize", str(SEED)).output}
    for command, output in plain.items():
        assert max(len(line) for line in output.splitlines()) <= 80, command
        lines = section(output, "WHY IT MATTERS\n", "\n\n").splitlines()
        marked = [line for line in lines if line.startswith("  • ")]
        assert [line[4:].startswith(start) for line, start in zip(marked, starts,
                                                                  strict=True)] == [True] * 2
        assert all(line.startswith("    ") for line in lines if line not in marked), command
        nexts = section(output, "WHAT'S NEXT\n", "\n\n")
        assert nexts.startswith("  It remains") and "•" not in nexts, command  # one point
    markdown = run("show", "--markdown", seed_id).output
    assert section(markdown, "## Why it matters\n\n", "\n\n").splitlines() == [
        "- " + point for point in why]
    assert section(markdown, "## What's next\n\n", "\n\n").startswith("It remains")
    assert section(seed_story, "**Why it matters**\n\n", "\n\n").splitlines() == [
        "- " + point for point in why]
    # Words for an empty panel are the same paragraph in show --markdown and the digest.
    assert "**What to know**\n\n_No more to know than the lede._\n" in story


def test_every_article_a_story_draws_on_is_credited_with_its_link(ferry):
    """The story's points come from both articles of one feed: the Markdown digest
    counts one source and two articles and links both, as the HTML and JSON do."""
    drawn = {i for ids in ferry["brief"]["sources"].values() for i in ids}
    assert drawn == {a["id"] for a in ferry["articles"]}  # what this test is about
    assert ferry["sources"] == 1 and all(a["url"] for a in ferry["articles"])
    markdown = digest_story(run("digest").output, ferry["title"])
    assert "_1 source · 2 articles_" in markdown
    credits = markdown.split("Sources:", 1)[1].strip()
    assert credits == "- Harbour News: " + " · ".join(
        f"[{article['title']}](<{article['url']}>)" for article in ferry["articles"])
    page = run("digest", "--format", "html").output
    story = page.split(f"{html.escape(ferry['title'])}</a></h2>")[1]
    assert "1 source · 2 articles</p>" in story
    (credits,) = re.findall(r"<li>Harbour News: (.*?)</li>", story.split("Sources:")[1])
    assert re.findall(r'<a href="([^"]+)">', credits) == [a["url"] for a in ferry["articles"]]


def test_show_says_in_plain_words_why_the_page_could_not_be_read(tmp_path, monkeypatch,
                                                                 feed_server):
    """An article made from its feed's summary because its page failed said only "the
    page could not be read": the fetch's error is kept with it and `show` explains it."""
    summary = "The harbour board approved a new ferry timetable on Friday, the board said."
    refused = "http://127.0.0.1:9/closed"  # the discard port: nothing listens there
    feed_server.add("/slow", Response(200, b"<html>late</html>", delay=3))
    pages = {"Gone": feed_server.add("/gone", Response(404)), "Slow": feed_server.url("/slow"),
             "Refused": refused}
    feed = feed_server.add_bytes("/f.xml", rss("Harbour News", [
        {"title": title, "link": link, "guid": title, "description": f"{title}: {summary}"}
        for title, link in pages.items()]))
    refresh_with(tmp_path, monkeypatch, "", "read_timeout = 0.5\nretries = 0\n", feed)
    ids = {row["title"]: row["id"] for row in json.loads(run("list", "--json").output)}
    said = {"Gone": "the address no longer exists (HTTP 404)",
            "Slow": "the server did not answer in time",
            "Refused": "the server could not be reached (no network, the site is down, or "
                       "nothing listens at that address)"}
    for title, words in said.items():
        shown = json.loads(run("show", "--json", ids[title]).output)
        assert shown["text_origin"] == "feed" and shown["page_error"], shown
        note = run("show", ids[title]).output.split("\n\n")[0].split("\n", 2)[2]
        assert " ".join(note.split()) == (
            f"Text from the feed's summary: the page could not be read: {words}."), title
        assert all(len(line) <= 80 for line in note.splitlines())
        markdown = run("show", "--markdown", ids[title]).output.split("\n\n")
        assert markdown[2] == f"_{' '.join(note.split())}_"
    # The digests say it too, for each article made from its feed's summary.
    digest = json.loads(run("digest", "--format", "json").output)
    notes = {a["title"]: a["note"] for s in digest["stories"] for a in s["articles"]}
    for title, words in said.items():
        expected = f"Text from the feed's summary: the page could not be read: {words}"
        assert notes[title] == expected, notes
        assert md_escape(expected) in run("digest", "--format", "md").output
        assert html.escape(expected) in run("digest", "--format", "html").output
