"""Which sentences say why a story matters: a small two-stage model over surface cues.

A sentence says why when it carries consequence ("could force", "means that"), stakes,
scale or firsts ("the largest", "the first time"), cause or context ("amid", "as part
of"), contrast or an analyst's reading, a change against a before ("up from", "compared
with"), who is affected and how widely ("millions", "the industry"), or what follows on
a condition or what an act is for ("could face ... if convicted", "to save it"); and it
sits early but not first. Two stages: a ranking of an article's sentences against each
other (which one says why best), then a chance for each from its rank score, its distance
from the article's best, and how much the text reads as a match report, review, chart or
obituary, so the panel stays empty when nothing says why. The weights come from bench/train_panels.py on the readers' labels
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

def sentence_features(i: int, n: int, text: str, cent: float, lede_cosine: float) -> list[float]:
    """One sentence's features: position, centrality, length, speech, facts, cues."""
    words = len(text.split())
    feats = [float(i == 1), float(i == 2), float(i == 3), float(4 <= i <= 6),
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
             ) -> tuple[list[list[float]], float]:
    """Every sentence's features, and how much the article reads as a match report,
    review, chart or obituary (its rate of such words)."""
    n = len(texts)
    rows = [sentence_features(i, n, t, cent[i], lede_cosine[i]) for i, t in enumerate(texts)]
    total = sum(len(t.split()) for t in texts)
    genre = min(len(_GENRE.findall("\n".join(texts).lower())) / max(total, 1) * 20, 2)
    return rows, genre


def rank_scores(rows: Sequence[Sequence[float]]) -> list[float]:
    """Each sentence's score against the others of its article (higher: more likely the
    one that says why)."""
    return [sum(w * x for w, x in zip(RANK_WEIGHTS, row, strict=True)) for row in rows]


def chance_features(scores: Sequence[float], genre: float) -> list[list[float]]:
    """What turns a sentence's rank score into a chance: the score itself, how far it is
    below the article's best (the lede aside), and the article's genre rate."""
    best = max(scores[1:], default=0.0)
    return [[1.0, z, z - best, genre] for z in scores]


def why_probabilities(texts: Sequence[str], cent: Sequence[float],
                      lede_cosine: Sequence[float]) -> list[float]:
    """For each sentence, the chance a reader would say it tells why the news matters."""
    if not texts:
        return []
    rows, genre = features(texts, cent, lede_cosine)
    out = [0.0]  # the lede is the news, not why it matters
    for row in chance_features(rank_scores(rows), genre)[1:]:
        z = sum(w * x for w, x in zip(CHANCE_WEIGHTS, row, strict=True))
        out.append(1 / (1 + math.exp(-z)))
    return out


THRESHOLD = 0.2
"""The least chance the best sentence needs for Why it matters to be shown at all (a second
point may need less: briefing.brief.extractive)."""

RANK_WEIGHTS: tuple[float, ...] = (
    0.787, 0.895, 0.093, 0.414, -0.086, -1.248, 0.659, 0.897, -0.440, -1.722, -0.566,
    -0.310, 0.039, 0.651, 0.707, 0.609, -0.762, 1.315, 0.818, 1.247, 0.467, 0.553,
    0.582, -0.325, 1.482, 0.615, 0.127, 1.736,
)
"""One weight per sentence feature, fitted as a softmax over each article's sentences."""
CHANCE_WEIGHTS: tuple[float, ...] = (
    -1.941, 0.493, 0.297, -0.680,
)
"""Intercept, then one weight per column of `chance_features` after the first."""
