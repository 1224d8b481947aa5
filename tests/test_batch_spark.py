"""The Spark batch job in local mode over WARC files written here with warcio:
Parquet equal to what `extract` gives, bad input listed in the summary, `load` once."""
from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark, pytest.mark.slow]

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from projectradar.batch.parquet import read_results  # noqa: E402
from projectradar.batch.spark import expand_inputs, open_input, process_warcs, run_batch, spark_session  # noqa: E402
from projectradar.batch.summary import RunSummary  # noqa: E402
from projectradar.errors import InputError  # noqa: E402
from projectradar.records import RawInput, Result  # noqa: E402

PAGES = Path(__file__).resolve().parent / "fixtures" / "batch"


def response(writer: WARCWriter, url: str, body: bytes, content_type: str):
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)


def write_warc(path: Path, records: list[tuple[str, bytes, str]], *, gzipped: bool = True) -> Path:
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzipped)
        for url, body, content_type in records:
            writer.write_record(response(writer, url, body, content_type))
    return path


def page(name: str, encoding: str = "utf-8") -> bytes:
    return (PAGES / name).read_text(encoding="utf-8").encode(encoding)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> dict:
    """Three WARC files and a listing: UTF-8 and GBK pages, non-HTML records, a truncated file."""
    root = tmp_path_factory.mktemp("crawl")
    hubei = write_warc(root / "hubei.warc.gz", [
        ("https://news.example.cn/xy/2024/0312/a1.html", page("xiangyang_groundbreaking.html"), "text/html; charset=utf-8"),
        ("https://news.example.cn/logo.png", b"\x89PNG\r\n\x1a\n fake image bytes", "image/png"),
        ("https://news.example.cn/weather/0401.html", page("weather_no_event.html"), "text/html"),
    ])
    jiangxi = write_warc(root / "jiangxi.warc", [
        # GBK, and the header does not say so: the page's meta tag and the bytes must tell
        ("http://www.gz.example.gov.cn/zwgk/2023/0518/qianyue.htm", page("ganzhou_signing.html", "gbk"), "text/html"),
        ("http://www.gz.example.gov.cn/api/list.json", '{"items": ["签约"]}'.encode(), "application/json"),
    ], gzipped=False)
    # A file cut off inside its second record's headers: the first record still counts.
    mianyang = ("https://my.example.cn/2023/0220/zdxm.html", page("mianyang_key_projects.html"), "text/html; charset=utf-8")
    cut_at = len(write_warc(root / "one.warc", [mianyang], gzipped=False).read_bytes()) + 40
    whole = write_warc(root / "whole.warc", [mianyang, mianyang], gzipped=False).read_bytes()
    truncated = root / "sichuan.warc"
    truncated.write_bytes(whole[:cut_at])
    (root / "one.warc").unlink()
    (root / "whole.warc").unlink()
    listing = root / "warc.paths"
    listing.write_text("# one WARC a line, relative to this file\nhubei.warc.gz\n\njiangxi.warc\nmissing.warc.gz\n", encoding="utf-8")
    return {"root": root, "listing": listing, "warcs": [hubei, jiangxi, truncated]}


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    session.stop()


def expected_results(paths: list[Path], *, through_extract: bool = False) -> dict[str, Result]:
    """What extraction gives, in this process, for every HTML page of these WARCs:
    `pipeline.extract_raw` on the record (what `ingest` does with a WARC), or
    `projectradar.extract` on the page's text."""
    import projectradar
    from projectradar.pipeline import extract_raw
    from projectradar.sources.warc import iter_warc

    out = {}
    for path in paths:
        with open(path, "rb") as stream:
            for raw in iter_warc(stream, str(path)):  # the truncated file ends in an InputError
                if isinstance(raw, RawInput):
                    out[raw.url] = (projectradar.extract(raw.content, url=raw.url, source=raw.source)
                                    if through_extract else extract_raw(raw))
    return out


def without_ids(record: dict) -> dict:
    """A Result's record without ids: a document id also names the WARC record it came from."""
    return {
        "documents": [{k: v for k, v in d.items() if k != "id"} for d in record["documents"]],
        "events": [{k: v for k, v in e.items() if k not in ("id", "document_id")} for e in record["events"]],
    }


def by_url(results) -> dict[str, dict]:
    out = {}
    for result in results:
        assert result.documents, "a page came back with events but no document"
        out[result.documents[0].url] = result.to_dict()
    return out


@pytest.fixture(scope="module")
def batch_out(crawl, spark, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    run_batch([str(crawl["listing"]), str(crawl["warcs"][2])], str(out), spark=spark)
    return out


def test_listing_expands_relative_to_its_folder(crawl):
    paths, failures = expand_inputs([str(crawl["listing"]), "/nowhere/list.txt", "x.warc.gz"])
    root = crawl["root"]
    assert paths == [str(root / "hubei.warc.gz"), str(root / "jiangxi.warc"), str(root / "missing.warc.gz"), "x.warc.gz"]
    assert [(f.where, f.reason) for f in failures] == [("/nowhere/list.txt", "no such file")]
    assert expand_inputs([str(crawl["listing"])], base="s3a://commoncrawl/")[0][0] == "s3a://commoncrawl/hubei.warc.gz"


def test_a_folder_gives_its_warc_files(crawl, tmp_path):
    paths, failures = expand_inputs([str(crawl["root"]), str(tmp_path)])
    root = crawl["root"]
    assert paths == [str(root / "hubei.warc.gz"), str(root / "jiangxi.warc"), str(root / "sichuan.warc")]
    assert [(f.where, f.reason) for f in failures] == [(str(tmp_path), "a folder with no .warc or .warc.gz file in it")]


def test_gzipped_listing(tmp_path):
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(b"crawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz\n"))
    paths, failures = expand_inputs([str(listing)], base="s3a://commoncrawl")
    assert paths == ["s3a://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/1/warc/a.warc.gz"] and not failures


def test_open_input_names_the_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        open_input(str(tmp_path / "gone.warc.gz"))


def test_parquet_equals_extract_for_the_same_pages(crawl, batch_out):
    expected = expected_results(crawl["warcs"])
    # 4 HTML pages: xiangyang, weather, ganzhou (GBK), mianyang (before the cut)
    assert sorted(expected) == sorted([
        "https://news.example.cn/xy/2024/0312/a1.html",
        "https://news.example.cn/weather/0401.html",
        "http://www.gz.example.gov.cn/zwgk/2023/0518/qianyue.htm",
        "https://my.example.cn/2023/0220/zdxm.html",
    ])
    got = by_url(read_results(batch_out))
    assert got == {url: result.to_dict() for url, result in expected.items()}
    extracted = expected_results(crawl["warcs"], through_extract=True)
    assert {url: without_ids(r) for url, r in got.items()} == {url: without_ids(r.to_dict()) for url, r in extracted.items()}
    # the GBK page was decoded, not mangled
    ganzhou = got["http://www.gz.example.gov.cn/zwgk/2023/0518/qianyue.htm"]
    assert "赣州经济技术开发区" in ganzhou["documents"][0]["text"]


def test_events_found_and_partitioned_by_month(batch_out):
    events = [e for r in read_results(batch_out) for e in r.events]
    assert events, "the fixture pages hold a groundbreaking, a signing and a key-project list"
    months = {p.name for p in (batch_out / "events").iterdir() if p.is_dir()}
    assert months and all(m.startswith("month=") for m in months)
    docs_months = {p.name for p in (batch_out / "documents").iterdir() if p.is_dir()}
    assert "month=2024-03" in docs_months and "month=2023-05" in docs_months


def test_summary_lists_what_failed_and_counts_the_rest(crawl, batch_out):
    summary = json.loads((batch_out / "summary.json").read_text(encoding="utf-8"))
    assert summary["inputs"] == 4                       # 3 listed (one missing) + the truncated one
    assert summary["tasks"] == 4                        # one Spark task per WARC
    assert summary["documents"] == sum(len(r.documents) for r in read_results(batch_out))
    assert summary["events"] == sum(len(r.events) for r in read_results(batch_out))
    assert summary["documents"] >= 4
    reasons = {f["where"]: f["reason"] for f in summary["failed"]}
    assert summary["records"] == 4
    assert reasons[str(crawl["root"] / "missing.warc.gz")] == "no such file"
    assert reasons[str(crawl["warcs"][2])].startswith("truncated or damaged WARC after record 1")
    assert len(summary["failed"]) == 2
    assert summary["elapsed_seconds"] > 0
    assert RunSummary.read(batch_out).documents == summary["documents"]


def failing_extract(raw: RawInput) -> Result:
    """The real extractor, except on one page, where it blows up."""
    from projectradar.pipeline import extract_raw

    if raw.url and raw.url.endswith("qianyue.htm"):
        raise RuntimeError("parser stack overflow")
    return extract_raw(raw)


def test_a_page_that_crashes_is_listed_and_nothing_else_is_lost(crawl, spark, tmp_path, batch_out):
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the Spark workers cannot import tests/
    out = tmp_path / "out"
    summary = run_batch([str(crawl["listing"])], str(out), spark=spark, extract=failing_extract)
    crashed = [f for f in summary.failed if "parser stack overflow" in f.reason]
    assert len(crashed) == 1 and "jiangxi.warc" in crashed[0].where
    got = by_url(read_results(out))
    reference = by_url(read_results(batch_out))
    assert sorted(got) == ["https://news.example.cn/weather/0401.html", "https://news.example.cn/xy/2024/0312/a1.html"]
    assert all(got[url] == reference[url] for url in got)


def dying_extract(raw: RawInput) -> Result:
    """The real extractor, except on one page, where the process dies as in a segfault."""
    import os

    from projectradar.pipeline import extract_raw

    if raw.url and raw.url.endswith("a1.html"):
        os._exit(11)
    return extract_raw(raw)


def test_a_page_that_kills_its_process_is_listed_and_nothing_else_is_lost(crawl, spark, tmp_path, batch_out):
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    out = tmp_path / "out"
    summary = run_batch([str(crawl["listing"])], str(out), spark=spark, extract=dying_extract)
    died = [f for f in summary.failed if "died" in f.reason]
    assert [f.where for f in died] == [str(crawl["root"] / "hubei.warc.gz") + "#1"]
    got = by_url(read_results(out))
    reference = by_url(read_results(batch_out))
    assert sorted(got) == ["http://www.gz.example.gov.cn/zwgk/2023/0518/qianyue.htm",
                           "https://news.example.cn/weather/0401.html"]
    assert all(got[url] == reference[url] for url in got)


def test_process_warcs_without_spark_gives_the_same_rows(crawl):
    tagged = list(process_warcs([str(p) for p in crawl["warcs"]]))
    summaries = [s for tag, s in tagged if tag == "s"]
    assert len(summaries) == 3 and [s.inputs for s in summaries] == [1, 1, 1]
    assert sum(s.documents for s in summaries) == sum(1 for tag, _ in tagged if tag == "d")


def test_load_then_events_returns_each_once(batch_out, tmp_path):
    from projectradar.batch.load import load_batch
    from projectradar.store import Store

    db = str(tmp_path / "radar.db")
    load_batch(batch_out, db)
    load_batch(batch_out, db)  # twice: the store's dedupe keeps one of each
    extracted = {e.id for r in read_results(batch_out) for e in r.events}
    stored = Store(db).events(limit=1000)
    ids = [e["id"] for e in stored]
    assert len(ids) == len(set(ids)) == len(extracted)


def test_cli_batch_writes_the_same(crawl, batch_out, tmp_path, spark):
    from typer.testing import CliRunner

    from projectradar.cli import app

    out = tmp_path / "cli-out"
    result = CliRunner().invoke(app, ["batch", str(crawl["listing"]), str(crawl["warcs"][2]), "--out", str(out),
                                      "--master", "local[2]", "--no-isolate"])
    assert result.exit_code == 0, result.output
    assert "2 failed" in result.output and "missing.warc.gz: no such file" in result.output
    assert by_url(read_results(out)) == by_url(read_results(batch_out))
    shutil.rmtree(out)


def test_a_record_cut_inside_its_body_is_listed_as_failed(tmp_path):
    path = write_warc(tmp_path / "cut.warc.gz", [
        ("https://a.example.cn/1.html", page("xiangyang_groundbreaking.html"), "text/html; charset=utf-8"),
        ("https://a.example.cn/2.html", page("xiangyang_groundbreaking.html") * 5, "text/html; charset=utf-8"),
    ])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60])
    summaries = [s for tag, s in process_warcs([str(path)]) if tag == "s"]
    assert summaries[0].documents == 1
    assert [f.where for f in summaries[0].failed] == [str(path)]
    reason = summaries[0].failed[0].reason
    assert reason.startswith("truncated or damaged WARC") and "record 2" in reason


def test_nothing_readable_still_writes_a_summary_and_exits_1(tmp_path, spark):
    from typer.testing import CliRunner

    from projectradar.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "nowhere.paths"), "--out", str(out)])
    assert result.exit_code == 1
    assert "nowhere.paths: no such file" in result.output
    summary = RunSummary.read(out)
    assert (summary.inputs, summary.records, summary.documents) == (1, 0, 0)
    assert list(read_results(out)) == []
