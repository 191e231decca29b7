"""A brief read beside the real page: a lede that reads alone, no headline fragments as
points, points that need no unshown sentence, no sign-offs, no fact told twice."""

from __future__ import annotations

import pytest

from briefing.brief import make_brief
from briefing.brief.cues import bare_surname, is_aside, is_attribution_only
from briefing.extract.cleanup import is_link_teaser
from briefing.extract.html import extract_page
from briefing.models import PANELS
from briefing.text.context import refers_back_unshown
from briefing.text.quotes import quote_balance
from tests.paths import DATA, corpus_file


def page_brief(path):
    page = extract_page(path.read_bytes())
    return make_brief(page.text, title=page.title)


def test_a_lede_that_refers_to_someone_unnamed_gives_way() -> None:
    # politico.com (tests/data/pages): the standfirst "... grumbling about his last-minute
    # announcement" came first; the sentence that names Meadows is the lede.
    brief = page_brief(DATA / "pages" / "politico.com.retirement.html")
    assert brief.lede == ("Rep. Mark Meadows' shock retirement — revealed just 30 hours "
                          "before the filing deadline in North Carolina — has roiled some "
                          "Republicans in the state who suspect he timed his announcement to "
                          "benefit a friend of his wife.",)
    assert not any("grumbling about his" in p for name in PANELS for p in brief.panel(name))


def test_a_lede_opening_with_this_brings_the_sentence_it_needs() -> None:
    # latimes.com (corpus html/dev): "This is not the gracious welcome ..." alone says
    # nothing; with the next sentence it does.
    brief = page_brief(corpus_file("html", "dev", "latimes.com.bloomberg.html"))
    assert brief.lede[0].startswith("This is not the gracious welcome")
    assert brief.lede[1].startswith("No, the former New York mayor’s debut")


@pytest.mark.parametrize(("sentence", "unshown"), [
    ("Republicans in Western North Carolina are grumbling about his last-minute "
     "announcement, which boxed out a number of elected officials.", True),
    ("This is not the gracious welcome billionaire Michael R. Bloomberg — who has poured "
     "towering piles of cash into liberal causes and candidates for more than a decade — has "
     "come to expect from prominent Democrats.", True),
    ("No, the former New York mayor’s debut in the top tier of the presidential race has "
     "turned brutal.", True),
    # BBC dev ledes whose pronoun has its person in the sentence.
    ("The information commissioner says he is urgently asking for details of Cabinet Office "
     "orders telling staff to delete e-mails more than three months old.", False),
    ("Tony Blair has said he will not take part in a TV debate with his political rivals "
     "ahead of the next election.", False),
    ("A US airline attendant is fighting for her job after she was suspended over postings "
     "on her blog, or online diary.", False),
    ("Ministers have been asked to explain how Budget details were printed in a London "
     "newspaper half an hour before Gordon Brown made his speech.", False),
    # The Daily Mail's caption-style lede (corpus feeds/real): "This" is the picture, and
    # the sentence tells the news whole.
    ("This is the dramatic moment a British holidaymaker was pinned down by police on the "
     "tarmac after a row on board a Ryanair flight.", False),
    ("This is the third time the bank has cut rates this year.", True),
])
def test_refers_back_unshown(sentence: str, unshown: bool) -> None:
    assert refers_back_unshown(sentence) is unshown


def test_headline_style_bullets_above_the_story_are_no_points() -> None:
    # dailymail.co.uk (corpus html/dev): three bullets in headline style sit between the
    # headline and the story; the lede is the chefs' open letter to Boris Johnson.
    brief = page_brief(corpus_file("html", "dev", "dailymail.co.uk.food.html"))
    assert brief.lede == ("A powerful alliance of chefs, celebrities and charities today "
                          "urges Boris Johnson to block sub-standard foods from flooding into "
                          "the UK under post-Brexit trade deals.",)
    points = [p for name in PANELS for p in brief.panel(name)]
    for bullet in ("Heartfelt open letter written by a host of stars",
                   "MPs adding pressure to bolster protections",
                   "Vote will soon see if watchdogs given power"):
        assert not any(p.startswith(bullet) for p in points)


def test_list_items_after_the_story_began_stay_points() -> None:
    text = ("Musicians are opting to record sub-3-minute tracks, according to Quartz.\n\n"
            "- Lamar's fifth song starts 19 minutes in on his first album\n"
            "- On DAMN, the fifth song comes after only 12 minutes\n")
    brief = make_brief(text)
    points = [p for name in PANELS[1:] for p in brief.panel(name)]
    assert "On DAMN, the fifth song comes after only 12 minutes" in points


def test_a_quoted_question_split_from_its_speaker_is_no_point() -> None:
    # The Guardian US feed (corpus feeds/real/guardian-us-2018-01-31.rss), Stormy Daniels:
    # the splitter ends the sentence at the question mark, leaving a quote with no speaker
    # and an attribution alone; What to know showed both as points.
    text = ("Speaking on Jimmy Kimmel Live! the adult film star Stormy Daniels appears to "
            "question the authenticity of a statement denying her affair with the US "
            "president, Donald Trump, only for her lawyer to insist it is real.\n\n"
            "'Did you sign this letter that was released today?' Kimmel asked.\n\n"
            "'I don’t know, did I?' Daniels said, refusing to answer directly.\n")
    points = [p for name in PANELS[1:] for p in make_brief(text).panel(name)]
    assert not any(p.startswith(("'I don’t know", "Daniels said", "Kimmel asked"))
                   for p in points)
    assert is_attribution_only("Daniels said, refusing to answer directly.")
    assert not is_attribution_only("Daniels said the letter was not hers.")


def test_a_quotation_left_open_is_no_point() -> None:
    # The Guardian US feed: Stephen Colbert's three-sentence quote; "“There were some bright
    # spots." was shown alone, and "There were some really heartwarming moments." reads as
    # the writer's words.
    text = ("Late-night hosts on Tuesday addressed Donald Trump’s first official State of the "
            "Union address.\n\n“We are live right now, and barely conscious following a "
            "90-minute speech,” said Stephen Colbert, whose show aired directly following "
            "Trump’s speech. “There were some bright spots. There were some really "
            "heartwarming moments. Some amazing people were there in the gallery.”\n")
    brief = make_brief(text)
    points = [p for name in PANELS[1:] for p in brief.panel(name)]
    assert points and not any("bright spots" in p or "heartwarming" in p for p in points)


def test_a_named_speakers_quotation_left_open_is_no_point_alone() -> None:
    # pagesix.com.myers.html (corpus html/dev): What's next held 'Myers ... told Variety:
    # “I’m going to take some time to figure out what’s next.', its quotation never closed.
    brief = page_brief(corpus_file("html", "dev", "pagesix.com.myers.html"))
    points = [p for name in PANELS[1:] for p in brief.panel(name)]
    assert not any(p.endswith("figure out what’s next.") for p in points)
    assert all(quote_balance(p, straight=False) <= 0 for p in points)


def test_a_german_closing_mark_closes_a_quotation() -> None:
    # German closes „ with “: heise.de.lithium.html (corpus html/dev) and a wien.orf.at
    # page's quotation over two sentences, each shown only beside the other.
    assert quote_balance("„Ich bin ein Mensch ohne Blick zurück im Zorn.", straight=False) == 1
    assert quote_balance("Ich bin ein liebender Mensch, aber kein sentimentaler.“ Bekannt war "
                         "die Schauspielerin auch für ihre Freundschaften.", straight=False) == -1
    assert quote_balance('"Mit diesem Strom betreiben wir den Schredder“, sagt Hanisch.',
                         straight=False) == -1
    assert quote_balance("Myers told Variety: “I’m going to take some time.",
                         straight=False) == 1
    assert quote_balance("“We are live right now,” said Stephen Colbert.", straight=False) == 0


def test_this_volume_needs_the_sentence_that_names_it() -> None:
    # independent.co.uk (corpus html/dev): "Live music will continue to be permitted above
    # this volume." stood alone under What's next, the 85-decibel sentence not shown.
    brief = page_brief(corpus_file("html", "dev", "independent.co.uk.penalty.html"))
    shown = [p for name in PANELS for p in brief.panel(name)]
    for n, point in enumerate(shown):
        if "above this volume" in point:
            assert n and "85 decibels" in shown[n - 1]


@pytest.mark.parametrize(("page", "opening"), [
    # msn.com: "Pay says the strategy ..." with Levi Pay introduced in an unshown sentence.
    ("msn.com.university.html", "Pay says"),
    # theverge.com: "Coincidentally, Rundle himself theorized ..." (Mike Rundle unshown).
    ("theverge.com.ios13.html", "Coincidentally, Rundle himself"),
    # jamaica-gleaner.com: "Grant's husband, a police corporal, ..." with Heather Grant
    # named in an unshown sentence (a new user's trial).
    ("jamaica.gleaner.com-victims.html", "Grant's husband"),
])
def test_a_surname_alone_needs_the_person_introduced(page: str, opening: str) -> None:
    brief = page_brief(corpus_file("html", "dev", page))
    shown = [p for name in PANELS for p in brief.panel(name)]
    name = opening.split()[-2] if "himself" in opening else opening.split()[0].split("'")[0]
    for n, point in enumerate(shown):
        if point.startswith(opening):
            assert any(name in p for p in shown[:n])


def test_a_person_known_through_a_surname_is_a_stranger_too() -> None:
    assert bare_surname("Grant's husband, a police corporal, was badly injured.") == "Grant"
    assert bare_surname("Gray’s sister Mahnefah was among those arrested.") == "Gray"
    assert bare_surname("Apple's shares rose 3% on Monday.") is None


def test_another_storys_link_in_the_text_is_no_point() -> None:
    # msn.com (corpus html/dev): a video link, its headline printed twice, became What's next.
    assert is_link_teaser("- Met Office national morning forecast for November 5 - Foggy and "
                          "frosty Met Office national morning forecast for November 5 - Foggy "
                          "and frosty Wales Online")
    assert not is_link_teaser("- Lamar's fifth song starts 19 minutes in on his first album")
    brief = page_brief(corpus_file("html", "dev", "msn.com.university.html"))
    assert not any("Met Office" in p for name in PANELS for p in brief.panel(name))


def test_chatty_sign_offs_are_no_points() -> None:
    # ECB+ cluster article (corpus clusters/dev.jsonl, ecbplus-0af7a69682c3).
    text = ("After telling People in October that she didn't “need to do any of that "
            "anymore,” “American Pie” actress and former travel reporter Tara Reid checked "
            "into Promises Treatment Center on Friday for an unspecified problem. Promises is "
            "a celeb favorite favored by Britney Spears and Lindsay Lohan -- it's also where "
            "Mel Gibson retired to after his 2006 accident and anti-Semitic outburst. Not "
            "quite the Christmas alternative we're looking for... Get well soon, Tara!")
    brief = make_brief(text)
    points = [p for name in PANELS for p in brief.panel(name)]
    assert points and not any(p.startswith(("Not quite", "Get well")) for p in points)
    assert is_aside("Get well soon, Tara!")
    assert not is_aside('"We will win!"')


def test_it_comes_after_follows_the_lede_or_is_not_shown() -> None:
    # standard.co.uk (corpus html/dev): "It comes after Mr Shapps announced ..." stood under
    # Why it matters after a sentence about the seven-day rate; its "It" is the news.
    text = ("Turkey, Poland and the Caribbean islands of Bonaire, St Eustatius and Saba have "
            "been removed from the Government’s list of travel corridors.\n\n"
            "A seven-day rate of 20 new cases is the threshold above which the UK Government "
            "considers triggering quarantine conditions.\n\n"
            "It comes after Mr Shapps announced last Thursday that passengers returning from "
            "Denmark, Iceland, Slovakia and the Caribbean island of Curacao would have to "
            "self-isolate on their return.\n\n"
            "At the time, Denmark was recording a seven-day rate of 65.2 coronavirus cases per "
            "100,000 people, up from 33.8 a week earlier.\n")
    brief = make_brief(text)
    assert not any(p.startswith("It comes after") for name in PANELS[1:]
                   for p in brief.panel(name))


def test_a_short_article_keeps_a_key_point_and_its_first_sentence() -> None:
    # twincities.com (corpus html/dev), 173 words: the opening sentence restating the
    # headline was blanked as the headline, and lede and why took the whole budget, so
    # What to know said "No more to know than the lede".
    brief = page_brief(corpus_file("html", "dev", "twincities.com-mayor.html"))
    assert brief.lede == ("St. Louis Park appears to be the first U.S. city to have elected a "
                          "Somali American mayor.",)
    assert brief.what_to_know
