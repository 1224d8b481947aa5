"""Run README.md's checked blocks as the docs test does and write what each command prints
now into the blocks whose shown output no longer matches.

    .venv/bin/python scripts/update_readme.py            # rewrite README.md in place
    .venv/bin/python scripts/update_readme.py --dry-run  # only list the commands that drifted

Output that still matches (wildcards `...` included) is left as written; a command whose
output drifted gets what it printed now, so read `git diff README.md` before committing:
a changed figure is either the improvement you made or a regression the diff shows you.
The checker itself lives in tests/test_docs.py; this script reuses it.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_docs import (README_PATH, Workspace, _check_python, _tracked_files, normalize,  # noqa: E402
                       output_matches, readme_blocks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="list drifted commands, change nothing")
    args = parser.parse_args()

    text = README_PATH.read_text(encoding="utf-8")
    lines = text.splitlines()
    replacements: list[tuple[int, int, list[str]]] = []   # (first line, end line, new lines) 0-based
    with tempfile.TemporaryDirectory(prefix="readme-") as tmp:
        root = Path(tmp)
        for name in _tracked_files():
            source = ROOT / name
            if source.is_file():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, root / name)
        (root / ".venv").symlink_to(Path(sys.executable).parent.parent)
        space = Workspace(root)
        try:
            for block in readme_blocks(text):
                if block.mode not in ("output", "runs"):
                    continue
                if block.lang in ("python", "pycon"):   # run for what later blocks use; not rewritten
                    try:
                        _check_python(block, space)
                    except AssertionError as err:
                        print(f"{block.name}: fails; mend it by hand:\n{err}", file=sys.stderr)
                    continue
                if block.mode == "runs":
                    for command, _shown in block.commands:
                        space.run(command)
                    space.stop_background()
                    continue
                cursor = block.line   # the fence's line number (1-based) = index of the body's first line
                for command, shown in block.commands:
                    first = command.splitlines()[0]
                    start = next((i for i in range(cursor, len(lines)) if lines[i] == f"$ {first}"), None)
                    if start is None:
                        raise SystemExit(f"cannot find `$ {first}` after README.md:{cursor}")
                    start += len(command.splitlines())
                    status, printed = space.run(command)
                    cursor = start + len(shown)
                    if output_matches(normalize("\n".join(shown)), normalize(printed)):
                        continue
                    print(f"README.md:{start}: `{first}` drifted", file=sys.stderr)
                    replacements.append((start, start + len(shown), [ln.rstrip() for ln in printed.rstrip("\n").splitlines()]))
                space.stop_background()
        finally:
            space.stop_background()
    if args.dry_run or not replacements:
        print(f"{len(replacements)} commands drifted", file=sys.stderr)
        return 1 if replacements and args.dry_run else 0
    for start, end, new in sorted(replacements, reverse=True):
        lines[start:end] = new
    README_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"rewrote the output of {len(replacements)} commands; read `git diff README.md`", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
