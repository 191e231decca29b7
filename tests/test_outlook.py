"""What's next's model: which words count as the future, and whose future it is."""

from __future__ import annotations

import json

import pytest

from briefing.brief import make_brief, outlook
from briefing.brief.outlook import (
    GENERAL_CHANCE,
    PENDING_CHANCE,
    THRESHOLD,
    features,
    leaves_quote_open,
    next_probabilities,
)
from tests.paths import CORPUS, bench_script, corpus_file, needs_corpus

# Sentences from BBC dev articles (corpus summaries/dev: politics_027, sport_098,
# entertainment_055), and plain ones in the same shape.
WHIP = '"We should be breaking away from the party whip.'
BILLS = ("The executive is much too free to bring in a huge number of extremely bad Bills "
         "- and whatever it likes is what will get the best headlines tomorrow.")


def chance(*texts: str) -> float:
    return next_probabilities(list(texts))[-1]


def test_a_quotation_that_runs_on_is_the_speakers_not_the_writers() -> None:
    # The same sentence in the writer's voice, and as the second sentence of a quotation
    # opened before it: the quote's future counts, at the lower weight a speaker's earns.
    lede = "Former civil service chief Lord Butler has criticised the government."
    writer = chance(lede, "We should break away from the party whip.", BILLS)
    speaker = chance(lede, WHIP, BILLS)
    assert writer > speaker + 0.15
    assert speaker > chance(lede, WHIP, "It was a bad day for the government.") + 0.3
    row = features([lede, WHIP, BILLS])[-1]
    assert row[3] == 1.0  # all of it is quoted


def test_quote_marks_open_and_close_across_sentences() -> None:
    assert leaves_quote_open(WHIP, False)
    assert not leaves_quote_open(BILLS + '"', True)
    assert leaves_quote_open("It was a long night.", True)  # no mark: still inside
    assert not leaves_quote_open("“We will win,” he said.", False)
    assert leaves_quote_open("He said: “We will win.", False)


def test_a_promise_in_a_quote_counts_less_than_the_writers_plan() -> None:
    plain = "Ronaldo said he is close to agreeing a new contract with the club."
    quoted = '"I think we\'ll reach a good agreement for both sides," Ronaldo said.'
    planned = "Ronaldo will sign a new contract with the club next week."
    assert chance(plain) < chance(quoted) < chance(planned)


def test_will_opening_a_name_is_no_future() -> None:
    name = "Will Smith co-stars alongside more CGI robots than you can count."
    future = "Smith will co-star alongside more CGI robots than you can count."
    assert chance(name) < THRESHOLD <= chance(future)


def test_every_kind_of_will_that_is_no_future_passes_the_word_test() -> None:
    # One sentence for each way _NOT_FUTURE finds a "will" that is no future form: each
    # holds a word of _NOT_FUTURE_WORDS, else the search would be skipped.
    for text in ("They met Will Smith.", "It is May, and", "Will Smith co-stars.",
                 "He left at will.", "You'll love it.", "You’re going to see.",
                 "you won't see them", "It will run you $10.", "It’ll cost you more.",
                 "we knew it was going to be hard", "Our mission is to look at it.",
                 "The goals of the new party are to win."):
        assert outlook._NOT_FUTURE.search(text), text
        assert any(word in text for word in outlook._NOT_FUTURE_WORDS), text


def test_german_passive_is_no_future() -> None:
    # heise.de and a Swiss page in the corpus: "werden" with a past participle describes
    # a process or a past event; with an infinitive it is the future.
    lede = "Forscher haben ein neues Verfahren für das Recycling von Batterien vorgestellt."
    process = chance(lede, "Anschließend werden die Batterien manuell auseinandergenommen.")
    plan = chance(lede, "Anschließend werden die Forscher eine größere Anlage bauen.")
    assert plan > process + 0.2
    assert chance(lede, "Sie musste mit der Rega ins Spital gebracht werden.") < THRESHOLD
    # The future in a subordinate clause, and an infinitive built on "gestalten".
    for future in ("Experten erwarten, dass die Preise im nächsten Jahr steigen werden.",
                   "Die Stadt wird den Platz bis 2026 umgestalten."):
        assert chance(lede, future) > process + 0.2, future


# Sentences from the corpus pages (html/dev: heise.de, handelsblatt.com, eltiempo.com,
# phys.org, axios.com, theverge.com) whose What's next held them, each beside a sentence
# of the same shape that does look ahead.
HEISE = "Eine niedersächsische Firma hat die Wiederverwertung ausgedienter Akkus optimiert."
HANDELSBLATT = ("Gesperrte Übergänge und harte Grenzkontrollen erinnern an eine Zeit, die längst "
                "überwunden schien.")


def test_german_quotation_marks_close_a_quotation() -> None:
    # „...“ and "...“: the closing “ ends the quotation, so the writer's next sentence is
    # not read as speech (and its passive is not taken for a promise).
    assert not leaves_quote_open('"Mit diesem Strom betreiben wir den Schredder“, sagt '
                                 "Hanisch.", False)
    assert not leaves_quote_open("„Ich glaube nicht, dass die Freundschaft darunter "
                                 "leidet“, sagt der Franzose.", False)
    assert leaves_quote_open("„Wir werden weiter kämpfen.", False)
    quote = ('Duesenfeld kommt auf eine Wiederverwertung von 96 Prozent. "Wir verbrauchen '
             'im Vergleich zu herkömmlichen Verfahren 70 Prozent weniger Energie.“')
    filtered = ("Die Vorteile: Es entsteht kein ätzender Fluorwasserstoff, der aufwendig aus "
                "den Abgasen gefiltert werden muss.")
    assert chance(HEISE, quote, filtered) < THRESHOLD
    assert features([HEISE, quote, filtered])[-1][3] == 0.0  # none of it is quoted


def test_german_present_passive_and_becoming_are_no_future() -> None:
    for present in (
            "Der enge Partner wird zum Fremden, den man den Behörden meldet: Denunziantentum "
            "nennt man das, oder?",
            "Es gibt viele, die dagegenhalten, weil sie sensibel sind für das, was riskiert "
            "wird: die Politik von Adenauer, Brandt, Schmidt, Kohl und Schröder."):
        assert chance(HANDELSBLATT, present) < THRESHOLD, present
    assert chance(HANDELSBLATT, "Die Grenze wird am Montag wieder geöffnet werden.") >= THRESHOLD


def test_german_will_is_an_intention_and_wuerde_a_condition() -> None:
    # In a German text "will" is "wants": an intention counts as a plan does, not as the
    # future form English "will" is; "würden" is "would".
    rule = "Wer trotzdem über die Grenze gehen will, muss ein Bußgeld von 250 Euro zahlen."
    plan = "Die Regierung will die Grenze am Montag wieder öffnen."
    assert chance(HANDELSBLATT, rule) < THRESHOLD <= chance(HANDELSBLATT, plan)
    hospitals = ("Über 200.000 Grenzgänger aus Frankreich arbeiten im Saarland. „Manche "
                 "Krankenhäuser würden ohne die Franzosen nicht funktionieren“, erläutert "
                 "Antonia Koch.")
    assert chance(HANDELSBLATT, hospitals) < THRESHOLD


def test_spanish_going_to_a_place_is_no_future() -> None:
    lede = "Los candidatos presidenciales respondieron a las preguntas de los estudiantes."
    war = ("Si nos dejamos convencer que la única solución es votar por Petro o por Fico, el "
           "país se va a una guerra civil, que ya está empezando.")
    vote = "El país va a votar el 29 de mayo."
    assert chance(lede, war) < THRESHOLD <= chance(lede, vote)


def test_a_modal_perfect_and_a_date_gone_look_back() -> None:
    lede = "A Neanderthal flint tool partly covered in birch tar was found in the Netherlands."
    used = ("The researchers believe that the one they found could have been used for cutting "
            "plants or scraping animal skins as a means to stave off the cold.")
    assert chance(lede, used) < THRESHOLD
    for gone, ahead in (
            ("Another, Pelco, announced last April that it will provide schools with an IBM "
             "version of intelligent video.",
             "Pelco announced on Monday that it will provide schools with an IBM version of "
             "intelligent video."),
            ("Coincidentally, Rundle himself theorized back in 2017 that Apple would one day "
             "do this, although not so soon.",
             "Rundle expects that Apple will one day do this, although not so soon.")):
        assert chance(lede, gone) + 0.3 < chance(lede, ahead), gone


def test_the_pluperfect_looks_back() -> None:
    # kaieteurnewsonline.com: "soon after his arrival" in a sentence about the past.
    lede = "A hunter was found dead with gunshot wounds in the Essequibo backlands."
    gone = ("It is unclear if they had entered the Bethany backlands soon after his arrival but "
            "Kaieteur News understands that they hiked a fair distance into the jungle in "
            "search of game.")
    assert chance(lede, gone) < THRESHOLD
    ahead = ("It is unclear if they will enter the Bethany backlands soon, but police said they "
             "plan a search of the jungle.")
    assert chance(lede, gone) + 0.4 < chance(lede, ahead)


def test_next_of_kin_is_no_date_and_a_german_participle_before_wird_no_future() -> None:
    # bbc.com (a page of the corpus) and a Swiss page on the Brexit vote.
    lede = "New York City is burying more bodies on Hart Island amid the coronavirus outbreak."
    kin = "It is not clear how many of the dead have no next-of-kin or could not afford a funeral."
    week = "It is not clear how many of the dead will be buried there next week."
    assert chance(lede, kin) + 0.3 < chance(lede, week)
    vote = "Das britische Parlament hat die Abstimmung über den Brexit-Deal vertagt."
    amendment = ("Die Abgeordneten stimmten anschliessend mit 322 zu 306 Stimmen einem "
                 "Abänderungsantrag des früheren Ministers Oliver Letwin zu, der vorsieht, dass die "
                 "Entscheidung über den EU-Vertrag aufgeschoben wird, bis auch das erforderliche "
                 "Gesetz über dessen Überführung in britisches Recht unter Dach und Fach ist.")
    monday = ("In London wird jetzt damit gerechnet, dass Johnson am Montag erneut eine Motion "
              "über den Brexit-Vertrag einbringen und dabei das weitere Vorgehen ankündigen wird.")
    assert chance(vote, amendment) < THRESHOLD <= chance(vote, monday)


def test_a_condition_on_the_reader_is_the_general_case() -> None:
    # tomshardware.com's buying guide and handelsblatt.com: a condition on "you" or an
    # "as if" is no step in the story; a condition on the story's own actors is.
    lede = "Nvidia's RTX 3080, 3090 and 3070 graphics cards are hard to find in stock."
    advice = ("eBay: If your time is worth a lot more than your money, you can grab an RTX 3090 "
              "card from a seller on eBay for as little as $2,499.")
    story = "If stock arrives as planned, Nvidia will sell the RTX 3070 from October 29 for $499."
    assert chance(lede, advice) < THRESHOLD <= chance(lede, story)
    assert chance(HANDELSBLATT, "Ganz so, als könnten sie damit den Spuk bannen.") < THRESHOLD


def test_a_description_in_the_future_tense_is_no_next_step() -> None:
    # knowtechie.com: what the pass will cost is a description; when it begins, a date.
    lede = "Rocket Pass 4 in Rocket League brings with it a new rally-inspired car."
    price = "It will run you 10 keys ($10)."
    start = ("Rocket Pass 4 will begin at 10:00 a.m. PDT (5 p.m. UTC) on August 28 and ends on "
             "December 4.")
    assert chance(lede, price) < THRESHOLD <= chance(lede, start)


def test_a_rule_taking_effect_on_a_date_looks_ahead() -> None:
    # A new user's trial: "It takes effect in January." went to What to know while What's
    # next said "Nothing announced"; BBC dev holds the same form, labelled next by readers.
    assert chance("The council approved the rules on Monday.",
                  "It takes effect in January.") >= THRESHOLD
    assert chance("The ban was agreed by ministers.",
                  "The ban comes into force on 18 February.") >= THRESHOLD


def test_the_readers_future_is_rhetoric() -> None:
    # BBC dev DVD reviews (corpus summaries/dev: entertainment_055, entertainment_077):
    # a future whose subject is the reader fills no What's next; the story's own does.
    lede = "Only one man recognises that robots are a threat to humanity in the thriller I, Robot."
    for rhetoric, story in (
            ("You'll have forgotten it all tomorrow but you'll have a fun night with the film "
             "and all the extras.",
             "The studio will release the film on DVD tomorrow with all the extras."),
            ("Give this to someone on 24 December and you won't see them again until early in "
             "the New Year.",
             "The set goes on sale on 24 December and the studio will add a second season early "
             "in the New Year.")):
        assert chance(lede, rhetoric) < THRESHOLD <= chance(lede, story), rhetoric


def test_the_future_seen_from_the_past_and_a_purpose_are_no_next_step() -> None:
    # ECB+ cluster articles (corpus clusters: ecbplus-a99b8fc61b51, ecbplus-abfb442236a8)
    # and BBC dev tech_121: "was going to" is the past's future, a mission statement no plan.
    lede = "A man who opened fire at a police station was arrested after a chase."
    for past in ('"He probably realized if he didn\'t, he was going to be shot, "Gage said.',
                 "“I thought we were going to have a shot to win the game, but we came up a "
                 "little short,” Del Rio said."):
        assert chance(lede, past) < THRESHOLD, past
    assert chance(lede, '"He is going to be charged on Monday, "Gage said.') >= THRESHOLD
    mission = ('"Our mission is to look at how such a robot should be programmed to respect '
               'personal spaces of humans."')
    plan = "The team is to look at how such a robot should be programmed next year."
    assert chance(lede, mission) < THRESHOLD <= chance(lede, plan)


def test_a_cause_and_a_product_generation_are_no_date() -> None:
    # BBC dev tech_203 and tech_155: "due to the fact" is a cause, "due to open" a date;
    # "the next generation of DVDs" is no time ahead, "next year" is.
    plan, when = 8, 9  # places of the cue groups in `features`
    cause = "Part of the success of games in 2004 could be due to the fact that so many are sequels."
    assert features([cause])[0][plan] == 0.0
    assert features(["The store is due to open in the capital."])[0][plan] > 0.0
    assert features(["The next generation of DVDs will hold high-definition video."])[0][when] == 0.0
    assert features(["The DVDs will hold high-definition video next year."])[0][when] > 0.0


def test_a_quotes_plan_or_date_looks_ahead_without_a_future_form() -> None:
    # BBC dev sport_164: an Ajax spokesman's "We need to find a solution soon".
    lede = "Ajax have refused to reveal whether Martin Jol is on their shortlist to become coach."
    soon = '"We need to find a solution soon, so someone is in place for next season."'
    found = '"We have found a solution, so someone is in place this season."'
    assert chance(lede, soon) > chance(lede, found) + 0.15


@needs_corpus("summaries", "dev", "panels.jsonl")
def test_the_shipped_weights_are_what_train_panels_fits() -> None:
    pytest.importorskip("numpy")
    train = bench_script("train_panels")
    fitted = train.fit_panel(train.load(CORPUS), "next", 1.0)  # the readers' labels alone
    assert fitted["WEIGHTS"] == pytest.approx(outlook.WEIGHTS, abs=2e-3)


@pytest.mark.parametrize(("article", "past"), [
    ("ecbplus-8d41ff8e7c49", "Soon battles erupted around the Parliament"),
    ("ecbplus-b86cbc0e81df", "A friend of the actress told People she went to Promises"),
    ("ecbplus-bd7c0c23be58", "Troy, Mich. police said Anthony LaCalamita III, 38, targeted"),
])
def test_a_story_told_in_the_past_tense_is_no_next_step(article: str, past: str) -> None:
    # ECB+ cluster articles (corpus clusters/dev.jsonl) on a riot, a rehab stay and a
    # shooting: What's next held these past facts ("soon", "on Tuesday", "may have").
    path = corpus_file("clusters", "dev.jsonl")
    text = next(row["text"] for row in map(json.loads, path.open()) if row["id"] == article)
    assert not any(p.startswith(past) for p in make_brief(text).whats_next)


def test_a_pending_process_looks_ahead() -> None:
    # Corpus pages html/dev (japantimes.co.jp.surgical, jamaicaobserver.com-attacks,
    # kaieteurnewsonline.com-essequibo, viconsortium.com-cocaine, wsvn.com-crash,
    # pagesix.com.myers), each labelled next by the team: an investigation, a search, a
    # case not yet decided, stated in the present tense with no future form.
    lede = "A man stole four boxes of surgical masks from a hospital in Kobe on Sunday."
    for pending in (
            "The Hyogo Prefectural Police is investigating the incident as a case of theft.",
            "Police have since launched a search for the woman, who fled after the incident, "
            "OBSERVER ONLINE has learnt.",
            "His remains have since been taken to the hospital’s mortuary as investigations "
            "continue.",
            "Homeland Security Investigations (HSI) Special Agents took custody of three men and "
            "the contraband for prosecution and investigation.",
            "Police are also asking parents to take the opportunity to talk to their children "
            "about responsible driving.",
            "Her last day is April 1, and Warners has not named a replacement."):
        assert chance(lede, pending) >= THRESHOLD, pending
    # The same processes over and done with are no next step.
    for done in ("The Hyogo Prefectural Police investigated the incident as a case of theft.",
                 "Police found the woman, who fled after the incident, on Monday.",
                 "Her last day was April 1, and Warners named a replacement."):
        assert chance(lede, done) < THRESHOLD, done


def test_a_crime_report_shows_the_police_investigation_as_whats_next() -> None:
    # japantimes.co.jp.surgical (corpus html/dev): What's next was empty, and Why it
    # matters showed "Four of the 12 boxes of masks were gone."
    from briefing.extract.html import extract_page

    page = extract_page(corpus_file("html", "dev", "japantimes.co.jp.surgical.html").read_bytes())
    brief = make_brief(page.text, title=page.title)
    assert [p for p in brief.whats_next if "is investigating the incident" in p]


def test_the_general_case_is_no_next_step_whatever_its_future() -> None:
    # Corpus pages html/dev: a game review's mechanics (pcgamer.com.darkest), a buying
    # guide's price line (tomshardware.com.rtx) and an essay's aside
    # (newrepublic.com.neoliberalism), each shown under What's next, none labelled next.
    # A condition on the story's own actors still looks ahead.
    lede = "Through the Darkest of Times puts the player in charge of a resistance group in Berlin."
    for general in (
            "If I leave this unchecked, the Gestapo will arrest them, taking them out of action.",
            "eBay: If money is no object and you're willing to pay double the MSRP, eBay has RTX "
            "3080 cards going from $1,599 to $2,100.",
            "After 40 years moving in this direction—and with it failing at every turn—you might "
            "think they would change their views."):
        assert chance(lede, general) < THRESHOLD, general
    assert chance(lede, "If sales hold up, the studio will release a sequel next year.") >= THRESHOLD


def test_a_settled_fact_is_no_pending_process() -> None:
    # "has not ..." with a time since when, a trial with its verdict: over and done with.
    for settled in [
        "He has not set foot in the country since he fled in 2010.",
        "The tournament has not named a champion from outside Europe since 1970.",
        "She was sent for trial in 2019 and jailed for six years.",
    ]:
        assert chance(settled) < PENDING_CHANCE, settled
    # jamaicaobserver.com-attacks.html (corpus html/dev): "have since launched" is pending.
    assert chance("Police have since launched a search for the woman, who fled after the "
                  "incident, OBSERVER ONLINE has learnt.") >= PENDING_CHANCE


def test_a_count_or_a_road_in_a_condition_is_no_general_case() -> None:
    # "if one more party" counts parties, "I-70" is a road: the story's own conditions.
    for news in [
        "The coalition will collapse if one more party walks out before the vote on 3 March.",
        "When I-70 reopens next week, tolls will rise to $5.",
    ]:
        assert chance(news) > GENERAL_CHANCE, news


def test_a_settled_clause_further_on_leaves_the_process_pending() -> None:
    # "since" and "jailed" in a clause of their own describe someone, not the process.
    for pending in [
        "Police have not named the man, who had lived in the village since 2010.",
        "Investigators have not confirmed whether the driver, who was jailed in 2015 for "
        "drink-driving, was over the limit.",
    ]:
        assert chance(pending) >= PENDING_CHANCE, pending
