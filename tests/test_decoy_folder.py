"""A refresh works from any folder: one holding a decoy `briefing/` package (a clone of
this repository, or ~/briefing) is never imported by the refresh's helper processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.feedserver import FeedServer
from tests.paths import DATA, REPO
from tests.test_refresh import rss

DECOY = 'raise SystemExit("the decoy briefing package was imported")\n'


def decoy_folder(tmp_path: Path) -> Path:
    """A folder holding a `briefing/` package that fails when imported."""
    folder = tmp_path / "x"
    (folder / "briefing").mkdir(parents=True)
    (folder / "briefing" / "__init__.py").write_text(DECOY)
    return folder


def config_for(tmp_path: Path, server: FeedServer) -> Path:
    page = server.add_file("/p/page.html", DATA / "pages" / "politico.com.retirement.html")
    feed = server.add_bytes("/feed.xml", rss("Decoy test", [{"title": "A story", "link": page}]))
    config = tmp_path / "config.toml"
    config.write_text(f'seeds = "{REPO / "seeds"}"\n[[feeds]]\nurl = "{feed}"\nname = "Test"\n'
                      "[fetch]\nworkers = 1\n", encoding="utf-8")
    return config


def test_the_cli_refresh_works_beside_a_decoy_package(tmp_path, feed_server):
    folder = decoy_folder(tmp_path)
    config = config_for(tmp_path, feed_server)
    briefing = Path(sys.executable).with_name("briefing")
    if not briefing.exists():
        pytest.skip(f"the briefing command is not installed beside {sys.executable}")
    done = subprocess.run([str(briefing), "--config", str(config), "--db", "r.db", "refresh",
                           "--json"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["new"] == 2 and report["failed"] == 0  # the seed and the feed's page


READER = """
import asyncio, sys
from pathlib import Path
from briefing.config import load_settings
from briefing.tui.app import make_app

async def main():
    settings = load_settings(Path(sys.argv[1]))
    app = make_app(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        print([n.message for n in app._notifications])
        print(app.store.articles.count())

if __name__ == "__main__":  # worker processes import this file as their main module
    asyncio.run(main())
"""


def test_the_readers_refresh_works_beside_a_decoy_package(tmp_path, feed_server):
    folder = decoy_folder(tmp_path)
    config = config_for(tmp_path, feed_server)
    with config.open("a", encoding="utf-8") as out:
        out.write('\n[tui]\nread_after = 3600\n')
    config.write_text(f'database = "{tmp_path / "t.db"}"\n' + config.read_text())
    script = tmp_path / "scripts" / "reader.py"  # its folder, not the decoy's, leads sys.path
    script.parent.mkdir()
    script.write_text(textwrap.dedent(READER))
    done = subprocess.run([sys.executable, str(script), str(config)], cwd=folder,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    notices, count = done.stdout.strip().splitlines()[-2:]
    assert "failed" not in notices.lower(), notices
    assert int(count) == 2, done.stdout
