#!/usr/bin/env python3
"""Score the event extractor on the sample page and the dev set with shared/tools/score_events.py.

    python scripts/score_dev.py [--shared ../shared] [-v] [--only sample|dev] [--keep DIR]

Reads shared/seeds/000_*.txt and shared/gold/dev/xinwenlianbo-dev.jsonl as
`projectradar extract` does (the runner; each JSONL story with its date and URL),
writes the events as JSONL and prints the scorer's report for each (its last
line is F1).
"""
from __future__ import annotations

try:  # run as a script: re-run with the project's .venv when it is not active
    import venv_python  # noqa: F401
except ImportError:  # imported by a test: its interpreter is the right one
    pass

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from projectradar.errors import InputError
from projectradar.runner import extract_inputs


def events_of(path: Path) -> list[dict]:
    """Every event of a page or JSONL file as `projectradar extract` finds them, each with the
    URL of its document (the scorer matches dev stories by URL)."""
    events = []
    for result in extract_inputs([path], workers=1):
        if isinstance(result, InputError):
            raise SystemExit(f"error: {result}")
        urls = {d.id: d.url for d in result.documents}
        for event in result.events:
            events.append({**event.to_dict(), "url": urls.get(event.document_id)})
    return events


def run_sample(shared: Path, out: Path) -> list[str]:
    write(out, events_of(shared / "seeds" / "000_673cbbdfa69013ac.txt"))
    return [str(shared / "gold" / "000_673cbbdfa69013ac.json")]


def run_dev(shared: Path, out: Path) -> list[str]:
    write(out, events_of(shared / "gold" / "dev" / "xinwenlianbo-dev.jsonl"))
    return [str(shared / "gold" / "dev" / "xinwenlianbo-dev.json")]


def write(path: Path, events: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for event in events:
            f.write(json.dumps(event, ensure_ascii=False) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--only", choices=("sample", "dev"))
    ap.add_argument("--keep", help="folder to keep the JSONL predictions in")
    args = ap.parse_args()
    shared = Path(args.shared)
    scorer = shared / "tools" / "score_events.py"
    folder = Path(args.keep or tempfile.mkdtemp(prefix="radar-score-"))
    folder.mkdir(parents=True, exist_ok=True)
    status = 0
    for name, run in (("sample", run_sample), ("dev", run_dev)):
        if args.only and args.only != name:
            continue
        out = folder / f"{name}.jsonl"
        began = time.perf_counter()
        golds = run(shared, out)
        took = time.perf_counter() - began
        print(f"== {name}: {sum(1 for _ in out.open())} events in {took:.2f}s -> {out}")
        cmd = [sys.executable, str(scorer), str(out), *golds] + (["-v"] if args.verbose else [])
        status |= subprocess.call(cmd)
    return status


if __name__ == "__main__":
    sys.exit(main())
