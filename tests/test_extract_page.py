"""`extract_page`: trafilatura's fast extraction (its full cascade when that is short), and
the repairs: title, byline, standfirst, drop cap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.extract.html import FULL_CASCADE_BELOW, _main_text, extract_page
from briefing.extract.repairs import (
    is_placeholder_title,
    may_end_in_site_name,
    restore_drop_cap,
    title_without_site,
    without_status_label,
)

# Real pages whose body the fast extraction misses (a slideshow, a broadcaster's layout).
SHORT_WHEN_FAST = ["economictimes.indiatimes.com.slideshow.html",
                   "world.kbs.co.kr-Temperatures.html", "axios.com.future.html"]


@pytest.mark.parametrize("name", SHORT_WHEN_FAST)
def test_a_short_fast_extraction_gets_the_full_cascade(name: str, corpus: Path,
                                                        expectations: dict) -> None:
    html = (corpus / "html" / "dev" / name).read_bytes()
    url = f"http://127.0.0.1:1/p/{name}"
    _, fast_text = _main_text(html, url, fast=True)
    assert len(fast_text) < FULL_CASCADE_BELOW  # the page exercises the retry
    page = extract_page(html, url)
    assert page is not None and len(page.text) > len(fast_text)
    found = [s for s in expectations[name]["with"] if s in page.text]
    assert len(found) >= 2, (name, found)
    for unwanted in expectations[name]["without"]:
        assert unwanted not in page.text


@pytest.mark.parametrize(("title", "site", "url", "expected"), [
    ("Losing face: masks stolen from Kobe hospital | The Japan Times", "The Japan Times",
     "https://www.japantimes.co.jp/news/x", "Losing face: masks stolen from Kobe hospital"),
    ("Perturbazione polare al Centro e al Sud - La Stampa", "lastampa.it",
     "https://www.lastampa.it/x", "Perturbazione polare al Centro e al Sud"),
    ("Driver killed in crash - WSVN 7News | Miami News, Weather", None,
     "https://wsvn.com/x", "Driver killed in crash"),
    # Not the site: kept.
    ("Daten von Rheinmetall gehackt - Interne Unterlagen im Netz", "tagesschau.de",
     "https://www.tagesschau.de/x", "Daten von Rheinmetall gehackt - Interne Unterlagen im Netz"),
    ("Spider-Man - Far From Home review", "Example", "https://example.org/x",
     "Spider-Man - Far From Home review"),
    # Nothing much would be left: kept.
    ("Video | BBC News", "BBC News", "https://www.bbc.com/x", "Video | BBC News"),
    ("A headline with no site", None, None, "A headline with no site"),
])
def test_a_trailing_site_name_leaves_the_title(title: str, site: str | None, url: str | None,
                                               expected: str) -> None:
    assert title_without_site(title, site, url) == expected


@pytest.mark.parametrize(("title", "site", "url", "also", "expected"), [
    # Section and place labels before the site's tail go with it.
    ("ATLANTIS DONATES MEDICAL SUPPLIES TO BAARK | Nassau / Paradise Island, Bahamas | "
     "Bahamas Local News - Nassau / Paradise Island, Bahamas", None, None, ["BahamasLocal.com"],
     "ATLANTIS DONATES MEDICAL SUPPLIES TO BAARK"),
    ("Update | Deceased Clarendon crash victims identified | News | Jamaica Gleaner", None,
     "https://jamaica-gleaner.com/article/news/x", [],
     "Update | Deceased Clarendon crash victims identified"),
    # ...but not what would leave no headline, nor a part of the headline.
    ("Obituary | Jane Doe | The Guardian", "The Guardian", None, [], "Obituary | Jane Doe"),
    ("Storm hits the coast - Thousands evacuated - BBC News", "BBC News", None, [],
     "Storm hits the coast - Thousands evacuated"),
    ("Fed Raises Rates Again | Markets Rally | CNBC", "CNBC", None, [],
     "Fed Raises Rates Again | Markets Rally"),  # a Title Case headline's second clause
    ("Police arrest two men in the city centre | World News | Sky News", "Sky News", None, [],
     "Police arrest two men in the city centre"),
    # A site name joined without spaces, as its links home call it.
    ("武汉的声音：有英勇的你，才有英雄的城！-新华网", "xinhuanet.com",
     "http://www.xinhuanet.com/local/x.htm", ["新华网"], "武汉的声音：有英勇的你，才有英雄的城！"),
    ("Spider-Man review_Example", "Example", None, [], "Spider-Man review"),
    ("Coronavirus-Update: Brauchen Abkürzungen", "Ndr", "https://www.ndr.de/x", [],
     "Coronavirus-Update: Brauchen Abkürzungen"),
])
def test_section_labels_and_joined_site_names_leave_the_title(
        title: str, site: str | None, url: str | None, also: list[str], expected: str) -> None:
    assert title_without_site(title, site, url, also=also) == expected


@pytest.mark.parametrize("title", [
    "Storm Ciara: thousands evacuated from the coast", "Prices rose 5% in May",
    "武汉的声音：有英勇的你，才有英雄的城！"])
def test_a_title_with_no_separator_keeps_its_words_whatever_the_site_calls_itself(
        title: str) -> None:
    # So extract_page looks for the page's links home only when the title may need them.
    assert not may_end_in_site_name(title)
    names = [*title.split(), title[-3:], title[:3]]
    assert title_without_site(title, title.split()[-1], "https://example.org/x",
                              also=names) == title


@pytest.mark.parametrize(("title", "expected"), [
    ("Update | Deceased Clarendon crash victims identified",
     "Deceased Clarendon crash victims identified"),
    ("LIVE: Storm Ciara hits the north coast", "Storm Ciara hits the north coast"),
    ("BREAKING NEWS - Minister resigns over letters", "Minister resigns over letters"),
    # A label that says what the story is, not when, stays; so does a headline's own word.
    ("VIDEO: Voting on NYCHA’s Future", "VIDEO: Voting on NYCHA’s Future"),
    ("Updated forecasts show a wetter spring", "Updated forecasts show a wetter spring"),
    ("Live: Now", "Live: Now"),
])
def test_a_status_label_leaves_the_title(title: str, expected: str) -> None:
    assert without_status_label(title) == expected


def test_a_browser_unread_count_leaves_the_title() -> None:
    html = ("<html><head><title>(3) Budget passes after a long night</title></head><body>"
            f"<article><h1>Budget passes after a long night</h1><p>{BODY}</p><p>{BODY}</p>"
            "</article></body></html>").encode()
    page = extract_page(html, "https://example.org/budget")
    assert page is not None and page.title == "Budget passes after a long night"


def test_a_broken_link_home_leaves_the_title_repaired() -> None:
    html = ("<html><head><title>Budget passes after a long night-新闻网</title></head>"
            '<body><a href="//[ccpa-preferences]/">Privacy</a><a href="/">新闻网</a><article>'
            f"<p>{BODY}</p><p>{BODY}</p></article></body></html>").encode()
    page = extract_page(html, "https://www.example.org/budget")
    assert page is not None and page.title == "Budget passes after a long night"


def test_page_titles_match_the_corpus_expectations_more_often(corpus: Path,
                                                              expectations: dict) -> None:
    # ndr.de: "(16)" is the episode's number, in its headline too, not an unread count.
    names = ["harpers.org.justice.html", "japantimes.co.jp.surgical.html",
             "lapresse.tn.parite.html", "wsvn.com-crash.html", "villagevoice.com-Party.html",
             "xinhuanet.com.c_1125597921.html", "ndr.de.podcastcoronavirus140.html"]
    for name in names:
        want = expectations[name]
        page = extract_page((corpus / "html" / "dev" / name).read_bytes(), want["url"])
        assert page is not None and page.title == want["title"], name


BODY = " ".join(["The council met for six hours and argued about the budget line by line."] * 8)
DEK = "Councillors approved a smaller budget after a night of talks, closing two libraries."


def page(*, meta: str, shown: str) -> bytes:
    return (f'<html><head><title>Budget passes</title><meta name="description" content="{meta}">'
            f"</head><body><article><h1>Budget passes</h1>{shown}<p>{BODY}</p><p>{BODY}</p>"
            "</article></body></html>").encode()


@pytest.mark.parametrize(("shown", "kept"), [
    # Shown under the headline, in an element trafilatura's precision pass drops.
    (f'<p class="article-teaser">{DEK}</p>', True),
    ("", False),  # only in the page's meta tags
    (f'<ul><li><a href="/x">{DEK}</a></li></ul>', False),  # a link to another page
])
def test_a_displayed_standfirst_opens_the_text(shown: str, kept: bool) -> None:
    extracted = extract_page(page(meta=DEK, shown=shown), "http://127.0.0.1:1/budget")
    assert extracted is not None
    assert extracted.text.startswith(DEK) is kept
    assert extracted.text.count(DEK) == kept


def test_a_standfirst_the_extraction_kept_is_not_repeated() -> None:
    extracted = extract_page(page(meta=DEK, shown=f"<p>{DEK}</p>"), "http://127.0.0.1:1/budget")
    assert extracted is not None and extracted.text.count(DEK) == 1


def test_the_headline_as_description_is_not_a_standfirst() -> None:
    headline = "Budget passes after a night of talks in the council chamber downtown"
    extracted = extract_page(page(meta=headline, shown=f"<p>{headline}</p>"),
                             "http://127.0.0.1:1/budget")
    assert extracted is not None and not extracted.text.startswith(headline)


@pytest.mark.parametrize("name", ["0a12df42d1764095989ab078ee0f940b.html",  # Die Zeit
                                  "0a6291ebbce449b3b04256b43c73e39d.html"])  # ORF
def test_corpus_pages_whose_standfirst_the_fast_pass_drops(name: str, corpus: Path,
                                                           expectations: dict) -> None:
    want = expectations[name]
    extracted = extract_page((corpus / "html" / "dev" / name).read_bytes(), want["url"])
    assert extracted is not None
    assert all(s in extracted.text for s in want["with"])
    assert not any(s in extracted.text for s in want["without"])


def test_a_drop_cap_set_apart_from_its_paragraph_is_put_back(corpus: Path) -> None:
    name = "standard.co.uk.caribbean.html"  # <span>T</span><p>urkey, Poland and ...
    extracted = extract_page((corpus / "html" / "dev" / name).read_bytes(),
                             "https://www.standard.co.uk/news/uk/x.html")
    assert extracted is not None and extracted.text.startswith("Turkey, Poland and")


def test_a_text_that_opens_in_lower_case_stays_as_it_is() -> None:
    from trafilatura.utils import load_html

    tree = load_html("<html><body><p>iOS 13 adds a feature.</p><span>X</span>"
                     "<p>Other text in a box.</p></body></html>")
    assert restore_drop_cap(tree, "iOS 13 adds a feature.") == "iOS 13 adds a feature."
    tree = load_html("<html><body><span>T</span><p>urkey and Poland were removed.</p>"
                     "</body></html>")
    assert restore_drop_cap(tree, "urkey and Poland were removed.") == (
        "Turkey and Poland were removed.")


@pytest.mark.parametrize(("byline", "author"), [
    ("No Author", None), ("Article by", None), ("Editorial Staff", None),
    ("Jane Doe", "Jane Doe")])
def test_a_placeholder_byline_is_no_author(byline: str, author: str | None) -> None:
    body = "The council met for six hours and argued about the budget line by line. " * 8
    html = (f'<html><head><meta name="author" content="{byline}"></head><body><article>'
            f"<h1>Budget passes</h1><p>{body}</p><p>{body}</p></article></body></html>")
    extracted = extract_page(html.encode(), "http://127.0.0.1:1/budget")
    assert extracted is not None and extracted.author == author


def test_a_page_with_one_real_sentence_is_briefed(corpus: Path) -> None:
    # SCMP's opinion page: the body behind the paywall is gone; the standfirst remains.
    from briefing.brief import make_brief

    html = (corpus / "html" / "dev" / "scmp.com.playbook.html").read_bytes()
    page = extract_page(html, "https://www.scmp.com/comment/opinion/article/3046526/x")
    assert page is not None
    brief = make_brief(page.text)
    assert brief.lede == ("While both Tsai and Lam faced a challenging year, the Taiwanese "
                          "leader shrewdly capitalised on the crisis in Hong Kong to claim "
                          "herself a massive election win.",)
    assert "Photo: AP" not in " ".join(brief.lede + brief.what_to_know)


def test_a_title_naming_the_publishing_system_is_replaced(corpus: Path) -> None:
    # Cork Beo's page is made by Escenic; with its title, og:title and h1 lost, trafilatura
    # falls back to the system's name, as one page in an editor's sample did.
    html = (corpus / "html" / "dev" / "corkbeo.ie.level.html").read_bytes()
    html = re.sub(rb"<title>[^<]*</title>", b"<title>escenic</title>", html)
    html = re.sub(rb'((?:og|twitter):title" content=")[^"]*', rb"\1escenic", html)
    html = re.sub(rb"<h1[^>]*>.*?</h1>", b"", html, flags=re.S)
    page = extract_page(html, "https://www.corkbeo.ie/news/local-news/level-3-live")
    assert page is not None
    assert page.title == ("The country avoided Level 5 last night, but NPHET have warned it "
                          "may be down the line")
    assert is_placeholder_title("Escenic", None) and is_placeholder_title("Cork Beo", "Cork Beo")
    assert not is_placeholder_title("Level 3 LIVE news from Cork", "Cork Beo")
    # A newsletter's or section's name: the site's name and a word.
    assert is_placeholder_title("Axios Future", "axios.com", "https://www.axios.com/newsletters/x")
    # A headline that opens with the site's or its host's name is a headline.
    assert not is_placeholder_title("Apple unveils iPhone", None, "https://www.apple.com/x")
    assert not is_placeholder_title("Reuters wins Pulitzer", "Reuters", "https://reuters.com/x")
    assert not is_placeholder_title("Newsom signs bill", None, "https://news.sky.com/x")
    assert not is_placeholder_title("Axios poll finds voters split on the budget", "axios.com",
                                    "https://www.axios.com/x")


@pytest.mark.parametrize(("name", "title"), [
    ("bahamaslocal.com-atlantis.html",
     "ATLANTIS PARADISE ISLAND AND DOLPHIN CAY DONATES MEDICAL SUPPLIES TO BAARK"),
    ("jamaica.gleaner.com-victims.html", "Deceased Clarendon crash victims identified"),
])
def test_corpus_titles_lose_labels_and_site_names(name: str, title: str, corpus: Path,
                                                  expectations: dict) -> None:
    page = extract_page((corpus / "html" / "dev" / name).read_bytes(), expectations[name]["url"])
    assert page is not None and page.title == title


def test_a_newsletter_name_is_no_title(corpus: Path, expectations: dict) -> None:
    name = "axios.com.future.html"  # <title>Axios Future</title>
    page = extract_page((corpus / "html" / "dev" / name).read_bytes(), expectations[name]["url"])
    assert page is not None and page.title.startswith("A new breed of intelligent video surveillance")


@pytest.mark.parametrize(("name", "lede"), [
    # stern.de: the page repeats its headline, with a kicker, above the story.
    ("d70fab3adde74d5fb63552855c981395.html", "Schwere Schlappe für Boris Johnson"),
    # National Geographic: the headline, two sentences, above the standfirst.
    ("nationalgeographic.co.uk.goats.html", "It takes four hours to sail to Redonda"),
    # searchlight.vc: a bare "Posted on" line above the headline.
    ("searchlight.vc-dimond.html", "We don’t experience the four seasons"),
])
def test_an_opening_line_that_repeats_the_headline_is_not_the_lede(
        name: str, lede: str, corpus: Path, expectations: dict) -> None:
    from briefing.brief import make_brief

    html = (corpus / "html" / "dev" / name).read_bytes()
    page = extract_page(html, expectations[name]["url"])
    assert page is not None
    brief = make_brief(page.text, title=page.title)
    assert brief.lede[0].startswith(lede)
    start, end = brief.offsets["lede"][0]
    assert page.text[start:end] == brief.lede[0]


@pytest.mark.parametrize(("stamp", "skipped"), [
    ("Published: 12 May 2021 at 10:32 BST", True), ("April 21, 2022", True),
    ("Posted on", True), ("Updated on March 3", True), ("Owners had waited since March", False)])
def test_a_date_line_above_the_headline_does_not_hide_it(stamp: str, skipped: bool) -> None:
    from briefing.brief import without_headline

    title = "Updated rules for pubs as the city reopens"
    text = f"{stamp}\n\n{title}\n\nPubs in the city may open until midnight from Monday."
    assert (title not in without_headline(text, title)) is skipped


def test_an_unpunctuated_headline_line_is_not_the_lede(corpus: Path, expectations: dict) -> None:
    # KnowTechie: the headline as the text's first line, no full stop, 13 words.
    from briefing.brief import make_brief

    name = "knowtechie.com.rally.html"
    page = extract_page((corpus / "html" / "dev" / name).read_bytes(), expectations[name]["url"])
    assert page is not None
    assert not make_brief(page.text).lede[0].startswith("Rocket Pass 4 in Rocket League")
