"""Summary rules: a total and its parts from one page are not added twice; target progress
windows; bad filters are FilterError; the bulk loader. SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    GANZHOU, SHANDONG, db_url, ganzhou_signing, make_document, make_event, pg_database, store,
)
from projectradar.errors import FilterError, StoreError
from projectradar.records import Region, Result
from projectradar.store import EventFilter
from projectradar.resolve import mark_umbrellas

QINGDAO = Region("青岛市", "370200", "city", ["山东省", "青岛市"])
YANTAI = Region("烟台市", "370600", "city", ["山东省", "烟台市"])
WEIFANG = Region("潍坊市", "370700", "city", ["山东省", "潍坊市"])

# A province page, in our own words: each city's starts, then the province's total.
PROVINCE_PAGE = ("2月18日，全省第一季度重大项目集中开工活动在各市同步举行。青岛市开工项目120个，总投资900亿元；"
                 "烟台市开工项目80个，总投资500亿元；潍坊市开工项目60个，总投资400亿元。"
                 "全省此次集中开工项目共260个，总投资1800亿元。") * 2


def province_page() -> Result:
    doc = make_document("sd-kaigong", "shandong_kaigong.txt", PROVINCE_PAGE, title="全省重大项目集中开工",
                        published="2024-02-19")
    parts = [make_event(doc, "groundbreaking", city, "2024-02-18", count=n, money=m, qualifier="exact", cue=cue)
             for city, n, m, cue in ((QINGDAO, 120, 90_000_000_000, "青岛市"), (YANTAI, 80, 50_000_000_000, "烟台市"),
                                     (WEIFANG, 60, 40_000_000_000, "潍坊市"))]
    total = make_event(doc, "groundbreaking", SHANDONG, "2024-02-18", count=260, money=180_000_000_000,
                       qualifier="exact", cue="全省此次")
    return Result(documents=[doc], events=[*parts, total])


def test_mark_umbrellas_finds_the_total_only():
    recs = [e.to_dict() for e in province_page().events]
    total_id = recs[-1]["id"]
    assert mark_umbrellas(recs) == {total_id}
    # another month or another type is not a part of it
    lone = [dict(recs[-1]), dict(recs[0], date={"start": "2024-05-01"})]
    assert mark_umbrellas(lone) == set()


def test_province_total_and_city_parts_are_not_added_twice(store):
    store.ingest([province_page()])
    assert store.count_events(EventFilter(region="山东")) == 4          # every event is still listed
    by_province = {r["key"]: r for r in store.stats("region")}
    assert by_province["370000"]["projects"] == 260                   # 120 + 80 + 60, not 520
    assert by_province["370000"]["investment_yuan"] == 180_000_000_000
    assert by_province["370000"]["events"] == 4
    months = {r["key"]: r for r in store.stats("month", year=2024)}
    assert months["2024-02"]["projects"] == 260
    assert months["2024-02"]["investment_yuan"] == 180_000_000_000
    types = {r["key"]: r for r in store.stats("type")}
    assert types["groundbreaking"]["projects"] == 260
    # the scan path (a date filter) follows the same rule
    scanned = {r["key"]: r for r in store.stats("type", filters=EventFilter(since="2024-02-01"))}
    assert scanned["groundbreaking"]["projects"] == 260
    by_city = {r["key"]: r["projects"] for r in store.stats("region", level="city")}
    assert by_city["370200"] == 120 and by_city["370600"] == 80
    # the total's own record is unchanged: its figures are shown, only not summed twice
    total = [e for e in store.events(EventFilter(adcode="370000")) if e["region"]["adcode"] == "370000"][0]
    assert total["project_count"] == 260 and "_umbrella" not in total
    store.ingest([province_page()])                                   # idempotent
    assert {r["key"]: r for r in store.stats("region")}["370000"]["projects"] == 260


def test_a_total_without_parts_counts_itself(store):
    page = province_page()
    store.ingest([Result(documents=page.documents, events=[page.events[-1]])])
    assert {r["key"]: r for r in store.stats("region")}["370000"]["projects"] == 260


def _target(day: str, precision: str, n: int = 1) -> Result:
    doc = make_document(f"gz-target-{n}", f"gz_target_{n}.txt",
                        "赣州市召开全市开放招商大会，提出今年力争签约亿元以上项目50个以上。" * 2,
                        title="赣州开放招商大会", published="2024-03-05")
    ev = make_event(doc, "target", GANZHOU, day, count=50, qualifier="at_least", cue="力争", precision=precision)
    return Result(documents=[doc], events=[ev])


def test_target_announced_on_a_day_counts_signings_from_that_day(store):
    store.ingest([_target("2024-03-04", "day"), ganzhou_signing("2024-01-20", 7, 1_000_000_000, 1),
                  ganzhou_signing("2024-03-04", 10, 2_000_000_000, 2),
                  ganzhou_signing("2024-09-09", 5, 3_000_000_000, 3),
                  ganzhou_signing("2025-01-10", 30, 9_000_000_000, 4)])
    progress = store.targets(region="赣州", year=2024)[0]["progress"]
    assert progress["since"] == "2024-03-04" and progress["until"] == "2024-12-31"
    assert progress["signed_events"] == 2 and progress["signed_projects"] == 15
    assert progress["signed_investment_yuan"] == 5_000_000_000
    assert progress["projects_pct"] == 30.0


def test_target_known_only_to_its_year_counts_the_whole_year(store):
    # published in March, but the target is the year's: January's signings count too
    store.ingest([_target("2024", "year"), ganzhou_signing("2024-01-20", 7, 1_000_000_000, 1),
                  ganzhou_signing("2024-09-09", 5, 3_000_000_000, 3),
                  ganzhou_signing("2023-12-30", 30, 9_000_000_000, 4)])
    progress = store.targets(region="赣州")[0]["progress"]
    assert progress["since"] == "2024-01-01"
    assert progress["signed_projects"] == 12 and progress["signed_investment_yuan"] == 4_000_000_000


def test_bad_filters_raise_filter_error(store):
    for call in (lambda: store.events(EventFilter(region="不存在的地方")), lambda: store.events(sort="-colour"),
                 lambda: store.stats("colour"), lambda: store.stats("region", level="street")):
        with pytest.raises(FilterError) as err:
            call()
        assert isinstance(err.value, StoreError) and str(err.value).startswith("unknown ")


def test_bulk_load_events(store):
    records = [{"id": f"b{i}", "type": "signing" if i % 2 else "groundbreaking", "source": "bulk.jsonl",
                "document_id": "bulk", "region": {"name": "青岛市", "adcode": "370200", "level": "city", "path": []},
                "date": {"start": f"2024-0{1 + i % 3}-10", "end": None, "precision": "day"},
                "project_count": 2, "investment_yuan": 1_000_000_000 * (i + 1), "sectors": ["新能源"],
                "cumulative": False, "confidence": 0.9} for i in range(10)]
    assert store.bulk_load_events(records) == 10
    assert store.count_events(EventFilter(type="signing")) == 5
    top = store.events(EventFilter(type="signing"), sort="-investment", limit=2)
    assert [e["investment_yuan"] for e in top] == [10_000_000_000, 8_000_000_000]
    assert {r["key"]: r["projects"] for r in store.stats("type")} == {"signing": 10, "groundbreaking": 10}
    assert store.stats("sector")[0]["events"] == 10
