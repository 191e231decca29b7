"""No shell anywhere (issue 7): opening a URL, the cron line and its install, and OPML
import pass argument lists, so a hostile URL, path or title is never a command."""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import stat
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

from briefing.sources.opml import parse_opml
from briefing.tui.opener import open_url
from tests.paths import REPO
from tests.test_feeds import run

INJECTIONS = ["$(touch pwned1)", "`touch pwned2`", ";touch${IFS}pwned3", "|touch${IFS}pwned4",
              "&&touch${IFS}pwned5", "'\"$(touch${IFS}pwned6)\"'", "%0atouch${IFS}pwned7",
              "\\$(touch${IFS}pwned8)", "${IFS}>pwned9"]


def pwned(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("pwned*"))


def test_no_module_can_reach_a_shell():
    """No shell=True, os.system, os.popen or os.exec*/spawn* in the package."""
    banned = {"system", "popen", "getoutput", "getstatusoutput", "execl", "execlp", "execle",
              "execv", "execvp", "execvpe", "spawnl", "spawnlp", "spawnv", "spawnvp"}
    checked = 0
    for path in sorted((REPO / "briefing").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                checked += 1
                for kw in node.keywords:
                    assert not (kw.arg == "shell" and not (isinstance(kw.value, ast.Constant)
                                                           and kw.value.value is False)), \
                        f"{path}:{node.lineno} passes shell="
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr in banned:
                    owner = func.value.id if isinstance(func.value, ast.Name) else ""
                    assert owner not in ("os", "subprocess", "commands"), \
                        f"{path}:{node.lineno} calls {owner}.{func.attr}"
    assert checked > 500


def recorder(folder: Path) -> tuple[Path, Path]:
    """An executable that writes its argv as JSON, standing in for a browser or crontab."""
    log = folder / "argv.jsonl"
    script = folder / "bin" / "record"
    script.parent.mkdir(exist_ok=True)
    script.write_text(f"""#!{sys.executable}
import json, sys
with open({str(log)!r}, "a") as f:
    f.write(json.dumps(sys.argv[1:]) + "\\n")
if "-l" in sys.argv:
    sys.exit("no crontab for tester")
if "-" in sys.argv:
    sys.stdin.read()
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, log


def read_log(log: Path, expected: int) -> list[list[str]]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        lines = log.read_text().splitlines() if log.exists() else []
        if len(lines) >= expected:
            return [json.loads(x) for x in lines]
        time.sleep(0.05)
    raise AssertionError(f"only {log.read_text() if log.exists() else 'nothing'}")


def test_opening_a_hostile_url_passes_it_as_one_argument(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script, log = recorder(tmp_path)
    urls = [f"http://127.0.0.1/a{bad}b?q={bad}#{bad}" for bad in INJECTIONS
            if " " not in bad]
    for browser in (str(script), f"{script} --new-tab %s"):
        monkeypatch.setenv("BROWSER", browser)
        for url in urls:
            open_url(url)
    seen = read_log(log, 2 * len(urls))
    assert sorted(seen) == sorted([[u] for u in urls] + [["--new-tab", u] for u in urls])
    time.sleep(0.2)
    assert pwned(tmp_path) == []


def test_the_cron_line_quotes_hostile_paths_for_the_shell_that_runs_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script, log = recorder(tmp_path)
    folder = tmp_path / ("dir " + " ".join(INJECTIONS).replace("/", ""))
    folder.mkdir()
    config = folder / "config.toml"
    config.write_text('database = "news \'$(touch pwned0)\'.db"\nfeeds = []\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    (script.parent / "crontab").symlink_to(script)
    line = run("cron").output.strip()
    entry = line.split(" * * * ", 1)[1].removesuffix(" # briefing refresh")
    # cron reads an unescaped % as a newline and turns \% into %, then hands the line to
    # /bin/sh; let sh split it, but print the words, not run them.
    assert re.search(r"(?<!\\)%", entry) is None
    command = entry.replace("\\%", "%")
    words = subprocess.run(["/bin/sh", "-c", f"set -- {command}; printf '%s\\0' \"$@\""],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    argv = words.split("\0")[:-1]
    assert argv[argv.index("--config") + 1] == str(config)
    assert argv[argv.index("--db") + 1] == str(folder / "news '$(touch pwned0)'.db")
    assert argv[-2:] == ["refresh", "--quiet"] and shlex.join(argv) == command
    installed = run("cron", "--install")
    assert installed.exit_code == 0, installed.output
    assert read_log(log, 2) == [["-l"], ["-"]]  # argument lists, the table on stdin
    assert pwned(tmp_path) == []


def test_opml_import_stores_hostile_urls_and_titles_as_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outlines = "".join(f"<outline text={quoteattr(bad)} "
                       f"xmlUrl={quoteattr('http://127.0.0.1/f?x=' + bad)}/>"
                       for bad in INJECTIONS)
    doc = f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'
    (tmp_path / "in.opml").write_text(doc)
    (tmp_path / "config.toml").write_text('database = "b.db"\nfeeds = []\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(tmp_path / "config.toml"))
    found = parse_opml(doc.encode())
    assert [f.url for f in found.feeds] == [f"http://127.0.0.1/f?x={b}" for b in INJECTIONS
                                            if " " not in b]
    imported = run("import-opml", str(tmp_path / "in.opml"))
    assert imported.exit_code == 0
    listed = json.loads(run("feeds", "list", "--json").output)
    assert {f["url"] for f in listed} == {f.url for f in found.feeds}
    assert pwned(tmp_path) == []
