"""Queries: filters, Chinese full-text search, stats, targets, documents; SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    JINAN, SHIZHONG, db_url, ganzhou_signing, ganzhou_target, hefei_groundbreaking, lixia_signing,
    make_document, make_event, pg_database, store,
)
from projectradar.errors import StoreError
from projectradar.records import Result
from projectradar.store import EventFilter
from projectradar.store.fts import match_expression, tokenize


@pytest.fixture
def filled(store):
    shizhong_doc = make_document("sz-1", "shizhong.txt",
                                 "市中区举行开年重点项目签约大会，现场签约项目23个，总投资250亿元，涵盖医养健康、科创金融。" * 2,
                                 title="市中区开年签约", published="2023-01-31")
    shizhong = make_event(shizhong_doc, "signing", SHIZHONG, "2023-01-30", count=23, money=25_000_000_000,
                          qualifier="exact", sectors=("医养健康", "科创金融"), cue="现场签约")
    jinan_doc = make_document("jn-1", "jinan.txt",
                              "济南市召开全市项目突破年工作动员大会，部署全年项目建设任务，要求各区县抓招商、促签约。" * 2,
                              title="济南召开动员大会", published="2023-01-28")
    meeting = make_event(jinan_doc, "meeting", JINAN, "2023-01-28", cue="济南市召开")
    store.ingest([lixia_signing(), hefei_groundbreaking(), ganzhou_target(),
                  ganzhou_signing("2023-04-02", 12, 3_000_000_000, 1),
                  ganzhou_signing("2023-11-20", 40, 16_000_000_000, 2),
                  ganzhou_signing("2022-12-01", 9, 2_000_000_000, 3),
                  Result(documents=[shizhong_doc], events=[shizhong]),
                  Result(documents=[jinan_doc], events=[meeting])])
    return store


def _regions(rows):
    return sorted(r["region"]["name"] for r in rows)


def test_region_includes_its_children(filled):
    assert _regions(filled.events(EventFilter(region="济南"))) == ["历下区", "市中区", "济南市"]
    assert _regions(filled.events(EventFilter(region="山东"))) == ["历下区", "市中区", "济南市"]
    assert _regions(filled.events(EventFilter(adcode="3701"))) == ["历下区", "市中区", "济南市"]
    assert _regions(filled.events(EventFilter(adcode="370102"))) == ["历下区"]
    assert filled.count_events(EventFilter(region="历下区")) == 1
    assert filled.count_events(EventFilter(region="赣州")) == 4


def test_unknown_region_is_an_error(filled):
    with pytest.raises(StoreError, match="unknown region"):
        filled.events(EventFilter(region="不存在的地方"))


def test_type_date_money_and_sector_filters(filled):
    signing = filled.events(EventFilter(type="signing"), limit=100)
    assert len(signing) == 5 and {e["type"] for e in signing} == {"signing"}
    assert filled.count_events(EventFilter(type=["signing", "meeting"])) == 6
    assert filled.count_events(EventFilter(type="signing,meeting")) == 6
    in_2023 = filled.events(EventFilter(since="2023-01-01", until="2023-03"), limit=100)
    assert sorted(e["date"]["start"] for e in in_2023) == ["2023-01-28", "2023-01-30", "2023-02-02", "2023-03-15"]
    big = filled.events(EventFilter(min_investment=20_000_000_000), sort="-investment")
    assert [e["investment_yuan"] for e in big] == [58_000_000_000, 25_000_000_000]
    assert _regions(filled.events(EventFilter(sector="科创金融"))) == ["市中区"]
    assert filled.count_events(EventFilter(source="hefei_news.html")) == 1


def test_sorting_and_paging(filled):
    dates = [e["date"]["start"] for e in filled.events(limit=100)]
    assert dates == sorted(dates, reverse=True)
    page1 = filled.events(limit=3)
    page2 = filled.events(limit=3, offset=3)
    assert not {e["id"] for e in page1} & {e["id"] for e in page2}
    assert [e["date"]["start"] for e in filled.events(sort="date", limit=2)] == ["2022-12-01", "2023"]
    with pytest.raises(StoreError):
        filled.events(sort="-colour")


def test_chinese_two_character_words_are_found(filled):
    found = filled.search("签约")
    assert {d["id"] for d in found["documents"]} == {"lixia-1", "gz-sign-1", "gz-sign-2", "gz-sign-3", "sz-1",
                                                     "jn-1"}
    assert "签约" in found["documents"][0]["snippet"]
    assert {d["id"] for d in filled.search("济南")["documents"]} == {"jn-1"}
    assert {d["id"] for d in filled.search("医养健康")["documents"]} == {"sz-1"}
    # words are AND-ed, a longer word is a phrase (not any two of its characters)
    assert {d["id"] for d in filled.search("签约 医养")["documents"]} == {"sz-1"}
    assert filled.search("康医")["documents"] == []
    # one character
    assert "hefei-1" in {d["id"] for d in filled.search("肥")["documents"]}
    assert filled.search("")["documents"] == []


def test_text_filter_on_events(filled):
    assert _regions(filled.events(EventFilter(q="医养健康"))) == ["市中区"]
    assert _regions(filled.events(EventFilter(q="动员大会"))) == ["济南市"]
    assert filled.search("动员大会")["events"][0]["type"] == "meeting"


def test_tokenize_and_match_expressions():
    assert tokenize("济南签约") == "济 南 签 约"
    assert tokenize("AB公司") == "a b 公 司"
    assert match_expression("济南市", "sqlite") == '"济 南 市"'
    assert match_expression("济南 签约", "postgresql") == "(济 <-> 南) & (签 <-> 约)"
    assert match_expression("！？", "sqlite") is None


def test_stats_by_region_month_type_sector(filled):
    by_city = {r["key"]: r for r in filled.stats("region", level="city")}
    assert by_city["370100"]["name"] == "济南市"
    assert by_city["370100"]["events"] == 3
    assert by_city["370100"]["projects"] == 18 + 23
    assert by_city["370100"]["investment_yuan"] == 12_650_000_000 + 25_000_000_000
    by_province = {r["key"]: r for r in filled.stats("region")}
    assert by_province["360000"]["events"] == 4 and by_province["360000"]["projects"] == 12 + 40 + 9
    # a list by district lists districts, by city cities: a city's or a province's own events
    # stay under its code and out of the finer list
    by_district = {r["key"] for r in filled.stats("region", level="district")}
    assert {"370102", "370103"} <= by_district and "370100" not in by_district
    assert not [code for code in by_city if code.endswith("0000") and code[:2] not in ("11", "12", "31", "50")]
    months = [r["key"] for r in filled.stats("month")]
    assert months == sorted(months) and "2023-02" in months
    in_2023 = {r["key"]: r for r in filled.stats("type", year=2023)}
    assert in_2023["signing"]["events"] == 4 and in_2023["signing"]["name"] == "签约"
    sectors = {r["key"]: r["events"] for r in filled.stats("sector")}
    assert sectors["科创金融"] == 1 and sectors["数字经济"] == 1
    jinan_types = {r["key"]: r["events"] for r in filled.stats("type", filters=EventFilter(region="济南"))}
    assert jinan_types == {"signing": 2, "meeting": 1}
    with pytest.raises(StoreError):
        filled.stats("colour")


def test_targets_with_progress(filled):
    rows = filled.targets(region="赣州", year=2023)
    assert len(rows) == 1
    progress = rows[0]["progress"]
    # signings after the target (published 2023-02-10) in 2023, children included; 2022's does not count
    assert progress["signed_events"] == 2
    assert progress["signed_projects"] == 52
    assert progress["signed_investment_yuan"] == 19_000_000_000
    assert progress["projects_pct"] == 52.0
    assert filled.targets(region="济南") == []


def test_region_summary(filled):
    summary = filled.region_summary("370100")
    assert summary["region"]["name"] == "济南市"
    assert summary["totals"]["events"] == 3
    assert [c["key"] for c in summary["children"]] == ["370103", "370102"]   # ranked by investment
    assert len(summary["events"]) == 3
    assert filled.region_summary("999999") is None


def test_document_with_events_and_siblings(filled):
    doc = filled.document("lixia-1")
    assert doc["title"] == "历下区重点项目集中签约" and doc["kind"] == "article"
    assert [e["type"] for e in doc["events"]] == ["signing"]
    ev = doc["events"][0]["evidence"]
    assert doc["text"][ev["start"]:ev["end"]] == ev["text"]
    assert [s["id"] for s in doc["siblings"]] == ["lixia-1-t"]
    assert filled.document("nope") is None


def test_event_detail_has_sources_and_evidence(filled):
    some = filled.events(EventFilter(region="市中区"))[0]
    detail = filled.event(some["id"])
    assert detail["sources"][0]["source"] == "shizhong.txt"
    assert detail["sources"][0]["evidence"]["text"].startswith("现场签约项目23个")
    assert detail["history"] == []
    assert filled.event("0000") is None


def test_broad_region_walk_gives_the_same_page(filled, monkeypatch):
    from projectradar.store import queries

    flt = EventFilter(region="山东")
    normal = [e["id"] for e in filled.events(flt)]
    monkeypatch.setattr(queries, "_BROAD", 1)           # every region counts as broad now
    with filled.engine.connect() as conn:
        assert queries._broad_region(conn, flt, "-date") is (filled.dialect == "sqlite")
    assert [e["id"] for e in filled.events(flt)] == normal and len(normal) == 3
    typed = EventFilter(region="赣州", type="signing")
    assert [e["date"]["start"] for e in filled.events(typed)] == ["2023-11-20", "2023-04-02", "2022-12-01"]
