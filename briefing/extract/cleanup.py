"""Drop the lines of an article that are not prose: credits, ads, prompts, share buttons.

Works on paragraphs (one per line or separated by blank lines) and keeps the rest
untouched, so the author's own words and section headings survive.
"""

from __future__ import annotations

import re

_SOCIAL = r"(?:twitter|x|facebook|instagram|tiktok|linkedin|youtube|threads|bluesky|telegram|whatsapp|snapchat)"
_AGENCIES = r"(?:Getty Images|AFP|Reuters|AP|Associated Press|EPA|Shutterstock|Alamy|Bloomberg|iStock|PA Media|PA|Sipa|ZUMA|Pool)"

# "Reporting by Jan Kowalski in Warsaw": the names must be capitalised (case-sensitive
# inside the case-insensitive whole), so "Reporting by the inspectors found..." is prose.
_NAMES = r"(?-i:[A-Z][\w'’.-]*(?:,?\s+(?:[A-Z][\w'’.-]*|in|and|at|from|&))*)"
_BYLINE = rf"(?:additional )?(?:reporting|writing|editing) by {_NAMES}"

_NOT_PROSE = [
    # Photo and illustration credits.
    rf"^.{{0,160}}\bvia {_AGENCIES}(?: Images)?\.?$",
    r"^\(?(?:photo|photograph|image|picture|illustration|video|graphic|caption|credit|photo credit|source)s?\s*(?:by)?\s*[:|/-]\s*.{0,160}$",
    rf"^[^.!?]{{0,120}}/\s*{_AGENCIES}(?:\s*(?:/|via)\s*[^.!?]{{0,60}})?\.?$",
    r"^\(?(?:photo|image|illustration)s?\s*(?:by|courtesy of|credit)\b.{0,120}\)?$",
    # "JOHN DOE/AFP/GETTY": capitals, so case-sensitive (the whole is not), else any short
    # line such as "The AMD/ATI deal closed on Monday." matched.
    r"(?-i:^[A-Z][A-Z .,'/-]{3,80}/(?:[A-Z][A-Za-z .'-]*/?){1,3}$)",
    # Wire trailers: "(Reporting by A in Paris; Editing by B)", "Additional reporting by C".
    rf"^\(?{_BYLINE}(?:\s*;\s*{_BYLINE})*\)?\.?$",
    # Advertising and page furniture.
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|story continues(?: below)?(?: advertisement)?|continue reading(?: below)?|skip (?:to|past) .{0,40}|scroll to continue.*)\.?$",
    r"^(?:read|see|watch|listen|learn)\s+(?:more|also|next|the full (?:story|article)|full (?:story|article|coverage))\b.{0,120}$",
    r"^(?:read|see|watch|listen|more|click here|tap here)\s*(?:more|also|here)?\s*(?:[:>»›→|]|$).{0,120}$",
    r"^(?:related|more on this story|more from .{0,40}|recommended|trending|most popular|top stories|you may also like|editor'?s picks?)\s*[:.]?(?:\s.{0,100})?$",
    # Newsletter and subscription prompts.
    r"^(?:sign up|subscribe|get (?:our|the) .{0,40}(?:newsletter|email)|want (?:more|the latest)|don'?t miss|never miss)\b.{0,140}$",
    r"^.{0,60}\bnewsletters?\s*[:!]?$",
    r"^.{0,100}\bdelivered (?:straight |directly )?to your inbox\b.{0,60}$",
    # Share buttons and social prompts.
    r"^(?:share|share this(?: article| story)?|share on \w+|tweet|email|print|copy link|follow us(?: on .{0,40})?|comments?(?:\s*\(\d+\))?|\d+ comments?)\s*[:.!]?$",
    r"^(?:(?:facebook|twitter|x|linkedin|whatsapp|reddit|email|pinterest|telegram|copy link)\s*[|·•,/]?\s*){2,}$",
    rf"^(?:follow\b.{{0,80}}|(?:like|join) us) on\s+{_SOCIAL}\b.{{0,200}}$",
    # App and feedback prompts: "For the latest stories ... download the X app", "We want
    # to hear what you think about this article", "Submit your letter to the editor".
    r"^(?:for (?:the latest|more)|get (?:the latest|breaking)|stay (?:up to date|informed)).{0,120}\b(?:download|install)\b.{0,60}\bapps?\b.{0,60}$",
    r"^(?:we (?:want|would love|'d love) to hear (?:what you think|from you)|tell us what you think|let us know what you think|have your say|submit (?:your|a) letter|send (?:us )?(?:your|a) letter|feel free to (?:send|email|write|contact))\b.{0,160}$",
    r"^see \S+ for privacy information\.?$",  # podcast hosts' footer
    # Copyright lines.
    r"^(?:©|\(c\)|copyright)\s.{0,150}$",
]
# One alternation, so the regex engine tries the patterns in C: matching each in turn
# from Python cost a tenth of briefing a feed's teaser.
_NOT_PROSE_RE = re.compile("|".join(f"(?:{p})" for p in _NOT_PROSE), re.IGNORECASE)

# A genuine sentence that merely starts like a prompt ("Read more about the budget in ...")
# is long and ends like prose; keep anything that looks like a real sentence this long.
_LONG_SENTENCE = 160


def is_not_prose(line: str) -> bool:
    """True when a line is a credit, an ad, a prompt or a share widget, not article text."""
    stripped = line.strip()
    if not stripped:
        return True
    if len(stripped) > _LONG_SENTENCE and stripped[-1] in ".!?\"”’'":
        return False
    return _NOT_PROSE_RE.match(stripped) is not None


def drop_non_prose(text: str) -> str:
    """The text without its non-prose lines; paragraphs separated by one blank line."""
    lines = [line.strip() for line in text.split("\n")]
    return "\n\n".join(line for line in lines if line and not is_not_prose(line))
