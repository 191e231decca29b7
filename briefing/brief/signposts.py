"""Find the sections an author already wrote: "Why It Matters", "What's next:", ...

Newsweek puts such headings on a line of their own; Axios ("Smart Brevity") starts a
paragraph with a bold label and a colon. Both are recognised, in any case, with or
without Markdown emphasis, heading marks, a trailing colon, dash or question mark. Only
labels in `LABELS` count: "Kaveh writes:" is a byline, not a section.

Where a section ends: a heading on a line of its own runs to the next signpost, heading-
like line (in capitals) or page furniture; a label that opens a paragraph covers that paragraph, plus
the list that follows when the paragraph ends with a colon or the next paragraphs are
bullets. Other paragraphs after the first signpost are `body`; before it, they are the
lede. Captions and credits belong to no section. Besides `LABELS`, a named label counts:
"The View From Brazil", "Reed's view" (someone's view: What people are saying).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.brief.cues import is_furniture
from briefing.brief.sentences import Sentence, paragraphs
from briefing.extract.cleanup import is_furniture_sentence, is_not_prose, opens_boilerplate

LABELS: dict[str, str] = {
    # Why it matters: significance, stakes, context.
    "why it matters": "why_it_matters",
    "why this matters": "why_it_matters",
    "why it's important": "why_it_matters",
    "why it is important": "why_it_matters",
    "the big picture": "why_it_matters",
    "big picture": "why_it_matters",
    "between the lines": "why_it_matters",
    "the stakes": "why_it_matters",
    "what it means": "why_it_matters",
    "what this means": "why_it_matters",
    "the bottom line": "why_it_matters",
    "bottom line": "why_it_matters",
    "zoom out": "why_it_matters",
    "context": "why_it_matters",
    "the context": "why_it_matters",
    "background": "why_it_matters",
    "the backstory": "why_it_matters",
    "reality check": "why_it_matters",
    "yes, but": "why_it_matters",
    "the catch": "why_it_matters",
    "why we care": "why_it_matters",
    "why this is important": "why_it_matters",
    "what's at stake": "why_it_matters",
    "what is at stake": "why_it_matters",
    "what it means for you": "why_it_matters",
    "step back": "why_it_matters",
    "our thought bubble": "why_it_matters",
    "thought bubble": "why_it_matters",
    "be smart": "why_it_matters",
    "the backdrop": "why_it_matters",
    "threat level": "why_it_matters",
    "the takeaway": "why_it_matters",
    "the significance": "why_it_matters",
    # What to know: the facts.
    "what to know": "what_to_know",
    "here's what to know": "what_to_know",
    "here is what to know": "what_to_know",
    "what you need to know": "what_to_know",
    "what we know": "what_to_know",
    "what we know so far": "what_to_know",
    "key points": "what_to_know",
    "key facts": "what_to_know",
    "the facts": "what_to_know",
    "the details": "what_to_know",
    "details": "what_to_know",
    "driving the news": "what_to_know",
    "driving the day": "what_to_know",  # Politico Playbook
    "by the numbers": "what_to_know",
    "by the numbers, via": "what_to_know",
    "read this fact": "what_to_know",
    "zoom in": "what_to_know",
    "the latest": "what_to_know",
    "state of play": "what_to_know",
    "what we don't know": "what_to_know",
    "where it stands": "what_to_know",
    "know more": "what_to_know",
    "key takeaways": "what_to_know",
    "takeaways": "what_to_know",
    "the takeaways": "what_to_know",
    "of note": "what_to_know",
    "notable": "what_to_know",
    "the intrigue": "what_to_know",
    "fun fact": "what_to_know",
    "how it works": "what_to_know",
    "flashback": "what_to_know",
    "catch up quick": "what_to_know",
    # The news itself: extends the lede.
    "the news": "lede",
    "what happened": "lede",
    "what's happening": "lede",
    "what's new": "lede",
    # What's next.
    "what's next": "whats_next",
    "whats next": "whats_next",
    "what is next": "whats_next",
    "what happens next": "whats_next",
    "what comes next": "whats_next",
    "what's ahead": "whats_next",
    "what lies ahead": "whats_next",
    "next steps": "whats_next",
    "the next step": "whats_next",
    "next up": "whats_next",
    "looking ahead": "whats_next",
    "what to watch": "whats_next",
    "what to watch for": "whats_next",
    "what we're watching": "whats_next",
    "the outlook": "whats_next",
    "outlook": "whats_next",
    "the road ahead": "whats_next",
    "what happens now": "whats_next",
    "what's next for": "whats_next",
    "what to expect": "whats_next",
    "what to look for": "whats_next",
    "coming up": "whats_next",
    "the next steps": "whats_next",
    # What people are saying.
    "what people are saying": "what_people_are_saying",
    "what they're saying": "what_people_are_saying",
    "what they are saying": "what_people_are_saying",
    "the other side": "what_people_are_saying",
    "reaction": "what_people_are_saying",
    "the reaction": "what_people_are_saying",
    "what critics say": "what_people_are_saying",
    "what supporters say": "what_people_are_saying",
    "quote of the day": "what_people_are_saying",
    "what people are saying about it": "what_people_are_saying",
    "what others are saying": "what_people_are_saying",
    "room for disagreement": "what_people_are_saying",
    "key quote": "what_people_are_saying",
    "the other view": "what_people_are_saying",
    "the response": "what_people_are_saying",
    "the view from": "what_people_are_saying",
}

_LONGEST_LABEL = max(len(label) for label in LABELS)
_NAMED_LABEL_CHARS = 60  # the longest named label ("The View From ...", "...'s view")
_PLAIN = str.maketrans({"’": "'", "‘": "'", "`": "'", "—": "-", "–": "-", "\u00a0": " "})
# Heading decorations: Markdown heading marks, emphasis, bullets, quotes, numbering.
_DECORATION = re.compile(r"^(?:[#>*_\s•·-]|\d{1,2}[.)]\s)+|[*_\s]+$")
# A paragraph that opens with "Label:" (or "**Label:**", "**Label**:", "Label —").
_LEAD_IN = re.compile(
    r"^[#>\s]*(?:\*\*|__)?\s*([^:*_\n—–]{2,%d}?)\s*(?:\*\*|__)?\s*(?::|—|–|\s-\s)\s*(?:\*\*|__)?\s*"  # noqa: UP031
    % (max(_LONGEST_LABEL, _NAMED_LABEL_CHARS) + 4)
)
_BULLET = re.compile(r"^\s*(?:[-•*·–▪●]|\d{1,2}[.)])\s+")


def normalize_label(text: str) -> str:
    """A heading reduced to its words: lower case, plain apostrophes, no decoration."""
    text = _DECORATION.sub("", text.translate(_PLAIN)).strip()
    text = text.rstrip(":.-?!*_ ").strip()
    return " ".join(text.lower().split())


# Labels that begin or end with a name: Semafor's "The View From Brazil", "Reed's view".
_PREFIX_LABELS = {"the view from ": "what_people_are_saying", "view from ": "what_people_are_saying"}
_SUFFIX_LABEL = re.compile(r"^[\w.'-]+(?: [\w.'-]+){0,3}'s? (?:view|take)$")


def panel_of_label(label: str) -> str | None:
    """The panel a normalized label belongs to: a known label, or a named one ("the view
    from brazil", "reed's view": someone's view, so What people are saying)."""
    if (panel := LABELS.get(label)) is not None:
        return panel
    if len(label) > _NAMED_LABEL_CHARS:
        return None
    for prefix, panel in _PREFIX_LABELS.items():
        if label.startswith(prefix) and len(label) > len(prefix) + 1:
            return panel
    return "what_people_are_saying" if _SUFFIX_LABEL.match(label) else None


def panel_of_heading(line: str) -> str | None:
    """The panel a stand-alone heading line belongs to, if it is a known signpost."""
    if len(line) > max(_LONGEST_LABEL, _NAMED_LABEL_CHARS) + 12:
        return None
    return panel_of_label(normalize_label(line))


def split_lead_in(line: str) -> tuple[str, int] | None:
    """For "Why it matters: Schools ...", the panel and where the body starts."""
    match = _LEAD_IN.match(line)
    if not match:
        return None
    panel = panel_of_label(normalize_label(match.group(1)))
    if panel is None or match.end() >= len(line):
        return None
    return panel, match.end()


@dataclass
class Sections:
    """The author's sections: the lede, each panel's paragraphs, and the unlabelled rest.

    `groups` keeps each labelled section apart (a panel may have several: "Why it
    matters", then "Between the lines", then "Yes, but"); `panels` is their union.
    """

    lede: list[Sentence] = field(default_factory=list)
    groups: dict[str, list[list[Sentence]]] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    body: list[Sentence] = field(default_factory=list)

    @property
    def panels(self) -> dict[str, list[Sentence]]:
        return {panel: [s for group in groups for s in group]
                for panel, groups in self.groups.items() if any(groups)}

    @property
    def found(self) -> bool:
        return bool(self.panels)


_WORDS_OF_HEADING = 10


def heading_like(line: str) -> bool:
    """True for a newsletter-style heading: a short line with no closing punctuation, in
    capitals ("DRIVING THE DAY") or marked as a Markdown heading. It ends the section
    before it; a subhead in ordinary case ("Clinching in November") does not."""
    text = line.strip().strip("*_").strip()
    if not text or len(text.split()) > _WORDS_OF_HEADING or text[-1] in ".!?:;,\"'”’)":
        return False
    letters = [c for c in text.lstrip("# ") if c.isalpha()]
    return text.startswith("#") or (len(letters) >= 3 and all(c.isupper() for c in letters))


def find_sections(text: str) -> Sections:
    """Split a text at its author-written signposts (paragraphs are lines).

    A section ends at the next signpost, at a newsletter-style heading ("DRIVING THE
    DAY", "## Playbook Plus") or at page furniture (an ad, a prompt, a press release's
    boilerplate); a subhead in ordinary case stays inside it, and captions and credits
    are skipped. Whatever follows is `body`."""
    sections = Sections()
    current: list[Sentence] = sections.lede
    open_section = True  # False after a one-paragraph "Label: ..." section
    for para in paragraphs(text):
        heading = panel_of_heading(para.text)
        if heading is not None:
            sections.labels.append(normalize_label(para.text))
            current, open_section = _target(sections, heading), True
            continue
        lead_in = split_lead_in(para.text)
        if lead_in is not None:
            panel, body_start = lead_in
            sections.labels.append(normalize_label(para.text[:body_start]))
            current = _target(sections, panel)
            current.append(Sentence(para.text[body_start:], para.start + body_start, para.end))
            open_section = para.text.rstrip().endswith(":")
            continue
        in_section = current is not sections.lede and current is not sections.body
        if in_section and (is_not_prose(para.text) or is_furniture_sentence(para.text)
                           or opens_boilerplate(para.text)
                           or heading_like(para.text)):
            current, open_section = sections.body, True  # the section ends here
        if is_furniture(para.text):
            continue
        if not open_section and not _BULLET.match(para.text):
            current, open_section = sections.body, True
        current.append(para)
    return sections


def _target(sections: Sections, panel: str) -> list[Sentence]:
    if panel == "lede":
        return sections.lede
    group: list[Sentence] = []
    sections.groups.setdefault(panel, []).append(group)
    return group
