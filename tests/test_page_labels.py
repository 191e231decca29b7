"""The team's panel labels of the corpus pages (bench/labels/pages-team.jsonl) and the bench
that scores briefs against them (bench/panel_labels.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.paths import CORPUS, REPO, bench_script, needs_corpus

labels = bench_script("panel_labels")
ROWS = [json.loads(line) for line in (REPO / "bench" / "labels" / "pages-team.jsonl").open()]


def test_every_page_label_is_well_formed() -> None:
    assert len(ROWS) >= 30
    assert len({r["file"] for r in ROWS}) == len(ROWS)
    for r in ROWS:
        n = r["n_sentences"]
        assert re.fullmatch(r"[0-9a-f]{40}", r["sentences_sha1"]), r["file"]
        assert 0 <= r["lede"] < n, r["file"]
        assert len(r["why"]) <= 3 and len(set(r["why"])) == len(r["why"]), r["file"]
        assert all(0 <= i < n for i in r["why"] + r["next"]), r["file"]
        assert r["next"] == sorted(set(r["next"])), r["file"]


def test_a_point_spanning_split_sentences_counts_as_the_labelled_one() -> None:
    # The labels' splitter cuts "10:00 a.m. PDT (5 p.m. UTC)" into three; briefing does not.
    sentences = labels.label_sentences(
        "The pass brings a new car. Rocket Pass 4 will begin at 10:00 a.m. PDT (5 p.m. "
        "UTC) on August 28 and ends on December 4. It will run you 10 keys.")
    assert len(sentences) == 5
    bags = [labels._bag(s) for s in sentences]
    point = "Rocket Pass 4 will begin at 10:00 a.m. PDT (5 p.m. UTC) on August 28 and ends on December 4."
    assert labels.locate(point, bags) is None
    assert labels.locate_on_page(point, bags, {2, 4}) == 2
    assert labels.locate_on_page(point, bags, set()) == 1
    assert labels.locate_on_page("Nothing of the kind was said here at all.", bags, {1}) is None


@needs_corpus("html", "dev")
def test_a_page_whose_extraction_changed_is_reported_and_skipped(tmp_path: Path,
                                                                 capsys) -> None:
    first, second = ROWS[0], dict(ROWS[1])
    second["sentences_sha1"] = "0" * 40
    missing = dict(ROWS[2], file="no-such-page.html")
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (first, second, missing)))

    pages, skipped = labels.load_pages(CORPUS, path)
    assert [p.file for p in pages] == [first["file"]]
    assert len(pages[0].sentences) == first["n_sentences"]
    assert [line.split(":")[0] for line in skipped] == [second["file"], "no-such-page.html"]
    assert "extraction changed" in skipped[0]

    labels.panels_vs_page_labels(CORPUS, labels_path=path)
    out = capsys.readouterr().out
    assert "(1 English corpus pages" in out and "skipped, not scored (2)" in out
    assert f"{second['file']}: extraction changed" in out
