"""The store commands through Typer's runner, checked through the Python API."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    db_url, ganzhou_signing, ganzhou_target, hefei_groundbreaking, lixia_signing, make_document, make_event,
    pg_database,
)
from projectradar.records import Region, Result
from projectradar.cli import app
from projectradar.store.migrate import head_revision
from projectradar.store import EventFilter, Store

runner = CliRunner()


@pytest.fixture
def pages(tmp_path, fixtures_dir):
    folder = tmp_path / "pages"
    shutil.copytree(fixtures_dir / "store" / "pages", folder)
    return folder


def suzhou_completion() -> Result:
    doc = make_document("sz-c", "suzhou_jungong.txt", "6月20日，苏州工业园区举行重大项目集中竣工投产活动，共有22个项目竣工投产，"
                        "总投资138亿元，主要集中在生物医药、纳米技术应用和人工智能领域。", title="苏州一批重大项目竣工投产",
                        published="2023-06-21")
    ev = make_event(doc, "completion", Region("苏州市", "320500", "city", ["江苏省", "苏州市"]), "2023-06-20",
                    count=22, money=13_800_000_000, qualifier="exact", cue="共有")
    return Result(documents=[doc], events=[ev])


@pytest.fixture
def ingested(db_url):
    """The query commands are tested on hand-made records, so they do not depend on extraction."""
    store = Store(db_url)
    store.ingest([lixia_signing(), hefei_groundbreaking(), ganzhou_target(), suzhou_completion(),
                  ganzhou_signing("2023-04-02", 12, 3_000_000_000, 1)])
    store.close()
    return db_url


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_prints_a_summary_and_is_idempotent(db_url, pages):
    result = runner.invoke(app, ["ingest", str(pages), "--db", db_url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "5 documents read: 5 new" in result.output and "docs/s" in result.output
    store = Store(db_url)
    first = store.counts()
    n_events = store.count_events()
    assert first["documents"] == 5 and n_events >= 5
    again = runner.invoke(app, ["ingest", str(pages), "--db", db_url, "--workers", "1", "--quiet"])
    assert again.exit_code == 0 and again.output == ""
    assert store.counts() == first and store.count_events() == n_events
    store.close()


def test_ingest_reports_bad_inputs_and_keeps_the_rest(db_url, pages, tmp_path):
    result = runner.invoke(app, ["ingest", str(pages / "linyi_qianyue.txt"), str(tmp_path / "gone.txt"),
                                 "--db", db_url, "--workers", "1", "--quiet"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "gone.txt" in errors[0]
    store = Store(db_url)
    assert store.count_events(EventFilter(type="signing")) == 1
    store.close()


def test_ingest_env_database(monkeypatch, pages, tmp_path):
    path = tmp_path / "env.db"
    monkeypatch.setenv("PROJECTRADAR_DB", str(path))
    result = runner.invoke(app, ["ingest", str(pages / "suzhou_jungong.txt"), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert Store(str(path)).count_events(EventFilter(type="completion")) == 1


def test_events_filters_and_formats(ingested):
    rows = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json", "--type", "signing"]))
    assert [(r["region"]["name"], r["project_count"], r["investment_yuan"]) for r in rows] == \
        [("赣州经济技术开发区", 12, 3_000_000_000), ("历下区", 18, 12_650_000_000)]
    big = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json", "--min-investment", "130亿"]))
    assert sorted(r["investment_yuan"] for r in big) == [13_800_000_000, 58_000_000_000]
    jiangsu = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json", "--region", "江苏"]))
    assert [r["region"]["name"] for r in jiangsu] == ["苏州市"]
    jinan = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json", "--region", "济南"]))
    assert [r["region"]["name"] for r in jinan] == ["历下区"]
    by_code = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json", "--adcode", "3607"]))
    assert {r["type"] for r in by_code} == {"signing", "target"}
    spring = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json",
                                       "--since", "2023-02-01", "--until", "2023-03"]))
    assert sorted(r["date"]["start"] for r in spring) == ["2023-02-02", "2023-03-15"]
    sector = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json", "--sector", "集成电路"]))
    assert [r["region"]["name"] for r in sector] == ["合肥市"]
    text_hit = _json(runner.invoke(app, ["events", "--db", ingested, "--format", "json", "--q", "纳米"]))
    assert [r["type"] for r in text_hit] == ["completion"]
    lines = runner.invoke(app, ["events", "--db", ingested, "--format", "jsonl", "--limit", "2"]).stdout.splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["date"]["start"] == "2023-06-20"
    table = list(csv.DictReader(io.StringIO(runner.invoke(app, ["events", "--db", ingested, "--format", "csv",
                                                                "--type", "completion"]).stdout)))
    assert table[0]["region_name"] == "苏州市" and table[0]["investment_yuan"] == "13800000000"
    shown = runner.invoke(app, ["events", "--db", ingested])
    assert shown.exit_code == 0 and "5 of 5 events" in shown.stdout and "合肥市" in shown.stdout


def test_events_bad_options_are_one_line(ingested):
    result = runner.invoke(app, ["events", "--db", ingested, "--region", "不存在县"])
    assert result.exit_code == 1 and result.output.strip().startswith("error: unknown region")
    result = runner.invoke(app, ["events", "--db", ingested, "--min-investment", "10亿立方米"])
    assert result.exit_code == 2


def test_stats_and_targets(ingested):
    by_type = {r["key"]: r for r in _json(runner.invoke(app, ["stats", "--db", ingested, "--by", "type",
                                                              "--format", "json"]))}
    assert by_type["completion"]["projects"] == 22
    assert by_type["signing"]["investment_yuan"] == 15_650_000_000 and by_type["signing"]["events"] == 2
    provinces = {r["name"]: r["events"] for r in _json(runner.invoke(
        app, ["stats", "--db", ingested, "--by", "region", "--level", "province", "--format", "json"]))}
    assert provinces == {"安徽省": 1, "江西省": 2, "山东省": 1, "江苏省": 1}
    months = [r["key"] for r in _json(runner.invoke(app, ["stats", "--db", ingested, "--by", "month",
                                                          "--year", "2023", "--format", "json"]))]
    # the target is dated to the year only: it counts in the year, under "2023"
    assert months == ["2023", "2023-02", "2023-03", "2023-04", "2023-06"]
    table = runner.invoke(app, ["stats", "--db", ingested, "--by", "region", "--level", "city"])
    assert table.exit_code == 0 and "合肥市" in table.stdout and "580亿" in table.stdout
    targets = _json(runner.invoke(app, ["targets", "--db", ingested, "--region", "赣州", "--format", "json"]))
    assert len(targets) == 1 and targets[0]["project_count"] == 100
    assert targets[0]["progress"]["signed_projects"] == 12 and targets[0]["progress"]["projects_pct"] == 12.0
    table = runner.invoke(app, ["targets", "--db", ingested])
    assert table.exit_code == 0 and "12.0%" in table.stdout


def test_show_an_event(ingested):
    store = Store(ingested)
    event_id = store.events(EventFilter(region="历下区"))[0]["id"]
    store.close()
    result = runner.invoke(app, ["show", event_id, "--db", ingested])
    assert result.exit_code == 0, result.output
    assert "历下区 (370102)" in result.stdout and "lixia_daily.txt" in result.stdout
    assert "126.5亿" in result.stdout and "王明远(区委书记)" in result.stdout
    assert "现场签约项目18个" in result.stdout
    detail = _json(runner.invoke(app, ["show", event_id, "--db", ingested, "--format", "json"]))
    assert detail["sources"][0]["evidence"]["start"] == 32
    missing = runner.invoke(app, ["show", "nope", "--db", ingested])
    assert missing.exit_code == 1 and "no event" in missing.output


def test_export_formats(ingested, tmp_path):
    for fmt in ("csv", "parquet", "xlsx", "jsonl"):
        out = tmp_path / f"events.{fmt}"
        result = runner.invoke(app, ["export", "--db", ingested, "--format", fmt, "--out", str(out),
                                     "--region", "合肥"])
        assert result.exit_code == 0, result.output
        assert "wrote 1 event" in result.output
    rows = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["region"]["name"] for r in rows] == ["合肥市"]
    docs = runner.invoke(app, ["export", "--db", ingested, "--format", "jsonl", "--documents"])
    assert docs.exit_code == 0
    assert len([x for x in docs.stdout.splitlines() if x.startswith("{")]) == 6


def test_db_upgrade(tmp_path):
    path = tmp_path / "fresh.db"
    first = runner.invoke(app, ["db", "upgrade", "--db", str(path)])
    assert first.exit_code == 0 and f"empty → {head_revision()}" in first.stdout
    second = runner.invoke(app, ["db", "upgrade", "--db", str(path)])
    assert "already current" in second.stdout


def test_database_errors_are_one_line(tmp_path, pages):
    result = runner.invoke(app, ["events", "--db", "postgresql://postgres@127.0.0.1:9/none"])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "cannot connect" in result.output
    result = runner.invoke(app, ["ingest", str(pages), "--db", str(tmp_path / "no" / "dir.db"), "--quiet"])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
