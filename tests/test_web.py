"""The dashboard's server-rendered pages over the demo corpus."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from projectradar.app import Settings, create_app
from projectradar.web import pages
from projectradar.web.demo import build_demo_db, demo_files
from projectradar.formatting import yuan
from projectradar.web.format import highlight_segments


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store, _ = build_demo_db(tmp_path_factory.mktemp("web") / "demo.db")
    return TestClient(create_app(store, settings=Settings()))


def test_demo_corpus_has_the_shapes_it_promises():
    files = demo_files()
    assert 15 <= len(files) <= 25
    suffixes = {p.suffix for p in files}
    assert {".txt", ".html", ".jsonl"} <= suffixes
    gbk = [p for p in files if b"charset=gbk" in p.read_bytes()]
    assert gbk and not _is_utf8(gbk[0].read_bytes())
    assert any("簽約" in p.read_text(encoding="utf-8") for p in files if p.suffix == ".txt")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def test_overview_shows_totals_timeline_map_and_top_regions(client):
    html = client.get("/", params={"year": 2026}).text
    assert "2026 年招商引资总览" in html
    assert re.search(r'class="card t-signing".*?<span class="value">(\d+)', html, re.S).group(1) != "0"
    assert 'id="timeline-data"' in html and 'id="top-regions"' in html
    assert "济南市" in html


def test_overview_without_vendor_assets_shows_a_notice(client, monkeypatch):
    monkeypatch.setattr(pages, "VENDOR", pages.HERE / "static" / "no-such-vendor")
    html = client.get("/").text
    assert 'id="map-missing"' in html and "build_assets.py" in html
    assert "/static/vendor/echarts.min.js" not in html


def test_events_page_keeps_the_filter_in_the_url_and_offers_downloads(client):
    html = client.get("/events", params={"type": "signing", "region": "济南"}).text
    assert 'option value="signing" selected' in html
    assert "/api/export?region=%E6%B5%8E%E5%8D%97&amp;type=signing&amp;format=csv" in html
    assert "format=xlsx" in html
    assert "历城区" in html and "章丘区" not in html


def test_events_page_bad_filter_is_an_html_422(client):
    response = client.get("/events", params={"type": "nonsense"})
    assert response.status_code == 422
    assert "参数有误" in response.text


def test_event_page_shows_facts_and_highlighted_evidence(client):
    event = client.get("/api/events", params={"type": "signing", "region": "历城", "sort": "-investment"}).json()["events"][0]
    html = client.get(f"/events/{event['id']}").text
    assert 'class="evidence-mark"' in html
    assert "186.4亿元" in html
    assert f'/documents/{event["document_id"]}#ev-{event["id"]}' in html


def test_region_page_ranks_children_and_shows_targets(client):
    html = client.get("/regions/370100", params={"year": 2026}).text
    assert 'id="children-ranking"' in html
    ranking = html[html.index('id="children-ranking"'):]
    assert ranking.index("历城区") < ranking.index("章丘区")  # more signed investment ranks first
    target_page = client.get("/regions/340123").text  # 肥西县 announced a target
    assert 'class="progress"' in target_page or "目标" in target_page


def test_reader_highlights_each_event_and_lists_teasers(client):
    event = client.get("/api/events", params={"source": "01_jinan_licheng_signing.txt"}).json()["events"][0]
    html = client.get(f"/documents/{event['document_id']}").text
    assert f'id="ev-{event["id"]}"' in html
    assert "邵晓婷" in html  # the editor, as metadata
    assert 'id="teasers"' in html and "章丘区三十个项目集中开工" in html


def test_search_page(client):
    html = client.get("/search", params={"q": "签约"}).text
    assert 'id="document-results"' in html and "/documents/" in html


def test_unknown_pages_are_html_404(client):
    response = client.get("/events/ffffffffffffffff")
    assert response.status_code == 404 and "找不到" in response.text
    assert client.get("/regions/12").status_code == 404


def test_yuan_and_highlight_helpers():
    assert yuan(25042000000) == "250.4亿元"
    assert yuan(30000000) == "3000万元"
    assert yuan(None) == "—"
    assert yuan(4e10, "at_least") == "400亿元以上"
    pieces = highlight_segments("甲乙丙丁", [(1, 3, "a", "signing"), (2, 4, "b", "target")])
    assert "".join(p["text"] for p in pieces) == "甲乙丙丁"
    assert pieces[1]["event_id"] == "a" and pieces[1]["also"] == ["b"]


def test_events_form_with_empty_fields_is_accepted(client):
    # what a browser sends when the form is submitted with blanks
    response = client.get("/events?region=济南&adcode=&type=signing&since=&until=&min_investment=&sector=&q=&sort=-date")
    assert response.status_code == 200 and "历城区" in response.text


def test_unknown_region_is_422_not_a_server_error(client):
    response = client.get("/api/events", params={"region": "不存在的地方"})
    assert response.status_code == 422


def test_a_district_page_ranks_no_children(client):
    html = client.get("/regions/370112", params={"year": 2026}).text
    assert 'id="region-name"' in html and "历城区" in html
    assert 'id="children-ranking"' not in html


def test_demo_command_builds_a_fresh_database(tmp_path):
    from typer.testing import CliRunner

    from projectradar.cli import app
    from projectradar.store import Store

    db = tmp_path / "demo.db"
    db.write_bytes(b"")  # a stale file is replaced, not appended to
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--no-serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "demo: 17 pages" in result.output
    first = Store(str(db)).count_events(None)
    assert first >= 20
    again = runner.invoke(app, ["demo", "--no-serve", "--db", str(db)])
    assert again.exit_code == 0
    assert Store(str(db)).count_events(None) == first


def test_serve_with_a_database_that_cannot_open_is_one_line(tmp_path):
    from typer.testing import CliRunner

    from projectradar.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", "postgresql://nobody@127.0.0.1:1/none", "--port", "1"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error:") and "Traceback" not in result.output


def test_event_page_shows_the_evidence_in_its_context(client):
    event = client.get("/api/events", params={"source": "01_jinan_licheng_signing.txt", "sort": "-investment"}).json()["events"][0]
    html = client.get(f"/events/{event['id']}").text
    assert 'class="ctx"' in html  # the text around the highlighted sentence
    block = html[html.index('<blockquote class="evidence">'):]
    assert block.index('class="ctx"') < block.index("evidence-mark")


def test_search_pages_through_documents(client, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_SIZE", 5)
    first = client.get("/search", params={"q": "签约"}).text
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/search", params={"q": "签约", "page": 2}).text
    assert 'rel="prev"' in second
