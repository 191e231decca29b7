"""The core never imports Textual or Rich: only briefing.tui does.

Two checks: no core module's own import statements name textual or rich (read from the
source, so a lazy import inside a function counts too); and importing any core module in a
fresh interpreter brings in no Textual at all. (Rich may still arrive through a library:
httpx imports its optional command line, which uses Rich, whenever Rich is installed.)
And no import circle: the CLI's group module never imports its command modules, and no
module reaches, through any chain of imports (lazy ones too), back to itself.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import briefing

UI_PACKAGES = ("textual", "rich")
SKIP = ("briefing.tui", "briefing.__main__")  # __main__ runs the CLI when imported


def core_modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(briefing.__path__, "briefing.")]
    return [*sorted(n for n in names if not n.startswith(SKIP)), "briefing"]


def core_files() -> list[Path]:
    root = Path(briefing.__file__).parent
    return [p for p in sorted(root.rglob("*.py")) if "tui" not in p.relative_to(root).parts]


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_there_are_core_modules_to_check() -> None:
    assert len(core_modules()) > 20 and len(core_files()) > 20


def test_no_core_source_imports_textual_or_rich() -> None:
    found = {str(path.name): sorted(n for n in imported_names(path)
                                    if n.split(".")[0] in UI_PACKAGES)
             for path in core_files()}
    assert {name: ui for name, ui in found.items() if ui} == {}


def test_no_core_module_brings_in_textual() -> None:
    probe = (
        "import importlib, sys\n"
        "bad = []\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    if any(m.split('.')[0] == 'textual' for m in sys.modules):\n"
        "        bad.append(name); break\n"
        "print(bad)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *core_modules()],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"brings in Textual: {done.stdout.strip()}"


def test_the_checks_see_a_ui_import_when_there_is_one() -> None:
    tui = Path(briefing.__file__).parent / "tui" / "app.py"
    assert "textual.app" in imported_names(tui)
    done = subprocess.run([sys.executable, "-c", "import sys, briefing.tui.app; "
                           "print('textual' in sys.modules)"],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.stdout.strip() == "True", done.stderr[-2000:]


def test_the_cli_group_imports_none_of_its_commands() -> None:
    """Commands register on the group; the group never imports them back (no circle)."""
    cli = Path(briefing.__file__).parent / "cli"
    commands = {f"briefing.cli.{p.stem}" for p in cli.glob("*.py")
                if p.stem not in ("__init__", "app", "progress")}
    assert len(commands) >= 5
    for module in ("app.py", "progress.py"):
        names = imported_names(cli / module)
        assert not {n for n in names if n in commands or n == "briefing.cli"}, module


SHARED = ("clock", "config", "errors", "fetch_errors", "models", "paths", "sanitize", "tags",
          "urls")
"""The bottom layer everything shares: it imports nothing above it."""


def test_the_shared_layer_imports_only_itself() -> None:
    """config, models and friends sit under every package: an import of one of those
    packages from them (lazy ones too) is a dependency upwards."""
    root = Path(briefing.__file__).parent
    allowed = {"briefing", *(f"briefing.{name}" for name in SHARED)}
    upward = {name: sorted(n for n in imported_names(root / f"{name}.py")
                           if n.startswith("briefing.") and n not in allowed)
              for name in SHARED}
    assert {name: found for name, found in upward.items() if found} == {}


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (any import statement, lazy ones and
    those under TYPE_CHECKING too; `from a import b` is module a.b when there is one)."""
    root = Path(briefing.__file__).parent
    files = {module_name(p, root): p for p in root.rglob("*.py")}

    def known(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in files.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(known(a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.update(known(f"{node.module}.{a.name}") for a in node.names)
        # A module's own packages run before it: importing them is no circle.
        graph[name] = {m for m in found if m and m != name and not name.startswith(m + ".")}
    return graph


def circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import one another through some chain (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while not group or v not in group:
                group.add(stack.pop())
            if len(group) > 1:
                found.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    """No module imports another that imports it back, lazily or not."""
    graph = import_graph()
    assert len(graph) > 50 and "briefing.cli.app" in graph["briefing.cli.feeds"]
    assert [sorted(group) for group in circles(graph)] == []


def test_the_circle_check_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [{"a", "b", "c"}]


BRIEF_FREE = ("briefing.cli", "briefing.refresh", "briefing.edition.update", "briefing.feedcheck",
              "briefing.tui.app")
"""What the refresh's own process and the reader import: they merge stories but brief no
article, so the panel models (briefing.brief) are left to the worker processes."""


def test_the_refresh_and_the_reader_leave_the_briefer_to_the_workers() -> None:
    probe = ("import importlib, sys\n"
             "for name in sys.argv[1:]:\n"
             "    importlib.import_module(name)\n"
             "print(sorted(m for m in sys.modules if m.startswith('briefing.brief')))\n")
    done = subprocess.run([sys.executable, "-c", probe, *BRIEF_FREE],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"imports the briefer: {done.stdout.strip()}"
