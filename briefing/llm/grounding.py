"""Reading a model's answer and checking every point against the sentences it cites.

A point is kept only when it cites sentences of the prompt, every number and name in it
appears in those sentences, and its content words overlap theirs. What fails is dropped
with a reason; the caller counts the drops and falls back where a panel is left empty.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from briefing.llm.prompt import LLM_PANELS, Numbered
from briefing.sanitize import strip_controls

MIN_OVERLAP = 0.5
"""Share of a point's content words that its cited sentences must contain."""
MAX_POINT_CHARS = 400
MAX_ANSWER_CHARS = 100_000
"""An answer longer than this is not a brief (a model looping, or a hostile server)."""

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours its it's may might must shall new
said says say saying according told tell tells
""".split())
# Words a brief uses to frame a point rather than to state it: not counted as content.
_FRAMING = frozenset("""
matters matter important significant significance means mean meaning news story report
reported reports expected likely next key set plans plan planned first
""".split())
_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
}
# Words that place a point in time: like a date, each must be in the cited sentences.
_TIME_WORDS = frozenset("""
today tomorrow yesterday tonight weekend week weeks month months year years decade decades
spring summer autumn winter overnight
""".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CITE_IN_TEXT = re.compile(r"\s*[\[(](?:sentences?\s*)?\d+(?:\s*[,–-]\s*\d+)*[\])]")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}")
_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


class AnswerError(ValueError):
    """The answer cannot be read as briefs at all (not JSON, or not the shape asked)."""


@dataclass(frozen=True)
class Point:
    """One point as the model gave it."""

    text: str
    cites: tuple[int, ...]


@dataclass(frozen=True)
class Checked:
    """A point and the verdict of the check: `reason` is None when it is kept."""

    panel: str
    point: Point
    reason: str | None

    @property
    def kept(self) -> bool:
        return self.reason is None


def parse_answer(raw: str) -> tuple[dict[str, list[Point]], int]:
    """The points of each panel, and how many items were not points at all.

    Accepts the object alone, in a code fence, or with prose around it. Raises
    `AnswerError` when there is no JSON object of the expected shape.
    """
    if len(raw or "") > MAX_ANSWER_CHARS:
        raise AnswerError(f"the answer was too long ({len(raw)} characters)")
    text = _FENCE.sub("", (raw or "").strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise AnswerError("the answer held no JSON object")
    try:
        data = json.loads(text[start:end + 1])
    except json.JSONDecodeError as err:
        raise AnswerError(f"the answer was not valid JSON ({err.msg})") from None
    if not isinstance(data, dict) or not any(p in data for p in LLM_PANELS):
        raise AnswerError("the answer had none of the panels asked for")
    panels: dict[str, list[Point]] = {}
    malformed = 0
    for panel in LLM_PANELS:
        items = data.get(panel) or []
        if not isinstance(items, list):
            items = [items]
        panels[panel] = []
        for item in items:
            point = _point(item)
            if point is None:
                malformed += 1
            else:
                panels[panel].append(point)
    return panels, malformed


def _point(item: object) -> Point | None:
    if isinstance(item, str):
        item = {"text": item, "cites": []}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return None
    cites = item.get("cites", [])
    if not isinstance(cites, list):
        cites = [cites]
    numbers: list[int] = []
    for cite in cites:
        if isinstance(cite, bool):
            continue
        if isinstance(cite, int):
            numbers.append(cite)
        elif isinstance(cite, float) and cite.is_integer():
            numbers.append(int(cite))
        elif isinstance(cite, str) and cite.strip(" []").isdigit():
            numbers.append(int(cite.strip(" []")))
    text = _CITE_IN_TEXT.sub("", strip_controls(item["text"]))
    text = re.sub(r"\s+", " ", text).strip().lstrip("-•* ").strip()
    return Point(text, tuple(dict.fromkeys(numbers)))


def _stem(word: str) -> str:
    """A crude stem: enough to match "economy" with "economic", "talks" with "talk"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word[:5] if len(word) > 5 else word.rstrip("s") or word


def _content(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text)
            if len(w) > 2 and not w.isdigit() and w.lower() not in _STOP
            and w.lower() not in _FRAMING}


def _numbers(text: str) -> set[str]:
    found = {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}
    found |= {_NUMBER_WORDS[w.lower()] for w in _WORD.findall(text)
              if w.lower() in _NUMBER_WORDS}
    return found


def _names(text: str, common: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised words other than stop words. The point's first word counts only when
    the article never uses it in lower case: "Negotiators met" opens on a plain word,
    "Macron met" on a name."""
    names = []
    for n, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        if not word[0].isupper() or word.lower() in _STOP:
            continue
        if n == 0 and word[1:].islower() and (word.lower() in _FRAMING or
                                              word.lower() in common):
            continue
        names.append(word)
    return names


def lower_case_words(sentences: Mapping[int, Numbered]) -> frozenset[str]:
    """The words the article writes in lower case somewhere: plain words, not names."""
    return frozenset(w for n in sentences.values() for w in _WORD.findall(n.sentence.text)
                     if w.islower())


def _name_found(name: str, words: set[str]) -> bool:
    key = name.lower().replace("’", "'")
    key = key[:-2] if key.endswith("'s") else key
    if key in words:
        return True
    # "Russian" for "Russia", "Britons" for "Briton": the same stem, a short ending.
    stem = key[:max(4, len(key) - 2)]
    return len(key) >= 4 and any(w.startswith(stem) and abs(len(w) - len(key)) <= 3
                                 for w in words)


def check_point(point: Point, sentences: Mapping[int, Numbered],
                common: frozenset[str] | None = None) -> str | None:
    """Why `point` fails the check against its cited sentences, or None when it holds.

    `common`: `lower_case_words(sentences)`, when checking many points of one prompt."""
    if not point.text:
        return "an empty point"
    if len(point.text) > MAX_POINT_CHARS:
        return "a point too long to be one"
    if not point.cites:
        return "cites no sentence"
    missing = [n for n in point.cites if n not in sentences]
    if missing:
        return f"cites sentence {missing[0]}, which the text does not have"
    source = " ".join(sentences[n].sentence.text for n in point.cites)
    numbers = _numbers(source)
    for number in sorted(_numbers(point.text)):
        if number not in numbers:
            return f"the number {number} is not in the sentences it cites"
    words = {w.lower().replace("’", "'") for w in _WORD.findall(source)}
    words |= {w[:-2] for w in words if w.endswith("'s")}
    words |= {a.replace(".", "").lower() for a in _ACRONYM.findall(source)}  # "U.S." is "US"
    for word in _WORD.findall(point.text.lower()):
        if word in _TIME_WORDS and word.rstrip("s") not in {w.rstrip("s") for w in words}:
            return f"the date {word!r} is not in the sentences it cites"
    if common is None:
        common = lower_case_words(sentences)
    for name in _names(point.text, common):
        if not _name_found(name, words):
            return f"the name {name!r} is not in the sentences it cites"
    content = _content(point.text)
    if content:
        shared = content & _content(source)
        if len(shared) / len(content) < MIN_OVERLAP or (len(content) >= 3 and len(shared) < 2):
            return "it shares too few words with the sentences it cites"
    return None


def check_answer(panels: Mapping[str, list[Point]],
                 sentences: Mapping[int, Numbered]) -> list[Checked]:
    """Every point of every panel, with its verdict, in panel order."""
    common = lower_case_words(sentences)
    return [Checked(panel, point, check_point(point, sentences, common))
            for panel in LLM_PANELS for point in panels.get(panel, [])]
