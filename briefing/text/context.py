"""Whether a sentence can be read alone, or leans on the sentence before it.

A point shown on its own (an article's brief, a story's brief merged from several
articles) must not open with "It", "But" or a quotation begun elsewhere.
"""

from __future__ import annotations

import re

from briefing.text.quotes import SAID, closes_straight_quote, speaker

# An opening that refers back: a pronoun, a demonstrative or a connective. A definite
# description ("The plan adds ...") names its subject, and reads alone.
_REFERS_BACK = re.compile(
    r"^[\"“‘']?(?:It|Its|It's|It’s|They|Their|Them|He|His|Him|She|Her|This|These|Those|That|"
    r"There|But|And|Also|However|Meanwhile|Instead|Still|Yet|So|Then|Such|Both|Another|Nor|"
    r"Or|Even so|In addition|As a result|Despite this|Similarly|Likewise|The latter|"
    r"Moreover|Furthermore|Nevertheless|Nonetheless|Therefore|Consequently|Hence|Indeed|"
    r"Otherwise|Thus(?! far)|Besides(?=,)|In response(?=,)|In turn(?=,)|In return(?=,)|"
    r"Either way|The pair|The duo|The trio|"
    # "The two men are in custody" stands for people named before; "The two competing DVD
    # formats, Blu-ray and HD-DVD, ..." names its own.
    r"The (?:two|three)(?: men| women)?(?= (?:are|were|have|had|will|would|said|say|also)\b)|"
    # A time the sentence before set: "At the time, Denmark was ...", "By then ...".
    r"At the time(?! of)|At that time|At that point|By then|Since then|Until then|Even then|"
    r"In the meantime|After that|Before that|Afterwards|"
    # "The former" as a pronoun ("The former said ..."), not a description ("The former
    # world number one was 22 ...").
    r"The former(?=\s*,|\s(?:is|was|are|were|has|had|have|said|says|will|would|can|could|"
    r"also|did|does)\b)|"
    # German, French and Spanish: pronouns, demonstratives and connectives ("Dabei konnten
    # die Angreifer ...", "Il a ajouté ...", "Sin embargo, ..."). "Es gibt" and "Il y a"
    # stand for nothing.
    r"Er|Ihr|Ihre|Dabei|Damit|Dadurch|Deshalb|Daher|Dies|Diese|Dieser|Dieses|Aber|Doch|"
    r"Jedoch|Außerdem|Zudem|Trotzdem|Allerdings|Dazu|Darüber hinaus|Denn|Und|"
    r"Il(?! y a)|Elle(?!\s[A-Z])|Ils|Elles|Cela|Ceci|Mais|Cependant|Pourtant|Toutefois|Ainsi|"
    r"En outre|Él|Ella(?!\s[A-Z])|Ellos|Ellas|Esto|Eso|Pero|Sin embargo|Además|Por eso)\b")
# "It" and "There" that stand for nothing: "It remains to be seen how ...", "It is the
# 17th year that ...", "There were no injuries."
_EXPLETIVE = re.compile(
    r"^(?:It (?:is|was|remains|seems|seemed|appears|appeared|will be|would be|has been|had "
    r"been)(?: not| still| now| also)? (?:to be seen|unclear|clear|likely|unlikely|possible|"
    r"impossible|expected|thought|understood|believed|reported|hoped|feared|estimated|"
    r"known|too early|difficult|hard|easy|important|vital|necessary|time)\b"
    r"|It (?:is|was|will be) the (?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th)|\w+th|"
    r"last|only) (?:time\b|(?:year|day|week|month|season)s? (?:that|since|in|for)\b)"
    r"|There (?:is|are|"
    r"was|were|will be|would be|could be|may be|might be|has been|have been|had been)\b)")
# A quote attributed to a pronoun only: '"We will fight on," he said.'
_PRONOUN_SAID = re.compile(rf"[\"”’']\s*,?\s*(?:(?:he|she|they|it)\s{SAID}|{SAID}\s"
                           rf"(?:he|she|they|it))\b")


def needs_context(sentence: str) -> bool:
    """True when a sentence cannot be read alone: it opens by referring back ("It", "But",
    "The latter"), its quote names no one but "he" or "she", or it continues a quotation
    begun in an earlier sentence."""
    text = sentence.strip()
    if _PRONOUN_SAID.search(text):
        return True
    if _REFERS_BACK.match(text) and not _EXPLETIVE.match(text):
        # '"It was hard," said Amanda Ross': the speaker's own words, and she is named.
        return text[:1] not in "\"“‘'" or speaker(text) is None
    # A quotation that runs on from an earlier sentence: it opens with a quote mark but
    # never closes one, or closes one it never opened (French "... à Montréal. »" too).
    if text[:1] in "„«" and speaker(text) is None:  # German and French quotes, unnamed
        return True
    if text[:1] in "'‘" and text.rstrip(".").endswith(("?'", "!'", ".'", "’")):
        return True  # a sentence all quotation in single marks: "'I don't know, did I?'"
    opens = text.count("“") + (text.count('"') if text[:1] == '"' else 0)
    return (text[:1] in "\"“" and text.count('"') + text.count("”") < 2
            and speaker(text) is None) or (not opens and text.count("”") == 1) \
        or text.count("»") > text.count("«") or closes_straight_quote(text)


# A lede refers back when it opens with a pronoun or demonstrative ("This is not the
# welcome ...", "They make one change ...") or answers something unsaid ("No, ...").
_LEDE_REFERS = re.compile(
    r"^[\"“‘']?(?:(?:It|Its|It's|It’s|They|Their|Them|He|His|Him|She|Her|This|These|Those|"
    r"That|Such)\b|(?:No|Yes)(?=,))")
# "This is the dramatic moment a holidaymaker was pinned down ...": a caption-style lede
# whose "This" points at the picture and tells the news whole.
_THIS_IS_THE_MOMENT = re.compile(
    r"^(?:This|These) (?:is|are|was|were) the (?:\w+ )?(?:moment|moments|scene|footage|"
    r"video|images?|pictures?|photos?) (?:that |when |where )?(?:an? |the )?[\w’'-]+")
# A person's pronoun, and what may name that person before it in the same sentence: a
# capitalised word other than a plural opening word or a place after a preposition
# ("Republicans in Western North Carolina ... his"), or a noun phrase opening the sentence
# ("The information commissioner says he ...", "A man ... his car").
_PERSON_PRONOUN = re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]im|[Ss]he|[Hh]er|[Hh]ers)\b")
_CAPITAL_RUN = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")
_PLACE_BEFORE = frozenset(
    "in at on from of to into across near outside inside throughout around for".split())


def refers_back_unshown(sentence: str) -> bool:
    """True when an opening sentence leans on something it does not say: it opens with a
    pronoun or demonstrative ("This is not ...", "No, ..."), or a person's pronoun comes
    before anyone it could stand for ("Republicans ... are grumbling about his last-minute
    announcement"). Shown first, it refers back to nothing."""
    text = sentence.strip()
    if _LEDE_REFERS.match(text):
        return not (_EXPLETIVE.match(text) or _THIS_IS_THE_MOMENT.match(text))
    pronoun = _PERSON_PRONOUN.search(text)
    if pronoun is None:
        return False
    before = text[:pronoun.start()]
    words = before.split()
    if words and words[0].lower() in ("the", "a", "an"):
        return False
    for run in _CAPITAL_RUN.finditer(before):
        head = before[:run.start()].split()
        if not head:  # the opening word: a name unless it is a lone plural ("Officials")
            if " " in run.group().strip() or not run.group().endswith("s"):
                return False
        elif head[-1].lower() not in _PLACE_BEFORE:
            return False
    return True
