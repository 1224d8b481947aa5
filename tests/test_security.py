"""Safety: writes need the token (401), uploads are bounded (413), article text is escaped."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from projectradar.app import Settings, create_app
from projectradar.store import Store

TOKEN = "s3cret-token"
HOSTILE_PAGE = """<html><head><meta charset="utf-8"><title>测试县签约<script>alert('t')</script></title></head>
<body><h1>测试：江北区集中签约8个项目 总投资40亿元<img src=x onerror="alert('h')"></h1>
<p>2026年3月2日，重庆市江北区举行项目集中签约活动，8个项目签约，总投资40亿元。&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=window.pwned=2&gt;</p>
<p>现场还展示了&lt;b&gt;加粗&lt;/b&gt;字样，不应被当作标签。</p>
</body></html>"""


@pytest.fixture()
def client(tmp_path):
    store = Store(str(tmp_path / "sec.db"))
    return TestClient(create_app(store, settings=Settings(token=TOKEN, max_upload_bytes=64 * 1024)))


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_ingest_without_token_is_401(client):
    response = client.post("/api/ingest", data={"text": "某区签约5个项目，总投资10亿元。"})
    assert response.status_code == 401
    assert "token" in response.json()["error"]
    assert client.get("/api/events").json()["total"] == 0


def test_ingest_with_a_wrong_token_is_401(client):
    response = client.post("/api/ingest", data={"text": "某区签约5个项目。"}, headers=_auth("nope"))
    assert response.status_code == 401


def test_writes_are_refused_when_no_token_is_configured(tmp_path):
    open_client = TestClient(create_app(Store(str(tmp_path / "x.db")), settings=Settings(token=None)))
    response = open_client.post("/api/ingest", data={"text": "签约"}, headers=_auth("anything"))
    assert response.status_code == 401
    assert "PROJECTRADAR_TOKEN" in response.json()["error"]


def test_upload_over_the_limit_is_413(client):
    big = "签约" * 40_000  # ~240 KB in UTF-8, the limit is 64 KB
    response = client.post("/api/ingest", files={"files": ("big.txt", big.encode("utf-8"), "text/plain")},
                           headers=_auth())
    assert response.status_code == 413
    assert "limit" in response.json()["error"]


def test_a_chunked_upload_over_the_limit_is_413(client):
    # no Content-Length: only the running count over the streamed body can refuse it
    def body():
        for _ in range(40):
            yield ("签约" * 1000).encode("utf-8")

    response = client.post("/api/ingest", content=body(), headers={**_auth(), "Content-Type": "text/plain"})
    assert response.status_code == 413
    assert "limit" in response.json()["error"]
    assert client.get("/api/events").json()["total"] == 0


def test_empty_ingest_is_422(client):
    response = client.post("/api/ingest", data={"text": "   "}, headers=_auth())
    assert response.status_code == 422


def test_hostile_page_is_stored_and_rendered_escaped(client):
    response = client.post("/api/ingest", headers=_auth(),
                           files={"files": ("hostile.html", HOSTILE_PAGE.encode("utf-8"), "text/html")})
    assert response.status_code == 200, response.text
    assert response.json()["report"]["documents_new"] >= 1
    events = client.get("/api/events").json()["events"]
    assert events, "the page's signing should be read"
    doc_id = events[0]["document_id"]
    pages = [client.get(f"/documents/{doc_id}"), client.get(f"/events/{events[0]['id']}"),
             client.get("/search", params={"q": "签约"}), client.get("/events")]
    for page in pages:
        assert page.status_code == 200
        html = page.text
        assert "<script>window.pwned" not in html and "<script>alert" not in html
        assert "<img src=x" not in html and 'onerror="alert' not in html
        assert "script-src 'self'" in page.headers["content-security-policy"]
    reader = pages[0].text
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in reader  # shown as text, not run


def test_pasted_text_is_ingested(client):
    text = "2026年4月8日，重庆市江北区举行招商签约会，现场签约项目6个，总投资32亿元。"
    response = client.post("/api/ingest", data={"text": text, "published": "2026-04-09"}, headers=_auth())
    assert response.status_code == 200
    assert response.json()["ingested"] == 1
    assert client.get("/api/events", params={"type": "signing"}).json()["total"] >= 1


def test_pasted_text_takes_the_publication_date_given(client):
    text = "江北区六个项目集中签约\n4月8日，重庆市江北区举行招商签约会，现场签约项目6个，总投资32亿元。"
    response = client.post("/api/ingest", data={"text": text, "published": "2026-04-09"}, headers=_auth())
    assert response.status_code == 200
    event = client.get("/api/events", params={"type": "signing"}).json()["events"][0]
    assert event["date"]["start"] == "2026-04-08"           # the year comes from the date given
    document = client.get(f"/api/documents/{event['document_id']}").json()
    assert document["published"] == "2026-04-09"
    bad = client.post("/api/ingest", data={"text": text, "published": "yesterday"}, headers=_auth())
    assert bad.status_code == 422 and bad.json()["error"].startswith("published: not a date")


def test_uploaded_file_names_cannot_escape_the_upload_folder(client, tmp_path):
    response = client.post("/api/ingest", headers=_auth(),
                           files={"files": ("../../../../tmp/evil.txt", "某区签约3个项目。".encode(), "text/plain")})
    assert response.status_code == 200
    sources = {s["source"] for e in client.get("/api/events").json()["events"] for s in e["sources"]}
    assert all(".." not in s for s in sources)
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_an_upload_is_written_inside_the_upload_folder_whatever_its_name(client, monkeypatch, tmp_path):
    import tempfile

    uploads = tmp_path / "uploads"
    uploads.mkdir()
    made = []

    def mkdtemp(prefix=""):
        folder = uploads / f"{prefix}{len(made)}"
        folder.mkdir()
        made.append(folder)
        return str(folder)

    written = []
    real_write = Path.write_bytes
    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(Path, "write_bytes", lambda self, data: (written.append(self.resolve()), real_write(self, data))[1])
    for name in ("../../escape.txt", f"{tmp_path}/absolute.txt", "a/../../b.txt", "..\\..\\win.txt"):
        client.post("/api/ingest", headers=_auth(), files={"files": (name, "某区签约3个项目。".encode(), "text/plain")})
    assert written and all(made[0].resolve() in w.parents or any(m.resolve() in w.parents for m in made)
                           for w in written), written


def test_reads_stay_fast_while_an_upload_is_extracted(tmp_path):
    import threading
    import time

    page = ("2024年3月5日，某市某区举行重点项目集中签约活动，现场签约项目12个，总投资86亿元，"
            "涉及新能源、高端装备等产业。") * 40
    files = [("files", (f"p{i}.txt", (page + f"第{i}页。").encode("utf-8"), "text/plain")) for i in range(40)]
    store = Store(str(tmp_path / "busy.db"))
    app = create_app(store, settings=Settings(token=TOKEN, max_upload_bytes=4 * 1024 * 1024))
    with TestClient(app) as client:   # one event loop for every request, as a real server has
        client.get("/api/events")
        done = threading.Event()
        answer = {}

        def upload():
            answer["r"] = client.post("/api/ingest", files=files, headers=_auth())
            done.set()

        threading.Thread(target=upload).start()
        latencies = []
        while not done.is_set():
            start = time.perf_counter()
            assert client.get("/api/events?limit=5").status_code == 200
            latencies.append(time.perf_counter() - start)
            time.sleep(0.01)
        assert answer["r"].status_code == 200, answer["r"].text
        assert len(latencies) >= 10, latencies       # the upload took a while: reads were tried during it
        latencies.sort()
        assert latencies[int(len(latencies) * 0.95)] < 0.1, latencies[-5:]


def test_upload_errors_do_not_show_server_paths(client):
    response = client.post("/api/ingest", files={"files": ("bad.jsonl", b"not json\n", "text/plain")},
                           headers=_auth())
    assert "projectradar-upload" not in response.text and "/tmp" not in response.text, response.text
    assert "bad.jsonl" in response.text


@pytest.mark.parametrize("query", ["since=2023-13-45", "until=2024-02-30", "since=2023-00", "until=2023-13"])
def test_impossible_dates_are_422_not_an_empty_answer(client, query):
    for path in ("/api/events", "/api/stats", "/api/export"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, response.text)
        assert "not a date" in response.json()["error"]
    assert client.get("/api/events?since=2024-02-29").status_code == 200


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(1)", "data:text/html,x"])
def test_a_script_url_from_the_input_is_never_a_link(client, url):
    import json

    line = json.dumps({"url": url, "title": "某区集中签约",
                       "text": "2026年3月2日，重庆市江北区举行项目集中签约活动，8个项目签约，总投资40亿元。"},
                      ensure_ascii=False)
    response = client.post("/api/ingest", headers=_auth(),
                           files={"files": ("lines.jsonl", line.encode("utf-8"), "application/json")})
    assert response.status_code == 200, response.text
    event = client.get("/api/events").json()["events"][0]
    for page in (client.get(f"/documents/{event['document_id']}"), client.get(f"/events/{event['id']}")):
        assert page.status_code == 200
        assert 'href="javascript' not in page.text.lower() and 'href="data:' not in page.text.lower()
        assert 'href=" javascript' not in page.text.lower()


def test_with_a_read_token_every_read_needs_it_and_a_browser_signs_in(tmp_path):
    app = create_app(Store(str(tmp_path / "r.db")), settings=Settings(token=TOKEN, read_requires_token=True))
    browser = TestClient(app, follow_redirects=False)
    for path in ("/api/events", "/openapi.json"):
        assert browser.get(path).status_code == 401, path
    for path in ("/events", "/docs", "/"):
        page = browser.get(path)
        assert page.status_code == 303 and page.headers["location"].startswith("/login?next="), path
    assert browser.get("/login").status_code == 200
    assert browser.post("/login", data={"token": "wrong", "next": "/events"}).status_code == 401
    assert browser.post("/login", data={"token": TOKEN, "next": "//evil.example/"}).headers["location"] == "/"
    signed_in = browser.post("/login", data={"token": TOKEN, "next": "/events"})
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/events"
    assert "httponly" in signed_in.headers["set-cookie"].lower()
    for path in ("/events", "/openapi.json", "/api/events", "/docs"):
        assert browser.get(path).status_code == 200, path
    # the session reads, it never writes: writes still need the bearer token
    assert browser.post("/api/ingest", data={"text": "某区签约5个项目。"}).status_code == 401
    assert TestClient(app).get("/openapi.json", headers=_auth()).status_code == 200
