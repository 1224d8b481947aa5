"""Command line: `projectradar COMMAND`. Each module registers its commands
on the one Typer app; all of them are thin over the Python API."""
from __future__ import annotations

from typing import Any

import typer.main

from .app import app

# Importing registers the commands (order = order in --help).
from . import extract_cmd, store_cmd, serve_cmd, batch_cmd  # noqa: E402,F401

__all__ = ["app", "main", "command"]

# What a value is called in --help and usage, by parameter name: one word a reader knows
# (`--since DATE`), instead of the Python type (`<str>`). Any other parameter shows its
# own name in capitals.
METAVARS = {
    "db": "URL", "region": "NAME", "adcode": "CODE", "type_": "TYPES", "since": "DATE", "until": "DATE",
    "min_investment": "AMOUNT", "sector": "NAME", "q": "TEXT", "source": "FILE|URL", "limit": "N",
    "offset": "N", "sort": "KEY", "by": "GROUP", "level": "LEVEL", "year": "YYYY", "out": "FILE",
    "host": "HOST", "port": "PORT", "workers": "N", "batch_size": "N", "master": "URL", "partitions": "N",
    "base": "URI", "paths": "PATH", "inputs": "INPUT", "directory": "DIR", "event_id": "ID", "fmt": "FORMAT",
    "output_format": "FORMAT",
}


def _name_values(command: Any) -> None:
    for param in command.params:
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = METAVARS.get(param.name or "", (param.name or "value").upper())
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None   # the metavar says it: no "<list[str]>" after it
    for sub in getattr(command, "commands", {}).values():
        _name_values(sub)


def command() -> Any:
    """The click command of the whole CLI, with every value named for people."""
    cmd = typer.main.get_command(app)
    _name_values(cmd)
    return cmd


def main() -> None:
    command()(prog_name="projectradar")
