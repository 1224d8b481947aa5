"""Accuracy on annotated sets, scored with the shared scorer exactly as the README's
accuracy commands do (``projectradar extract ... --format jsonl`` then
``score_events.py``). Skips when ../shared is absent.

The floors are where the extractor stands now; they are raised as it improves, never
lowered to let a change through. ``real`` is pages outlets and government sites wrote
(../shared/gold/real); ``dev`` is 48 CCTV stories; ``sample`` the one seed page.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

# set name: (input relative to ../shared, gold glob relative to ../shared, min F1, min precision)
FLOORS = {
    "real": ("gold/real/pages", "gold/real/r*.json", 0.94, 0.95),
    "dev": ("gold/dev/xinwenlianbo-dev.jsonl", "gold/dev/xinwenlianbo-dev.json", 0.95, 0.95),
    "sample": ("seeds/000_673cbbdfa69013ac.txt", "gold/000_673cbbdfa69013ac.json", 1.0, 1.0),
}
OVERALL = re.compile(r"overall: P ([0-9.]+) R ([0-9.]+) F1 ([0-9.]+)")


def _score(shared: Path, name: str, tmp_path: Path) -> tuple[float, float, str]:
    source, gold_glob, _, _ = FLOORS[name]
    inputs = shared / source
    scorer = shared / "tools" / "score_events.py"
    golds = sorted(shared.glob(gold_glob))
    if not inputs.exists() or not scorer.exists() or not golds:
        pytest.skip(f"{name}: {inputs}, its gold or the scorer is not present")
    predictions = tmp_path / f"{name}.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        extract = subprocess.run([sys.executable, "-m", "projectradar", "extract", str(inputs),
                                  "--format", "jsonl"], stdout=out, stderr=subprocess.PIPE,
                                 text=True, timeout=600)
    assert extract.returncode == 0, extract.stderr
    run = subprocess.run([sys.executable, str(scorer), str(predictions), *map(str, golds), "-v"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    found = OVERALL.search(run.stdout.strip().splitlines()[-1])
    assert found, run.stdout
    return float(found.group(1)), float(found.group(3)), run.stdout


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_set_scores_at_least_its_floor(shared_dir: Path, tmp_path: Path, name: str):
    precision, f1, report = _score(shared_dir, name, tmp_path)
    _, _, min_f1, min_precision = FLOORS[name]
    assert f1 >= min_f1 and precision >= min_precision, (
        f"{name}: F1 {f1:.3f} (floor {min_f1}), P {precision:.3f} (floor {min_precision})\n"
        + "\n".join(report.splitlines()[-20:]))
