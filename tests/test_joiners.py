"""Zero-width joiners are part of how some languages are spelled (trial report #5).

U+200C (ZWNJ) writes the Persian half-space: "می\u200cآیند" ("they come") is one word whose
letters must not join across it. U+200D (ZWJ) asks for a half-form in Indic scripts:
Sinhala writes "ශ්\u200dරී" (Sri) with one. The Persian text is the Universal Declaration of
Human Rights, articles 1, 3, 4 and 5 of its Persian translation as the UN publishes it;
the Sinhala is the country's name, "ශ්\u200dරී ලංකා".
"""

from __future__ import annotations

from rich.cells import get_character_cell_size

from briefing.brief.extractive import _words
from briefing.brief.sentences import split_sentences
from briefing.cluster.features import ClusterItem, extract_features
from briefing.extract.html import extract_page
from briefing.extract.plaintext import read_text_document
from briefing.sanitize import clean_block, clean_inline, strip_controls
from briefing.text.words import content_words
from briefing.tui.safe import safe_line, safe_text
from tests.conftest import make_settings
from tests.test_refresh import rss

ZWNJ, ZWJ = "\u200c", "\u200d"

UDHR_FA = [
    "تمام افراد بشر آزاد به دنیا می\u200cآیند و از لحاظ حیثیت و حقوق با هم برابرند. "
    "همه دارای عقل و وجدان می\u200cباشند و باید نسبت به یکدیگر با روح برادری رفتار کنند.",
    "هر کس حق زندگی، آزادی و امنیت شخصی دارد.",
    "احدی را نمی\u200cتوان در بردگی نگاهداشت و داد و ستد بردگان به هر شکلی که باشد ممنوع است.",
    "احدی را نمی\u200cتوان تحت شکنجه یا مجازات یا رفتاری قرار داد که ظالمانه و یا برخلاف "
    "انسانیت و شئون بشری یا موهن باشد.",
]
SRI_LANKA = "\u0dc1\u0dca\u200d\u0dbb\u0dd3 \u0dbd\u0d82\u0d9a\u0dcf"


def test_the_sanitizer_keeps_the_joiners_that_spell_words() -> None:
    for text in [*UDHR_FA, SRI_LANKA]:
        assert strip_controls(text) == text
        assert clean_inline(text) == text
        assert clean_block(text) == text


def test_a_persian_page_keeps_its_half_spaces_through_extraction() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in UDHR_FA)
    page = (f'<html lang="fa" dir="rtl"><head><title>اعلامیه\u200cی جهانی حقوق بشر</title>'
            f'<meta property="og:site_name" content="{SRI_LANKA}"></head>'
            f"<body><article><h1>اعلامیه\u200cی جهانی حقوق بشر</h1>{paragraphs}</article>"
            "</body></html>")
    as_references = page.replace(ZWNJ, "&zwnj;").replace(ZWJ, "&#x200D;")
    for document in (page, page.encode("utf-8"), as_references.encode("utf-8")):
        extracted = extract_page(document, "http://127.0.0.1/udhr-fa.html")
        assert extracted is not None
        assert extracted.title == "اعلامیه\u200cی جهانی حقوق بشر"
        assert extracted.site == SRI_LANKA
        for paragraph in UDHR_FA:
            assert paragraph in extracted.text


def test_a_persian_text_file_keeps_its_half_spaces() -> None:
    raw = "\n\n".join(["اعلامیه\u200cی جهانی حقوق بشر", *UDHR_FA]).encode("utf-8")
    for markdown in (False, True):
        title, text = read_text_document(raw, markdown=markdown)
        assert title == "اعلامیه\u200cی جهانی حقوق بشر"
        assert all(p in text for p in UDHR_FA)


def test_a_word_with_a_half_space_is_one_word() -> None:
    sentences = split_sentences(UDHR_FA[0])
    assert [s.text for s in sentences] == [
        "تمام افراد بشر آزاد به دنیا می\u200cآیند و از لحاظ حیثیت و حقوق با هم برابرند.",
        "همه دارای عقل و وجدان می\u200cباشند و باید نسبت به یکدیگر با روح برادری رفتار کنند."]
    assert [_words(s) for s in sentences] == [16, 16]  # "می\u200cآیند", "می\u200cباشند": one each
    words = content_words(UDHR_FA[2])
    assert "نمیتوان" in words and "می" not in words and "توان" not in words
    # Spelled with or without the half-space (writers do both), a word is the same word.
    assert words == content_words(UDHR_FA[2].replace(ZWNJ, ""))


def test_clustering_reads_a_half_spaced_word_as_its_plain_spelling() -> None:
    title = "اعلامیه\u200cی جهانی حقوق بشر"
    joined = extract_features(ClusterItem("a", title, " ".join(UDHR_FA)))
    plain = extract_features(ClusterItem("b", title.replace(ZWNJ, ""),
                                         " ".join(UDHR_FA).replace(ZWNJ, "")))
    assert joined == plain
    assert "نمیتوان" in joined and "توان" not in joined


def _drawn_cells(text: str) -> int:
    """Cells a terminal that gives each letter its own cell uses for `text`."""
    return sum(get_character_cell_size(c) for c in text)


def test_the_reader_measures_a_joined_word_as_a_terminal_draws_it() -> None:
    # Rich counts the letter after a ZWJ as no cell; a terminal gives it one.
    for text in (safe_text(SRI_LANKA), safe_line(SRI_LANKA)):
        assert text.cell_len == _drawn_cells(SRI_LANKA)
    assert safe_text(UDHR_FA[0]).plain == UDHR_FA[0]  # a ZWNJ is no cell to either


def _udhr_page(head: str = "", body: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in UDHR_FA) + body
    return (f'<html lang="fa" dir="rtl"><head><title>اعلامیه\u200cی جهانی حقوق بشر</title>{head}'
            f"</head><body><article><h1>اعلامیه\u200cی جهانی حقوق بشر</h1>{paragraphs}"
            "</article></body></html>")


def test_an_address_with_a_joiner_is_read_as_it_was_before_joiners_were_kept() -> None:
    # Addresses are not held: a raw ZWNJ in a canonical link is percent-encoded as itself
    # (a stand-in there made another address, so another article key); an og:url loses it.
    address = "https://news.example.org/news/حقوق\u200cبشر"
    canonical = extract_page(_udhr_page(f'<link rel="canonical" href="{address}">'),
                             "http://127.0.0.1/udhr-fa.html")
    assert canonical is not None and ZWNJ in canonical.text
    assert canonical.canonical_url == ("https://news.example.org/news/"
                                       "%D8%AD%D9%82%D9%88%D9%82%E2%80%8C%D8%A8%D8%B4%D8%B1")
    og_url = extract_page(_udhr_page(f'<meta property="og:url" content="{address}">'),
                          "http://127.0.0.1/udhr-fa.html")
    assert og_url is not None and ZWNJ in og_url.text
    assert og_url.canonical_url == "https://news.example.org/news/حقوقبشر"


def test_joiners_are_found_whatever_the_encoding_or_the_reference() -> None:
    page = _udhr_page()
    # windows-1256, the legacy Persian encoding, writes ZWNJ as byte 0x9D (and has no
    # Persian yeh or keheh: their Arabic forms stand in).
    legacy = page.replace("<head>", '<head><meta charset="windows-1256">')
    legacy = legacy.replace("\u06cc", "\u064a").replace("\u06a9", "\u0643")
    documents = [legacy.encode("cp1256"),
                 page.replace("<head>", '<head><meta charset="utf-16">').encode("utf-16")]
    documents += [page.replace(ZWNJ, ref).encode() for ref in ("&#X200C;", "&#x0200c;", "&#08204;")]
    for document in documents:
        extracted = extract_page(document, "http://127.0.0.1/udhr-fa.html")
        assert extracted is not None
        assert "\u200cآ" in extracted.text and ZWNJ in extracted.title  # می‌آیند


def test_a_page_that_writes_a_stand_in_keeps_it() -> None:
    # A Linear B syllable on the page is its own text, never turned into a joiner.
    extracted = extract_page(_udhr_page(body="<p>Linear B: \U00010000 \U00010001.</p>"),
                             "http://127.0.0.1/udhr-fa.html")
    assert extracted is not None
    assert "\U00010000 \U00010001" in extracted.text


def test_a_joiner_between_emoji_is_dropped_after_extraction_too() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    extracted = extract_page(_udhr_page(body=f"<p>خانواده {family} در خانه ماندند.</p>"),
                             "http://127.0.0.1/udhr-fa.html")
    assert extracted is not None
    assert "\U0001f468\U0001f469\U0001f467" in extracted.text and ZWNJ in extracted.text


def test_a_title_or_feed_name_of_joiners_alone_is_no_title(tmp_path, feed_server) -> None:
    """Nothing to see is no name: the article is "(untitled)", the feed named by its URL."""
    from briefing.refresh import refresh_all
    from briefing.store import Store

    assert clean_inline(ZWNJ * 3) == clean_inline(f" {ZWNJ} {ZWNJ}{ZWJ} ") == ""
    assert clean_inline(f"{ZWNJ}a") == f"{ZWNJ}a"
    items = [{"title": ZWNJ * 2, "link": "http://127.0.0.1:9/unread", "guid": "joiners",
              "description": UDHR_FA[0]}]
    feed = feed_server.add_bytes("/joiners.xml", rss(ZWNJ * 3, items))
    settings = make_settings(tmp_path, [feed], full_text=False)
    with Store.open(settings.database) as store:
        report = refresh_all(store, settings)
        assert report.new == 1 and not report.failures
        assert [row.title for row in store.articles.page()] == ["(untitled)"]
        assert [f.display_name for f in store.feeds.all()] == [feed]
    title, _ = read_text_document(f"# {ZWNJ * 3}\n\n{UDHR_FA[0]}\n".encode(), markdown=True)
    assert title == ""
