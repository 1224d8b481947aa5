"""`ingest --workers N` stores exactly what one worker stores."""
from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import text

from projectradar import ingest
from projectradar.store import Store

DUMPS = {
    "documents": "SELECT id, content_hash, kind, position, page, title, published, text FROM documents ORDER BY id",
    "sources": "SELECT id, document_id, source, url, title, published, position FROM sources ORDER BY id",
    "events": "SELECT id, type, adcode, date_start, project_count, investment_yuan, mentions, record "
              "FROM events ORDER BY id",
    "event_sources": "SELECT event_id, extracted_id, document_id, source_id, evidence_start, evidence_end "
                     "FROM event_sources ORDER BY extracted_id",
    "region_stats": "SELECT level, code, year, type, events, projects, investment_yuan FROM region_stats "
                    "ORDER BY level, code, year, type",
    "month_stats": "SELECT level, code, month, type, events, projects, investment_yuan FROM month_stats "
                   "ORDER BY level, code, month, type",
}


def _dump(url: str) -> dict:
    store = Store(url)
    try:
        with store.engine.connect() as conn:
            return {name: [json.dumps(list(row), ensure_ascii=False, default=str) for row in conn.execute(text(sql))]
                    for name, sql in DUMPS.items()}
    finally:
        store.close()


@pytest.mark.slow
def test_two_workers_store_what_one_worker_stores(tmp_path, fixtures_dir, shared_dir):
    pages = tmp_path / "pages"
    shutil.copytree(fixtures_dir / "store" / "pages", pages)
    news = sorted((shared_dir / "data" / "xinwenlianbo" / "news").glob("2023030*.md"))[:6]
    for path in news:
        shutil.copy(path, pages / path.name)
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    report_one = ingest(Store(one), [str(pages)], workers=1)
    report_two = ingest(Store(two), [str(pages)], workers=2)
    assert report_one.errors == report_two.errors == []
    assert report_one.documents == report_two.documents > 20
    dump_one, dump_two = _dump(one), _dump(two)
    assert dump_one["events"], "no events found: the comparison would prove nothing"
    for table in DUMPS:
        only_one = sorted(set(dump_one[table]) - set(dump_two[table]))[:3]
        only_two = sorted(set(dump_two[table]) - set(dump_one[table]))[:3]
        assert dump_one[table] == dump_two[table], (table, only_one, only_two)
