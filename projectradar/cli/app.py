"""The Typer application every command module registers on."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="projectradar",
    help="Project Radar (项目雷达): turn Chinese economic news into a queryable record of investment projects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
