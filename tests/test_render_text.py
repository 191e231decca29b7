"""`briefing list` lines: the columns line up whatever script a source is written in."""

from datetime import UTC, datetime

from briefing.render.text import cells, fit, row_line
from briefing.store import ArticleRow


def row(source: str) -> ArticleRow:
    when = datetime(2026, 12, 6, 7, 49, tzinfo=UTC)
    return ArticleRow(id="15f6a0b1c2d3", title="Harbour reopens after the storm", source=source,
                      published=when, first_seen=when, method="extractive", read=False,
                      starred=False, text_origin="page")


def test_titles_start_in_the_same_column_for_wide_and_narrow_sources():
    sources = ["BBC News", "国際ニュース 🌏", "Ελληνικά νέα", "A source with a very long name"]
    lines = [row_line(row(s), width=100) for s in sources]
    starts = {cells(line[:line.index("Harbour")]) for line in lines}
    assert len(starts) == 1, lines


def test_fit_cuts_and_pads_by_columns():
    assert fit("国際ニュース", 7) == "国際ニ…" and cells(fit("国際ニュース", 7)) == 7
    assert fit("ab", 4) == "ab  "
    assert cells("e\u0301") == 1  # a combining accent takes no column
