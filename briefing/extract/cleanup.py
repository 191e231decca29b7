"""Drop the lines of an article that are not prose: credits, ads, prompts, share buttons.

Works on paragraphs (one per line or separated by blank lines) and keeps the rest
untouched, so the author's own words and section headings survive.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SOCIAL_NAMES = ("twitter", "x", "facebook", "instagram", "tiktok", "linkedin", "youtube",
                 "threads", "bluesky", "telegram", "whatsapp", "snapchat")
_SOCIAL = rf"(?:{'|'.join(_SOCIAL_NAMES)})"
_AGENCIES = r"(?:Getty Images|AFP|Reuters|AP|Associated Press|EPA|Shutterstock|Alamy|Bloomberg|iStock|PA Media|PA|Sipa|ZUMA|Pool)"

# "Reporting by Jan Kowalski in Warsaw": the names must be capitalised (case-sensitive
# inside the case-insensitive whole), so "Reporting by the inspectors found..." is prose.
_NAMES = r"(?-i:[A-Z][\w'’.-]*(?:,?\s+(?:[A-Z][\w'’.-]*|in|and|at|from|&))*)"
_BYLINE = rf"(?:additional )?(?:reporting|writing|editing) by {_NAMES}"

# A name of a few words (no sentence) and a phone number in brackets, 9 to 15 digits.
PHONE_CREDIT = r"[\w.&'’/-]++(?:\ [\w.&'’/-]++){0,5}\ ?\((?:tel\.?:?\ ?)?\+?\d(?:[\ -]?\d){8,14}\)"

_NOT_PROSE = [
    # Photo and illustration credits.
    rf"^.{{0,160}}\bvia {_AGENCIES}(?: Images)?\.?$",
    r"^\(?(?:photo|photograph|image|picture|pic|illustration|video|graphic|caption|credit|photo credit|source)s?\s*(?:by)?\s*(?:[:|/]|-(?![a-z])|\s-)\s*.{0,160}$",
    # A picture agency's credit with its phone number: "BNPS.co.uk (01202 558833)".
    rf"^{PHONE_CREDIT}$",
    rf"^[^.!?]{{0,120}}/\s*{_AGENCIES}(?:\s*(?:/|via)\s*[^.!?]{{0,60}})?\.?$",
    r"^\(?(?:photo|image|illustration)s?\s*(?:by|courtesy of|credit)\b.{0,120}\)?$",
    # A short caption closed by its credit: "... training ahead of a match. (FILE)",
    # "Dr Ramona Archer-Bradshaw. (Picture by Jameel Springer)".
    r"^.{0,200}[.!?]\s*\((?-i:[A-Z]{2,5}|FILE(?: PHOTO)?)\)$",
    r"^.{0,200}\((?:picture|photo|photograph|image|pic|file photo)s?\s*(?:by|:|credit|courtesy)[^)]{0,80}\)\.?$",
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
    # A blog's hat tip to where it found the story: "(via Geeks Are Sexy)", "(h/t Jane Doe)".
    r"^\((?:via|h/t|hat tip(?: to)?)\s[^()]{1,80}\)\.?$",
    # Copyright lines.
    r"^(?:©|\(c\)|copyright)\s.{0,150}$",
]
# One alternation, so the regex engine tries the patterns in C: matching each in turn
# from Python cost a tenth of briefing a feed's teaser.
_NOT_PROSE_RE = re.compile("|".join(f"(?:{p})" for p in _NOT_PROSE), re.IGNORECASE)

# A genuine sentence that merely starts like a prompt ("Read more about the budget in ...")
# is long and ends like prose; keep anything that looks like a real sentence this long.
_LONG_SENTENCE = 160
_WORD_CHARACTER = re.compile(r"[^\W_]")


def is_not_prose(line: str) -> bool:
    """True when a line is a credit, an ad, a prompt, a share widget or a rule, not article
    text."""
    stripped = line.strip()
    if not _WORD_CHARACTER.search(stripped):
        return True  # empty, a rule ("---", "* * *") or a row of symbols
    if len(stripped) > _LONG_SENTENCE and stripped[-1] in ".!?\"”’'":
        return False
    return _NOT_PROSE_RE.match(stripped) is not None or is_furniture_sentence(stripped)


def drop_non_prose(text: str) -> str:
    """The text without its non-prose lines and a slideshow's labels (`slide_labels`), a
    paragraph's closing picture credit cut off, a sentence broken across two lines made
    whole again (`join_broken_sentences`); paragraphs separated by one blank line."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    labels = slide_labels(lines)
    return "\n\n".join(join_broken_sentences(
        [without_closing_credit(line) for n, line in enumerate(lines)
         if n not in labels and not is_not_prose(line)]))


# A slide's counter ("2/5", "3 of 12") on a line of its own.
_SLIDE_COUNTER = re.compile(r"^\d{1,3}\s*(?:/|of|von|sur|de|di)\s*(\d{1,3})$", re.IGNORECASE)
_LABEL_WORDS = 5
_LABEL_END = tuple(".!?…:;,\"'”’)»")


def slide_labels(lines: list[str]) -> set[int]:
    """The indexes of a slideshow's labels among a page's lines: each slide's counter
    ("2/5", one of two or more with the same total) and a short line without closing
    punctuation just above it (the picture's credit, "Agencies") and just below it (the
    slide's title, "Pocket friendly")."""
    labels: set[int] = set()
    counters = {n: found.group(1) for n, line in enumerate(lines)
                if len(line) <= 9 and (found := _SLIDE_COUNTER.match(line))}
    totals = list(counters.values())
    for n, total in counters.items():
        if totals.count(total) < 2:  # one "9/11" alone is no slideshow
            continue
        labels.add(n)
        for near in (n - 1, n + 1):
            if 0 <= near < len(lines) and _is_label(lines[near]):
                labels.add(near)
    return labels


def _is_label(line: str) -> bool:
    return (len(line.split()) <= _LABEL_WORDS and not line.endswith(_LABEL_END)
            and not _SLIDE_COUNTER.match(line))


# "... face unlock system. Image credit: www.apple.com/in/": the paragraph's last sentence
# credits the picture beside it.
_CLOSING_CREDIT = re.compile(
    r"(?<=[.!?])([\"'”’)]?)\s+\(?(?:photo|image|picture|pic|illustration|graphic)s?\s+"
    r"(?:credits?|courtesy)\s*[:|-]\s*\S(?:(?![.!?]\s+[A-Z]).){0,100}$", re.IGNORECASE)


def without_closing_credit(paragraph: str) -> str:
    """The paragraph without a picture credit run in as its last sentence."""
    if "credit" not in paragraph.lower() and "courtesy" not in paragraph.lower():
        return paragraph
    return _CLOSING_CREDIT.sub(r"\1", paragraph)


def repair_text(text: str) -> str:
    """`text` (paragraphs are lines) with `join_broken_sentences` applied, for text that
    needs no other clean-up (a feed's own); the very same string when nothing is joined."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = join_broken_sentences(lines)
    return text if len(joined) == len(lines) else "\n\n".join(joined)


_CLOSING = tuple(".!?…:;,。！？\"'”’)»]")
_NOT_A_SENTENCE_START = tuple("#>|-–—•*·▪●")
# A sentence's end inside a paragraph: a word of two letters or more, closing punctuation,
# a capital. A short capitalised word before a full stop is a title or an abbreviation
# ("Sen. Warren", "Dr. Lee", "Gov. Hochul"), and "vs." or "etc." no end.
_SENTENCE_INSIDE = re.compile(
    r"(?<![\w.])(?![A-Z][a-z]{0,3}\.|(?:vs|etc|approx|incl)\.)[^\W\d_]{2,}[.!?][\"'”’]?\s*[A-Z]")


def join_broken_sentences(paragraphs: list[str]) -> list[str]:
    """The paragraphs with a sentence that a line break cut in two joined again: a
    paragraph that runs on without closing punctuation, followed by prose that ends
    as a sentence, is one sentence when the next starts in lower case or the first
    already holds a whole sentence before its unfinished tail (a page's "<br><br>"
    inside a sentence: "... The Bahamas Alliance For Animal" / "Rights and Kindness
    (Baark) with their work, ..."). A heading or a standfirst holds no sentence before
    its end, so it stays apart from the prose under it."""
    out: list[str] = []
    for para in paragraphs:
        if out and _continues(out[-1], para):
            out[-1] = f"{out[-1]} {para}"
        else:
            out.append(para)
    return out


def _continues(before: str, line: str) -> bool:
    if (not before[-1:].isalpha() or not line[:1].isalnum() or before.startswith(
            _NOT_A_SENTENCE_START) or not line.endswith(_CLOSING)):
        return False
    first = line.split(None, 1)[0]
    if first.islower():  # "rights and ...", not a name written so ("iPad", "eBay")
        return True
    # A name cut in two ("Alliance For Animal" / "Rights and Kindness"), after a sentence:
    # a paragraph missing only its full stop ends in a lower-case word or a figure, and
    # the next sentence opens with an ordinary first word.
    last = before.rsplit(None, 1)[-1]
    return (_SENTENCE_INSIDE.search(before) is not None and _NAME_WORD.match(last) is not None
            and _NAME_WORD.match(first) is not None
            and first.lower() not in _SENTENCE_OPENERS and not _title_case(before))


def _title_case(text: str) -> bool:
    """True for a headline written in title case ("Sen. Warren Calls for Inquiry Into Bank
    Collapse"): most of its longer words are capitalised."""
    words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.75 * len(words)


_NAME_WORD = re.compile(r"^[A-Z][a-z][\w'’-]*$")
_SENTENCE_OPENERS = frozenset(
    "a an the this that these those it its he she they we i you his her their our there "
    "in on at as after before but and or so yet for if when while with by from to of "
    "however meanwhile then also".split())


# --- Look-alike letters ---------------------------------------------------------------
@functools.cache
def _lookalike_table() -> dict[int, str]:
    """Letters of other scripts that look like a Latin letter ("а", "р", "ѕ", "Ο") mapped to
    it, from Unicode's confusables data (as the confusable_homoglyphs package ships it)."""
    from confusable_homoglyphs.confusables import confusables_data

    table = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii() or not char.isalpha():
            continue
        latin = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()
                 and g["c"].isalpha()]
        if latin:
            table[ord(char)] = latin[0]
    return table


_BEYOND_LATIN = re.compile(r"[^\x00-\u024f\u2000-\u206f]")


def fold_lookalikes(text: str) -> str:
    """The text with compatibility forms (full-width, ligatures) and letters that only look
    Latin folded to plain Latin, for matching; never for display."""
    if text.isascii() or not _BEYOND_LATIN.search(text):
        return text  # Latin letters, accents and "£" have no look-alikes to fold
    return unicodedata.normalize("NFKC", text).translate(_lookalike_table())


_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def holds_words(text: str) -> bool:
    """Whether a text holds a real word at all; the one rule for a feed's summary, a page
    and a seed: "xxxx xxxx xxxx", digits or punctuation make no article. A word is a run
    of letters of ordinary length that uses more than one letter; a longer run (a script
    written without spaces) counts when it uses many different letters."""
    for match in _LETTER_RUN.finditer(text):  # the first word ends the search
        run = match.group()
        letters = len(set(run.lower()))
        if letters >= 10 or (letters >= 2 and len(run) <= 30):
            return True
    return False


_GREEK_OR_CYRILLIC = re.compile(r"[\u0370-\u052f]")


def mixes_scripts(text: str) -> bool:
    """True when a word mixes Latin letters with Cyrillic or Greek ones ("Сlick hеre"): no
    language writes so, but ads dodging filters do."""
    if text.isascii() or not _GREEK_OR_CYRILLIC.search(text):
        return False
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {("LATIN" if c.isascii() else unicodedata.name(c, "?").split()[0])
                   for c in word}
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            return True
    return False


# --- Furniture inside paragraphs -------------------------------------------------------
# Sentences that are page furniture wherever they stand: disclosures, paywall prompts,
# trust statements, tip lines, update notes, reprint links, press-release boilerplate,
# a newsletter's greeting. In three patterns, one of which matches: how the sentence
# opens, a phrase anywhere in it (the phrases share one word boundary, so the search
# passes over the inside of words at once), how it ends.
_FURNITURE_OPENING = re.compile(
    r"""^(?:advertiser\ disclosure|advertising\ disclosure|affiliate\ disclosure)\b
      | ^(?:please\ )?(?:subscribe|log\ ?in|sign\ in)\ (?:now\ )?to\ (?:read|view|continue|access)\b
      | ^our\ standards\s*:
      | ^(?:send|email|e-mail)\ (?:us\ )?(?:your\ )?(?:news\ )?tips?\b|^got\ a\ (?:news\ )?tip\b
      | ^(?:update|updated|editor'?s\ note|correction)\b[^:]{0,60}:\s*this\ (?:article|story|post)\b
      | ^(?:this\ (?:press\ )?release|the\ foregoing)\ (?:contains|includes|may\ contain)\ forward[-\ ]looking
      | ^for\ more\ information,?\ (?:please\ )?visit\b
      | ^good\ (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\ )?(?:morning|afternoon|evening)
        \b[^.!?]{0,40}[.!,]?$
      | ^welcome\ to\ (?:the\ )?[\w' ]{0,40}(?:playbook|newsletter|briefing|edition)\b
      | ^[-–—•]?\s*\((?-i:[A-Z]{2,5}|FILE(?:\ PHOTO)?)\)\s*\.?$
      | ^(?:jetzt\ )?(?:einmal\ )?(?:anmelden|abonnieren|weiterlesen|registrieren)\b.{0,60}
        \b(?:lesen|gerät|abo|zugang|weiterlesen|testen)\b
      | ^(?:the|this)\ (?:below|following|above)\ (?:letter|essay|article|piece|story|interview|
        excerpt|review|column|op-ed|text|speech|statement)\b.{0,80}\b(?:appear\w*|published|
        adapted|excerpted|reprinted|republished|printed|edited|condensed)\b
      | ^this\ (?:essay|article|piece|story|interview|excerpt|column|op-ed|post|transcript)
        \ (?:was|is|has\ been|will\ be)\ (?:\w+\ ){0,2}(?:published|appeared|appearing|adapted|
        excerpted|reprinted|republished|produced\ (?:in\ partnership|by|with)|edited\ for|
        condensed|part\ of\ (?:a|an|our|the)\ \w*\ ?series)\b
      | ^an?\ (?:version|earlier\ version|edited\ version)\ of\ this\ (?:article|story|piece|
        essay|interview|column|op-ed)\b
      | ^(?:republished|reprinted|adapted|excerpted)\ (?:with\ permission\ )?from\b
      | ^editor['’]?s\ note\b
      | ^we\ welcome\ (?:your\ )?(?:responses|letters|comments|feedback|submissions)\b
      | ^view\ this\ post\ on\ (?:instagram|facebook|threads|tiktok)\b
      | ^(?:click|tap)\ (?:here|through(?!\ rates?\b)|below)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FURNITURE_PHRASE = re.compile(
    r"""\b(?:
        (?:we|this\ site|this\ page|[a-z]+\ news)\ (?:may\ )?(?:earn|receive|get)s?\ (?:an?\ )?
        (?:small\ )?(?:commission|compensation|share\ of\ (?:the\ )?(?:sales|revenue))\b
      | to\ (?:view|read|see|access|continue\ reading)\ (?:the\ full|the\ rest\ of|this|more)\b
        .{0,60}\b(?:subscribe|subscription|log\ ?in|sign\ in|register)\b
      | (?:already\ a\ subscriber|subscribers?\ only|for\ subscribers)\b
      | trust\ principles\b
      | this\ (?:article|story|post|report)\ (?:was|has\ been)\ (?:updated|corrected|amended)\b
      | request\ (?:a\ )?reprints?\b|reprints?\ (?:&|and)\ (?:licensing|permissions)\b
      | forward[-\ ]looking\ statements?\b.{0,120}\b(?:risks?|uncertaint\w+|actual\ results|
        undertakes?\ no|no\ obligation|safe\ harbou?r|assumptions)\b
      | (?:risks?|uncertaint\w+)\b.{0,80}\bforward[-\ ]looking\ statements?\b
      | (?:we['’]?ll|we\ will|we\ are\ going\ to)\ (?:keep|continue\ to)\ (?:update\ )?
        (?:this|the)\ (?:page|post|story|article|statement|blog)\ (?:updated|up\ to\ date)\b
      | this\ (?:page|post|story|article|statement|blog)\ will\ be\ updated\b
      | (?:keep\ an\ eye\ on|check\ out|head\ (?:over\ )?to|visit)\ our\ (?:[\w'-]+\ ){0,6}
        deals?\ (?:page|hub|roundup|round-up|coverage|section)\b
      | (?:den|die|das)\ (?:kompletten|vollständigen|ganzen|gesamten)\ (?:beitrag|artikel|
        text|bericht)\ lesen\ sie\b
      | noch\ vor\ erscheinen\ der\ (?:print|gedruckten)
      | (?:abonnez-vous|réservé\ aux\ abonnés|suscríbete|exclusivo\ para\ suscriptores)\b
      | (?:listed|named|given|included|shown)\ for\ (?:the\ purposes?\ of\ )?identification
        (?:\ purposes)?\ only\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_FURNITURE_ENDING = re.compile(
    r"""(?:\.\.\.|…)\s*(?:more|read\ more|continue\ reading|weiterlesen|mehr|leer\ más|
        lire\ la\ suite|plus)\s*»?$
      | \w\s*\[\s*(?:\.\.\.|…|\?)\s*\]\s*$
      | \((?:picture|photo|photograph|image|pic|file\ photo)s?\s*(?:by|:|credit|courtesy)
        [^)]{0,80}\)\s*\.?$
    """,
    re.IGNORECASE | re.VERBOSE,
)
# A word every furniture sentence holds: most sentences hold none, and a
# substring test is far cheaper than the case-blind search.
_FURNITURE_WORDS = ("disclosure", "commission", "compensation", "share of", "subscri", "log",
                    "sign in", "standards", "principles", "tip", "updated", "corrected",
                    "amended", "update", "correction", "note", "reprint", "forward",
                    "information", "register", "good", "welcome", "will be", "up to date",
                    "deal", "...", "…", "]", ")", "lesen", "anmelden", "abonn", "weiterlesen",
                    "registrieren", "erscheinen", "réservé", "suscr", "republished",
                    "reprinted", "adapted", "excerpted", "editor", "identification", "click",
                    "tap ")
# ...or an opening every note on the piece itself starts with ("This essay was adapted ...").
_NOTE_OPENINGS = ("this ", "the below", "the following", "the above", "a version", "an earlier",
                  "an edited", "view this")
# Headings after which a press release or newsletter has only boilerplate, and the
# rights line that closes a page ("Alle Rechte vorbehalten").
_BOILERPLATE_HEADING = re.compile(
    r"""^(?:(?i:about)\ (?:(?i:the\ company|us)|[A-Z][\w.&',-]*(?:\ [A-Z&][\w.&',-]*){0,5})
        |(?i:(?:cautionary\ (?:note|statement)\ (?:regarding|on|about)\ )?forward[-\ ]looking
             \ statements|safe\ harbou?r\ statement|media\ (?:contacts?|inquiries)
             |press\ contacts?|contacts?|investor\ (?:contacts?|relations))
        |(?i:.{0,60}\b(?:all\ rights\ reserved|alle\ rechte\ vorbehalten|tous\ droits\ réservés
             |todos\ los\ derechos\ reservados|tutti\ i\ diritti\ riservati)\b\W{0,3}))$""",
    re.VERBOSE,
)


_PERSON = r"[A-Z][\w'’.-]+(?:\s(?:[A-Z][\w'’.-]+|de|van|von|al|bin)){1,3}"
_OUTLET = (r"(?:[A-Z][\w'’&.-]*\s){0,4}"
           r"(?:News|Radio|Television|TV|Newsroom|Reports?|Network|Channel|[A-Z]{2,6})")
# A broadcaster's sign-off and hand-off, said by the reporter or the anchor: "Max Lee,
# KBS World Radio News.", "Jane Doe reporting for BBC News, Kyiv.", "Max Lee has more."
_SIGN_OFF = re.compile(
    rf"""^(?:(?:This\ is|I['’]m)\ )?{_PERSON}
         (?:,\s+(?:reporting\ )?(?:for\ )?|\ reporting\ (?:for|from)\ |\ for\ )
         {_OUTLET}(?:,\s+[A-Z][\w .'’-]{{1,40}})?\s*[.!]?$
      | ^{_PERSON}\ (?:has|have)\ (?:more|the\ (?:story|details|report))
         (?:\ from\ [A-Z][\w ,.'’-]{{1,40}})?\.$""",
    re.VERBOSE,
)


# A question put to the reader that sells or asks for comments, not news: "Interested in
# the new Rocket Pass in Rocket League?", "Looking for a new laptop?", "What do you think?";
# and the call to comment after it ("Let us know down below in the comments").
_READER_PROMPT = re.compile(
    r"""^(?:so,?\ |well,?\ )?(?:
        (?:interested\ in|looking\ (?:for|to\ (?:buy|get|upgrade))|in\ the\ market\ for
          |shopping\ for|curious\ about|need\ (?:a|an|some|more)
          |thinking\ (?:of|about)\ (?:buying|getting|picking\ up|upgrading|trying|signing\ up)
          |want\ to\ (?:buy|get|try|grab|pick\ up|save|learn\ more|know\ more|find\ out\ more)
          |ready\ to\ (?:buy|get|try|upgrade|order|grab))\b[^.!?]{0,120}
      | what\ do\ you\ (?:think|make\ of\ (?:it|this|that))|thoughts|want\ more
    )\?$
    | ^(?:let\ us\ know|tell\ us|sound\ off|share\ your\ thoughts)\b.{0,100}
      \b(?:in\ the\ comments?|comments?\ (?:below|section)|down\ below)\b""",
    re.IGNORECASE | re.VERBOSE,
)
# The outlet's own social-media page, in the languages the rules above cover: "diskutieren
# wir mit Ihnen außerdem auf unserer Facebook-Seite", "Join us on our Facebook page",
# "retrouvez-nous sur notre page Facebook", "síguenos en nuestra cuenta de Twitter".
_SOCIAL_PAGE = re.compile(
    rf"""\b(?:(?:on|at|via|to|join|follow)\ our\ (?:official\ )?{_SOCIAL}
      | (?:auf|bei|in)\ (?:unserer|unserem|unseren)\ (?:offiziellen\ )?{_SOCIAL}
      | (?:sur|via|rejoignez|suivez)\ (?:notre|nos)\ (?:(?:page|compte|chaîne|groupe|profil)s?
        \ (?:officiel(?:le)?s?\ )?)?{_SOCIAL}
      | (?:en|a)\ (?:nuestra|nuestro|nuestras|nuestros)\ (?:(?:página|cuenta|perfil|canal|grupo)s?
        \ (?:oficial\ )?(?:de\ |en\ )?)?{_SOCIAL}
      | (?:na|no|em|à)\ (?:nossa|nosso)\ (?:(?:página|conta|perfil|canal)\ (?:oficial\ )?
        (?:d[oa]\ |n[oa]\ )?)?{_SOCIAL}
      | (?:sulla|sul|sui|nella|nel)\ (?:nostra|nostro|nostri)\ (?:(?:pagina|profilo|canale|account
        |gruppo)\ (?:ufficiale\ )?(?:di\ |su\ )?)?{_SOCIAL}
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_SOCIAL_WORDS = tuple(f" {name} " if len(name) == 1 else name for name in _SOCIAL_NAMES)
"""The social networks' names as a cheap test before `_SOCIAL_PAGE`'s search."""
_QUOTE_MARKS = frozenset("\"“”„«»‘")
# A sentence ends before the match: the plug is not this sentence's own.
_SENTENCE_BEFORE = re.compile(r"[.!?…][\"'”’»)]*\s")


def _quotes(text: str) -> bool:
    """Whether a sentence quotes someone, in double or single marks ("'We posted it on our
    Facebook page,' the owner said.")."""
    return bool(_QUOTE_MARKS.intersection(text)) or text.startswith("'") or any(
        mark in text for mark in (",' ", ".' ", "?' ", "!' "))


def _social_plug(text: str) -> bool:
    """A plug for the outlet's own social-media page, as its sentence's own words."""
    found = _SOCIAL_PAGE.search(text)
    return (found is not None and not _quotes(text)
            and _SENTENCE_BEFORE.search(text, 0, found.start()) is None)


def is_furniture_sentence(sentence: str) -> bool:
    """True for a sentence that is page furniture even inside a paragraph of prose: an
    advertiser disclosure, a paywall prompt, a trust statement, a tip line, an update
    note, a reprint link, a forward-looking-statements disclaimer, an ad in look-alike
    letters, a question put to the reader, a plug for the outlet's social-media page."""
    text = fold_lookalikes(sentence.strip())
    if mixes_scripts(sentence):
        return True
    low = text.lower()
    if _SIGN_OFF.match(text):
        return True
    if ((low.endswith("?") or "comment" in low or "below" in low)
            and _READER_PROMPT.match(text) is not None):
        return True
    if any(word in low for word in _SOCIAL_WORDS) and _social_plug(text):
        return True
    return ((any(word in low for word in _FURNITURE_WORDS) or low.startswith(_NOTE_OPENINGS))
            and (_FURNITURE_OPENING.match(text) or _FURNITURE_PHRASE.search(text)
                 or _FURNITURE_ENDING.search(text)) is not None)


_LINK_WORDS = 4
_CLOSED = re.compile(r"[.!?…:;][\"'”’»)]*$")


def is_link_teaser(line: str) -> bool:
    """True for another story's link, its headline printed twice (link text and caption)
    with no closing punctuation: "Met Office national morning forecast for November 5 -
    Foggy and frosty Met Office national morning forecast for November 5 - ... Wales
    Online"."""
    text = line.strip().lstrip("-–•*· ")
    if _CLOSED.search(text):
        return False
    words = text.split()
    if len(words) < 2 * _LINK_WORDS:
        return False
    opening = " ".join(words[:_LINK_WORDS])
    return text.find(opening, len(opening)) > 0


_HEADING_CHARS = 80


_AUTHOR_BOX = re.compile(r"^[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){1,2}\s(?:is|was)\s(?:a|an|the)\b")
_CONTACT = re.compile(
    r"\b(?:follow\ (?:us|him|her|me|them)|(?:e-?mail|reach|contact)\ (?:her|him|them|me|us)\b"
    r"|e-?mail\s*:|(?:on|at|via)\ (?:twitter|instagram|linkedin|facebook)\ (?:at\ )?@?\w)"
    r"|@\w|\[email\s?protected\]", re.IGNORECASE)


def is_author_box(paragraph: str) -> bool:
    """True for the note on the author that closes a post: a name, "is the/a ...", and a
    way to reach them ("Candice Sealey is the Founder ... Follow us on FB & IG")."""
    return _AUTHOR_BOX.match(paragraph) is not None and _CONTACT.search(paragraph) is not None


def opens_boilerplate(line: str) -> bool:
    """True for a heading after which a page has only boilerplate: "About Acme Corp",
    "Forward-Looking Statements", "Media contact"."""
    if len(line) > _HEADING_CHARS:
        return False
    text = fold_lookalikes(line.strip()).strip("*_#: ")
    return len(text) <= _HEADING_CHARS and _BOILERPLATE_HEADING.match(text) is not None


# --- Embedded social posts -------------------------------------------------------------
# The credit under an embedded post: "— Dave Schukin (@schukin) July 3, 2019", "A post
# shared by Jane Doe (@janedoe) on Jul 3, 2019 at 8:05am PDT".
_POST_CREDIT = re.compile(r"^(?:[—–-]\s*|a post shared by\s)[^()\n]{1,80}\(@[\w.]{1,30}\)"
                          r"(?:\s[^\n]{0,40})?$", re.IGNORECASE)
_POST_LINK = re.compile(r"\bpic\.twitter\.com/\w")
_POST_CHARS = 300
"""The most a social post's text runs to (280 characters and a link)."""
_LINE = re.compile(r"[^\n]+")


def without_embedded_posts(text: str) -> str:
    """The text with embedded social posts blanked out (same length, so offsets still
    point into the original): a post's credit line, the paragraph above it when it is no
    longer than a post (the post's text, one paragraph as a page's extraction gives it:
    someone else's words, with no speaker named in the story) and any short paragraph
    carrying a post's picture link ("... pic.twitter.com/U7PMa4oNGN"). The stored text
    keeps them; they never become points."""
    if "(@" not in text and "pic.twitter.com" not in text:
        return text
    lines = [m for m in _LINE.finditer(text) if m.group().strip()]
    blank: list[re.Match[str]] = []
    for n, line in enumerate(lines):
        stripped = line.group().strip()
        if _POST_CREDIT.match(stripped):
            blank.append(line)
            above = lines[n - 1].group().strip() if n else ""
            if len(above) <= _POST_CHARS and not _POST_CREDIT.match(above):
                blank.append(lines[n - 1])
        elif len(stripped) <= _POST_CHARS and _POST_LINK.search(stripped):
            blank.append(line)
    chars = list(text)
    for line in blank:
        chars[line.start():line.end()] = " " * (line.end() - line.start())
    return "".join(chars)
