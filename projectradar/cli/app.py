"""The Typer application every command module registers on."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="projectradar",
    help="Project Radar (项目雷达): turn Chinese economic news into a queryable record of investment projects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"projectradar {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Project Radar (项目雷达): turn Chinese economic news into a queryable record of investment projects."""
