"""sources: files by extension, folders, JSONL field variants, stdin, WARC records, URLs and feeds."""
from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest

from projectradar.errors import FetchError, InputError
from projectradar.records import RawInput
from projectradar.sources import Fetcher, iter_inputs, iter_stdin, iter_warc
from projectradar.sources.web import USER_AGENT, is_feed

PAGE = "要闻\n淄博高新区八个项目集中开工\n今天上午,淄博高新区八个项目集中开工,总投资42亿元。\n"


def items(paths, **kw):
    return list(iter_inputs([str(p) for p in paths], **kw))


def only_inputs(found):
    errors = [x for x in found if isinstance(x, InputError)]
    assert not errors, [str(e) for e in errors]
    return found


def test_text_html_markdown_files_by_extension(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_bytes("<html><body><p>聊城开工</p></body></html>".encode("gbk"))
    (tmp_path / "c.md").write_text("# 晚间 (20240101)\n\n### 条目\n\n<p>正文。</p>\n", encoding="utf-8")
    got = only_inputs(items([tmp_path / "a.txt", tmp_path / "b.html", tmp_path / "c.md"]))
    assert [(r.source, r.hint) for r in got] == [("a.txt", None), ("b.html", "html"), ("c.md", "markdown")]
    assert got[0].content == PAGE
    assert "聊城开工" in got[1].content  # decoded from GBK
    assert got[0].location == str(tmp_path / "a.txt")


def test_folder_recursive_sorted_hidden_and_foreign_files_skipped(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert [r.source for r in only_inputs(items([tmp_path]))] == ["b.txt", "a.txt"]
    assert [r.source for r in only_inputs(items([tmp_path], recursive=False))] == ["b.txt"]


@pytest.mark.parametrize("record, want", [
    ({"url": "http://a.cn/1", "title": "T1", "date": "2023-02-04", "text": "正文一"},
     ("http://a.cn/1", "T1", "2023-02-04", "正文一", None)),
    ({"source": "http://a.cn/2", "title": "T2", "published": "2023-02-05 10:20:00", "raw_text": "正文二"},
     ("http://a.cn/2", "T2", "2023-02-05", "正文二", None)),
    ({"url": "http://a.cn/3", "publish_time": "2023年2月6日", "content": "正文三"},
     ("http://a.cn/3", None, "2023-02-06", "正文三", None)),
    ({"url": "http://a.cn/4", "publish_time": 1675648800, "html": "<p>正文四</p>"},
     ("http://a.cn/4", None, "2023-02-06", "<p>正文四</p>", "html")),
    ({"text": "正文五", "published": "not a date"}, (None, None, None, "正文五", None)),
])
def test_jsonl_field_name_variants(tmp_path, record, want):
    path = tmp_path / "news-dev.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (raw,) = only_inputs(items([path]))
    assert (raw.url, raw.title, raw.published, raw.content, raw.hint) == want
    assert raw.source == "news-dev.jsonl"      # events say the file's name
    assert raw.location == f"{path}:1"


def test_jsonl_bad_lines_named_and_others_kept(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "一"}\n\n{"text": \n["list"]\n{"title": "no body"}\n{"text": "六"}\n', encoding="utf-8")
    got = items([path])
    assert [r.content for r in got if isinstance(r, RawInput)] == ["一", "六"]
    errors = [str(e) for e in got if isinstance(e, InputError)]
    assert errors[0].startswith(f"{path}:3: not JSON")
    assert errors[1].startswith(f"{path}:4: want a JSON object")
    assert errors[2].startswith(f"{path}:5: no text")
    assert len(errors) == 3


def test_stdin_page_jsonl_and_markdown():
    (raw,) = list(iter_stdin(io.BytesIO(PAGE.encode("utf-8"))))
    assert raw.content == PAGE and raw.source == "stdin"
    lines = b'{"text": "\xe4\xb8\x80"}\n{"text": "\xe4\xba\x8c"}\n'
    assert [r.content for r in iter_stdin(io.BytesIO(lines))] == ["一", "二"]
    (md,) = list(iter_stdin(io.BytesIO("# 晚间 (20240101)\n\n### 条目\n\n<p>正文</p>\n".encode())))
    assert md.content.startswith("# 晚间")
    (err,) = list(iter_stdin(io.BytesIO(b"")))
    assert isinstance(err, InputError) and "empty" in str(err)


# --------------------------------------------------------------------------- WARC
def write_warc(path: Path, records: list[tuple[str, str, bytes]], *, gz: bool = True) -> list[int]:
    """Write response records; returns the file offset where each record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for url, content_type, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            ends.append(f.tell())
    return ends


WARC_PAGES = [
    ("http://a.example.cn/2024/01/02/1.html", "text/html; charset=utf-8",
     "<html><body><p>德州十个项目集中签约,总投资33亿元。</p></body></html>".encode("utf-8")),
    ("http://b.example.cn/2.html", "text/html; charset=GBK",
     "<html><body><p>枣庄五个项目集中开工。</p></body></html>".encode("gbk")),
    ("http://b.example.cn/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
    ("http://c.example.cn/3.html", "text/html", "<html><body><p>日照港口项目投产。</p></body></html>".encode("gbk")),
]


def test_warc_html_responses_only_with_charsets(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, WARC_PAGES)
    got = only_inputs(items([path]))
    assert [r.url for r in got] == [WARC_PAGES[0][0], WARC_PAGES[1][0], WARC_PAGES[3][0]]
    assert "德州十个项目" in got[0].content and "枣庄五个项目" in got[1].content and "日照港口" in got[2].content
    assert all(r.hint == "html" and r.source == r.url for r in got)


def test_plain_warc_and_stream_reader(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, WARC_PAGES[:1], gz=False)
    with open(path, "rb") as f:
        (raw,) = list(iter_warc(f, "crawl.warc"))
    assert raw.location == "crawl.warc#1"


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_records_before_damage_at_any_cut(tmp_path, gz):
    # every cut inside a record is either reported or loses nothing that was read
    path = tmp_path / "all.warc"
    ends = write_warc(path, WARC_PAGES, gz=gz)
    data = path.read_bytes()
    starts = [0] + ends[:-1]
    for number, (start, end) in enumerate(zip(starts, ends)):
        for cut in range(start + 1, end - (12 if gz else 4), max(1, (end - start) // 25)):
            got = list(iter_warc(io.BytesIO(data[:cut]), "all.warc"))
            assert isinstance(got[-1], InputError), (number, cut)
            assert all(isinstance(r, RawInput) for r in got[:-1])
            # every whole HTML record before the cut is kept (not just "nothing but pages")
            whole = [url for url, ctype, _ in WARC_PAGES[:number] if ctype.startswith("text/html")]
            assert [r.url for r in got[:-1]] == whole, (number, cut)


def test_truncated_warc_gz_keeps_records_before_damage(tmp_path):
    path = tmp_path / "cut.warc.gz"
    ends = write_warc(path, WARC_PAGES[:2] + [WARC_PAGES[0]] * 3)
    data = path.read_bytes()
    path.write_bytes(data[: (ends[2] + ends[3]) // 2])  # in the middle of the fourth record
    got = items([path])
    pages = [r for r in got if isinstance(r, RawInput)]
    errors = [e for e in got if isinstance(e, InputError)]
    assert len(pages) == 3 and len(errors) == 1
    assert str(errors[0]).startswith(f"{path}: truncated or damaged WARC")
    assert isinstance(got[-1], InputError)


# --------------------------------------------------------------------------- URLs and feeds
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>某市新闻</title>
<item><title>某区签约八个项目</title><link>https://news.example.cn/a.html</link>
<pubDate>Mon, 05 Feb 2024 08:00:00 +0800</pubDate></item>
<item><title>死链</title><link>https://news.example.cn/gone.html</link></item>
</channel></rss>"""


def mock_fetcher(seen: list) -> Fetcher:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path == "/feed.xml":
            return httpx.Response(200, content=FEED.encode(), headers={"content-type": "application/rss+xml"})
        if path == "/a.html":
            body = "<html><body><p>某区签约八个项目,总投资16亿元。</p></body></html>".encode("gbk")
            return httpx.Response(200, content=body, headers={"content-type": "text/html; charset=gbk"})
        if path == "/down":
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(404)

    return Fetcher(min_interval=0, client=httpx.Client(transport=httpx.MockTransport(handler),
                                                       headers={"User-Agent": USER_AGENT}),
                   resolve=lambda host, port: [PUBLIC_ADDRESS])


PUBLIC_ADDRESS = "93.184.216.34"    # what every test host "resolves" to: a public address


def test_url_page_charset_honoured_and_user_agent():
    seen: list = []
    (raw,) = items(["https://news.example.cn/a.html"], fetcher=mock_fetcher(seen))
    assert "某区签约八个项目" in raw.content
    assert raw.source == raw.url == "https://news.example.cn/a.html" and raw.hint == "html"
    assert seen[0].headers["user-agent"].startswith("projectradar/")


def test_feed_entries_fetched_with_dates_and_dead_links_reported():
    got = items(["https://news.example.cn/feed.xml"], fetcher=mock_fetcher([]))
    page, dead = got
    assert (page.url, page.title, page.published) == ("https://news.example.cn/a.html", "某区签约八个项目", "2024-02-05")
    assert isinstance(dead, FetchError) and "404" in str(dead) and "gone.html" in str(dead)


def test_unreachable_url_is_an_error_not_an_exception():
    (err,) = items(["https://news.example.cn/down"], fetcher=mock_fetcher([]))
    assert isinstance(err, FetchError)
    assert str(err).startswith("https://news.example.cn/down: cannot fetch")


def test_polite_rate_limit_per_host(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr("projectradar.sources.web.time.sleep", slept.append)
    fetcher = mock_fetcher([])
    fetcher.min_interval = 1.0
    for _ in range(3):
        fetcher.get("https://news.example.cn/a.html")
    assert len(slept) == 2 and all(0.5 < s <= 2.0 for s in slept)


def test_is_feed():
    assert is_feed(FEED.encode(), "text/xml")
    assert is_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">', "")
    assert not is_feed(b"<html><body>rss</body></html>", "text/html")


def test_stdin_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, WARC_PAGES[:2])
    got = list(iter_stdin(io.BytesIO(path.read_bytes())))
    assert [r.url for r in got] == [WARC_PAGES[0][0], WARC_PAGES[1][0]]


def test_big5_traditional_html_file(tmp_path):
    html = ("<html><head><meta charset='big5'><title>高雄簽約</title></head><body>"
            "<p>高雄市今天舉行招商簽約儀式,共有十二家企業簽署投資協議,總金額超過三百億元。</p></body></html>")
    path = tmp_path / "tw.htm"
    path.write_bytes(html.encode("big5"))
    (raw,) = only_inputs(items([path]))
    assert "高雄市今天舉行招商簽約儀式" in raw.content


def test_gzipped_jsonl_and_its_damage(tmp_path):
    import gzip

    path = tmp_path / "news.jsonl.gz"
    lines = "".join(json.dumps({"title": f"第{n}条", "text": "某县签约项目。" * 50}, ensure_ascii=False) + "\n"
                    for n in range(200))
    path.write_bytes(gzip.compress(lines.encode("utf-8")))
    got = only_inputs(items([path]))
    assert len(got) == 200 and got[0].source == "news.jsonl.gz" and got[0].title == "第0条"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    got = items([path])
    assert isinstance(got[-1], InputError) and "truncated or damaged gzip" in str(got[-1])
    assert all(isinstance(r, RawInput) for r in got[:-1]) and got[:-1]


def test_jsonl_text_wins_over_html(tmp_path):
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps({"text": "干净的正文。", "html": "<p>干净的正文。</p><nav>导航</nav>"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    (raw,) = only_inputs(items([path]))
    assert (raw.content, raw.hint) == ("干净的正文。", None)


# ------------------------------------------------------------------ SSRF
def _redirecting_fetcher(seen: list, **kwargs) -> Fetcher:
    """news.example.cn (public) answers /jump with a redirect to the cloud metadata address."""
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/jump":
            return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data/"})
        return httpx.Response(200, content="<html><body><p>内网页面。</p></body></html>".encode(),
                              headers={"content-type": "text/html; charset=utf-8"})

    resolve = {"news.example.cn": PUBLIC_ADDRESS, "intranet.example.cn": "10.1.2.3"}
    return Fetcher(min_interval=0, client=httpx.Client(transport=httpx.MockTransport(handler)),
                   resolve=lambda host, port: [resolve[host]], **kwargs)


@pytest.mark.parametrize("url, what", [
    ("http://127.0.0.1:8000/admin", "loopback"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://intranet.example.cn/a.html", "private"),
    ("http://[::1]/x", "loopback"),
    ("https://news.example.cn/jump", "link-local"),           # a public page redirecting inside
])
def test_fetching_refuses_non_public_targets_also_after_a_redirect(url, what):
    seen: list = []
    (err,) = items([url], fetcher=_redirecting_fetcher(seen))
    assert isinstance(err, FetchError) and "refused" in str(err) and what in str(err), err
    assert not any("169.254" in u or "10.1.2.3" in u or "127.0.0.1" in u for u in seen), seen


def test_fetching_private_targets_when_allowed():
    seen: list = []
    (raw,) = items(["https://news.example.cn/jump"], fetcher=_redirecting_fetcher(seen, allow_private=True))
    assert "内网页面" in raw.content and seen[-1].startswith("http://169.254.169.254/")
