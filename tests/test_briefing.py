"""The weekly 产经 briefing over the demo corpus: every section, figures equal to `stats` for
the same week (and to the events themselves), sentences linked to their evidence, charts,
the PDF read back by pdftotext, an empty week, and the 项目库 hook with and without it."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import types
from collections import defaultdict

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from projectradar.app import Settings, create_app
from projectradar.briefing import build_briefing, parse_week, render_html, render_text, write
from projectradar.cli import app
from projectradar.formatting import yuan
from projectradar.resolve import COUNTED_TYPES
from projectradar.store import EventFilter
from projectradar.web.demo import build_demo_db

runner = CliRunner()
SECTIONS = ("briefing-overview", "briefing-top", "briefing-movers", "briefing-targets", "briefing-projects")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "demo.db"
    store, _ = build_demo_db(path)
    yield store, str(path)
    store.close()


def _stats(store, week, region=None):
    flt = EventFilter(region=region, since=week.start.isoformat(), until=week.end.isoformat())
    return {r["key"]: {"events": r["events"], "projects": r["projects"], "investment_yuan": r["investment_yuan"]}
            for r in store.stats("type", filters=flt)}


def _from_events(store, week, region=None):
    """The week's totals added up here from the event records (no umbrella in these weeks)."""
    out = defaultdict(lambda: {"events": 0, "projects": 0, "investment_yuan": 0})
    for e in store.events(EventFilter(region=region, since=week.start.isoformat(), until=week.end.isoformat()),
                          limit=1000):
        row = out[e["type"]]
        row["events"] += 1
        if e["type"] in COUNTED_TYPES and not e["cumulative"]:
            row["projects"] += e["project_count"] or 0
            row["investment_yuan"] += e["investment_yuan"] or 0
    return dict(out)


@pytest.mark.parametrize("label, region", [("2026-W09", None), ("2026-W17", None), ("2026-W17", "济南"),
                                           ("2026-W20", "山东"), ("2026-W16", "370100")])
def test_the_briefing_figures_equal_stats_for_the_same_week(demo, label, region):
    store, _ = demo
    week = parse_week(label)
    made = build_briefing(store, week, region=region)
    shown = {r["type"]: r for r in made["overview"]["rows"]}
    for key, when in (("this", week), ("before", week.before()), ("year_ago", week.year_earlier())):
        expected = _stats(store, when, region)
        assert {k: r[key] for k, r in shown.items() if r[key]["events"]} == expected, (label, key)
    if label != "2026-W20":       # that week's province total is an umbrella: `stats` leaves it out of sums
        assert {k: r["this"] for k, r in shown.items() if r["this"]["events"]} == _from_events(store, week, region)


def test_a_week_of_the_demo_has_every_section(demo):
    store, _ = demo
    made = build_briefing(store, parse_week("2026-W09"))
    assert made["week"]["title"] == "2026年第9周（2月23日—3月1日）" and not made["empty"]
    first = made["overview"]["sentences"][0]
    assert first["text"].startswith("2026年第9周（2月23日—3月1日），全国共记录事件4起：签约1起，22个项目，186.4亿元")
    assert first["href"] == "/events?since=2026-02-23&until=2026-03-01"
    assert all(s["href"].startswith("/events") for s in made["overview"]["sentences"])
    assert [t["headline"] for t in made["top"]] == ["历城区 签约 22个项目 186.4亿元", "中牟县 开工 80个项目"]
    assert made["top"][0]["href"] == "/events/17542a29790db015" and "186.4亿元" in made["top"][0]["evidence"]
    mover = made["movers"]["rows"][0]
    assert (mover["name"], mover["rank"], mover["rank_before"], mover["gained_yuan"]) == ("济南市", 1, None, 18640000000)
    assert made["movers"]["sentences"][0]["text"] == "济南市新进榜，列第1位：本周新增签约186.4亿元，2026年累计186.4亿元。"
    assert [t["text"] for t in made["targets"]] == ["历城区提出2026年目标：100个项目、超800亿元（2月25日报道）。",
                                                    "中牟县提出2026年目标：50个项目、300亿元以上（2月27日报道）。"]
    # the 项目库: the storage-battery base the Licheng signing named, signed that week
    assert [p["text"] for p in made["projects"]] == ["历城区储能电池系统生产基地进入签约（2026-02-24）。"]
    html = render_html(made, base="http://radar.example")
    for section in SECTIONS:
        assert f'id="{section}"' in html
    assert html.count("<svg") == 2 and 'id="chart-money"' in html and 'id="chart-events"' in html
    assert 'href="http://radar.example/events/17542a29790db015"' in html
    assert "储能电池系统生产基地进入签约" in html and "本库还没有项目库" not in html


def test_ranking_moves_within_a_province(demo):
    store, _ = demo
    made = build_briefing(store, parse_week("2026-W17"), region="山东")
    assert made["movers"]["level"] == "city"
    rows = {r["name"]: r for r in made["movers"]["rows"]}
    # 北仑 is not in 山东; 槐荫区's 52亿 lifts 济南 (already first with 历城 and 天桥) by that much
    assert set(rows) == {"济南市"} and rows["济南市"]["gained_yuan"] == 5_200_000_000
    assert rows["济南市"]["moved"] == 0 and "仍列第1位" in made["movers"]["sentences"][0]["text"]
    district = build_briefing(store, parse_week("2026-W17"), region="历城区")
    assert district["movers"]["level"] is None and "区县一级" in district["movers"]["sentences"][0]["text"]


def test_a_total_with_its_parts_is_marked_in_the_top_list(demo):
    store, _ = demo
    top = build_briefing(store, parse_week("2026-W20"), region="山东")["top"]
    assert top[0]["headline"] == "山东省 开工 620个项目 1860亿元" and top[0]["note"] == "（总数，含下列各地）"
    assert all(t["note"] is None for t in top[1:]) and len(top) == 6


def test_a_week_without_data_says_so(demo):
    store, _ = demo
    made = build_briefing(store, parse_week("2026-W30"), region="济南")
    assert made["empty"] and made["top"] == [] and made["targets"] == []
    assert made["overview"]["sentences"][0]["text"] == "2026年第30周（7月20日—7月26日），库中没有济南的事件记录。"
    html = render_html(made)
    assert "本周没有签约或开工事件。" in html and "本周没有新提出的目标。" in html and "<svg" not in html


def test_the_pdf_holds_the_figures_in_cjk(demo, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    store, _ = demo
    made = build_briefing(store, parse_week("2026-W09"))
    pdf = tmp_path / "briefing.pdf"
    assert write(made, pdf) == "pdf" and pdf.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts
    found = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                              check=True).stdout)
    expected = ["产经周报", "2026年第9周（2月23日—3月1日）", "一、本周概览", "二、十大签约与开工", "三、比学赶超",
                "四、新提出的目标", "五、项目进展", "分类型投资额", "分类型事件数", "历城区签约22个项目186.4亿元",
                "中牟县开工80个项目", "济南市新进榜", "100个项目、超800亿元", "储能电池系统生产基地进入签约"]
    for row in made["overview"]["rows"]:
        expected.append(f"{row['name']}{row['this']['events']}")
        if row["counted"]:
            expected.append(str(row["this"]["projects"]) + (yuan(row["this"]["investment_yuan"])
                                                            if row["this"]["investment_yuan"] else "0"))
    missing = [e for e in expected if e not in found]
    assert not missing, missing


def test_the_project_hook_is_used_when_a_projects_table_is_there(demo, tmp_path, monkeypatch):
    store, path = demo
    copy = tmp_path / "with-projects.db"
    shutil.copy(path, copy)
    from projectradar.store import Store

    with Store(str(copy)) as other:
        with other.engine.begin() as conn:
            conn.execute(text("DROP TABLE project_mentions"))
            conn.execute(text("DROP TABLE projects"))
        assert other.project_stages("2026-02-23", "2026-03-01") is None          # no table: no 项目库
        with other.engine.begin() as conn:
            conn.execute(text("CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT)"))
        monkeypatch.setitem(sys.modules, "projectradar.store.projects", types.SimpleNamespace())
        assert other.project_stages("2026-02-23", "2026-03-01") is None          # a table, no reader
        asked = []

        def stage_changes(conn, *, since, until, prefix):
            asked.append((since, until, prefix))
            return [{"project_id": "p1", "name": "储能电池系统生产基地", "region": {"name": "历城区", "adcode": "370112"},
                     "stage": "signing", "previous_stage": None, "date": "2026-02-24",
                     "event_id": "17542a29790db015", "document_id": None, "evidence": {"text": "拟投资32亿元建设"}}]
        monkeypatch.setitem(sys.modules, "projectradar.store.projects",
                            types.SimpleNamespace(stage_changes=stage_changes))
        made = build_briefing(other, parse_week("2026-W09"), region="济南")
    assert asked == [("2026-02-23", "2026-03-01", "3701")]
    assert made["projects"] == [{"text": "历城区储能电池系统生产基地进入签约（2026-02-24）。",
                                 "href": "/events/17542a29790db015", "evidence": "拟投资32亿元建设"}]
    assert "储能电池系统生产基地进入签约" in render_html(made)


def test_the_briefing_command(demo, tmp_path):
    _, path = demo
    shown = runner.invoke(app, ["briefing", "--week", "2026-W09", "--db", path, "--base-url", "https://radar.example"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("产经周报 2026年第9周（2月23日—3月1日） · 全国\n")
    assert "依据 https://radar.example/events/17542a29790db015" in shown.stdout
    for heading in ("一、本周概览", "二、十大签约与开工", "三、比学赶超", "四、新提出的目标", "五、项目进展"):
        assert heading in shown.stdout
    html = tmp_path / "w.html"
    written = runner.invoke(app, ["briefing", "--week", "2026-W20", "--region", "山东", "--db", path, "--out", str(html)])
    assert written.exit_code == 0 and "wrote the HTML briefing of 2026-W20 (山东)" in written.output
    assert "1182亿元" in html.read_text(encoding="utf-8")
    assert runner.invoke(app, ["briefing", "--week", "2026-W60", "--db", path]).exit_code == 2
    assert runner.invoke(app, ["briefing", "--week", "2026-W09", "--out", str(tmp_path / "x.doc"), "--db", path]).exit_code == 2
    unknown = runner.invoke(app, ["briefing", "--region", "火星基地", "--db", path])
    assert unknown.exit_code == 1 and "unknown region" in unknown.output
    latest = runner.invoke(app, ["briefing", "--db", path])
    assert "2026年第42周" in latest.stdout          # the week of the latest event (10月14日)


def test_the_briefing_page_and_its_pdf(demo):
    store, _ = demo
    client = TestClient(create_app(store, settings=Settings()))
    page = client.get("/briefing", params={"week": "2026-W09"})
    assert page.status_code == 200
    for section in SECTIONS:
        assert f'id="{section}"' in page.text
    assert 'href="/events/17542a29790db015"' in page.text and 'class="active">周报' in page.text
    assert 'href="/briefing?week=2026-W08"' in page.text and 'href="/briefing.pdf?week=2026-W09"' in page.text
    pdf = client.get("/briefing.pdf", params={"week": "2026-W09", "region": "济南"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/briefing", params={"week": "last"}).status_code == 422
    assert client.get("/briefing", params={"region": "火星基地"}).status_code == 422
    assert "2026年第42周" in client.get("/briefing").text


def test_text_and_files_say_the_same(demo):
    store, _ = demo
    made = build_briefing(store, parse_week("2026-W17"))
    said = render_text(made)
    html = render_html(made)
    for sentence in made["overview"]["sentences"] + made["movers"]["sentences"]:
        assert sentence["text"] in said and sentence["text"] in html
