#!/usr/bin/env python3
"""Serve speed: /api/events, Atom feeds and the overview page over 1,000,000 synthetic events.

    python bench/serve_speed.py [--events 1000000] [--db /tmp/projectradar-serve-bench.db] [--rebuild]

Builds (or reuses) an SQLite file of synthetic events through the store's
bulk loader (``Store.bulk_load_events``), starts ``projectradar serve``
in a SECOND process on a loopback port, then times requests from this one:
wall time per request and the server's own time from the ``Server-Timing``
header. Goals: /api/events p95 < 50 ms; a filtered feed (/feeds/events.atom?…, a watch's
feed) p95 < 50 ms; overview page < 300 ms server time; /api/projects p95 < 50 ms over
--projects synthetic named projects (default 100,000: one for every ten events) loaded
with ``Store.bulk_load_projects``.
"""
from __future__ import annotations

try:  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401
except ImportError:  # imported by a test: its interpreter is the right one
    pass

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from projectradar.records import EVENT_TYPES, Region


TYPES = EVENT_TYPES
WEIGHTS = (30, 25, 12, 8, 8, 8, 5, 4)
VERBS = {"signing": "集中签约", "groundbreaking": "集中开工", "completion": "竣工投产", "key_projects": "列入重点项目",
         "investment_trip": "外出招商", "meeting": "召开推进会", "target": "力争签约", "award": "兑现奖励"}
EVENTS_PER_PAGE = 100  # events said to come from one page (document_id)


def _districts() -> list[Region]:
    from projectradar.regions import all_regions

    found = [r for r in all_regions() if r.level == "district" and len(r.adcode) == 6]
    if not found:
        sys.exit("serve_speed: the region table is empty")
    return found


def synthetic_records(total: int, seed: int = 7):
    """Event records (shared/spec/events.md) over every district, all distinct (no two merge)."""
    rng = random.Random(seed)
    districts = _districts()
    for n in range(total):
        kind = rng.choices(TYPES, WEIGHTS)[0]
        region = rng.choice(districts)
        year = rng.randint(2019, 2026)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        count = rng.randint(1, 80)
        money = rng.randint(1, 50000) * 1_000_000
        sentence = (f"{year}年{month}月{day}日，{region.name}{VERBS[kind]}项目{count}个，"
                    f"总投资{money / 1e8:.2f}亿元，编号{n}。")
        date = f"{year:04d}-{month:02d}-{day:02d}"
        page = n // EVENTS_PER_PAGE
        yield {"id": f"syn{n:08d}", "type": kind, "source": f"synthetic/{page:07d}.txt",
               "document_id": f"d{page:07d}", "title": f"{region.name}{VERBS[kind]}",
               "region": {"name": region.name, "adcode": region.adcode, "level": region.level,
                          "path": list(region.path or [])},
               "date": {"start": date, "end": date, "precision": "day"}, "project_count": count,
               "investment_yuan": money, "annual_investment_yuan": None, "qualifier": "exact", "level": None,
               "sectors": [], "people": [], "organizations": [], "destinations": [], "metrics": [],
               "cumulative": False, "evidence": {"text": sentence, "start": 0, "end": len(sentence)},
               "confidence": 0.9}


def build(db: Path, total: int) -> None:
    from projectradar.store import Store

    if db.exists():
        db.unlink()
    store = Store(str(db))
    started = time.perf_counter()
    loaded = store.bulk_load_events(synthetic_records(total))
    seconds = time.perf_counter() - started
    print(f"built {db}: {loaded:,} events in {seconds:.0f} s ({loaded / seconds:,.0f} events/s, "
          "Store.bulk_load_events)")
    store.close()


STAGES = ("signing", "groundbreaking", "completion", "production")
TRADES = ("新材料", "智能装备", "生物医药", "冷链物流", "光伏组件", "电子信息")


def synthetic_projects(total: int, seed: int = 11):
    """Project records (resolve.projects.project_record's shape) over every district: each
    signed on a day, some started, completed and producing later."""
    from projectradar.resolve.projects import project_record

    rng = random.Random(seed)
    districts = _districts()
    for n in range(total):
        region = rng.choice(districts)
        signed = (2019 + rng.randint(0, 6), rng.randint(1, 12), rng.randint(1, 28))
        steps = rng.choices((1, 2, 3, 4), (40, 30, 20, 10))[0]
        name = f"合成{n}号{rng.choice(TRADES)}产业园"
        org = f"合成{n % 5000}号科技有限公司"
        money = rng.randint(1, 5000) * 10_000_000
        mentions = []
        for k in range(steps):
            year = signed[0] + k
            day = f"{year:04d}-{signed[1]:02d}-{signed[2]:02d}"
            sentence = f"{day}，{region.name}{name}{STAGES[k]}，总投资{money / 1e8:.2f}亿元。"
            mentions.append({"id": f"pm{n:07d}{k}", "name": name, "core": name, "stage": STAGES[k],
                             "source": f"synthetic/{n // 100:06d}.txt", "document_id": f"d{n // 100:06d}",
                             "region": {"name": region.name, "adcode": region.adcode, "level": region.level,
                                        "path": list(region.path or [])},
                             "date": {"start": day, "end": day, "precision": "day"}, "organizations": [org],
                             "investment_yuan": money, "name_start": 11, "name_end": 11 + len(name),
                             "evidence": {"text": sentence, "start": 0, "end": len(sentence)}})
        yield project_record(f"p{n:07d}", mentions)


def add_projects(db: Path, total: int) -> None:
    """The synthetic named projects, loaded once (a database that has projects keeps them)."""
    from projectradar.store import Store

    with Store(str(db)) as store:
        if store.count_projects() >= total:
            return
        started = time.perf_counter()
        loaded = store.bulk_load_projects(synthetic_projects(total))
        print(f"loaded {loaded:,} synthetic projects in {time.perf_counter() - started:.0f} s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_ms(response: httpx.Response) -> float:
    match = re.search(r"dur=([\d.]+)", response.headers.get("server-timing", ""))
    return float(match.group(1)) if match else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def measure(client: httpx.Client, urls: list[str], rounds: int, *, etags: dict[str, str] | None = None,
            status: int = 200) -> tuple[list[float], list[float]]:
    """Time ``rounds`` GETs over ``urls``; with ``etags`` each is a conditional GET (If-None-Match)."""
    wall, server = [], []
    for i in range(rounds):
        url = urls[i % len(urls)]
        headers = {"If-None-Match": etags[url]} if etags else {}
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        wall.append((time.perf_counter() - started) * 1000)
        if response.status_code != status:
            raise SystemExit(f"serve_speed: {url} answered {response.status_code}: {response.text[:200]}")
        server.append(_server_ms(response))
    return wall, server


BENCH_WATCH = "bench-山东签约"


def add_watch(db: Path) -> None:
    """A watch to read the feed of (kept in the database, made once)."""
    from projectradar.store import EventFilter, Store

    with Store(str(db)) as store:
        if store.watch(BENCH_WATCH) is None:
            store.add_watch(BENCH_WATCH, EventFilter(region="山东", type="signing", min_investment=10 ** 9))


def measure_projects(client: httpx.Client, rounds: int) -> None:
    """/api/projects over filters (first requests included), one project, the delivery funnel."""
    project_urls = [
        "/api/projects",
        "/api/projects?stage=signing",
        "/api/projects?adcode=3701",
        "/api/projects?region=济南&stage=groundbreaking",
        "/api/projects?adcode=37&min_yuan=10亿",
        "/api/projects?since=2025-01-01&until=2025-06-30",
        "/api/projects?org=合成42号",
        "/api/projects?q=生物医药&adcode=44",
        "/api/projects?stage=production&offset=500",
        "/api/projects/p0004242",
        "/api/delivery?adcode=3701&since=2024",
    ]
    print("/api/projects, first request of each filter (server time):")
    first_wall, first_served = [], []
    for url in project_urls:
        one_wall, one = measure(client, [url], 1)
        first_wall += one_wall
        first_served += one
        print(f"  {url:<48} {one[0]:8.1f} ms")
    wall, served = measure(client, project_urls, rounds)
    wall, served = first_wall + wall, first_served + served
    print(f"/api/projects    ({len(wall)} requests over {len(project_urls)} routes and filters, first requests "
          f"included): p50 {statistics.median(wall):.1f} ms, p95 {p95(wall):.1f} ms wall; "
          f"server p50 {statistics.median(served):.1f} ms, p95 {p95(served):.1f} ms  (goal p95 < 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/projectradar-serve-bench.db"))
    parser.add_argument("--rebuild", action="store_true", help="build the database even if it exists")
    parser.add_argument("--rounds", type=int, default=200, help="requests per API measurement")
    parser.add_argument("--projects", type=int, default=100_000, help="synthetic named projects")
    parser.add_argument("--only-projects", action="store_true", help="time the 项目库's routes only")
    args = parser.parse_args()

    marker = args.db.with_suffix(".events")
    if args.rebuild or not args.db.exists() or not marker.exists() or marker.read_text().strip() != str(args.events):
        print(f"building {args.events:,} synthetic events in {args.db} (once; reused by later runs)")
        build(args.db, args.events)
        marker.write_text(str(args.events))
    add_watch(args.db)
    add_projects(args.db, args.projects)

    port = _free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    server = subprocess.Popen([sys.executable, "-c", "from projectradar.cli import main; main()",
                               "serve", "--db", str(args.db),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.time() + 60
            while True:
                try:
                    client.get("/openapi.json")
                    break
                except httpx.TransportError:
                    if time.time() > deadline or server.poll() is not None:
                        raise SystemExit("serve_speed: the server did not start")
                    time.sleep(0.2)
            measure_projects(client, args.rounds)
            if args.only_projects:
                return
            event_urls = [
                "/api/events",
                "/api/events?type=signing",
                "/api/events?adcode=3701",
                "/api/events?region=济南&type=groundbreaking",
                "/api/events?sort=-investment&limit=50",
                "/api/events?since=2025-01-01&until=2025-06-30",
                "/api/events?min_investment=100亿&type=signing",
                "/api/events?type=signing&sort=-investment",
                "/api/events?adcode=3701&min_investment=10亿",
                "/api/events?type=completion&since=2024-01-01",
                "/api/events?adcode=37&sort=-investment",
                "/api/events?region=山东&type=signing&since=2024-01-01",
                "/api/events?offset=5000&limit=50",
            ]
            # First request of each filter: nothing cached (the count is taken afresh).
            print("/api/events, first request of each filter (server time):")
            first_wall, first_served = [], []
            for url in event_urls:
                one_wall, one = measure(client, [url], 1)
                first_wall += one_wall
                first_served += one
                print(f"  {url:<48} {one[0]:8.1f} ms")
            wall, served = measure(client, event_urls, args.rounds)
            # the first requests (counted afresh, nothing cached) are part of the sample
            wall, served = first_wall + wall, first_served + served
            print(f"/api/events      ({len(wall)} requests over {len(event_urls)} filters, first requests "
                  f"included, totals cached 30 s): "
                  f"p50 {statistics.median(wall):.1f} ms, p95 {p95(wall):.1f} ms wall; "
                  f"server p50 {statistics.median(served):.1f} ms, p95 {p95(served):.1f} ms  (goal p95 < 50 ms)")
            feed_urls = [
                "/feeds/events.atom?region=山东&type=signing",
                "/feeds/events.atom?adcode=3701",
                "/feeds/events.atom?region=济南&type=signing,groundbreaking",
                "/feeds/events.atom?type=groundbreaking&min_investment=10亿",
                "/feeds/events.atom?since=2025-01-01&until=2025-06-30",
                "/feeds/events.atom?adcode=37&min_investment=100亿",
                f"/feeds/watches/{BENCH_WATCH}.atom",
            ]
            print("feeds, first request of each filter (server time):")
            first_wall, first_served, etags = [], [], {}
            for url in feed_urls:
                one_wall, one = measure(client, [url], 1)
                first_wall += one_wall
                first_served += one
                etags[url] = client.get(url).headers["etag"]
                print(f"  {url:<56} {one[0]:8.1f} ms")
            wall, served = measure(client, feed_urls, args.rounds)
            wall, served = first_wall + wall, first_served + served
            print(f"feeds            ({len(wall)} requests over {len(feed_urls)} filtered feeds of 50 entries, first "
                  f"requests included): p50 {statistics.median(wall):.1f} ms, p95 {p95(wall):.1f} ms wall; "
                  f"server p50 {statistics.median(served):.1f} ms, p95 {p95(served):.1f} ms  (goal p95 < 50 ms)")
            wall, served = measure(client, feed_urls, args.rounds // 2, etags=etags, status=304)
            print(f"feeds, repeated conditional GET (304, {len(wall)} requests): p50 {statistics.median(wall):.1f} ms, "
                  f"p95 {p95(wall):.1f} ms wall; server p95 {p95(served):.1f} ms")
            pages = ["/", "/?year=2025"]
            _, first = measure(client, pages, 2)
            print(f"overview page, first requests: server {first[0]:.1f} ms, {first[1]:.1f} ms")
            wall, served = measure(client, pages, 30)
            print(f"overview page    (30 requests): server p50 {statistics.median(served):.1f} ms, "
                  f"p95 {p95(served):.1f} ms; wall p95 {p95(wall):.1f} ms  (goal < 300 ms server time)")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
