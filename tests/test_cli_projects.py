"""The 项目库's commands (projects, project, delivery, export --projects) through Typer's runner."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from fixtures.projects_pages import BATCH, THREE_TELLINGS
from projectradar.cli import app
from projectradar.pipeline import extract
from projectradar.store import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "radar.db")
    with Store(path) as store:
        store.ingest([extract(page, published=day, source=source)
                      for page, day, source in THREE_TELLINGS + [(BATCH, "2025-01-11", "batch.txt")]])
    return path


def test_projects_jsonl_has_the_record(db):
    out = runner.invoke(app, ["projects", "--db", db, "--format", "jsonl", "--org", "鲁新"])
    assert out.exit_code == 0, out.output
    [rec] = [json.loads(line) for line in out.output.splitlines()]
    assert {"id", "name", "region", "organizations", "investment_yuan", "stage", "timeline"} <= set(rec)
    assert rec["region"]["adcode"] == "371302" and rec["organizations"] == ["山东鲁新铝业集团有限公司"]
    assert [(t["stage"], t["date"]) for t in rec["timeline"]] == [
        ("signing", "2025-03-02"), ("groundbreaking", "2025-09-05"), ("production", "2026-06-20")]
    assert all({"stage", "date", "source", "evidence"} <= set(t) for t in rec["timeline"])


def test_projects_filters_and_table(db):
    out = runner.invoke(app, ["projects", "--db", db, "--region", "371302", "--stage", "signing",
                              "--since", "2025-01", "--until", "2025-01-31"])
    assert out.exit_code == 0, out.output
    assert "2 of 2 projects" in out.output and "青禾生物医药产业园项目" in out.output
    out = runner.invoke(app, ["projects", "--db", db, "-q", "铝合金", "--format", "csv"])
    rows = list(csv.reader(io.StringIO(out.output.lstrip("\ufeff"))))
    assert rows[0][:2] == ["id", "name"] and len(rows) == 2 and rows[1][1] == "鲁新高端铝合金精深加工项目"
    assert out.output.startswith("\ufeff")


def test_one_project_shows_its_timeline_with_evidence(db):
    pid = json.loads(runner.invoke(app, ["projects", "--db", db, "--format", "jsonl", "-q", "铝合金"]).output)["id"]
    out = runner.invoke(app, ["project", pid, "--db", db])
    assert out.exit_code == 0, out.output
    assert "2025-03-02  签约  linyi-daily-0303.txt" in out.output
    assert "总投资15亿元的高端铝合金精深加工项目在临沂市兰山区开工" in out.output
    missing = runner.invoke(app, ["project", "nope", "--db", db])
    assert missing.exit_code == 1 and missing.output.strip() == "error: no project 'nope' in the database"


def test_bad_filters_are_one_line(db):
    out = runner.invoke(app, ["projects", "--db", db, "--stage", "finished"])
    assert out.exit_code == 1 and out.output.startswith("error: unknown stage 'finished'")
    out = runner.invoke(app, ["projects", "--db", db, "--min-yuan", "lots"])
    assert out.exit_code == 2 and "--min-yuan" in out.output


def test_delivery(db):
    out = runner.invoke(app, ["delivery", "--db", db, "--region", "兰山区", "--since", "2025", "--until", "2026-06-30",
                              "--format", "json"])
    d = json.loads(out.output)
    assert d["funnel"]["signed"]["projects"] == 3 and len(d["stalled"]) == 2
    text = runner.invoke(app, ["delivery", "--db", db, "--region", "兰山区", "--since", "2025",
                               "--until", "2026-06-30"]).output
    assert "signed 3 (15亿) → started 1 (15亿) → completed 1 (15亿)" in text
    assert "ceremonies       2 signings, 12 projects, 95亿" in text


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "jsonl"])
def test_export_projects(db, tmp_path, fmt):
    out = tmp_path / f"projects.{fmt}"
    shown = runner.invoke(app, ["export", "--db", db, "--projects", "--format", fmt, "--out", str(out)])
    assert shown.exit_code == 0, shown.output
    assert "wrote 3 projects" in shown.output
    if fmt == "csv":
        text = out.read_text(encoding="utf-8")
        assert text.startswith("\ufeffid,name,")
        assert "signing 2025-03-02; groundbreaking 2025-09-05; production 2026-06-20" in text
    elif fmt == "parquet":
        import pyarrow.parquet as pq
        table = pq.read_table(out)
        assert table.num_rows == 3 and table.schema.field("investment_yuan").type == "int64"
    elif fmt == "xlsx":
        from openpyxl import load_workbook
        sheet = load_workbook(out)["projects"]
        assert [c.value for c in next(sheet.iter_rows(max_row=1))][:2] == ["id", "name"]
    else:
        assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_export_projects_refuses_event_filters(db, tmp_path):
    shown = runner.invoke(app, ["export", "--db", db, "--projects", "--type", "signing"])
    assert shown.exit_code == 2 and "--projects" in shown.output


def test_extract_prints_the_project_mentions(tmp_path):
    page = tmp_path / "signed.txt"
    page.write_text(THREE_TELLINGS[0][0], encoding="utf-8")
    out = runner.invoke(app, ["extract", str(page), "--projects", "--published", "2025-03-03"])
    assert out.exit_code == 0, out.output
    [mention] = [json.loads(line) for line in out.output.splitlines()]
    assert (mention["name"], mention["stage"], mention["investment_yuan"]) == ("鲁新高端铝合金精深加工项目", "signing",
                                                                             1_500_000_000)
    table = runner.invoke(app, ["extract", str(page), "--projects", "--format", "table"]).output
    assert "1 projects" in table and "15亿" in table
    both = runner.invoke(app, ["extract", str(page), "--projects", "--documents"])
    assert both.exit_code == 2


def test_export_takes_org_as_events_and_projects_do(db):
    listed = runner.invoke(app, ["events", "--db", db, "--format", "jsonl", "--org", "鲁新"])
    exported = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--org", "鲁新"])
    assert exported.exit_code == 0, exported.output
    ids = [json.loads(line)["id"] for line in listed.stdout.splitlines()]
    assert ids and sorted(ids) == sorted(json.loads(line)["id"] for line in exported.stdout.splitlines())
    projects = runner.invoke(app, ["export", "--db", db, "--projects", "--format", "jsonl", "--org", "鲁新"])
    assert [json.loads(line)["name"] for line in projects.stdout.splitlines()] == ["鲁新高端铝合金精深加工项目"]
