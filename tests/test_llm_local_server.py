"""Language-model briefs from a local OpenAI-compatible server on 127.0.0.1, reached through
`llm`'s own OpenAI plugin: the real path of a llama.cpp or LM Studio user, HTTP included."""

from __future__ import annotations

import json
import shutil
import socket

import pytest
from click.testing import CliRunner

pytest.importorskip("llm", reason="needs the llm package (pip install -e '.[test]')")

from briefing.cli import main
from tests.llm_replay import ANSWERS
from tests.llm_server import Reply, chat_server
from tests.paths import SEED


@pytest.fixture
def env(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    (tmp_path / "config.toml").write_text(
        'seeds = "seeds"\ndatabase = "b.db"\nfeeds = []\n[brief]\nengine = "llm"\n'
        '[brief.llm]\nmodel = "local"\ntimeout = 20\nconcurrency = 1\n', encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path / "llm-user"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refresh():
    return CliRunner().invoke(main, ["refresh", "--seeds-only", "--json"],
                              catch_exceptions=False)


def test_a_local_server_briefs_with_the_schema_sent(env):
    with chat_server(env / "llm-user", "local", Reply(ANSWERS["seed_good"])) as server:
        result = refresh()
    llm = json.loads(result.stdout)["llm"]
    assert (llm["calls"], llm["briefs"], llm["failed"]) == (1, 1, 0), result.stderr
    (request,) = server.requests
    assert request["model"] == "test-model"
    assert request["response_format"]["type"] == "json_schema"
    roles = [m["role"] for m in request["messages"]]
    assert roles == ["system", "user"]
    assert "[1] A face-to-face meeting" in request["messages"][1]["content"]


def test_a_rate_limited_server_is_named_once_and_nothing_is_lost(env):
    with chat_server(env / "llm-user", "local", Reply(status=429)):
        result = refresh()
    llm = json.loads(result.stdout)["llm"]
    assert result.exit_code == 0 and llm["failed"] == 1 and llm["briefs"] == 0
    assert "'local': rate limited by the provider" in result.stderr


def test_a_server_that_is_down(env):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (env / "llm-user").mkdir()
    (env / "llm-user" / "extra-openai-models.yaml").write_text(
        f"- model_id: local\n  model_name: m\n  api_base: http://127.0.0.1:{port}/v1\n",
        encoding="utf-8")
    result = refresh()
    assert json.loads(result.stdout)["llm"]["briefs"] == 0
    assert "'local': cannot reach the model's server" in result.stderr
