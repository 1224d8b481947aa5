#!/usr/bin/env python3
"""Write the example crawl the README's `projectradar batch` reads: three small WARC files of
news pages written for this project (examples/page.html and tests/fixtures/batch/), and
warc.paths listing them, one a line, as Common Crawl's listings do, plus one that is missing.

    .venv/bin/python examples/crawl/make_crawl.py      # rewrites the .warc.gz files here
"""
from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PAGES = ROOT / "tests" / "fixtures" / "batch"
CRAWL = {
    "hubei-2024-03.warc.gz": [("https://news.example.cn/xiangyang/2024-03-12/kaigong.html",
                               ROOT / "examples" / "page.html"),
                              ("https://news.example.cn/weather/2024-03-12/tianqi.html",
                               PAGES / "weather_no_event.html")],
    "jiangxi-2023-05.warc.gz": [("https://www.example.gov.cn/ganzhou/2023-05/18/qianyue.html",
                                 PAGES / "ganzhou_signing.html")],
    "sichuan-2023-02.warc.gz": [("https://www.example.gov.cn/mianyang/xiangmu.html",
                                 PAGES / "mianyang_key_projects.html")],
}


def main() -> None:
    for name, pages in CRAWL.items():
        with open(HERE / name, "wb") as stream:
            writer = WARCWriter(stream, gzip=True)
            for url, page in pages:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page.read_bytes()),
                                                              http_headers=headers))
    (HERE / "warc.paths").write_text(
        "# one WARC a line, relative to this listing (Common Crawl's warc.paths.gz holds thousands)\n"
        + "".join(f"{name}\n" for name in CRAWL) + "missing-2023-06.warc.gz\n", encoding="utf-8")
    print(f"wrote {len(CRAWL)} WARC files and warc.paths in {HERE}")


if __name__ == "__main__":
    main()
