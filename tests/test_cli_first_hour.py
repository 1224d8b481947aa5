"""What a new user meets in the first hour of the CLI: --version, help that names values,
filters that filter, CSV that Excel reads, tables that read right when piped, a busy port
said plainly, and `batch` run from the folder that holds a clone."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    db_url, ganzhou_signing, ganzhou_target, hefei_groundbreaking, lixia_signing, make_document, make_event,
    pg_database,
)
from projectradar import __version__
from projectradar.cli import app
from projectradar.records import Region, Result
from projectradar.store import Store

runner = CliRunner()
PROJECTRADAR = Path(sys.executable).parent / "projectradar"


def invoke(args: list[str]):
    return runner.invoke(app, args, prog_name="projectradar")


def untitled_signing() -> Result:
    doc = make_document("jn-u", "jinan_untitled.txt", "3月2日,历下区举行项目签约活动,签约项目9个,总投资42亿元。区长出席并致辞。",
                        title=None, published="2023-03-03")
    ev = make_event(doc, "signing", Region("历下区", "370102", "district", ["山东省", "济南市", "历下区"]), "2023-03-02",
                    count=9, money=4_200_000_000, qualifier="exact")
    ev.title = None
    return Result(documents=[doc], events=[ev])


def shandong_goal() -> Result:
    doc = make_document("sd-g", "shandong_goal.txt", "今年山东力争建成50个以上省级中试平台。", title="山东建设中试平台",
                        published="2023-02-01")
    ev = make_event(doc, "target", Region("山东省", "370000", "province", ["山东省"]), "2023", count=None, money=None,
                    qualifier=None, cue="力争", precision="year")
    ev.metrics = [{"metric": "建成", "value": 50.0, "unit": "个", "qualifier": "at_least"}]
    return Result(documents=[doc], events=[ev])


def shandong_signing() -> Result:
    doc = make_document("sd-s", "shandong_total.txt", "一季度,山东全省集中签约项目300个,总投资2100亿元。", title="山东一季度集中签约",
                        published="2023-04-01")
    ev = make_event(doc, "signing", Region("山东省", "370000", "province", ["山东省"]), "2023-03-31",
                    count=300, money=210_000_000_000, qualifier="exact", cue="签约")
    return Result(documents=[doc], events=[ev])


@pytest.fixture
def ingested(db_url):
    store = Store(db_url)
    store.ingest([lixia_signing(), hefei_groundbreaking(), ganzhou_target(), untitled_signing(), shandong_goal(),
                  shandong_signing(), ganzhou_signing("2023-04-02", 12, 3_000_000_000, 1)])
    store.close()
    return db_url


def test_version_is_printed():
    result = invoke(["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"projectradar {__version__}"


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["ingest", "--help"], ["events", "--help"],
                                  ["export", "--help"], ["batch", "--help"], ["serve", "--help"]])
def test_help_names_values_for_people(args):
    text = invoke(args).stdout
    assert "<bool>" not in text and "<str>" not in text and "<int" not in text and "list[str]" not in text
    usage = text.splitlines()[0]
    assert "{paths}" not in usage and "{inputs}" not in usage and "{PATH...}" not in usage


def test_export_filters_have_help_and_apply_to_documents(ingested, tmp_path):
    text = invoke(["export", "--help"]).stdout
    for flag in ("--region", "--adcode", "--type", "--since", "--until", "--min-investment", "--sector", "--q"):
        line = next(line for line in text.splitlines() if line.strip().startswith(flag))
        assert len(line.split()) > 2, f"{flag} has no help text"
    every = invoke(["export", "--db", ingested, "--documents", "--format", "jsonl"])
    hefei = invoke(["export", "--db", ingested, "--documents", "--format", "jsonl", "--region", "合肥"])
    assert every.exit_code == 0 and hefei.exit_code == 0, hefei.output
    assert len(every.stdout.splitlines()) == 8   # seven pages, one with a teaser
    assert [json.loads(line)["title"] for line in hefei.stdout.splitlines()] == ["合肥126个重大项目集中开工"]


def test_csv_starts_with_a_byte_order_mark_for_excel(ingested, tmp_path):
    out = tmp_path / "events.csv"
    assert invoke(["export", "--db", ingested, "--format", "csv", "--out", str(out)]).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["region_name"] for r in rows} >= {"历下区", "合肥市"}
    listed = invoke(["events", "--db", ingested, "--format", "csv"])
    assert listed.stdout.startswith("\ufeffid,")

    from fastapi.testclient import TestClient

    from projectradar.app import create_app

    with TestClient(create_app(ingested)) as client:
        answer = client.get("/api/export?format=csv&type=signing")
    assert answer.status_code == 200 and answer.content.startswith(b"\xef\xbb\xbf")


def test_piped_events_table_keeps_rows_whole_and_heads_untitled_events(ingested):
    result = invoke(["events", "--db", ingested])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    row = next(line for line in lines if "历下区" in line and "42亿" in line)
    # no title: the evidence's first sentence, on the row's own line, never folded
    assert "3月2日,历下区举行项目签约活动,签约项目9个,总投资42亿元" in row
    assert all(line == line.rstrip() for line in lines)


def test_stats_lists_each_key_once_and_cities_only_by_city(ingested):
    months = invoke(["stats", "--db", ingested, "--by", "month"]).stdout.splitlines()
    header = next(line for line in months if line.strip().startswith("month"))
    assert header.split() == ["month", "events", "projects", "investment"]
    assert any(line.split()[:2] == ["2023-03", "3"] for line in months)
    by_city = invoke(["stats", "--db", ingested, "--by", "region", "--level", "city", "--format", "json"])
    names = [r["name"] for r in json.loads(by_city.stdout)]
    assert "济南市" in names and "合肥市" in names and "山东省" not in names and "江西省" not in names


def test_targets_show_goals_in_their_own_unit_and_progress_only_for_signings(ingested):
    rows = json.loads(invoke(["targets", "--db", ingested, "--format", "json"]).stdout)
    goal = next(t for t in rows if t["region"]["name"] == "山东省")
    assert goal["progress"]["comparable"] is False and goal["progress"]["projects_pct"] is None
    ganzhou = next(t for t in rows if t["region"]["name"] == "赣州市")
    assert ganzhou["progress"]["comparable"] is True and ganzhou["progress"]["projects_pct"] == 12.0
    table = invoke(["targets", "--db", ingested]).stdout
    line = next(line for line in table.splitlines() if "山东省" in line)
    assert "建成 50个以上" in line and "50.0" not in line


def test_serve_on_a_busy_port_says_which_and_how_to_choose_another(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run([str(PROJECTRADAR), "serve", "--db", str(tmp_path / "r.db"), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr and f"--port {port + 1}" in done.stderr
    assert "Project Radar at" not in done.stdout and "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.spark
def test_batch_runs_from_the_folder_that_holds_a_clone(tmp_path):
    pytest.importorskip("pyspark")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    # the folder above a clone named projectradar/: Spark's workers start there
    (tmp_path / "projectradar").mkdir()
    (tmp_path / "projectradar" / "README.md").write_text("a clone\n", encoding="utf-8")
    page = (Path(__file__).parent / "fixtures" / "batch" / "ganzhou_signing.html").read_bytes()
    with open(tmp_path / "one.warc.gz", "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.gov.cn/2023-05/18/a.html", "response",
                                                      payload=io.BytesIO(page), http_headers=headers))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}
    done = subprocess.run([str(PROJECTRADAR), "batch", "one.warc.gz", "--out", "out", "--master", "local[1]"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "1 pages, 1 documents" in done.stdout and "0 failed" in done.stdout
    shutil.rmtree(tmp_path / "out")
