"""Which sentences say why a story matters: a small logistic model over surface cues.

A sentence says why when it carries consequence ("could force", "means that"), stakes,
scale or firsts ("the largest", "the first time"), cause or context ("amid", "as part
of"), contrast or an analyst's reading, a change against a before ("up from", "compared
with"), who is affected and how widely ("millions", "the industry"), or what follows on
a condition or what an act is for ("could face ... if convicted", "to save it"); and it
sits early but not first. Article-level cues (how much of the text argues at all, and
whether it reads as a match report, review or chart) let the panel stay empty when
nothing says why. The weights come from bench/train_panels.py on the readers' labels
(corpus summaries/dev/panels.jsonl).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from briefing.brief.cues import attributed, concreteness, forward_score, quoted_words

CUES = {
    "consequence": r"\b(?:means?|meaning|could|would|lead to|led to|result(?:s|ed)? in|"
                   r"force[sd]?|forcing|threaten\w*|risk\w*|jeopard\w*|undermin\w*|hit|"
                   r"boost\w*|blow|setback|pave the way|open the door|spell)\b",
    "stakes": r"\b(?:fears?|concerns?|worr\w+|pressure|crisis|problem\w*|challenge\w*|"
              r"danger\w*|at stake|stakes|critical|crucial|key|vital|important|significant|"
              r"major|huge|serious)\b",
    "scale": r"\b(?:first time|for the first|first|largest|biggest|highest|lowest|worst|"
             r"best|record|most|least|only|unprecedented|ever|trend|increasingly|growing|"
             r"more and more)\b",
    "cause": r"\b(?:because|amid|as part of|comes? (?:as|after|amid)|follow\w*|in the wake|"
             r"due to|since|after years|so that|in order to|aimed at|designed to|bid to|"
             r"priority|strategy|effort)\b",
    "contrast": r"^(?:but|however|yet|still|although|while|despite)\b|\b(?:however|despite|"
                r"although)\b",
    "modal": r"\b(?:could|would|should|may|might|must|need to|likely|unlikely)\b",
    "analysis": r"\b(?:analysts?|experts?|observers?|critics?|economists?|suggest\w*|"
                r"show\w*|indicat\w*|reflect\w*|underlin\w*|highlight\w*|signal\w*|mark\w*)\b",
    "framing": r"^(?:this|that|it|the move|the decision|the deal|the result)\b",
    # A change measured against a before: "up from", "compared with", "the highest since".
    "comparison": r"\b(?:compared (?:with|to)|up from|down from|than|rose|fell|rise|fall|"
                  r"increase\w*|decrease\w*|drop\w*|surge\w*|slump\w*|doubl\w*|half of|"
                  r"one of the|per cent|%)",
    # Who or what is affected, at what scope: "millions of people", "the industry".
    "scope": r"\b(?:millions?|billions?|bn|thousands|jobs|workers|consumers|customers|"
             r"families|public|people|industry|market|economy|country|nation\w*|sector|"
             r"worldwide|global\w*|international)\b",
    # What follows on a condition, or what an act is for: "if convicted", "to save it".
    "condition": r"\b(?:if|unless|face[sd]?|facing|to (?:help|save|stop|cut|boost|raise|"
                 r"protect|prevent|avoid|tackle|combat|curb|ensure|allow|give))\b",
}
"""Cue groups, matched against the lower-cased sentence (much faster than a case-blind
search)."""
_CUES = [re.compile(p) for p in CUES.values()]
# Words of the kinds of story where nothing says why: match reports, reviews, charts,
# premieres, obituaries.
_GENRE = re.compile(  # matched against lower-cased text
    r"\b(?:film|album|chart|single|band|singer|actor|actress|star|award|oscar|festival|show|"
    r"match|game|goal|scored?|win|won|beat|season|minute|half|player|coach|champion\w*|final|"
    r"race|died|death|funeral|book|novel|prize|review)\b")

_DIGIT = re.compile(r"\d")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]")

N_SENTENCE = 18
"""Sentence features before the cue counts (see `sentence_features`)."""


def sentence_features(i: int, n: int, text: str, cent: float, lede_cosine: float) -> list[float]:
    """One sentence's features: position, centrality, length, speech, facts, cues."""
    words = len(text.split())
    feats = [1.0, float(i == 1), float(i == 2), float(i == 3), float(4 <= i <= 6),
             float(7 <= i <= 10), i / n, cent, min(words, 40) / 40, float(words < 10),
             quoted_words(text) / max(words, 1), float(attributed(text)),
             min(concreteness(text), 4) / 4, min(forward_score(text), 3) / 3,
             float("?" in text), lede_cosine,
             # A figure, and how many of the words are names: "why" is a general
             # statement more often than a list of who was there.
             float(bool(_DIGIT.search(text))),
             min(len(_CAPITALISED.findall(text)) / max(words, 1) * 3, 1.0)]
    low = text.lower()
    feats += [min(len(cue.findall(low)), 2) / 2 for cue in _CUES]
    return feats


def features(texts: Sequence[str], cent: Sequence[float], lede_cosine: Sequence[float],
             *, lede: bool = True) -> list[list[float]]:
    """Every sentence's features, with the article's own appended to each row; without
    `lede`, every sentence's but the first's (the article's own leave the lede out)."""
    n = len(texts)
    first = 0 if lede or n == 1 else 1
    rows = [sentence_features(i, n, texts[i], cent[i], lede_cosine[i]) for i in range(first, n)]
    rest = rows[1 - first:] or rows
    article = [sum(r[j] for r in rest) / len(rest) for j in range(N_SENTENCE, len(rows[0]))]
    total = sum(len(t.split()) for t in texts)
    genre = min(len(_GENRE.findall("\n".join(texts).lower())) / max(total, 1) * 20, 2)
    return [r + article + [genre] for r in rows]


def why_probabilities(texts: Sequence[str], cent: Sequence[float],
                      lede_cosine: Sequence[float]) -> list[float]:
    """For each sentence, the chance a reader would say it tells why the news matters."""
    if len(texts) < 2:
        return [0.0] * len(texts)  # the lede is the news, not why it matters
    out = [0.0]
    for row in features(texts, cent, lede_cosine, lede=False):
        z = sum(w * x for w, x in zip(WEIGHTS, row, strict=True))
        out.append(1 / (1 + math.exp(-z)))
    return out


THRESHOLD = 0.19
"""The least chance the best sentence needs for Why it matters to be shown at all (a second
point may need less: briefing.brief.extractive)."""

WEIGHTS: tuple[float, ...] = (
    -4.087, 1.639, 1.525, 0.982, 1.030, 0.313, 0.413, 0.644, 0.779, -0.470, -0.528,
    -0.144, -0.293, -0.054, 0.121, 1.120, 0.493, -0.064, 1.294, 0.992, 0.817, 0.493,
    0.443, 0.324, -0.366, 1.291, 0.531, 0.295, 1.485, -0.082, -0.238, -0.683, 0.211,
    0.250, -0.067, -0.647, -0.500, -0.177, -0.075, 0.115, -0.642,
)
"""Intercept, then one weight per feature of `features`."""
