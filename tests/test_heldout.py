"""Blind held-out evaluation: pages written apart from the extractor's rules
(tests/fixtures/heldout/, gold in heldout/gold/), scored with the shared
scorer (shared/tools/score_events.py). Skips when ../shared is absent.

The bar is deliberately low for now (overall F1 >= 0.5); the lead raises it
once the extractor settles. For the per-file report: scripts/score_heldout.py -v.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from projectradar.pipeline import extract_raw
from projectradar.records import RawInput

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"
PAGE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl"}
MIN_F1 = 0.5


def _pages() -> list[Path]:
    return sorted(p for p in HELDOUT.iterdir() if p.is_file() and p.suffix in PAGE_SUFFIXES)


def _events_of(page: Path) -> list[dict]:
    if page.suffix != ".jsonl":
        raw = RawInput(source=page.name, content=page.read_bytes(), location=str(page))
        return [e.to_dict() for e in extract_raw(raw).events]
    events = []
    with page.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            item = json.loads(line)
            raw = RawInput(source=page.name, content=item["text"], url=item.get("url"),
                           published=item.get("published"), title=item.get("title"),
                           hint="text", location=f"{page}:{n}")
            events += [e.to_dict() for e in extract_raw(raw).events]
    return events


@pytest.fixture(scope="module")
def scorer(shared_dir: Path) -> Path:
    path = shared_dir / "tools" / "score_events.py"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path


@pytest.fixture(scope="module")
def predictions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("heldout") / "heldout-pred.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for page in _pages():
            for event in _events_of(page):
                event["source"] = page.name
                f.write(json.dumps(event, ensure_ascii=False) + "\n")
    return out


def test_every_page_has_a_gold_file():
    golds = {json.loads(p.read_text(encoding="utf-8"))["file"] for p in (HELDOUT / "gold").glob("*.json")}
    assert golds == {p.name for p in _pages()}


def test_every_page_extracts():
    for page in _pages():
        _events_of(page)          # raises on a page the pipeline cannot read


def test_heldout_f1(scorer: Path, predictions: Path):
    golds = sorted(str(p) for p in (HELDOUT / "gold").glob("*.json"))
    run = subprocess.run([sys.executable, str(scorer), str(predictions), *golds, "-v"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    m = re.search(r"F1 ([0-9.]+)", last)
    assert m, run.stdout
    f1 = float(m.group(1))
    assert f1 >= MIN_F1, f"held-out F1 {f1:.3f} < {MIN_F1}\n{run.stdout}"
