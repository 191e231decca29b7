"""Surface cues that tell the panels apart: what is not prose, what looks ahead, who said what.

Quotations and whether a point reads alone are in briefing.text (the story merge asks
them too). All cues are English regular expressions (the briefer is English-tuned); on other
languages they simply fail to fire, and the ranker still works on word overlap.
"""

from __future__ import annotations

import functools
import re

from briefing.extract.cleanup import PHONE_CREDIT, is_not_prose
from briefing.text.quotes import NAME, SAID, may_quote, strip_quotes

# Lines that are page furniture rather than story: captions, credits, bylines, datelines.
_FURNITURE = re.compile(
    r"""^(?:
        (?:illustration|photo|photograph|image|picture|video|graphic|caption|credit|source|
           image\ caption|media\ caption|image\ source|photo\ illustration)s?\s*(?:by)?\s*[:|]
      | by\ [A-Z][\w.'’-]+(?:\ [A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\ [A-Z][\w.'’-]+){0,3})*\s*$
      | \(?(?:reporting|writing|editing|additional\ reporting)\ by\b
      | (?:follow|contact)\ (?:the\ )?(?:author|us|him|her|[A-Z]\w+)\ (?:on|at)\b
      | (?:this\ (?:article|story)\ (?:was|has\ been|first|originally)|originally\ published)\b
      | all\ rights\ reserved
      | (?:updated|published|posted|last\ updated)\s*:?\s*(?:on\ )?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)
      | (?:click|tap)\ (?:here|to)\b
      | (?:update[sd]?|correction|clarification)\b,?\s+(?:[^:]|:\d\d){0,60}\d(?:[^:]|:\d\d){0,30}
        :\s+(?:added|adds|updated|updates|corrected|corrects|clarified|clarifies|removed|changed|
        edited|amended|revised|fixed|this\ (?:article|story|post))\b
      | [A-Z][\w.'’ -]{0,60}\ (?:writes|reports)\s*:\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "..., 1960. Photo: Bettmann Archive/Getty" — a caption ending in a credit.
_CREDIT_TAIL = re.compile(
    r"(?:^|[.;:]\s+)(?:photo|image|picture|illustration|credit|video)s?\s*(?:by)?\s*:\s*[^.!?]{0,80}$"
    r"|\b(?:getty(?: images)?|afp|reuters|ap photo|epa|shutterstock|alamy)\s*\)?\s*$",
    re.IGNORECASE,
)
_CAPS_CREDIT = re.compile(r"^[A-Z][A-Z .'’-]{2,60}(?:/[A-Z][A-Za-z .'’-]*){1,4}$")  # NAME/AGENCY

# A dateline or byline lead-in to strip from a sentence: "WASHINGTON (Reuters) - ",
# "LONDON, Jan 5 (AP) — ", "PARIS — ", "Nassau, Bahamas (CMC) – ", an outlet's own name
# ("Kaieteur News – "), "Axios' Kaveh Waddell reports: ", "By Jane Doe: ", "Anchor: ", a
# picture agency's credit with its phone number ("BNPS.co.uk (01202 558833) "). An
# outlet's or agency's name before a dash that a second dash closes is the sentence's
# subject with an aside ("The Sun – Britain's best-selling tabloid – reported ..."): kept.
_OUTLET_WORD = (r"(?:News|Times|Post|Herald|Gazette|Tribune|Journal|Observer|Telegraph|Express|"
                r"Chronicle|Press|Radio|TV|Online|Wire|Agency|Media|Today|Standard|Guardian|"
                r"Mirror|Star|Sun|Courier|Monitor|Newsroom|Network|Daily|Weekly|Review)")
_AGENCY = (r"(?:Reuters|AFP|AP|UPI|dpa|EFE|ANSA|Xinhua|Yonhap|Kyodo|TASS|Interfax|IANS|PTI|ANI|"
           r"Bernama|CMC|GINA|JIS|WAM|KUNA)")
DATELINE = re.compile(
    rf"""^(?:
        [A-Z][A-Z .,'’-]{{1,40}}(?:,\s*[A-Z][a-z]{{2,8}}\.?(?:\s*\d{{1,2}}(?:,\s*\d{{4}})?)?)?
        \s*(?:\((?:Reuters|AP|AFP|CNN|Bloomberg|UPI|dpa|[A-Z][\w &./]{{1,30}})\)\s*)?[-–—]{{1,2}}\s+
      | [A-Z][\w.'’-]+(?:,?\s[A-Z][\w.'’-]+){{0,3}}\s\([\w&./ -]{{2,30}}\)\s*[-–—]{{1,2}}\s+
      | (?:The\ )?(?:[A-Z][\w'’.&-]*\ ){{0,3}}{_OUTLET_WORD}\ [-–—]{{1,2}}\s+(?!.*\s[-–—]{{1,2}}\s)
      | {_AGENCY}\ [-–—]{{1,2}}\s+(?!.*\s[-–—]{{1,2}}\s)
      | [A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*){{0,3}}\s(?:writes|reports)\s*:\s+
      | [Bb]y\s[A-Z][\w.'’-]+(?:\s(?:[A-Z][\w.'’-]+|de|van|von|al)){{0,3}}\s*[:|]\s+
      | (?:Anchor|Report|Reporter|Presenter|Moderator|Correspondent)\s*:\s+
      | {PHONE_CREDIT}\s+
    )(?=["“‘']?[A-ZÀ-Þ\d])""",
    re.VERBOSE,
)

# --- Looking ahead -------------------------------------------------------------------
_FORWARD_STRONG = re.compile(
    r"\b(?:(?:is|are|was\ not|were\ not)\ (?:expected|scheduled|due|set|slated|poised|likely|"
    r"planning|preparing|going)\ to|(?:is|are)\ (?:expected|scheduled|due)\b|plans?\ to|"
    r"intends?\ to|aims?\ to|remains?\ to\ be\ seen|deadline|upcoming|(?:will|would)\ decide|"
    r"will\ (?:vote|rule|meet|announce|hold|consider|decide|publish|release|report|launch|"
    r"begin|start|open|resume|return|face|hear|debate|review|travel|visit|sign|take\ effect|"
    r"go\ on\ sale|be\ (?:held|announced|published|released|decided|sentenced|voted|heard|"
    r"launched|introduced|debated|reviewed|unveiled))|next\ (?:week|month|year|spring|summer|"
    r"autumn|fall|winter|season|round|step|steps|meeting|phase)|later\ (?:this|in\ the)\ "
    r"(?:week|month|year|day)|in\ the\ coming\ (?:days|weeks|months|years)|is\ yet\ to|"
    r"has\ yet\ to|have\ yet\ to|will\ be\ (?:held|published)|pending)\b",
    re.IGNORECASE | re.VERBOSE,
)
_WILL = re.compile(r"\b(?:will|shall|won't|'ll|’ll|is to|are to|is going to|are going to)\b",
                   re.IGNORECASE)
_WHEN = re.compile(
    r"\b(?:tomorrow|tonight|this (?:weekend|week|month|year|spring|summer|autumn|fall|winter)|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|by (?:the end of )?"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|\d{4}|next)|in (?:january|february|march|april|june|july|august|september|"
    r"october|november|december|20\d\d)|soon|from (?:next|january|april|20\d\d))\b",
    re.IGNORECASE,
)
_BACKWARD = re.compile(
    r"\b(?:had (?:been )?(?:expected|planned|hoped|intended)|would have|was expected to|"
    r"were expected to|last (?:week|month|year)|ago)\b",
    re.IGNORECASE,
)


_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?")
# When a next step happens: a weekday, a date, "next week", "later this month", "by 2006".
_DATED = re.compile(
    rf"\b(?:(?:on|by|from|until|before)\s(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    rf"sunday)|\d{{1,2}}(?:st|nd|rd|th)?\s{_MONTH}|{_MONTH}\s\d{{1,2}}\b|(?:in|by|from|until)\s"
    rf"(?:{_MONTH}|(?:19|20)\d\d)|next\s(?:week|month|year|spring|summer|autumn|fall|winter|"
    rf"season)|later\s(?:this|in\sthe)\s(?:week|month|year)|tomorrow|tonight|this\s"
    rf"(?:weekend|week|month))\b",
    re.IGNORECASE,
)


_DATED_LOWER = re.compile(_DATED.pattern)  # the same, for lower-cased text: much faster


# English prose has one of these in every four to thirteen words; German, French and
# Spanish news one in seventy at most.
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|is|was|that|with|for)\b")


def english(text: str) -> bool:
    """True when a lower-cased text reads as English (its function words, in the first
    thousand characters): the English cue groups and word tables apply to it alone."""
    text = text[:1000]
    return len(_ENGLISH_WORDS.findall(text)) >= 0.04 * len(text.split())


def dated(sentence: str) -> bool:
    """True when a sentence says when something happens (a weekday, a date, "next week")."""
    return bool(_DATED_LOWER.search(sentence.lower()))


def scheduled(sentence: str) -> bool:
    """True for a dated next step: it plainly looks ahead and says when."""
    return forward_score(sentence) >= 2 and dated(sentence)


# The case-blind patterns search the lower-cased sentence with a case-sensitive copy of
# themselves, which is cheaper than a case-blind search; and for some, words one of which every match contains
# (lower case) are tested first: most sentences hold none, and a substring test is cheaper
# still. Exact: under re.IGNORECASE an ASCII letter matches only its two cases and these
# three characters, which lower() does not turn into it (the Kelvin sign it does), and
# lower() keeps every other character's length and class (word, digit, space); so a
# sentence holding one of them is searched as it is, case-blind.
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")  # İ ı ſ
_FORWARD_STRONG_WORDS = ("expected", "scheduled", "due", "set", "slated", "poised", "likely",
                         "preparing", "going", "plan", "intend", "aim", "remain", "deadline",
                         "upcoming", "decide", "will", "next", "later", "coming", "yet",
                         "pending")
_WILL_WORDS = ("will", "shall", "won't", "'ll", "’ll", "is to", "are to", "going to")
_BACKWARD_WORDS = ("expected", "planned", "hoped", "intended", "would", "last", "ago")


def _may_match(lowered: str | None, words: tuple[str, ...]) -> bool:
    return lowered is None or any(word in lowered for word in words)


def _lowered(sentence: str) -> str | None:
    """The sentence lower-cased, or None when it holds one of `_FOLD_ODD`."""
    return None if any(c in sentence for c in _FOLD_ODD) else sentence.lower()


def _case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-blind pattern (all in lower case) without re.IGNORECASE, for lower-cased text."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_FORWARD_CASE_BLIND = (_FORWARD_STRONG, _WILL, _WHEN, _BACKWARD)
_FORWARD_LOWER = tuple(map(_case_sensitive, _FORWARD_CASE_BLIND))


@functools.lru_cache(maxsize=4096)
def forward_score(sentence: str) -> float:
    """How plainly a sentence announces what happens next (>= 2: it does). Cached: both
    panel models ask about every sentence."""
    low = _lowered(sentence)
    text, (strong, will, when, backward) = (
        (sentence, _FORWARD_CASE_BLIND) if low is None else (low, _FORWARD_LOWER))
    score = 2.0 * bool(_may_match(low, _FORWARD_STRONG_WORDS) and strong.search(text))
    if _may_match(low, _WILL_WORDS):
        bare = strip_quotes(text)
        if will.search(bare):
            score += 1.0
        elif bare != text and will.search(text):  # the same search when unquoted
            score += 0.5  # a promise inside a quote is weaker than a scheduled fact
    if score and when.search(text):
        score += 1.0
    if _may_match(low, _BACKWARD_WORDS) and backward.search(text):
        score -= 1.5
    if "?" in text:
        score -= 1.0
    return score


# --- Attribution ---------------------------------------------------------------------
# A capital "I" that is no pronoun: an initialism ("F.B.I.", "A.I."), a middle initial
# ("Judge I. Leo"), a road or a code ("I-95", "I/O"), a name ("I'Anson"), or a numeral
# after a word that takes one ("World War I", "Phase I", "Elizabeth I").
_CAPITAL_I = re.compile(r"\bI\b")
_JOINED_I = re.compile(r"[\-/]|['’][A-Z]")
_TAKES_A_NUMERAL = frozenset("""
    War Phase Type Class Grade Part Chapter Act Stage Title Article Category Level Tier
    Schedule Division League Book Volume Section Unit Round Formula Mark Series Gen Model
    Elizabeth Charles James Henry Edward George William Mary Richard John Louis Napoleon
    Peter Catherine Alexander Nicholas Frederick Philip Francis Leo Paul Victor Wilhelm
    Felipe Juan Carlos Harald Abdullah Faisal Ferdinand Umberto Pius Benedict""".split())
"""Words after which an "I" is a numeral, not the writer."""


def pronoun_i_only(sentence: str) -> str:
    """The sentence with each capital "I" that is not the pronoun ("F.B.I.", "I-95",
    "Phase I") masked, so that a pattern for the speaker's or the writer's "I" sees only
    the pronoun. Same length, same offsets."""
    if "I" not in sentence:
        return sentence
    chars = list(sentence)
    for match in _CAPITAL_I.finditer(sentence):
        at, end = match.start(), match.end()
        space = sentence.rfind(" ", 0, max(at - 1, 0))
        word = sentence[space + 1:at - 1] if at and sentence[at - 1] == " " else ""
        initial = sentence.startswith(".", end) and (  # "F.B.I." or "Judge I. Leo"
            sentence[at - 1:at] == "." or (word[:1].isupper() and word[-1:].isalpha()
            and sentence[end + 1:end + 3][-1:].isupper()))
        if (sentence[at - 1:at] in (".", "-", "/") or _JOINED_I.match(sentence, end)
                or initial or word in _TAKES_A_NUMERAL):
            chars[at] = "_"
    return "".join(chars)


_ATTRIBUTION = re.compile(
    rf"\b(?:{SAID}|reported|reports|notes|noted|according to)\b", re.IGNORECASE)


_ATTRIBUTION_LOWER = _case_sensitive(_ATTRIBUTION)


def attributed(sentence: str) -> bool:
    """True when the sentence reports what someone said or wrote ("..., he said")."""
    low = _lowered(sentence)
    return bool(_ATTRIBUTION.search(sentence) if low is None else _ATTRIBUTION_LOWER.search(low))


# --- Points that need the sentence before them ---------------------------------------
# "this volume", "these changes": a thing named in an earlier sentence. Not the writer's
# here and now ("this week", "this country").
_THIS_THING = re.compile(r"\b(?:this|these|those)\s([a-z]{3,})\b")
_HERE_AND_NOW = frozenset("""
    year years week weeks weekend month months morning afternoon evening night season
    summer winter spring autumn fall time term decade century quarter era country nation
    """.split())


def things_pointed_at(sentence: str) -> list[str]:
    """The nouns the sentence points at by "this" or "these" ("above this volume" ->
    ["volume"]), without the writer's here and now ("this week")."""
    if "th" not in sentence:
        return []
    return [m.group(1) for m in _THIS_THING.finditer(sentence)
            if m.group(1) not in _HERE_AND_NOW]


# A person named by surname alone at the start of a point ("Pay says ...", "Rundle himself
# theorized ...", "White said ..."): who they are is in the sentence that introduced them.
_BARE_NAME = re.compile(
    r"^(?:[A-Z][a-z]+,\s)?([A-Z][a-z’'-]{2,})(?=\s(?:himself|herself|also|says|said|told|tells|added|adds|"
    r"argued|argues|believes|thinks|explained|explains|points|theorized|theorised|wrote|"
    r"writes|noted|notes|warned|warns|claimed|claims|admitted|insisted|agreed)\b)")


_OWN_VIEW = re.compile(r"^\S+\s(?:\S+\s)?(?:himself|herself|\w+\s(?:that\s)?(?:he|she)\b)")


# "Grant's husband, a police corporal, ...": a person known only by the surname, through
# a relative or a person who acts for them.
_THEIR_PERSON = re.compile(
    r"^([A-Z][a-z’'-]{2,})['’]s\s(?:husband|wife|partner|son|daughter|mother|father|brother|"
    r"sister|family|relatives|widow|widower|lawyer|attorney|spokesman|spokeswoman)\b")


def bare_surname(sentence: str) -> str | None:
    """The name a sentence opens with when it is one capitalised word giving a view or
    telling of themselves ("Pay says the strategy ... is “wishful thinking”" -> "Pay",
    "White said he was ...", "Rundle himself theorized ..."), or through their own
    ("Grant's husband, a police corporal, ..." -> "Grant"), else None. A reported fact
    ("Stefanski said Tony DiLeo will coach ...") reads without knowing who said it."""
    text = sentence.strip()
    if (theirs := _THEIR_PERSON.match(text)) is not None:
        return theirs.group(1)
    match = _BARE_NAME.match(text)
    if match is None:
        return None
    rest = text[match.start(1):]
    return match.group(1) if may_quote(rest) or _OWN_VIEW.match(rest) else None


# "It comes after ...": "It" is the news itself, which only the lede tells.
_THE_NEWS_COMES = re.compile(
    r"^(?:It|This|That)\s(?:comes?|came)\s(?:after|as|amid|days|weeks|months|hours|a\s(?:day|week)|"
    r"just|only)\b")


def goes_on_about_the_news(sentence: str) -> bool:
    """True for "It comes after Mr Shapps announced ...": its "It" is the story the lede
    tells, not whatever sentence comes before it."""
    return _THE_NEWS_COMES.match(sentence.strip()) is not None



# --- Significance and concreteness ---------------------------------------------------
_SIGNIFICANCE = re.compile(
    r"\b(?:means?|meaning|could|would|threat(?:en)?s?|risks?|concerns?|fears?|hopes?|first|"
    r"biggest|largest|highest|lowest|worst|record|since|amid|comes? (?:as|after|amid)|follows?|"
    r"following|part of|latest|because|as a result|impact|affect(?:s|ed)?|key|crucial|major|"
    r"significant|marks?|signals?|raises?|pressure|despite|however|growing|increasingly|"
    r"critics?|controvers\w+|debate|worries|problem|crisis|boost|blow|setback|step|shift)\b",
    re.IGNORECASE,
)
_CONCRETE = re.compile(r"\d|[$£€¥%]|\b[A-Z][a-z]+\s[A-Z][a-z]+")


def significance(sentence: str) -> int:
    """Count of words that mark stakes, consequence or context."""
    return len(_SIGNIFICANCE.findall(sentence))


def concreteness(sentence: str) -> int:
    """Numbers, currency and multi-word names: the facts a point should carry."""
    return len(_CONCRETE.findall(sentence))


def is_concrete(sentence: str) -> bool:
    """True when `concreteness` is above 0 (found without counting)."""
    return _CONCRETE.search(sentence) is not None


# A sentence that is a credit ("Image credit: apple.com"): inside a paragraph that reads
# as prose, where the line-level checks above do not see it. Narrow on purpose: the
# line-level patterns, applied to single sentences, also catch prose.
_CREDIT_SENTENCE = re.compile(
    r"\(?(?:photo|image|picture|illustration|graphic)s?(?:\s+(?:credit|courtesy|by))?\s*[:|]",
    re.IGNORECASE)


def is_credit(sentence: str) -> bool:
    """True for a sentence that credits a photo or illustration."""
    return _CREDIT_SENTENCE.match(sentence.strip()) is not None


_HEADLINE_WORDS = (8, 20)
_UNCLOSED = tuple(".!?…:;,。！？\"'”’)»")
_LIST_MARK = re.compile(r"^(?:[-–•*·▪●#>|]|\d{1,2}[.)]\s)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s")
_ENGLISH = re.compile(r"\b(?:the|of|to|for|in|on|at|and|with|from|after|over)\b", re.IGNORECASE)
# What a sentence has and a headline leaves out: a finite verb's auxiliary, "said", a pronoun.
_SENTENCE_GRAMMAR = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|could|should|can|may|might|must|"
    r"do|does|did|said|says|told|i|we|he|she|they|you|it|there|this|these)\b", re.IGNORECASE)


def is_headline(line: str) -> bool:
    """True for a headline standing in the text (a live blog's entry, another story's
    link): a line of 8 to 20 words with no closing punctuation, in Title Case or in
    headline grammar, without the auxiliaries, "said" and pronouns of a sentence ("One
    of Cork's oldest pubs to remain open for next three weeks"). English-tuned; a list
    item, a Markdown heading and a sentence run into a tail are left to their own rules."""
    text = line.strip()
    words = text.split()
    if (not _HEADLINE_WORDS[0] <= len(words) <= _HEADLINE_WORDS[1] or text.endswith(_UNCLOSED)
            or not text[0].isupper() or _LIST_MARK.match(text) or _SENTENCE_END.search(text)
            or text.count(",") > 1  # a list of names
            or len({w.lower() for w in _ENGLISH.findall(text)}) < 2):
        return False
    long_words = [w for w in words if len(w) > 3]
    title_case = (len(long_words) >= 4
                  and sum(w[:1].isupper() for w in long_words) >= 0.8 * len(long_words))
    return title_case or _SENTENCE_GRAMMAR.search(text) is None


@functools.lru_cache(maxsize=1024)
def is_furniture(line: str) -> bool:
    """True for a caption, credit, byline, dateline-only, boilerplate or headline line.
    Cached: the signpost finder and the briefer both ask about every paragraph."""
    stripped = line.strip()
    if not stripped or is_not_prose(stripped) or is_headline(stripped):
        return True
    if _FURNITURE.match(stripped) or _CAPS_CREDIT.match(stripped):
        return True
    # A short line ending in a credit ("Coney Island, New York. Photo: Getty").
    return len(stripped) < 160 and bool(_CREDIT_TAIL.search(stripped))


# A picture's caption run into the sentence after it: "Map of Iran highlighting
# epicenter of earthquake: A tremor shook ...", "Photo of the rescue: Firefighters ...".
CAPTION_LEAD = re.compile(
    r"^(?i:(?:an?|the)\s+)?(?i:map|photo|photograph|image|picture|graphic|chart|illustration|"
    r"video|screenshot)s?\s+(?i:of|showing|shows)\s+[^:.!?]{2,120}:\s+"
    r"(?=[\"“‘']?[A-ZÀ-Þ\d])")


def strip_lead_in(sentence: str) -> int:
    """Characters of dateline, byline or caption lead-in at the start of a sentence (0 if
    none)."""
    match = DATELINE.match(sentence) or CAPTION_LEAD.match(sentence)
    if not match or match.end() >= len(sentence) - 10:
        return 0
    return match.end()


# --- Fragments: sentences that are never a point -------------------------------------
_STAMP_OPENERS = frozenset({"posted", "published", "updated", "last", "veröffentlicht",
                            "aktualisiert", "publié", "publicado", "actualizado"})
_DATE_WORDS = frozenset("""
    jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december mon monday tue tuesday wed wednesday
    thu thursday fri friday sat saturday sun sunday on at am pm gmt utc bst et est edt cet
    """.split())
_STAMP_WORD = re.compile(r"\w+")


def is_date_stamp(line: str) -> bool:
    """True for a line that only dates the article: "Posted on", "Published: 12 May 2021",
    "April 21, 2022", "Monday, 6 January 2020"."""
    words = _STAMP_WORD.findall(line.lower())
    if not words or len(words) > 10:
        return False
    if words[0] in _STAMP_OPENERS:  # "Posted on ...", "Last updated ...", not "Updated rules"
        return (len(words) == 1 or words[1] in _DATE_WORDS
                or words[1] in {"updated", "by", "um", "le", "el"} or words[1][:1].isdigit())
    return (
        any(w.isdigit() for w in words)
        and all(w in _DATE_WORDS or w.isdigit() or w[:-2].isdigit() for w in words))


# A chart or infographic label: a percentage glued to the next word ("68%of deaths").
_GLUED_FIGURE = re.compile(r"\d\s?%[^\W\d_]{2,}")


def is_fragment(sentence: str) -> bool:
    """True for a sentence that is page furniture however it reads: a date alone (a page's
    date run into the line before it: "Monday, 6 January 2020"), a chart label with a
    figure glued to a word ("68%of deaths")."""
    text = sentence.strip()
    return _GLUED_FIGURE.search(text) is not None or (
        is_date_stamp(text) and any(c.isalpha() for c in text))


_ASIDE_WORDS = 15


def is_aside(sentence: str) -> bool:
    """True for the writer's chatty aside, not news: a short exclamation or trailing-off
    line of their own ("Get well soon, Tara!", "Not quite the Christmas alternative
    we're looking for..."), not inside a quotation nor an interview's answer ("Mr Malone:
    I think I hear the irony in your voice!")."""
    text = sentence.strip()
    return (text.endswith(("!", "...", "…")) and not may_quote(text) and "'" not in text[:1]
            and ":" not in text and len(text.split()) < _ASIDE_WORDS)


# What is left of a quoted question once the splitter ends it at its question mark:
# "Daniels said, refusing to answer directly.", "Kimmel asked."
_ATTRIBUTION_ONLY = re.compile(
    rf"^{NAME}\s(?:{SAID}|asked|asks|replied|joked|shouted|wondered)\s*(?:[.,]|$)")


def is_attribution_only(sentence: str) -> bool:
    """True for a sentence that only says who said the quote before it ("Daniels said,
    refusing to answer directly."): alone it says nothing."""
    return _ATTRIBUTION_ONLY.match(sentence.strip()) is not None


def is_lead_in(sentence: str) -> bool:
    """True for a sentence that announces what follows it ("Here are a few tips to get
    your social media shining:", "In his budget Mr Chidambaram has:"): the list or quote
    is elsewhere, and shown alone it says nothing."""
    return sentence.rstrip().endswith(":")
