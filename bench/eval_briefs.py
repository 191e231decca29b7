"""Measure the briefer against human-written sections and reference summaries.

Run from the repository root: ``python bench/eval_briefs.py [--corpus PATH]``.
Needs the `bench` extra (rouge-score, sumy); no downloads (sumy gets our own splitter).

1. Signposted stories (corpus/signposts + the seed): (a) sections recovered vs. the
   author's, as written and with the labels restyled; (b) labels removed, extractive
   panels vs. the author's sections (ROUGE F1), Lead-1 / Lead-k as baselines.
2. BBC News Summary dev: what_to_know vs. the reference summary, beside Lead-k, LexRank-k
   and TextRank-k (sumy), at the same k and cut to the same word budget.
3. Speed: articles per second for make_brief alone, pinned to one core.
4. Panels vs. the readers' labels (panels.jsonl): why / next found, precision, empty,
   beside every fixed sentence position and a plain future-tense rule.
5. Points whose opening needs a sentence not shown; brief length against the article.
6. Furniture points in the briefs of the corpus pages.
7. Panels vs. the team's labels of the English corpus pages (bench/labels/pages-team.jsonl),
   in section 4's form; a page whose extracted sentences changed is reported and skipped.
With --show-next: the dev articles whose What's next holds no labelled next sentence, and
every What's next point of the corpus pages (for reading beside the pages).
With --page-labels: section 7 alone, with every point that holds no labelled sentence.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rouge_score import rouge_scorer  # noqa: E402
from sumy.models.dom import ObjectDocumentModel, Paragraph  # noqa: E402
from sumy.models.dom import Sentence as SumySentence  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.summarizers.text_rank import TextRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

from briefing.brief import make_brief  # noqa: E402
from briefing.brief.extractive import fill_panels, prose_sentences  # noqa: E402
from briefing.brief.sentences import paragraphs, split_sentences  # noqa: E402
from briefing.brief.signposts import find_sections  # noqa: E402
from briefing.extract.cleanup import is_not_prose  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from panel_labels import (  # noqa: E402
    furniture_points,
    next_on_pages,
    panels_vs_labels,
    panels_vs_page_labels,
    readability_and_length,
)

PANELS = ("lede", "why_it_matters", "what_to_know", "whats_next", "what_people_are_saying")
SEED = "000_ef2b2176f828013d.txt"
# Gold annotation: the seed's headings (the corpus lists the others' in `signposts`), and
# which panel each author label belongs to.
SEED_LABELS = ["Why It Matters", "What To Know", "What People Are Saying", "What Happens Next"]
GOLD_PANEL = {
    "why it matters": "why_it_matters", "background": "why_it_matters",
    "the bottom line": "why_it_matters", "what to know": "what_to_know",
    "here's what to know": "what_to_know", "read this fact": "what_to_know",
    "by the numbers": "what_to_know", "what people are saying": "what_people_are_saying",
    "what happens next": "whats_next",
}
CAPTION = re.compile(r"(?:^|\. )(?:Photo|Illustration): ")  # gold: captions are no section
ROUGE = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
_TOKEN = re.compile(r"\w+")


# --- sumy without NLTK data: our splitter and a regex word tokenizer -------------------
class SumyTokenizer:
    """sumy's Tokenizer interface backed by briefing's splitter (no punkt download)."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return tuple(s.text for s in split_sentences(text))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_TOKEN.findall(sentence))


def sumy_ranking(summarizer_cls: type, sentences: list[str]) -> list[int]:
    """Sentence indices in the summarizer's order of preference."""
    tok = SumyTokenizer()
    doc = ObjectDocumentModel([Paragraph([SumySentence(s, tok) for s in sentences])])
    summarizer = summarizer_cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    captured: list = []
    summarizer(doc, lambda infos: captured.extend(infos) or infos)  # infos arrive best first
    return [info.order for info in captured]


# --- scoring helpers -----------------------------------------------------------------
def rouge(candidate: str, reference: str) -> dict[str, float]:
    scores = ROUGE.score(reference, candidate)
    return {name: s.fmeasure for name, s in scores.items()}


def token_f1(candidate: str, reference: str) -> float:
    a, b = Counter(_TOKEN.findall(candidate.lower())), Counter(_TOKEN.findall(reference.lower()))
    common = sum((a & b).values())
    if not a and not b:
        return 1.0
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def words(text: str) -> int:
    return len(text.split())


def budget_cut(ranked: list[str], order: list[int], budget: int) -> str:
    """Sentences in preference order until `budget` words (the last one cut), in text order."""
    chosen, total = [], 0
    for sentence, pos in zip(ranked, order, strict=True):
        if total >= budget:
            break
        tokens = sentence.split()[: budget - total]
        chosen.append((pos, " ".join(tokens)))
        total += len(tokens)
    return " ".join(text for _, text in sorted(chosen))


# --- 1. signposted stories -----------------------------------------------------------
def load_signposted(corpus: Path) -> list[dict]:
    stories = [json.loads(line) for line in (corpus / "signposts" / "signposts.jsonl").open()]
    for seed in (ROOT / "seeds" / SEED, corpus.parent / "seeds" / SEED):
        if seed.is_file():
            stories.append({"id": "seed " + SEED, "text": seed.read_text(), "signposts": SEED_LABELS})
            break
    return stories


def gold_sections(text: str, labels: list[str]) -> tuple[dict[str, str], str]:
    """The author's sections by the annotated labels, and the text with labels removed.

    The lede is the prose before the first label. A label alone on its line opens a
    section that runs to the next label; a label that opens a paragraph covers that
    paragraph. Credits and captions belong nowhere.
    """
    gold: dict[str, list[str]] = {"lede": []}
    stripped: list[str] = []
    current: list[str] | None = gold["lede"]
    wanted = {label.lower(): label for label in labels}
    for line in (p.text for p in paragraphs(text)):
        key = line.rstrip(":").strip().lower()
        head = re.match(r"^([^:]{2,40}):\s+(.+)$", line)
        if key in wanted:
            current = gold.setdefault(GOLD_PANEL[key], [])
            continue
        if head and head.group(1).lower() in wanted:
            gold.setdefault(GOLD_PANEL[head.group(1).lower()], []).append(head.group(2))
            stripped.append(head.group(2))
            current = None
            continue
        stripped.append(line)
        if current is not None and not is_not_prose(line) and not CAPTION.search(line):
            current.append(line)
    if len(gold) == 1:
        gold = {}  # no signposts: nothing to recover, no lede to compare
    return {k: "\n".join(v) for k, v in gold.items()}, "\n\n".join(stripped)


def restyle(text: str, labels: list[str], style: int) -> str:
    """The text with its labels in another case and punctuation."""
    styles = [
        lambda lab, inline: lab.upper() + ":",
        lambda lab, inline: f"**{lab}:**" if inline else f"## {lab}",
        lambda lab, inline: lab.lower().replace("'", "’") + " —",
        lambda lab, inline: f"**{lab.title()}**:" if inline else f"{lab.title()}?",
    ]
    out = []
    for line in text.split("\n"):
        for lab in labels:
            if line.strip().rstrip(":") == lab:
                line = styles[style](lab, False)
            elif line.startswith(lab + ": "):
                line = styles[style](lab, True) + " " + line[len(lab) + 2 :]
        out.append(line)
    return "\n".join(out)


def recovery(stories: list[dict]) -> None:
    print("\n## 1a. Signpost recovery (sections found vs. the author's)\n")
    by_variant: dict[str, list[tuple[bool, float]]] = {}
    by_panel: dict[str, list[tuple[bool, float]]] = {}
    for variant in (None, 0, 1, 2, 3):
        name = "as written" if variant is None else f"restyled #{variant + 1}"
        for story in stories:
            text = story["text"] if variant is None else restyle(story["text"], story["signposts"], variant)
            gold, _ = gold_sections(story["text"], story["signposts"])
            found = find_sections(text)
            got = {p: "\n".join(s.text for s in spans) for p, spans in found.panels.items()}
            if gold:
                got["lede"] = "\n".join(s.text for s in found.lede)
            for panel in set(gold) | set(got) or {"(no signposts)"}:
                g, c = gold.get(panel, ""), got.get(panel, "")
                by_variant.setdefault(name, []).append((g == c, token_f1(c, g)))
                by_panel.setdefault(panel, []).append((g == c, token_f1(c, g)))
    by_variant["all"] = [v for vals in by_variant.values() for v in vals]
    for title, rows in (("texts", by_variant), ("panel", by_panel)):
        print(f"| {title} | sections | exact | token F1 |\n|---|---|---|---|")
        for name, vals in rows.items():
            print(f"| {name} | {len(vals)} | {sum(v[0] for v in vals) / len(vals):.3f} "
                  f"| {statistics.mean(v[1] for v in vals):.3f} |")
        print()


def extractive_vs_author(stories: list[dict], k: int) -> None:
    print("\n## 1b. Labels removed: extractive panels vs. the author's sections (ROUGE F1)\n")
    print("| panel | n | method | R-1 | R-2 | R-L | words |\n|---|---|---|---|---|---|---|")
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    lengths: dict[tuple[str, str], list[int]] = {}
    for story in stories:
        gold, bare = gold_sections(story["text"], story["signposts"])
        if not gold:
            continue
        brief = make_brief(bare, what_to_know=k)
        lead = [s.text for s in prose_sentences(paragraphs(bare))]
        for panel, ref in gold.items():
            n_lead = k if panel == "what_to_know" else 1
            for method, cand in (("briefer", " ".join(brief.panel(panel))),
                                 (f"Lead-{n_lead}", " ".join(lead[:n_lead]))):
                results.setdefault((panel, method), []).append(rouge(cand, ref))
                lengths.setdefault((panel, method), []).append(words(cand))
    for (panel, method), vals in sorted(results.items(), key=lambda kv: PANELS.index(kv[0][0])):
        means = [statistics.mean(v[m] for v in vals) for m in ("rouge1", "rouge2", "rougeL")]
        print(f"| {panel} | {len(vals)} | {method} | " + " | ".join(f"{m:.3f}" for m in means)
              + f" | {statistics.mean(lengths[panel, method]):.1f} |")


# --- 2. BBC News Summary -------------------------------------------------------------
def bbc(corpus: Path, k: int, budget: int) -> list[str]:
    path = corpus / "summaries" / "dev" / "bbc_news_summary_dev.jsonl"
    rows = [json.loads(line) for line in path.open()]
    same_k: dict[str, list[dict[str, float]]] = {}
    cut: dict[str, list[dict[str, float]]] = {}
    len_k: dict[str, list[int]] = {}
    len_cut: dict[str, list[int]] = {}
    for row in rows:
        text, ref = row["text"], row["summary"]
        split = split_sentences(text)
        sentences, starts = [s.text for s in split], [s.start for s in split]
        pool = prose_sentences(paragraphs(text))
        panels = fill_panels(pool, what_to_know=len(pool), ranked=True)
        ranked_know, lede = panels["what_to_know"], panels["lede"]
        # Each ranking: sentences best first, with their offsets to restore text order.
        rankings = {
            "briefer what_to_know": ([s.text for s in ranked_know], [s.start for s in ranked_know]),
            f"Lead-{k}": (sentences, starts),
        }
        # For context only: the brief's lede with what_to_know (what a reader sees first).
        both = lede + ranked_know
        rankings["(info) lede + what_to_know"] = ([s.text for s in both], [s.start for s in both])
        for name, cls in (("LexRank", LexRankSummarizer), ("TextRank", TextRankSummarizer)):
            order = sumy_ranking(cls, sentences)
            rankings[f"{name}-{k} (sumy)"] = ([sentences[i] for i in order], [starts[i] for i in order])
        # The ranker's k points as chosen, before the brief's word budget cuts them.
        brief_know = " ".join(s.text for s in fill_panels(pool, what_to_know=k)["what_to_know"])
        for name, (ranked, order) in rankings.items():
            top = brief_know if name.startswith("briefer") else " ".join(
                s for _, s in sorted(zip(order[:k], ranked[:k], strict=True)))
            same_k.setdefault(name, []).append(rouge(top, ref))
            len_k.setdefault(name, []).append(words(top))
            short = budget_cut(ranked, order, budget)
            cut.setdefault(name, []).append(rouge(short, ref))
            len_cut.setdefault(name, []).append(words(short))
    lines = []
    for title, table, lens in ((f"same k = {k}", same_k, len_k),
                               (f"same budget = {budget} words", cut, len_cut)):
        lines.append(f"\n## 2. BBC News Summary dev ({len(rows)} articles), {title}\n")
        lines.append("| method | R-1 F1 | R-2 F1 | R-L F1 | mean words |\n|---|---|---|---|---|")
        for name, vals in table.items():
            means = [statistics.mean(v[m] for v in vals) for m in ("rouge1", "rouge2", "rougeL")]
            lines.append(f"| {name} | " + " | ".join(f"{m:.4f}" for m in means)
                         + f" | {statistics.mean(lens[name]):.1f} |")
    print("\n".join(lines))
    return [r["text"] for r in rows]


# --- 3. speed ------------------------------------------------------------------------
def speed(texts: list[str], repeats: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            make_brief(text)
        runs.append(len(texts) / (time.perf_counter() - start))
    print(f"\n## 3. Speed (make_brief, one core, {len(texts)} BBC dev articles x {repeats})\n")
    print(f"articles/s: best {max(runs):.0f}, median {statistics.median(runs):.0f}, "
          f"worst {min(runs):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--k", type=int, default=5, help="points per summary (default 5)")
    parser.add_argument("--budget", type=int, default=100, help="word budget (default 100)")
    parser.add_argument("--repeats", type=int, default=5, help="speed runs (default 5)")
    parser.add_argument("--show-next", action="store_true",
                        help="list the dev articles whose What's next holds no labelled "
                             "next sentence, and every What's next point of the corpus pages")
    parser.add_argument("--page-labels", action="store_true",
                        help="only the panels against the team's labels of the corpus pages, "
                             "listing every point that holds no labelled sentence")
    parser.add_argument("--engine", choices=("extractive", "llm"), default="extractive",
                        help="llm: language-model briefs beside the extractive ones (eval_llm.py)")
    import eval_llm  # beside this file

    eval_llm.add_arguments(parser)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"no corpus at {args.corpus}")
    if args.engine == "llm":
        if not args.model:
            parser.error("--engine llm needs --model NAME")
        eval_llm.run(args)
        return
    if args.page_labels:
        panels_vs_page_labels(args.corpus, show=True)
        return
    stories = load_signposted(args.corpus)
    recovery(stories)
    extractive_vs_author(stories, args.k)
    texts = bbc(args.corpus, args.k, args.budget)
    panels_vs_labels(args.corpus, show_next=args.show_next)
    if args.show_next:
        next_on_pages(args.corpus)
    readability_and_length(args.corpus)
    furniture_points(args.corpus)
    panels_vs_page_labels(args.corpus)
    speed(texts, args.repeats)


if __name__ == "__main__":
    main()
