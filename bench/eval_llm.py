"""Language-model briefs on the dev panel labels, side by side with the extractive briefer.

Run from the repository root: ``python bench/eval_briefs.py --engine llm --model NAME``
(or this file directly with the same options). Needs `pip install -e '.[llm]'` and a model
`llm` can reach; without one it prints one line and stops.

Both engines brief the 150 labelled BBC dev articles (corpus/summaries/dev/PANELS.md);
each point is mapped to the labelled sentences it came from (its offsets for the
extractive briefer, the sentences it cites for the model) and scored:

- why hits: articles with a labelled "why" whose Why it matters shows one; why precision:
  the share of Why it matters points on a labelled "why" sentence; why empty: articles
  with no labelled "why" whose panel is empty.
- next found / precision: the same for What's next and the labelled "next" sentences.
- readable alone: the share of points that do not open on a word that needs the article
  ("He", "It", "This", "But", ...). Length: words in the three panels.
- dropped: the share of the model's points the check dropped; fallback panels; failures.

Answers are cached in a SQLite file (`--llm-cache`, default bench/llm_answers.db) by the same
key as the app's, so a second run costs no calls.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.brief import make_brief  # noqa: E402
from briefing.llm.compose import grounded_brief  # noqa: E402
from briefing.llm.engine import (  # noqa: E402
    EngineUnavailable,
    ask,
    classify,
    load_model,
    run_calls,
)
from briefing.llm.grounding import AnswerError, check_answer, parse_answer  # noqa: E402
from briefing.llm.prompt import PROMPT_VERSION, BriefPrompt, Source, build_prompt  # noqa: E402
from briefing.models import Brief  # noqa: E402
from briefing.store import Store  # noqa: E402

_LABEL_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘])|(?<=[.!?][\"”’'])\s+(?=[A-Z\"“‘])")
_NEEDS_CONTEXT = frozenset("""
he she it they this that these those his her its their him them but and however also so
meanwhile instead yet still such there
""".split())
PANELS = ("why_it_matters", "what_to_know", "whats_next")


def label_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each sentence of PANELS.md's splitter (its indices label)."""
    flat = text.replace("\n", " ")
    spans, cursor = [], 0
    for piece in _LABEL_SPLIT.split(flat):
        if not piece or not piece.strip():
            continue
        start = flat.find(piece, cursor)
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    return spans


def labels_of(span: tuple[int, int], spans: list[tuple[int, int]]) -> set[int]:
    """The labelled sentences a point's span lies in (its middle decides)."""
    middle = (span[0] + span[1]) // 2
    return {i for i, (a, b) in enumerate(spans) if a <= middle < b}


def point_labels(brief: Brief, panel: str, spans: list[tuple[int, int]]) -> list[set[int]]:
    """For each point of a panel, the labelled sentences it rests on."""
    if brief.cites.get(panel):
        return [set().union(*(labels_of((c.start, c.end), spans) for c in point))
                for point in brief.cites[panel]]
    return [labels_of(span, spans) if span else set() for span in brief.offsets.get(panel, ())]


@dataclass
class Figures:
    """The dev-label figures of one engine."""

    why_hit: list[bool] = field(default_factory=list)
    why_points: list[bool] = field(default_factory=list)
    why_empty: list[bool] = field(default_factory=list)
    next_hit: list[bool] = field(default_factory=list)
    next_points: list[bool] = field(default_factory=list)
    readable: list[bool] = field(default_factory=list)
    words: list[int] = field(default_factory=list)

    def add(self, brief: Brief, text: str, label: dict) -> None:
        spans = label_spans(text)
        why, nxt = set(label["why"]), set(label["next"])
        why_points = point_labels(brief, "why_it_matters", spans)
        next_points = point_labels(brief, "whats_next", spans)
        if why:
            self.why_hit.append(any(p & why for p in why_points))
        else:
            self.why_empty.append(not brief.why_it_matters)
        self.why_points += [bool(p & why) for p in why_points]
        if nxt:
            self.next_hit.append(any(p & nxt for p in next_points))
        self.next_points += [bool(p & nxt) for p in next_points]
        points = [p for panel in PANELS for p in brief.panel(panel)]
        self.readable += [p.split()[0].lower().strip("\"'“‘,") not in _NEEDS_CONTEXT
                          for p in points if p.split()]
        self.words.append(sum(len(p.split()) for p in points))

    def row(self, name: str) -> str:
        def share(values: list[bool]) -> str:
            return f"{sum(values) / len(values):.3f}" if values else "–"

        return (f"| {name} | {share(self.why_hit)} | {share(self.why_points)} | "
                f"{share(self.why_empty)} | {share(self.next_hit)} | {share(self.next_points)} "
                f"| {share(self.readable)} | {statistics.mean(self.words or [0]):.1f} |")


@dataclass
class _Item:
    label: dict
    text: str
    base: Brief
    prompt: BriefPrompt


def evaluate(corpus: Path, model_name: str, *, cache: Path, timeout: float,
             concurrency: int, limit: int | None) -> None:
    """Print the side-by-side table, or one line when the model cannot be reached."""
    dev = corpus / "summaries" / "dev"
    texts = {r["id"]: r for r in map(json.loads, (dev / "bbc_news_summary_dev.jsonl").open())}
    labels = [json.loads(line) for line in (dev / "panels.jsonl").open()][:limit]
    try:
        model = load_model(model_name)
    except EngineUnavailable as err:
        print(f"skipped: language-model briefs with {model_name!r}: {err}")
        return
    model_id = str(getattr(model, "model_id", model_name))
    items = []
    for label in labels:
        text = texts[label["id"]]["text"]
        items.append(_Item(label, text, make_brief(text), build_prompt(
            [Source(label["id"], "BBC News", texts[label["id"]]["title"], text)])))
    with Store.open(cache) as store:
        answers = {i.label["id"]: store.llm.answer(i.prompt.digest, model_id, PROMPT_VERSION)
                   for i in items}
        failures: dict[str, int] = {}
        fatal: list[str] = []

        def done(item: _Item, outcome: str | BaseException) -> bool:
            if isinstance(outcome, BaseException):
                failure = classify(outcome, timeout)
                failures[failure.reason] = failures.get(failure.reason, 0) + 1
                if failure.fatal:
                    fatal.append(failure.reason)
                return not failure.fatal
            answers[item.label["id"]] = outcome
            store.llm.save_answer(item.prompt.digest, model_id, PROMPT_VERSION, outcome)
            return True

        missing = [i for i in items if answers[i.label["id"]] is None]
        run_calls(missing, lambda item: ask(model, item.prompt), concurrency=concurrency,
                  timeout=timeout, on_done=done)
    if fatal and not any(answers.values()):
        print(f"skipped: language-model briefs with {model_name!r}: {fatal[0]}")
        return
    extractive, llm_only, llm = Figures(), Figures(), Figures()
    kept = dropped = fallbacks = unreadable = 0
    for item in items:
        answer = answers[item.label["id"]]
        if answer is None:
            continue
        try:
            panels, malformed = parse_answer(answer)
        except AnswerError:
            unreadable += 1
            continue
        checked = check_answer(panels, item.prompt.sentences)
        kept += sum(c.kept for c in checked)
        dropped += malformed + sum(not c.kept for c in checked)
        brief, fell_back = grounded_brief(item.base, item.prompt, checked, True)
        fallbacks += fell_back
        extractive.add(item.base, item.text, item.label)
        llm.add(brief, item.text, item.label)
        only = {p: tuple(c.point.text for c in checked if c.panel == p and c.kept)
                for p in PANELS}
        llm_only.add(grounded_brief(Brief(method="none"), item.prompt, checked, True)[0]
                     if any(only.values()) else Brief(method="none"), item.text, item.label)
    scored = len(llm.words)
    print(f"\n## Language-model briefs: {model_id} on the dev panel labels "
          f"({scored} of {len(items)} articles answered)\n")
    print("| engine | why hits | why precision | why empty when none | next found | "
          "next precision | readable alone | words |\n|---|---|---|---|---|---|---|---|")
    print(extractive.row("extractive briefer"))
    print(llm.row(f"{model_id} (checked, extractive fallback)"))
    print(llm_only.row(f"{model_id} (checked points only)"))
    total = kept + dropped
    print(f"\nPoints kept {kept}, dropped by the check {dropped} "
          f"({dropped / total:.1%} of the model's points)" if total else "\nNo points.")
    print(f"Panels filled from the extractive brief after the check: {fallbacks}; "
          f"unreadable answers: {unreadable}; failed calls: {sum(failures.values())}"
          + (f" ({'; '.join(f'{n} × {r}' for r, n in failures.items())})" if failures else ""))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of an LLM run (prefixed, so eval_briefs.py's own stay free)."""
    parser.add_argument("--model", help="an `llm` model id or alias (for --engine llm)")
    parser.add_argument("--llm-cache", type=Path, default=ROOT / "bench" / "llm_answers.db",
                        help="SQLite file of cached answers (default bench/llm_answers.db)")
    parser.add_argument("--llm-timeout", type=float, default=120.0, help="seconds per call")
    parser.add_argument("--llm-concurrency", type=int, default=2, help="calls at once")
    parser.add_argument("--llm-limit", type=int, help="only the first N labelled articles")


def run(args: argparse.Namespace) -> None:
    """Evaluate with the options `add_arguments` declared."""
    evaluate(args.corpus, args.model, cache=args.llm_cache, timeout=args.llm_timeout,
             concurrency=args.llm_concurrency, limit=args.llm_limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    add_arguments(parser)
    args = parser.parse_args()
    if not args.model:
        parser.error("--model is required")
    run(args)


if __name__ == "__main__":
    main()
