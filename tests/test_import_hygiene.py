"""The core never imports Textual: only briefing.tui does (and the CLI only to open it)."""

import subprocess
import sys

from tests.paths import REPO


def test_no_core_module_imports_textual():
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in (REPO / "briefing").rglob("*.py")
        if "tui" not in path.relative_to(REPO).parts and path.name != "__main__.py")
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name.removesuffix('.__init__'))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout
    assert out.strip() == "[]"
