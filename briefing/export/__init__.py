"""The edition as a document: Markdown, self-contained HTML, or JSON."""
