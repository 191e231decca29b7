"""Junk a new user found in briefs of real pages served on 127.0.0.1 (issue #16, points 3
and 5): a broadcaster's sign-off, an embedded tweet, an outlet's name before the lede, an
editor's note on the piece, a live blog's headline, a sentence cut in two by a line
break, a title that keeps a place label or a slide's caption. Each class on the real
page where it showed and on a synthetic case of the same class."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from briefing.brief import make_brief
from briefing.brief.cues import is_headline, strip_lead_in
from briefing.extract.cleanup import (
    drop_non_prose,
    is_furniture_sentence,
    is_not_prose,
    join_broken_sentences,
    repair_text,
    without_embedded_posts,
)
from briefing.extract.html import extract_page
from briefing.extract.repairs import without_caption
from briefing.models import PANELS, Brief
from briefing.sources.feeds import parse_feed
from tests.feedserver import FeedServer


def served(corpus: Path, name: str) -> tuple[str, str, Brief]:
    """(title, text, brief) of a corpus page fetched from a server on 127.0.0.1, as the
    user's trial read it."""
    with FeedServer() as server:
        url = server.add_file(f"/{name}", corpus / "html" / "dev" / name)
        with urllib.request.urlopen(url, timeout=10) as response:
            html = response.read()
    page = extract_page(html, url)
    assert page is not None
    return page.title, page.text, make_brief(page.text, title=page.title)


def points(brief: Brief) -> list[str]:
    return [point for panel in PANELS for point in brief.panel(panel)]


# --- 1. A broadcaster's sign-off -------------------------------------------------------
def test_a_reporters_sign_off_is_no_point(corpus: Path) -> None:
    _, text, brief = served(corpus, "world.kbs.co.kr-Temperatures.html")
    assert "Cheorwon in Gangwon Province" in text
    assert not any("KBS World Radio News" in p or "has more" in p for p in points(brief))


@pytest.mark.parametrize(("sentence", "furniture"), [
    ("Max Lee, KBS World Radio News.", True),
    ("Jane Doe reporting for BBC News, Kyiv.", True),
    ("This is John Smith, for VOA News.", True),
    ("Anna Berg has more from Stockholm.", True),
    ("Max Lee, the KBS correspondent, said the cold would last.", False),
    ("John Smith, a BBC News reporter, was injured.", False),
    ("The government has more to do.", False),
])
def test_sign_offs(sentence: str, furniture: bool) -> None:
    assert is_furniture_sentence(sentence) is furniture


# --- 2. Embedded social posts ----------------------------------------------------------
def test_an_embedded_tweet_is_no_point_and_stays_in_the_text(corpus: Path) -> None:
    _, text, brief = served(corpus, "theverge.com.ios13.html")
    assert "pic.twitter.com/U7PMa4oNGN" in text  # the reader's full text keeps the post
    for point in points(brief):
        assert "pic.twitter.com" not in point and "@schukin" not in point, point
        assert not point.startswith(("Notice the warping", "How iOS 13 FaceTime")), point
        assert not point.startswith("Update July 3rd"), point


def test_a_feeds_embedded_posts_are_no_points() -> None:
    post = ("Big news from the council tonight: the bridge stays shut all winter. "
            "pic.twitter.com/AbC123xYz")
    text = "\n\n".join([
        "The city council voted on Tuesday to keep the Elm Street bridge closed until spring.",
        "Engineers found cracks in two of its supports during an inspection last month.",
        post, "— Jo Park (@jopark) November 8, 2017",
        "Residents will have to use the ferry, which the council said would run every hour.",
        "A post shared by City Hall (@cityhall) on Nov 8, 2017 at 8:05am PST",
    ])
    feed = ("<rss version='2.0'><channel><title>City</title><item><title>Bridge</title>"
            "<link>https://example.org/bridge</link><description><![CDATA["
            + "".join(f"<p>{para}</p>" for para in text.split("\n\n"))
            + "]]></description></item></channel></rss>")
    entry = parse_feed(feed.encode(), "https://example.org/feed").entries[0]
    blanked = without_embedded_posts(entry.text)
    assert len(blanked) == len(entry.text)
    assert "Engineers found cracks" in blanked and "ferry" not in blanked
    assert "pic.twitter" not in blanked and "@jopark" not in blanked
    assert not any("pic.twitter" in p or "Big news" in p or "(@" in p
                   for p in points(make_brief(entry.text)))


# --- 3. An outlet's name before the lede -----------------------------------------------
def test_an_outlets_name_leaves_the_lede(corpus: Path) -> None:
    _, _, brief = served(corpus, "kaieteurnewsonline.com-essequibo.html")
    assert brief.lede[0].startswith("Police investigators in Region Two")


@pytest.mark.parametrize(("sentence", "rest"), [
    ("Kaieteur News – Police investigators are trying to unravel the mystery.",
     "Police investigators"),
    ("Nassau, Bahamas (CMC) – The government said on Monday it would act.", "The government"),
    ("The Nation News — Two men were charged on Monday with murder.", "Two men"),
    ("Reuters - The company said its profits rose sharply.", "The company"),
    ("Boris Johnson – the prime minister – said on Monday it would act.", "Boris Johnson"),
    ("Prices rose – Sales fell sharply in the quarter.", "Prices rose"),
    # An outlet or agency as the subject, a dashed aside after it.
    ("The Sun – Britain's best-selling tabloid – reported the story first.", "The Sun"),
    ("Apple News — Apple's aggregator — will add local stories next year.", "Apple News"),
    ("Reuters - the news agency - said it stood by its report.", "Reuters"),
])
def test_datelines_naming_the_outlet_are_cut(sentence: str, rest: str) -> None:
    assert sentence[strip_lead_in(sentence):].startswith(rest)


# --- 4. An editor's note on the piece itself -------------------------------------------
def test_an_editors_note_is_not_the_lede(corpus: Path) -> None:
    _, _, brief = served(corpus, "harpers.org.justice.html")
    assert brief.lede[0] == "Our cultural institutions are facing a moment of trial."
    for point in points(brief):
        assert "letter will be appearing" not in point and "@harpers.org" not in point
        assert "identification purposes" not in point


@pytest.mark.parametrize(("sentence", "furniture"), [
    ("The below letter will be appearing in the Letters section of the October issue.", True),
    ("The following essay is adapted from the author's new book.", True),
    ("This interview has been edited for length and clarity.", True),
    ("This story was produced in partnership with the Marshall Project.", True),
    ("A version of this article appeared in print on Oct. 5, 2020.", True),
    ("Editor's note: The names of the victims have been changed.", True),
    ("We welcome responses at letters@example.org", True),
    ("Affiliations are listed for identification purposes only.", True),
    ("This report was published by the WHO on Monday.", False),
    ("The following statement was issued by police on Monday.", False),
    ("The article published in Nature found a link.", False),
    ("This story is developing.", False),
])
def test_notes_on_the_piece(sentence: str, furniture: bool) -> None:
    assert is_furniture_sentence(sentence) is furniture


# --- 5. A live blog's headlines --------------------------------------------------------
def test_a_live_blogs_headline_is_no_point(corpus: Path) -> None:
    _, _, brief = served(corpus, "corkbeo.ie.level.html")
    for point in points(brief):
        assert point.endswith((".", "!", "?", "”", '"', "’", "'")), point


@pytest.mark.parametrize(("line", "headline"), [
    ("One of Cork's oldest pubs to remain open for next three weeks", True),
    ("Taoiseach Defends Decision Not To Move The Country To Level Five", True),
    ("Man charged after crash on the main road into the city centre", True),
    ("The country avoided Level 5 last night, but NPHET have warned it may be down the line",
     False),
    ("Cinemas, galleries and museums across the city will shut from tonight", False),
    ("Path B: Bosnia and Herzegovina, Slovakia, Republic of Ireland, Northern Ireland", False),
    ("after the Swiss seed beat Abigail Spears 7-6 6-3. French Open champion", False),
    ("- Pubs in the city to stay open for outdoor seating only", False),
    ("Die Kneipen in der Stadt bleiben für drei weitere Wochen geöffnet", False),
])
def test_headline_lines(line: str, headline: bool) -> None:
    assert is_headline(line) is headline


# --- 6. A sentence cut in two by a line break ------------------------------------------
def test_a_sentence_cut_by_a_line_break_is_one_point(corpus: Path) -> None:
    _, text, brief = served(corpus, "bahamaslocal.com-atlantis.html")
    assert "The Bahamas Alliance For Animal Rights and Kindness (Baark)" in text
    for point in points(brief):
        assert not point.startswith("Rights and Kindness") and not point.endswith("Animal")


@pytest.mark.parametrize(("lines", "joined"), [
    # A name cut after a whole sentence; a sentence going on in lower case.
    (["It was a big year. The money went to the Society For Animal", "Welfare and its clinic."],
     True),
    (["The mayor said the plan, which the council has debated for", "months, would pass."], True),
    # A standfirst missing only its full stop; a heading; a date; a byline; a brand name.
    (["It was a big year. The product seems harmful above all to reason",
      "A wave of fear swept the country."], False),
    (["Pubs to stay open", "Pubs in the city may open until midnight."], False),
    (["What is the secret to its recovery? Monday, 6 January 2020", "It takes hours."], False),
    (["The value is $4m. By U.S. CUSTOMS AND BORDER PROTECTION", "Agents found it."], False),
    (["An efficient sync, but beware when changing phones", "iMessage is quick."], False),
    # A headline in title case: an abbreviation in it ends no sentence.
    (["Sen. Warren Calls for Inquiry Into Bank Collapse",
      "Senator Elizabeth Warren on Monday called for an inquiry."], False),
    (["Police Name Dr. Lee as the Driver in Crash", "Officials said the road was icy."], False),
])
def test_broken_sentences_are_joined(lines: list[str], joined: bool) -> None:
    assert (len(join_broken_sentences(lines)) == 1) is joined
    assert (len(drop_non_prose("\n".join(lines)).split("\n\n")) == 1) is joined
    assert (repair_text("\n".join(lines)) == " ".join(lines)) is joined


# --- 7. Titles -------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "title"), [
    ("bahamaslocal.com-atlantis.html",
     "ATLANTIS PARADISE ISLAND AND DOLPHIN CAY DONATES MEDICAL SUPPLIES TO BAARK"),
    ("economictimes.indiatimes.com.slideshow.html",
     "The iPhone SE is in India, here's all we know"),
])
def test_served_pages_titles_lose_place_labels_and_captions(corpus: Path, name: str,
                                                           title: str) -> None:
    assert served(corpus, name)[0] == title


def test_a_caption_leaves_the_title_and_a_question_stays() -> None:
    from lxml.html import fromstring

    tree = fromstring("<html><body><h1>Parliament delays its vote on the deal</h1></body></html>")
    assert without_caption("Parliament delays its vote on the deal - Slide 2",
                           tree) == "Parliament delays its vote on the deal"
    assert without_caption("Parliament delays its vote on the deal - what happens now?",
                           tree).endswith("now?")
    assert without_caption("Parliament delays its vote on the deal - and the government "
                           "now has to ask the EU for more time", tree).endswith("time")


def test_a_seeds_title_with_an_abbreviation_stays_its_title() -> None:
    from briefing.extract.plaintext import read_text_document

    raw = (b"Sen. Warren Calls for Inquiry Into Bank Collapse\n\nSenator Elizabeth Warren on "
           b"Monday called for an inquiry into the bank's collapse. She said depositors "
           b"deserved answers.\n")
    title, text = read_text_document(raw, markdown=False)
    assert title == "Sen. Warren Calls for Inquiry Into Bank Collapse"
    assert text.startswith("Senator Elizabeth Warren on Monday")


# --- 8. Furniture a new user's trial found in the panels --------------------------------
def served_feed_entry(corpus: Path, name: str, title: str) -> tuple[str, Brief]:
    """(text, brief) of one entry of a corpus feed fetched from a server on 127.0.0.1."""
    with FeedServer() as server:
        url = server.add_file(f"/{name}", corpus / "feeds" / "real" / name)
        with urllib.request.urlopen(url, timeout=10) as response:
            feed = parse_feed(response.read(), url)
    entry = next(e for e in feed.entries if e.title and e.title.startswith(title))
    assert entry.text is not None
    return entry.text, make_brief(entry.text, title=entry.title)


def test_a_picture_agencys_phone_credit_is_not_the_lede(corpus: Path) -> None:
    # feeds/real/dailymail-news-2015-07-02.xml: the item opens with the agency's credit.
    text, brief = served_feed_entry(corpus, "dailymail-news-2015-07-02.xml",
                                    "Ryanair passenger pinned to Tenerife")
    assert text.startswith("BNPS.co.uk (01202 558833)")
    assert not any("BNPS" in p or "558833" in p for p in points(brief))
    # Its first sentence, the credit cut, is the lede: "This" is the picture.
    assert brief.lede[0].startswith("This is the dramatic moment a British holidaymaker")


@pytest.mark.parametrize(("line", "credit"), [
    ("BNPS.co.uk (01202 558833)", True),
    ("SWNS (0117 906 6500)", True),
    ("Mercury Press & Media (+44 151 236 0000)", True),
    ("Pic: KeiranCampbell/BNPS", True),
    ("Call the helpline (0800 123 4567) if you need help.", False),
    ("The population grew to 1,204,387 (up 2.1%).", False),
    ("Samaritans (116 123)", False),  # too few digits for a phone number with its code
    ("Pic-n-Save will close 40 stores", False),  # a name, not "Pic - ..."
])
def test_agency_credits_with_a_phone_number(line: str, credit: bool) -> None:
    assert is_not_prose(line) is credit


def test_a_phone_credit_run_into_the_lede_is_cut() -> None:
    sentence = ("BNPS.co.uk (01202 558833) This is the dramatic moment a British holidaymaker "
                "was pinned down by police.")
    assert sentence[strip_lead_in(sentence):].startswith("This is the dramatic moment")
    plain = "The helpline (0800 123 4567) is open every day of the week from nine."
    assert strip_lead_in(plain) == 0


def test_a_question_put_to_the_reader_is_no_point(corpus: Path) -> None:
    # html/dev/knowtechie.com.rally.html: "What do you think? Interested in the new Rocket
    # Pass in Rocket League? Let us know down below in the comments or ..."
    _, text, brief = served(corpus, "knowtechie.com.rally.html")
    assert "Interested in the new Rocket Pass" in text  # the full text keeps the paragraph
    for point in points(brief):
        assert not point.startswith(("Interested in", "What do you think", "Let us know")), point
    assert "Rocket Pass 4 will begin at 10:00 a.m. PDT" in " ".join(brief.whats_next)


@pytest.mark.parametrize(("sentence", "prompt"), [
    ("Interested in the new Rocket Pass in Rocket League?", True),
    ("Looking for a new laptop for college?", True),
    ("Thinking of upgrading to the new iPhone?", True),
    ("What do you think?", True),
    ("Let us know in the comments below.", True),
    ("Tell us what you made of the finale down below.", True),
    # Questions in the news, and questions put to someone else.
    ("Are you interested in the job, the minister was asked?", False),
    ("Interested parties have until Friday to respond.", False),
    ("Who is looking for the missing painting?", False),
    ("Why would a bank want to buy a failing rival?", False),
    ("Click through rates on the ads fell by a third last year.", False),
])
def test_reader_prompts(sentence: str, prompt: bool) -> None:
    assert is_furniture_sentence(sentence) is prompt


def test_a_plug_for_the_stations_facebook_page_is_no_point(corpus: Path) -> None:
    # feeds/real/wdr-studio-duesseldorf-2015.rdf, the item "Die Lokalzeit Düsseldorf bei
    # Facebook": "Über die Themen ... diskutieren wir mit Ihnen außerdem auf unserer
    # Facebook-Seite."
    text, brief = served_feed_entry(corpus, "wdr-studio-duesseldorf-2015.rdf",
                                    "Die Lokalzeit Düsseldorf bei Facebook")
    assert "auf unserer Facebook-Seite" in text
    assert not any("Facebook" in p for p in points(brief))
    assert brief.lede[0].startswith("Halb acht am Abend")


@pytest.mark.parametrize(("sentence", "plug"), [
    ("Über die Themen aus Düsseldorf und der Region diskutieren wir mit Ihnen außerdem auf "
     "unserer Facebook-Seite.", True),
    # feeds/real/next-inpact-full-2014.xml
    ("Elle sera ensuite accessible à tous via notre compte YouTube sur lequel vous pouvez "
     "nous rejoindre.", True),
    ("Join the conversation on our Facebook page.", True),
    ("Síguenos en nuestra cuenta de Twitter.", True),
    ("Acompanhe as notícias na nossa página do Facebook.", True),
    ("Seguici sulla nostra pagina Facebook.", True),
    # Someone else's page, a quoted "our", a game console.
    ("The company apologised on its Facebook page on Monday.", False),
    ("\"We posted the pictures on our Facebook page,\" the owner said.", False),
    ("The game is coming to our Xbox and PlayStation players next week.", False),
    ("Die Polizei suchte auf Facebook nach Zeugen.", False),
    # British single quotes, and a real sentence before a plug in the same paragraph
    # (the sentence is judged on its own when the brief splits it).
    ("'We posted the pictures on our Facebook page,' the owner said.", False),
    ("‘We posted the pictures on our Facebook page,’ the owner said.", False),
    ("Police had been called twice. Follow our Twitter for updates.", False),
])
def test_social_page_plugs(sentence: str, plug: bool) -> None:
    assert is_furniture_sentence(sentence) is plug


def test_the_next_blog_post_is_not_the_article(corpus: Path) -> None:
    # html/dev/boingboing.net.millenials.html: the page's "nextstory" box holds the next
    # post whole, which trafilatura read as the article's last paragraph.
    _, text, brief = served(corpus, "boingboing.net.millenials.html")
    assert "Canadaland" not in text and "(via Geeks Are Sexy)" not in text
    assert "The generation we love to dump on" in text  # the article's own link stays
    assert not brief.why_it_matters
    assert not any("Click through" in p for p in points(brief))


def test_a_next_post_box_without_the_headline_is_dropped_from_the_text() -> None:
    body = ("<p>The council voted on Tuesday to keep the Elm Street bridge closed until the "
            "spring, after engineers found cracks in two of its supports last month.</p>"
            "<p>Residents will have to use the ferry, which the council said would run every "
            "hour from Monday, and the buses will be rerouted through the old town.</p>")
    teaser = ("<p>The mayor's new budget puts more money into the city's parks than any "
              "budget of the last twenty years, and cuts the road repair fund by half.</p>")
    page = (f"<html><body><article><h1>Bridge stays shut</h1>{body}{teaser}</article>"
            f"<div class='next-story'>{teaser}</div></body></html>")
    extracted = extract_page(page, "https://example.org/bridge")
    assert extracted is not None
    assert "Residents will have to use the ferry" in extracted.text
    assert "parks" not in extracted.text
    # A box that holds the page's headline holds the article itself.
    page = f"<html><body><div class='next-story'><h1>Bridge stays shut</h1>{body}</div></body></html>"
    extracted = extract_page(page, "https://example.org/bridge")
    assert extracted is not None and "Residents will have to use the ferry" in extracted.text
    # Nor does one whose class names the post after it while it holds the article.
    page = (f"<html><body><h1>Bridge stays shut</h1><div class='post has-next-post'>{body}</div>"
            f"</body></html>")
    extracted = extract_page(page, "https://example.org/bridge")
    assert extracted is not None and "Residents will have to use the ferry" in extracted.text


def test_slideshow_labels_leave_the_text(corpus: Path) -> None:
    # html/dev/economictimes.indiatimes.com.slideshow.html: each slide's credit, counter
    # and title, and a picture credit run into the last sentence of a slide.
    _, text, _ = served(corpus, "economictimes.indiatimes.com.slideshow.html")
    for label in ("Agencies", "2/5", "Pocket friendly", "Image credit", "www.apple.com"):
        assert label not in text, label
    assert text.count("\n\n") == 4  # the standfirst and four slides' sentences
    assert "Apple’s proprietary face unlock system." in text


def test_slide_labels_and_closing_credits() -> None:
    lines = ["The first slide's sentence ends here.", "Reuters", "2 of 3", "Smaller screen",
             "The second slide's sentence ends here.", "3/3", "The third slide's sentence."]
    assert drop_non_prose("\n".join(lines)) == "\n\n".join(
        ["The first slide's sentence ends here.", "The second slide's sentence ends here.",
         "The third slide's sentence."])
    # A score, a date or a heading beside no counter stays.
    kept = "Final score\n\nThe home side won 2-1 on 3/4 of the votes.\n\nReuters"
    assert drop_non_prose(kept) == kept
    # One counter alone is a date or a name ("9/11"), no slideshow: its neighbours stay.
    alone = "The anniversary\n\n9/11\n\nHundreds gathered at the memorial."
    assert drop_non_prose(alone) == alone
    assert drop_non_prose("The phone costs less. Image credit: www.apple.com/in/") == (
        "The phone costs less.")
    assert drop_non_prose("The phone costs less. Photo credits are due to Reuters.") == (
        "The phone costs less. Photo credits are due to Reuters.")
