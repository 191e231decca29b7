"""Which sentences say why a story matters: a small logistic model over surface cues.

A sentence says why when it carries consequence ("could force", "means that"), stakes,
scale or firsts ("the largest", "the first time"), cause or context ("amid", "as part
of"), contrast or an analyst's reading, a change against a before ("up from", "compared
with"), who is affected and how widely ("millions", "the industry"), or what follows on
a condition or what an act is for ("could face ... if convicted", "to save it"); and it
sits early but not first. Article-level cues (how much of the text argues at all, and
whether it reads as a match report, review or chart) let the panel stay empty when
nothing says why. A table of words learned from labelled sentences (briefing.brief.lexicon)
catches the many other ways of saying why. The weights and the table come from
bench/train_panels.py on the readers' labels (corpus summaries/dev/panels.jsonl) and the
team's (bench/labels); the groups' German, French and Spanish words share the weight of
their English group, and a text in those languages is scored without the English table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from briefing.brief import lexicon
from briefing.brief.cues import (
    attributed,
    concreteness,
    english,
    forward_score,
    pronoun_i_only,
)

CUES = {
    "consequence": r"\b(?:means?|meaning|could|would|lead to|led to|result(?:s|ed)? in|"
                   r"force[sd]?|forcing|threaten\w*|risk\w*|jeopard\w*|undermin\w*|hit|"
                   r"boost\w*|blow|setback|pave the way|open the door|spell)\b",
    "stakes": r"\b(?:fears?|concerns?|worr\w+|pressure|crisis|problem\w*|challenge\w*|"
              r"danger\w*|at stake|stakes|critical|crucial|key|vital|important|significant|"
              r"major|huge|serious)\b",
    "scale": r"\b(?:first time|for the first|first|largest|biggest|highest|lowest|worst|"
             r"best|record|most|least|only|unprecedented|ever|trend|increasingly|growing|"
             r"more and more)\b",
    "cause": r"\b(?:because|amid|as part of|comes? (?:as|after|amid)|follow\w*|in the wake|"
             r"due to|since|after years|so that|in order to|aimed at|designed to|bid to|"
             r"priority|strategy|effort)\b",
    "contrast": r"^(?:but|however|yet|still|although|while|despite)\b|\b(?:however|despite|"
                r"although)\b",
    "modal": r"\b(?:could|would|should|may|might|must|need to|likely|unlikely)\b",
    "analysis": r"\b(?:analysts?|experts?|observers?|critics?|economists?|suggest\w*|"
                r"show\w*|indicat\w*|reflect\w*|underlin\w*|highlight\w*|signal\w*|mark\w*)\b",
    "framing": r"^(?:this|that|it|the move|the decision|the deal|the result)\b",
    # A change measured against a before: "up from", "compared with", "the highest since".
    "comparison": r"\b(?:compared (?:with|to)|up from|down from|than|rose|fell|rise|fall|"
                  r"increase\w*|decrease\w*|drop\w*|surge\w*|slump\w*|doubl\w*|half of|"
                  r"one of the|per cent|%)",
    # Who or what is affected, at what scope: "millions of people", "the industry".
    "scope": r"\b(?:millions?|billions?|bn|thousands|jobs|workers|consumers|customers|"
             r"families|public|people|industry|market|economy|country|nation\w*|sector|"
             r"worldwide|global\w*|international)\b",
    # What follows on a condition, or what an act is for: "if convicted", "to save it".
    "condition": r"\b(?:if|unless|face[sd]?|facing|to (?:help|save|stop|cut|boost|raise|"
                 r"protect|prevent|avoid|tackle|combat|curb|ensure|allow|give))\b",
}
"""Cue groups, matched against the lower-cased sentence (much faster than a case-blind
search)."""

# The same groups in German, French and Spanish (each line in that order), sharing the
# English group's weight. They are searched only in a text that is not English (see
# `english`), and none of them is an English word either ("car", "mayor", "falls",
# "premier", "crises" are left out), so an English text reads exactly as before. Spanish
# "desde" is left out too: more often "from" a date than "since".
OTHER_CUES = {
    "consequence": r"\b(?:bedeute[tn]?|bedeutete|könnten?|würden?|führ(?:t|en|te|ten) zu\w*|"
                   r"zur folge|die folgen?|folgen (?:für|haben)|folglich|somit|zwing\w*|"
                   r"gezwungen|droh\w*|gefährde\w*|riskier\w*|riskant\w*|risiko|risiken|"
                   r"untergräbt|schwäch\w*|stärk(?:t|en|te)|rückschlag\w*|ebne[nt]? den weg|"
                   # the conditional ("pourrait", "serait"), but "devrait" (should) is modal
                   r"signifie\w*|veut dire|pourr\w*|(?!devr)\w+(?:er|ir|ur|dr|vr|rr)aient?|"
                   r"permettrai\w*|condui\w* à|mène\w* à|entraîn\w*|obligé\w*|obligent|"
                   r"contraint\w*|menacé\w*|menacent|menacer\w*|"
                   r"(?:le|les|un|des|du|de|aux?) risques?|risquent|risquer\w*|compromet\w*|"
                   r"fragilis\w*|renforce\w*|revers|coup dur|ouvr\w* la (?:voie|porte)|"
                   r"significa|significan|significó|significaría\w*|supone|supondría\w*|"
                   r"podría\w*|sería\w*|habría\w*|tendría\w*|llev(?:a|ar|ará|ó) a|"
                   r"conduce a|conducen a|conducirá a|provoca|provocan|provocó|provocaría\w*|"
                   r"da lugar a|obliga|obligan|obligó|obligará\w*|forz\w*|amenaz\w*|"
                   r"riesgos?|arriesg\w*|pone en peligro|socava\w*|impuls\w*|golpe|revés|"
                   r"allan\w* el camino|abr\w* la puerta)\b",
    "stakes": r"\b(?:angst|ängste\w*|befürcht\w*|sorgen?|besorg\w*|druck|krisen?|problemen?|"
              r"herausforderung\w*|gefahr|gefährlich\w*|auf dem spiel|entscheidend\w*|"
              r"kritisch\w*|zentrale[nmrs]?|wichtig\w*|bedeutend\w*|bedeutsam\w*|erheblich\w*|"
              r"wesentlich\w*|schwerwiegend\w*|gravierend\w*|ernste[nmrs]?|enorme[nmrs]?|"
              r"riesige[nmrs]?|"
              r"craint\w*|peurs?|inquiét\w*|préoccup\w*|pression\w*|crise|problème\w*|"
              r"défis?|en jeu|enjeux?|essentiel\w*|importante?s?|significati\w*|majeur\w*|"
              r"énorme\w*|sérieu\w*|clés?|"
              r"temor\w*|miedos?|preocup\w*|inquietud\w*|presión\w*|desafío\w*|retos?|"
              r"peligro\w*|en juego|crític\w*|cruciales|clave|vitales|importantes?|"
              r"significativ\w*|enormes?|serios?|serias?)\b"
              r"|\w(?:krise|krisen|gefahr|probleme?)\b",  # German compounds: "Klimakrise"
    "scale": r"\b(?:erste[nmrs]?|erstmal\w*|größte[nmrs]?|höchste[nmrs]?|niedrigste[nmrs]?|"
             r"schlimmste[nmrs]?|beste[nmrs]?|rekord\w*|meiste[nmrs]?|wenigste[nmrs]?|"
             r"einzige[nmrs]?|beispiellos\w*|jemals|noch nie|nie zuvor|zunehmend\w*|"
             r"wachsend\w*|immer mehr|"
             r"première fois|première|premières|le plus|la plus|les plus|pire|meilleur\w*|"
             r"jamais|sans précédent|inédit\w*|seule?s?|seulement|tendance\w*|"
             r"de plus en plus|croissante|croissantes|"
             r"primera vez|primeras?|primeros?|(?:el|la|los|las) (?:mayor(?:es)?|más)|"
             r"más grande\w*|peor(?:es)?|mejor(?:es)?|récord\w*|únic[oa]s?|sin precedentes|"
             r"jamás|nunca antes|tendencia\w*|cada vez más|creciente\w*)\b"
             r"|\wrekord\w*",
    "cause": r"\b(?:weil|denn|wegen|aufgrund|angesichts|inmitten|im rahmen|als teil|infolge|"
             r"nachdem|seit|nach jahren|(?<=[\s,])damit|vor dem hintergrund|ziel\w*|priorität\w*|"
             r"strategie|strategien|bemühung\w*|anstrengung\w*|"
             r"parce que|parce qu'|en raison d\w*|à cause d\w*|sur fond d\w*|"
             r"dans le cadre d\w*|suite à|à la suite|depuis|après des années|afin d\w*|"
             r"pour que|vis\w* à|destiné\w* à|grâce à|priorité\w*|stratégi\w*|"
             r"porque|debido a|a causa de|en medio de|como parte de|en el marco de|luego de|"
             r"después de años|para que|con el fin de|a fin de|destinad\w* a|"
             r"gracias a|prioridad\w*|estrategia\w*|esfuerzo\w*)\b",
    "contrast": r"^(?:aber|doch|jedoch|trotzdem|dennoch|allerdings|obwohl|während|trotz|"
                r"mais|pourtant|cependant|toutefois|néanmoins|malgré|bien que|alors que|"
                r"tandis que|pero|sin embargo|no obstante|aunque|mientras|a pesar de|pese a)\b"
                r"|\b(?:jedoch|allerdings|trotz\w*|obwohl|dennoch|"
                r"cependant|toutefois|pourtant|malgré|néanmoins|bien que|"
                r"sin embargo|no obstante|aunque|a pesar de|pese a)\b",
    "modal": r"\b(?:könnten?|würden?|sollten?|sollen|soll|müssten?|muss|müssen|dürften?|"
             r"vermutlich|wahrscheinlich\w*|möglicherweise|"
             r"pourr\w*|devr\w*|doit|doivent|il faut|faudr\w*|peut-être|probablement|"
             r"\w+(?:er|ir|ur|dr|vr|rr)aient?|"
             r"podría\w*|debería\w*|debe|deben|tendría que|probablemente|quizás?|tal vez|"
             r"posiblemente|habría\w*|sería\w*)\b",
    "analysis": r"\b(?:analysten|analystin\w*|experten|expertin\w*|beobachter\w*|kritiker\w*|"
                r"ökonom\w*|zeig(?:t|en|te|ten)|deute[nt]? (?:darauf|auf)|spiegel(?:t|n)|"
                r"unterstreich\w*|unterstrich\w*|signalisier\w*|markiert\w*|"
                r"analystes?|expertes?|observateur\w*|économiste\w*|suggèr\w*|montre|"
                r"montrent|montré\w*|indiqu\w*|reflèt\w*|soulign\w*|signale\w*|"
                r"analistas?|expert[oa]s?|observador\w*|economistas?|sugier\w*|muestra\w*|"
                r"indica\w*|refleja\w*|subraya\w*|destaca\w*|señala\w*|marca\w*)\b",
    "framing": r"^(?:dies(?:e[mnrs]?)?|damit|das (?:ist|sei|wäre|war|bedeutet|heißt)|"
               r"der schritt|die entscheidung|das ergebnis|die einigung|der beschluss|"
               r"cela|ceci|ça|c'est|c’est|cette (?:décision|mesure)|ce choix|la décision|"
               r"l'accord|l’accord|le résultat|il s'agit|il s’agit|"
               r"esto|eso|ello|esta (?:decisión|medida)|la decisión|la medida|el acuerdo|"
               r"el resultado|se trata)\b",
    "comparison": r"\b(?:im vergleich|verglichen mit|gegenüber dem vorjahr|mehr als|"
                  r"weniger als|gestiegen|stieg\w*|steig(?:t|en|erung\w*)|gesunken|sanken|"
                  r"sinkt|sinken|zunahme|zugenommen|abgenommen|anstieg\w*|rückgang\w*|"
                  r"verdoppel\w*|die hälfte|eine[rs]? der|prozent\w*|"
                  r"par rapport à|comparé\w* à|plus de|moins de|plus que|moins que|hausses?|"
                  r"baisses?|en hausse|en baisse|augmentation\w*|augmente|augmentent|"
                  r"augmenté\w*|diminue|diminuent|diminué\w*|recul\w*|la moitié|l'une? des|"
                  r"l’une? des|une? des|pour cent|"
                  r"en comparación con|comparad[oa] con|más de|menos de|más que|menos que|"
                  r"aument\w*|subió|subieron|cayó|cayeron|caída\w*|descens\w*|disminu\w*|"
                  r"duplicó|duplicado|la mitad|uno de los|una de las|por ciento)\b",
    "scope": r"\b(?:millionen|milliarden?|tausende\w*|arbeitsplätze\w*|arbeitnehmer\w*|"
             r"beschäftigte\w*|verbraucher\w*|kunden|familien|öffentlichkeit|bevölkerung|"
             r"menschen|leute|branchen?|industrie|industrien|markt|märkte\w*|wirtschaft\w*|"
             r"landes|länder\w*|sektor\w*|weltweit\w*|internationale[nmrs]?|bürger\w*|"
             r"milliards?|milliers|emplois?|travailleu\w*|salarié\w*|consommat\w*|familles|"
             r"publique?s?|gens|personnes|marché\w*|économie\w*|(?:du|le|les|des|au) pays|"
             r"secteur\w*|mondial\w*|dans le monde|internationaux|citoyen\w*|"
             r"millones|empleos?|trabajador\w*|consumidor\w*|clientes?|familias|públic\w*|"
             r"población|gente|personas|industrias?|mercados?|economía\w*|país\w*|nación|"
             r"mundial\w*|en el mundo|internacional\w*|ciudadan\w*)\b"
             r"|\w(?:wirtschaft\w*|industrie|industrien|branche|branchen)\b",  # "Autoindustrie"
    "condition": r"\b(?:wenn|sofern|es sei denn|zu (?:helfen|retten|stoppen|senken|schützen|"
                 r"verhindern|vermeiden|bekämpfen|sichern|ermöglichen|stärken)|"
                 r"si|sauf si|à moins qu\w*|face à|(?:fait|font|faire|faisant) face|"
                 r"confronté\w*|pour (?:aider|sauver|arrêter|réduire|stimuler|augmenter|"
                 r"protéger|prévenir|éviter|lutter|combattre|freiner|garantir|assurer|"
                 r"permettre|donner)|"
                 r"a menos que|salvo que|enfrent\w*|para (?:ayudar|salvar|detener|frenar|"
                 r"reducir|impulsar|aumentar|proteger|prevenir|evitar|combatir|luchar|"
                 r"garantizar|asegurar|permitir|dar))\b",
}
_CUES = [re.compile(p) for p in CUES.values()]
_ALL_CUES = [re.compile(f"{p}|{OTHER_CUES[name]}") for name, p in CUES.items()]
# Words of the kinds of story where nothing says why: match reports, reviews, charts,
# premieres, obituaries; then the same in German, French and Spanish.
_GENRE_WORDS = (
    r"\b(?:film|album|chart|single|band|singer|actor|actress|star|award|oscar|festival|show|"
    r"match|game|goal|scored?|win|won|beat|season|minute|half|player|coach|champion\w*|final|"
    r"race|died|death|funeral|book|novel|prize|review)\b")
_OTHER_GENRE_WORDS = (
    r"\b(?:filme|filmen|alben|sänger\w*|schauspieler\w*|preisträger\w*|auszeichnung\w*|"
    r"spiele|spiels|spieler\w*|treffer|torschütze\w*|sieg|siegt\w*|sieger\w*|gewann|"
    r"gewonnen|besieg\w*|saison|minuten|halbzeit|meister\w*|rennen|starb|gestorben|tod|"
    r"trauerfeier|beerdigung|buch|bücher|romane|rezension\w*|"
    r"chanteu\w*|acteur\w*|actrice\w*|vedettes?|matchs|victoire\w*|gagn\w*|battu\w*|"
    r"saisons?|joueu\w*|entraîneu\w*|est mort|est morte|décédé\w*|décès|obsèques|"
    r"funérailles|livre|"
    r"película\w*|álbum\w*|cantante\w*|actriz|estrellas?|premios?|gol|goles|ganó|ganaron|"
    r"temporada\w*|minutos?|jugador\w*|entrenador\w*|campe[oó]n\w*|murió|falleció|"
    r"fallecimiento|muerte|libros?|novela\w*|reseña\w*)\b")
_GENRE = re.compile(_GENRE_WORDS)  # matched against lower-cased text
_ALL_GENRE = re.compile(f"{_GENRE_WORDS}|{_OTHER_GENRE_WORDS}")

_DIGIT = re.compile(r"\d")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]")

N_SENTENCE = 19
"""Sentence features before the cue counts (see `sentence_features`)."""

_QUOTE_MARK = re.compile(r"[\"“”„«»]")
_OPENS_QUOTE = re.compile(r"\s*[\"“„«]")


def speech(text: str, inside: bool = False) -> tuple[float, bool]:
    """The share of a sentence's words inside quotation marks, and whether a quotation is
    still open after it. `inside`: one was left open before it ('"We will fight on.' opens
    one the next sentence continues); a sentence that opens with a quote mark starts a
    new one. „German“ and «French» marks close as they open."""
    marks = list(_QUOTE_MARK.finditer(text))
    if not marks:
        return float(inside), inside
    if _OPENS_QUOTE.match(text):
        inside = False
    words = quoted = start = 0
    german = False
    for mark in [*marks, None]:
        count = len(text[start:mark.start() if mark else len(text)].split())
        words += count
        quoted += count if inside else 0
        if mark is None:
            break
        sign = mark.group()
        if sign in "„«":
            inside, german = True, sign == "„"
        elif sign in "”»":
            inside = False
        elif sign == "“":
            inside = not inside if german else True
        else:
            inside = not inside
        start = mark.end()
    return quoted / max(words, 1), inside


def sentence_features(i: int, n: int, text: str, cent: float, lede_cosine: float,
                      cues: Sequence[re.Pattern[str]] = _ALL_CUES,
                      inside: bool = False) -> list[float]:
    """One sentence's features: position, centrality, length, speech, facts, cues
    (`cues`: the English groups alone for an English text; `inside`: a quotation opened
    in an earlier sentence runs on into this one)."""
    words = len(text.split())
    feats = [1.0, float(i == 1), float(i == 2), float(i == 3), float(4 <= i <= 6),
             float(7 <= i <= 10),
             # Deep in a long text: what says why sits near the top, a detail far below.
             float(i > 15),
             i / n, cent, min(words, 40) / 40, float(words < 10),
             speech(text, inside)[0], float(attributed(text)),
             min(concreteness(text), 4) / 4, min(forward_score(text), 3) / 3,
             float("?" in text), lede_cosine,
             # A figure, and how many of the words are names: "why" is a general
             # statement more often than a list of who was there.
             float(bool(_DIGIT.search(text))),
             min(len(_CAPITALISED.findall(text)) / max(words, 1) * 3, 1.0)]
    low = text.lower()
    feats += [min(len(cue.findall(low)), 2) / 2 for cue in cues]
    return feats


def features(texts: Sequence[str], cent: Sequence[float], lede_cosine: Sequence[float],
             *, lede: bool = True) -> list[list[float]]:
    """Every sentence's features, with the article's own appended to each row; without
    `lede`, every sentence's but the first's (the article's own leave the lede out)."""
    n = len(texts)
    low = "\n".join(texts).lower()
    in_english = english(low)
    cues = _CUES if in_english else _ALL_CUES
    first = 0 if lede or n == 1 else 1
    rows, inside = [], False
    for i, text in enumerate(texts):
        if i >= first:
            rows.append(sentence_features(i, n, text, cent[i], lede_cosine[i], cues, inside))
        inside = speech(text, inside)[1]
    rest = rows[1 - first:] or rows
    article = [sum(r[j] for r in rest) / len(rest) for j in range(N_SENTENCE, len(rows[0]))]
    total = sum(len(t.split()) for t in texts)
    genre_words = (_GENRE if in_english else _ALL_GENRE).findall(low)
    genre = min(len(genre_words) / max(total, 1) * 20, 2)
    words = [lexicon.score(t, WORDS) if in_english else 0.0 for t in texts[first:]]
    return [[*r, *article, genre, w] for r, w in zip(rows, words, strict=True)]


# The writer speaking as "I" or to the reader as "you": an anecdote ("When I moved to
# California, I planted a tree"), a review's taste, a guide's advice ("a deep clean of
# your home"), never why the news matters.
_WRITER_PERSON = re.compile(r"\b(?:I|[Mm]y|me|[Yy]ou(?:rs?|[’'](?:re|d|ll|ve))?)\b")
_TO_READER = re.compile(r"\b[Yy]ou(?:rs?|[’'](?:re|d|ll|ve))?\b")


def _speaks_as_person(text: str) -> bool:
    """Whether the text says "I", "my", "me" or "you" (not "F.B.I.", "I-95", "World War
    I" or "I'Anson": `pronoun_i_only`)."""
    return _WRITER_PERSON.search(pronoun_i_only(text)) is not None


# A text that speaks to its reader this often is a guide, a review or a column: it says
# what to do or what to think, and the panel stays empty...
GUIDE_SHARE = 1 / 3
GUIDE_SENTENCES = 6  # ...in a text this long (a teaser's one "you" says nothing of it)
GUIDE_TO_READER = 3  # ...and in this many sentences at least (a recall notice's "If you
                     # have questions, you can call ..." is no guide)
# A statement's occasion ("said in a statement", "on Twitter"): the sentence reports a
# reaction, not the stakes. (A news conference is where news is announced: not here.)
_OCCASION = re.compile(
    r"\b(?:in a (?:press |written )?statement|on Twitter|tweeted|in a tweet|"
    r"press (?:statement|release)|told reporters)\b")


def _names_occasion(text: str) -> bool:
    return _OCCASION.search(text) is not None


# A quotation in which the speaker says what they will do ("I'm going to take some time
# to figure out what's next", "We will meet with the player's representative"): a plan,
# not why the news matters. A quotation may run to the sentence's end unclosed.
_OWN_PLAN = re.compile(
    r"\b(?:I|[Ww]e)(?:['’]m| am|['’]re| are) going to\b|\b(?:I|[Ww]e)(?: will|['’]ll)\b|"
    r"\b(?:I|[Ww]e) (?:plan|intend) to\b")
_QUOTATION = re.compile(
    r"[\"“„«]([^\"“”„«»]{3,})(?:[\"”“»]|$)"
    # Single marks, as some house styles quote: curly ones, or a straight one that opens
    # the sentence or follows a colon or comma and closes before no letter ("don't" is
    # no close).
    r"|‘(?![\d’]|[Tt]was\b|[Tt]is\b)([^‘’]{3,}?)(?:’(?!\w)|$)"
    r"|(?:^|(?<=[:,] ))'(?!\d|[Tt]was\b|[Tt]is\b|em\b)((?:[^']|'\w){3,}?)(?:'(?!\w)|$)")


def _quotes_own_plan(text: str) -> bool:
    return any(_OWN_PLAN.search(next(filter(None, m.groups())))
               for m in _QUOTATION.finditer(text))


# A report of an incident (a crime, a crash, a seizure): its lede names an arrest, a
# charge, an assault, a shooting, a theft, a haul or a crash; then each further
# detail of the incident (who was hurt, where the police found what) reads as stakes to the
# model, but what the incident means is said, if at all, in a sentence of context or
# consequence. A disaster's or a policy's lede ("the quake killed", "police chiefs object
# to the plans") is no incident report: its details are its stakes.
_INCIDENT_LEDE = re.compile(
    r"\b(?:arrest(?:ed|s)?|charged with|assault(?:ed)?|stabb(?:ed|ing)|shot|shooting|gunshot|"
    r"gunm[ae]n|murder(?:ed)?|raped?|robbe(?:d|ry)|theft|stole|stolen|seiz(?:ed|ure)|"
    r"smuggl\w*|cocaine|hit-and-run|crashed into|"
    # a crash on the road or in the air, not a market's
    r"(?:car|bus|coach|plane|train|lorry|truck|vehicle|motorcycle|helicopter|road|traffic|"
    r"overnight|fatal|deadly|head-on|single-vehicle) (?:crash|collision)|"
    r"(?:killed|died|injured|hurt) in (?:a|the) (?:crash|collision))\b")
_INCIDENT_DETAIL = re.compile(
    r"\b(?:police|policem[ae]n|officers?|investigators?|detectives?|arrest\w*|custody|"
    r"suspects?|crash\w*|collision|victims?|killed|stabbed|shot|murder\w*|robbe\w*|theft|"
    r"stolen|seiz\w*|smuggl\w*|injur\w*|hospital\w*|dead|died|detained|charges?|charged|"
    r"agents|gunm[ae]n|weapons?|firearms?)\b")
# ...unless it says what may follow, what it is set against or what it is part of.
_BEYOND_INCIDENT = re.compile(
    r"\b(?:could|would|may|might|should|must|fac(?:es|ed|ing)|face (?:charges|trial|life|"
    r"jail|prison|up to|a fine)|if (?:convicted|found guilty)|amid|as a result|at a time|"
    r"means?|risk\w*|threat\w*|first|record|rise|rising|increase\w*|(?<!has )(?<!have )since|"
    r"worst|devastat\w*|pressure|government|plans?|object\w*|(?:in|of|since) (?:19|20)\d\d)"
    r"\b")


# A person introduced by name and age ("Nadia Mohamed, 27, won with 58% of the vote"):
# who the news is about, told again in detail, not why it matters.
# The name is a capitalised word in any alphabet, with capitals or an apostrophe inside
# ("McDonald, 45,", "O'Brien, 45,", "Özil, 30,").
_NAME_AND_AGE = re.compile(r"\b([^\W\d_][\w'’-]*), \d{1,3}, ")


def _name_and_age(text: str) -> bool:
    return any(name[0].isupper() and not name.isupper()
               for name in _NAME_AND_AGE.findall(text))


def never_why(texts: Sequence[str], quoted: Sequence[float]) -> list[bool]:
    """For each sentence of an English text, whether it cannot say why the news matters
    however the model scores it (`quoted`: each sentence's share of words in quotation):
    the writer's own "I" or "you" outside quotations; a quotation of what the speaker
    will do; a statement's occasion ("said in a statement", "on Twitter"); a person
    introduced by name and age; in a report of an incident, one more detail of the
    incident; and every sentence of a text that keeps speaking to its reader."""
    incident = bool(texts) and bool(_INCIDENT_LEDE.search(texts[0].lower()))
    out, to_reader = [], 0
    for text, share in zip(texts, quoted, strict=True):
        own = ""
        if share < 0.5 and _speaks_as_person(text):
            own = _QUOTATION.sub('""', text)  # a quotation left open runs to the end
            to_reader += bool(_TO_READER.search(own))
        low = text.lower() if incident else ""
        out.append(bool(
            (own and _speaks_as_person(own)) or _names_occasion(text)
            or _quotes_own_plan(text)
            or _name_and_age(text)
            or (incident and _INCIDENT_DETAIL.search(low) and not _BEYOND_INCIDENT.search(low))))
    if (len(texts) >= GUIDE_SENTENCES and to_reader >= GUIDE_TO_READER
            and to_reader >= GUIDE_SHARE * len(texts)):
        return [True] * len(texts)
    return out


_QUOTE_SHARE = 11
"""Where a row of `features` holds the sentence's share of words in quotation."""


def why_probabilities(texts: Sequence[str], cent: Sequence[float],
                      lede_cosine: Sequence[float]) -> list[float]:
    """For each sentence, the chance a reader would say it tells why the news matters
    (0 for a sentence that `never_why` rules out, in an English text)."""
    if len(texts) < 2:
        return [0.0] * len(texts)  # the lede is the news, not why it matters
    # `english` reads the first thousand characters: no need to lower the whole text.
    in_english = english("\n".join(texts)[:1000].lower())
    weights = WEIGHTS if in_english else WEIGHTS_WITHOUT_WORDS
    rows = features(texts, cent, lede_cosine, lede=False)
    ruled_out = (never_why(texts, [0.0] + [r[_QUOTE_SHARE] for r in rows])[1:] if in_english
                 else [False] * len(rows))
    out = [0.0]
    for row, out_of_it in zip(rows, ruled_out, strict=True):
        z = sum(w * x for w, x in zip(weights, row, strict=True))
        out.append(0.0 if out_of_it else 1 / (1 + math.exp(-z)))
    return out


THRESHOLD = 0.19
"""The least chance the best sentence needs for Why it matters to be shown at all (a second
point may need less: briefing.brief.extractive)."""

WEIGHTS: tuple[float, ...] = (
    -3.624, 1.541, 1.285, 1.096, 0.571, 0.256, -0.875, 0.709, 0.523, 0.739, -0.860, -0.709, -0.051,
    -0.483, -0.289, -0.055, 0.989, 0.494, -0.460, 0.855, 0.872, 0.630, 0.581, 0.342, 0.350, 0.687,
    0.927, 0.365, 0.430, 1.333, -0.375, 0.138, -0.757, 0.174, -0.106, 0.023, -1.413, -0.560, -1.001,
    -0.299, -0.348, -0.554, 1.243,
)
"""Intercept, then one weight per feature of `features`, for an English text."""

WEIGHTS_WITHOUT_WORDS: tuple[float, ...] = (
    -3.471, 1.643, 1.386, 1.201, 0.653, 0.295, -0.945, 0.904, 0.502, 0.459, -0.860, -0.811, -0.062,
    -0.567, -0.293, -0.241, 1.180, 0.607, -0.305, 1.031, 0.985, 0.698, 0.762, 0.367, 0.323, 0.709,
    0.986, 0.484, 0.506, 1.393, -0.320, 0.050, -0.862, 0.203, 0.027, 0.012, -1.162, -0.668, -0.592,
    -0.230, -0.187, -0.753, 0.000,
)
"""The same model fitted without the word score, for a text in another language (the
table holds English words, so its score there is 0)."""

WORDS = lexicon.table("why")
"""The model's word table (briefing.brief.lexicon)."""
