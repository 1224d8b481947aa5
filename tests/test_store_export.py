"""Exports: csv, parquet, xlsx and jsonl of events and documents, streamed."""
from __future__ import annotations

import csv
import io
import json

import pytest

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    db_url, ganzhou_signing, ganzhou_target, hefei_groundbreaking, lixia_signing, pg_database, store,
)
from projectradar.errors import StoreError
from projectradar.store import EventFilter


@pytest.fixture
def filled(store):
    store.ingest([lixia_signing(), hefei_groundbreaking(), ganzhou_target(),
                  ganzhou_signing("2023-04-02", 12, 3_000_000_000, 1)])
    return store


def test_jsonl_events_are_records(filled, tmp_path):
    out = tmp_path / "events.jsonl"
    assert filled.export("jsonl", out) == 4
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    hefei = next(r for r in rows if r["type"] == "groundbreaking")
    assert hefei["investment_yuan"] == 58_000_000_000 and hefei["annual_investment_yuan"] == 21_000_000_000
    assert hefei["region"]["adcode"] == "340100" and hefei["mentions"] == 1
    assert hefei["sources"][0]["source"] == "hefei_news.html"


def test_csv_with_filters(filled, tmp_path):
    out = tmp_path / "signing.csv"
    assert filled.export("csv", out, filters=EventFilter(type="signing")) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["region_name"] for r in rows} == {"历下区", "赣州经济技术开发区"}
    lixia = next(r for r in rows if r["adcode"] == "370102")
    assert lixia["investment_yuan"] == "12650000000" and lixia["people"] == "王明远(区委书记)"
    assert lixia["sectors"] == "数字经济; 生物医药"


def test_csv_to_a_text_stream(filled):
    buf = io.StringIO()
    assert filled.export("csv", buf, filters=EventFilter(region="合肥")) == 1
    assert buf.getvalue().splitlines()[1].split(",")[1] == "groundbreaking"


def test_parquet_keeps_types(filled, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    assert filled.export("parquet", out) == 4
    table = pq.read_table(out)
    assert table.num_rows == 4
    assert str(table.schema.field("investment_yuan").type) == "int64"
    values = dict(zip(table.column("type").to_pylist(), table.column("project_count").to_pylist()))
    assert values["groundbreaking"] == 126


def test_xlsx(filled, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "events.xlsx"
    assert filled.export("xlsx", out) == 4
    sheet = load_workbook(out, read_only=True)["events"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "type", "title") and len(rows) == 5
    amounts = {r[1]: r[11] for r in rows[1:]}
    assert amounts["groundbreaking"] == 58_000_000_000


def test_documents_export(filled, tmp_path):
    out = tmp_path / "docs.jsonl"
    assert filled.export("jsonl", out, documents=True) == 5
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {d["kind"] for d in docs} == {"article", "teaser"}
    assert any("集中开工" in d["text"] for d in docs)
    assert filled.export("parquet", tmp_path / "docs.parquet", documents=True) == 5


def test_empty_export_and_bad_format(store, tmp_path):
    assert store.export("parquet", tmp_path / "none.parquet") == 0
    assert store.export("csv", tmp_path / "none.csv") == 0
    with pytest.raises(StoreError, match="format"):
        store.export("pdf", tmp_path / "x.pdf")
