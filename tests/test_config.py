"""Config: lookup order, relative paths, and clear errors for bad files."""

from pathlib import Path

import pytest

from briefing.config import ConfigError, Settings, load_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    settings = load_settings()
    assert settings.source is None
    assert settings.brief.what_to_know == 5
    assert settings.feeds and all(f.url.startswith("https://") for f in settings.feeds)
    assert settings.database.name == "briefing.db"


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    (tmp_path / "conf").mkdir()
    config = write(tmp_path / "conf" / "c.toml",
                   'seeds = "docs"\ndatabase = "data/b.db"\n[brief]\nwhat_to_know = 3\n')
    settings = load_settings(config)
    assert settings.seeds == tmp_path / "conf" / "docs"
    assert settings.database == tmp_path / "conf" / "data" / "b.db"
    assert settings.brief.what_to_know == 3
    assert settings.source == config.resolve()


def test_lookup_order_explicit_env_then_user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "xdg" / "briefing").mkdir(parents=True)
    write(tmp_path / "xdg" / "briefing" / "config.toml", "keep_days = 7\n")
    env_file = write(tmp_path / "env.toml", "keep_days = 9\n")
    explicit = write(tmp_path / "explicit.toml", "keep_days = 11\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(env_file))
    assert load_settings(explicit).keep_days == 11
    assert load_settings().keep_days == 9
    monkeypatch.delenv("BRIEFING_CONFIG")
    assert load_settings().keep_days == 7


def test_a_config_toml_in_the_current_folder_is_not_read(tmp_path, monkeypatch):
    """Another tool's config.toml (Hugo's here) neither stops briefing nor replaces the
    user's own settings."""
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    (tmp_path / "xdg" / "briefing").mkdir(parents=True)
    write(tmp_path / "xdg" / "briefing" / "config.toml", "keep_days = 7\n")
    site = tmp_path / "site"
    site.mkdir()
    write(site / "config.toml", 'baseURL = "https://example.org/"\n')
    monkeypatch.chdir(site)
    assert load_settings().keep_days == 7


def test_feeds_and_keymap(tmp_path):
    config = write(tmp_path / "c.toml", """
[[feeds]]
url = "https://example.org/rss"
name = "Example"
tags = ["world", "daily"]
[[feeds]]
url = "https://example.com/atom"
[keymap]
refresh = "f5"
""")
    settings = load_settings(config)
    assert [f.url for f in settings.feeds] == ["https://example.org/rss", "https://example.com/atom"]
    assert settings.feeds[0].tags == ("world", "daily")
    assert settings.feeds[1].name is None
    assert settings.keymap == {"refresh": "f5"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ("[brief]\nwhat_to_know = 'five'\n", "'brief.what_to_know' must be an integer"),
        ("[brief]\npoints = 5\n", "unknown key 'brief.points'"),
        ("[[feeds]]\nname = 'x'\n", "missing"),
        ("[[feeds]]\nurl = 3\n", "[[feeds]] entry 1: 'url' must be a string"),
        # One numbering, from 1 as in the file, for every error in a [[feeds]] entry.
        ("[[feeds]]\nurl = 'https://a.example/f'\n[[feeds]]\nurl = 'https://b.example/f'\n"
         "tags = 'us'\n", "[[feeds]] entry 2: 'tags' must be a list"),
        ("[[feeds]]\nurl = 'http://127.0.0.1:99999/x.xml'\n",
         "[[feeds]] entry 1: url 'http://127.0.0.1:99999/x.xml' has an invalid port '99999' "
         "(a port is a number from 1 to 65535)"),
        ("keep_days = -1\n", "'keep_days' must not be negative"),
        ("brief = 3\n", "'brief' must be a table"),
        ("seeds = [\n", "not valid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path, text, message):
    config = write(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError) as err:
        load_settings(config)
    assert str(config) in str(err.value)
    assert message in str(err.value)


def test_missing_explicit_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_shipped_config_is_valid():
    from tests.paths import REPO

    settings = load_settings(REPO / "config.toml")
    assert isinstance(settings, Settings)
    assert settings.seeds == REPO / "seeds"
    assert len(settings.feeds) >= 3


def test_the_shipped_config_lists_every_key():
    """README promises that config.toml names every setting (some commented out)."""
    import dataclasses
    import re

    from briefing.config import (
        BriefSettings,
        EditionSettings,
        FetchSettings,
        LlmSettings,
        TuiSettings,
    )
    from tests.paths import REPO

    text = (REPO / "config.toml").read_text(encoding="utf-8")
    sections = {"brief": BriefSettings, "brief.llm": LlmSettings, "fetch": FetchSettings,
                "tui": TuiSettings, "edition": EditionSettings}
    for name, cls in sections.items():
        body = text.split(f"[{name}]", 1)[1].split("\n[", 1)[0]
        keys = set(re.findall(r"^#?\s*(\w+)\s*=", body, flags=re.M))
        tables = {n for n in sections if n.startswith(f"{name}.")}  # [brief.llm] in [brief]
        fields = {f.name for f in dataclasses.fields(cls)} - {t.split(".")[-1] for t in tables}
        assert fields <= keys, name
    top = set(re.findall(r"^#?\s*(\w+)\s*=", text.split("\n[", 1)[0], flags=re.M))
    tables = set(re.findall(r"^\[+([\w.]+)\]+", text, flags=re.M))
    assert {f.name for f in dataclasses.fields(Settings)} - {"source"} <= top | tables


def test_the_shipped_config_says_the_defaults():
    """Its header says its values are the defaults: a default changed in the code alone
    would make the file (and README's copy of it) say otherwise."""
    import dataclasses

    from tests.paths import REPO

    shipped = load_settings(REPO / "config.toml")
    assert dataclasses.replace(shipped, source=None) == Settings()


def test_a_briefing_config_left_in_the_current_folder_is_pointed_out(tmp_path, monkeypatch):
    """Before, ./config.toml was read: a customised one there gets a one-line hint on
    stderr saying where it belongs; an untouched copy of the shipped one, or another
    tool's file, gets none."""
    from click.testing import CliRunner

    from briefing.cli import main
    from tests.paths import REPO

    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    def hint() -> str:
        result = CliRunner().invoke(main, ["export-opml"])
        assert result.exit_code == 0, result.output
        return result.stderr

    write(tmp_path / "config.toml", "keep_days = 7\n")
    assert f"{tmp_path / 'config.toml'} is not read; to use it, move it to" in hint()
    # Also beside a user config (the folder's file came first before), unless they agree;
    # then it names the file in use and does not tell anyone to overwrite it.
    user = tmp_path / "xdg" / "briefing" / "config.toml"
    user.parent.mkdir(parents=True)
    write(user, "keep_days = 9\n")
    said = hint()
    assert f"is not read; the settings come from {user}" in said and "move it" not in said
    write(user, "keep_days = 7\n")
    assert hint() == ""
    user.unlink()
    write(tmp_path / "config.toml", "# notes only\n")  # sets nothing
    assert hint() == ""
    write(tmp_path / "config.toml", (REPO / "config.toml").read_text(encoding="utf-8"))
    assert hint() == ""
    write(tmp_path / "config.toml", 'baseURL = "https://example.org/"\n')
    assert hint() == ""


def test_a_command_in_a_folder_that_was_removed_still_runs(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from briefing.cli import main

    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = CliRunner().invoke(main, ["export-opml"])
    assert result.exit_code == 0 and "<opml" in result.output


@pytest.mark.parametrize("url", ["ftp://x", "file:///etc/passwd", "example.org/rss", "https://",
                                 "javascript:alert(1)", "http://exa mple.org/rss"])
def test_a_config_feed_is_held_to_what_feeds_add_accepts(tmp_path, url):
    """`feeds add ftp://x` exits 2; the same URL in config.toml is the same error, naming
    the file and the entry, not a feed that fails every refresh."""
    from click.testing import CliRunner

    from briefing.cli import main

    config = write(tmp_path / "c.toml", '[[feeds]]\nurl = "https://example.org/rss"\n'
                                        f'[[feeds]]\nurl = "{url}"\nname = "Two"\n')
    with pytest.raises(ConfigError) as err:
        load_settings(config)
    assert str(err.value) == (f"{config}: [[feeds]] entry 2: url {url!r} is not an http(s) "
                              "URL (`feeds add` refuses it too)")
    result = CliRunner().invoke(main, ["--config", str(config), "--db",
                                       str(tmp_path / "b.db"), "refresh"])
    assert result.exit_code == 2 and "[[feeds]] entry 2" in result.output
    assert not (tmp_path / "b.db").exists()
