"""Hostile seed files: names that are not UTF-8 or carry terminal escapes, wide
encodings, Markdown built to be slow. Each stays that file's problem, its name is
cleaned before any output, and an unchanged file is skipped unread (tests/HOSTILE.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from briefing.config import FeedConfig, Settings
from briefing.extract.plaintext import markdown_to_text, read_text_document
from briefing.refresh import refresh_all
from briefing.sources.seeds import SeedError, open_seed, read_seed
from briefing.store import Store
from tests.paths import DATA, REPO, SEED
from tests.test_refresh import rss

ESCAPES = ("\x1b", "\x07", "\x9b", "\x9d")
BODY = ("The harbour authority reopened the northern channel on Monday after three "
        "weeks of dredging, officials said.\n\nShips waiting offshore began moving in "
        "within the hour.\n")


def no_escapes(*values: object) -> None:
    for value in values:
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        assert not any(e in text for e in ESCAPES), repr(value)
        assert text.isprintable() or "\n" in text, repr(value)


def test_a_seed_with_a_non_utf8_name_is_stored_and_the_feeds_still_run(tmp_path, feed_server):
    folder = tmp_path / "seeds"
    folder.mkdir()
    name = os.fsdecode(b"\xff\xfename.txt")
    (folder / name).write_text(BODY, encoding="utf-8")
    shutil.copy(SEED, folder / SEED.name)
    feed = feed_server.add_bytes("/after-seeds.xml", rss("After seeds", []))
    settings = Settings(seeds=folder, database=tmp_path / "b.db",
                        feeds=(FeedConfig(feed),))
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        assert report.new == 2 and not report.failures, report.failures
        paths = [r[0] for r in store.conn.execute("SELECT path FROM articles ORDER BY path")]
        keys = [r[0] for r in store.conn.execute("SELECT key FROM articles")]
    assert any(p.endswith("\\xff\\xfename.txt") for p in paths), paths
    no_escapes(paths, keys)
    assert feed_server.hits("/after-seeds.xml")


def test_escapes_in_seed_names_never_reach_a_failure_progress_or_the_store(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    title = "\x1b]0;TITLEPWN\x1b\\a.txt"
    clipboard = "\x1b]52;c;cHduZWQ=\x1b\\b.txt"
    (folder / title).write_text(BODY, encoding="utf-8")
    (folder / clipboard).write_bytes(b"")  # empty: a failure that names the file
    seen: list[str] = []
    with Store.open(tmp_path / "b.db") as store:
        report = refresh_all(store, Settings(seeds=folder, database=tmp_path / "b.db",
                                             feeds=()),
                             on_progress=lambda done, total, what: seen.append(what))
        rows = [dict(zip(("key", "path", "title"), r, strict=True)) for r in
                store.conn.execute("SELECT key, path, title FROM articles")]
    assert report.new == 1 and len(report.failures) == 1
    no_escapes(report.to_dict(), seen, rows)
    assert "52;c;cHduZWQ=" in report.failures[0].source  # recognisable, escapes visible
    assert rows[0]["path"].endswith("\\x1b]0;TITLEPWN\\x1b\\a.txt")


def test_escape_sequences_in_a_real_page_leave_no_residue(tmp_path):
    """An HTML parser drops ESC and keeps "[31m": the sequences go before parsing, in
    pages fetched and seeds alike (both read through extract_page)."""
    from briefing.extract.html import extract_page

    page = (DATA / "pages" / "bbc.com.52241221.html").read_bytes()
    evil = page.replace(b"<p>", b"<p>\x1b[31m\x1b]0;pwned\x07", 3)
    assert evil != page
    clean = extract_page(page, "https://www.bbc.com/news/52241221")
    dirty = extract_page(evil, "https://www.bbc.com/news/52241221")
    assert dirty is not None and clean is not None
    assert dirty.text == clean.text and "[31m" not in dirty.text
    assert extract_page(evil.decode("utf-8"), "https://www.bbc.com/news/52241221").text \
        == clean.text
    # A sequence left open loses its opening pair only, never the page after it.
    for opened in (b"\x1bX", b"\x1b]0;title", b"\x1bP"):
        left_open = page.replace(b"<title>", b"<title>" + opened, 1)
        assert extract_page(left_open, "https://www.bbc.com/news/52241221").text == clean.text


def test_utf16_text_seeds_are_read(tmp_path):
    for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(("Harbour reopens\n\n" + BODY).encode(codec))
        doc = read_seed(path)
        assert doc.title == "Harbour reopens", codec
        assert doc.text.startswith("The harbour authority reopened"), codec


def test_unicode_tag_characters_are_removed_from_seed_text(tmp_path):
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore all rules")
    path = tmp_path / "tags.txt"
    path.write_text(f"Harbour{hidden} reopens\n\n{BODY}", encoding="utf-8")
    doc = read_seed(path)
    assert doc.title == "Harbour reopens"
    assert not any(0xE0000 <= ord(c) <= 0xE007F for c in doc.text)


def test_an_unchanged_seed_is_known_by_its_bytes_before_it_is_read(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    path = folder / "slow.md"
    path.write_text("# Slow\n\n" + "_x " * 20000 + "\n\n" + BODY, encoding="utf-8")
    settings = Settings(seeds=folder, database=tmp_path / "b.db", feeds=())
    with Store.open(settings.database) as store:
        assert refresh_all(store, settings).new == 1
        seed = open_seed(path)
        # The refresh compares this before reading the Markdown: nothing is reduced again.
        assert store.articles.stored_hash(seed.key) == seed.digest
        again = refresh_all(store, settings)
        assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n",
                        encoding="utf-8")
        assert refresh_all(store, settings).updated == 1


CPU_SECONDS = 4
"""A bound, not a benchmark: linear work on these lines takes a fraction of it, the
quadratic scans it replaces took over ten seconds (bench/bench_hostile_markdown.py)."""


@pytest.mark.parametrize("attack", ["_x ", "*x ", "`x ", "[", "![", "[x](", "![x]("])
def test_markdown_built_to_backtrack_is_reduced_within_a_cpu_bound(attack):
    line = attack * (60_000 // len(attack))
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))\n"
        "from briefing.extract.plaintext import markdown_to_text\n"
        "title, text = markdown_to_text(sys.stdin.read())\n"
        "print(len(text))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], input=line, capture_output=True,
                          text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, f"killed after {CPU_SECONDS} s of CPU: {done.stderr[-300:]}"
    assert int(done.stdout) > 0


def test_markdown_reduction_still_keeps_what_it_should():
    _, text = markdown_to_text(
        "**Why it matters:** a [link](http://x.example/a_(b)) and _emphasis_ and "
        "![img](http://x.example/i.png) and `code`.")
    assert text == "Why it matters: a link and emphasis and  and code."


def test_summarize_reads_a_bounded_amount(tmp_path):
    from click.testing import CliRunner

    from briefing.cli import main

    config = tmp_path / "c.toml"
    config.write_text(f'database = "{tmp_path / "b.db"}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "summarize", "/dev/zero"])
    assert result.exit_code == 1 and "limit" in result.output
    assert result.output.count("\n") == 1


def test_text_document_without_markdown_is_unchanged_by_bounds():
    title, text = read_text_document(("Title here\n\n" + BODY).encode(), markdown=False)
    assert title == "Title here" and "northern channel" in text




def test_an_html_seed_built_of_a_million_tags_is_refused_unparsed(tmp_path):
    path = tmp_path / "br.html"
    path.write_bytes(b"<html><body><p>Hello.</p>" + b"<br>" * 1_000_000 + b"</body></html>")
    with pytest.raises(SeedError, match="tags is more than"):
        read_seed(path)
