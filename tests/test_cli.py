"""The command line: every command's output and exit code, on a real database."""

import json
import os
import shutil
import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.store import Store
from tests.paths import REPO, SEED


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A config with a seeds folder holding the shipped seed, and no feeds."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    config = tmp_path / "config.toml"
    config.write_text('seeds = "seeds"\ndatabase = "data/b.db"\nfeeds = []\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def stored_id(env) -> str:
    return json.loads(run("list", "--json").output)[0]["id"]


def test_summarize_json_prints_the_seed_brief():
    result = run("summarize", str(SEED), "--json")
    assert result.exit_code == 0
    (line,) = result.output.strip().splitlines()
    data = json.loads(line)
    assert data["path"] == str(SEED)
    assert data["title"].startswith("A face-to-face meeting")
    brief = data["brief"]
    assert brief["method"] == "signposts"
    assert brief["whats_next"][0].startswith("It remains to be seen")
    assert len(brief["why_it_matters"]) == 2
    assert set(brief) >= {"lede", "why_it_matters", "what_to_know", "whats_next", "method"}


def test_summarize_stdin_and_missing_file(env):
    text = SEED.read_text(encoding="utf-8")
    result = run("summarize", "-", input=text.encode())
    assert result.exit_code == 0
    assert "WHY IT MATTERS" in result.output and "WHAT'S NEXT" in result.output
    missing = run("summarize", "nope.txt")
    assert missing.exit_code == 1
    assert "nope.txt" in missing.output


def test_summarize_a_text_that_is_only_its_title_shows_the_line_once(env):
    result = run("summarize", "-", input=b"hello world\n")
    assert result.exit_code == 0
    assert result.output.count("hello world") == 1
    assert result.output.startswith("hello world\n\nWHY IT MATTERS")
    # A real article's headline (here its first sentence whole: the title is cut from it).
    seed = run("summarize", str(SEED))
    lede = json.loads(run("summarize", str(SEED), "--json").output)["brief"]["lede"]
    assert " ".join(seed.output.split()).startswith(lede[0])


def test_summarize_names_a_file_that_is_no_text(env):
    """A PDF opens with a line of text; it is refused by what it is, not briefed."""
    pdf = env / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    result = run("summarize", str(pdf))
    assert result.exit_code == 1 and "a PDF, not text" in result.output
    assert "WHY IT MATTERS" not in result.output


def test_refresh_then_show_from_the_store(env):
    result = run("refresh", "--seeds-only")
    assert result.exit_code == 0
    assert "1 new" in result.output
    assert (env / "data" / "b.db").exists()
    article_id = stored_id(env)
    shown = json.loads(run("show", article_id, "--json").output)
    assert set(shown) >= {"id", "title", "url", "source", "published", "brief", "text"}
    assert shown["id"] == article_id and shown["published"] is None
    assert shown["brief"]["whats_next"][0].startswith("It remains to be seen")
    assert "Getty" not in shown["text"]
    again = run("refresh", "--seeds-only")
    assert "0 new articles, 0 updated, 1 unchanged;" in again.output


def test_show_text_markdown_and_errors(env):
    run("refresh", "--seeds-only")
    article_id = stored_id(env)
    text = run("show", article_id[:8])
    assert text.exit_code == 0
    for title in ("WHY IT MATTERS", "WHAT TO KNOW", "WHAT'S NEXT"):
        assert title in text.output
    markdown = run("show", article_id, "--markdown").output
    assert markdown.startswith("# ") and "## Why it matters" in markdown
    assert "- " in markdown.split("## What to know")[1]
    missing = run("show", "does-not-exist")
    assert missing.exit_code == 2 and "no article" in missing.output  # bad usage
    short = run("show", article_id[:2])
    assert short.exit_code == 2 and "at least the first 4 characters" in short.output
    both = run("show", article_id, "--json", "--markdown")
    assert both.exit_code == 2


def meta_line(shown: str) -> str:
    """The line `show` prints under the headline (which may wrap): before the blank line."""
    return shown.split("\n\n", 1)[0].splitlines()[-1]


def test_show_names_a_seeds_file_and_its_date(env):
    """A seed has no web address: `show` gives its file (in the seeds folder) and the
    date its text was read, where a web article gives its URL and publication date."""
    run("refresh", "--seeds-only")
    article_id = stored_id(env)
    with sqlite3.connect(env / "data" / "b.db") as db:
        (updated,) = db.execute("SELECT updated FROM articles WHERE id = ?",
                                [article_id]).fetchone()
    when = datetime.fromisoformat(updated).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    meta = meta_line(run("show", article_id).output)
    assert meta == f"seeds · file {SEED.name}, read {when}", meta
    shown = json.loads(run("show", article_id, "--json").output)
    assert shown["file"] == SEED.name and shown["url"] is None
    # A seeds folder configured elsewhere since: the file by its full path.
    (env / "config.toml").write_text('seeds = "other"\ndatabase = "data/b.db"\nfeeds = []\n',
                                     encoding="utf-8")
    meta = meta_line(run("show", article_id).output)
    assert f"file {(env / 'seeds' / SEED.name).resolve()}, read {when}" in meta, meta


def test_list_and_search(env):
    missing = CliRunner().invoke(main, ["list"])
    assert missing.exit_code == 1 and "no database at" in missing.output
    Store.open(env / "data" / "b.db").close()  # a database with no stories in it
    empty = run("list")
    assert empty.exit_code == 0 and "No stories yet" in empty.output
    run("refresh", "--seeds-only")
    listed = json.loads(run("list", "--json").output)
    assert len(listed) == 1
    assert set(listed[0]) == {"id", "title", "source", "published", "method"}
    assert "A face-to-face meeting" in run("list").output
    found = json.loads(run("search", "Kremlin", "--json").output)
    assert [f["id"] for f in found] == [listed[0]["id"]]
    stray = run("search", 'Kremlin "', "--json")
    assert stray.exit_code == 0 and json.loads(stray.output)[0]["id"] == listed[0]["id"]
    assert json.loads(run("search", "zebra", "--json").output) == []


def test_feeds_list_without_a_database_lists_the_configs_feeds_and_makes_none(env):
    """Listing only reads, as `list` and `export-opml` do: no database is made."""
    (env / "config.toml").write_text('seeds = "seeds"\ndatabase = "data/b.db"\n[[feeds]]\n'
                                     'url = "http://127.0.0.1:9/a.xml"\nname = "A"\n',
                                     encoding="utf-8")
    listed = run("feeds", "list")
    assert listed.exit_code == 0, listed.output
    assert listed.output == ("   -  A  (config)\n      http://127.0.0.1:9/a.xml\n      new, "
                             "no database yet: `briefing refresh` fetches it\n")
    as_json = json.loads(run("feeds", "list", "--json").output)
    assert [(f["id"], f["url"], f["origin"]) for f in as_json] == [
        (None, "http://127.0.0.1:9/a.xml", "config")]
    assert not (env / "data").exists()


def test_a_database_path_under_a_file_names_the_file(env):
    """A database path no file can be made at is the setting's problem: exit 2, as for
    a path that is a directory."""
    seed = env / "seeds" / SEED.name
    for where in (seed / "x.db", seed / "deeper" / "x.db"):
        done = run("--db", str(where), "refresh", "--seeds-only")
        assert done.exit_code == 2
        assert f"cannot create the database: {seed} is a file, not a folder" in done.output
    done = run("--db", "/proc/no-such-folder/x.db", "refresh", "--seeds-only")
    assert done.exit_code == 2
    assert "cannot create the database: No such file or directory" in done.output


def test_every_command_refuses_a_database_path_no_file_can_be_at_as_refresh_does(env):
    """Under a file, a name too long, a loop of links: the setting is wrong (exit 2, as
    `refresh` says it), not the database missing (exit 1, "no database at")."""
    seed = env / "seeds" / SEED.name
    (env / "loop1").symlink_to(env / "loop2")
    (env / "loop2").symlink_to(env / "loop1")
    cases = ((seed / "x.db", f"{seed} is a file, not a folder"),
             (seed / "deeper" / "x.db", f"{seed} is a file, not a folder"),
             (env / ("a" * 300) / "x.db", "file name too long"),
             # The file system takes the name, but not with SQLite's "-journal" added.
             (env / ("e" * 250 + ".db"), "file name too long"),
             (env / "loop1" / "x.db", "too many levels of symbolic links"))
    commands = (["list"], ["stories"], ["search", "x"], ["show", "abcd"], ["digest"],
                ["feeds", "list"], ["feeds", "check"], ["export-opml"], ["rebrief"],
                # before any fetch: the address is never tried (it had been, then exit 2)
                ["feeds", "check", "http://127.0.0.1:9/feed.xml"])
    for where, why in cases:
        done = run("--db", str(where), "refresh", "--seeds-only")
        assert done.exit_code == 2, done.output
        assert f"cannot create the database: {why}" in done.output
        assert not os.path.exists(where)  # no empty file left to break the next command
        for command in commands:
            result = CliRunner().invoke(main, ["--db", str(where), *command])
            assert result.exit_code == 2, (where, command, result.output)
            assert f"no database can be there: {why}; check --db" in result.output, command
            assert "FAILED" not in result.output, command
    assert run("--db", str(seed / "x.db"), "summarize", str(SEED)).exit_code == 0  # no database

    # The reader itself (no command), and a relative `database` in the config through
    # the loop: resolving it had raised a traceback for every command, summarize too.
    reader = CliRunner().invoke(main, ["--db", str(env / ("a" * 300) / "x.db")])
    assert reader.exit_code == 2 and "file name too long" in reader.output, reader.output
    (env / "config.toml").write_text('seeds = "seeds"\ndatabase = "loop1/b.db"\nfeeds = []\n',
                                     encoding="utf-8")
    looped = CliRunner().invoke(main, ["list"])
    assert looped.exit_code == 2 and "too many levels of symbolic links" in looped.output
    assert run("summarize", str(SEED)).exit_code == 0


def test_refresh_reports_failures_with_exit_1(env):
    (env / "seeds" / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["refresh", "--seeds-only"])
    assert result.exit_code == 1
    assert "empty.txt" in result.output


def test_empty_seeds_folder(env):
    (env / "seeds" / SEED.name).unlink()
    result = run("refresh", "--seeds-only")
    assert result.exit_code == 0 and "0 new" in result.output


def test_bad_config_exits_2_with_one_line(env):
    (env / "config.toml").write_text("colour = 'blue'\n")
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "unknown key 'colour'" in result.output and "config.toml" in result.output
    assert "Traceback" not in result.output


def test_db_option_overrides_config(env):
    result = run("--db", str(env / "other.db"), "refresh", "--seeds-only")
    assert result.exit_code == 0
    assert (env / "other.db").exists() and not (env / "data" / "b.db").exists()


def test_every_command_has_help():
    def walk(group, prefix=()):
        for name, command in group.commands.items():
            yield (*prefix, name), command
            if hasattr(command, "commands"):
                yield from walk(command, (*prefix, name))

    for path, command in walk(main):
        assert command.help, f"{' '.join(path)} has no help text"
        result = run(*path, "--help")
        assert result.exit_code == 0, path


def test_readme_documents_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"briefing {name}" in readme, name


@pytest.mark.parametrize(("config", "message"), [
    ('[keymap]\nrefrsh = "f5"\n', "unknown key 'keymap.refrsh': not a binding id; "
     "did you mean 'refresh'? the ids are: "),
    ('[keymap]\nzzz = "f5"\n', "unknown key 'keymap.zzz': not a binding id; the ids are: "),
    ('[keymap]\nrefresh = "q"\n', "'keymap.refresh' = 'q' takes the key of 'quit'"),
    ('[keymap]\nfeeds = "j"\n', "'keymap.feeds' = 'j' takes the key of 'next-story'"),
    ('[tui]\ntheme = "nope"\n', "'tui.theme' = 'nope' is not a Textual theme"),
])
def test_a_keymap_or_theme_the_reader_cannot_honour_stops_with_one_line(env, config, message):
    path = env / "config.toml"
    path.write_text(path.read_text() + config, encoding="utf-8")
    result = CliRunner().invoke(main, [])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], result.output
    assert not (env / "data" / "b.db").exists()  # nothing was created
    if "the ids are" in message:  # the reader does not start: every id is in the line
        assert all(name in lines[0] for name in ("next-story", "reader-down", "quit"))


def test_a_keymap_that_moves_a_binding_away_from_its_key_is_accepted():
    from briefing.config import Settings
    from briefing.tui.keymap import check_tui_settings

    check_tui_settings(Settings(keymap={"toggle-read": "s", "star": "S"}))
    check_tui_settings(Settings(keymap={"refresh": "f5", "star": "S"}))


def test_output_cut_short_by_a_closed_pipe_is_no_error(env):
    import os
    import subprocess
    import sys

    assert run("refresh", "--seeds-only").exit_code == 0
    read, write = os.pipe()
    os.close(read)  # like `| head -1` once it has its line: nobody reads any more
    done = subprocess.run([sys.executable, "-m", "briefing", "search", "the"], stdout=write,
                          stderr=subprocess.PIPE, cwd=env, env=os.environ, timeout=60)
    os.close(write)
    assert done.stderr.decode() == "" and done.returncode == 0


def test_reading_commands_never_create_a_database_at_a_mistyped_path(env, tmp_path):
    missing = tmp_path / "typo" / "b.db"
    for command in (["list"], ["show", "abcd"], ["search", "x"], ["stories"], ["digest"],
                    ["rebrief"], ["prompt", "abcd"], ["feeds", "remove", "3"]):
        result = CliRunner().invoke(main, ["--db", str(missing), *command])
        assert result.exit_code == 1, (command, result.output)
        assert f"no database at {missing}" in result.output, command
    exported = CliRunner().invoke(main, ["--db", str(missing), "export-opml"])
    assert exported.exit_code == 0 and "<opml" in exported.output  # the config's feeds
    assert not (tmp_path / "typo").exists()


def test_arguments_that_cannot_mean_anything_are_usage_errors(env):
    run("refresh", "--seeds-only")
    for args, says in ((["--date", "2026-01-01", "list"], "--date opens the reader"),
                       (["digest", "--since", "0h"], "at least 1h"),
                       (["search", ""], "give words to search for"),
                       (["search", "   "], "give words to search for")):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and says in result.output, (args, result.output)


def test_a_seed_that_keeps_failing_unchanged_is_no_new_failure(env):
    # Cron mails whenever refresh exits 1: an unreadable file left in seeds/ must not
    # fail every day, yet stays named; a change to it is news again.
    bad = env / "seeds" / "report.txt"
    bad.write_bytes(b"%PDF-1.4 not text")
    first = run("refresh", "--seeds-only", "--quiet")
    assert first.exit_code == 1 and "1 failed (" in first.output and "report.txt" in first.output
    second = run("refresh", "--seeds-only", "--quiet")
    assert second.exit_code == 0, second.output
    assert "0 failed, 1 still failing (" in second.output and "a PDF" in second.output
    still = json.loads(run("refresh", "--seeds-only", "--json").output)["still_failing"]
    assert still[0]["source"].endswith("report.txt") and still[0]["since"]
    listed = run("feeds", "list").output
    assert "report.txt" in listed and "failing since" in listed
    bad.write_bytes(b"")  # another failure: loud again
    third = run("refresh", "--seeds-only", "--quiet")
    assert third.exit_code == 1 and "the file is empty" in third.output
    bad.write_text("A short note that reads as text.\n\nIt has two paragraphs of prose.\n")
    fixed = run("refresh", "--seeds-only", "--quiet")
    assert fixed.exit_code == 0 and "still failing" not in fixed.output
    assert "report.txt" not in run("feeds", "list").output


def test_show_markdown_has_the_line_plain_show_prints_under_the_title(env):
    """Source, date and URL: `show --markdown` used to leave the date out."""
    import sqlite3

    run("refresh", "--seeds-only")
    article_id = stored_id(env)
    with sqlite3.connect(env / "data" / "b.db") as conn:
        conn.execute("UPDATE articles SET published = '2026-03-02T09:30:00+00:00', "
                     "url = 'https://example.org/a'")
    plain = run("show", article_id).output
    markdown = run("show", article_id, "--markdown").output.splitlines()
    line = f"seeds · 2026-03-02 09:30 UTC · https://example.org/a · file {SEED.name}"
    assert meta_line(plain) == line
    assert markdown[2] == line.replace("_", "\\_")  # Markdown's escape


@pytest.mark.parametrize("address", ["http://127.0.0.1:9/page.html", "https://example.org/",
                                     "file:///etc/hostname"])
def test_summarize_says_it_reads_local_files_when_given_an_address(env, address):
    """Not "No such file or directory": a usage error, before any file is read."""
    result = run("summarize", str(SEED), address)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"briefing: {address}: summarize reads local files only (or `-` for standard "
        "input); save the page first, or subscribe to its feed with `briefing feeds add`")


def test_search_lists_the_newest_of_equal_matches_and_says_when_more_match(env):
    """Equal matches (the same words) come newest first, and a cut list says so."""
    from datetime import UTC, datetime, timedelta

    from briefing.brief import make_brief
    from briefing.models import Document
    from briefing.store import Store

    start = datetime(2026, 3, 1, tzinfo=UTC)
    with Store.open(env / "data" / "b.db") as store:
        for n in (3, 0, 4, 1, 2):  # stored out of order
            text = "The markets closed higher on Friday after a quiet week of trading."
            store.articles.ingest(Document(key=f"https://example.org/m{n}", title="Markets close",
                                           text=text, url=f"https://example.org/m{n}", site="Site",
                                           published=start + timedelta(days=n), text_origin="page"),
                                  make_brief(text), source="Site", now=start)
    found = CliRunner().invoke(main, ["search", "markets", "--json", "--limit", "3"])
    days = [row["published"][:10] for row in json.loads(found.stdout)]
    assert days == ["2026-03-05", "2026-03-04", "2026-03-03"]
    assert "more match than the 3 best shown: use --limit" in found.stderr
    every = CliRunner().invoke(main, ["search", "markets", "--limit", "5"])
    assert len(every.stdout.splitlines()) == 5 and every.stderr == ""


def test_a_title_only_article_shows_its_line_once_wherever_it_is_shown(env):
    """A seed whose only line is its headline: `show`, `show --markdown` and the digest
    print that line once, as `summarize` does, and a real article keeps its lede."""
    title = "Ferry service between the islands resumes on Monday"
    (env / "seeds" / "ferry.txt").write_text(title + "\n", encoding="utf-8")
    assert run("refresh").exit_code == 0
    rows = json.loads(run("list", "--json").output)
    ferry = next(row["id"] for row in rows if row["title"] == title)
    seed = next(row for row in rows if row["title"] != title)
    assert run("show", ferry).output.count(title) == 1
    assert run("show", "--markdown", ferry).output.count(title) == 1
    # In the digest the headline is followed by the panels; the file is credited to seeds.
    digest = run("digest").output
    assert f"{title}\n\n_1 source_\n\n**Why it matters**" in digest
    page = run("digest", "--format", "html").output
    assert f"<p>{title}</p>" not in page and page.count(title) == 2  # contents, h2
    lede = json.loads(run("show", "--json", seed["id"]).output)["brief"]["lede"][0]
    assert lede in run("show", seed["id"]).output.replace("\n", " ")
    assert lede in digest.replace("\n", " ")


def test_what_to_know_under_a_headline_alone_points_at_the_headline(env):
    """A one-line seed shows no lede (it only repeated the headline): an empty What to
    know says there is no more than the headline, not than a lede no one sees."""
    title = "Ferry service between the islands resumes on Monday"
    ferry_file = env / "seeds" / "ferry.txt"
    ferry_file.write_text(title + "\n", encoding="utf-8")
    assert run("refresh").exit_code == 0
    rows = json.loads(run("list", "--json").output)
    ferry = next(row["id"] for row in rows if row["title"] == title)
    said = {"summarize": run("summarize", str(ferry_file)).output,
            "show": run("show", ferry).output,
            "show --markdown": run("show", "--markdown", ferry).output,
            "digest": run("digest").output.split(title, 1)[1],
            "digest html": run("digest", "--format", "html").output.split(title, 2)[2]}
    for command, output in said.items():
        assert "No more to know than the headline." in output, command
        assert "than the lede" not in output.split("Sources")[0], command


def test_the_json_digest_credits_a_seed_file_as_the_text_digest_does(env):
    """A local file is credited to "seeds" in the JSON digest, the name the Markdown
    digest's source line gives it."""
    (env / "seeds" / "ferry.md").write_text(
        "# Ferry service resumes between the islands\n\nThe ferry between the two islands "
        "runs again from Monday after repairs to the pier, the operator said.\n",
        encoding="utf-8")
    assert run("refresh").exit_code == 0
    stories = json.loads(run("digest", "--format", "json").output)["stories"]
    articles = [article for story in stories for article in story["articles"]]
    assert len(articles) == 2
    credits = [line.removeprefix("Sources: ") for line in run("digest").output.splitlines()
               if line.startswith("Sources: ")]
    assert sorted(article["source"] for article in articles) == sorted(credits)
    assert credits == ["seeds", "seeds"]


def test_an_html_seed_is_credited_to_its_site_and_a_text_seed_to_seeds(env):
    """Every renderer names a seed's source through one function: a page saved from an
    outlet is that outlet's (two outlets' pages, two sources), a text file is "seeds";
    the digest no longer credits a seed by its title."""
    from briefing.store import Store

    for name in ("bbc.com.52241221.html", "politico.com.retirement.html"):
        shutil.copy(REPO / "tests" / "data" / "pages" / name, env / "seeds")
    assert run("refresh").exit_code == 0
    rows = json.loads(run("list", "--json").output)
    # The pages' own dates are years old: a digest reaching back far enough holds them.
    digest = json.loads(run("digest", "--format", "json", "--since", "5000w").output)["stories"]
    with Store.open(env / "data" / "b.db") as store:
        filters = sorted(name for name, _ in store.articles.sources())
    said = {"list": sorted({row["source"] for row in rows}),
            "show": sorted({next(line for line in run("show", row["id"]).output.splitlines()
                                 if " · file " in line).split(" · ")[0] for row in rows}),
            "digest": sorted({a["source"] for story in digest for a in story["articles"]}),
            "filter": filters}
    sources = ["BBC News", "POLITICO", "seeds"]
    assert said == {"list": sources, "show": sources, "digest": sources, "filter": sources}
    titles = {a["title"] for story in digest for a in story["articles"]}
    assert not titles & {a["source"] for story in digest for a in story["articles"]}


def test_a_title_cut_from_the_first_sentence_gives_way_to_the_sentence_once(env):
    """The shipped seed's title is its first sentence cut with "…": `summarize`, `show`,
    `show --markdown` and the digest print that sentence once, whole, as the headline
    (the reader's rule), never the cut title and then the same sentence as the lede."""
    from briefing.render.headline import made_from

    assert run("refresh").exit_code == 0
    (row,) = json.loads(run("list", "--json").output)
    shown = json.loads(run("show", "--json", row["id"]).output)
    title, first = shown["title"], shown["brief"]["lede"][0]
    assert title.endswith("…") and made_from(title, first)  # what this test is about
    said = {"summarize": run("summarize", str(env / "seeds" / SEED.name)).output,
            "show": run("show", row["id"]).output,
            "show --markdown": run("show", "--markdown", row["id"]).output,
            "digest": run("digest").output}
    for command, output in said.items():
        flat = " ".join(output.split())
        assert flat.count(" ".join(first.split())) == 1, (command, output)
        assert flat.count("will happen") == 1, (command, output)
        assert title not in output.split("Sources: ")[0], (command, output)


def test_a_digest_of_several_days_is_titled_by_the_days_it_spans(env):
    """`digest --since 72h` was headed "Briefing for" today alone, in Markdown, HTML and
    JSON; a day's digest (the default 24 hours) still is."""
    from briefing.clock import fixed_clock

    clock = {"clock": fixed_clock(datetime(2026, 12, 6, 18, tzinfo=UTC))}

    def digest(*args: str) -> str:
        return CliRunner().invoke(main, ["digest", *args], obj=clock).output

    assert CliRunner().invoke(main, ["refresh", "--quiet"], obj=clock).exit_code == 0
    assert digest().startswith("# Briefing for Sunday 06 December 2026\n")
    days = "Briefing for Thursday 03 December to Sunday 06 December 2026"
    assert digest("--since", "72h").startswith(f"# {days}\n")
    assert f"<title>{days}</title>" in digest("--since", "3d", "--format", "html")
    assert json.loads(digest("--since", "72h", "--format", "json"))["title"] == days
    assert "Sunday 22 November to Sunday 06 December 2026" in digest("--since", "2w")
    assert "Monday 11 March 2024 to Sunday 06 December 2026" in digest("--since", "1000d")


@pytest.mark.parametrize(("url", "why"), [
    ("http://[::1", "has an IPv6 address without its closing ']'"),
    ("http://[::1]x/", "has text after its IPv6 address"),
    ("http://[::1]:99999/", "has an invalid port '99999'"),
])
def test_a_malformed_address_is_refused_in_words_by_every_feeds_command(env, url, why):
    # A user's mistyped IPv6 address: urllib refuses it with a ValueError that had reached
    # the terminal as a traceback, and "[::1]x" had been stored as "[::1]".
    run("refresh", "--seeds-only")
    for command in (["feeds", "add", url], ["feeds", "add", "--no-check", url],
                    ["feeds", "check", url]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, (command, result.output)
        assert why in result.output and "Traceback" not in result.output
    removed = CliRunner().invoke(main, ["feeds", "remove", url])
    assert removed.exit_code == 2 and "no feed" in removed.output
    assert json.loads(run("feeds", "list", "--json").output) == []


def test_a_malformed_address_in_the_config_is_a_config_error(env):
    (env / "config.toml").write_text('seeds = "seeds"\ndatabase = "data/b.db"\n'
                                     '[[feeds]]\nurl = "http://[::1"\n', encoding="utf-8")
    for command in (["list"], ["feeds", "list"], ["refresh"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, (command, result.output)
        assert "without its closing ']'" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_list_and_stories_say_on_stderr_when_more_are_stored_than_shown(env):
    # A user's `briefing list` stopped at 30 rows and said nothing, where `search` says so.
    (env / "seeds" / "harbour.txt").write_text(
        "Harbour cranes stand idle as dock workers strike\n\nDock workers at the city's "
        "harbour walked out on Monday over pay, leaving cranes idle and ships waiting "
        "offshore. The union said the strike would last a week.\n", encoding="utf-8")
    run("refresh", "--seeds-only")
    for command, said in ((["list"], "more stored than the 1 newest shown"),
                          (["stories"], "more stories than the 1 newest shown")):
        cut = run(*command, "--limit", "1")
        assert cut.exit_code == 0 and said in cut.stderr and said not in cut.stdout
        as_json = run(*command, "--limit", "1", "--json")
        assert len(json.loads(as_json.stdout)) == 1 and said in as_json.stderr
        whole = run(*command, "--limit", "2")
        assert whole.stderr == "" and len(json.loads(run(*command, "--json").stdout)) == 2


def test_an_output_file_that_cannot_be_written_is_said_as_such(env):
    # export-opml had blamed the database: "…/b.db: [Errno 2] No such file or directory: …".
    run("refresh", "--seeds-only")
    for command in (["export-opml"], ["digest"]):
        result = CliRunner().invoke(main, [*command, "-o", str(env / "no" / "such" / "out")])
        assert result.exit_code == 1, result.output
        assert f"{env / 'no' / 'such' / 'out'}: cannot write: No such file or directory" \
            in result.output and "b.db" not in result.output
