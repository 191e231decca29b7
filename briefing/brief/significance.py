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
from briefing.brief.cues import attributed, concreteness, english, forward_score
from briefing.brief.cuewords import CueGroups, Group

CUES = {
    "consequence": Group(
        r"means?|meaning|could|would|force[sd]?|forcing|threaten\w*|risk\w*|jeopard\w*|"
        r"undermin\w*|hit|boost\w*|blow|setback|spell",
        ("(?:lead|led) to", "result(?:s|ed)? in", "pave the way", "open the door")),
    "stakes": Group(
        r"fears?|concerns?|worr\w+|pressure|crisis|problem\w*|challenge\w*|danger\w*|stakes|"
        r"critical|crucial|key|vital|important|significant|major|huge|serious", ("at stake",)),
    # "the first time": "first" counts once.
    "scale": Group(r"first|largest|biggest|highest|lowest|worst|best|record|most|least|only|"
                   r"unprecedented|ever|trend|increasingly|growing", ("more and more",)),
    "cause": Group(r"because|amid|follow\w*|since|priority|strategy|effort",
                   ("as part of", "comes? (?:as|after)", "in the wake", "due to", "after years",
                    "so that", "in order to", "aimed at", "designed to", "bid to")),
    "contrast": Group(r"however|despite|although", first=r"but|yet|still|while"),
    "modal": Group(r"could|would|should|may|might|must|likely|unlikely", ("need to",)),
    "analysis": Group(r"analysts?|experts?|observers?|critics?|economists?|suggest\w*|show\w*|"
                      r"indicat\w*|reflect\w*|underlin\w*|highlight\w*|signal\w*|mark\w*"),
    "framing": Group(first=r"this|that|it", context=r"^the (?:move|decision|deal|result)\b",
                     needs=r"move|decision|deal|result"),
    # A change measured against a before: "up from", "compared with", "the highest since";
    # a word that opens with one of these counts ("falls", "thanks" too).
    "comparison": Group(r"than\w*|rose\w*|fell\w*|rise\w*|fall\w*|increase\w*|decrease\w*|"
                        r"drop\w*|surge\w*|slump\w*|doubl\w*|%",
                        (r"compared (?:with|to)\w*", r"(?:up|down) from\w*", r"half of\w*",
                         r"one of the\w*", r"per cent\w*")),
    # Who or what is affected, at what scope: "millions of people", "the industry".
    "scope": Group(r"millions?|billions?|bn|thousands|jobs|workers|consumers|customers|"
                   r"families|public|people|industry|market|economy|country|nation\w*|sector|"
                   r"worldwide|global\w*|international"),
    # What follows on a condition, or what an act is for: "if convicted", "to save it".
    "condition": Group(r"if|unless|face[sd]?|facing",
                       ("to (?:help|save|stop|cut|boost|raise|protect|prevent|avoid|tackle|"
                        "combat|curb|ensure|allow|give)",)),
}
"""Cue groups (briefing.brief.cuewords), counted in the lower-cased sentence."""
_ENGLISH_CUES = CueGroups(list(CUES.values()))

# The same groups in German, French and Spanish (each line in that order), sharing the
# English group's weight: a text that is not English (see `english`) adds their hits to
# the English words'. None of them is an English word or one an English word of the group
# already counts ("car", "mayor", "falls", "premier", "crises", French "important" are
# left out), so each word counts once. Spanish "desde" is left out too: more often "from"
# a date than "since".
OTHER_CUES = {
    "consequence": Group(
        r"bedeute[tn]?|bedeutete|könnten?|würden?|folglich|somit|zwing\w*|gezwungen|droh\w*|"
        r"gefährde\w*|risiko|risiken|untergräbt|schwäch\w*|stärk(?:t|en|te)|rückschlag\w*|"
        # the conditional ("pourrait", "serait"), but "devrait" (should) is modal
        r"signifie\w*|pourr\w*|(?!devr)\w+(?:er|ir|ur|dr|vr|rr)aient?|permettrai\w*|"
        r"entraîn\w*|obligé\w*|obligent|contraint\w*|menacé\w*|menacent|menacer\w*|risquent|"
        r"risquer\w*|compromet\w*|fragilis\w*|renforce\w*|revers|"
        r"significa|significan|significó|significaría\w*|supone|supondría\w*|podría\w*|"
        r"sería\w*|habría\w*|tendría\w*|provoca|provocan|provocó|provocaría\w*|obliga|obligan|"
        r"obligó|obligará\w*|forz\w*|amenaz\w*|riesgos?|arriesg\w*|socava\w*|impuls\w*|golpe|"
        r"revés",
        (r"führ(?:t|en|te|ten) zu\w*", "zur folge", "die folgen?", "folgen (?:für|haben)",
         "ebne[nt]? den weg",
         "veut dire", r"condui\w* à", r"mène\w* à", "(?:le|les|un|des|du|de|aux?) risques?",
         "coup dur", r"ouvr\w* la (?:voie|porte)",
         "llev(?:a|ar|ará|ó) a", "conduce a", "conducen a", "conducirá a", "da lugar a",
         "pone en peligro", r"allan\w* el camino", r"abr\w* la puerta")),
    "stakes": Group(
        r"angst|ängste\w*|befürcht\w*|sorgen?|besorg\w*|druck|krisen?|herausforderung\w*|"
        r"gefahr|gefährlich\w*|entscheidend\w*|kritisch\w*|zentrale[nmrs]?|wichtig\w*|"
        r"bedeutend\w*|bedeutsam\w*|erheblich\w*|wesentlich\w*|schwerwiegend\w*|gravierend\w*|"
        r"ernste[nmrs]?|enorme[nmrs]?|riesige[nmrs]?|"
        r"\w+(?:krise|krisen|gefahr|probleme?)|"  # German compounds: "Klimakrise"
        r"craint\w*|peurs?|inquiét\w*|préoccup\w*|pression\w*|crise|problème\w*|défis?|"
        r"enjeux?|essentiel\w*|important(?:es?|s)|significati\w*|majeur\w*|énorme\w*|"
        r"sérieu\w*|clés?|"
        r"temor\w*|miedos?|preocup\w*|inquietud\w*|presión\w*|desafío\w*|retos?|peligro\w*|"
        r"crític\w*|cruciales|clave|vitales|importantes?|significativ\w*|enormes?|serios?|"
        r"serias?",
        ("auf dem spiel", "en jeu", "en juego")),
    "scale": Group(
        r"erste[nmrs]?|erstmal\w*|größte[nmrs]?|höchste[nmrs]?|niedrigste[nmrs]?|"
        r"schlimmste[nmrs]?|beste[nmrs]?|\w*rekord\w*|meiste[nmrs]?|wenigste[nmrs]?|"
        r"einzige[nmrs]?|beispiellos\w*|jemals|zunehmend\w*|wachsend\w*|"
        r"première|premières|pire|meilleur\w*|jamais|inédit\w*|seule?s?|seulement|"
        r"tendance\w*|croissante|croissantes|"
        r"primeras?|primeros?|peor(?:es)?|mejor(?:es)?|récord\w*|únic[oa]s?|jamás|"
        r"tendencia\w*|creciente\w*",
        ("noch nie", "nie zuvor", "immer mehr",
         "première fois", "(?:le|la|les) plus", "sans précédent", "de plus en plus",
         "primera vez", "(?:el|la|los|las) (?:mayor(?:es)?|más)", r"más grande\w*",
         "sin precedentes", "nunca antes", "cada vez más")),
    "cause": Group(
        r"weil|denn|wegen|aufgrund|angesichts|inmitten|infolge|nachdem|seit|ziel\w*|"
        r"priorität\w*|strategie|strategien|bemühung\w*|anstrengung\w*|"
        r"depuis|priorité\w*|stratégi\w*|"
        r"porque|prioridad\w*|estrategia\w*|esfuerzo\w*",
        ("im rahmen", "als teil", "nach jahren", "vor dem hintergrund",
         "parce que", "parce qu '", r"en raison d\w*", r"à cause d\w*", r"sur fond d\w*",
         r"dans le cadre d\w*", "suite à", "à la suite", "après des années", r"afin d\w*",
         "pour que", r"vis\w* à", r"destiné\w* à", "grâce à",
         "debido a", "a causa de", "en medio de", "como parte de", "en el marco de", "luego de",
         "después de años", "para que", "con el fin de", "a fin de", r"destinad\w* a"),
        context=r"(?<=[\s,])damit\b", needs="damit"),
    "contrast": Group(
        r"jedoch|allerdings|trotz\w*|obwohl|dennoch|cependant|toutefois|pourtant|malgré|"
        r"néanmoins|aunque",
        ("bien que", "sin embargo", "no obstante", "a pesar de", "pese a",
         "^ alors que", "^ tandis que"),
        first=r"aber|doch|während|mais|pero|mientras"),
    "modal": Group(
        r"könnten?|würden?|sollten?|sollen|soll|müssten?|muss|müssen|dürften?|vermutlich|"
        r"wahrscheinlich\w*|möglicherweise|"
        r"pourr\w*|devr\w*|doit|doivent|faudr\w*|probablement|\w+(?:er|ir|ur|dr|vr|rr)aient?|"
        r"podría\w*|debería\w*|debe|deben|probablemente|quizás?|posiblemente|habría\w*|"
        r"sería\w*",
        ("il faut", "peut - être", "tendría que", "tal vez")),
    "analysis": Group(
        r"analysten|analystin\w*|experten|expertin\w*|beobachter\w*|kritiker\w*|ökonom\w*|"
        r"zeig(?:t|en|te|ten)|spiegel(?:t|n)|unterstreich\w*|unterstrich\w*|signalisier\w*|"
        r"markiert\w*|"
        r"analystes?|expertes?|observateur\w*|économiste\w*|suggèr\w*|montre|montrent|"
        r"montré\w*|indiqu\w*|reflèt\w*|soulign\w*|"
        r"analistas?|expert[oa]s?|observador\w*|economistas?|sugier\w*|muestra\w*|"
        r"indica(?!t)\w*|refleja\w*|subraya\w*|destaca\w*|señala\w*|marca\w*",
        ("deute[nt]? (?:darauf|auf)",)),
    "framing": Group(
        first=r"dies(?:e[mnrs]?)?|damit|cela|ceci|ça|esto|eso|ello",
        phrases=tuple(f"^ {p}" for p in (
            "das (?:ist|sei|wäre|war|bedeutet|heißt)", "der schritt", "die entscheidung",
            "das ergebnis", "die einigung", "der beschluss",
            "c ['’] est", "cette (?:décision|mesure)", "ce choix", "la décision",
            "l ['’] accord", "le résultat", "il s ['’] agit",
            "esta (?:decisión|medida)", "la decisión", "la medida", "el acuerdo",
            "el resultado", "se trata"))),
    "comparison": Group(
        r"gestiegen|stieg\w*|steig(?:t|en|erung\w*)|gesunken|sanken|sinkt|sinken|zunahme|"
        r"zugenommen|abgenommen|anstieg\w*|rückgang\w*|verdoppel\w*|prozent\w*|"
        r"hausses?|baisses?|augmentation\w*|augmente|augmentent|augmenté\w*|diminue|"
        r"diminuent|diminué\w*|recul\w*|"
        r"aument\w*|subió|subieron|cayó|cayeron|caída\w*|descens\w*|disminu\w*|duplicó|"
        r"duplicado",
        ("im vergleich", "verglichen mit", "gegenüber dem vorjahr", "mehr als", "weniger als",
         "die hälfte", "eine[rs]? der",
         "par rapport à", r"comparé\w* à", "plus de", "moins de", "plus que", "moins que",
         "en hausse", "en baisse", "la moitié", "l ['’] une? des", "une? des", "pour cent",
         "en comparación con", "comparad[oa] con", "más de", "menos de", "más que",
         "menos que", "la mitad", "uno de los", "una de las", "por ciento")),
    "scope": Group(
        r"millionen|milliarden?|tausende\w*|arbeitsplätze\w*|arbeitnehmer\w*|beschäftigte\w*|"
        r"verbraucher\w*|kunden|familien|öffentlichkeit|bevölkerung|menschen|leute|branchen?|"
        r"industrie|industrien|markt|märkte\w*|wirtschaft\w*|landes|länder\w*|sektor\w*|"
        r"weltweit\w*|internationale[nmrs]?|bürger\w*|"
        r"\w+(?:wirtschaft\w*|industrie|industrien|branche|branchen)|"  # "Autoindustrie"
        r"milliards?|milliers|emplois?|travailleu\w*|salarié\w*|consommat\w*|familles|"
        r"publique?s?|gens|personnes|marché\w*|économie\w*|secteur\w*|mondial\w*|"
        r"internationaux|citoyen\w*|"
        r"millones|empleos?|trabajador\w*|consumidor\w*|clientes?|familias|públic\w*|"
        r"población|gente|personas|industrias?|mercados?|economía\w*|país\w*|nación|"
        r"mundial\w*|internacional\w*|ciudadan\w*",
        ("(?:du|le|les|des|au) pays", "dans le monde", "en el mundo")),
    "condition": Group(
        r"wenn|sofern|si|confronté\w*|enfrent\w*",
        ("es sei denn", "zu (?:helfen|retten|stoppen|senken|schützen|verhindern|vermeiden|"
         "bekämpfen|sichern|ermöglichen|stärken)",
         "sauf si", r"à moins qu\w*", "pour (?:aider|sauver|arrêter|réduire|stimuler|"
         "augmenter|protéger|prévenir|éviter|lutter|combattre|freiner|garantir|assurer|"
         "permettre|donner)",
         "a menos que", "salvo que", "para (?:ayudar|salvar|detener|frenar|reducir|impulsar|"
         "aumentar|proteger|prevenir|evitar|combatir|luchar|garantizar|asegurar|permitir|"
         "dar)")),
}
_OTHER_CUES = CueGroups([OTHER_CUES[name] for name in CUES])
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
                      in_english: bool = False, inside: bool = False) -> list[float]:
    """One sentence's features: position, centrality, length, speech, facts, cues
    (`in_english`: the English groups' words alone; `inside`: a quotation opened in an
    earlier sentence runs on into this one)."""
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
    counts = _ENGLISH_CUES.counts(low)
    if not in_english:
        counts = [n + m for n, m in zip(counts, _OTHER_CUES.counts(low), strict=True)]
    feats += [min(n, 2) / 2 for n in counts]
    return feats


def features(texts: Sequence[str], cent: Sequence[float], lede_cosine: Sequence[float],
             *, lede: bool = True) -> list[list[float]]:
    """Every sentence's features, with the article's own appended to each row; without
    `lede`, every sentence's but the first's (the article's own leave the lede out)."""
    n = len(texts)
    low = "\n".join(texts).lower()
    in_english = english(low)
    first = 0 if lede or n == 1 else 1
    rows, inside = [], False
    for i, text in enumerate(texts):
        if i >= first:
            rows.append(sentence_features(i, n, text, cent[i], lede_cosine[i], in_english,
                                          inside))
        inside = speech(text, inside)[1]
    rest = rows[1 - first:] or rows
    article = [sum(r[j] for r in rest) / len(rest) for j in range(N_SENTENCE, len(rows[0]))]
    total = sum(len(t.split()) for t in texts)
    genre_words = (_GENRE if in_english else _ALL_GENRE).findall(low)
    genre = min(len(genre_words) / max(total, 1) * 20, 2)
    words = [lexicon.score(t, WORDS) if in_english else 0.0 for t in texts[first:]]
    return [[*r, *article, genre, w] for r, w in zip(rows, words, strict=True)]


def why_probabilities(texts: Sequence[str], cent: Sequence[float],
                      lede_cosine: Sequence[float]) -> list[float]:
    """For each sentence, the chance a reader would say it tells why the news matters."""
    if len(texts) < 2:
        return [0.0] * len(texts)  # the lede is the news, not why it matters
    # `english` reads the first thousand characters: no need to lower the whole text.
    weights = WEIGHTS if english("\n".join(texts)[:1000].lower()) else WEIGHTS_WITHOUT_WORDS
    out = [0.0]
    for row in features(texts, cent, lede_cosine, lede=False):
        z = sum(w * x for w, x in zip(weights, row, strict=True))
        out.append(1 / (1 + math.exp(-z)))
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
