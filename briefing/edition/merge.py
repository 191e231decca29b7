"""One brief for a story from its articles' briefs, every point naming its article.

- Any article whose author wrote the sections (method "signposts" or "mixed") supplies
  those panels: the author's words win over anything derived.
- Otherwise the lede and "why it matters" come from the most central article (the one
  most like the others), "what to know" takes points from all articles in turn, most
  central first, skipping a point another source already made, and "what's next" takes
  forward-looking points from any article.

A point "already made" is one whose words mostly repeat a chosen point's; or, beside
the lede and the points of its own panel, one whose tf-idf cosine with one reaches
`SAME_FACT`, the inverse document frequencies taken over every point of the story's
articles: the words the whole story uses (its people, its place) weigh little, the words
that tell one fact from another weigh most, so the same next step told three ways is
shown once. Across panels the bar is higher: a why told again as another source's key
fact is one at `SAME_FACT_ACROSS`; a next step and a fact play different parts, and a
shared title or name, "assistant general manager Tony DiLeo", is not yet a shared fact,
so only their words count.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from briefing.models import PANELS, Brief
from briefing.store.stories import StoryArticle
from briefing.text.context import needs_context
from briefing.text.words import content_words

SAME_POINT = 0.5
"""Word-set overlap (Jaccard) above which two points say the same thing."""
SAME_FACT = 0.2
"""Tf-idf cosine over the story's points at which two points tell the same fact in other
words ("DiLeo will replace Cheeks as interim head coach ..." and "Cheeks will be replaced
on an interim basis by ... DiLeo"); set on the corpus clusters (bench/BRIEFS.md)."""
SAME_FACT_ACROSS = 0.4
"""The cosine at which a key fact repeats a why point: higher than SAME_FACT, as a story's
panels share its names and titles ("Reid, 33, with a reputation as one who drinks
and parties ..." under Why it matters, "Reid, 33, earned a reputation as a drunken partier
..." from another source under What to know: 0.56)."""
WHATS_NEXT_POINTS = 3
"""A brief holds one to three forward-looking points, as an article's own brief does."""

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2}


class _Likeness:
    """How alike two points of one story are: word-set overlap, and tf-idf cosine with
    the inverse document frequencies of the story's own points."""

    def __init__(self, points: Iterable[str]) -> None:
        bags = [set(content_words(p)) for p in points]
        counts = Counter(w for bag in bags for w in bag)
        self._idf = {w: math.log((len(bags) + 1) / c) for w, c in counts.items()}
        self._unseen = math.log(len(bags) + 1)  # a word no point of the story holds

    def vector(self, point: str) -> dict[str, float]:
        tf = Counter(content_words(point))
        vector = {w: (1 + math.log(c)) * self._idf.get(w, self._unseen) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        return {w: x / norm for w, x in vector.items()}

    def profile(self, point: str) -> tuple[set[str], dict[str, float]]:
        return _words(point), self.vector(point)

    @staticmethod
    def same(a: tuple[set[str], dict[str, float]], b: tuple[set[str], dict[str, float]],
             *, at: float | None = SAME_FACT) -> bool:
        """True when the two points mostly share their words or when their cosine reaches
        `at` (None: words only)."""
        (words_a, vector_a), (words_b, vector_b) = a, b
        if words_a and words_b and len(words_a & words_b) / len(words_a | words_b) > SAME_POINT:
            return True
        if at is None:
            return False
        if len(vector_a) > len(vector_b):
            vector_a, vector_b = vector_b, vector_a
        return sum(x * vector_b.get(w, 0.0) for w, x in vector_a.items()) >= at


def central_order(members: Sequence[StoryArticle],
                  features: Mapping[str, Mapping[str, float]]) -> list[StoryArticle]:
    """Members, the most central first (summed cosine of clustering features)."""
    # The summed cosine of u with the others is u . (total - u) for unit vectors: linear
    # in the members, not quadratic (stories of a few hundred articles exist).
    units: dict[str, dict[str, float]] = {}
    total: dict[str, float] = {}
    for m in members:
        vector = features.get(m.id) or {}
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        units[m.id] = unit = {t: x / norm for t, x in vector.items()}
        for t, x in unit.items():
            total[t] = total.get(t, 0.0) + x
    # Rounded, so that members with the same features tie (and the id decides) whatever
    # order the floating-point sums ran in.
    scores = {m.id: round(sum(x * (total[t] - x) for t, x in units[m.id].items()), 9)
              for m in members}
    return sorted(members, key=lambda m: (-scores[m.id], m.id))


# A headline that shouts: a label of capitalised words before a colon ("CHARGED WITH
# MURDER:", "BREAKING NEWS:") or a known one-word tabloid label ("EXCLUSIVE:", "WATCH:"),
# or three capitalised words in a row. An acronym before a colon ("UNICEF:", "COVID-19:")
# or in a list ("NATO, EU and UN") is no shouting.
_SHOUTING = re.compile(
    r"^\s*(?:[A-Z]{2,}\s+)+[A-Z]{2,}\s*:|^\s*(?:EXCLUSIVE|BREAKING|WATCH|REVEALED|SHOCK|"
    r"UPDATE|VIDEO|PICTURES|PHOTOS)\s*:|\b[A-Z]{4,}(?:\s+[A-Z]{3,}){2,}\b")


def shouts(title: str) -> bool:
    """True for a headline in tabloid capitals, which a story's title should not be when
    another of its articles says the same in words."""
    return bool(_SHOUTING.search(title))


def merge_story(members: Sequence[StoryArticle],
                features: Mapping[str, Mapping[str, float]],
                *, what_to_know: int = 5) -> tuple[StoryArticle, Brief]:
    """The lead article (the most central whose headline does not shout) and the story's
    brief."""
    ordered = central_order(members, features)
    lead = next((m for m in ordered if not shouts(m.title)), ordered[0])
    briefed = [m for m in ordered if m.brief is not None]
    if not briefed:
        return lead, Brief(method="story")
    if len(members) == 1:  # a story of one: the article's own brief, offsets and all
        brief = lead.brief
        return lead, replace(brief, sources={panel: (lead.id,) * len(brief.panel(panel))
                                             for panel in PANELS if brief.panel(panel)})
    panels: dict[str, list[tuple[str, str]]] = {}
    likeness = _Likeness(p for m in briefed for panel in PANELS for p in m.brief.panel(panel))
    authored = [m for m in briefed if m.brief.method in ("signposts", "mixed")]
    first = briefed[0]
    for panel in ("lede", "why_it_matters", "what_people_are_saying"):
        source = next((m for m in authored if m.brief.panel(panel)), None) if panel != "lede" \
            else None
        source = source or next((m for m in briefed if m.brief.panel(panel)), first)
        panels[panel] = [(p, source.id) for p in source.brief.panel(panel)]
    panels["what_to_know"] = _interleave(authored or briefed, "what_to_know", what_to_know,
                                         taken=panels, likeness=likeness)
    panels["whats_next"] = _interleave(authored or briefed, "whats_next", WHATS_NEXT_POINTS,
                                       taken=panels, likeness=likeness)
    if not panels["whats_next"] and authored:
        panels["whats_next"] = _interleave(briefed, "whats_next", WHATS_NEXT_POINTS,
                                           taken=panels, likeness=likeness)
    return lead, Brief(
        **{panel: tuple(p for p, _ in points) for panel, points in panels.items()},
        method="story",
        version=max(m.brief.version for m in briefed),
        sources={panel: tuple(i for _, i in points) for panel, points in panels.items()},
    )


def _runs(points: Sequence[str]) -> list[list[str]]:
    """An article's points in runs: each point with the points after it that lean on it
    ("He also urged calm ..."), which only read right beside it."""
    runs: list[list[str]] = []
    for point in points:
        if runs and needs_context(point):
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _across(panel: str, other: str) -> float | None:
    """The cosine at which a point of `other` repeats one of `panel`: SAME_FACT_ACROSS
    between a why and a key fact, words only where a next step is one of the two."""
    return None if "whats_next" in (panel, other) else SAME_FACT_ACROSS


def _interleave(members: Sequence[StoryArticle], panel: str, limit: int,
                taken: Mapping[str, list[tuple[str, str]]],
                likeness: _Likeness) -> list[tuple[str, str]]:
    """Points from each article in turn, dropping ones that repeat a point already chosen
    (in this panel or another).

    A point that leans on the one before it comes with it or not at all, and one that
    leans on an unshown sentence of its article (its lede, say) only from the article
    whose lede the story shows."""
    # Points that a new one is compared with across panels, and in its own panel.
    elsewhere = [(likeness.profile(p), _across(name, panel)) for name, points in taken.items()
                 for p, _ in points if name not in ("lede", panel)]
    close = [likeness.profile(p) for p, _ in taken.get("lede", ())]
    lede_source = next((i for _, i in taken.get("lede", ())), None)
    queues = [_runs(m.brief.panel(panel)) for m in members if m.brief is not None]
    ids = [m.id for m in members if m.brief is not None]
    chosen: list[tuple[str, str]] = []
    while len(chosen) < limit and any(queues):
        for queue, article_id in zip(queues, ids, strict=True):
            while queue and len(chosen) < limit:
                run = queue.pop(0)
                profiles = [likeness.profile(point) for point in run]
                if (len(chosen) + len(run) > limit
                        or (article_id != lede_source and needs_context(run[0]))
                        or any(likeness.same(p, other) for p in profiles for other in close)
                        or any(likeness.same(p, other, at=at)
                               for p in profiles for other, at in elsewhere)):
                    continue
                close.extend(profiles)
                chosen.extend((point, article_id) for point in run)
                break
    return chosen
