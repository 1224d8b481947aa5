"""Watches: named event filters that match what is stored after they were made, kept by the
store (SQLite and PostgreSQL), listed, shown and removed from the CLI and /api/watches."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    LIXIA, db_url, hefei_groundbreaking, lixia_signing, make_document, make_event, pg_database, store)
from projectradar.app import Settings, create_app
from projectradar.cli import app
from projectradar.errors import ConflictError, FilterError
from projectradar.records import Result
from projectradar.store import EventFilter

runner = CliRunner()
SECOND_SIGNING = ("6月8日，历下区又一批重点项目集中签约，现场签约项目9个，总投资48亿元，"
                  "涉及工业互联网和检验检测等领域，其中济南恒远精密仪器有限公司投资12亿元建设研发中心。")


def second_lixia_signing() -> Result:
    doc = make_document("lixia-2", "lixia_june.txt", SECOND_SIGNING, title="历下区再签一批项目",
                        published="2023-06-09")
    event = make_event(doc, "signing", LIXIA, "2023-06-08", count=9, money=4_800_000_000, qualifier="exact",
                       sectors=("工业互联网",), cue="现场签约")
    event.organizations = [{"name": "济南恒远精密仪器有限公司"}]
    return Result(documents=[doc], events=[event])


def test_a_watch_matches_only_what_is_stored_after_it_was_made(store):
    store.ingest([lixia_signing()])
    made = store.add_watch("济南签约", EventFilter(region="济南", type="signing"))
    assert made["filters"] == {"region": "济南", "type": "signing"} and made["secret"] is None
    assert store.watch_events("济南签约") == (0, [])
    store.ingest([hefei_groundbreaking(), second_lixia_signing()])
    total, rows = store.watch_events("济南签约")
    assert total == 1 and [r["region"]["name"] for r in rows] == ["历下区"]
    assert rows[0]["investment_yuan"] == 4_800_000_000
    assert store.watches() == [{**store.watch("济南签约"), "matched": 1}]
    assert store.watch_events("nobody") is None


def test_a_watch_keeps_every_filter_of_events(store):
    store.ingest([lixia_signing(), hefei_groundbreaking(), second_lixia_signing()])
    flt = EventFilter(adcode="3701", type=["signing", "groundbreaking"], since="2023-01", until="2023-12-31",
                      min_investment=1_000_000_000, sector="工业互联网,生物医药", org="恒远", q="检验检测")
    store.add_watch("all-of-them", flt)
    kept = store.watch("all-of-them")
    assert EventFilter.from_dict(kept["filters"]) == flt
    # the same filter in `events`: organization and several sectors are filters of events too
    assert [e["id"] for e in store.events(flt)] == [second_lixia_signing().events[0].id]
    assert store.events(EventFilter(org="恒远精密")) and not store.events(EventFilter(org="%"))
    assert len(store.events(EventFilter(sector="新能源汽车,生物医药"))) == 2


def test_watch_names_conflicts_and_unknown_places_are_refused(store):
    with pytest.raises(FilterError, match="not a watch name"):
        store.add_watch("a/b", None)
    with pytest.raises(FilterError, match="unknown region"):
        store.add_watch("mars", EventFilter(region="火星基地"))
    store.add_watch("一", None)
    with pytest.raises(ConflictError, match="exists already"):
        store.add_watch("一", EventFilter(type="signing"))
    assert store.remove_watch("一") and not store.remove_watch("一")
    assert store.watches() == []


def test_deliveries_settle_an_event_for_its_watch_only(store):
    watch = store.add_watch("hook", EventFilter(region="山东"), webhook_url="https://hooks.example/x",
                            secret="k" * 32)
    other = store.add_watch("hook2", None, webhook_url="https://hooks.example/y", secret="k" * 32)
    store.ingest([lixia_signing()])
    event_id = lixia_signing().events[0].id
    assert [e["id"] for e in store.pending_deliveries(watch)] == [event_id]
    store.log_delivery(watch, event_id=event_id, delivery_id="d1", attempt=1, outcome="failed", status=500,
                       error="HTTP 500")
    assert [e["id"] for e in store.pending_deliveries(watch)] == [event_id]       # a failure is tried again
    store.log_delivery(watch, event_id=event_id, delivery_id="d1", attempt=2, outcome="delivered", status=204)
    assert store.pending_deliveries(watch) == []
    assert [e["id"] for e in store.pending_deliveries(other)] == [event_id]
    log = store.deliveries("hook")
    assert [(d["attempt"], d["outcome"], d["status"]) for d in log] == [(2, "delivered", 204), (1, "failed", 500)]
    assert [w["name"] for w in store.webhook_watches()] == ["hook", "hook2"]
    assert store.webhook_watches()[0]["secret"] == "k" * 32 and "secret" not in store.watches()[0]
    store.remove_watch("hook")
    assert store.deliveries("hook") is None


# --------------------------------------------------------------------- CLI
def test_watch_commands(tmp_path):
    db = str(tmp_path / "radar.db")
    from projectradar.store import Store

    with Store(db) as s:
        s.ingest([lixia_signing()])
    added = runner.invoke(app, ["watch", "add", "历下", "--db", db, "--region", "历下区", "--min-investment", "10亿"])
    assert added.exit_code == 0, added.output
    assert "历下区 · 不少于10亿元" in added.output and "/feeds/watches/历下.atom" in added.output
    again = runner.invoke(app, ["watch", "add", "历下", "--db", db])
    assert again.exit_code == 1 and "exists already" in again.output
    with Store(db) as s:
        s.ingest([second_lixia_signing()])
    listed = runner.invoke(app, ["watch", "list", "--db", db, "--format", "json"])
    assert [(w["name"], w["matched"]) for w in json.loads(listed.stdout)] == [("历下", 1)]
    shown = runner.invoke(app, ["watch", "show", "历下", "--db", db, "--format", "jsonl"])
    assert [json.loads(line)["date"]["start"] for line in shown.stdout.splitlines()] == ["2023-06-08"]
    table = runner.invoke(app, ["watch", "show", "历下", "--db", db])
    assert "1 of 1 events since the watch was made" in table.output
    secretless = runner.invoke(app, ["watch", "add", "x", "--db", db, "--secret", "0123456789abcdef0"])
    assert secretless.exit_code == 2 and "--webhook" in secretless.output
    private = runner.invoke(app, ["watch", "add", "x", "--db", db, "--webhook", "http://10.0.0.8/hook"])
    assert private.exit_code == 2 and "private address" in private.output
    assert runner.invoke(app, ["watch", "rm", "历下", "--db", db]).exit_code == 0
    gone = runner.invoke(app, ["watch", "show", "历下", "--db", db])
    assert gone.exit_code == 1 and "no watch named" in gone.output
    assert runner.invoke(app, ["watch", "deliveries", "历下", "--db", db]).exit_code == 1


# --------------------------------------------------------------------- API
TOKEN = "w-token"


@pytest.fixture()
def client(tmp_path):
    from projectradar.store import Store

    s = Store(str(tmp_path / "api.db"))
    s.ingest([lixia_signing()])
    yield TestClient(create_app(s, settings=Settings(token=TOKEN)))
    s.close()


def _auth() -> dict:
    return {"Authorization": f"Bearer {TOKEN}"}


def test_api_watches_writes_need_the_token_and_reads_hide_webhook_paths(client):
    body = {"name": "济南签约", "filters": {"region": "济南", "type": "signing,groundbreaking", "min_investment": "10亿"},
            "webhook_url": "https://hooks.example/radar/s3cret-path"}
    assert client.post("/api/watches", json=body).status_code == 401
    made = client.post("/api/watches", json=body, headers=_auth())
    assert made.status_code == 201, made.text
    answer = made.json()
    assert len(answer["secret"]) == 64 and answer["feed"] == "/feeds/watches/%E6%B5%8E%E5%8D%97%E7%AD%BE%E7%BA%A6.atom"
    assert answer["filters"] == {"region": "济南", "type": "signing,groundbreaking", "min_investment": 1_000_000_000}
    assert client.post("/api/watches", json=body, headers=_auth()).status_code == 409
    listed = client.get("/api/watches").json()["watches"]
    assert listed[0]["webhook_url"] == "https://hooks.example/…" and "secret" not in listed[0]
    assert client.get("/api/watches", headers=_auth()).json()["watches"][0]["webhook_url"] == body["webhook_url"]
    one = client.get("/api/watches/济南签约").json()
    assert one["matched"] == 0 and one["events"] == []


@pytest.mark.parametrize("body, says", [
    ({"name": "a b"}, "not a watch name"),
    ({"name": "x", "filters": {"type": "party"}}, "unknown event type"),
    ({"name": "x", "filters": {"since": "last week"}}, "not a date"),
    ({"name": "x", "filters": {"min_investment": "lots"}}, "not an amount"),
    ({"name": "x", "filters": {"region": "火星基地"}}, "unknown region"),
    ({"name": "x", "webhook_url": "http://127.0.0.1:9/hook"}, "loopback"),
    ({"name": "x", "webhook_url": "ftp://hooks.example/"}, "http(s)"),
])
def test_api_watches_refuses_bad_watches_with_422(client, body, says):
    answer = client.post("/api/watches", json=body, headers=_auth())
    assert answer.status_code == 422 and says in answer.json()["error"]


def test_api_watch_shows_what_matched_after_an_ingest_and_can_be_removed(client):
    client.post("/api/watches", json={"name": "签约", "filters": {"type": "signing"}}, headers=_auth())
    page = ("历下区集中签约\n\n2026年3月3日，济南市历下区举行重点项目集中签约活动，现场签约项目12个，总投资66亿元。\n")
    assert client.post("/api/ingest", data={"text": page}, headers=_auth()).status_code == 200
    one = client.get("/api/watches/签约").json()
    assert one["matched"] == 1 and one["events"][0]["project_count"] == 12
    assert client.get("/api/watches/签约/deliveries").json() == {"watch": "签约", "deliveries": []}
    assert client.delete("/api/watches/签约").status_code == 401
    assert client.delete("/api/watches/签约", headers=_auth()).json() == {"removed": "签约"}
    assert client.get("/api/watches/签约").status_code == 404
    assert client.delete("/api/watches/签约", headers=_auth()).status_code == 404
