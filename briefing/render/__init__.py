"""Renderers of briefs and stories: terminal text (`text`), Markdown (`markdown`),
JSON-ready dicts (`data`) and the edition digest as Markdown, HTML or JSON (`digest`).

Every string from outside is made inert for its format on the way out.
"""
