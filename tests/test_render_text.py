"""`briefing list` lines: the columns line up whatever script a source is written in."""

import dataclasses
from datetime import UTC, datetime

from briefing.render.text import cells, fit, row_line
from briefing.store import ArticleRow


def row(source: str) -> ArticleRow:
    when = datetime(2026, 12, 6, 7, 49, tzinfo=UTC)
    return ArticleRow(id="15f6a0b1c2d3", title="Harbour reopens after the storm", source=source,
                      published=when, first_seen=when, method="extractive", read=False,
                      starred=False, text_origin="page")


def test_titles_start_in_the_same_column_for_wide_and_narrow_sources():
    # The id (12), two spaces, the date (10), two spaces, the unread mark and a space,
    # the source in 18 columns, two spaces: titles start at column 48.
    sources = ["BBC News", "国際ニュース 🌏", "ข่าวไทยวันนี้", "हिन्दी समाचार",
               "A source with a very long name"]
    for source in sources:
        line = row_line(row(source), width=100)
        assert cells(line[:line.index("Harbour")]) == 48, line


def test_a_wide_title_is_cut_to_the_width_in_columns():
    wide = dataclasses.replace(row("NHK"), title="国際ニュース" * 20)
    line = row_line(wide, width=80)
    assert 79 <= cells(line) <= 80 and line.endswith("…")  # a wide letter needs two


def test_fit_cuts_and_pads_by_columns():
    assert fit("国際ニュース", 7) == "国際ニ…" and cells(fit("国際ニュース", 7)) == 7
    assert fit("ab", 4) == "ab  "
    assert cells("e\u0301") == 1  # a combining accent takes no column
    assert cells("ข่าวไทยวันนี้") == 9  # Thai vowel and tone marks sit on their letter
