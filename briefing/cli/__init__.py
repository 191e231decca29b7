"""The `briefing` command: the group in `app`, one module per family of commands.

Importing the command modules registers them on `main`; none of them is imported by `app`.
"""

from briefing.cli import articles, feeds, llm, refresh, stories  # noqa: F401  (register)
from briefing.cli.app import main

__all__ = ["main"]
