"""Language-model briefs end to end: the real CLI, store, `llm` library and check; only the
model is replaced, by one registered through `llm`'s plugin mechanism (tests/llm_replay.py)
that answers from recorded responses, hostile ones included."""

from __future__ import annotations

import json
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

pytest.importorskip("llm", reason="needs the llm package (pip install -e '.[test]')")

from briefing.brief import make_brief
from briefing.cli import main
from briefing.clock import fixed_clock
from briefing.models import Document
from briefing.store import Store
from tests.llm_replay import ANSWERS, KeyedReplayModel, ReplayModel, Slow, registered
from tests.paths import SEED

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture
def replay(monkeypatch, tmp_path):
    """The replay models, known to `llm`; `llm`'s own files (keys) in a temp folder."""
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm-user"))
    monkeypatch.delenv("BRIEFING_TEST_REPLAY_KEY", raising=False)
    model = ReplayModel()
    with registered(model, KeyedReplayModel()):
        yield model
    model.release.set()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A config with the shipped seed, no feeds, and the language-model engine on."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.chdir(tmp_path)
    configure(tmp_path)
    return tmp_path


def configure(where, model: str = "replay", **llm: object) -> None:
    extra = "".join(f"{key} = {json.dumps(value)}\n" for key, value in llm.items())
    (where / "config.toml").write_text(
        'seeds = "seeds"\ndatabase = "b.db"\nfeeds = []\n\n[brief]\nengine = "llm"\n\n'
        f'[brief.llm]\nmodel = "{model}"\n{extra}', encoding="utf-8")


def run(*args: str, at: datetime = NOW):
    return CliRunner().invoke(main, list(args), obj={"clock": fixed_clock(at)},
                              catch_exceptions=False)


def refresh_json(*args: str) -> dict:
    result = run("refresh", "--seeds-only", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def seed_id() -> str:
    return json.loads(run("list", "--json").stdout)[0]["id"]


def shown() -> dict:
    return json.loads(run("show", seed_id(), "--json").stdout)


def test_refresh_gives_a_checked_brief_whose_points_cite_the_text(env, replay):
    report = refresh_json()
    assert report["new"] == 1
    llm = report["llm"]
    assert (llm["calls"], llm["cached"], llm["failed"], llm["briefs"]) == (1, 0, 0, 1)
    assert llm["points_dropped"] == 0 and llm["notice"] is None
    article = shown()
    brief = article["brief"]
    assert brief["method"] == "llm"
    assert brief["methods"] == {"why_it_matters": "llm", "what_to_know": "llm",
                                "whats_next": "llm"}
    assert brief["what_to_know"][1].startswith("Envoy Steve Witkoff met Putin")
    assert brief["lede"][0].startswith("A face-to-face meeting")  # the author's own lede
    for panel, points in brief["cites"].items():
        assert len(points) == len(brief[panel])
        for point in points:
            for cite in point:  # every cited offset points at the sentence in the text
                assert article["text"][cite["start"]:cite["end"]] == cite["sentence"]
    # The schema went with the prompt: this model supports structured output.
    (sent,) = replay.prompts
    assert sent.schema["required"] == ["why_it_matters", "what_to_know", "whats_next"]
    assert "[1] A face-to-face meeting" in sent.prompt
    text = run("show", seed_id()).stdout
    assert "Brief by a language model" in text and "Envoy Steve Witkoff" in text
    summary = run("refresh", "--seeds-only").stdout
    assert "0 language-model briefs (0 calls, 0 cached); 0 points dropped" in summary


def test_the_story_shows_the_same_brief_and_the_text_is_never_sent_twice(env, replay):
    refresh_json()
    with Store.open(env / "b.db") as store:
        (story,) = store.stories.page(limit=5)
        assert store.stories.brief(story.id).method == "llm"
    assert refresh_json()["llm"]["calls"] == 0  # nothing new, nothing asked
    # Briefs redone extractively (a briefer upgrade): the cached answer restores them.
    assert run("rebrief", "--all", at=NOW + timedelta(minutes=5)).exit_code == 0
    assert shown()["brief"]["method"] != "llm"
    again = refresh_json()["llm"]
    assert (again["calls"], again["cached"], again["briefs"]) == (0, 1, 1)
    assert shown()["brief"]["method"] == "llm"
    assert len(replay.prompts) == 1


def test_hostile_answer_keeps_the_grounded_point_and_falls_back_per_panel(env, replay):
    replay.answer = ANSWERS["seed_hostile"]
    llm = refresh_json()["llm"]
    assert llm["points_dropped"] == 8 and llm["points_kept"] == 1
    assert llm["dropped_reasons"]["cites no sentence"] == 2
    assert llm["fallback_panels"] == 2
    brief = shown()["brief"]
    extractive = make_brief(TEXT)
    assert brief["method"] == "llm"
    assert brief["what_to_know"] == ["Russian state media reported the Witkoff meeting lasted "
                                     "roughly four and a half hours."]
    # Panels the check emptied are the author's sections again, and say so.
    assert brief["why_it_matters"] == list(extractive.why_it_matters)
    assert brief["whats_next"] == list(extractive.whats_next)
    assert brief["methods"] == {"why_it_matters": "signposts", "what_to_know": "llm",
                                "whats_next": "signposts"}
    said = " ".join(run("show", seed_id()).stdout.split())  # the note wraps at 80 columns
    assert "(Why it matters, What's next: the article's own" in said
    shown_points = [p for panel in ("why_it_matters", "what_to_know", "whats_next")
                    for p in brief[panel]]
    assert not any("500,000" in p or "Geneva" in p for p in shown_points)


def test_an_answer_with_nothing_grounded_changes_nothing(env, replay):
    replay.answer = ANSWERS["seed_all_invented"]
    llm = refresh_json()["llm"]
    assert (llm["calls"], llm["briefs"], llm["points_dropped"]) == (1, 0, 2)
    brief = shown()["brief"]
    assert brief["method"] == "signposts" and "cites" not in brief and "methods" not in brief
    assert brief["why_it_matters"] == list(make_brief(TEXT).why_it_matters)


@pytest.mark.parametrize("name", ["malformed_json", "not_json", "wrong_shape"])
def test_an_unreadable_answer_is_a_failure_and_not_cached(env, replay, name):
    replay.answer = ANSWERS[name]
    result = run("refresh", "--seeds-only", "--json")
    assert result.exit_code == 0
    llm = json.loads(result.stdout)["llm"]
    assert (llm["calls"], llm["failed"], llm["briefs"]) == (1, 1, 0)
    assert "'replay'" in result.stderr and "extractive briefs stay" in result.stderr
    assert shown()["brief"]["method"] == "signposts"
    replay.answer = ANSWERS["seed_good"]
    assert refresh_json()["llm"]["briefs"] == 1  # asked again next time, not cached


@pytest.mark.parametrize(("error", "words"), [
    (ConnectionRefusedError(111, "Connection refused"), "cannot reach the model's server"),
    (RuntimeError("Error code: 429 - Rate limit reached for requests"), "rate limited"),
])
def test_a_server_down_or_rate_limit_stops_calling_and_says_so_once(env, replay, error, words):
    second = env / "seeds" / "second.txt"
    second.write_text("Council votes on the budget\n\nThe city council will vote on the "
                      "budget on Tuesday, officials said. The plan cuts bus routes.\n",
                      encoding="utf-8")
    configure(env, concurrency=1)
    replay.answer = error
    result = run("refresh", "--seeds-only", "--json")
    llm = json.loads(result.stdout)["llm"]
    assert result.exit_code == 0
    assert (llm["calls"], llm["failed"], llm["briefs"]) == (1, 1, 0)  # two stories, one call
    assert llm["waiting"] == 1
    lines = [line for line in result.stderr.splitlines() if "replay" in line]
    assert len(lines) == 1 and words in lines[0]
    assert "extractive briefs stay" in lines[0]


def test_a_timeout_fails_that_call_only_and_does_not_hold_up_the_command(env, replay):
    configure(env, timeout=0.3)
    replay.answer = Slow(30)
    started = time.monotonic()
    result = run("refresh", "--seeds-only", "--json")
    assert time.monotonic() - started < 10
    llm = json.loads(result.stdout)["llm"]
    assert (llm["failed"], llm["briefs"]) == (1, 0)
    assert "no answer within 0.3 s" in result.stderr


def test_no_key_unknown_model_and_no_llm_package_each_say_what_to_do(env, replay,
                                                                        monkeypatch):
    configure(env, model="replay-keyed")
    result = run("refresh", "--seeds-only")
    assert result.exit_code == 0
    assert "'replay-keyed': no API key" in result.stderr
    assert "llm keys set replay-key" in result.stderr
    configure(env, model="no-such-model")
    result = run("refresh", "--seeds-only")
    assert "'no-such-model': no such model" in result.stderr and "llm models" in result.stderr
    configure(env)
    monkeypatch.setitem(sys.modules, "llm", None)  # as if not installed
    result = run("refresh", "--seeds-only")
    assert "pip install 'briefing[llm]'" in result.stderr
    assert shown()["brief"]["method"] == "signposts"  # nothing lost on the way


def test_a_key_set_with_llm_keys_is_used(env, replay, monkeypatch):
    configure(env, model="replay-keyed")
    monkeypatch.setenv("BRIEFING_TEST_REPLAY_KEY", "sk-test")
    assert refresh_json()["llm"]["briefs"] == 1


def test_options_set_with_llm_models_options_are_applied(env, replay, tmp_path):
    user = tmp_path / "llm-user"
    user.mkdir(exist_ok=True)
    (user / "model_options.json").write_text('{"replay": {"temperature": 0.0}}',
                                             encoding="utf-8")
    assert refresh_json()["llm"]["briefs"] == 1
    (sent,) = replay.prompts
    assert sent.options.temperature == 0.0


def test_a_model_without_schema_support_gets_the_prompt_alone(env, replay):
    plain = ReplayModel("replay-plain", schema=False)
    plain.answer = ANSWERS["seed_good_fenced"]  # JSON in a code fence, prose around it
    configure(env, model="replay-plain")
    with registered(plain, name="briefing-replay-plain"):
        assert refresh_json()["llm"]["briefs"] == 1
    (sent,) = plain.prompts
    assert sent.schema is None and '"cites": [sentence numbers]' in sent.prompt
    assert shown()["brief"]["method"] == "llm"


def test_the_prompt_command_prints_exactly_what_is_sent(env, replay):
    refresh_json()
    printed = json.loads(run("prompt", seed_id(), "--json").stdout)
    (sent,) = replay.prompts
    assert printed["prompt"] == sent.prompt
    assert printed["system"] == sent.system
    assert printed["schema"] == sent.schema
    assert printed["model"] == "replay"
    text = run("prompt", seed_id())
    assert sent.prompt in text.stdout and "language-model briefs: on" in text.stderr


def test_per_refresh_limit_leaves_the_rest_waiting_and_rebrief_fills_them(env, replay):
    for n, (title, text) in enumerate((
            ("Harbour to be dredged", "The port authority will dredge the harbour in May, "
             "its director said. Work on the north berth starts on Monday."),
            ("Library opens late", "The city library will open until midnight during exam "
             "weeks, the council announced. Students asked for longer hours."),
            ("Cyclists win new lane", "A protected cycle lane will run along the river road "
             "from June, transport officials confirmed after a long campaign."))):
        (env / "seeds" / f"extra{n}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    configure(env, per_refresh=1)
    llm = refresh_json()["llm"]
    assert (llm["calls"], llm["waiting"]) == (1, 3)
    result = run("rebrief", "--engine", "llm", "--json")
    assert result.exit_code == 0
    filled = json.loads(result.stdout)
    assert filled["calls"] == 3 and filled["waiting"] == 0


def test_engine_extractive_makes_no_call(env, replay):
    (env / "config.toml").write_text('seeds = "seeds"\ndatabase = "b.db"\nfeeds = []\n',
                                     encoding="utf-8")
    assert "llm" not in refresh_json()
    assert replay.prompts == []


def two_source_store(path) -> Store:
    """The seed and a short wire report of the same event: one story of two sources."""
    store = Store.open(path, clock=fixed_clock(NOW))
    first = next(line for line in TEXT.splitlines() if line.strip())
    copy = (f"{first}\n\nThe Kremlin said on Sunday that a meeting between Trump and Putin "
            "would take place at the appropriate time, spokesperson Dmitry Peskov told "
            "reporters.")
    for key, title, text, source in (
            ("https://example.org/seed", "Kremlin says Trump-Putin meeting will happen",
             TEXT, "Newsweek"),
            ("https://example.org/copy", "Kremlin: Trump-Putin meeting at the appropriate time",
             copy, "Wire")):
        store.articles.ingest(Document(key=key, title=title, text=text, published=NOW),
                              make_brief(text), source=source)
    from briefing.edition.update import update_stories

    update_stories(store)
    return store


def test_a_story_of_two_sources_gets_one_brief_each_point_naming_its_sources(tmp_path,
                                                                               replay):
    from briefing.config import BriefSettings, LlmSettings, Settings
    from briefing.llm.update import apply_llm_briefs

    replay.answer = ANSWERS["story_good"]
    settings = Settings(seeds=None, database=tmp_path / "b.db", feeds=(), brief=BriefSettings(
        engine="llm", llm=LlmSettings(model="replay")))
    with two_source_store(settings.database) as store:
        report = apply_llm_briefs(store, settings)
        assert (report.calls, report.briefs, report.points_dropped) == (1, 1, 0)
        (story,) = store.stories.page(limit=5)
        brief = store.stories.brief(story.id)
        members = {m.source: m.id for m in store.stories.members(story.id)}
        member_briefs = {m.id: m.brief.method for m in store.stories.members(story.id)}
    (sent,) = replay.prompts
    assert "as 2 sources report it" in sent.prompt and "Source A: Wire" in sent.prompt
    assert brief.method == "llm"
    # One point rests on both reports, one on the wire copy alone.
    both = {c.article_id for c in brief.cites["what_to_know"][0]}
    assert both == {members["Newsweek"], members["Wire"]}
    assert brief.sources["what_to_know"][1] == members["Wire"]
    assert brief.sources["whats_next"] == (members["Newsweek"],)
    assert "llm" not in member_briefs.values()  # the articles keep their own briefs
    # `prompt --story` prints what was sent; for one article alone it says there is more.
    printed = run("--db", str(settings.database), "prompt", members["Newsweek"], "--story",
                  "--json")
    assert json.loads(printed.stdout)["prompt"] == sent.prompt
    alone = run("--db", str(settings.database), "prompt", members["Newsweek"])
    assert "Source A" not in alone.stdout and "story has 2 sources" in alone.stderr


def test_cached_answers_are_kept_as_long_as_stories(tmp_path):
    with Store.open(tmp_path / "b.db", clock=fixed_clock(NOW)) as store:
        store.llm.save_answer("h1", "m", 1, "{}")
    later = NOW + timedelta(days=31)
    with Store.open(tmp_path / "b.db", clock=fixed_clock(later)) as store:
        assert store.llm.prune(0) == 0
        assert store.llm.prune(60) == 0 and store.llm.answer("h1", "m", 1) == "{}"
        assert store.llm.prune(30) == 1 and store.llm.answer("h1", "m", 1) is None


def test_a_story_merged_again_meanwhile_is_not_overwritten(tmp_path, replay):
    from briefing.store.llm import StoryForLlm

    with two_source_store(tmp_path / "b.db") as store:
        (story,) = store.llm.stories_to_brief()
        stale = StoryForLlm(story.id, story.lead_article_id, "2020-01-01T00:00:00+00:00")
        assert not store.llm.write_brief(stale, make_brief(TEXT))
        assert store.stories.brief(story.id).method != "llm"


def test_a_second_pass_at_the_same_time_leaves_the_work_to_the_first(env, replay):
    from briefing.llm.update import pass_lock

    with Store.open(env / "b.db") as holder, pass_lock(holder) as ours:
        assert ours
        result = run("refresh", "--seeds-only", "--json")
    llm = json.loads(result.stdout)["llm"]
    assert llm["calls"] == 0 and "another pass is running" in llm["notice"]


def test_commands_say_what_is_missing(env, replay):
    (env / "config.toml").write_text('seeds = "seeds"\ndatabase = "b.db"\nfeeds = []\n',
                                     encoding="utf-8")
    result = run("rebrief", "--engine", "llm")
    assert result.exit_code == 2 and "set [brief.llm] model" in result.output
    refresh_json()
    result = run("prompt", "feedfacecafe")
    assert result.exit_code == 2 and "no story with id" in result.output
    shown_prompt = run("prompt", seed_id())
    assert shown_prompt.exit_code == 0
    assert "language-model briefs: off" in shown_prompt.stderr  # printing sends nothing
    assert replay.prompts == []
