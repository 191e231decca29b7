"""The extractive briefer: every panel from the text alone, offline.

Used for articles without author-written signposts, and to fill the panels a signposted
article leaves out. Panels claim sentences in turn, so no sentence is shown twice:

1. lede: the first prose sentence (two when the first is a short teaser);
2. why_it_matters: the one or two sentences that say why the news matters, chosen by
   what they say (consequence, stakes, scale, cause, context; significance.py), not by
   where they sit; none when no sentence says it plainly enough. The first and, on a
   lower bar, a second claim before the key points: a sentence that says why is read as a
   fact among facts under "What to know"; a second that could not be claimed then may come
   from what the key points leave. A dated next step ("will vote on 14 March") is left to
   whats_next, and so is the one sentence that looks ahead when another says why;
3. whats_next: one to three sentences that look ahead (plans, dates, deadlines, pending
   decisions, forecasts, possibilities, calls to act; outlook.py, in English, German,
   Spanish and French), or none: none either when one sentence alone looks ahead, and
   not plainly (a review's or a quote's way of speaking). The first two claim before the
   key points, so the future is not buried among them; a third, on a lower bar, comes
   from what the key points leave. A point that would bring along a sentence that does
   not look ahead waits its turn;
4. what_to_know: the most central, concrete, non-redundant sentences (TextRank + MMR),
   shown in text order;
5. what_people_are_saying: the longest attributed direct quotes left.

Every point is an exact span of the text, its source named as the text names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

from briefing.brief.cues import (
    bare_surname,
    forward_score,
    goes_on_about_the_news,
    is_aside,
    is_attribution_only,
    is_concrete,
    is_credit,
    is_fragment,
    is_furniture,
    is_lead_in,
    scheduled,
    strip_lead_in,
    things_pointed_at,
)
from briefing.brief.outlook import THRESHOLD as NEXT_THRESHOLD
from briefing.brief.outlook import next_probabilities
from briefing.brief.rank import MAX_RANKED, Graph, centrality, pick
from briefing.brief.sentences import (
    Sentence,
    ends_question,
    ends_sentence,
    paragraphs,
    split_span,
)
from briefing.brief.significance import THRESHOLD as WHY_THRESHOLD
from briefing.brief.significance import why_probabilities
from briefing.extract.cleanup import (
    is_author_box,
    is_furniture_sentence,
    is_link_teaser,
    opens_boilerplate,
)
from briefing.models import BRIEF_VERSION as VERSION
from briefing.models import Brief
from briefing.text.context import needs_context, refers_back_unshown
from briefing.text.quotes import (
    opens_quote_unclosed,
    quote_balance,
    quote_pair,
    quoted_words,
    speaker,
)

# The order panels claim sentences in: the key facts first (see above); quotes come last
# so a quote that is also a key fact stays a key fact.
PANEL_ORDER = ("lede", "why_it_matters", "whats_next", "what_to_know", "what_people_are_saying")
_ALL = frozenset(PANEL_ORDER)
_QUOTE_OR_BRACKET = tuple("\"'”’)")  # a quotation or an aside closes a paragraph too
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TEASER_WORDS = 10       # a lede shorter than this gets its next sentence too
_MIN_POINT_WORDS = 6
_HEADING_WORDS = 12     # a line without closing punctuation shorter than this is a heading
_MIN_ITEM_WORDS = 4      # a list item this long is a point even without a full stop
_ADJACENT = 4            # characters between two sentences that follow each other


# A list mark: a dash, bullet or number and a space, or a dash run into a capital letter
# ("-La historia de ...").
_BULLET = re.compile(r"^(?:(?:[-–•*·▪●]|\d{1,2}[.)])\s+|[-–•](?=[A-Z\u00C0-\u00DE¿¡]))")


def without_bullet(span: Sentence) -> Sentence:
    """The span without a leading list mark: "- The district is ..." -> "The district is"."""
    if mark := _BULLET.match(span.text):
        return Sentence(span.text[mark.end():], span.start + mark.end(), span.end)
    return span


def prose_sentences(spans: Iterable[Sentence]) -> list[Sentence]:
    """The sentences of prose paragraphs, without captions, credits, subheads, datelines,
    page furniture, fragments (a date alone, a chart label), list marks,
    a headline repeated above the story, the boilerplate a press release ends with, or
    the note on the author that closes a post."""
    out: list[Sentence] = []
    openings: dict[tuple[str, ...], set[str]] = {}  # a repeated sentence is shown once
    spans = list(spans)
    spans = spans[:_closing_links(spans)]
    for n, para in enumerate(spans):
        if n == 0 and len(spans) > 1 and not _closed(para.text):
            continue  # the headline the page repeats above the story, however long
        if out and opens_boilerplate(para.text):
            break  # "About Acme Corp", "Forward-Looking Statements": nothing after is news
        if is_furniture(para.text) or is_link_teaser(para.text) or (
                n == len(spans) - 1 and out and is_author_box(para.text)):
            continue
        # A line with no closing punctuation is a headline, subhead or list label; a
        # list item of a few words is a point, once the story has begun: above its first
        # sentence, such items are the headline's summary in headline style ("- MPs adding
        # pressure to bolster protections ..."), not the news in the writer's sentences.
        words = len(para.text.split())
        if not _closed(para.text) and (
                (words < _HEADING_WORDS and not (words >= _MIN_ITEM_WORDS and _BULLET.match(para.text)))
                or (not out and _BULLET.match(para.text))):
            continue
        para = without_bullet(para)
        for sent in split_span(para):
            if is_credit(sent.text) or is_furniture_sentence(sent.text) or is_fragment(sent.text):
                continue
            if (sent.start > para.start and not _closed(sent.text)
                    and len(sent.text.split()) < _HEADING_WORDS):
                continue  # a short, unclosed tail after a sentence: a heading run into it
            cut = strip_lead_in(sent.text)
            if cut:
                sent = Sentence(sent.text[cut:], sent.start + cut, sent.end)
            if _repeats(sent.text, openings):
                continue
            out.append(sent)
    return out


def _closing_links(spans: Sequence[Sentence]) -> int:
    """Where a list of links that closes the text begins, or len(spans) when none does:
    a heading ("Editors' Recommendations:", "MEDELLÍN") and then only list items without
    closing punctuation, the headlines of other stories."""
    n = len(spans)
    while n and _BULLET.match(spans[n - 1].text) and not ends_sentence(spans[n - 1].text):
        n -= 1
    heading = spans[n - 1].text if n else ""
    if len(spans) - n >= 2 and n > 1 and (heading.endswith(":") or (
            not ends_sentence(heading) and len(heading.split()) <= 6)):
        return n - 1
    return len(spans)


def _closed(text: str) -> bool:
    """True when a paragraph or sentence ends as a sentence, a quotation or an aside does."""
    return text.endswith(_QUOTE_OR_BRACKET) or ends_sentence(text)


_WORD = re.compile(r"\w+")
_OPENING_WORDS = 8


def _repeats(text: str, openings: dict[tuple[str, ...], set[str]]) -> bool:
    """True when an earlier sentence opened with the same words and one holds every word
    of the other (a caption repeating the text, a sentence printed twice with a credit
    added or a capital changed); records the sentence otherwise."""
    words = _WORD.findall(text.lower())
    key = tuple(words[:_OPENING_WORDS])
    earlier = openings.get(key) if len(key) == _OPENING_WORDS else None
    bag = set(words)
    if earlier is not None and (earlier <= bag or bag <= earlier):
        return True
    openings.setdefault(key, bag)
    return False


def _words(sentence: Sentence) -> int:
    """Word count; for CJK text, which has no spaces, about two characters a word."""
    words = len(sentence.text.split())
    if words < 4 and (cjk := len(_CJK_CHAR.findall(sentence.text))):
        words = max(words, cjk // 2)
    return words


def whole_quote(text: str) -> bool:
    """True for a sentence all quotation in double marks that names no speaker."""
    return (text[:1] in "\"“" and text.endswith(('."', '?"', '!"', ".”", "?”", "!”"))
            and speaker(text) is None)


def leaning(pool: Sequence[Sentence]) -> list[bool]:
    """For each sentence of the pool, whether it cannot be read without the sentence before
    it: it opens by referring back (`needs_context`), it goes on inside a quotation an
    earlier sentence opened ("There were some heartwarming moments."), it is a quotation
    naming no speaker after a sentence that quotes someone (their next words), or it
    points at "this volume" the sentence before names."""
    out = []
    in_quote = False
    for i, sent in enumerate(pool):
        text = sent.text
        after = i > 0 and pool[i].start - pool[i - 1].end <= _ADJACENT
        if not after:
            in_quote = False
        needs = needs_context(text) or (in_quote and text[:1] not in "\"“") or (
            i > 0 and whole_quote(text) and quoted_words(pool[i - 1].text) > 0)
        if not needs and after and (things := things_pointed_at(text)):
            before = pool[i - 1].text.lower()
            needs = any(thing.rstrip("s") in before for thing in things)
        out.append(needs)
        # A quotation in curly marks still open after this sentence? (Straight marks say
        # nothing reliable across sentences: which one opens and which closes is a guess.)
        # A sentence that opens with a quote mark starts a quotation of its own: a quote
        # running over paragraphs opens each one anew and closes only at its end.
        balance = quote_balance(text, straight=False)
        if balance or text[:1] == "“":
            in_quote = balance > 0
    return out


def strangers(pool: Sequence[Sentence]) -> list[str | None]:
    """For each sentence of the pool but the first, the surname it opens with when it
    gives that person's view ("Pay says ...", "Rundle himself theorized ...", "White said
    he was ..."), else None: shown without a sentence before it that names them (where
    the text introduces them, "Levi Pay, a former director of student services, ..."),
    the reader does not know who they are."""
    return [bare_surname(sent.text) if i else None for i, sent in enumerate(pool)]


# The panels whose sentence a point of each panel may lean on: its own, and for What to
# know the lede too (the story's subject, which the facts under it go on about). Under
# Why it matters "It would be ..." reads as the reason, not as the lede going on; under
# What's next it reads as the future of whatever came last.
def leans_on(panel: str) -> tuple[str, ...]:
    """The panels a point of `panel` may lean on (see above)."""
    return ("what_to_know", "lede") if panel == "what_to_know" else (panel,)


class _Chooser:
    """Shared state while the panels claim sentences from one pool."""

    def __init__(self, pool: Sequence[Sentence], taken: Sequence[Sentence]) -> None:
        self.pool = pool
        self.taken = taken
        # A lead-in ("Here are a few tips:"), the writer's aside ("Get well soon, Tara!"),
        # an attribution alone ("Daniels said, refusing to answer directly.") and the
        # quote before it stay in the pool, where each counts for the ranking and the
        # models as the sentence it is, but are never shown.
        self.words = [0 if is_lead_in(s.text) or is_aside(s.text)
                      or is_attribution_only(s.text) else _words(s) for s in pool]
        for i in range(1, len(pool)):  # ...and so does the quote it gives a speaker to
            if self.words[i] == 0 and is_attribution_only(pool[i].text) and self.follows(i):
                self.words[i - 1] = 0
        self.shown = list(range(len(pool), len(pool) + len(taken)))  # sentences on screen
        self.used: set[int] = set()
        self.panel_of: dict[int, str] = {}  # the panel each claimed sentence is shown in
        self._forward: dict[int, float] = {}

    @cached_property
    def _ranking(self) -> tuple[list[float], Graph]:
        """Centrality (1 = the most central in the pool) and the similarity graph: built
        on first use, as a short text (a feed's teaser) often needs neither."""
        n = len(self.pool)
        scores, graph = centrality([s.text for s in self.pool] + [s.text for s in self.taken])
        top = max(scores[:n]) or 1.0
        return [s / top for s in scores[:n]], graph

    @property
    def cent(self) -> list[float]:
        return self._ranking[0]

    @property
    def graph(self) -> Graph:
        return self._ranking[1]

    def free(self, i: int) -> bool:
        return i not in self.used and self.words[i] >= 3

    def readable(self, i: int, panel: str) -> bool:
        """False for a sentence that refers back to one not shown right before it in a
        panel it may lean on (`leans_on`) ("It", "But", a quote whose speaker is "he"):
        shown alone, or under another panel's heading, it would read as nonsense, or as
        someone else's words."""
        if self.about_the_news[i]:  # "It comes after ...": right after the lede only
            return (self.panel_of.get(i - 1) == "lede" and "lede" in leans_on(panel)
                    and self.follows(i))
        return self.known(i) and (not self.context[i] or (
            self.panel_of.get(i - 1) in leans_on(panel) and self.follows(i)))

    @cached_property
    def about_the_news(self) -> list[bool]:
        return [goes_on_about_the_news(s.text) for s in self.pool]

    @cached_property
    def strangers(self) -> list[str | None]:
        return strangers(self.pool)

    def known(self, i: int, chosen: Iterable[int] = ()) -> bool:
        """False for a sentence that names by surname alone someone no shown sentence (or
        `chosen` one) before it names."""
        name = self.strangers[i]
        return name is None or any(
            name in self.pool[j].text for j in (*self.panel_of, *chosen) if j < i)

    def follows(self, i: int) -> bool:
        """True when sentence i comes right after sentence i - 1 of the pool in the text
        (no caption, list or other line left out between them)."""
        return i > 0 and self.pool[i].start - self.pool[i - 1].end <= _ADJACENT

    def along(self, ranked: Iterable[int], limit: int, panel: str,
              bring: Callable[[int], bool] = lambda i: True) -> list[int]:
        """Up to `limit` of the ranked sentences for `panel`, in order of preference; one
        that refers back to a sentence not shown before it in the panel brings that
        sentence along (when `bring` allows it), or gives way."""
        out: list[int] = []
        for i in ranked:
            if len(out) >= limit:
                break
            if i in out:
                continue
            if self.readable(i, panel) or (i - 1 in out and self.follows(i)
                                           and self.known(i, out)
                                           and not self.about_the_news[i]):
                out.append(i)
            elif (not self.about_the_news[i] and len(out) + 2 <= limit and self.follows(i) and self.free(i - 1)
                  and i - 1 not in out and bring(i - 1) and self.known(i, [i - 1]) and (
                      self.readable(i - 1, panel)
                      or quote_pair(self.pool[i - 1].text, self.pool[i].text))):
                out.extend((i - 1, i))
        return out

    @cached_property
    def context(self) -> list[bool]:
        return leaning(self.pool)

    def forward(self, i: int) -> float:
        if (score := self._forward.get(i)) is None:
            score = self._forward[i] = forward_score(self.pool[i].text)
        return score

    def spare(self, keep: int) -> int:
        """How many free sentences a panel may take and still leave `keep` for later ones."""
        return max(0, sum(map(self.free, range(len(self.pool)))) - keep)

    def claim(self, chosen: Iterable[int], panel: str, *, shown: bool = True) -> list[int]:
        chosen = list(chosen)
        self.used.update(chosen)
        if shown:
            self.shown.extend(chosen)
            self.panel_of.update(dict.fromkeys(chosen, panel))
        return chosen

    def repeats_shown(self, i: int) -> float:
        return self.graph.most_similar(i, self.shown)

    def lede(self) -> list[int]:
        """The first sentence (two when it is a short teaser). One that refers back to
        nothing shown ("This is not the welcome ...", "... grumbling about his
        announcement") gives way to the next sentence when that one reads alone, or brings
        it along."""
        pool, words = self.pool, self.words
        # An aside or lead-in above the story ("The Haka and more!") is not the lede.
        first = next((i for i in range(min(len(pool), 3)) if words[i]), 0)
        lede = [first] if words[first] >= 3 or len(pool) == 1 else []
        second = first + 1
        if lede and second < len(pool) and words[second] >= 3 and refers_back_unshown(
                pool[first].text):
            self.context[first] = True  # never shown alone elsewhere either
            if not (self.context[second] or refers_back_unshown(pool[second].text)):
                return [second]
            if self.follows(second):
                return [first, second]
        if lede and words[first] < _TEASER_WORDS and second < len(pool):
            lede.append(second)
        return lede

    @cached_property
    def next_chance(self) -> list[float]:
        return next_probabilities([s.text for s in self.pool])

    @cached_property
    def looks_ahead(self) -> bool:
        """Whether the text looks ahead at all: a second sentence (the lede too) at least
        NEXT_BESIDE likely to, or one sentence at least NEXT_ALONE likely. A story with a
        next step comes back to it; a lone future form in a review, a quote or a general
        rule ("DVDs of superhero films will have ...") is a way of speaking."""
        top = sorted(self.next_chance, reverse=True)[:2]
        if len(self.pool) < NEXT_CORROBORATED:
            return True  # too short a text to come back to anything
        return top[0] >= NEXT_ALONE or top[1] >= NEXT_BESIDE

    def whats_next(self, limit: int = 2, *, first: float = NEXT_THRESHOLD,
                   more: float | None = None) -> list[int]:
        """Up to `limit` forward-looking sentences, the most plainly forward first, or none:
        the panel is filled only when a free sentence has at least the chance `first`;
        then sentences of at least `more` (by default NEXT_SECOND) are ranked after those
        that clear `first`, and may stand alone where those could not be shown (they
        could not read alone nor bring the sentence they need). None in a text that does
        not look ahead."""
        candidates = [i for i in range(len(self.pool)) if self.free(i)]
        if limit <= 0 or not candidates:
            return []  # the model is not run when nothing is left to choose
        if not self.looks_ahead:
            return []  # a lone future form is a way of speaking
        chance = self.next_chance
        if not any(chance[i] >= first for i in candidates):
            return []
        more = NEXT_SECOND if more is None else more
        ranked = [i for i in candidates if chance[i] >= min(first, more)]
        # A point that would bring along a sentence that does not look ahead itself (under
        # What's next it would read as the future) comes after the points that need no such
        # help, unless it looks ahead much more plainly than they do.
        behind = {i for i in ranked
                  if i and not self.readable(i, "whats_next") and chance[i - 1] < NEXT_CONTEXT}
        # Those that only clear the lower bar come after those that clear the first.
        ranked.sort(key=lambda i: (chance[i] < first, -(chance[i] - NEXT_WAIT * (i in behind))))
        return self.along(ranked, limit, "whats_next")

    @cached_property
    def why_chance(self) -> list[float]:
        """The Why model's chances for the first `WHY_SENTENCES` sentences, which it reads
        as the whole article (its article-level features, each sentence's relative
        position); 0 beyond."""
        n = min(len(self.pool), WHY_SENTENCES)
        chance = why_probabilities([s.text for s in self.pool[:n]], self.cent[:n],
                                   self.graph.cosines[:n, 0].tolist())
        return chance + [0.0] * (len(self.pool) - n)

    def why_it_matters(self, limit: int = 2, *, first: float, second: float) -> list[int]:
        """The one or two sentences most likely to say why the news matters, or none: the
        first needs at least the chance `first`, a second at least `second`."""
        n = len(self.pool)
        candidates = [i for i in range(n) if self.free(i)]
        if n < 2 or limit <= 0 or not candidates:
            return []  # the model is not run when nothing is left to choose
        chance = self.why_chance
        least = min(first, second)
        # A dated next step ("will vote on 14 March") is What's next's, whatever else it says.
        ranked = sorted((i for i in candidates if chance[i] >= least
                         and not scheduled(self.pool[i].text)), key=lambda i: -chance[i])
        if not ranked or chance[ranked[0]] < first:
            return []  # nothing says why plainly enough: the panel stays empty
        # Why it matters never takes every sentence that looks ahead, nor one that plainly
        # does, while another sentence can say why: What's next keeps the plainest.
        ahead = [i for i in candidates if self.next_chance[i] >= NEXT_THRESHOLD]
        kept: set[int] = set()
        if len(ranked) > 1 and ahead:
            plainest = max(ahead, key=lambda i: self.next_chance[i])
            if set(ahead) <= set(ranked[:limit]) or (
                    plainest in ranked[:limit] and self.next_chance[plainest] >= NEXT_PLAIN):
                kept = {plainest}
                ranked.remove(plainest)
        ranked = ranked[:1] + [i for i in ranked[1:] if chance[i] >= second]
        self.used |= kept  # nor brings it along for a point that refers back to it
        try:
            # Nor does a why point bring along the only sentence that looks ahead (a reader
            # calls that "next", and What's next shows it), nor one the model rules out
            # (chance 0: the writer's anecdote a point goes on from).
            return self.along(ranked, limit, "why_it_matters",
                              bring=lambda i: chance[i] > 0 and (
                                  self.next_chance[i] < NEXT_THRESHOLD
                                  or any(j != i for j in ahead)))
        finally:
            self.used -= kept

    def what_people_are_saying(self) -> list[int]:
        pool = self.pool
        quotes = [i for i in range(len(pool)) if self.free(i)
                  and self.readable(i, "what_people_are_saying")
                  and quoted_words(pool[i].text) >= 6 and speaker(pool[i].text)]
        if len(quotes) > 2:
            quotes.sort(key=lambda i: -(quoted_words(pool[i].text) / 10 + self.cent[i]))
        return sorted(quotes[:2])

    def what_to_know(self, k: int) -> list[int]:
        """Up to k indices in order of preference (MMR over a fact score)."""
        if k <= 0:
            return []
        score = []
        for i, sent in enumerate(self.pool):
            text, words = sent.text, self.words[i]
            value = self.cent[i] + W_POS / (1 + i)
            if not is_concrete(text):
                value -= W_VAGUE  # no number, amount or name: more likely filler
            if words < _MIN_POINT_WORDS or ends_question(text):
                value -= 0.5      # too short to stand alone, or a rhetorical question
            score.append(value)
        # A sentence of a word or two ("Please?") or a lead-in is no point.
        short = {i for i, words in enumerate(self.words) if words < 3}
        ranked = pick(score, self.graph, 2 * k, redundancy=W_REDUNDANCY,
                      exclude=self.used | short,
                      avoid=self.shown, ordered=False)
        return self.along(ranked, k, "what_to_know")


# Weights, set on the BBC dev set and the signposted stories (bench/eval_briefs.py).
NEXT_EARLY = 2       # What's next claims this many points before the key points...
NEXT_POINTS = 3      # ...and up to this many with what they leave...
NEXT_SECOND = 0.5    # ...the first at least THRESHOLD likely to look ahead, a second this...
NEXT_MORE = 0.4      # ...and one from what they leave this
NEXT_CONTEXT = 0.3   # a point that brings along a sentence less likely to look ahead waits
NEXT_WAIT = 0.3      # ...behind points this much less likely to look ahead than it, no more
NEXT_PLAIN = 0.9     # a sentence this likely to look ahead is What's next's, not Why's
NEXT_BESIDE = 0.35   # What's next is filled when a second sentence is this likely to look ahead,
NEXT_ALONE = 0.8     # ...or one alone is this likely...
NEXT_CORROBORATED = 10  # ...in a text of at least this many sentences (a shorter one always)
WHY_EARLY = 0.1      # a second why point this plain is claimed before the key points...
WHY_MORE = 0.1       # ...and one this plain from what the key points leave
WHY_SENTENCES = 60   # why_it_matters comes from this many first sentences, at most
W_POS = 0.15         # a mild lead bias for what_to_know
W_VAGUE = 0.05       # a point with no number, amount or name is more likely filler
W_REDUNDANCY = 0.3   # MMR penalty for overlap with what is already on screen


def fill_panels(
    pool: Sequence[Sentence],
    wanted: Iterable[str] = _ALL,
    *,
    what_to_know: int = 5,
    taken: Sequence[Sentence] = (),
    ranked: bool = False,
) -> dict[str, list[Sentence]]:
    """Choose sentences from `pool` for each wanted panel; each sentence goes to one panel.

    `taken` are sentences already shown elsewhere (an author's sections): points that
    repeat them are avoided. Panels are in text order; with `ranked`, what_to_know is in
    order of preference instead (for budgeted evaluation).
    """
    wanted = set(wanted)
    pool = pool[:MAX_RANKED]  # a brief comes from the first sentences of a giant text
    panels: dict[str, list[Sentence]] = {name: [] for name in PANEL_ORDER if name in wanted}
    if not pool:
        return panels
    chooser = _Chooser(pool, taken)
    keep = 0
    for name in PANEL_ORDER:
        if name == "lede":
            # The lede is never repeated, even where the author's lede is shown instead.
            chosen = chooser.claim(chooser.lede(), name, shown=name in wanted)
        elif name not in wanted:
            continue
        elif name == "what_to_know":
            chosen = chooser.claim(chooser.what_to_know(min(what_to_know, chooser.spare(keep))),
                                   name)
            if "why_it_matters" in wanted:
                # A second why point comes from what the key points leave.
                more = 2 - len(panels["why_it_matters"])
                second = chooser.claim(chooser.why_it_matters(
                    more, first=WHY_THRESHOLD if more == 2 else WHY_MORE, second=WHY_MORE),
                    "why_it_matters")
                why = panels["why_it_matters"] + [pool[i] for i in second]
                panels["why_it_matters"] = why if ranked else sorted(why, key=lambda s: s.start)
            if panels.get("whats_next"):
                # A further next point comes from what the key points leave.
                more = chooser.claim(chooser.whats_next(
                    NEXT_POINTS - len(panels["whats_next"]), first=NEXT_MORE, more=NEXT_MORE),
                    "whats_next")
                ahead = panels["whats_next"] + [pool[i] for i in more]
                panels["whats_next"] = ahead if ranked else sorted(ahead, key=lambda s: s.start)
        elif name == "whats_next":
            chosen = chooser.claim(chooser.whats_next(min(NEXT_EARLY, chooser.spare(keep))), name)
        elif name == "why_it_matters":
            chosen = chooser.claim(
                chooser.why_it_matters(2, second=WHY_EARLY, first=WHY_THRESHOLD), name)
        else:
            chosen = chooser.claim(getattr(chooser, name)(), name)
        if name in wanted:
            if not ranked:
                chosen.sort()
            panels[name] = [pool[i] for i in chosen]
    return panels


BRIEF_SHARE = 0.37
"""A brief holds about this share of the article's words (the median is a little
under it, as points are whole sentences)..."""
BRIEF_WORDS = 150
"""...and at most this many words: about 30 to 40 seconds of reading..."""
BRIEF_FLOOR = 60
"""...but a short text still gets this many: a lede and a point or two."""
LONG_KEY = 40
"""A key point kept past the budget longer than this gives way to a shorter one."""


def budget_for(text: str) -> int:
    """How many words an extractive brief of `text` may show."""
    return min(BRIEF_WORDS, max(BRIEF_FLOOR, int(BRIEF_SHARE * len(text.split()))))


def _groups(spans: Sequence[Sentence],
            leans: Callable[[Sentence], bool]) -> list[list[Sentence]]:
    """A panel's points in runs that stay together: a point that refers back with the
    point it brought along."""
    groups: list[list[Sentence]] = []
    for span in spans:
        if (groups and leans(span)
                and 0 <= span.start - groups[-1][-1].end <= _ADJACENT):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def fit_budget(panels: dict[str, list[Sentence]], budget: int,
               leans: Callable[[Sentence], bool] | None = None,
               names: Callable[[Sentence], str | None] = lambda s: None,
               ) -> dict[str, list[Sentence]]:
    """The panels cut to `budget` words. The lede and the first point of Why it matters
    and of What's next always stay (each panel says what it is for, or is empty by
    choice, never by lack of room); then a second why point (the model's first choice is
    not always the reader's), a key point (a brief is not all why and next, and What to
    know too is empty only by choice: the most preferred that fits, else the most
    preferred that reads alone, past the budget, without the points it brought along;
    the shortest of the first three that read alone when it is over LONG_KEY words), a
    second next point (for the same reason as Why's), a second key point, a third next
    point, the other key points in order of preference, quotes. A point that does not
    fit gives way to a shorter one; a point left referring back to a sentence no longer
    shown before it in its panel goes too (`leans`: whether a point needs the sentence
    before it; by default, `needs_context`), and so does a point that names by surname
    alone (`names`) someone no point left before it names."""
    if leans is None:
        def leans(span: Sentence) -> bool:
            return needs_context(span.text)
    groups = {name: _groups(spans, leans) for name, spans in panels.items()}
    know, ahead = groups.get("what_to_know", []), groups.get("whats_next", [])
    order = [("lede", g) for g in groups.get("lede", [])]
    why = groups.get("why_it_matters", [])
    order += [("why_it_matters", g) for g in why[:1]] + [("whats_next", g) for g in ahead[:1]]
    # A second why point comes before the key points: the Why model's first choice is
    # often not the reader's. The first key point is then the most preferred one that
    # fits: a long first choice gives way to a shorter one here, not to a second next point.
    first_key: list[Sentence] = []
    order += [("why_it_matters", g) for g in why[1:]] + [("what_to_know", first_key)]
    order += [("whats_next", g) for g in ahead[1:2]]
    order += [("what_to_know", g) for g in know[1:2]] + [("whats_next", g) for g in ahead[1:]]
    order += [("what_to_know", g) for g in know[2:]]
    order += [("what_people_are_saying", g) for g in groups.get("what_people_are_saying", [])]
    kept: list[Sentence] = []
    total = 0
    first = {id(g) for g in why[:1] + ahead[:1]}  # stays however long, as the lede does
    seen: set[int] = set()
    panel_of = {id(s): name for name, spans in panels.items() for s in spans}

    def stands(span: Sentence) -> bool:
        """Whether a key point reads with what is kept: it refers back to nothing or to
        a kept sentence right before it, ends as a sentence does, closes what quotation
        it opens and names no stranger."""
        return ((not leans(span) or any(
                    0 <= span.start - s.end <= _ADJACENT
                    and panel_of[id(s)] in leans_on("what_to_know") for s in kept))
                and ends_sentence(span.text) and not opens_quote_unclosed(span.text)
                and ((who := names(span)) is None or any(who in s.text for s in kept)))

    for name, group in order:
        if group is first_key:
            fits = [g for g in know if total + sum(_words(s) for s in g) <= budget]
            heads = [g for g in know if stands(g[0])][:3] if not fits else []
            if heads:
                # A brief keeps a key point, as it keeps its lede, past the budget if it
                # must be: the most preferred that reads alone (the shortest of the first
                # three when it runs long), without the points it brought along.
                whole = heads[0] if _words(heads[0][0]) <= LONG_KEY else min(
                    heads, key=lambda g: _words(g[0]))
                seen.add(id(whole))
                fits = [whole[:1]]
                first.add(id(fits[0]))
            group = fits[0] if fits else first_key
        if id(group) in seen or group is first_key:
            continue
        words = sum(_words(s) for s in group)
        if name == "lede" or id(group) in first or total + words <= budget:
            kept.extend(group)
            total += words
            seen.add(id(group))
    while True:  # dropping one point can leave the next one referring back to nothing
        ends = {(panel_of[id(s)], s.end) for s in kept}
        readable = [s for s in kept if panel_of[id(s)] == "lede" or not leans(s)
                    or any(0 <= s.start - end <= _ADJACENT for name, end in ends
                           if name in leans_on(panel_of[id(s)]))
                    or any(quote_pair(s.text, t.text) and 0 <= t.start - s.end <= _ADJACENT
                           and panel_of[id(t)] == panel_of[id(s)] for t in kept)]
        readable = [s for s in readable if (name := names(s)) is None
                    or any(name in t.text for t in readable if t.start < s.start)]
        # A quotation left open is shown only with the sentence that closes it: one that
        # is all quotation, or one that names its speaker and opens a quotation in curly
        # marks it does not close ('Myers told Variety: “I’m going to ...').
        closing = {(panel_of[id(s)], s.start) for s in readable if quote_balance(s.text) < 0}
        readable = [s for s in readable if panel_of[id(s)] == "lede"
                    or not (opens_quote_unclosed(s.text)
                            or quote_balance(s.text, straight=False) > 0)
                    or any((panel_of[id(s)], s.end + gap) in closing
                           for gap in range(_ADJACENT + 1))]
        if len(readable) == len(kept):
            break
        kept = readable
    ids = {id(s) for s in kept}
    return {name: [s for s in spans if id(s) in ids] for name, spans in panels.items()}


def extractive_brief(text: str, *, what_to_know: int = 5) -> Brief:
    """The brief of a text without signposts, within the brief's word budget."""
    pool = prose_sentences(paragraphs(text))
    if not pool:  # nothing looks like prose: fall back to every sentence there is
        pool = [s for p in paragraphs(text) for s in split_span(p)]
    ranked = pool[:MAX_RANKED]
    leans = {(s.start, s.end)
             for s, needs in zip(ranked, leaning(ranked), strict=True) if needs}
    names = {(s.start, s.end): name
             for s, name in zip(ranked, strangers(ranked), strict=True) if name}
    panels = fit_budget(fill_panels(pool, what_to_know=what_to_know, ranked=True),
                        budget_for(text), lambda s: (s.start, s.end) in leans,
                        lambda s: names.get((s.start, s.end)))
    return to_brief({name: sorted(spans, key=lambda s: s.start)
                     for name, spans in panels.items()}, "extractive")


# Footnote marks closing a sentence: "... is being restored.*", "... in 2019.†", "...[1]".
# A star only after the closing punctuation: "**bold**" and "5*" keep theirs.
_FOOTNOTE_MARK = re.compile(r"(?<=\S)(?:[†‡]{1,2}|\[\d{1,3}\])+$|(?<=[.!?”\"’'])\*{1,3}$")


def without_footnote_mark(span: Sentence) -> Sentence:
    """The span without a footnote mark at its end (a point has no footnotes to point to)."""
    if mark := _FOOTNOTE_MARK.search(span.text):
        text = span.text[:mark.start()].rstrip()
        if text:
            return Sentence(text, span.start, span.start + len(text))
    return span


def to_brief(panels: dict[str, Sequence[Sentence]], method: str) -> Brief:
    """A Brief from chosen sentences, keeping each point's source offsets; a footnote
    mark closing a point is cut."""
    panels = {name: [without_footnote_mark(s) for s in spans] for name, spans in panels.items()}
    return Brief(
        **{name: tuple(s.text for s in spans) for name, spans in panels.items()},
        method=method,
        version=VERSION,
        offsets={name: tuple((s.start, s.end) for s in spans) for name, spans in panels.items()},
    )
