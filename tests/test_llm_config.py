"""The [brief] engine and [brief.llm] settings: defaults, and errors naming file and key."""

import pytest

from briefing.config import ConfigError, load_settings
from tests.paths import REPO


def test_the_shipped_config_keeps_the_extractive_engine():
    settings = load_settings(REPO / "config.toml")
    assert settings.brief.engine == "extractive"
    assert settings.brief.llm.per_refresh == 30 and settings.brief.llm.concurrency == 2


def test_an_llm_engine_with_its_model_and_limits(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[brief]\nengine = "llm"\n[brief.llm]\nmodel = "llama3.2"\ntimeout = 5\n'
                    "per_refresh = 0\n", encoding="utf-8")
    llm = load_settings(path).brief.llm
    assert (llm.model, llm.timeout, llm.per_refresh) == ("llama3.2", 5.0, 0)


@pytest.mark.parametrize(("text", "words"), [
    ('[brief]\nengine = "gpt"\n', "'engine' must be one of 'extractive', 'llm', not 'gpt'"),
    ('[brief]\nengine = "llm"\n', "needs a model: set [brief.llm] model"),
    ('[brief.llm]\nconcurrency = 0\n', "[brief.llm] 'concurrency' must be at least 1"),
    ('[brief.llm]\nmodle = "x"\n', "unknown key 'brief.llm.modle'"),
])
def test_a_wrong_engine_setting_names_the_file_and_key(tmp_path, text, words):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(err.value).startswith(str(path)) and words in str(err.value)
