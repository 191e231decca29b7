"""The core never imports Textual or Rich: only briefing.tui does.

Each core module is imported in a fresh interpreter, so that a module imported by another
test cannot hide (or cause) a finding; the import graph is what is checked, not the text.
The CLI's group module is checked, by its source, never to import its command modules.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import briefing

UI_PACKAGES = ("textual", "rich")


def core_modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(briefing.__path__, "briefing.")]
    skip = ("briefing.tui", "briefing.__main__")  # __main__ runs the CLI when imported
    return [*sorted(n for n in names if not n.startswith(skip)), "briefing"]


def test_there_are_core_modules_to_check() -> None:
    assert len(core_modules()) > 20


def test_no_core_module_imports_textual_or_rich() -> None:
    probe = (
        "import importlib, sys\n"
        f"ui = {UI_PACKAGES!r}\n"
        "bad = []\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    if any(m.split('.')[0] in ui for m in sys.modules):\n"
        "        bad.append(name); break\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *core_modules()],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"imports Textual or Rich: {done.stdout.strip()}"


def test_the_tui_does_import_textual() -> None:
    """The probe can see a UI import when there is one."""
    done = subprocess.run([sys.executable, "-c", "import sys, briefing.tui.app; "
                           "print('textual' in sys.modules)"],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.stdout.strip() == "True", done.stderr[-2000:]


def _imported_modules(path: Path) -> set[str]:
    """The modules a file imports anywhere (at the top or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def test_the_cli_group_imports_none_of_its_commands() -> None:
    """Commands register on the group; the group never imports them back (no circle)."""
    cli = Path(briefing.__path__[0]) / "cli"
    commands = {f"briefing.cli.{p.stem}" for p in cli.glob("*.py")
                if p.stem not in ("__init__", "app", "progress")}
    assert len(commands) >= 5
    assert not _imported_modules(cli / "app.py") & commands
    assert not _imported_modules(cli / "progress.py") & commands
