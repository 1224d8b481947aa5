"""Extraction speed: projectradar.extract against jieba.lcut over the same news items, and peak memory.

    python bench/extract_speed.py [CORPUS_DIR] [--limit N]

CORPUS_DIR defaults to ../shared/data/xinwenlianbo (Markdown dumps, one a
day, every ### item a story). Prints, in one run: items/s and MB/s of
projectradar.extract over the files (Markdown split, tag strip, normalize,
events), of jieba.lcut over the same items' texts, their ratio (goal >= 1.0)
and the peak resident memory (goal < 500 MB). Loading jieba's dictionary and
projectradar's tables happens once before the clocks start, for both.
"""
from __future__ import annotations

try:  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401
except ImportError:  # imported by a test: its interpreter is the right one
    pass

import argparse
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "xinwenlianbo"))


def corpus_files(root: str) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(os.path.join(folder, f) for f in sorted(files) if f.endswith(".md"))
    return out


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (quick runs)")
    args = parser.parse_args(argv)
    files = corpus_files(args.corpus)
    if args.limit:
        files = files[: args.limit]
    if not files:
        print(f"no .md files under {args.corpus}", file=sys.stderr)
        return 2

    import jieba
    import projectradar

    jieba.setLogLevel(60)
    jieba.initialize()
    pages = []
    for path in files:
        with open(path, "rb") as f:
            pages.append((os.path.basename(path), f.read()))
    # warm-up: lexicons and tables load lazily, once
    projectradar.extract(pages[0][1], source=pages[0][0])

    texts: list[str] = []
    events = 0
    failed: list[str] = []
    input_bytes = sum(len(data) for _, data in pages)
    start = time.perf_counter()
    for name, data in pages:
        try:
            result = projectradar.extract(data, source=name)
        except Exception as err:  # a bug in one page must not hide the figures: it is listed below
            failed.append(f"{name}: {type(err).__name__}: {err}")
            continue
        events += len(result.events)
        texts.extend(d.text for d in result.documents)
    extract_seconds = time.perf_counter() - start
    items = len(texts)
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)

    start = time.perf_counter()
    words = 0
    for t in texts:
        words += len(jieba.lcut(t))
    jieba_seconds = time.perf_counter() - start

    mb = 1024 * 1024
    extract_ips, jieba_ips = items / extract_seconds, items / jieba_seconds
    print(f"corpus           {args.corpus}: {len(files)} files, {input_bytes / mb:.1f} MB, {items} items, "
          f"{text_bytes / mb:.1f} MB of item text")
    print(f"projectradar     {extract_ips:10.1f} items/s  {input_bytes / mb / extract_seconds:7.2f} MB/s (files)  "
          f"{text_bytes / mb / extract_seconds:7.2f} MB/s (item text)  {events} events  {extract_seconds:.1f} s")
    print(f"jieba.lcut       {jieba_ips:10.1f} items/s  {'':>21}  "
          f"{text_bytes / mb / jieba_seconds:7.2f} MB/s (item text)  {words} words  {jieba_seconds:.1f} s")
    print(f"ratio            {extract_ips / jieba_ips:.2f} (extract speed / jieba speed; goal >= 1.0)")
    print(f"peak memory      {peak_mb():.0f} MB (ru_maxrss; goal < 500 MB)")
    if failed:
        print(f"FAILED           {len(failed)} files raised (their items are not counted):")
        for line in failed[:10]:
            print(f"  {line}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
