"""The reader on a language-model brief: it says so, and `c` shows each point's cited text."""

from __future__ import annotations

import pytest

pytest.importorskip("llm", reason="needs the llm package (pip install -e '.[test]')")

from briefing.config import BriefSettings, LlmSettings
from briefing.llm.update import apply_llm_briefs
from briefing.tui.widgets.brief_view import BriefView
from tests.llm_replay import ANSWERS, ReplayModel, registered
from tests.tui.conftest import make_app, open_store


def flat(text: str) -> str:
    """The view's text as one line, without panel borders: wrapping cannot split a phrase."""
    return " ".join(text.replace("│", " ").split())


def offered_keys(app) -> set[str]:
    """The keys the footer offers now."""
    return {key for key, active in app.active_bindings.items()
            if active.enabled and active.binding.show}


async def test_c_is_not_offered_for_a_brief_without_citations(seeded_settings):
    app = make_app(seeded_settings)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one(BriefView).focus()
        await pilot.pause()
        assert "q" in offered_keys(app) and "c" not in offered_keys(app)


async def test_c_shows_the_sentences_a_model_point_cites(seeded_settings, monkeypatch, tmp_path):
    import dataclasses

    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm-user"))
    settings = dataclasses.replace(seeded_settings, brief=BriefSettings(
        engine="llm", llm=LlmSettings(model="replay")))
    model = ReplayModel()
    model.answer = ANSWERS["seed_good"]
    with registered(model), open_store(settings) as store:
        assert apply_llm_briefs(store, settings).briefs == 1
    app = make_app(settings)
    async with app.run_test(size=(80, 120)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(BriefView)
        assert "language model, checked" in view.text
        assert "Envoy Steve Witkoff met Putin" in view.text
        assert "Middle East envoy" not in view.text  # the cited sentence, not yet shown
        view.focus()
        await pilot.pause()
        assert "c" in offered_keys(app)
        await pilot.press("question_mark")  # the help lists it, for these briefs only
        described = {binding_id: what for _, what, binding_id in app.screen.rows}
        assert described["toggle-citations"].startswith("Language-model briefs only")
        await pilot.press("escape")
        await pilot.press("c")
        await pilot.pause()
        assert "Middle East envoy" in flat(view.text)
        await pilot.press("c")
        await pilot.pause()
        assert "Middle East envoy" not in view.text


async def test_an_open_reader_shows_briefs_a_pass_wrote_meanwhile(seeded_settings, monkeypatch,
                                                                   tmp_path):
    import asyncio
    import dataclasses

    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm-user"))
    settings = dataclasses.replace(seeded_settings, brief=BriefSettings(
        engine="llm", llm=LlmSettings(model="replay")))
    app = make_app(settings)
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(BriefView)
        assert "language model" not in view.text
        with registered(ReplayModel()), open_store(settings) as store:  # as a cron refresh
            assert apply_llm_briefs(store, settings).briefs == 1
        for _ in range(50):  # the reader looks for outside writes every couple of seconds
            await asyncio.sleep(0.1)
            await pilot.pause()
            if "language model" in view.text:
                break
        assert "Envoy Steve Witkoff met Putin" in flat(view.text)


async def test_r_in_the_reader_runs_the_model_pass_after_the_refresh(seeded_settings,
                                                                      monkeypatch, tmp_path):
    import asyncio
    import dataclasses

    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm-user"))
    settings = dataclasses.replace(seeded_settings, brief=BriefSettings(
        engine="llm", llm=LlmSettings(model="replay")))
    model = ReplayModel()
    model.answer = ANSWERS["seed_good"]
    app = make_app(settings)
    with registered(model):
        async with app.run_test(size=(80, 60)) as pilot:
            await pilot.pause()
            view = app.screen.query_one(BriefView)
            assert "language model" not in view.text
            await pilot.press("r")
            await app.workers.wait_for_complete()
            for _ in range(50):  # the list reloads when the pass's writes show
                await asyncio.sleep(0.1)
                await pilot.pause()
                if "language model" in view.text:
                    break
            assert "Envoy Steve Witkoff met Putin" in flat(view.text)
    assert len(model.prompts) == 1


async def test_a_model_that_cannot_be_reached_is_one_notice_in_the_reader(
        seeded_settings, monkeypatch, tmp_path):
    import dataclasses

    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm-user"))
    settings = dataclasses.replace(seeded_settings, brief=BriefSettings(
        engine="llm", llm=LlmSettings(model="no-such-model")))
    app = make_app(settings)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        notices = [n.message for n in app._notifications if n.title == "Language model"]
        assert len(notices) == 1 and "'no-such-model'" in notices[0], notices
        assert "extractive briefs stay" in notices[0]
