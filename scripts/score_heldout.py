#!/usr/bin/env python3
"""Score the extractor on the blind held-out pages (tests/fixtures/heldout/).

    python scripts/score_heldout.py [-v] [--shared ../shared] [--keep DIR] [--jobs N]

Runs `projectradar extract PAGE --format jsonl` on every page of the held-out
set (each page on its own, so a failure is reported against its page),
concatenates the events and runs shared/tools/score_events.py over every gold
file in tests/fixtures/heldout/gold/: per-file and overall figures, the last
line being the overall F1. -v is passed through to the scorer (misses, wrong
fields, extras). Exit status: 2 when a page failed to extract or the scorer is
missing, else the scorer's.
"""
from __future__ import annotations

try:  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401
except ImportError:  # imported by a test: its interpreter is the right one
    pass

import argparse
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
PAGE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".md"}


def cli() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "projectradar"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("projectradar")
    if found:
        return [found]
    return [sys.executable, "-m", "projectradar.cli"]


def pages() -> list[Path]:
    return sorted(p for p in HELDOUT.iterdir() if p.is_file() and p.suffix in PAGE_SUFFIXES)


def extract(page: Path) -> tuple[Path, int, str, str]:
    run = subprocess.run([*cli(), "extract", str(page), "--format", "jsonl"],
                         capture_output=True, text=True, timeout=600)
    return page, run.returncode, run.stdout, run.stderr


def extract_all(out: Path, jobs: int) -> list[str]:
    """Write every page's events to OUT; return one line per failed page."""
    failures = []
    with ThreadPoolExecutor(max_workers=jobs) as pool, out.open("w", encoding="utf-8") as f:
        for page, code, stdout, stderr in pool.map(extract, pages()):
            if code != 0:
                tail = (stderr.strip().splitlines() or ["(no message)"])[-1]
                failures.append(f"{page.name}: exit {code}: {tail}")
            for line in stdout.splitlines():
                if line.strip():
                    f.write(line.rstrip("\n") + "\n")
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="pass -v to the scorer")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--keep", help="folder to keep the predictions (heldout-pred.jsonl) in")
    ap.add_argument("--jobs", type=int, default=6, help="pages extracted in parallel")
    ap.add_argument("--min-f1", type=float, help="passed to the scorer")
    args = ap.parse_args()

    scorer = Path(args.shared) / "tools" / "score_events.py"
    if not scorer.exists():
        print(f"error: scorer not found at {scorer}", file=sys.stderr)
        return 2
    folder = Path(args.keep or tempfile.mkdtemp(prefix="radar-heldout-"))
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "heldout-pred.jsonl"
    failures = extract_all(out, args.jobs)
    for line in failures:
        print(f"EXTRACT FAILED {line}")
    n = sum(1 for _ in out.open(encoding="utf-8"))
    print(f"== held-out: {len(pages())} inputs, {n} events -> {out}")
    golds = sorted(str(p) for p in (HELDOUT / "gold").glob("*.json"))
    cmd = [sys.executable, str(scorer), str(out), *golds]
    if args.verbose:
        cmd.append("-v")
    if args.min_f1 is not None:
        cmd += ["--min-f1", str(args.min_f1)]
    status = subprocess.call(cmd)
    return 2 if failures else status


if __name__ == "__main__":
    sys.exit(main())
