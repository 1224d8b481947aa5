"""Bad inputs: each one line `error: FILE[:LINE]: problem` on stderr, the others still read, exit 1, no traceback."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from projectradar.cli import app
from projectradar.errors import InputError
from projectradar.sources import iter_inputs

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
GOOD = PAGES / "gov_site.txt"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from hostile import run_cli  # noqa: E402  (a CLI run in a fresh process, with its own peak memory)


def extract(*paths):
    return CliRunner().invoke(app, ["extract", "--documents", *map(str, paths)])


def check_one_error(result, name: str, problem: str, *, good_docs: int = 1):
    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"error: {name}") and problem in errors[0], errors[0]
    assert "Traceback" not in result.output
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert sum(d["source"] == GOOD.name for d in docs) == good_docs  # the good input was still read


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    check_one_error(extract(path, GOOD), str(path), "empty file")


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text(" \n\n\t ", encoding="utf-8")
    check_one_error(extract(GOOD, path), str(path), "empty")


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8)
    check_one_error(extract(path, GOOD), str(path), "binary file")


def test_unknown_extension(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    check_one_error(extract(path, GOOD), str(path), "unknown file type '.pdf'")


def test_missing_file(tmp_path):
    check_one_error(extract(tmp_path / "nope.txt", GOOD), str(tmp_path / "nope.txt"), "no such file")


def test_malformed_jsonl_line_named_and_other_lines_read(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([
        json.dumps({"title": "甲县签约", "text": "甲县今天签约三个项目。"}, ensure_ascii=False),
        '{"title": "broken", "text": ',
        json.dumps({"title": "乙县开工", "content": "乙县今天开工两个项目。"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    result = extract(path, GOOD)
    check_one_error(result, f"{path}:2", "not JSON")
    titles = [json.loads(line)["title"] for line in result.stdout.splitlines()]
    assert titles[:2] == ["甲县签约", "乙县开工"]


def test_fifty_megabyte_page_refused_with_the_limit_named(tmp_path):
    path = tmp_path / "huge.html"
    with open(path, "wb") as f:
        f.write(b"<html><body>")
        chunk = ("<p>" + "项目建设" * 250 + "</p>").encode("utf-8") * 64
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    result = extract(path, GOOD)
    check_one_error(result, str(path), "over the 20 MB limit")
    assert "page is 50 MB" in result.stderr
    # refused before reading it into memory: the peak of a fresh process (the shared pytest
    # process's peak would hide anything below what an earlier test reached)
    code, _, err, peak, _ = run_cli("extract", "--documents", str(path), str(GOOD), timeout=120)
    assert code == 1 and "page is 50 MB" in err
    assert peak < 100, f"peak {peak} MB"


def test_over_long_jsonl_line_skipped_in_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setattr("projectradar.sources.files.MAX_PAGE_BYTES", 1024)
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": "长" * 5000}) + "\n" + json.dumps({"text": "短行。"}) + "\n",
                    encoding="utf-8")
    got = list(iter_inputs([str(path)]))
    assert isinstance(got[0], InputError) and str(got[0]).startswith(f"{path}:1: line over the")
    assert got[1].content == "短行。"


def test_unreachable_url_one_line_error():
    # port 9 (discard) on loopback: nothing listens, the connection is refused at once
    result = CliRunner().invoke(app, ["extract", "--documents", "--allow-private-urls",
                                      "http://127.0.0.1:9/news.html", str(GOOD)])
    check_one_error(result, "http://127.0.0.1:9/news.html", "cannot fetch")


def test_every_bad_input_at_once(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.htm").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    result = extract(tmp_path / "empty.txt", tmp_path / "bin.htm", tmp_path / "x.docx", tmp_path / "bad.jsonl", GOOD)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 4
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    assert f"{tmp_path / 'bad.jsonl'}:1: not JSON" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(result.stdout.splitlines()[0])["source"] == GOOD.name


def test_truncated_warc_gz_keeps_earlier_records(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    ends = []
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for n in range(6):
            body = f"<html><body><p>第{n}个页面:某区项目集中开工,总投资{n + 1}0亿元。</p></body></html>".encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"http://example.cn/{n}.html", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
            ends.append(f.tell())
    data = path.read_bytes()
    path.write_bytes(data[: (ends[2] + ends[3]) // 2])  # cut in the middle of the fourth record
    result = extract(path, GOOD)
    assert result.exit_code == 1
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"error: {path}: truncated or damaged WARC after record")
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources[:4] == ["http://example.cn/0.html", "http://example.cn/1.html", "http://example.cn/2.html",
                           GOOD.name]
    assert GOOD.name in sources


def test_a_loopback_url_is_refused_without_the_flag():
    result = CliRunner().invoke(app, ["extract", "--documents", "http://127.0.0.1:9/news.html", str(GOOD)])
    check_one_error(result, "http://127.0.0.1:9/news.html", "refused: 127.0.0.1 is a loopback address")
