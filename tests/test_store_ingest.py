"""Ingest: once, merged, batched; on SQLite and on the real PostgreSQL."""
from __future__ import annotations

from sqlalchemy import text

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    GANZHOU_TEXT, LIXIA, SIGNING_TEXT, db_url, ganzhou_signing, ganzhou_target, hefei_groundbreaking,
    lixia_signing, make_document, make_event, pg_database, store,
)
from projectradar.errors import InputError
from projectradar.records import Region, Result
from projectradar.store import EventFilter, Store
from projectradar.store.stats import stats as raw_stats


def _table_counts(s: Store) -> dict[str, int]:
    names = ["documents", "sources", "events", "event_sources", "event_history", "event_sectors", "people",
             "document_bands", "document_fts", "region_stats", "month_stats", "sector_stats"]
    with s.engine.connect() as conn:
        return {n: conn.execute(text(f"SELECT COUNT(*) FROM {n}")).scalar() for n in names}


def test_ingest_stores_documents_events_and_links(store):
    report = store.ingest([lixia_signing(), hefei_groundbreaking()])
    assert (report.inputs, report.documents_new, report.events_new) == (2, 3, 2)
    counts = _table_counts(store)
    assert counts["documents"] == 3 and counts["sources"] == 3 and counts["events"] == 2
    assert counts["event_sectors"] == 4 and counts["people"] == 1 and counts["document_fts"] == 3
    ev = store.events(EventFilter(type="signing"))[0]
    assert ev["region"]["adcode"] == "370102"
    assert ev["investment_yuan"] == 12650000000 and ev["project_count"] == 18
    assert ev["people"] == [{"name": "王明远", "title": "区委书记"}]
    assert ev["mentions"] == 1 and [s["source"] for s in ev["sources"]] == ["lixia_daily.txt"]


def test_same_input_twice_changes_nothing(store):
    batch = [lixia_signing(), hefei_groundbreaking(), ganzhou_target()]
    store.ingest(batch)
    before = _table_counts(store)
    events_before = store.events(limit=100)
    report = store.ingest([lixia_signing(), hefei_groundbreaking(), ganzhou_target()])
    assert report.documents_new == 0 and report.events_new == 0 and report.events_merged == 0
    assert _table_counts(store) == before
    assert store.events(limit=100) == events_before


def test_same_article_from_two_outlets_is_one_document_with_both_sources(store):
    store.ingest([lixia_signing(source="lixia_daily.txt", doc_id="a-1", source_name="历下融媒")])
    # the second outlet reprints it with whitespace changed: same content hash
    reprint = SIGNING_TEXT.replace("，", "， ")
    report = store.ingest([lixia_signing(source="https://news.example.cn/jn/0203.html", doc_id="b-1",
                                         text=reprint, source_name="济南日报")])
    assert report.documents_new == 0 and report.documents_duplicate == 2
    assert store.counts()["documents"] == 2          # article + teaser
    doc = store.document("b-1")
    assert doc["id"] == "a-1"
    assert sorted(s["source_name"] or "" for s in doc["sources"]) == ["历下融媒", "济南日报"]
    ev = store.events(EventFilter(type="signing"))[0]
    assert ev["mentions"] == 2
    assert {s["source"] for s in ev["sources"]} == {"lixia_daily.txt", "https://news.example.cn/jn/0203.html"}


def test_near_duplicate_text_is_kept_once(store):
    store.ingest([lixia_signing(source="one.txt", doc_id="n-1")])
    edited = SIGNING_TEXT.replace("区委书记王明远出席并致辞", "区委书记王明远出席活动并讲话") + "（记者 李娜）"
    report = store.ingest([lixia_signing(source="two.txt", doc_id="n-2", text=edited)])
    assert report.documents_new == 0
    assert store.document("n-2")["id"] == "n-1"
    different = make_document("n-3", "three.txt", GANZHOU_TEXT * 2, title="赣州")
    report = store.ingest([Result(documents=[different])])
    assert report.documents_new == 1


def test_templated_stories_are_not_merged(store):
    template = ("本台明天将直播全国政协十四届{n}次会议闭幕会。中央广播电视总台将于明天下午进行现场直播，"
                "央视新闻频道、综合频道同步播出，各新媒体平台同步推送，敬请收看。") * 2
    first = make_document("t-1", "a.md", template.format(n="一"), title="本台明天将直播全国政协十四届一次会议闭幕会")
    second = make_document("t-2", "b.md", template.format(n="二"), title="本台明天将直播全国政协十四届二次会议闭幕会")
    store.ingest([Result(documents=[first]), Result(documents=[second])])
    assert store.counts()["documents"] == 2
    books = ("《论述摘编》{lang}版近日由中央文献出版社出版，在全国发行。该书收入重要文稿若干篇，"
             "分为八个专题，对于深入学习领会相关精神具有重要意义。") * 2
    third = make_document("t-3", "c.md", books.format(lang="法文"), title="《论述摘编》法文版出版发行")
    fourth = make_document("t-4", "d.md", books.format(lang="俄文"), title="《论述摘编》俄文版出版发行")
    store.ingest([Result(documents=[third]), Result(documents=[fourth])])
    assert store.counts()["documents"] == 4


def test_same_event_from_several_articles_is_merged_and_improved_with_history(store):
    first = lixia_signing(source="early.txt", doc_id="e-1", money=None, confidence=0.6)
    store.ingest([first])
    # a different article (other words), one day later by its own reckoning, with the amount
    doc = make_document("e-2", "later.txt", "历下区日前集中签约18个项目，总投资约126.5亿元，" * 3,
                        title="历下集中签约", published="2023-02-04")
    better = make_event(doc, "signing", LIXIA, "2023-02-03", count=18, money=12651000000, qualifier="about",
                        confidence=0.9, cue="集中签约")
    report = store.ingest([Result(documents=[doc], events=[better])])
    assert (report.events_new, report.events_merged, report.events_improved) == (0, 1, 1)
    assert store.count_events() == 1
    ev = store.event(first.events[0].id)
    assert ev["mentions"] == 2 and ev["investment_yuan"] == 12651000000
    assert [s["document_id"] for s in ev["sources"]] == ["e-1", "e-2"]
    assert ev["history"][0]["changes"]["investment_yuan"] == [None, 12651000000]
    # the event found by the later extraction's id too
    assert store.event(better.id)["id"] == first.events[0].id
    # summaries follow the improvement
    assert store.stats("type")[0]["investment_yuan"] == 12651000000


def test_different_figures_are_different_events(store):
    store.ingest([ganzhou_signing("2023-04-02", 12, 3_000_000_000, 1)])
    report = store.ingest([ganzhou_signing("2023-04-02", 30, 9_000_000_000, 2)])
    assert report.events_new == 1 and store.count_events() == 2
    # dates three days apart are not the same event either
    report = store.ingest([ganzhou_signing("2023-04-05", 12, 3_000_000_000, 3)])
    assert report.events_new == 1


def test_batch_is_deduplicated_against_itself(store):
    report = store.ingest([lixia_signing(doc_id="x-1"), lixia_signing(source="copy.txt", doc_id="x-2")],
                          batch_size=10)
    assert report.documents_new == 2 and report.events_new == 1 and report.events_merged == 1


def test_input_errors_are_reported_and_the_rest_stored(store):
    err = InputError("broken.warc.gz", "truncated gzip stream")
    report = store.ingest([err, hefei_groundbreaking()])
    assert report.errors == ["broken.warc.gz: truncated gzip stream"]
    assert store.count_events() == 1


def test_failed_batch_rolls_back_whole(store):
    class Boom(Exception):
        pass

    def results():
        yield lixia_signing()
        raise Boom()

    try:
        store.ingest(results(), batch_size=10)
    except Boom:
        pass
    assert store.counts() == {"documents": 0, "sources": 0, "events": 0, "projects": 0}
    store.ingest([lixia_signing()], batch_size=10)
    assert store.counts()["events"] == 1


def test_summary_stats_equal_stats_from_events(store):
    beijing = make_document("bj-1", "beijing.txt", "东城区今年首批重点项目集中签约，共签约项目9个，总投资42亿元。" * 3,
                            title="东城区集中签约", published="2023-02-20")
    dongcheng = make_event(beijing, "signing", Region("东城区", "110101", "district", ["北京市", "东城区"]),
                           "2023-02-20", count=9, money=4_200_000_000, cue="共签约")
    store.ingest([Result(documents=[beijing], events=[dongcheng])])
    by_city = {r["key"]: r for r in store.stats("region", level="city")}
    assert by_city["110000"]["name"] == "北京市" and by_city["110000"]["projects"] == 9
    store.ingest([lixia_signing(), hefei_groundbreaking(), ganzhou_target(),
                  ganzhou_signing("2023-04-02", 12, 3_000_000_000, 1),
                  ganzhou_signing("2023-05-09", 7, 1_200_000_000, 2)])
    asks = [dict(level=level) for level in ("province", "city", "district")] + [
        dict(year=2023), dict(filters=EventFilter(region="济南")), dict(filters=EventFilter(adcode="360703")),
        dict(filters=EventFilter(type="signing", region="江西")), dict(level="district", year=2022)]
    with store.engine.connect() as conn:
        for by in ("region", "month", "type", "sector"):
            for ask in asks:
                summary = raw_stats(conn, by, **ask)
                # a filter the summary tables cannot answer forces the scan of events
                flt = ask.get("filters") or EventFilter()
                scan_filter = EventFilter(**{**flt.__dict__, "since": "1900"})
                scanned = raw_stats(conn, by, **{**ask, "filters": scan_filter})
                assert summary == scanned, (by, ask)
            assert raw_stats(conn, by), by


def test_regions_table_has_the_divisions_with_parents(store):
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT name, short_name, level, parent FROM regions WHERE adcode='370102'")).one()
        n = conn.execute(text("SELECT COUNT(*) FROM regions")).scalar()
    assert tuple(row) == ("历下区", "历下", "district", "370100")
    assert n > 3000


def test_event_record_round_trips(store):
    result = hefei_groundbreaking()
    store.ingest([result])
    got = store.events()[0]
    want = result.events[0].to_dict()
    for key in ("id", "type", "region", "date", "project_count", "investment_yuan", "annual_investment_yuan",
                "qualifier", "sectors", "people", "evidence", "confidence", "cumulative", "metrics"):
        assert got[key] == want[key], key
