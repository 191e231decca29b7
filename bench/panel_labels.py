"""Score briefs against the readers' panel labels (corpus summaries/dev/panels.jsonl).

Used by eval_briefs.py. Sentence indices follow the labels' own splitter (PANELS.md);
a brief's points are mapped to those sentences by word overlap.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from briefing.brief import make_brief
from briefing.models import PANELS, Brief
from briefing.text.quotes import speaker

_WORD = re.compile(r"\w+")


def label_sentences(text: str) -> list[str]:
    """The splitter the labels were made with (PANELS.md), exactly."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘])|(?<=[.!?][\"”’'])\s+(?=[A-Z\"“‘])",
                                text.replace("\n", " ")) if s and s.strip()]


def _bag(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def locate(point: str, sentences: list[set[str]]) -> int | None:
    """The labelled sentence a point comes from: the one holding most of its words."""
    words = _bag(point)
    if not words:
        return None
    best, share = None, 0.0
    for i, bag in enumerate(sentences):
        s = len(words & bag) / len(words)
        if s > share:
            best, share = i, s
    return best if share >= 0.6 else None


# The team's labels of the other 150 dev articles, made by PANELS.md's rules (see
# bench/BRIEFS.md): more to fit the models on; every figure is scored on the readers'.
TEAM_LABELS = Path(__file__).resolve().parent / "labels" / "panels-team.jsonl"


def load(corpus: Path, labels_path: Path | None = None) -> list[tuple[dict, dict]]:
    """(article, labels) pairs: the readers' labelled dev articles, or those of
    `labels_path` (same format, ids of the same dev file)."""
    dev = corpus / "summaries" / "dev"
    labels = {r["id"]: r for r in map(json.loads, (labels_path or dev / "panels.jsonl").open())}
    rows = [r for r in map(json.loads, (dev / "bbc_news_summary_dev.jsonl").open())
            if r["id"] in labels]
    for row in rows:
        if len(label_sentences(row["text"])) != labels[row["id"]]["n_sentences"]:
            raise ValueError(f"{row['id']}: the labels do not match the article's sentences")
    return [(r, labels[r["id"]]) for r in rows]


def load_team(corpus: Path) -> list[tuple[dict, dict]]:
    """The team's labelled articles; none when the file is absent."""
    return load(corpus, TEAM_LABELS) if TEAM_LABELS.exists() else []


def halves(pairs: list[tuple[dict, dict]]) -> dict[str, list[tuple[dict, dict]]]:
    """The labelled articles in two halves, A and B: alternate articles in order of id, so
    each half holds 15 of each category's 30."""
    ordered = sorted(pairs, key=lambda pair: pair[0]["id"])
    return {"A": ordered[0::2], "B": ordered[1::2]}


# Baselines: a fixed sentence position, and a plain future-tense keyword rule.
_FUTURE = re.compile(r"\b(?:will|shall|'ll|is to|are to|going to|expected to|plans? to|"
                     r"next (?:week|month|year)|due to)\b", re.IGNORECASE)


def future_rule(sentences: list[str]) -> list[int]:
    """The first sentence after the lede with a future-tense keyword."""
    return [i for i, s in enumerate(sentences) if i and _FUTURE.search(s)][:1]


class Tally:
    """Hits, precision and emptiness of one panel against one label set."""

    def __init__(self) -> None:
        self.with_label = self.hits = 0
        self.filled = self.filled_right = 0
        self.points = self.points_right = 0
        self.without_label = self.empty_without = 0

    def add(self, chosen: list[int | None], gold: set[int]) -> None:
        right = [i for i in chosen if i is not None and i in gold]
        if gold:
            self.with_label += 1
            self.hits += bool(right)
        else:
            self.without_label += 1
            self.empty_without += not chosen
        if chosen:
            self.filled += 1
            self.filled_right += bool(right)
        self.points += len(chosen)
        self.points_right += len(right)

    def row(self, name: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} ({a / b:.0%})" if b else "-"
        prec = self.points_right / self.points if self.points else 0.0
        return (f"| {name} | {pct(self.hits, self.with_label)} | "
                f"{pct(self.filled_right, self.filled)} | {prec:.2f} | "
                f"{pct(self.empty_without, self.without_label)} |")


HEADER = ("| method | found (articles with a label) | filled panels holding one | "
          "point precision | empty where none |\n|---|---|---|---|---|")


def _tallies(positions: int = 10) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """Empty Why and Next tallies: the briefer's, every fixed position's, the future rule's."""
    why: dict[str, Tally] = {"briefer why_it_matters": Tally()}
    nxt: dict[str, Tally] = {"briefer whats_next": Tally(), "future-tense rule": Tally()}
    for pos in range(positions):
        why[f"sentence {pos}"] = Tally()
        nxt[f"sentence {pos}"] = Tally()
    return why, nxt


def _add(why: dict[str, Tally], nxt: dict[str, Tally], sentences: list[str],
         bags: list[set[str]], brief: Brief, gold_why: set[int], gold_next: set[int], *,
         locator: Callable[[str, list[set[str]], set[int]], int | None] | None = None) -> None:
    """One labelled text's brief and baselines, added to the tallies. `locator` maps a
    point to its labelled sentence (default: `locate`)."""
    def at(point: str, gold: set[int]) -> int | None:
        return locator(point, bags, gold) if locator else locate(point, bags)

    why["briefer why_it_matters"].add([at(p, gold_why) for p in brief.why_it_matters], gold_why)
    nxt["briefer whats_next"].add([at(p, gold_next) for p in brief.whats_next], gold_next)
    nxt["future-tense rule"].add(future_rule(sentences), gold_next)
    for name in why:
        if name.startswith("sentence "):
            pos = int(name.split()[1])
            fixed = [pos] if pos < len(sentences) else []
            why[name].add(fixed, gold_why)
            nxt[name].add(fixed, gold_next)


def _print_tables(why: dict[str, Tally], nxt: dict[str, Tally]) -> None:
    print("### Why it matters\n\n" + HEADER)
    for name, t in why.items():
        print(t.row(name))
    best = max((t.hits for n, t in why.items() if n.startswith("sentence")), default=0)
    ratio = f"{why['briefer why_it_matters'].hits / best:.2f}x" if best else "-"
    print(f"\nbriefer / best fixed position (found): {ratio}")
    print("\n### What's next\n\n" + HEADER)
    for name, t in nxt.items():
        print(t.row(name))


def panels_vs_labels(corpus: Path, brief_of: Callable[[str], Brief] = make_brief, *,
                     show_next: bool = False) -> None:
    """Both panels against the labels, beside every fixed position and a future-tense rule;
    with `show_next`, the articles whose What's next holds no labelled next sentence."""
    pairs = load(corpus)
    wrong_next: list[str] = []
    why, nxt = _tallies()
    know_has_next = 0
    for row, lab in pairs:
        sentences = label_sentences(row["text"])
        bags = [_bag(s) for s in sentences]
        brief = brief_of(row["text"])
        gold_why, gold_next = set(lab["why"]), set(lab["next"])
        _add(why, nxt, sentences, bags, brief, gold_why, gold_next)
        if gold_next and not set(map(lambda p: locate(p, bags), brief.whats_next)) & gold_next:
            know_has_next += any(locate(p, bags) in gold_next for p in brief.what_to_know)
        if show_next and brief.whats_next:
            wrong = [p for p in brief.whats_next if locate(p, bags) not in gold_next]
            if wrong and (not gold_next or len(wrong) == len(brief.whats_next)):
                kind = "filled, nothing ahead" if not gold_next else "wrong"
                wrong_next += [f"{row['id']} ({kind}): " + " | ".join(p[:140] for p in wrong)]
    print(f"\n## 4. Panels vs. readers' labels ({len(pairs)} BBC dev articles, PANELS.md)\n")
    _print_tables(why, nxt)
    print(f"\nforward-looking articles whose What's next holds no labelled next sentence "
          f"while What to know does: {know_has_next}")
    if show_next:
        print(f"\nWhat's next filled with no labelled next sentence ({len(wrong_next)}):")
        for line in wrong_next:
            print(f"  - {line}")


# --- the corpus pages -------------------------------------------------------------------
# The team's labels of the English corpus pages, by PANELS.md's rules, on the text as
# briefing extracts it (bench/labels/README.md). The sentences' sha1 tells a change in
# extraction: such a page is reported and skipped, never scored against the wrong sentences.
PAGE_LABELS = Path(__file__).resolve().parent / "labels" / "pages-team.jsonl"


def sentences_sha1(sentences: list[str]) -> str:
    """The fingerprint a page's labels were made on: its sentences joined by newlines."""
    return hashlib.sha1("\n".join(sentences).encode("utf-8")).hexdigest()


class LabelledPage(NamedTuple):
    file: str
    text: str
    title: str | None
    sentences: list[str]
    labels: dict


def load_pages(corpus: Path, labels_path: Path = PAGE_LABELS
               ) -> tuple[list[LabelledPage], list[str]]:
    """The labelled pages whose extracted sentences are still the labelled ones, and one
    line for each labelled page that is skipped (missing, no text, or changed)."""
    from briefing.extract.html import extract_page

    folder = corpus / "html" / "dev"
    pages: list[LabelledPage] = []
    skipped: list[str] = []
    for lab in map(json.loads, labels_path.open(encoding="utf-8")):
        path = folder / lab["file"]
        if not path.is_file():
            skipped.append(f"{lab['file']}: not in the corpus")
            continue
        extracted = extract_page(path.read_bytes())
        if extracted is None:
            skipped.append(f"{lab['file']}: briefing extracts no text now")
            continue
        sentences = label_sentences(extracted.text)
        if sentences_sha1(sentences) != lab["sentences_sha1"]:
            skipped.append(f"{lab['file']}: extraction changed ({len(sentences)} sentences, "
                           f"labelled {lab['n_sentences']}); label it again")
            continue
        pages.append(LabelledPage(lab["file"], extracted.text, extracted.title, sentences, lab))
    return pages, skipped


def locate_on_page(point: str, sentences: list[set[str]], gold: set[int]) -> int | None:
    """`locate`, or for a point that spans several labelled sentences (a page's "a.m.",
    "St." or "Dr." splits the labels' sentences where briefing's splitter does not): the
    first labelled one among the sentences it holds whole, else the first it holds."""
    found = locate(point, sentences)
    if found is not None:
        return found
    words = _bag(point)
    held = [i for i, bag in enumerate(sentences) if bag and len(bag & words) / len(bag) >= 0.8]
    if not words or len(words & set().union(*(sentences[i] for i in held))) / len(words) < 0.6:
        return None
    return next((i for i in held if i in gold), held[0])


def panels_vs_page_labels(corpus: Path, brief_of: Callable[..., Brief] = make_brief,
                          labels_path: Path = PAGE_LABELS, *, show: bool = False) -> None:
    """Both panels of the pages' briefs (made as the app makes them, with the page's title)
    against the team's page labels, beside fixed positions and the future-tense rule; with
    `show`, every point that holds no labelled sentence of its panel."""
    if not labels_path.exists():
        print(f"\n## 7. Panels vs. page labels: no labels ({labels_path.name} absent)")
        return
    pages, skipped = load_pages(corpus, labels_path)
    why, nxt = _tallies()
    lede_right = 0
    wrong: list[str] = []
    pages_wrong = 0
    for page in pages:
        bags = [_bag(s) for s in page.sentences]
        brief = brief_of(page.text, title=page.title)
        lab = page.labels
        gold_why, gold_next = set(lab["why"]), set(lab["next"])
        _add(why, nxt, page.sentences, bags, brief, gold_why, gold_next,
             locator=locate_on_page)
        lede_right += any(locate_on_page(p, bags, {lab["lede"]}) == lab["lede"]
                          for p in brief.lede)
        before = len(wrong)
        for panel, points, gold in (("why", brief.why_it_matters, gold_why),
                                    ("next", brief.whats_next, gold_next)):
            for point in points:
                at = locate_on_page(point, bags, gold)
                if at not in gold:
                    where = "no labelled sentence" if at is None else f"sentence {at}"
                    wrong.append(f"{page.file} {panel} ({where}): {point[:160]}")
        pages_wrong += len(wrong) > before
    print(f"\n## 7. Panels vs. the team's page labels ({len(pages)} English corpus pages, "
          f"PANELS.md)\n")
    if skipped:
        print(f"skipped, not scored ({len(skipped)}):")
        for line in skipped:
            print(f"  - {line}")
        print()
    _print_tables(why, nxt)
    print(f"\nlede on the labelled lede sentence: {lede_right}/{len(pages)}")
    print(f"briefs with a Why or Next point that holds no labelled sentence of its panel: "
          f"{pages_wrong}/{len(pages)}")
    if show:
        print(f"\npoints holding no labelled sentence of their panel ({len(wrong)}):")
        for line in wrong:
            print(f"  - {line}")


# --- readability, length, furniture ----------------------------------------------------
# An opening that needs the sentence before it: a pronoun or a connective.
DANGLING = re.compile(
    r"^[\"“‘']?(?:It|Its|It's|They|Their|Them|He|His|Him|She|Her|This|These|Those|That|"
    r"There|But|And|Also|However|Meanwhile|Instead|Still|Yet|So|Then|Such|Both|Another|"
    r"The (?:move|decision|deal|company|firm|group|move|plan|report|figures|latter|former)|"
    r"Nor|Or|Even so|In addition|As a result|Despite this|Similarly|Likewise)\b")


# A quote said by "he" or "she" only.
PRONOUN_SAID = re.compile(r"[\"”]\s*,?\s*(?:(?:he|she|they)\s(?:said|added|says|told)|"
                          r"(?:said|added|says)\s(?:he|she|they))\b")


def needs_missing(point: str, prev_shown: bool) -> bool:
    """An opening that refers back, or a quote said by a pronoun, with the sentence
    before it not shown. A quote that opens with "It" and names its speaker reads alone."""
    if prev_shown:
        return False
    text = point.strip()
    if PRONOUN_SAID.search(text):
        return True
    return bool(DANGLING.match(text)) and not (text[:1] in "\"“" and speaker(text))


def readability_and_length(corpus: Path, brief_of: Callable[[str], Brief] = make_brief) -> None:
    path = corpus / "summaries" / "dev" / "bbc_news_summary_dev.jsonl"
    points = dangling = split = 0
    shares: list[float] = []
    examples: list[str] = []
    for row in map(json.loads, path.open()):
        text = row["text"]
        brief = brief_of(text)
        shown = sorted({span for name in PANELS for span in brief.offsets.get(name, ())})
        ends = {end for _, end in shown}
        for name in PANELS:
            own = {end for _, end in brief.offsets.get(name, ())}
            for point, (start, _) in zip(brief.panel(name), brief.offsets.get(name, ()),
                                         strict=False):
                points += 1
                before = text[:start].rstrip()
                prev_shown = any(abs(len(before) - e) <= 1 or e == len(before) for e in ends)
                if needs_missing(point, prev_shown):
                    dangling += 1
                    if len(examples) < 5:
                        examples.append(f"{name}: {point[:90]}")
                elif name != "lede" and needs_missing(point, any(
                        abs(len(before) - e) <= 1 for e in own)):
                    split += 1  # its sentence is shown, but under another heading
        words = sum(len(p.split()) for name in PANELS for p in brief.panel(name))
        shares.append(words / max(1, len(text.split())))
    print("\n## 5. Points readable alone, brief length (300 BBC dev articles)\n")
    print(f"points whose opening needs a sentence not shown: {dangling}/{points} "
          f"({dangling / points:.1%})")
    for e in examples:
        print(f"  - {e}")
    print(f"points whose opening needs a sentence shown only in another panel: {split}/{points} "
          f"({split / points:.1%})")
    print(f"brief length, share of the article's words: median {statistics.median(shares):.0%}, "
          f"mean {statistics.mean(shares):.0%}, 90th percentile "
          f"{sorted(shares)[int(0.9 * len(shares))]:.0%}")


# Page furniture as the issue names it; look-alike letters folded first.
FURNITURE = re.compile(
    r"advertiser disclosure|to (?:view|read) the full (?:story|article)|please subscribe|"
    r"trust principles|forward[- ]looking statements?|^about [A-Z][\w.&' -]{1,40}$|"
    r"send (?:news )?tips|this (?:article|story) (?:was|has been) updated|^update\b.{0,40}:|"
    r"reprints? (?:&|and) licensing|^by [A-Z][\w.' -]{1,40}:|^[-–•*] |all rights reserved|"
    r"sign up for|subscribe (?:now|today|to)|cookies?\b.{0,30}\b(?:policy|settings|consent)|"
    r"\badvertisement\b|sponsored content|^(?:share|follow us)\b"
    # A new user's trial: a dash run into a word, a list's lead-in, a chart label, a date.
    r"|^[-–•]\w|:$|\d%[^\W\d_]|\?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE | re.MULTILINE)
_MIXED_SCRIPT = re.compile(r"\b(?=\w*[a-zA-Z])(?=\w*[\u0400-\u04ff])\w+\b")


def furniture_points(corpus: Path, brief_of: Callable[[str], Brief] = make_brief) -> None:
    from briefing.extract.html import extract_page

    folder = corpus / "html" / "dev"
    pages = sorted(folder.glob("*.html"))
    found: list[str] = []
    briefed = unbriefed = 0
    for page in pages:
        extracted = extract_page(page.read_bytes())
        if extracted is None:
            unbriefed += 1
            continue
        brief = brief_of(extracted.text)
        briefed += not brief.is_empty
        for name in PANELS:
            for point in brief.panel(name):
                folded = unicodedata.normalize("NFKC", point)
                if FURNITURE.search(folded) or _MIXED_SCRIPT.search(folded):
                    found.append(f"{page.name[:12]} {name}: {point[:80]}")
    print(f"\n## 6. Furniture on the {len(pages)} corpus pages\n")
    print(f"pages briefed {briefed}, no text extracted {unbriefed}; "
          f"furniture points: {len(found)}")
    for f in found:
        print(f"  - {f}")


def next_on_pages(corpus: Path, brief_of: Callable[..., Brief] = make_brief) -> None:
    """Every What's next point of the corpus pages' briefs, for reading beside the pages
    (an editor's audit: does each point look ahead, about this story?)."""
    from briefing.extract.html import extract_page

    pages = sorted((corpus / "html" / "dev").glob("*.html"))
    points = filled = 0
    lines: list[str] = []
    for page in pages:
        extracted = extract_page(page.read_bytes())
        if extracted is None:
            continue
        brief = brief_of(extracted.text, title=extracted.title)
        filled += bool(brief.whats_next)
        for point in brief.whats_next:
            points += 1
            lines.append(f"  - {page.name[:40]}: {point[:200]}")
    print(f"\n## What's next on the {len(pages)} corpus pages: {points} points on {filled} "
          f"pages\n")
    print("\n".join(lines))
