"""Quality floors for the extractive briefer on the BBC dev set (bench/eval_briefs.py has the
full comparison with sumy's LexRank and TextRank)."""

from __future__ import annotations

import json
import re
import statistics
from functools import cache

import pytest

from briefing.brief import make_brief
from briefing.brief.cues import scheduled
from briefing.brief.extractive import extractive_brief, fill_panels, prose_sentences, to_brief
from briefing.brief.sentences import paragraphs, split_sentences
from briefing.models import Brief
from tests.paths import CORPUS, needs_corpus

rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
DEV = CORPUS / "summaries" / "dev" / "bbc_news_summary_dev.jsonl"
LABELS = CORPUS / "summaries" / "dev" / "panels.jsonl"
needs_dev = needs_corpus("summaries", "dev", "bbc_news_summary_dev.jsonl")
needs_labels = needs_corpus("summaries", "dev", "panels.jsonl")


@cache
def rouge2() -> dict[str, float]:
    """Mean ROUGE-2 F1 against the reference summaries: what_to_know's 5 points (before the
    brief's length budget) and Lead-5."""
    scorer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    know, lead = [], []
    for line in DEV.open():
        row = json.loads(line)
        ref = row["summary"]
        panels = fill_panels(prose_sentences(paragraphs(row["text"])), what_to_know=5)
        points = " ".join(s.text for s in panels["what_to_know"])
        know.append(scorer.score(ref, points)["rouge2"].fmeasure)
        first = " ".join(s.text for s in split_sentences(row["text"])[:5])
        lead.append(scorer.score(ref, first)["rouge2"].fmeasure)
    return {"know": statistics.mean(know), "lead": statistics.mean(lead)}


@needs_dev
def test_what_to_know_keeps_its_rouge_on_bbc_dev() -> None:
    # Measured 0.509 (Lead-5 0.428, LexRank-5 0.496; bench/BRIEFS.md). The sentences that
    # say why or look ahead go to their own panels, and a point that refers back brings its
    # sentence along into its own panel or gives way, so the key points are not the top-5
    # central sentences. A floor a little below, so a change that loses central facts
    # fails here first.
    scores = rouge2()
    assert scores["know"] >= 0.50
    assert scores["know"] > scores["lead"] + 0.07


def unbudgeted(text: str) -> Brief:
    """The panels as chosen, before the brief's word budget cuts them."""
    return to_brief(fill_panels(prose_sentences(paragraphs(text))), "extractive")


def test_the_central_fact_is_shown_and_the_nut_graf_says_why() -> None:
    # The second sentence is the article's most central fact: it is shown; why_it_matters
    # holds the sentence of stakes and context, never the lede again.
    text = ("Acme Corp cut 2,000 jobs on Monday after profits fell.\n\n"
            "Acme Corp said profits fell 40% to $1.2bn as sales of Acme phones slumped in "
            "Europe and Asia, and Acme will close two phone plants.\n\n"
            "The cuts come amid growing pressure on phone makers, a crisis that threatens "
            "the whole industry.\n\n"
            "Acme phones sales fell 30% in Europe and 25% in Asia, Acme Corp said.\n\n"
            "Shares in Acme Corp fell 8% to $41.20 after the profits news.\n\n"
            "Acme employs 50,000 people, 12,000 of them in phone plants.")
    brief = unbudgeted(text)
    shown = brief.what_to_know + brief.why_it_matters + brief.whats_next
    assert any(p.startswith("Acme Corp said profits fell 40%") for p in shown)
    assert ("The cuts come amid growing pressure on phone makers, a crisis that threatens the "
            "whole industry.") in brief.why_it_matters
    assert not set(brief.why_it_matters) & set(brief.lede)


def test_a_dated_next_step_stays_in_whats_next() -> None:
    text = ("Parliament passed the budget bill by 310 votes to 250 on Tuesday.\n\n"
            "The bill raises the top rate of income tax to 45% and cuts fuel duty by 2p.\n\n"
            "The Lords will vote on the bill on 14 March, and ministers expect it to pass.\n\n"
            "The budget was the first since the election in May.\n\n"
            "The opposition said the tax rise would hurt 200,000 small firms.")
    brief = extractive_brief(text)
    assert brief.whats_next == ("The Lords will vote on the bill on 14 March, and ministers "
                                "expect it to pass.",)
    assert not any(scheduled(p) for p in brief.what_to_know)


def label_sentences(text: str) -> list[str]:
    """The splitter the panel labels were made with (corpus PANELS.md)."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘])|(?<=[.!?][\"”’'])\s+(?=[A-Z\"“‘])",
                                text.replace("\n", " ")) if s and s.strip()]


def labelled_briefs() -> list[tuple[dict, list[set[str]], Brief]]:
    labels = {r["id"]: r for r in map(json.loads, LABELS.open())}
    out = []
    for row in map(json.loads, DEV.open()):
        if row["id"] in labels:
            bags = [set(re.findall(r"\w+", s.lower())) for s in label_sentences(row["text"])]
            out.append((labels[row["id"]], bags, make_brief(row["text"])))
    return out


def located(point: str, bags: list[set[str]]) -> int:
    """The labelled sentence holding most of a point's words."""
    words = set(re.findall(r"\w+", point.lower()))
    return max(range(len(bags)), key=lambda i: len(words & bags[i]))


@needs_dev
@needs_labels
def test_why_it_matters_follows_the_readers_labels() -> None:
    # Floors under the figures bench/BRIEFS.md reports (sentence 1 always: 30 found of
    # 125, 30 of 150 filled panels right, never empty).
    found = filled = right = empty = with_why = 0
    for labels, bags, brief in labelled_briefs():
        hit = any(located(p, bags) in labels["why"] for p in brief.why_it_matters)
        with_why += bool(labels["why"])
        found += hit
        filled += bool(brief.why_it_matters)
        right += hit
        empty += not labels["why"] and not brief.why_it_matters
    assert found / with_why >= 0.42
    assert right / filled >= 0.47
    assert empty / (150 - with_why) >= 0.6


@needs_dev
def test_why_it_matters_is_empty_on_a_prize_announcement_and_says_why_on_rates() -> None:
    rows = {r["id"]: r for r in map(json.loads, DEV.open())}
    assert make_brief(rows["entertainment_015"]["text"]).why_it_matters == ()
    why = make_brief(rows["business_057"]["text"]).why_it_matters
    assert any(p.startswith("This means that despite a strong economic growth") for p in why)


@needs_dev
@needs_labels
def test_whats_next_follows_the_readers_labels() -> None:
    # Measured: found in 115 of 132 forward-looking articles, 115 of 128 filled panels
    # right, empty in 13 of the 18 others (a future-tense keyword rule: 97, 97/117, 13).
    found = filled = empty = ahead = 0
    for labels, bags, brief in labelled_briefs():
        hit = any(located(p, bags) in labels["next"] for p in brief.whats_next)
        ahead += bool(labels["next"])
        found += hit
        filled += bool(brief.whats_next)
        empty += not labels["next"] and not brief.whats_next
    assert found / ahead >= 0.8
    assert found / filled >= 0.86
    assert empty / (150 - ahead) >= 0.66
