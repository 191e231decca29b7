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
non-English cues share the weight of their English group. A pending process stated in the
present tense ("Police are investigating", "has not named a replacement"), too rare in those
labels to be weighed, counts as a plain next step whatever the model says (English only).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from briefing.brief.cues import dated, forward_score, pronoun_i_only
from briefing.text.quotes import quoted_text, quoted_words, strip_quotes

CUES = {  # matched against the lower-cased sentence (much faster than a case-blind search)
    # Future forms: will / wird, werden / será, va a / sera, va, vont ("würde" is "would").
    "future": re.compile(
        r"\b(?:will|shall|won't|'ll|’ll|is to|are to|going to|wird|werden|wirst|"
        r"será|serán|seremos|habrá|sera|seront|serons|aura|auront|vont|"
        r"va (?:être|falloir|se|[a-zé]+er)\b)\b|"
        # "va a votar" looks ahead, "se va a una guerra" (goes to) does not.
        r"\b(?:va|van|vamos|voy|vas) a(?=\s\w+(?:ar|er|ir|ír)(?:se|lo|la|los|las|le|les)?\b)|"
        r"\b\w+(?:erá|erán|irá|irán|ará|arán)\b|"
        r"\b\w+(?:era|eront|ira|iront)\b(?=\s+(?:le|la|les|un|une|des|en|à|au|aux|de|du)\b)"),
    # Plans, intentions, expectations: "plans to", "is expected to", "aims", "hopes".
    "plan": re.compile(
        r"\b(?:plan(?:s|ned|ning)? to|intend\w* to|aim\w* to|hop(?:e|es|ing) to|want\w* to|"
        r"seek\w* to|expect\w*|forecast\w*|predict\w*|likely|unlikely|"
        # "due to open" is a date; "due to the fact", "due to delays" a cause.
        r"due to (?!(?:the|a|an|its|his|her|their|our|this|that|these|those|lack|poor|bad|"
        r"high|low|rising|falling|heavy|strong|weak)\b|[a-z]+(?<!s)s\b|[a-z]+(?:ing|al)\b)"
        r"[a-z]+\b|"
        r"set to|poised to|scheduled|slated|propos(?!ition)\w*|consider\w*|pledg\w*|promis\w*|vow\w*|"
        # A rule or plan in the present tense of a timetable: "takes effect in January".
        r"takes? effect|comes? into (?:force|effect)|goes? into effect|enters? into force|"
        r"outlook|prospects?|target|plant|plane?n|geplant|vorgesehen|soll|sollen|erwartet|wollen|"
        r"prevé|previsto|prevista|planea|espera(?:n)?|se espera|prévoit|prévu|prévue|"
        r"devrait|devraient|compte|entend)\b"),
    # When: next week, later this year, coming months, a date or weekday ahead.
    "when": re.compile(
        r"\b(?:next(?![-‐ ](?:of|to|door|generation)\b)|coming|upcoming|forthcoming|later this|"
        r"later in|soon(?! after| afterwards?| thereafter)|tomorrow|tonight|"
        r"future|deadline|by the end of|from next|in the run-up|ahead of|nächste\w*|"
        r"kommende\w*|morgen|künftig\w*|demnächst|próxim[oa]s?|mañana|futur[oa]s?|"
        r"prochaine?s?|demain|à venir|bientôt)\b|\b(?:am|ab|bis|el|los|le|ce|dès|d'ici)\s+"
        r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|"
        r"miércoles|jueves|viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|"
        r"samedi|dimanche)\b|\b(?:im|bis|en|a partir de|d'ici|fin|début)\s+(?:januar|februar|"
        r"märz|april|mai|juni|juli|august|september|oktober|november|dezember|enero|febrero|"
        r"marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
        r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|"
        r"décembre)\b"),
    # A stated possibility or condition: may, might, could, if.
    "possible": re.compile(r"\b(?:may|might|could|would|if|unless|possib\w*|könnte\w*|"
                           r"würde|würden|"
                           r"podría\w*|pourrai\w*|pourra\w*)\b"),
    # Calls to act and pending processes.
    "call": re.compile(r"\b(?:should|must|need to|needs to|urg\w+|call\w* (?:on|for)|"
                       r"yet to|pending|awaits?|awaiting|remains? to be seen|will decide|"
                       r"appeal|review|inquiry|investigation|talks|vote|election|hearing|"
                       r"trial|ruling|verdict)\b"),
    # The general case, not this story's: a condition on "you", "we" or "I", "you might
    # think", "as if" ("If your time is worth more than your money, you can ...").
    "general": re.compile(r"\b(?:if|when|whenever|unless|once) (?:you|your|we|i|one|anyone|"
                          r"someone|people)\b|\byou (?:might|may|could|would|can)\b|"
                          r"\bas (?:if|though)\b|\bals (?:ob|könnte\w*|würde\w*|wäre\w*)\b|"
                          r"\bcomme si\b|\bcomo si\b|\bsi (?:tu|vous|on|nous|usted)\b"),
    # A description in the future tense: what a thing will be able to do or hold, whom a
    # rule will apply to ("A Blu-ray disc will be able to store 50GB").
    "describes": re.compile(r"\b(?:will|'ll|’ll)(?: also| still| only)? (?:be able to|be capable|"
                            r"apply to|include|feature|come with|hold|store|"
                            r"support|cost|run you|list)\b"),
    # Looking back: the past, "ago", "last week", "had planned".
    "past": re.compile(r"\b(?:ago|last (?:week|month|year|season|night)|yesterday|had been|"
                       r"had (?:planned|hoped|expected|intended)|was expected|were expected|"
                       r"would have|was|were|did|had|gestern|letzte\w*|war|waren|"
                       r"wurde|wurden|hatte|hatten|vergangene\w*|ayer|pasad[oa]|fue|fueron|"
                       r"era|eran|había|habían|hier|dernier|dernière|était|étaient|avait|"
                       r"avaient|fut)\b"
                       # A modal perfect looks back ("could have been used"), and so
                       # does a date already gone ("last April", "back in 2017",
                       # "earlier this year").
                       r"|\b(?:could|might|may|must|should|would)(?: not|n't)? have "
                       r"(?:been|had|\w+ed|known|seen|done|gone|made|taken|given|become)\b"
                       r"|\b(?:last|back in|earlier this|earlier in the) (?:january|february|"
                       r"march|april|may|june|july|august|september|october|november|december|"
                       r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|"
                       r"summer|autumn|fall|winter|(?:19|20)\d\d|week|month|year)\b"),
    # A story told in the past tense: a verb in the simple past ("the court quashed the
    # sentences", "soon battles erupted"), not a passive or perfect participle ("will be
    # delayed", "has agreed"), nor a verb that reports or plans ("announced", "agreed").
    "narrated": re.compile(
        r"\b(?=[a-z]{2,}[^e\W]ed\b)"  # a word ending in "-ed" (not "-eed"), tested first
        r"(?<!\bbe )(?<!\bis )(?<!\bam )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbeen )"
        r"(?<!\bbeing )(?<!\bhas )(?<!\bhave )(?<!\bhad )(?<!\bget )(?<!\bgot )(?<!\bto )"
        r"(?<!\bthe )(?<!\ba )(?<!\ban )(?!(?:announc|warn|claim|insist|stat|report|add|"
        r"confirm|suggest|predict|pledg|promis|vow|decid|agre|plann|expect|call|urg|ask|"
        r"propos|hop|intend|aim|want|need|schedul|indicat|signal|sign|vot|hundr|unit)ed\b)"
        r"[a-z]+\b"
        r"|\b(?:came|went|took|made|gave|found|saw|became|began|won|lost|left|held|met|"
        r"ran|fell|rose|led|sold|paid|brought|knew|felt|kept|spent|struck|fought|broke|"
        r"threw|shot|hit|fled|stole|drove|flew|wrote|chose|caught|built|bought)\b"),
}

_FUTURE = CUES["future"]
_SPOKEN_AHEAD = ("plan", "when", "call")

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
    bare = bare.lower()
    feats += [min(len(cue.findall(bare)), 2) / 2 for cue in CUES.values()]
    said = (text if in_speech else quoted_text(text)).lower()
    # A quotation's future form, or else its plans, dates and calls ("We need to find a
    # solution soon"): a speaker's promise or call, each at the weight it earns.
    future = bool(said) and bool(_FUTURE.search(said))
    feats.append(float(future))
    feats.append(float(not future and any(CUES[g].search(said) for g in _SPOKEN_AHEAD)))
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


# A process under way whose outcome is still to come: an investigation, a search, a case
# being considered, a decision not yet taken ("Police are investigating the incident",
# "as investigations continue", "has not named a replacement"). Crime and court reports
# state their next step so, in the present tense, with none of the model's future cues.
PENDING = re.compile(
    r"\b(?:(?:is|are|'re|’re) (?:still |now |currently |also )?investigating|"
    r"investigations? (?:(?:is|are) )?(?:continues?|continuing|ongoing|under way|underway)|"
    r"(?:is|are|remains?) (?:still |now |currently )?under investigation|"
    r"(?:has|have) (?:since |now |also )?(?:launched|opened|begun|started|mounted) an? "
    r"(?:\w+ )?(?:search|manhunt|hunt|investigation|inquiry|enquiry|probe)|"
    r"for (?:prosecution|trial|sentencing)|"
    r"(?:assisting|helping) (?:police |officers )?(?:with )?(?:their )?"
    r"(?:investigations?|inquiries|enquiries)|"
    r"(?:is|are) (?:still |now |currently )?being (?:considered|investigated|reviewed|"
    r"examined|questioned|probed)|"
    r"(?:has|have)(?: not|n't|n’t) (?:yet )?(?:named|decided|announced|set a (?:date|"
    r"deadline|timetable)|chosen|appointed|confirmed|ruled out)|"
    r"(?:police|officers|detectives|investigators|authorities) (?:are|is) "
    r"(?:also |now |still )?(?:asking|appealing|urging))\b")
# ...unless what follows says it is settled: a time since when ("has not named a champion
# from outside Europe since 1970"), or the verdict ("sent for trial in 2019 and jailed").
_SETTLED = re.compile(
    r"[^.;,]{0,50}?\b(?:since (?:(?:19|20)\d\d|he|she|they|then)|jailed|convicted|acquitted|"
    r"sentenced to|cleared of)\b")
"""What says so, in the pending words' own clause (not in one further on: "Police have
not named the man, who had lived in the village since 2010" is still pending)."""

# The general case, not this story's: a condition on the reader or the writer ("If I leave
# this unchecked, the Gestapo will arrest them", "If money is no object and you're willing to
# pay double ..."), or what "you might think". The model weighs it lightly, for the readers'
# news articles hold few; reviews, guides and essays hold many, and their future forms there
# are a way of speaking. The writer's own words only; "if we" is often the story's own actors,
# and "if one" a count ("if one more party walks out").
_GENERAL_CASE = re.compile(r"\b(?:if|when|whenever|unless|once)\b(?:[^,;:.!?]{0,40}?\b"
                           r"(?:you|your|i)| (?:anyone|someone))\b|"
                           r"\byou (?:might|may|could|would) (?:think|say|expect|guess|imagine|"
                           r"wonder|assume|suppose|argue|be forgiven)\b")

PENDING_CHANCE = 0.8
"""The least chance of a sentence that states a pending process: as plain a next step as
a dated plan, enough to fill What's next alone."""
GENERAL_CHANCE = 0.3
"""The most chance of a sentence that states the general case: below every bar of What's
next, and too low to count as the text coming back to the future."""


def next_probabilities(texts: Sequence[str]) -> list[float]:
    """For each sentence, the chance a reader would say it looks ahead: the model's, at
    least PENDING_CHANCE for a pending process the model's cues miss, at most GENERAL_CHANCE
    for the general case."""
    out = []
    for text, row in zip(texts, features(texts), strict=True):
        z = sum(w * x for w, x in zip(WEIGHTS, row, strict=True))
        chance = 1 / (1 + math.exp(-z))
        low = text.lower()
        pending = PENDING.search(low) if chance < PENDING_CHANCE else None
        if pending and not _SETTLED.match(low, pending.end()):
            chance = PENDING_CHANCE
        elif chance > GENERAL_CHANCE and _GENERAL_CASE.search(
                pronoun_i_only(strip_quotes(text)).lower()):
            chance = min(chance, GENERAL_CHANCE)
        out.append(chance)
    return out


THRESHOLD = 0.55
"""The least chance a sentence needs to be shown under What's next."""

WEIGHTS: tuple[float, ...] = (
    -1.810, 0.707, 0.353, -0.462, -0.139, 3.056, 0.606, 4.772, 3.208, 2.441, 3.900, 2.558, -0.398,
    -2.577, -1.838, -1.317, 3.071, 1.354, 2.656,
)
"""Intercept, then one weight per feature of `features`."""
