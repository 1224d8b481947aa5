"""Ingest speed against extraction alone, then query latency over a million synthetic events.

    .venv/bin/python bench/ingest_speed.py                       # the whole xinwenlianbo corpus
    .venv/bin/python bench/ingest_speed.py --files 100 --events 200000   # a quick look
    .venv/bin/python bench/ingest_speed.py --projects-cost --files 300   # the 项目库's cost

Part 1 reads ../shared/data/xinwenlianbo once to time extraction alone
(pipeline.extract_raw, one process), then ingests the same files into a fresh
SQLite database with --workers 1 (extraction in this process, writing in the
store's writer thread), again with the default workers (extraction in a process
pool while this process writes), and into PostgreSQL (when it answers) with
--workers 1, and prints documents/s of each and their ratio (goal >= 0.8).
Part 2 bulk-inserts N synthetic events (default 1,000,000) with their summary
rows into a fresh SQLite file and times `events` and `stats` queries (goal:
p95 < 50 ms). Peak RSS is printed at the end of each part.
"""
from __future__ import annotations

try:  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401
except ImportError:  # imported by a test: its interpreter is the right one
    pass

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from projectradar.records import EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "xinwenlianbo" / "news"
PG_ADMIN = os.environ.get("PROJECTRADAR_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus_files(corpus: Path, limit: int | None) -> list[str]:
    files = sorted(str(p) for p in corpus.glob("*.md"))
    return files[:limit] if limit else files


# ------------------------------------------------------------------ part 1
def extract_only(files: list[str]) -> tuple[int, float]:
    from projectradar.pipeline import extract_raw
    from projectradar.sources import iter_inputs

    docs = 0
    start = time.perf_counter()
    for raw in iter_inputs(files):
        if isinstance(raw, BaseException):
            continue
        docs += len(extract_raw(raw).documents)
    return docs, time.perf_counter() - start


def ingest(files: list[str], url: str, workers: int = 1) -> tuple[int, float, dict]:
    from projectradar import ingest as ingest_files
    from projectradar.store import Store

    store = Store(url)                       # migrated before the clock starts
    start = time.perf_counter()
    report = ingest_files(store, files, workers=workers)
    store.close()                            # the clock includes the final WAL checkpoint
    seconds = time.perf_counter() - start
    store = Store(url)
    counts = store.counts()
    store.close()
    return report.documents, seconds, counts


def pg_url() -> str | None:
    try:
        import psycopg

        name = "radar_bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    except Exception:
        return None


def drop_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def part_one(corpus: Path, limit: int | None, use_pg: bool) -> None:
    files = corpus_files(corpus, limit)
    print(f"corpus: {len(files)} files from {corpus}")
    # warm imports and lexicons so neither side pays them
    from projectradar.resolve import minhash_signature

    minhash_signature("预热" * 100)
    extract_only(files[:3])
    docs, seconds = extract_only(files)
    base = docs / seconds
    print(f"extract only : {docs} documents in {seconds:.1f} s = {base:.1f} docs/s")
    with tempfile.TemporaryDirectory() as tmp:
        n, seconds, counts = ingest(files, str(Path(tmp) / "bench.db"))
        rate = n / seconds
        print(f"ingest SQLite, --workers 1: {n} documents in {seconds:.1f} s = {rate:.1f} docs/s "
              f"(ratio {rate / base:.2f}); stored {counts}")
        default = os.cpu_count() or 1
        n, seconds, counts = ingest(files, str(Path(tmp) / "bench2.db"), workers=None)
        rate = n / seconds
        print(f"ingest SQLite, default workers ({default}): {n} documents in {seconds:.1f} s = {rate:.1f} docs/s "
              f"(ratio {rate / base:.2f} of one-process extraction)")
    if use_pg:
        url = pg_url()
        if url is None:
            print("ingest PostgreSQL: server does not answer, skipped")
        else:
            try:
                n, seconds, counts = ingest(files, url)
                rate = n / seconds
                print(f"ingest PostgreSQL: {n} documents in {seconds:.1f} s = {rate:.1f} docs/s "
                      f"(ratio {rate / base:.2f}); stored {counts}")
            finally:
                drop_pg(url)
    print(f"peak RSS after part 1: {peak_rss_mb():.0f} MB")


def projects_cost(corpus: Path, limit: int | None, rounds: int = 2) -> None:
    """Ingest the corpus with --workers 1 into fresh SQLite files with the 项目库 off
    ($PROJECTRADAR_PROJECTS=off) and on, alternately, ``rounds`` times each; print the best
    time of each and the cost of projects (goal: at most 20 % slower)."""
    from projectradar.pipeline import PROJECTS_SWITCH

    files = corpus_files(corpus, limit)
    print(f"projects cost: {len(files)} files from {corpus}")
    extract_only(files[:3])
    best = {"off": float("inf"), "on": float("inf")}
    cpu = {"off": float("inf"), "on": float("inf")}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(rounds):
            for mode in ("off", "on"):
                os.environ[PROJECTS_SWITCH] = mode
                used = time.process_time()
                n, seconds, counts = ingest(files, str(Path(tmp) / f"bench-{mode}-{k}.db"))
                used = time.process_time() - used
                best[mode] = min(best[mode], seconds)
                cpu[mode] = min(cpu[mode], used)
                print(f"  projects {mode:3}: {n} documents in {seconds:.1f} s = {n / seconds:.1f} docs/s "
                      f"(CPU {used:.1f} s); stored {counts}")
    os.environ.pop(PROJECTS_SWITCH, None)
    print(f"projects off {best['off']:.1f} s, on {best['on']:.1f} s wall: "
          f"{100 * (best['on'] / best['off'] - 1):+.1f} %; CPU (this process and its writer thread) "
          f"off {cpu['off']:.1f} s, on {cpu['on']:.1f} s: {100 * (cpu['on'] / cpu['off'] - 1):+.1f} % (goal <= +20 %)")


# ------------------------------------------------------------------ part 2
CITIES = ["370100", "370200", "340100", "360700", "320500", "510100", "610100", "430100", "410100", "440300",
          "330100", "420100", "500000", "120000", "350200", "210100"]
TYPES = list(EVENT_TYPES)
SECTORS = ["新能源", "集成电路", "生物医药", "高端装备", "数字经济", "现代物流"]


def synthetic_records(n: int, seed: int = 7):
    """Event records (shared/spec/events.md), all distinct."""
    rnd = random.Random(seed)
    base = dt.date(2020, 1, 1)
    for i in range(n):
        city = rnd.choice(CITIES)
        adcode = city if rnd.random() < 0.4 else city[:4] + f"{rnd.randint(1, 20):02d}"
        day = (base + dt.timedelta(days=rnd.randint(0, 6 * 365))).isoformat()
        etype = rnd.choice(TYPES)
        money = rnd.choice([None, rnd.randint(1, 5000) * 10_000_000])
        yield {"id": f"syn{i:08d}", "source": f"synthetic/{i // 50}.txt", "document_id": f"doc{i // 5}",
               "type": etype, "title": None,
               "region": {"name": adcode, "adcode": adcode, "level": "district", "path": []},
               "date": {"start": day, "end": day, "precision": "day"},
               "project_count": rnd.choice([None, rnd.randint(1, 120)]), "investment_yuan": money,
               "annual_investment_yuan": None, "qualifier": "exact", "level": None,
               "sectors": [rnd.choice(SECTORS)], "people": [], "organizations": [], "destinations": [],
               "metrics": [], "cumulative": False, "evidence": None, "confidence": 0.8}


def fill_synthetic(url: str, n: int) -> float:
    """Bulk load through the store's own bulk path (Store.bulk_load_events)."""
    from projectradar.store import Store

    store = Store(url)
    start = time.perf_counter()
    store.bulk_load_events(synthetic_records(n))
    store.close()
    return time.perf_counter() - start


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def part_two(n: int, repeats: int, verbose: bool = False) -> None:
    from projectradar.store import EventFilter, Store

    with tempfile.TemporaryDirectory() as tmp:
        url = str(Path(tmp) / "million.db")
        seconds = fill_synthetic(url, n)
        print(f"synthetic: {n} events inserted in {seconds:.1f} s ({n / seconds:,.0f} events/s)")
        store = Store(url)
        rnd = random.Random(11)
        event_queries = [
            lambda: store.events(limit=50),
            lambda: store.events(EventFilter(type=rnd.choice(TYPES)), limit=50),
            lambda: store.events(EventFilter(adcode=rnd.choice(CITIES)), limit=50),
            lambda: store.events(EventFilter(adcode=rnd.choice(CITIES)[:2]), limit=50),
            lambda: store.events(EventFilter(type="signing", adcode=rnd.choice(CITIES)), limit=50),
            lambda: store.events(EventFilter(since="2023-01-01", until="2023-03-31"), limit=50),
            lambda: store.events(EventFilter(min_investment=40_000_000_000), limit=50, sort="-investment"),
            lambda: store.events(EventFilter(type="groundbreaking", since="2024"), limit=50),
            lambda: store.events(limit=50, offset=500),
        ]
        stats_queries = [
            lambda: store.stats("region"),
            lambda: store.stats("region", level="city", year=rnd.choice([2021, 2022, 2023])),
            lambda: store.stats("region", level="district"),
            lambda: store.stats("month"),
            lambda: store.stats("type", year=2024),
            lambda: store.stats("sector"),
            lambda: store.stats("type", filters=EventFilter(adcode=rnd.choice(CITIES))),
        ]
        for name, queries in (("events", event_queries), ("stats", stats_queries)):
            samples, each = [], [[] for _ in queries]
            for _ in range(repeats):
                for k, q in enumerate(queries):
                    t = time.perf_counter()
                    q()
                    ms = (time.perf_counter() - t) * 1000
                    samples.append(ms)
                    each[k].append(ms)
            print(f"{name:6} queries: n={len(samples)} p50 {statistics.median(samples):.1f} ms, "
                  f"p95 {p95(samples):.1f} ms, max {max(samples):.1f} ms")
            if verbose:
                for k, times in enumerate(each):
                    print(f"    {name} #{k}: p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
        t = time.perf_counter()
        total = store.count_events()
        print(f"count_events() over everything: {total} in {(time.perf_counter() - t) * 1000:.0f} ms")
        store.close()
    print(f"peak RSS after part 2: {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of .md news dumps (default: %(default)s)")
    parser.add_argument("--files", type=int, default=None, help="only the first N corpus files")
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events for part 2")
    parser.add_argument("--repeats", type=int, default=20, help="rounds of each query set")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-queries", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="timings of each query")
    parser.add_argument("--projects-cost", action="store_true",
                        help="only time ingest with the 项目库 off and on ($PROJECTRADAR_PROJECTS)")
    args = parser.parse_args()
    if args.projects_cost:
        if not args.corpus.is_dir():
            sys.exit(f"{args.corpus}: corpus not found (give --corpus)")
        projects_cost(args.corpus, args.files)
        return
    if not args.skip_ingest:
        if not args.corpus.is_dir():
            sys.exit(f"{args.corpus}: corpus not found (give --corpus)")
        part_one(args.corpus, args.files, not args.no_pg)
    if not args.skip_queries:
        part_two(args.events, args.repeats, args.verbose)
    print(json.dumps({"peak_rss_mb": round(peak_rss_mb())}))


if __name__ == "__main__":
    main()
