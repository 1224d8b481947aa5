"""Webhooks: after each ingest, every event new to a watch is POSTed once to a receiver on
127.0.0.1 (allowed by the operator's flag), signed with HMAC-SHA256, retried after a 500,
and every attempt is in the watch's delivery log. Without the flag the loopback receiver is
refused."""
from __future__ import annotations

import json
import shutil
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from projectradar.app import Settings, create_app
from projectradar.cli import app
from projectradar.netguard import ALLOW_ENV
from projectradar.notify import SIGNATURE_HEADER, deliver_pending, sign, verify
from projectradar.store import EventFilter, Store
from projectradar.web.demo import demo_files

runner = CliRunner()
SECRET = "receiver-shared-secret-0123456789"


class Receiver:
    """An HTTP server on 127.0.0.1 that keeps every POST and answers with the statuses it
    is told to give: ``plan[n]`` for the n-th request (0-based), 204 otherwise."""

    def __init__(self, plan: dict[int, int] | None = None):
        self.plan = dict(plan or {})
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                with receiver.lock:
                    status = receiver.plan.get(len(receiver.requests), 204)
                    receiver.requests.append({"headers": dict(self.headers), "body": body, "status": status})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/radar-hook"

    def accepted(self) -> list[dict]:
        """Bodies of the requests answered 2xx, decoded."""
        return [json.loads(r["body"]) for r in self.requests if 200 <= r["status"] < 300]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver():
    found = Receiver()
    yield found
    found.close()


@pytest.fixture()
def pages(tmp_path):
    """The demo corpus split in two: the first ingest reads the first half, the second all
    of it (so it brings the second half's events and repeats the first's)."""
    files = demo_files()
    first, everything = tmp_path / "first", tmp_path / "all"
    first.mkdir()
    everything.mkdir()
    for n, path in enumerate(files):
        shutil.copy(path, everything / path.name)
        if n < len(files) // 2:
            shutil.copy(path, first / path.name)
    return first, everything


def _ingest(db: str, folder, *extra: str):
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", "1", *extra])
    assert result.exit_code == 0, result.output
    return result


def test_each_new_event_reaches_the_receiver_once_signed_across_two_ingests(tmp_path, receiver, pages, monkeypatch):
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    first, everything = pages
    db = str(tmp_path / "radar.db")
    with Store(db) as store:
        store.ingest([])
    added = runner.invoke(app, ["watch", "add", "山东", "--db", db, "--region", "山东", "--webhook", receiver.url,
                                "--secret", SECRET, "--allow-private-urls"])
    assert added.exit_code == 0, added.output
    receiver.plan = {1: 500}           # the second request fails once: the same event comes again

    out = _ingest(db, first, "--allow-private-urls")
    assert "webhooks: " in out.output and " 0 failed" in out.output
    after_first = len(receiver.requests)
    out = _ingest(db, everything, "--allow-private-urls")
    assert "webhooks: " in out.output

    with Store(db) as store:
        total, matched = store.watch_events("山东", limit=500)
        listed = {e["id"]: e for e in store.events(EventFilter(region="山东"), limit=500)}
        log = store.deliveries("山东", limit=500)
    received = receiver.accepted()
    ids = [body["id"] for body in received]
    assert total >= 10 and 0 < after_first < len(receiver.requests)
    assert Counter(ids) == Counter({e["id"]: 1 for e in matched})          # every new event, exactly once
    for request in receiver.requests:
        body = request["body"]
        assert verify(SECRET, body, request["headers"][SIGNATURE_HEADER])
        assert request["headers"][SIGNATURE_HEADER] == sign(SECRET, body)
        assert not verify("another-secret-entirely-000000", body, request["headers"][SIGNATURE_HEADER])
        assert request["headers"]["Content-Type"].startswith("application/json")
        assert request["headers"]["X-Radar-Watch"] == "%E5%B1%B1%E4%B8%9C"
    for body in received:                                                   # the body is the event record
        assert body == listed[body["id"]]
    retried = receiver.requests[1]
    again = receiver.requests[2]
    assert retried["status"] == 500 and again["status"] == 204
    assert again["headers"]["X-Radar-Delivery"] == retried["headers"]["X-Radar-Delivery"]
    assert again["body"] == retried["body"] and again["headers"]["X-Radar-Attempt"] == "2"
    outcomes = Counter(d["outcome"] for d in log)
    assert outcomes == {"delivered": len(matched), "failed": 1}
    failed = next(d for d in log if d["outcome"] == "failed")
    assert failed["status"] == 500 and failed["attempt"] == 1

    # a third ingest of the same pages sends nothing
    before = len(receiver.requests)
    _ingest(db, everything, "--allow-private-urls")
    assert len(receiver.requests) == before


def test_a_loopback_receiver_is_refused_without_the_flag(tmp_path, receiver, pages, monkeypatch):
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    first, _ = pages
    db = str(tmp_path / "radar.db")
    with Store(db) as store:
        # kept with the flag once (e.g. by another operator), then delivered without it
        store.add_watch("all", None, webhook_url=receiver.url, secret=SECRET)
    out = _ingest(db, first)
    assert "all: refused: 127.0.0.1 is a loopback address" in out.output
    assert receiver.requests == []
    with Store(db) as store:
        log = store.deliveries("all")
        assert [d["outcome"] for d in log] == ["refused"]       # logged once, the rest wait
        pending = store.pending_deliveries(store.watch("all", secret=True))
        assert pending
        report = deliver_pending(store, allow_private=True, backoff=0)
    assert report.delivered == len(pending) == len(receiver.requests)


def test_a_receiver_that_stays_down_keeps_events_for_the_next_ingest(tmp_path, pages):
    first, _ = pages
    db = str(tmp_path / "radar.db")
    down = Receiver(plan={n: 503 for n in range(3)})
    waits: list[float] = []
    try:
        with Store(db) as store:
            store.add_watch("all", None, webhook_url=down.url, secret=SECRET)
            store.ingest([])
        _ingest(db, first, "--quiet", "--allow-private-urls")
        with Store(db) as store:
            watch = store.watch("all", secret=True)
            waiting = len(store.pending_deliveries(watch))
            # the CLI's round gave up after three attempts at the first event
            assert [d["outcome"] for d in store.deliveries("all")] == ["failed"] * 3
            assert waiting >= 2 and len(down.requests) == 3
            report = deliver_pending(store, allow_private=True, backoff=0.5, sleep=waits.append)
            assert report.delivered == waiting and report.failed == 0
            assert store.pending_deliveries(watch) == []
    finally:
        down.close()
    assert waits == []                                         # the receiver was back: no backoff needed


def test_retries_back_off_and_a_4xx_is_not_retried(tmp_path, pages):
    first, _ = pages
    db = str(tmp_path / "radar.db")
    flaky = Receiver(plan={0: 500, 1: 502, 2: 400})
    waits: list[float] = []
    try:
        with Store(db) as store:
            store.add_watch("all", None, webhook_url=flaky.url, secret=SECRET)
            _ingest_quietly(store, first)
            report = deliver_pending(store, allow_private=True, backoff=0.5, sleep=waits.append, limit=2)
            log = list(reversed(store.deliveries("all")))
    finally:
        flaky.close()
    assert waits == [0.5, 1.0]
    assert [(d["attempt"], d["outcome"], d["status"]) for d in log] == [
        (1, "failed", 500), (2, "failed", 502), (3, "rejected", 400), (1, "delivered", 204)]
    assert (report.delivered, report.rejected, report.failed) == (1, 1, 0)


def _ingest_quietly(store: Store, folder) -> None:
    import projectradar

    projectradar.ingest(store, [folder], workers=1)


def test_the_api_ingest_sends_webhooks_after_answering(tmp_path, receiver):
    store = Store(str(tmp_path / "radar.db"))
    client = TestClient(create_app(store, settings=Settings(token="t", allow_private_urls=True)))
    made = client.post("/api/watches", json={"name": "签约", "filters": {"type": "signing"},
                                             "webhook_url": receiver.url}, headers={"Authorization": "Bearer t"})
    assert made.status_code == 201
    secret = made.json()["secret"]
    page = "城阳区集中签约\n\n2026年11月20日，青岛市城阳区举行项目集中签约活动，现场签约项目8个，总投资41亿元。\n"
    answer = client.post("/api/ingest", data={"text": page}, headers={"Authorization": "Bearer t"})
    assert answer.status_code == 200 and answer.json()["report"]["events_new"] == 1
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert verify(secret, request["body"], request["headers"][SIGNATURE_HEADER])
    assert json.loads(request["body"])["investment_yuan"] == 4_100_000_000
    log = client.get("/api/watches/签约/deliveries").json()["deliveries"]
    assert [(d["outcome"], d["status"]) for d in log] == [("delivered", 204)]
    store.close()


def test_a_watch_whose_filter_no_longer_resolves_is_reported_and_the_others_go_on(tmp_path, receiver):
    from sqlalchemy import text

    with Store(str(tmp_path / "radar.db")) as store:
        store.add_watch("gone", EventFilter(region="济南"), webhook_url=receiver.url, secret=SECRET)
        store.add_watch("fine", None, webhook_url=receiver.url, secret=SECRET)
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE watches SET filters = '{\"region\": \"火星基地\"}' WHERE name = 'gone'"))
        _ingest_quietly(store, demo_files()[0])
        report = deliver_pending(store, allow_private=True, backoff=0)
    assert report.problems == ["gone: unknown region: '火星基地' (try an adcode with --adcode)"]
    assert report.delivered == len(receiver.requests) > 0
