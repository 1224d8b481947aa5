"""The Typer application every command module registers on."""
from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from .. import __version__

# What a value is called in --help and usage, by parameter name: one word a reader knows
# (`--since DATE`), instead of the Python type (`<str>`). Any other parameter shows its
# own name in capitals.
METAVARS = {
    "db": "URL", "region": "NAME", "adcode": "CODE", "type_": "TYPES", "since": "DATE", "until": "DATE",
    "min_investment": "AMOUNT", "sector": "NAME", "q": "TEXT", "source": "FILE|URL", "limit": "N",
    "offset": "N", "sort": "KEY", "by": "GROUP", "level": "LEVEL", "year": "YYYY", "out": "FILE",
    "host": "HOST", "port": "PORT", "workers": "N", "batch_size": "N", "master": "URL", "partitions": "N",
    "base": "URI", "paths": "PATH", "inputs": "INPUT", "directory": "DIR", "record_id": "ID", "fmt": "FORMAT",
    "output_format": "FORMAT", "stage": "STAGES", "org": "TEXT", "min_yuan": "AMOUNT",
}


def _name_values(command: Any) -> None:
    for param in command.params:
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = METAVARS.get(param.name or "", (param.name or "value").upper())
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None   # the metavar says it: no "<list[str]>" after it
    for sub in getattr(command, "commands", {}).values():
        _name_values(sub)


class _NamedValues(TyperGroup):
    """The CLI's group: every command's values named for people once it is built."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _name_values(self)


app = typer.Typer(
    name="projectradar",
    cls=_NamedValues,
    help="Project Radar (项目雷达): turn Chinese economic news into a queryable record of investment projects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"projectradar {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Project Radar (项目雷达): turn Chinese economic news into a queryable record of investment projects."""
