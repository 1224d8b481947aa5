"""Run the importing benchmark with the project's .venv when it is not active: the one
implementation is scripts/venv_python.py."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_venv_python", Path(__file__).resolve().parent.parent / "scripts" / "venv_python.py")
_spec.loader.exec_module(importlib.util.module_from_spec(_spec))
