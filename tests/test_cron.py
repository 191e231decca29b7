"""`briefing cron`: the crontab line, and an idempotent install into a crontab."""

from __future__ import annotations

import os
import shlex
import stat
from pathlib import Path

from tests.test_feeds import run


def fake_crontab(tmp_path: Path) -> Path:
    """A `crontab` on PATH that keeps the table in a file, like the real one."""
    table = tmp_path / "table"
    script = tmp_path / "bin" / "crontab"
    script.parent.mkdir()
    script.write_text(f"""#!/bin/sh
if [ "$1" = "-l" ]; then
  [ -f {table} ] || {{ echo "no crontab for $USER" >&2; exit 1; }}
  cat {table}
elif [ "$1" = "-" ]; then
  cat > {table}
fi
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return table


def test_cron_line_has_absolute_paths(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text('database = "b.db"\nfeeds = []\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFING_CONFIG", "config.toml")
    result = run("cron", "--at", "07:45")
    assert result.exit_code == 0
    line = result.output.strip()
    minute, hour, *_ = line.split()
    assert (minute, hour) == ("45", "7")
    words = shlex.split(line.split(" * * * ", 1)[1].split(" #")[0])
    assert Path(words[0]).is_absolute()
    assert words[words.index("--config") + 1] == str(tmp_path / "config.toml")
    assert words[words.index("--db") + 1] == str(tmp_path / "b.db")
    assert words[-2:] == ["refresh", "--quiet"]
    assert run("cron", "--at", "25:00").exit_code == 2


def test_cron_install_is_idempotent(tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text('database = "b.db"\nfeeds = []\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    table = fake_crontab(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert run("cron", "--install").exit_code == 0
    table.write_text(table.read_text() + "0 1 * * * other-job\n")
    assert run("cron", "--install", "--at", "05:30").exit_code == 0
    lines = table.read_text().splitlines()
    assert len(lines) == 2 and lines[0] == "0 1 * * * other-job"
    assert lines[1].startswith("30 5 * * * ") and lines[1].endswith("# briefing refresh")


def test_a_path_cannot_add_a_crontab_line_and_percent_is_escaped(tmp_path, monkeypatch):
    table = fake_crontab(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    evil = tmp_path / "b\n*/1 * * * * touch X #"
    evil.mkdir(parents=True)
    (evil / "config.toml").write_text('database = "b.db"\nfeeds = []\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(evil / "config.toml"))
    result = run("cron", "--install")
    assert result.exit_code == 2 and "control characters" in result.output
    assert "Traceback" not in result.output and "\n*/1" not in result.output
    assert not table.exists()

    odd = tmp_path / "100%-sure"
    odd.mkdir()
    (odd / "config.toml").write_text('database = "b.db"\nfeeds = []\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(odd / "config.toml"))
    assert run("cron", "--install").exit_code == 0
    (line,) = table.read_text().splitlines()
    assert "100\\%-sure" in line and "100%" not in line.replace("\\%", "")
