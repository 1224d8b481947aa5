"""Bad input and bad databases: one-line errors, the rest processed, nothing stored lost."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from fixtures.store.store_support import db_url, hefei_groundbreaking, lixia_signing, pg_database, store  # noqa: F401
from projectradar import ingest
from projectradar.errors import StoreError
from projectradar.store import Store

PAGE = """临沂经开区重大项目集中签约

3月8日，临沂经济技术开发区举行2023年第一批重大项目集中签约仪式，现场签约项目15个，总投资86亿元，
涉及新能源、高端装备制造等产业。
"""


def _warc_gz(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                               http_headers=headers)
            writer.write_record(record)


def test_database_that_cannot_connect_is_one_line():
    with pytest.raises(StoreError) as err:
        Store("postgresql://postgres@127.0.0.1:9/nowhere")
    message = str(err.value)
    assert "\n" not in message and "127.0.0.1:9" in message and "cannot connect" in message


def test_missing_folder_is_one_line(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "no" / "such" / "radar.db"))


def test_read_only_database_refuses_writes_and_keeps_what_it_has(tmp_path):
    path = tmp_path / "radar.db"
    store = Store(str(path))
    store.ingest([lixia_signing()])
    store.close()
    read_only = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert read_only.count_events() == 1          # reads still work
    with pytest.raises(StoreError) as err:
        read_only.ingest([hefei_groundbreaking()])
    assert "read-only" in str(err.value) and "\n" not in str(err.value)
    read_only.close()
    again = Store(str(path))
    assert again.count_events() == 1
    again.close()


def test_read_only_file_is_refused_up_front(tmp_path, monkeypatch):
    path = tmp_path / "radar.db"
    Store(str(path)).close()
    path.chmod(0o444)
    if os.geteuid() == 0:   # root (as CI runs) may write anyway: let the check see what a user would
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(path) and mode & os.W_OK
                            else real(p, mode))
    with pytest.raises(StoreError, match="read-only"):
        Store(str(path))


def test_bad_inputs_are_reported_and_the_good_ones_stored(store, tmp_path):
    good = tmp_path / "linyi.txt"
    good.write_text(PAGE, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    report = ingest(store, [str(missing), str(good), "http://127.0.0.1:9/page.html"], workers=1)
    assert len(report.errors) == 2
    for message in report.errors:
        assert "\n" not in message
    assert any("missing.txt" in m for m in report.errors)
    assert any("127.0.0.1:9" in m for m in report.errors)
    assert store.search("临沂")["total_documents"] == 1


def test_truncated_warc_keeps_the_whole_records(store, tmp_path):
    broken = tmp_path / "crawl.warc.gz"
    pages = [(f"http://news.example.cn/{n}.html", f"<html><body><h1>第{n}条</h1><p>{n}号新闻。" + PAGE * (n + 1)
              + "</p></body></html>") for n in range(3)]
    _warc_gz(broken, pages)
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) * 2 // 3])          # cut inside the last record
    report = ingest(store, [str(broken)], workers=1)
    for message in report.errors:
        assert "\n" not in message and "crawl.warc.gz" in message
    sources = {s["source"] for d in store.search("临沂", limit=10)["documents"]
               for s in store.document(d["id"])["sources"]}
    assert {"http://news.example.cn/0.html", "http://news.example.cn/1.html"} <= sources
    assert report.errors, "the truncated record must be reported"
