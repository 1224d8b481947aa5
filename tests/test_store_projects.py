"""The 项目库 in the store: mentions and projects written with the events, linked across
batches, re-ingest changing nothing, and the delivery figures (SQLite and PostgreSQL)."""
from __future__ import annotations

from sqlalchemy import text

from fixtures.projects_pages import BATCH, PHASE_ONE, PHASE_TWO, THREE_TELLINGS, TWO_OF_ONE
from fixtures.store.store_support import db_url, pg_database, store  # noqa: F401  (fixtures)
from projectradar.pipeline import extract
from projectradar.store import ProjectFilter


def results(pages):
    return [extract(page, published=day, source=source) for page, day, source in pages]


def dump(store) -> dict:
    with store.engine.connect() as conn:
        return {t: sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id")))
                for t in ("projects", "project_mentions")}


def test_three_tellings_in_three_batches_are_one_project(store):
    for one in results(THREE_TELLINGS):
        store.ingest([one])
    [project] = store.projects()
    assert project["name"] == "鲁新高端铝合金精深加工项目"
    assert [t["stage"] for t in project["timeline"]] == ["signing", "groundbreaking", "production"]
    assert project["stage"] == "production" and project["region"]["name"] == "兰山区"
    assert project["organizations"] == ["山东鲁新铝业集团有限公司"]
    full = store.project(project["id"])
    assert [m["source"] for m in full["mentions_told"]] == [s for _, _, s in THREE_TELLINGS]
    for m in full["mentions_told"]:
        a, b = m["highlight"]
        assert m["evidence"]["text"][a:b] == m["name"]


def test_reingesting_changes_nothing(store):
    store.ingest(results(THREE_TELLINGS + [(BATCH, "2025-01-11", "batch.txt")]))
    before = dump(store)
    report = store.ingest(results(THREE_TELLINGS + [(BATCH, "2025-01-11", "batch.txt")]))
    assert report.projects_new == 0
    assert dump(store) == before
    assert len(before["projects"]) == 3


def test_a_batch_listing_belongs_to_its_signing_event(store):
    store.ingest(results([(BATCH, "2025-01-11", "batch.txt")]))
    [event] = store.events()
    listed = store.projects()
    assert sorted(p["name"] for p in listed) == ["星河智能装备制造基地", "青禾生物医药产业园项目"]
    for p in listed:
        assert p["timeline"][0]["event_id"] == event["id"] and p["signed_on"] == "2025-01-10"


def test_phases_and_a_company_s_two_projects_stay_apart(store):
    store.ingest(results([(PHASE_ONE, "2025-06-02", "a.txt"), (PHASE_TWO, "2025-08-02", "b.txt"),
                          (TWO_OF_ONE, "2025-04-10", "c.txt")]))
    names = sorted((p["name"], p["phase"]) for p in store.projects())
    assert names == [("鲁新再生铝循环利用项目", None), ("鲁新高端铝合金精深加工项目", None),
                     ("鲁新高端铝合金精深加工项目一期", "一期"), ("鲁新高端铝合金精深加工项目二期", "二期")]


def test_filters(store):
    store.ingest(results(THREE_TELLINGS + [(BATCH, "2025-01-11", "batch.txt")]))
    assert store.count_projects(ProjectFilter(region="兰山区")) == 3
    assert store.count_projects(ProjectFilter(region="济南")) == 0
    assert [p["stage"] for p in store.projects(ProjectFilter(stage="production"))] == ["production"]
    assert store.count_projects(ProjectFilter(org="鲁新铝业")) == 1
    assert store.count_projects(ProjectFilter(min_investment=10**9)) == 1
    assert store.count_projects(ProjectFilter(q="铝合金")) == 1
    assert store.count_projects(ProjectFilter(q="生物医药")) == 2      # the batch sentence tells both
    assert store.count_projects(ProjectFilter(since="2026-01-01")) == 1
    assert store.count_projects(ProjectFilter(until="2025-02")) == 2


def test_delivery_counts_named_projects_and_ceremonies_apart(store):
    store.ingest(results(THREE_TELLINGS + [(BATCH, "2025-01-11", "batch.txt")]))
    d = store.delivery(ProjectFilter(region="兰山区", since="2025-01-01", until="2026-06-30"))
    assert d["funnel"]["signed"] == {"projects": 3, "investment_yuan": 1_500_000_000}
    assert d["funnel"]["started"]["projects"] == 1 and d["funnel"]["completed"]["projects"] == 1
    # started 187 days after signing: after six months, within twelve
    assert d["started_share"] == {"within_6_months": 0.0, "within_12_months": 1 / 3}
    assert d["median_days_to_start"] == 187
    # the batch's two projects, signed 2025-01-10, had no start reported by the end of June 2026
    assert [s["name"] for s in d["stalled"]] == ["星河智能装备制造基地", "青禾生物医药产业园项目"]
    # two ceremonies: the batch (12 projects, 80亿) and the aluminium signing (15亿), counted apart
    assert d["ceremonies"] == {"events": 2, "projects": 12, "investment_yuan": 9_500_000_000}
    assert d["named"]["projects"] == 3
    early = store.delivery(ProjectFilter(region="兰山区", since="2025-01-01", until="2025-12-31"))
    assert early["stalled"] == []


def test_briefing_hook_lists_stage_changes(store):
    store.ingest(results(THREE_TELLINGS))
    changes = store.project_stages("2025-09-01", "2025-09-30")
    assert [(c["stage"], c["previous_stage"], c["date"]) for c in changes] == [
        ("groundbreaking", "signing", "2025-09-05")]
