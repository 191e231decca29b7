"""Stories end to end on real labelled clusters: grouping, merged briefs, edition, commands."""

import json
import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from briefing.brief import make_brief
from briefing.cli import main
from briefing.edition.ranking import edition, rank
from briefing.edition.update import StoryUpdater, update_stories
from briefing.models import Document
from briefing.store import Store
from briefing.store.stories import StoryRow
from tests.paths import SEED, corpus_file

NOW = datetime.now(UTC)


def corpus_clusters() -> dict[str, list[dict]]:
    clusters: dict[str, list[dict]] = defaultdict(list)
    for line in corpus_file("clusters", "dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        clusters[row["cluster"]].append(row)
    return clusters


def ingest(store: Store, rows: list[dict], *, hours_ago: float = 1) -> None:
    for n, row in enumerate(rows):
        doc = Document(key=f"https://example.org/{row['id']}", title=row["title"][:200],
                       text=row["text"], url=f"https://example.org/{row['id']}",
                       published=NOW - timedelta(hours=hours_ago, minutes=n))
        store.articles.ingest(doc, make_brief(doc.text), source=f"Outlet {n % 4}")


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "b.db") as store:
        yield store


def test_reports_of_one_event_become_one_story_and_near_misses_stay_apart(store):
    clusters = corpus_clusters()
    tara, lindsay = clusters["ecbplus-t01-ecb"][:6], clusters["ecbplus-t01-ecbplus"][:6]
    ingest(store, tara + lindsay)
    update_stories(store)
    ids = [r.id for r in store.articles.page(limit=100)]
    story_of = {a: store.stories.story_of(a) for a in ids}
    from briefing.store.articles import article_id

    tara_stories = {story_of[article_id(f"https://example.org/{r['id']}")] for r in tara}
    lindsay_stories = {story_of[article_id(f"https://example.org/{r['id']}")] for r in lindsay}
    assert not tara_stories & lindsay_stories
    # Most reports of each event share a story.
    assert len(tara_stories) <= 3 and len(lindsay_stories) <= 3


def test_story_brief_merges_sources_and_names_them(store):
    rows = corpus_clusters()["ecbplus-t05-ecb"][:5]
    ingest(store, rows)
    update_stories(store)
    (story, *_) = sorted(store.stories.page(limit=50), key=lambda r: -r.article_count)
    assert story.article_count >= 3 and story.source_count >= 3
    brief = store.stories.brief(story.id)
    members = {m.id for m in store.stories.members(story.id)}
    assert brief.method == "story" and brief.what_to_know
    for panel in ("lede", "what_to_know", "whats_next", "why_it_matters"):
        assert len(brief.sources.get(panel, ())) == len(brief.panel(panel))
        assert set(brief.sources.get(panel, ())) <= members
    # Points come from more than one article, and no point is repeated.
    assert len(set(brief.sources["what_to_know"])) >= 2
    points = [p for panel in ("lede", "why_it_matters", "what_to_know", "whats_next")
              for p in brief.panel(panel)]
    assert len(points) == len(set(points))


def test_incremental_update_adds_only_new_articles(store):
    rows = corpus_clusters()["ecbplus-t05-ecb"][:6]
    ingest(store, rows[:3])
    update_stories(store)
    before = store.clusters.state()
    ingest(store, rows[3:])
    update_stories(store)
    after = store.clusters.state()
    assert after[: len(before)] == before  # earlier rows are untouched
    assert len(after) == 6
    assert update_stories(store) == 0  # nothing new: nothing changes


def test_rows_saved_under_another_feature_recipe_get_their_features_again(store):
    rows = corpus_clusters()["ecbplus-t05-ecb"][:6]
    ingest(store, rows[:3])
    update_stories(store)
    current = store.clusters.state()
    # As a database written by a version whose recipe differed: other features.
    old = [{**r, "features": {"obsolete": 1.0}, "features_version": 0} for r in current]
    store.clusters.restate_rows(old)
    ingest(store, rows[3:])
    update_stories(store)
    after = store.clusters.state()
    assert after[:3] == current  # derived again, saved in place, stories kept
    assert len(after) == 6 and not any("obsolete" in r["features"] for r in after)


def test_a_signposted_article_lends_its_sections_to_the_story(store):
    seed_text = SEED.read_text(encoding="utf-8")
    base = Document(key="https://example.org/seed", title="Kremlin says Trump-Putin meeting "
                    "will happen at the appropriate time", text=seed_text, published=NOW)
    store.articles.ingest(base, make_brief(base.text), source="Newsweek")
    first = next(line for line in seed_text.splitlines() if line.strip())
    copy_text = (f"{first}\n\nThe Kremlin said on Sunday that a meeting between Trump and "
                 "Putin would take place at the appropriate time, spokesperson Dmitry Peskov "
                 "told reporters.")
    other = Document(key="https://example.org/copy", title="Kremlin: Trump-Putin meeting "
                     "will happen at the appropriate time", text=copy_text, published=NOW)
    store.articles.ingest(other, make_brief(other.text), source="Wire")
    update_stories(store)
    (story,) = [s for s in store.stories.page(limit=10) if s.article_count == 2]
    brief = store.stories.brief(story.id)
    assert brief.whats_next[0].startswith("It remains to be seen")
    assert brief.why_it_matters[0].startswith("Trump has steered")


def row(id_: str, sources: int, articles: int, hours: float) -> StoryRow:
    return StoryRow(id=id_, title=id_, source=None, published=NOW - timedelta(hours=hours),
                    article_count=articles, source_count=sources, unread_count=1,
                    starred=False, lead_article_id=id_)


def test_ranking_coverage_then_favourites_then_recency_then_articles():
    rows = [row("fresh-single", 1, 1, 0), row("wide", 4, 5, 6), row("old-single", 1, 1, 20),
            row("favourite", 1, 1, 10), row("one-feed-flood", 1, 50, 1),
            row("pair", 2, 2, 23), row("pair-twin", 2, 3, 23)]
    ranked = [r.id for r in rank(rows, {"favourite"})]
    # Distinct sources first: fifty articles from one feed are one source.
    assert ranked[:3] == ["wide", "pair-twin", "pair"]
    # Then favourites, then the newest; articles only break a tie.
    assert ranked[3:] == ["favourite", "fresh-single", "one-feed-flood", "old-single"]


def test_the_edition_and_the_digest_rank_by_distinct_sources(store, tmp_path, monkeypatch):
    # One feed repeating one item many times, against an event two outlets report, all
    # published today (local time) whatever the hour the test runs at.
    today = datetime.combine(NOW.astimezone().date(), datetime.min.time()).astimezone()
    def earlier(**ago: float) -> datetime:
        return max(NOW - timedelta(**ago), today)

    flood = "The Huge festival opened its gates on Friday with record crowds in the park."
    pair = "Parliament passed the water reform bill after a long night of debate in Oslo."
    for n in range(12):
        doc = Document(key=f"https://huge.example/{n}", title=f"Huge festival opens {n}",
                       text=flood, url=f"https://huge.example/{n}",
                       published=earlier(minutes=10 + n))
        store.articles.ingest(doc, make_brief(flood), source="Huge")
    for n, source in enumerate(("Outlet A", "Outlet B")):
        doc = Document(key=f"https://{n}.example/water", title="Parliament passes water reform",
                       text=pair, url=f"https://{n}.example/water",
                       published=earlier(hours=3, minutes=n))
        store.articles.ingest(doc, make_brief(pair), source=source)
    update_stories(store)
    ranked = edition(store, NOW.astimezone().date(), ())
    assert [(r.source_count, r.article_count) for r in ranked[:2]] == [(2, 2), (1, 12)]

    config = tmp_path / "c.toml"
    config.write_text("feeds = []\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "b.db"), "digest",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    digest = json.loads(result.output)["stories"]
    assert [s["sources"] for s in digest[:2]] == [2, 1]


def test_edition_is_the_days_stories(store):
    clusters = corpus_clusters()
    ingest(store, clusters["ecbplus-t05-ecb"][:2], hours_ago=0)
    ingest(store, clusters["ecbplus-t13-ecb"][:2], hours_ago=24 * 5)
    update_stories(store)
    today = NOW.astimezone().date()  # the day the articles were dated on, not the clock now
    todays = edition(store, today, ())
    assert todays and all(r.published.astimezone().date() == today for r in todays)
    earlier = edition(store, today - timedelta(days=5), ())
    assert earlier and not {r.id for r in earlier} & {r.id for r in todays}
    assert edition(store, date(2001, 1, 1), ()) == []


def test_stories_digest_and_rebrief_commands(tmp_path, monkeypatch):
    db = tmp_path / "b.db"
    with Store.open(db) as store:
        ingest(store, corpus_clusters()["ecbplus-t05-ecb"][:4])
        update_stories(store)
    config = tmp_path / "c.toml"
    config.write_text("feeds = []\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["--db", str(db), "stories", "--json"]).output)
    assert listed and set(listed[0]) >= {"id", "title", "articles"}
    assert set(listed[0]["articles"][0]) == {"id", "url", "title", "source"}
    assert sum(len(s["articles"]) for s in listed) == 4

    for fmt in ("md", "html", "json"):
        out = tmp_path / f"digest.{fmt}"
        result = runner.invoke(main, ["--db", str(db), "digest", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 200
    assert json.loads((tmp_path / "digest.json").read_text())["stories"]
    assert (tmp_path / "digest.html").read_text().startswith("<!DOCTYPE html>")
    bad = runner.invoke(main, ["--db", str(db), "digest", "--since", "yesterday"])
    assert bad.exit_code == 2 and "--since" in bad.output

    result = runner.invoke(main, ["--db", str(db), "rebrief"])
    assert result.exit_code == 0 and "Re-briefed 0 articles" in result.output
    result = runner.invoke(main, ["--db", str(db), "rebrief", "--all"])
    assert "Re-briefed 4 articles" in result.output


def test_rebrief_waits_for_a_running_refresh(tmp_path, monkeypatch):
    """A refresh clusters as it stores; rebrief must not change stories under it."""
    from briefing.refresh.lock import RefreshLock

    db = tmp_path / "b.db"
    with Store.open(db) as store:
        ingest(store, corpus_clusters()["ecbplus-t05-ecb"][:2])
        update_stories(store)
        before = store.conn.execute("SELECT brief FROM briefs ORDER BY article_id").fetchall()
    config = tmp_path / "c.toml"
    config.write_text("feeds = []\n[fetch]\nlock_wait = 0.2\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    with RefreshLock(db, wait=0):
        result = CliRunner().invoke(main, ["--db", str(db), "rebrief", "--all"])
    assert result.exit_code == 3 and "another refresh is running" in result.output
    with Store.open(db) as store:
        after = store.conn.execute("SELECT brief FROM briefs ORDER BY article_id").fetchall()
    assert after == before
    result = CliRunner().invoke(main, ["--db", str(db), "rebrief", "--all"])
    assert result.exit_code == 0 and "Re-briefed 2 articles" in result.output


def stories_consistent(store: Store) -> bool:
    """Every article in a story, and every story's row counting its members."""
    return not list(store.db.query(
        """SELECT a.id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id
           WHERE sa.article_id IS NULL""")) and not list(store.db.query(
        """SELECT sa.story_id FROM story_articles sa LEFT JOIN stories s ON s.id = sa.story_id
           GROUP BY sa.story_id HAVING count(*) != coalesce(max(s.article_count), -1)"""))


def test_batches_as_a_refresh_stores_them_then_finish(store):
    """The refresh path: each batch is clustered as it is stored (new stories get their
    rows at once), a grown story is merged by `finish`, or, if the refresh died first, by
    the next one."""
    from briefing.edition.update import StoryUpdater

    rows = corpus_clusters()["ecbplus-t05-ecb"][:6]
    updater = StoryUpdater(store)
    for batch in (rows[:3], rows[3:]):
        before = {r["id"] for r in store.db.query("SELECT id FROM articles")}
        ingest(store, batch)
        updater.add([r["id"] for r in store.db.query("SELECT id FROM articles")
                     if r["id"] not in before])
        assert not list(store.db.query(  # no article outside a story at any commit
            """SELECT a.id FROM articles a LEFT JOIN story_articles sa
               ON sa.article_id = a.id WHERE sa.article_id IS NULL"""))
    assert not stories_consistent(store)  # a story that gained members waits for finish
    updater = StoryUpdater(store)  # as if the refresh had died: a new one completes it
    assert updater.finish() >= 1
    assert stories_consistent(store)
    batched = {a.id: store.stories.story_of(a.id) for a in store.articles.page(limit=100)}
    assert len(set(batched.values())) < len(batched)  # reports of one event share a story
    assert update_stories(store) == 0


def stored_totals(store: Store) -> tuple[dict, dict, dict, dict]:
    terms = dict(store.conn.execute("SELECT term, df FROM cluster_terms"))
    stories = {r[0]: r[1:] for r in store.conn.execute(
        "SELECT story_id, first, last, size FROM cluster_stories")}
    weights = {(r[0], r[1]): round(r[2], 6) for r in store.conn.execute(
        """SELECT s.story_id, p.term, p.weight FROM cluster_postings p
           JOIN cluster_stories s ON s.seq = p.seq""")}
    norms = dict(store.conn.execute("SELECT story_id, norm FROM cluster_stories"))
    return terms, stories, weights, norms


def ingest_fast(store: Store, rows: list[dict], when: datetime) -> list[str]:
    """Store corpus articles with a small fixed brief (the clustering is under test)."""
    from briefing.models import Brief

    brief = Brief(lede=("Lede.",), method="extractive", version=1)
    docs = [(Document(key=f"https://example.org/{r['id']}", title=r["title"][:200],
                      text=r["text"], url=f"https://example.org/{r['id']}",
                      published=when - timedelta(minutes=n)), brief, f"Outlet {n % 4}")
            for n, r in enumerate(rows)]
    return [result.article_id for result in store.articles.ingest_many(docs)]


def test_kept_totals_equal_a_replay_after_batches_and_pruning(store):
    """The totals kept as batches are clustered, then as old articles are pruned, are
    those a replay of the remaining rows gives."""
    rows = [r for cluster in corpus_clusters().values() for r in cluster][:160]
    updater = StoryUpdater(store)
    for n, start in enumerate(range(0, 120, 40)):
        updater.add(ingest_fast(store, rows[start:start + 40], NOW - timedelta(days=60 - n)))
    updater.add(ingest_fast(store, rows[120:], NOW + timedelta(days=90)))
    store.articles.prune(30, now=NOW + timedelta(days=100))  # the first three batches go
    assert store.articles.count() == 40
    # A norm computed when the article count was far from today's is marked stale by that
    # count; a refresh computes it again from the kept weights when it needs it, as here.
    stale = [seq for seq, n in store.conn.execute("SELECT seq, norm_n FROM cluster_stories")
             if abs(n - 40) > 4]
    store.clusters._renorm(stale)
    kept = stored_totals(store)
    store.clusters.rebuild_totals()
    replayed = stored_totals(store)
    assert kept[0] == replayed[0] and kept[1] == replayed[1]
    assert {k: v for k, v in kept[2].items() if v > 1e-6} == replayed[2]
    # Norms are kept term by term under the IDF of their time: close to a fresh replay's.
    for story, norm in kept[3].items():
        assert abs(norm - replayed[3][story]) <= 0.1 * replayed[3][story], story


def test_a_batch_reads_only_what_its_articles_can_touch(store):
    """Clustering new articles never replays the stored state: no statement reads every
    state row, whatever the history."""
    rows = [r for cluster in corpus_clusters().values() for r in cluster][:200]
    updater = StoryUpdater(store)
    updater.add(ingest_fast(store, rows[:180], NOW - timedelta(days=1)))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        StoryUpdater(store).add(ingest_fast(store, rows[180:], NOW))
    finally:
        store.conn.set_trace_callback(None)
    assert statements
    everything = [s for s in statements if "FROM story_articles" in s and "WHERE" not in s
                  and "count(*)" not in s and "max(seq)" not in s]
    assert everything == []


def test_a_lookup_finds_each_terms_newest_stories_in_the_window(store):
    """For each term, the `limit` newest stories using it among those with an article in
    the window and stored before `before`, each with its stored row and its weights for
    the terms that found it: what a plain reading of every stored posting gives."""
    rows = [r for cluster in corpus_clusters().values() for r in cluster][:200]
    StoryUpdater(store).add(ingest_fast(store, rows[:100], NOW - timedelta(days=400)))
    StoryUpdater(store).add(ingest_fast(store, rows[100:], NOW))
    stories = {r[0]: r[1:] for r in store.conn.execute(
        "SELECT seq, story_id, last, size, norm, norm_n FROM cluster_stories")}
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    for term, seq, weight in store.conn.execute("SELECT term, seq, weight FROM cluster_postings"):
        postings[term][seq] = weight
    terms = sorted(postings, key=lambda t: (-len(postings[t]), t))[:30]
    since = NOW.replace(tzinfo=None) - timedelta(days=180)
    before, n = max(stories), len(rows)

    found = store.clusters.lookup(terms, 3, since, n, before=before)

    expected: dict[int, dict[str, float]] = {}
    for term in terms:
        usable = [seq for seq in postings[term]
                  if seq < before and stories[seq][1] >= since.isoformat()]
        for seq in sorted(usable, reverse=True)[:3]:
            expected.setdefault(seq, {})[term] = postings[term][seq]
    assert len(expected) > 10 and any(len(weights) > 1 for weights in expected.values())
    assert [totals.seq for totals in found] == sorted(expected)
    for totals in found:
        story_id, last, size, norm, norm_n = stories[totals.seq]
        assert (totals.story_id, totals.centroid, totals.last, totals.size, totals.norm) == (
            story_id, expected[totals.seq], datetime.fromisoformat(last), size, norm)
        assert totals.partial and totals.stale_norm == (abs(norm_n - n) > 0.1 * n)


def test_finishing_finds_changed_stories_through_indexes(store):
    """`finish` after re-briefs, new members and a prune finds the stories to merge
    again without scanning every story or every brief, however long the history."""
    rows = [r for cluster in corpus_clusters().values() for r in cluster][:120]
    updater = StoryUpdater(store)
    updater.add(ingest_fast(store, rows[:100], NOW - timedelta(days=1)))
    updater.finish()
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        updater = StoryUpdater(store)
        updater.add(ingest_fast(store, rows[90:], NOW))  # ten re-briefed, twenty new
        store.articles.prune(30, now=NOW + timedelta(days=100))
        assert updater.finish() >= 1
    finally:
        store.conn.set_trace_callback(None)
    assert store.articles.count() == 0 and not list(store.conn.execute("SELECT id FROM stories"))
    on_stories = [sql for sql in statements
                  if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))
                  and re.search(r"\b(FROM|JOIN|UPDATE)\s+(stories|briefs)\b", sql)]
    assert on_stories
    plans = {sql: [r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
             for sql in on_stories}
    assert {sql: plan for sql, plan in plans.items()
            if any(step.startswith("SCAN") for step in plan)} == {}


def test_the_dev_clusters_through_the_store_in_batches_score_as_in_memory(store):
    """The refresh's path (batches against the stored totals) keeps the clusterer's
    quality on the labelled dev set."""
    from briefing.cluster.metrics import score
    from briefing.store.articles import article_id

    rows = [json.loads(line) for line in
            corpus_file("clusters", "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    updater = StoryUpdater(store)
    for start in range(0, len(rows), 50):
        updater.add(ingest_fast(store, rows[start:start + 50], NOW))
    predicted = {r["id"]: store.stories.story_of(article_id(f"https://example.org/{r['id']}"))
                 for r in rows}
    result = score(predicted, {r["id"]: r["cluster"] for r in rows})
    assert result.b3_f1 >= 0.85, result


def test_unrelated_articles_stay_apart_against_stored_stories_of_a_small_history(
        tmp_path, feed_server):
    """The shipped seed, read on a first run, then a feed of five unrelated real pages:
    each article is its own story. The seed's stored norm holds under the IDF of one
    article; the batch moves the IDF (a history of one grown to six), and the story must
    be scored under the IDF of now, as in memory, not with the norm of then."""
    import dataclasses
    import shutil

    from briefing.refresh import refresh_all
    from tests.conftest import make_settings
    from tests.paths import DATA

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    pages = ["aclu.org-grades.html", "bbc.com.52241221.html", "harpers.org.justice.html",
             "politico.com.retirement.html", "xinhuanet.com.c_1125597921.html"]
    urls = [feed_server.add_file(f"/p/{name}", DATA / "pages" / name) for name in pages]
    items = "".join(f"<item><title>Story {n}</title><link>{url}</link><guid>{name}</guid>"
                    f"<pubDate>Sun, 06 Dec 2026 0{n}:00:00 GMT</pubDate></item>"
                    for n, (name, url) in enumerate(zip(pages, urls, strict=True)))
    feed = feed_server.add_bytes("/feed.xml", (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        f"<link>http://127.0.0.1/</link>{items}</channel></rss>").encode())
    settings = dataclasses.replace(make_settings(tmp_path, [feed]), seeds=seeds)
    with Store.open(settings.database) as store:
        assert refresh_all(store, settings, seeds_only=True).new == 1  # as a first run does
        report = refresh_all(store, settings)
        assert report.new == len(pages) and not report.failures
        ids = [r["id"] for r in store.db.query("SELECT id FROM articles")]
        assert len(ids) == 6
        assert len({store.stories.story_of(i) for i in ids}) == 6
        assert stories_consistent(store)


def test_story_brief_holds_up_to_three_next_points_from_its_articles():
    from briefing.edition.merge import merge_story
    from briefing.models import Brief
    from briefing.store.stories import StoryArticle

    plans = [("The council will vote on the budget in March.",
              "A public consultation opens next week."),
             ("Ministers are expected to publish the bill in the autumn.",
              "Unions plan a ballot on strike action before Christmas.")]
    members = [StoryArticle(id=f"a{i}", title="Budget", url=None, source=f"s{i}",
                            published=None, brief=Brief(lede=(f"Lede {i} of the budget.",),
                                                        whats_next=points, method="extractive"),
                            read=False, starred=False, text_origin="page")
               for i, points in enumerate(plans)]
    _, brief = merge_story(members, {"a0": {"budget": 1.0}, "a1": {"budget": 1.0}})
    assert len(brief.whats_next) == 3
    assert set(brief.sources["whats_next"]) == {"a0", "a1"}


@pytest.mark.parametrize(("title", "shouting"), [
    ("CHARGED WITH MURDER: What most of the liberal media won't tell you", True),
    ("EXCLUSIVE: Star quits the show", True),
    ("COVID-19: what we know so far", False),  # an acronym before a colon
    ("UNICEF: millions of children at risk", False),
    ("USA, GBR, FRA win medals", False),
    ("Саммит BRICS: что известно", False),
    ("NATO, EU and UN meet in Brussels", False),
])
def test_which_headlines_shout(title: str, shouting: bool) -> None:
    from briefing.edition.merge import shouts

    assert shouts(title) is shouting


def test_a_story_is_not_titled_by_a_headline_in_tabloid_capitals():
    # Three reports of one shooting (the corpus's Kraft plant cluster, as a reader saw
    # it): the most central shouted, another says the same in words.
    from briefing.edition.merge import merge_story
    from briefing.models import Brief
    from briefing.store.stories import StoryArticle

    titles = ["CHARGED WITH MURDER: What most of the liberal media won't tell you",
              "Murder trial ordered for woman accused in Kraft plant shooting",
              "Judge orders trial in Kraft shooting"]
    members = [StoryArticle(id=f"a{i}", title=title, url=None, source=f"s{i}",
                            published=None, brief=Brief(lede=(f"Lede {i}.",),
                                                        method="extractive"),
                            read=False, starred=False, text_origin="page")
               for i, title in enumerate(titles)]
    # The shouting one is the most central: it shares a term with each of the others.
    features = {"a0": {"kraft": 1.0, "trial": 1.0}, "a1": {"kraft": 1.0}, "a2": {"trial": 1.0}}
    lead, _ = merge_story(members, features)
    assert lead.title == titles[1]
    shouting_only = members[:1]  # no other headline: the story keeps the one it has
    assert merge_story(shouting_only, features)[0].title == titles[0]


def test_story_brief_keeps_a_point_with_the_one_it_leans_on():
    from briefing.edition.merge import merge_story
    from briefing.models import Brief
    from briefing.store.stories import StoryArticle

    def article(i: int, lede: str, points: tuple[str, ...]) -> StoryArticle:
        return StoryArticle(id=f"a{i}", title="Cameras", url=None, source=f"s{i}",
                            published=None, read=False, starred=False, text_origin="page",
                            brief=Brief(lede=(lede,), what_to_know=points, method="extractive"))

    # The Axios pair from a real story: "Another, Pelco, ..." only reads after "One company".
    members = [
        article(0, "Police departments are buying AI camera systems.",
                ("One company, Avigilon, sells cameras that flag unusual motion.",
                 "Another, Pelco, announced a partnership with a face-matching firm.")),
        article(1, "AI cameras are spreading through US cities.",
                ("He also urged calm, saying he could not comment further.",
                 "Civil liberties groups say the systems misidentify people.")),
    ]
    _, brief = merge_story(members, {"a0": {"cameras": 1.0}, "a1": {"cameras": 0.9}})
    points = list(brief.what_to_know)
    pelco = points.index("Another, Pelco, announced a partnership with a face-matching firm.")
    assert points[pelco - 1].startswith("One company, Avigilon")
    assert brief.sources["what_to_know"][pelco] == brief.sources["what_to_know"][pelco - 1]
    # "He" leans on the lede of an article whose lede the story does not show.
    assert not any(p.startswith("He also urged") for p in points)

def test_story_brief_tells_one_next_step_once_and_keeps_distinct_facts():
    from briefing.edition.merge import merge_story
    from briefing.models import Brief
    from briefing.store.stories import StoryArticle

    # Points of three reports of the 76ers firing Maurice Cheeks (corpus clusters,
    # ecbplus-t05-ecb): a new user's digest showed DiLeo taking over three times.
    ledes = ("The Philadelphia 76ers fired coach Maurice Cheeks on Saturday, one day after the "
             "team continued its slide with a season-worst offensive effort.",
             "Maurice Cheeks has been fired as head coach of the Philadelphia 76ers following "
             "the club's disappointing 9-14 start to the season.",
             "Philadelphia 76ers President and General Manager Ed Stefanski announced that the "
             "team has relieved Maurice Cheeks of his head coaching responsibilities.")
    ahead = (("DiLeo will coach the Sixers in Saturday's game at Washington and is expected to "
              "remain coach for the rest of the season.",
              "There is speculation that Stefanski may reach out to Jordan, as the two worked "
              "together with the New Jersey Nets earlier this decade."),
             ("Assistant general manager Tony DiLeo will replace Cheeks as the interim head "
              "coach and he is expected to hold the position through the year.",),
             ("Cheeks will be replaced on an interim basis by Sixers Senior Vice President and "
              "Assistant General Manager Tony DiLeo, who will remain in the position through "
              "the end of the 2008-09 season.",))
    know = (("A Philadelphia fixture who spent his first 11 seasons as a player with the 76ers "
             "and had his number-10 jersey retired by the club, Cheeks is 122-147 in "
             "three-plus seasons as head coach.",),
            (),
            ("DiLeo is in his 19th season with the Sixers organization and was in his fifth as "
             "the team's Senior Vice President and Assistant General Manager.",
             "Last season, Cheeks guided the Sixers to the NBA Playoffs for the first time since "
             "the 2004-05 season, after starting the year with an 18-30 record."))
    members = [StoryArticle(id=f"a{i}", title="Cheeks fired", url=None, source=f"s{i}",
                            published=None, read=False, starred=False, text_origin="file",
                            brief=Brief(lede=(ledes[i],), what_to_know=know[i],
                                        whats_next=ahead[i], method="extractive"))
               for i in range(3)]
    _, brief = merge_story(members, {f"a{i}": {"cheeks": 1.0} for i in range(3)})
    # "will replace Cheeks as the interim head coach" and "Cheeks will be replaced on an
    # interim basis by ... DiLeo" are one step: shown once, and the room goes to another.
    assert not any(p.startswith("Cheeks will be replaced") for p in brief.whats_next)
    assert any(p.startswith("Assistant general manager Tony DiLeo") for p in brief.whats_next)
    assert any(p.startswith("There is speculation") for p in brief.whats_next)
    # DiLeo's career and his new post share his title, not a fact: both stay.
    assert any(p.startswith("DiLeo is in his 19th season") for p in brief.what_to_know)
    assert len(brief.what_to_know) == 3


def test_story_brief_on_the_corpus_cluster_says_who_takes_over_once():
    from briefing.cluster.features import ClusterItem, extract_features
    from briefing.edition.merge import merge_story
    from briefing.store.stories import StoryArticle

    rows = corpus_clusters()["ecbplus-t05-ecb"]
    members = [StoryArticle(id=r["id"], title=r["title"], url=None, source="seeds",
                            published=None, read=False, starred=False, text_origin="file",
                            brief=make_brief(r["text"], title=r["title"])) for r in rows]
    features = {r["id"]: extract_features(ClusterItem(id=r["id"], title=r["title"],
                                                      text=r["text"])) for r in rows}
    _, brief = merge_story(members, features)
    def takes_over(panels: tuple[str, ...]) -> list[str]:
        return [p for panel in panels for p in brief.panel(panel) if "DiLeo" in p
                and re.search(r"\b(?:replace|coach the|take over|interim|succeeded)\b", p)]

    # The next step, told by five sources, is shown once as the story's lede or next step.
    assert len(takes_over(("lede", "whats_next"))) == 1, takes_over(("lede", "whats_next"))
    # What to know may hold it once as a done fact ("Cheeks was replaced on an interim
    # basis by ... DiLeo"): a fact and a next step are compared by their words alone (a
    # shared title is no shared fact), so a paraphrase across the two panels can stay.
    assert len(takes_over(("what_to_know",))) <= 1, takes_over(("what_to_know",))


def test_articles_waiting_for_a_story_are_found_without_reading_every_article(store):
    """What `finish` clusters (a seed, a refresh that died between storing and
    clustering) comes from the list the schema keeps, not from a join over every
    article; the list empties as articles join stories and as they are pruned."""
    rows = [r for cluster in corpus_clusters().values() for r in cluster][:60]
    updater = StoryUpdater(store)
    updater.add(ingest_fast(store, rows[:40], NOW - timedelta(days=1)))
    waiting = ingest_fast(store, rows[40:50], NOW)  # stored, not clustered yet
    assert {r["id"] for r in store.clusters.unclustered()} == set(waiting)
    assert [r["id"] for r in store.clusters.unclustered(waiting[:3])] == sorted(
        waiting[:3], key=lambda i: (store.conn.execute(
            "SELECT published FROM articles WHERE id = ?", [i]).fetchone()[0], i))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        StoryUpdater(store).finish()
    finally:
        store.conn.set_trace_callback(None)
    assert store.clusters.unclustered() == []
    assert all(store.stories.story_of(i) for i in waiting)
    reads = [sql for sql in statements if re.search(r"\bFROM\s+articles_to_cluster\b", sql)]
    assert reads
    for sql in reads:
        plan = [r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}", [])]
        assert not any(re.match(r"SCAN (articles|a)\b", step) for step in plan), plan
    ingest_fast(store, rows[50:], NOW)  # pruned before they are clustered
    assert len(store.clusters.unclustered()) == 10
    store.articles.prune(30, now=NOW + timedelta(days=100))
    assert store.clusters.unclustered() == [] and store.articles.count() == 0


def test_batches_on_an_empty_store_make_the_stories_one_clusterer_makes(store):
    """A first refresh's batches look up no story they started themselves in the store
    (each is whole in the clusterer's memory): the stories are those of one in-memory
    clusterer fed the same articles in the same order."""
    from briefing.cluster import Clusterer, ClusterItem

    rows = [r for cluster in corpus_clusters().values() for r in cluster][:150]
    updater = StoryUpdater(store)
    ids = []
    for start in range(0, 150, 30):
        batch = ingest_fast(store, rows[start:start + 30], NOW + timedelta(hours=start))
        updater.add(batch)
        ids += batch
    assert store.clusters.unclustered() == []
    clusterer = Clusterer()
    ordered = sorted(store.conn.execute(
        "SELECT id, title, text, published FROM articles").fetchall(),
        key=lambda r: (r[3], r[0]))
    by_batch = sorted(ordered, key=lambda r: ids.index(r[0]) // 30)
    expected = clusterer.add_many(
        ClusterItem(i, title, text, published=datetime.fromisoformat(p))
        for i, title, text, p in by_batch)
    assert {i: store.stories.story_of(i) for i in ids} == expected


def test_story_brief_does_not_tell_a_why_again_as_a_key_fact():
    from briefing.edition.merge import merge_story
    from briefing.models import Brief
    from briefing.store.stories import StoryArticle

    # Two reports of Tara Reid entering rehab (corpus clusters, ecbplus-t01-ecb:
    # ecbplus-2c8a83615eaf and ecbplus-2ec5105fcda9): one's why point came back as the
    # other's key fact.
    briefs = (
        Brief(lede=("Talking to People magazine, Jack Ketsoyan, Tara Reid's representative "
                    "confirms the Perennial Party Girl, has herself checked into Promises "
                    "Treatment Centre.",),
              why_it_matters=("Reid, 33, with a reputation as one who drinks and parties long "
                              "and hard, none more so when she was photographed on the red "
                              "carpet with a breast exposed, completely unaware the strap of "
                              "her dress had fallen off.",), method="extractive"),
        Brief(lede=("A publicist says Tara Reid has checked herself into rehab.",),
              what_to_know=("Jack Ketsoyan said Friday that the “American Pie” star went to "
                            "the Promises Treatment Center.",
                            "Reid, 33, earned a reputation as a drunken partier after famously "
                            "being photographed on a red carpet with her breast exposed, "
                            "apparently unaware that the strap of her dress had fallen off."),
              method="extractive"))
    members = [StoryArticle(id=f"a{i}", title="Tara Reid in rehab", url=None, source=f"s{i}",
                            published=None, read=False, starred=False, text_origin="file",
                            brief=brief) for i, brief in enumerate(briefs)]
    _, brief = merge_story(members, {"a0": {"reid": 1.0}, "a1": {"reid": 0.9}})
    assert brief.why_it_matters[0].startswith("Reid, 33, with a reputation")
    assert not any(p.startswith("Reid, 33, earned") for p in brief.what_to_know)
    assert any(p.startswith("Jack Ketsoyan said Friday") for p in brief.what_to_know)


def test_the_digest_names_seed_files_once_as_seeds_and_no_source_twice(tmp_path, monkeypatch):
    """Local files are credited to "seeds", as the reader and its source filter name them:
    the digest's source line once read "seeds, seeds"; now one name, its files by title."""
    import dataclasses

    from briefing.sources.seeds import read_seed

    rows = corpus_clusters()["ecbplus-t05-ecb"][:3]
    db = tmp_path / "b.db"
    with Store.open(db) as store:
        for n, row in enumerate(rows):
            path = tmp_path / f"{row['id']}.txt"
            path.write_text(f"{row['title']}\n\n{row['text']}", encoding="utf-8")
            doc = dataclasses.replace(read_seed(path), published=NOW - timedelta(minutes=n))
            store.articles.ingest(doc, make_brief(doc.text, title=doc.title), source=doc.site)
        # Two articles of one outlet are one name on the line.
        ingest(store, [{**rows[0], "id": "twice-1"}, {**rows[1], "id": "twice-2"}])
        store.articles.ingest(Document(key="https://example.org/twice-3", title=rows[2]["title"],
                                       text=rows[2]["text"], url="https://example.org/twice-3",
                                       published=NOW),
                              make_brief(rows[2]["text"]), source="Outlet 0")
        update_stories(store)
    config = tmp_path / "c.toml"
    config.write_text("feeds = []\n")
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    result = CliRunner().invoke(main, ["--db", str(db), "digest", "--format", "md"])
    assert result.exit_code == 0, result.output
    credits = [story.split("Sources:", 1)[1].strip()
               for story in result.output.split("\n## ")[1:]]
    assert credits and all(credit.count("seeds") <= 1 for credit in credits)
    named = " ".join(credits)
    assert "seeds" in named
    for credit in credits:  # a line of sources, or a list of them with their articles
        if credit.startswith("- "):
            names = [line[2:].split(": [", 1)[0] for line in credit.splitlines()]
        else:
            names = [a or b for a, b in re.findall(r"\[([^\]]+)\]|(?:^|, )([^,\[]+)", credit)]
        assert len(names) == len(set(names)), credit
    # Its two articles under the one name, each with its link.
    assert named.count("Outlet 0") == 1
    assert "https://example.org/twice-1" in named and "https://example.org/twice-3" in named


def test_a_stale_stored_norm_is_computed_again_only_for_a_candidate_that_needs_it(
        store, tmp_path):
    """Stories whose stored norm was computed when far fewer articles were stored: a
    batch reads the whole centroid only of the candidates that may reach the threshold,
    saves the norms it computes then, and puts its articles in the stories it would have
    chosen had every stale norm been computed again first."""
    import itertools
    import sqlite3

    clusters = list(corpus_clusters().values())
    first = [r for group in itertools.zip_longest(*clusters[:29]) for r in group if r]
    other = [r for cluster in clusters[29:] for r in cluster]
    # The second batch, outside the first one's window, finds none of its stories.
    StoryUpdater(store).add(ingest_fast(store, first[:60], NOW - timedelta(days=400)))
    StoryUpdater(store).add(ingest_fast(store, other[:240], NOW - timedelta(days=200)))
    n = store.articles.count()
    stale_sql = "SELECT seq, norm_n FROM cluster_stories WHERE abs(norm_n - ?) > 0.1 * ?"
    stale = dict(store.conn.execute(stale_sql, [n, n]).fetchall())
    assert len(stale) > 10

    with sqlite3.connect(tmp_path / "eager.db") as target:
        store.conn.backup(target)
    with Store.open(tmp_path / "eager.db") as eager:
        eager.clusters._renorm(sorted(stale))  # every stale norm computed again first
        StoryUpdater(eager).add(ingest_fast(eager, first[60:70], NOW - timedelta(days=399)))
        chosen = {r[0]: r[1] for r in eager.conn.execute(
            "SELECT article_id, story_id FROM story_articles")}
        norms = dict(eager.conn.execute("SELECT seq, norm FROM cluster_stories").fetchall())

    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        StoryUpdater(store).add(ingest_fast(store, first[60:70], NOW - timedelta(days=399)))
    finally:
        store.conn.set_trace_callback(None)
    wholes = r"SELECT seq, term, weight FROM cluster_postings WHERE seq IN \(([\d, ]*)\)$"
    read = {int(seq) for sql in statements for found in re.findall(wholes, sql)
            for seq in found.split(", ")}
    assert read and read < set(stale)
    # Each term's stored count is read once (one IDF for every norm of the snapshot).
    counted = [term for sql in statements if sql.startswith("SELECT term, df FROM cluster_terms")
               for term in re.findall(r"'((?:[^']|'')*)'", sql)]
    assert counted and len(counted) == len(set(counted))
    assert chosen == {r[0]: r[1] for r in store.conn.execute(
        "SELECT article_id, story_id FROM story_articles")}
    saved = {seq: (norm, norm_n) for seq, norm, norm_n in store.conn.execute(
        "SELECT seq, norm, norm_n FROM cluster_stories")}
    for seq in read:
        assert saved[seq][1] == n and saved[seq][0] == pytest.approx(norms[seq], rel=1e-9)
    assert {seq: saved[seq][1] for seq in set(stale) - read} == {
        seq: norm_n for seq, norm_n in stale.items() if seq not in read}
