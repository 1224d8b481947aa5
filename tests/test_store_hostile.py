"""The store under a poison row and under concurrent writers, on SQLite and PostgreSQL: a row
that cannot be written loses only its own result; two ingests at once end with the store that
one after the other would leave; two first runs on a new database both succeed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.store.store_support import (  # noqa: F401  (fixtures)
    db_url, fresh_schema, pg_database, synthetic_result)
from projectradar.mentions.counts import find_counts
from projectradar.mentions.money import find_money
from projectradar.store import Store

ROOT = Path(__file__).resolve().parents[1]


def test_impossible_figures_are_no_figures():
    assert find_money("总投资100000000000亿元") == []           # 1e19 yuan: beyond any project
    assert find_money("总投资" + "9" * 400 + "亿元") == []
    assert find_counts("签约项目" + "9" * 4400 + "个") == []
    assert find_counts("签约项目" + "9" * 20 + "个") == []
    assert [m.value for m in find_money("总投资5000亿元")] == [5e11]   # a big real one stays
    assert [c.value for c in find_counts("签约项目1200个")] == [1200]


def test_a_poison_row_loses_only_its_own_result(db_url):
    store = Store(db_url)
    results = [synthetic_result(i) for i in range(41)]
    poison = results[20]
    poison.events[0].project_count = 10 ** 20                  # beyond every integer column
    report = store.ingest(results, batch_size=50)
    assert report.documents_new == 40
    assert len(report.errors) == 1 and report.errors[0].startswith(poison.documents[0].source), report.errors
    assert store.counts()["documents"] == 40
    again = store.ingest([synthetic_result(i) for i in range(41)], batch_size=50)   # a rerun stores it
    assert again.documents_new == 1 and again.errors == []


# ------------------------------------------------------------------ concurrent writers
def _page(i: int) -> str:
    """Page i of a folder where pages i and i+20 tell the same story in the same words."""
    n = i % 20
    return (f"2024年3月{n + 1}日，济南市历下区举行第{n}批重点项目集中签约活动，现场签约项目{n + 3}个，"
            f"总投资{n + 10}亿元，涉及数字经济、生物医药等领域。区委书记出席活动并致辞。\n") * 2


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02d}.txt").write_text(_page(i), encoding="utf-8")
    return folder


def _ingest(db: str, *paths) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "projectradar", "ingest", "--db", db, "--workers", "1",
                             "--batch-size", "5", *map(str, paths)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _run_together(*procs: subprocess.Popen) -> list[tuple[int, str]]:
    return [(p.wait(timeout=180), p.stderr.read().decode()) for p in procs]


def _contents(db: str) -> tuple:
    """What a store holds, independent of which writer stored what first."""
    from sqlalchemy import text

    store = Store(db)
    with store.engine.connect() as conn:
        hashes = conn.execute(text("SELECT content_hash, count(*) FROM documents GROUP BY content_hash")).all()
        counts = tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                       for t in ("documents", "sources", "events", "event_sources"))
    store.close()
    return counts, sorted(n for _, n in hashes)


@pytest.fixture
def second_url(db_url, tmp_path):
    """A second empty database of the same kind (the sequential reference)."""
    if db_url.startswith("postgresql"):
        with fresh_schema(db_url) as url:
            yield url
    else:
        yield str(tmp_path / "sequential.db")


@pytest.mark.parametrize("split", ["halves", "same folder"])
def test_two_ingests_at_once_end_with_the_sequential_store(db_url, second_url, tmp_path, split):
    folder = _folder(tmp_path)
    files = sorted(folder.iterdir())
    one, two = ((files[::2], files[1::2]) if split == "halves" else ([folder], [folder]))
    # two first runs at once on a new database: both migrate-or-wait, neither fails
    outcomes = _run_together(_ingest(db_url, *one), _ingest(db_url, *two))
    assert [code for code, _ in outcomes] == [0, 0], outcomes
    assert all("Traceback" not in err for _, err in outcomes)
    for args in (one, two):
        assert _ingest(second_url, *args).wait(timeout=180) == 0
    together, sequential = _contents(db_url), _contents(second_url)
    assert together == sequential
    assert max(together[1]) == 1                           # each content hash stored once


@pytest.mark.parametrize("q", ["%", "场_点", "%%", "场%活动"])
def test_like_wildcards_in_a_query_are_literal(db_url, q):
    from projectradar.store import EventFilter

    store = Store(db_url)
    store.ingest([synthetic_result(i) for i in range(5)])
    assert store.count_events(EventFilter(q="场重点项目")) == 5   # the text itself is found
    assert store.count_events(EventFilter(q=q)) == 0
    assert store.search(q)["total_documents"] == 0


def test_filter_docstring_examples_hold():
    """The examples in the filter conditions' docstrings (LIKE escaping, calendar dates) run."""
    import doctest

    from projectradar.store import conditions
    result = doctest.testmod(conditions)
    assert result.failed == 0 and result.attempted >= 3
