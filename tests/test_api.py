"""The REST API over the demo corpus: filters, paging, sort, one event, regions, stats,
targets, documents, search, export, and JSON errors with the right statuses."""
from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from projectradar.app import Settings, create_app
from projectradar.web.demo import build_demo_db


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store, report = build_demo_db(tmp_path_factory.mktemp("api") / "demo.db")
    assert report.events_new >= 20, report.errors
    return store


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store, settings=Settings(token="t0ken")))


def test_events_lists_with_total_and_paging(client):
    body = client.get("/api/events", params={"limit": 5}).json()
    assert body["limit"] == 5 and body["offset"] == 0
    assert len(body["events"]) == 5
    assert body["total"] >= 20
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    assert {e["id"] for e in body["events"]}.isdisjoint({e["id"] for e in second["events"]})


def test_events_filter_by_type_and_region_includes_children(client):
    body = client.get("/api/events", params={"type": "signing", "region": "济南", "limit": 100}).json()
    assert body["total"] >= 1
    for event in body["events"]:
        assert event["type"] == "signing"
        assert event["region"]["adcode"].startswith("3701")
    names = {e["region"]["name"] for e in body["events"]}
    assert "历城区" in names  # a district, found through its city


def test_events_filter_by_adcode_min_investment_and_dates(client):
    body = client.get("/api/events", params={"adcode": "37", "min_investment": "100亿", "limit": 100}).json()
    assert body["events"], "the demo has Shandong events of 100亿 or more"
    assert all(e["investment_yuan"] >= 10_000_000_000 for e in body["events"])
    assert all(e["region"]["adcode"].startswith("37") for e in body["events"])
    dated = client.get("/api/events", params={"since": "2026-05-01", "until": "2026-06-30", "limit": 100}).json()
    assert dated["events"]
    assert all("2026-05-01" <= e["date"]["start"][:10] <= "2026-06-30" for e in dated["events"])


def test_events_sort_by_investment(client):
    body = client.get("/api/events", params={"sort": "-investment", "limit": 10}).json()
    amounts = [e["investment_yuan"] or 0 for e in body["events"]]
    assert amounts == sorted(amounts, reverse=True)
    assert amounts[0] > 0


@pytest.mark.parametrize("params, word", [
    ({"type": "bogus"}, "type"),
    ({"since": "yesterday"}, "since"),
    ({"min_investment": "lots"}, "min_investment"),
    ({"sort": "-color"}, "sort"),
    ({"limit": 0}, "limit"),
    ({"adcode": "ab"}, "adcode"),
])
def test_bad_filters_are_422_with_a_message(client, params, word):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and word in body["error"]


def test_filter_error_is_422_and_other_store_errors_503(store):
    from projectradar.errors import FilterError, StoreError

    app = create_app(store, settings=Settings(token="t0ken"))

    @app.get("/api/_raise/{kind}")
    def _raise(kind: str):
        # the status comes from the exception's class, not from its wording
        raise FilterError("no such district as 花果山") if kind == "filter" else StoreError("unknown disk failure")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        bad = test_client.get("/api/_raise/filter")
        assert bad.status_code == 422 and bad.json()["error"] == "no such district as 花果山"
        down = test_client.get("/api/_raise/store")
        assert down.status_code == 503 and "unknown disk failure" in down.json()["error"]


def test_one_event_has_sources_with_evidence_and_history(client):
    first = client.get("/api/events", params={"type": "signing", "limit": 1}).json()["events"][0]
    event = client.get(f"/api/events/{first['id']}").json()
    assert event["id"] == first["id"]
    assert event["sources"] and event["sources"][0]["evidence"]["text"]
    assert "history" in event


def test_unknown_ids_are_404_json(client):
    for url in ("/api/events/0000000000000000", "/api/documents/ffffffffffffffff", "/api/regions/999999"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/json")
        assert "no " in response.json()["error"]


def test_region_summary_ranks_children(client):
    body = client.get("/api/regions/370100").json()
    assert body["region"]["name"] == "济南市"
    children = {c["key"] for c in body["children"]}
    assert "370112" in children  # 历城区
    assert body["events"]


def test_map_rows_for_provinces_and_a_province(client):
    provinces = client.get("/api/map", params={"year": 2026}).json()
    assert provinces["level"] == "province"
    by_code = {r["adcode"]: r for r in provinces["regions"]}
    assert by_code["370000"]["investment_yuan"] > 0
    cities = client.get("/api/map", params={"adcode": "370000", "year": 2026}).json()
    assert cities["level"] == "city"
    assert {"370100", "371300"} <= {r["adcode"] for r in cities["regions"]}
    amounts = [r["investment_yuan"] for r in cities["regions"]]
    assert amounts == sorted(amounts, reverse=True)


def test_stats_and_timeline(client):
    by_type = client.get("/api/stats", params={"by": "type", "year": 2026}).json()["rows"]
    assert {"signing", "groundbreaking"} <= {r["key"] for r in by_type}
    assert client.get("/api/stats", params={"by": "colour"}).status_code == 422
    line = client.get("/api/timeline", params={"year": 2026}).json()
    assert len(line["months"]) == 12
    assert sum(line["series"]["signing"]) > 0 and sum(line["series"]["groundbreaking"]) > 0


def test_targets_have_progress(client):
    body = client.get("/api/targets", params={"year": 2026}).json()
    assert body["targets"]
    assert all(t["type"] == "target" and "progress" in t for t in body["targets"])


def test_document_has_events_with_offsets_into_its_text(client):
    event = client.get("/api/events", params={"type": "groundbreaking", "limit": 1}).json()["events"][0]
    doc = client.get(f"/api/documents/{event['document_id']}").json()
    assert doc["events"]
    for told in doc["events"]:
        ev = told["evidence"]
        assert doc["text"][ev["start"]:ev["end"]] == ev["text"]


def test_search_finds_two_character_words(client):
    body = client.get("/api/search", params={"q": "签约"}).json()
    assert body["documents"] and body["events"]
    assert client.get("/api/search").status_code == 422


def test_export_csv_of_the_current_filter(client):
    response = client.get("/api/export", params={"format": "csv", "type": "signing"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    total = client.get("/api/events", params={"type": "signing"}).json()["total"]
    assert len(rows) == total
    assert {r["type"] for r in rows} == {"signing"}


@pytest.mark.parametrize("fmt, magic", [("xlsx", b"PK"), ("parquet", b"PAR1")])
def test_export_binary_formats(client, fmt, magic):
    response = client.get("/api/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert client.get("/api/export", params={"format": "pdf"}).status_code == 422


def test_openapi_docs_are_served(client):
    schema = client.get("/openapi.json").json()
    assert "/api/events" in schema["paths"] and "/api/ingest" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower()  # nothing fetched from outside at run time


def test_server_timing_header(client):
    assert client.get("/api/events").headers["server-timing"].startswith("app;dur=")


def test_reads_can_require_the_token(store):
    locked = TestClient(create_app(store, settings=Settings(token="t0ken", read_requires_token=True)))
    assert locked.get("/api/events").status_code == 401
    home = locked.get("/", follow_redirects=False)          # a browser is sent to sign in
    assert home.status_code == 303 and home.headers["location"].startswith("/login")
    ok = locked.get("/api/events", headers={"Authorization": "Bearer t0ken"})
    assert ok.status_code == 200


def test_settings_from_env():
    settings = Settings.from_env({"PROJECTRADAR_TOKEN": "abc", "PROJECTRADAR_READ_TOKEN": "1",
                                  "PROJECTRADAR_MAX_UPLOAD": "2048"})
    assert settings == Settings(token="abc", read_requires_token=True, max_upload_bytes=2048)
    assert Settings.from_env({}).token is None


@pytest.mark.parametrize("adcode, level", [(None, "province"), ("000000", "province"), ("370000", "city"),
                                           ("110000", "district"), ("500000", "district"), ("370100", "district")])
def test_child_level(adcode, level):
    from projectradar.store.overview import child_level

    assert child_level(adcode) == level


def test_parse_yuan():
    from projectradar.formatting import parse_yuan

    assert parse_yuan("10亿") == 1_000_000_000
    assert parse_yuan("2.5亿元") == 250_000_000
    assert parse_yuan("5000万") == 50_000_000
    assert parse_yuan("300000000") == 300_000_000
    assert parse_yuan("1,200万") == 12_000_000
    for bad in ("lots", "3亿美元", "", "十亿", "10亿立方米"):
        with pytest.raises(ValueError, match="in digits"):
            parse_yuan(bad)


def test_count_cache_expires_and_is_bounded():
    from projectradar.http import CountCache

    now = [0.0]
    cache = CountCache(ttl=10, size=2, clock=lambda: now[0])
    assert cache.get("a", lambda: 1) == 1
    assert cache.get("a", lambda: 2) == 1      # fresh: cached
    now[0] = 11
    assert cache.get("a", lambda: 3) == 3      # stale: counted again
    cache.get("b", lambda: 4)
    cache.get("c", lambda: 5)                  # evicts the oldest ("a")
    assert cache.get("a", lambda: 6) == 6
    cache.clear()
    assert cache.get("b", lambda: 7) == 7
