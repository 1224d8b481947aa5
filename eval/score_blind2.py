#!/usr/bin/env python3
"""Score the extractor on blind set 2 (eval/blind2/, gold in eval/blind2/gold/).

    python eval/score_blind2.py [-v] [--keep PRED.jsonl]

Runs `projectradar extract PAGE --format jsonl` on every page, reports the
pages that fail, concatenates the events and scores them with
shared/tools/score_events.py against every gold file (per-file and overall).
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.dirname(HERE)
SET = os.path.join(HERE, "blind2")
CLI = os.path.join(MAIN, ".venv", "bin", "projectradar")
PY = os.path.join(MAIN, ".venv", "bin", "python")
SCORER_CANDIDATES = [
    os.path.join(MAIN, "..", "shared", "tools", "score_events.py"),
    "/work/shared/tools/score_events.py",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="pass -v to the scorer")
    ap.add_argument("--keep", help="also write the concatenated predictions here")
    args = ap.parse_args()

    scorer = next((p for p in SCORER_CANDIDATES if os.path.exists(p)), None)
    if not scorer:
        sys.exit("score_events.py not found (expected shared/tools/ beside the repo)")
    pages = sorted(p for p in glob.glob(os.path.join(SET, "*"))
                   if os.path.isfile(p) and not p.endswith(".md"))
    golds = sorted(glob.glob(os.path.join(SET, "gold", "*.json")))

    lines, failed = [], []
    for page in pages:
        r = subprocess.run([CLI, "extract", page, "--format", "jsonl"],
                           capture_output=True, text=True, encoding="utf-8")
        out = [ln for ln in r.stdout.splitlines() if ln.strip()]
        if r.returncode != 0:
            msg = (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1]
            failed.append((os.path.basename(page), msg))
        lines.extend(out)
        print(f"extracted {os.path.basename(page)}: {len(out)} events"
              + ("" if r.returncode == 0 else "  [FAILED]"), file=sys.stderr)
    for name, msg in failed:
        print(f"FAILED {name}: {msg}")

    fd, pred = tempfile.mkstemp(suffix=".jsonl", prefix="blind2-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))
    if args.keep:
        with open(args.keep, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + ("\n" if lines else ""))
    cmd = [PY if os.path.exists(PY) else sys.executable, scorer, pred, *golds]
    if args.verbose:
        cmd.append("-v")
    rc = subprocess.call(cmd)
    os.unlink(pred)
    if failed:
        print(f"{len(failed)} of {len(pages)} pages failed to extract")
    sys.exit(rc or (1 if failed else 0))


if __name__ == "__main__":
    main()
