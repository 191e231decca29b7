"""Which sentences say why a story matters: a small logistic model over surface cues.

A sentence says why when it carries consequence ("could force", "means that"), stakes,
scale or firsts ("the largest", "the first time"), cause or context ("amid", "as part
of"), contrast or an analyst's reading, and sits early but not first. Article-level
cues (how much of the text argues at all, and whether it reads as a match report,
review or chart) let the panel stay empty when nothing says why. The weights come from
bench/train_why.py on the readers' labels (corpus summaries/dev/panels.jsonl).
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

N_SENTENCE = 16
"""Sentence features before the cue counts (see `sentence_features`)."""


def sentence_features(i: int, n: int, text: str, cent: float, lede_cosine: float) -> list[float]:
    """One sentence's features: position, centrality, length, speech, facts, cues."""
    words = len(text.split())
    feats = [1.0, float(i == 1), float(i == 2), float(i == 3), float(4 <= i <= 6),
             float(7 <= i <= 10), i / n, cent, min(words, 40) / 40, float(words < 10),
             quoted_words(text) / max(words, 1), float(attributed(text)),
             min(concreteness(text), 4) / 4, min(forward_score(text), 3) / 3,
             float("?" in text), lede_cosine]
    low = text.lower()
    feats += [min(len(cue.findall(low)), 2) / 2 for cue in _CUES]
    return feats


def features(texts: Sequence[str], cent: Sequence[float], lede_cosine: Sequence[float],
             ) -> list[list[float]]:
    """Every sentence's features, with the article's own appended to each row."""
    n = len(texts)
    rows = [sentence_features(i, n, t, cent[i], lede_cosine[i]) for i, t in enumerate(texts)]
    rest = rows[1:] or rows
    article = [sum(r[j] for r in rest) / len(rest) for j in range(N_SENTENCE, len(rows[0]))]
    total = sum(len(t.split()) for t in texts)
    genre = min(len(_GENRE.findall("\n".join(texts).lower())) / max(total, 1) * 20, 2)
    return [r + article + [genre] for r in rows]


def why_probabilities(texts: Sequence[str], cent: Sequence[float],
                      lede_cosine: Sequence[float]) -> list[float]:
    """For each sentence, the chance a reader would say it tells why the news matters."""
    if not texts:
        return []
    out = []
    for row in features(texts, cent, lede_cosine):
        z = sum(w * x for w, x in zip(WEIGHTS, row, strict=True))
        out.append(1 / (1 + math.exp(-z)))
    out[0] = 0.0  # the lede is the news, not why it matters
    return out


THRESHOLD = 0.15
"""The least chance a sentence needs to be shown under Why it matters."""

WEIGHTS: tuple[float, ...] = (
    -3.414, 1.125, 1.006, 0.583, 0.714, 0.115, -0.168, 0.571, 0.705, -0.616, -0.484,
    -0.203, 0.240, 0.014, 0.068, 0.725, 1.328, 0.855, 0.877, 0.398, 0.378, 0.460, -0.311,
    1.029, -0.030, -0.258, -0.471, 0.072, 0.147, -0.087, -0.340, -0.317, -0.738,
)
"""Intercept, then one weight per feature of `features`."""
