"""Feed management commands (feeds, import-opml, export-opml, cron); see cli.py."""
