"""kill -9 in the middle of a long ingest, then a rerun: nothing lost, nothing twice."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from fixtures.store.store_support import db_url, pg_database, synthetic_results  # noqa: F401
from projectradar.store import Store

TESTS = Path(__file__).resolve().parent
N = 3000
WRITER = """
import sys
sys.path.insert(0, {tests!r})
from fixtures.store.store_support import synthetic_results
from projectradar.store import Store
Store({url!r}).ingest(synthetic_results({n}), batch_size=50)
"""


def _stored(url: str) -> int:
    s = Store(url)
    try:
        return s.counts()["documents"]
    finally:
        s.close()


@pytest.mark.slow
def test_kill_and_rerun_loses_nothing_and_duplicates_nothing(db_url):
    Store(db_url).close()                       # migrate first, so the child only writes
    child = subprocess.Popen([sys.executable, "-c", WRITER.format(tests=str(TESTS), url=db_url, n=N)])
    try:
        deadline = time.time() + 120
        while _stored(db_url) < 400:
            assert child.poll() is None, "the writer ended before it could be killed"
            assert time.time() < deadline, "the writer stored nothing in two minutes"
            time.sleep(0.05)
        assert child.poll() is None, "the writer finished before the kill: make N larger"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    partial = _stored(db_url)
    assert 400 <= partial < N

    store = Store(db_url)
    report = store.ingest(synthetic_results(N), batch_size=50)
    assert report.documents_new == N - partial
    with store.engine.connect() as conn:
        counts = {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()
                  for t in ("documents", "sources", "events", "event_sources", "document_fts")}
        summary_events = conn.execute(text("SELECT SUM(events) FROM region_stats WHERE level = 'province'")).scalar()
        twice = conn.execute(text("SELECT COUNT(*) FROM (SELECT content_hash FROM documents "
                                  "GROUP BY content_hash HAVING COUNT(*) > 1) AS d")).scalar()
    assert counts == {"documents": N, "sources": N, "events": N, "event_sources": N, "document_fts": N}
    assert summary_events == N and twice == 0
    assert store.ingest(synthetic_results(N), batch_size=500).documents_new == 0
    store.close()
