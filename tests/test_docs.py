"""The README documents every CLI command (as sqlite-utils checks its docs)."""
from __future__ import annotations

from pathlib import Path

import click
import typer.main

from projectradar.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _command_names(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            names.extend(_command_names(cmd, full + " "))
        else:
            names.append(full)
    return names


def test_every_command_is_in_the_readme():
    commands = _command_names(typer.main.get_command(app))
    assert commands, "the CLI registers no command"
    missing = [c for c in commands if f"projectradar {c}" not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_has_the_two_setup_commands():
    assert "make demo" in README and "make test" in README
