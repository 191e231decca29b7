"""Turn an article's title and lede into a sparse bag of weighted terms.

The features are what the clusterer stores per article: a plain ``{term: weight}`` dict
(JSON-ready) holding sublinear term frequencies with the title and named entities
up-weighted. Inverse document frequencies are *not* baked in, because they change as
articles arrive; the clusterer applies them at scoring time.

Terms are lower-cased, stop words dropped and plurals folded by a tiny suffix rule, so
"Checks"/"checked"/"check" do not all merge (no full stemmer) but "quakes"/"quake" do.
An *entity* is a word written with a capital letter where grammar does not force one
(not at a sentence start, or in a normal-case headline) and never written in lower
case elsewhere in the same article: "Lohan", "Woodburn", "TSMC", but not "Rehab" in a
title-case headline whose text says "rehab". Entities and numbers ("6.1", "20-13") are
what tells two same-kind events apart (two rehab stays, two quakes), so they weigh more.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from briefing.sanitize import without_joiners

FEATURES_VERSION = 1
"""Bump when the feature recipe changes, so a store re-derives saved features."""

LEDE_WORDS = 100
"""How much body text counts besides the title: a lede, not the whole article, so a
long piece and a short wire item of the same event still look alike."""

TITLE_WEIGHT = 2.0
"""A word in the headline counts as much as two in the lede."""

ENTITY_BOOST = 2.0
"""Weight multiplier for entities and numbers, the event-specific terms."""


@dataclass(frozen=True)
class ClusterItem:
    """What the clusterer needs to know about one article."""

    id: str
    title: str
    text: str
    published: datetime | None = None
    source: str | None = None


_STOP = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could did do does doing don't down
    during each few for from further had has have having he he'd he'll he's her here here's
    hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its
    itself let's me more most my myself no nor not of off on once only or other ought our ours
    ourselves out over own same she she'd she'll she's should so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're they've
    this those through to too under until up very was wasn't we we'd we'll we're we've were
    what what's when when's where where's which while who who's whom why why's will with won't
    would you you'd you'll you're you've your yours yourself yourselves said says say told
    according just new now one two year years day days time week weeks last first us mr mrs ms
    would like get got also may might must since still well back even many much made make
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
    am pm et gmt s t re ve ll d m o
    """.split()
)

# Words in any script, kept whole across inner hyphens, apostrophes and decimal points:
# "co-worker", "Peterson's", "6.1", "20-13", "76ers".
_TOKEN = re.compile(r"[^\W_]+(?:[-'’.,:/][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+$")


@functools.lru_cache(maxsize=1 << 14)
def _fold(word: str) -> str:
    """Lower-case, strip accents and possessives, fold simple plurals. Cached: news
    repeats its words, and each is folded twice an article."""
    word = word.lower().replace("’", "'")
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word)
        word = "".join(ch for ch in word if not unicodedata.combining(ch))
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _mostly_upper(text: str) -> bool:
    letters = list(filter(str.isalpha, text))  # map/filter: a third of the time of loops
    return bool(letters) and sum(map(str.isupper, letters)) > 0.6 * len(letters)


def _title_case(words: list[str]) -> bool:
    """A headline where most content words are capitalised says nothing about entities."""
    content = [w for w in words if w.lower() not in _STOP and w[0].isalpha()]
    return bool(content) and sum(w[0].isupper() for w in content) > 0.6 * len(content)


def _lede(title: str, text: str, words: int) -> str:
    """The first `words` words of the body, skipping a repeat of the title."""
    body = text.strip()
    if title and body.startswith(title.strip()):
        body = body[len(title.strip()) :]
    parts = body.split(None, words)
    return " ".join(parts[:words])


def _scan(text: str, capitals_count: bool, upper: bool,
          lowercase: set[str]) -> list[tuple[str, bool]]:
    """(folded term, written capitalised where grammar does not force it) per token;
    `upper` is `_mostly_upper(text)`. Terms written in lower case (unless the text is
    mostly capitals) are added to `lowercase`."""
    out: list[tuple[str, bool]] = []
    first = len(text) - len(text.lstrip())  # tokens before this are at the very start
    for match in _TOKEN.finditer(text):
        raw = match.group()
        term = _fold(raw)
        if term in _STOP or (len(term) < 2 and not term.isdigit()):
            continue
        if raw[0].islower():
            if not upper:
                lowercase.add(term)
            out.append((term, False))
            continue
        start = match.start()
        initial = start <= first or bool(_SENTENCE_END.search(text[max(0, start - 4):start]))
        capital = raw[0].isupper() and capitals_count and not upper and not initial
        out.append((term, capital))
    return out


def extract_features(
    item: ClusterItem,
    *,
    lede_words: int = LEDE_WORDS,
    title_weight: float = TITLE_WEIGHT,
    entity_boost: float = ENTITY_BOOST,
) -> dict[str, float]:
    """Weighted terms of the title and lede; empty for an article with no words."""
    title = without_joiners(item.title or "").strip()
    lede = _lede(title, without_joiners(item.text or ""), lede_words)
    title_words = [m.group() for m in _TOKEN.finditer(title)]
    # A word seen in lower case anywhere is a common word, whatever its capitals elsewhere.
    lowercase: set[str] = set()
    title_tokens = _scan(title, not _title_case(title_words), _mostly_upper(title), lowercase)
    lede_tokens = _scan(lede, True, _mostly_upper(lede), lowercase)

    counts: dict[str, float] = {}
    capitalised: set[str] = set()
    for tokens, weight in ((title_tokens, title_weight), (lede_tokens, 1.0)):
        for term, capital in tokens:
            counts[term] = counts.get(term, 0.0) + weight
            if capital:
                capitalised.add(term)

    features: dict[str, float] = {}
    for term, count in counts.items():
        weight = 1.0 + math.log(count)  # sublinear: repetition is weak evidence
        if term[0].isdigit() or (term in capitalised and term not in lowercase):
            weight *= entity_boost
        features[term] = round(weight, 4)
    return features
