"""Property tests (hypothesis) for the parts that eat untrusted text: the clean-up, the
signpost sectioner, the URL canonicaliser and feed ingestion, seeded with the corpus's
ill-formed feeds and real signposted stories.

CI runs a short pass (200 examples each). The long run is documented in bench/FUZZ.md:
    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from briefing.brief import make_brief
from briefing.brief.signposts import LABELS, find_sections
from briefing.extract.cleanup import drop_non_prose
from briefing.sanitize import clean_block, clean_inline, strip_controls
from briefing.sources.feeds import html_to_text, parse_feed
from briefing.urls import canonical_url, is_http_url, resolve, same_site
from tests.paths import CORPUS, DATA, needs_corpus
from tests.safety import unsafe_chars

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES = {"ci": 200, "long": 20_000}.get(PROFILE, 200)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=PROFILE == "ci",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ESCAPES = ["\x1b[31m", "\x1b[0m", "\x1b]8;;http://evil.example/\x07", "\x1b]52;c;QQ==\x07",
           "\x1bP1$r\x1b\\", "\x9b2J", "\x9d0;t\x9c", "\x1b", "\x07", "\x00", "\r\n", "\r",
           "\t", "\u202e", "\u2066", "\u200b", "\ufeff", "\x85", "\u2028", "[/]", "[b]",
           "<script>", "&amp;", "&#27;", "\n\n\n", "  "]

hostile_text = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(ESCAPES)),
                        max_size=30).map("".join)


@FUZZ
@given(hostile_text)
@example("a\x1b\x1b[31mb")
@example("\x1b]8;;x\x1b\x1b\\\\y")
def test_cleanup_removes_every_control_and_is_stable(text):
    for cleaned in (strip_controls(text), clean_inline(text), clean_block(text)):
        assert unsafe_chars(cleaned) == [], repr(text)
    once = strip_controls(text)
    assert strip_controls(once) == once
    line = clean_inline(text, limit=80)
    assert "\n" not in line and len(line) <= 80 and clean_inline(line, limit=80) == line
    block = clean_block(text)
    assert clean_block(block) == block and "\n\n\n" not in block
    # Clean-up drops paragraphs, and joins again a sentence a line break cut in two: each
    # paragraph kept is a run of the block's paragraphs.
    paras = block.split("\n\n")
    runs = {" ".join(paras[i:j]) for i in range(len(paras)) for j in range(i + 1, len(paras) + 1)}
    assert set(drop_non_prose(block).split("\n\n")) <= runs | {""}


@FUZZ
@given(hostile_text)
def test_html_fragments_become_clean_text(text):
    out = html_to_text(f"<p>{text}</p><script>{text}</script><b>{text}</b>")
    assert unsafe_chars(out) == [] and "<script" not in out.lower()


def _signposted_stories() -> list[str]:
    folder = CORPUS / "signposts"
    if not folder.is_dir():
        return ["Why it matters: A test.\n\nThe rest."]
    return [json.loads(line)["text"] for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


STORIES = _signposted_stories()
label = st.sampled_from(sorted(LABELS)).flatmap(lambda name: st.sampled_from([
    name, name.title(), name.upper(), f"**{name.title()}:**", f"## {name}", f"{name}:",
    f"_{name}_ —", f"{name}?", f"> {name} -"]))
paragraph = st.one_of(st.text(min_size=1, max_size=200).map(lambda t: t.replace("\n", " ")),
                      st.tuples(label, st.text(max_size=120)).map(" ".join), label,
                      st.sampled_from(["- a bullet point.", "• another one", "1. numbered",
                                       "Photo: AP", "Advertisement", ""]))


@st.composite
def signposted(draw: st.DrawFn) -> str:
    """A corpus story with paragraphs dropped, shuffled or added, or one made up."""
    if draw(st.booleans()):
        paras = draw(st.sampled_from(STORIES)).split("\n")
        paras = draw(st.permutations(paras)) if draw(st.booleans()) else paras
        extra = draw(st.lists(paragraph, max_size=5))
        at = draw(st.integers(0, len(paras)))
        paras = paras[:at] + extra + paras[at:]
    else:
        paras = draw(st.lists(paragraph, max_size=25))
    return "\n".join(paras)


@FUZZ
@given(signposted())
def test_sectioner_spans_point_into_the_text_and_briefs_never_fail(text):
    sections = find_sections(text)
    spans = sections.lede + sections.body + [s for v in sections.panels.values() for s in v]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text, (span, text[span.start:span.end])
    assert set(sections.panels) <= set(LABELS.values())
    brief = make_brief(clean_block(text))
    for panel, offsets in brief.offsets.items():
        for span in offsets:
            assert span is None or 0 <= span[0] <= span[1] <= len(clean_block(text)), panel


TRACKING = {"utm_source", "fbclid", "gclid", "utm_campaign", "mc_eid"}
host = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z]{2,6}){1,2}", fullmatch=True)
param = st.tuples(st.sampled_from(["id", "q", "page", "utm_source", "fbclid", "gclid",
                                   "utm_campaign", "ref", "mc_eid", "x"]),
                  st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                          max_size=10))
url = st.builds(
    lambda scheme, h, port, path, query, frag: (
        f"{scheme}://{h}{port}/{path}" + ("?" + "&".join(f"{k}={v}" for k, v in query)
                                          if query else "") + (f"#{frag}" if frag else "")),
    st.sampled_from(["http", "https", "HTTP", "HtTpS"]),
    st.one_of(host, host.map(str.upper), st.just("127.0.0.1"), st.just("[::1]")),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.text(st.characters(codec="ascii", exclude_characters="?#% \t\r\n\x00"), max_size=30),
    st.lists(param, max_size=5),
    st.text(max_size=8),
)


@FUZZ
@given(url)
@example("http://127.0.0.1/fbclid?utm_source=x#f")  # a path may say "fbclid" (long run)
def test_canonical_urls_are_stable_http_and_free_of_tracking(raw):
    assume(is_http_url(raw))
    canon = canonical_url(raw)
    assert is_http_url(canon), (raw, canon)
    assert canonical_url(canon) == canon, (raw, canon)
    parts = urlsplit(canon)
    assert parts.fragment == "" and not TRACKING & {k for k, _ in parse_qsl(parts.query)}
    assert same_site(raw, canon)


@FUZZ
@given(st.one_of(hostile_text, url.map(lambda u: u + "\x1b[0m"), st.sampled_from([
    "javascript:alert(1)", "data:,x", "file:///etc/passwd", "//evil.example/", "http://[::1",
    "http://a:99999/", "http://a:-1/", "http://\u202eevil/"])))
def test_any_string_is_safely_judged_and_resolved(href):
    ok = is_http_url(href)  # never raises
    assert not ok or unsafe_chars(href) == []
    got = resolve("http://127.0.0.1/feed.xml", href)
    assert got is None or is_http_url(got)
    if ok:
        canonical_url(href)  # never raises for a URL we accept


def _feed_seeds() -> list[bytes]:
    files = [p for kind in ("illformed", "wellformed")
             for p in sorted((CORPUS / "feeds" / kind).rglob("*")) if p.is_file()]
    files = files or sorted((DATA / "feeds").iterdir())  # a bare clone: the repository's own
    return [p.read_bytes() for p in files]


FEEDS = _feed_seeds()


@st.composite
def mutated_feed(draw: st.DrawFn) -> bytes:
    """A corpus feed (ill-formed ones first in the pool) with bytes cut, flipped or spliced."""
    data = bytearray(draw(st.sampled_from(FEEDS)))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["cut", "flip", "splice", "truncate", "escape"]))
        at = draw(st.integers(0, len(data)))
        if op == "cut":
            del data[at:at + draw(st.integers(1, 50))]
        elif op == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "splice":
            data[at:at] = draw(st.binary(max_size=40))
        elif op == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(st.sampled_from(ESCAPES)).encode("utf-8", "surrogatepass")
    return bytes(data)


@FUZZ
@given(mutated_feed(), st.sampled_from([None, "application/rss+xml", "text/html",
                                        "application/xml; charset=iso-8859-1", "text/plain"]))
def test_feed_ingestion_never_raises_and_keeps_only_clean_data(data, content_type):
    parsed = parse_feed(data, "http://127.0.0.1/feed.xml", content_type)
    assert unsafe_chars(parsed.title) == [] and len(parsed.title) <= 500
    assert parsed.site_url is None or is_http_url(parsed.site_url)
    for entry in parsed.entries:
        assert entry.link is None or is_http_url(entry.link)
        for value in (entry.title, entry.text, entry.author or "", entry.guid or ""):
            assert unsafe_chars(value) == [], repr(value)
        assert len(entry.title) <= 500


@pytest.mark.skipif(PROFILE != "long", reason="long fuzz run only")
def test_profile_is_long():
    assert EXAMPLES >= 10_000


@needs_corpus("feeds")
def test_seeds_are_loaded():
    assert len(FEEDS) > 100 and len(STORIES) >= 5, (len(FEEDS), len(STORIES))
    assert Path(CORPUS).is_dir()
