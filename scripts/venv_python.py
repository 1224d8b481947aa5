"""Run the importing script with the project's virtual environment when it is not active.

`scripts/*.py` and `bench/*.py` import projectradar and its dependencies. Started as
``python3 scripts/x.py`` from a shell where the venv (`make install` makes ``.venv/``) is not
activated, they would fail on the first import: importing this module first re-runs the
script with ``.venv/bin/python``, or stops with a one-line message saying what to do.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"


def ensure() -> None:
    if importlib.util.find_spec("projectradar") is not None:
        return   # an environment with the package: the venv, or the user's own
    if VENV_PYTHON.is_file() and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])
    sys.exit(f"{Path(sys.argv[0]).name}: projectradar is not installed for {sys.executable}; "
             f"run `make install` in {ROOT}, then `.venv/bin/python {' '.join(sys.argv)}`")


ensure()
