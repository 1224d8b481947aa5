"""Command line: `projectradar COMMAND`. Each module registers its commands
on the one Typer app; all of them are thin over the Python API."""
from __future__ import annotations

from .app import app

# Importing registers the commands (order = order in --help).
from . import extract_cmd, store_cmd, projects_cmd, follow_cmd, serve_cmd, batch_cmd  # noqa: E402,F401

__all__ = ["app", "main"]


def main() -> None:
    app()
