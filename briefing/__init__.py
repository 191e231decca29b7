"""briefing: the day's news as three-panel briefs, in the terminal."""

__version__ = "0.1.0"
