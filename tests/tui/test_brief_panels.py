"""The reader shows each panel's points as the panel declaration says, as `show` does:
a list when `Panel.listed` (several points, or a list panel), one point as prose."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App, ComposeResult

from briefing.clock import fixed_clock
from briefing.models import Brief, StoredArticle
from briefing.render.text import brief_text
from briefing.tui.widgets.brief_view import BriefView

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)

BRIEF = Brief(
    lede=("The port reopened on Tuesday after a week of repairs.",),
    why_it_matters=("Ships had been turned away for a week.",
                    "The port handles a third of the region's grain."),
    what_to_know=("Repairs cost 2 million euros.",),
    whats_next=("A second berth opens in March.",),
    what_people_are_saying=("\u201cWe are open again,\u201d the harbour master said.",
                            "\u201cIt took too long,\u201d a shipper said."),
)


class OneBrief(App[None]):
    def compose(self) -> ComposeResult:
        yield BriefView(fixed_clock(NOW))


def article() -> StoredArticle:
    return StoredArticle(id="a1", key="https://example.org/a", title="The port reopens",
                         text="", url="https://example.org/a", source="Port Daily",
                         published=NOW, first_seen=NOW, text_origin="page", brief=BRIEF)


def bulleted(shown: str, point: str) -> bool:
    """Whether the line where `point` begins carries a bullet before it."""
    line = next(line for line in shown.splitlines() if point[:25] in line)
    return "\u2022" in line.partition(point[:25])[0]


async def test_several_points_are_a_list_in_the_reader_as_in_show() -> None:
    app = OneBrief()
    async with app.run_test(size=(100, 60)):
        view = app.query_one(BriefView)
        view.show(article())
        shown = view.text
    printed = brief_text(BRIEF, width=100, title="The port reopens")
    for point in (*BRIEF.why_it_matters, *BRIEF.what_to_know,
                  *BRIEF.what_people_are_saying):
        assert bulleted(printed, point), point
        assert bulleted(shown, point), point
    for point in BRIEF.whats_next:  # one point, not a list panel: prose in both
        assert not bulleted(printed, point)
        assert not bulleted(shown, point)


WORD = "Supercalifragilistic" * 5
URL = "http://example.org/" + "very-long-path/" * 9 + "page.html"


async def test_a_long_word_is_folded_once_at_the_width_and_never_cut(tmp_path) -> None:
    """A word without spaces (a URL, a run of letters) in the headline is folded in rows
    as wide as the headline's; in a panel's point it is folded at the panel's width, all
    of it shown, at any size."""
    from tests.tui.conftest import add_story, make_app, make_settings, open_store

    settings = make_settings(tmp_path, read_after=3600)
    with open_store(settings) as store:
        add_story(store, 1, WORD + " wins the spelling bee", "Port Daily",
                  f"{WORD} won the national spelling bee on Tuesday. The council said 400 "
                  "people came. Officials will vote on a second round next month. The "
                  f"winner said the address {URL} was hard to spell.")
    for size in [(80, 24), (200, 50)]:
        app = make_app(settings)
        async with app.run_test(size=size):
            view = app.query_one(BriefView)
            width = min(view.scrollable_content_region.width, 100)
            lines = view.text.splitlines()
            pieces = lines[: next(n for n, line in enumerate(lines) if "wins" in line) + 1]
            assert "".join(pieces).startswith(WORD), pieces
            assert all(len(piece) == width for piece in pieces[:-1]), (width, pieces)
            # The point's panel, read down its column (panels may stand side by side).
            row = next(n for n, line in enumerate(lines) if "The winner said" in line)
            left = lines[row].rfind("│", 0, lines[row].index("The winner said")) + 1
            right = lines[row].index("│", left)
            assert left > 0 and right - left < len(URL)  # in a panel narrower than the URL
            column = "".join(line[left:right] for line in lines[row:])
            assert URL in "".join(column.replace("•", "").split()), view.text
