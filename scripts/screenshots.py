#!/usr/bin/env python3
"""Screenshots of every dashboard page on real data, into docs/screenshots/ (`make screenshots`).

    .venv/bin/python scripts/screenshots.py [--corpus DIR] [--db FILE] [--out DIR]

It ingests the xinwenlianbo corpus (../shared/data/xinwenlianbo/news beside the clone; about
20 s; $PROJECTRADAR_SHARED points elsewhere) into a temporary SQLite file (or uses --db as it is), serves the dashboard on a free
loopback port and photographs each page with Playwright driving Debian's Chromium
(/usr/bin/chromium). The test suite never writes these files: run this after changing a page,
look at the pictures, and commit them.
"""
from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# ../shared beside the clone, or where PROJECTRADAR_SHARED says (as for the tests)
DEFAULT_CORPUS = Path(os.environ.get("PROJECTRADAR_SHARED", ROOT.parent / "shared")) / "data" / "xinwenlianbo" / "news"


def build_store(corpus: Path, db: Path):
    import projectradar
    from projectradar import Store

    store = Store(str(db))
    if store.counts()["documents"] == 0:
        started = time.perf_counter()
        report = projectradar.ingest(store, [str(corpus)])
        print(f"ingested {corpus}: {report.documents} documents, {report.events} events "
              f"in {time.perf_counter() - started:.0f}s", flush=True)
    return store


def serve(store) -> tuple[str, object, threading.Thread]:
    import uvicorn

    from projectradar.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline:
            sys.exit("screenshots: the server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def pages(store) -> list[tuple[str, str, str | None]]:
    """(file name, path, what to wait for) of every page, picked from the data."""
    from projectradar.store import EventFilter

    year = store.latest_year()
    biggest = store.events(EventFilter(type="signing"), limit=1, sort="-investment")
    event = biggest[0] if biggest else (store.events(limit=1) or [None])[0]
    provinces = store.region_rows(parent=None, year=year, level="province")
    province = provinces[0]["adcode"] if provinces else "370000"
    cities = store.region_rows(parent=province, year=year)
    city = next((c["adcode"] for c in cities if c["adcode"] != province), None)
    out = [("overview.png", f"/?year={year}", "map"),
           ("events.png", f"/events?since={year}-01-01&until={year}-12-31", None),
           ("regions.png", f"/regions?year={year}", None),
           ("region-province.png", f"/regions/{province}?year={year}", None)]
    if city:
        out.append(("region-city.png", f"/regions/{city}?year={year}", None))
    if event:
        out.append(("event.png", f"/events/{event['id']}", None))
        document = (event.get("sources") or [{}])[0].get("document_id") or event.get("document_id")
        if document:
            out.append(("reader.png", f"/documents/{document}", None))
    out += [("search.png", "/search?q=集中签约", None),
            ("not-found.png", "/events/no-such-event", None),
            ("api-docs.png", "/docs", None)]
    return out


def shoot(base: str, shots: list[tuple[str, str, str | None]], out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = context.new_page()
        for name, path, wait in shots:
            page.goto(base + path)
            if wait == "map":
                page.wait_for_function("() => window.radarMap && window.radarMap.ready", timeout=30000)
            page.wait_for_timeout(800)   # charts fade in
            page.screenshot(path=str(out / name), full_page=True)
            print(f"wrote {(out / name).relative_to(ROOT) if out.is_relative_to(ROOT) else out / name}  ({path})")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of pages to ingest")
    parser.add_argument("--db", type=Path, help="use this database (ingested into when empty)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"screenshots: {CHROMIUM} is missing (apt-get install -y chromium)")
    if args.db is None and not args.corpus.is_dir():
        sys.exit(f"screenshots: no corpus at {args.corpus} (give --corpus DIR or --db FILE)")
    with tempfile.TemporaryDirectory(prefix="radar-shots-") as tmp:
        store = build_store(args.corpus, args.db or Path(tmp) / "radar.db")
        base, server, thread = serve(store)
        try:
            shoot(base, pages(store), args.out)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            store.close()


if __name__ == "__main__":
    main()
