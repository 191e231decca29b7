"""Which sentences look ahead: a small logistic model over future cues in four languages.

A sentence looks ahead when it states a plan, a date, a deadline, a pending decision, a
forecast, a stated possibility or a call to act. Cues are English, German, Spanish and
French (future forms, "plans to" / "plant" / "prevé" / "prévoit", "next" / "nächste" /
"próximo" / "prochain", dates and weekdays); past-tense and reported-past cues (a modal
perfect, a date gone by, a story told in the simple past) count against. Forms that only
look like a future do not count: German "werden" in the passive or for "becomes", German
"will" ("wants", an intention), Spanish "va a" before a place; nor do the reader's future
("you'll love it"), the future seen from the past ("was going to"), a purpose ("our
mission is to") or a cause ("due to the fact"). Two groups count against: the general
case (a condition on "you", "we" or "I", "as if") and a description in the future tense
("will be able to store"). The cues read the writer's own words; a quotation's future
form, or else its plans, dates and calls, count apart, at the lower weight a speaker's
promise earns. How much of the whole article plainly looks ahead counts too: in a review
or a match report a lone "tomorrow" is rhetoric. The weights come from
bench/train_panels.py on the readers' labels (corpus summaries/dev/panels.jsonl); the
non-English cues share the weight of their English group.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from briefing.brief.cues import dated, forward_score, quoted_text, quoted_words, strip_quotes
from briefing.brief.cuewords import CueGroups, Group

_WEEKDAYS = (r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|"
             r"miércoles|jueves|viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|"
             r"samedi|dimanche)")
_MONTHS = (r"(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|"
           r"dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
           r"noviembre|diciembre|janvier|février|mars|avril|juin|juillet|août|septembre|"
           r"octobre|novembre|décembre)")
_DESCRIBED = ("(?:include|feature|hold|store|support|cost|list)", "be able to", "be capable",
              "apply to", "come with", "run you")
_GONE_BY = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
            r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|"
            r"autumn|fall|winter|(?:19|20)\d\d|week|month|year)")
_PERFECT = r"(?:been|had|\w+ed|known|seen|done|gone|made|taken|given|become)"

CUES = {  # counted in the lower-cased sentence (briefing.brief.cuewords)
    # Future forms: will / wird, werden / será, va a / sera, va, vont ("würde" is "would").
    "future": Group(
        r"will|shall|wird|werden|wirst|será|serán|seremos|habrá|sera|seront|serons|aura|"
        r"auront|vont|\w+(?:erá|erán|irá|irán|ará|arán)",
        ("won ' t", "['’] ll", "(?:is|are|going) to", "va (?:être|falloir|se|[a-zé]+er)",
         # "va a votar" looks ahead, "se va a una guerra" (goes to) does not.
         r"(?:va|van|vamos|voy|vas) a \w+(?:ar|er|ir|ír)(?:se|lo|la|los|las|le|les)?",
         r"\w+(?:era|eront|ira|iront) (?:le|la|les|un|une|des|en|à|au|aux|de|du)")),
    # Plans, intentions, expectations: "plans to", "is expected to", "aims", "hopes".
    "plan": Group(
        r"expect\w*|forecast\w*|predict\w*|likely|unlikely|scheduled|slated|"
        r"propos(?!ition)\w*|consider\w*|pledg\w*|promis\w*|vow\w*|outlook|prospects?|target|"
        r"plant|plane?n|geplant|vorgesehen|soll|sollen|erwartet|wollen|prevé|previsto|prevista|"
        r"planea|esperan?|prévoit|prévu|prévue|devrait|devraient|compte|entend",
        (r"plan(?:s|ned|ning)? to", r"(?:intend|aim|want|seek)\w* to", "hop(?:e|es|ing) to",
         "(?:set|poised) to",
         # "due to open" is a date; "due to the fact", "due to delays" a cause.
         r"due to (?!(?:the|a|an|its|his|her|their|our|this|that|these|those|lack|poor|bad|"
         r"high|low|rising|falling|heavy|strong|weak)$|[a-z]+(?<!s)s$|[a-z]+(?:ing|al)$)[a-z]+",
         # A rule or plan in the present tense of a timetable: "takes effect in January".
         "takes? effect", "comes? into (?:force|effect)", "goes? into effect",
         "enters? into force")),
    # When: next week, later this year, coming months, a date or weekday ahead.
    "when": Group(
        r"coming|upcoming|forthcoming|tomorrow|tonight|future|deadline|nächste\w*|kommende\w*|"
        r"morgen|künftig\w*|demnächst|próxim[oa]s?|mañana|futur[oa]s?|prochaine?s?|demain|"
        r"bientôt",
        ("later (?:this|in)", "by the end of", "in the run - up", "ahead of", "à venir",
         f"(?:am|ab|bis|el|los|le|ce|dès) {_WEEKDAYS}", f"d ' ici (?:{_WEEKDAYS}|{_MONTHS})",
         f"(?:im|bis|en|fin|début) {_MONTHS}", f"a partir de {_MONTHS}"),
        context=r"\b(?:next(?![-‐ ](?:of|to|door|generation)\b)|"
                r"soon(?! after| afterwards?| thereafter))\b",
        needs="next|soon"),
    # A stated possibility or condition: may, might, could, if.
    "possible": Group(r"may|might|could|would|if|unless|possib\w*|könnte\w*|würden?|"
                      r"podría\w*|pourrai\w*|pourra\w*"),
    # Calls to act and pending processes.
    "call": Group(r"should|must|urg\w+|pending|awaits?|awaiting|appeal|review|inquiry|"
                  r"investigation|talks|vote|election|hearing|trial|ruling|verdict",
                  ("needs? to", r"call\w* (?:on|for)", "yet to", "remains? to be seen",
                   "will decide")),
    # The general case, not this story's: a condition on "you", "we" or "I", "you might
    # think", "as if" ("If your time is worth more than your money, you can ...").
    "general": Group(phrases=(
        "(?:if|when|whenever|unless|once) (?:you|your|we|i|one|anyone|someone|people)",
        "you (?:might|may|could|would|can)", "as (?:if|though)",
        r"als (?:ob|könnte\w*|würde\w*|wäre\w*)", "comme si", "como si",
        "si (?:tu|vous|on|nous|usted)")),
    # A description in the future tense: what a thing will be able to do or hold, whom a
    # rule will apply to ("A Blu-ray disc will be able to store 50GB").
    "describes": Group(phrases=tuple(f"{will}{also} {what}" for will in ("will", "['’] ll")
                                     for also in ("", " (?:also|still|only)")
                                     for what in _DESCRIBED)),
    # Looking back: the past, "ago", "last week", "had planned".
    "past": Group(
        r"ago|yesterday|was|were|did|had|gestern|letzte\w*|war|waren|wurde|wurden|hatte|hatten|"
        r"vergangene\w*|ayer|pasad[oa]|fue|fueron|era|eran|había|habían|hier|dernier|dernière|"
        r"était|étaient|avait|avaient|fut",
        ("last (?:week|month|year|season|night)", "had been",
         "had (?:planned|hoped|expected|intended)", "(?:was|were) expected", "would have",
         # A modal perfect looks back ("could have been used"), and so does a date already
         # gone ("last April", "back in 2017", "earlier this year").
         f"(?:could|might|may|must|should|would) have {_PERFECT}",
         f"(?:could|might|may|must|should|would) not have {_PERFECT}",
         f"(?:couldn|mightn|mustn|shouldn|wouldn) ' t have {_PERFECT}",
         f"last {_GONE_BY}", f"back in {_GONE_BY}", f"earlier this {_GONE_BY}",
         f"earlier in the {_GONE_BY}")),
    # A story told in the past tense: a verb in the simple past ("the court quashed the
    # sentences", "soon battles erupted"), not a passive or perfect participle ("will be
    # delayed", "has agreed"), nor a verb that reports or plans ("announced", "agreed").
    "narrated": (
        Group(r"(?!(?:announc|warn|claim|insist|stat|report|add|confirm|suggest|predict|pledg|"
              r"promis|vow|decid|agre|plann|expect|call|urg|ask|propos|hop|intend|aim|want|need|"
              r"schedul|indicat|signal|sign|vot|hundr|unit)ed$)[a-z]{2,}[a-df-z]ed",
              not_after=frozenset("be is am are was were been being has have had get got to the "
                                  "a an".split())),
        Group(r"came|went|took|made|gave|found|saw|became|began|won|lost|left|held|met|ran|"
              r"fell|rose|led|sold|paid|brought|knew|felt|kept|spent|struck|fought|broke|threw|"
              r"shot|hit|fled|stole|drove|flew|wrote|chose|caught|built|bought")),
}
_CUES = CueGroups(list(CUES.values()))
_FUTURE, _SPOKEN_AHEAD = 0, (1, 2, 4)  # future; plan, when, call

# A clause that ends in a past participle ("auseinandergenommen", "angekündigt",
# "repariert"); infinitives built on a verb that opens with "ge" ("gewinnen",
# "umgestalten") are no participles.
_GERMAN_PARTICIPLE = (
    r"(?![a-zäöüß]*(?:gewinn|gelt|gehör|geling|gefall|genieß|gestalt|gescheh|gebrauch|gewähr|"
    r"gewöhn|gedenk|gesteh|genehmig)en\b)(?:[a-zäöüß]*ge[a-zäöüß]{2,}(?:t|en)|[a-zäöüß]+iert|"
    r"[a-zäöüß]*(?:be|ver|ent|zer|emp)[a-zäöüß]{2,}t)")
_GERMAN_PARTICIPLE_ENDS = rf"[^.,;:!?]*?\s{_GERMAN_PARTICIPLE}\s*[.,;:!?]"
_GERMAN_MODALS = (r"muss|müssen|musste|mussten|müsste|müssten|kann|können|konnte|konnten|"
                  r"könnte|könnten|soll|sollen|sollte|sollten|darf|dürfen|durfte")

# "Will" as a name ("Will Smith", "Will and Grace") or a noun ("at will", "the
# passenger's will") is no future form, nor "May" the month a possibility.
_NOT_FUTURE = re.compile(r"(?<=\w[\s,])(?:Will|May)\b|^Will(?=\s[A-Z])|\b(?:at|'s|’s|own|"
                         r"free|good|political|popular|the)\s+will\b"
                         # The reader's future is rhetoric, no step in the story: "You'll
                         # have forgotten it all tomorrow", "you won't see them again".
                         r"|(?<=\b[Yy]ou)(?:'ll|’ll|'re going to|’re going to)"
                         r"|(?<=\b[Yy]ou )(?:will|won't|won’t|shall|are going to)\b"
                         # ...and so is a future done to the reader: "It will run you $10".
                         r"|\b(?:will|won't|won’t)(?= \w+ you\b)|(?:'ll|’ll)(?= \w+ you\b)"
                         # The future seen from the past: "we knew it was going to be hard".
                         r"|\b(?:was|were|wasn't|weren't|wasn’t|weren’t) going to\b"
                         # A purpose is no plan: "Our mission is to look at ...".
                         r"|\b(?:aim|goal|purpose|mission|priority|task|job|role|objective|"
                         r"ambition)s?(?:\s(?:of|for)\s[^,.;:]{0,60}?)?\s(?:is|are) to\b")
# Every match of _NOT_FUTURE holds one of these: most sentences hold none, and a substring
# test is far cheaper than the search.
_NOT_FUTURE_WORDS = ("Will", "will", "'ll", "’ll", "shall", "May", "won", "going to", "is to",
                     "are to")
# German "werden" with a past participle is the passive, not the future: "Anschließend
# werden die Batterien auseinandergenommen", "musste ins Spital gebracht werden".
_NOT_GERMAN_FUTURE = re.compile(rf"\b(?:wird|werden)\b(?={_GERMAN_PARTICIPLE_ENDS})"
                                # ...and so is "werden" closing a clause after anything but an
                                # infinitive ("was riskiert wird", "gefiltert werden muss",
                                # "aufgeschoben wird"), and "wird zum Fremden" says what something
                                # becomes.
                                r"|(?<=[a-mo-zäöüß]\s)(?:wird|werden)(?=\s*[.,;:!?»“\"]|\s+"
                                rf"(?:{_GERMAN_MODALS})\b)"
                                rf"|\b{_GERMAN_PARTICIPLE}\s(?:wird|werden)(?=\s*[.,;:!?»“\"])"
                                r"|\b(?:wird|werden)(?=\s+(?:zum|zur)\b(?![^.,;:!?]*\bwerden\b))")
_OPEN_QUOTE = re.compile(r"^\s*[\"“]")
_QUOTE_MARKS = re.compile(r"[\"“”„«»]")
# „ and « open a quotation, ” and » close one; " and “ close an open one, else open one
# (“ closes a German „...“ or a mixed "...“, and opens an English “...”).
_QUOTE_STATE = {"„": True, "«": True, "”": False, "»": False}


def spoken(text: str) -> bool:
    """True for a sentence inside a quotation that runs on from or into another sentence:
    it opens one that it leaves open."""
    return bool(_OPEN_QUOTE.match(text)) and leaves_quote_open(text, False)


def leaves_quote_open(text: str, inside: bool) -> bool:
    """Whether a quotation is still open after `text`, given whether one was open before
    it: '"We will fight on.' opens one that the next sentence continues."""
    for mark in _QUOTE_MARKS.findall(text):
        inside = _QUOTE_STATE.get(mark, not inside)
    return inside


# Words of German and English prose that the other language does not use: an article
# holding more of the first is German, where "will" is "wants" ("wer über die Grenze
# gehen will, muss ..."), an intention as "wollen" is, not a future form.
_GERMAN_WORDS = re.compile(r"\b(?:und|nicht|ist|sich|eine?|einer|mit|auf|für|dass|auch|dem|"
                           r"zum|zur|wird|werden|sind|wurde|noch|nur|oder|aber|bei|nach)\b")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|is|that|for|with|was|are|on|it)\b")
_WANTS = re.compile(r"\b[Ww]ill\b")


def reads_german(texts: Sequence[str]) -> bool:
    """True when the text holds more German than English function words."""
    low = " ".join(texts).lower()
    return len(_GERMAN_WORDS.findall(low)) > len(_ENGLISH_WORDS.findall(low))


def sentence_features(i: int, n: int, text: str, inside: bool = False,
                      german: bool = False) -> list[float]:
    """One sentence's features: position, speech, the forward score of the writer's own
    words, the cue groups, then whether a quotation in it looks ahead (a future form; a
    plan, date or call). Cue groups look at the writer's own words only: quotations are
    blanked first, and so is a sentence that continues a quotation (`inside`: one was left
    open before it). A quote's own future counts apart, at the weight its speaker's
    promise earns. In a `german` text "will" is an intention ("wollen"), no future form."""
    words = max(len(text.split()), 1)
    text = _WANTS.sub("wollen", text) if german else text
    if any(word in text for word in _NOT_FUTURE_WORDS):
        text = _NOT_FUTURE.sub("_", text)
    if "wird" in text or "werden" in text:
        text = _NOT_GERMAN_FUTURE.sub("_", text)
    in_speech = inside or spoken(text)
    quoted = words if in_speech else quoted_words(text)
    bare = "" if in_speech else strip_quotes(text)
    feats = [1.0, float(i == 0), i / n, quoted / words, float("?" in text),
             min(max(forward_score(bare), -2.0), 4.0) / 4, float(dated(text))]
    feats += [min(n, 2) / 2 for n in _CUES.counts(bare.lower())]
    said = (text if in_speech else quoted_text(text)).lower()
    # A quotation's future form, or else its plans, dates and calls ("We need to find a
    # solution soon"): a speaker's promise or call, each at the weight it earns.
    counts = _CUES.counts(said) if said else [0] * _CUES.size
    future = counts[_FUTURE] > 0
    feats.append(float(future))
    feats.append(float(not future and any(counts[g] for g in _SPOKEN_AHEAD)))
    return feats


def features(texts: Sequence[str]) -> list[list[float]]:
    """Every sentence's features, with the article's share of sentences that plainly look
    ahead appended: in a review or a match report a lone "tomorrow" is rhetoric, in a
    story about a pending decision the future runs through the text."""
    n = len(texts)
    rows = []
    inside = False
    german = reads_german(texts)
    for i, text in enumerate(texts):
        continues = inside and not _OPEN_QUOTE.match(text)
        rows.append(sentence_features(i, n, text, continues, german))
        inside = leaves_quote_open(text, continues)
    ahead = sum(r[_FORWARD] >= 0.5 for r in rows) / max(n, 1)
    return [[*r, ahead] for r in rows]


_FORWARD = 5  # the forward score's place in `sentence_features`


def next_probabilities(texts: Sequence[str]) -> list[float]:
    """For each sentence, the chance a reader would say it looks ahead."""
    out = []
    for row in features(texts):
        z = sum(w * x for w, x in zip(WEIGHTS, row, strict=True))
        out.append(1 / (1 + math.exp(-z)))
    return out


THRESHOLD = 0.55
"""The least chance a sentence needs to be shown under What's next."""

WEIGHTS: tuple[float, ...] = (
    -1.810, 0.707, 0.353, -0.462, -0.139, 3.056, 0.606, 4.772, 3.208, 2.441, 3.900, 2.558, -0.398,
    -2.577, -1.838, -1.317, 3.071, 1.354, 2.656,
)
"""Intercept, then one weight per feature of `features`."""
