"""Load the event rule tables (data/triggers.tsv, data/event_cues.tsv), validated, once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import RuleError
from ..records import EVENT_TYPES

__all__ = ["Trigger", "Cue", "load_triggers", "load_cues", "cue_patterns", "trigger_scanner"]

CUE_LABELS = ("negative", "target", "plan", "cumulative", "conference", "related", "generic", "reference", "negative_sentence")
LEVEL_LABELS = ("level:national", "level:provincial", "level:city", "level:district")


@dataclass(frozen=True)
class Trigger:
    """One trigger rule: a type, its compiled pattern, how sure it is, and where it came from."""

    type: str
    pattern: re.Pattern
    weight: float
    where: str


@dataclass(frozen=True)
class Cue:
    """One cue rule: a label (negative, target, level:city ...) and its compiled pattern."""

    label: str
    pattern: re.Pattern
    where: str


def _rows(name: str, columns: int):
    """Yield (line number, fields) for the non-comment lines of a data table."""
    path = resources.files("projectradar") / "data" / name
    shown = f"projectradar/data/{name}"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise RuleError(shown, 0, f"cannot read the table: {err}") from err
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise RuleError(shown, number, f"expected {columns} tab-separated columns, got {len(fields)}")
        yield shown, number, [f.strip() for f in fields]


def _compile(pattern: str, shown: str, number: int) -> re.Pattern:
    if not pattern:
        raise RuleError(shown, number, "empty pattern")
    try:
        return re.compile(pattern)
    except re.error as err:
        raise RuleError(shown, number, f"bad regular expression {pattern!r}: {err}") from err


@cache
def load_triggers() -> tuple[Trigger, ...]:
    """The trigger rules of data/triggers.tsv, in file order.

    Returns:
        A tuple of `Trigger`; raises `RuleError` naming file:line on a bad line.

    Example:
        >>> any(t.type == "signing" for t in load_triggers())
        True
    """
    out = []
    for shown, number, (kind, pattern, weight) in _rows("triggers.tsv", 3):
        if kind not in EVENT_TYPES:
            raise RuleError(shown, number, f"unknown trigger type {kind!r}")
        try:
            value = float(weight)
        except ValueError:
            raise RuleError(shown, number, f"weight {weight!r} is not a number") from None
        if not 0.0 <= value <= 1.0:
            raise RuleError(shown, number, f"weight {value} is not within 0..1")
        out.append(Trigger(kind, _compile(pattern, shown, number), value, f"{shown}:{number}"))
    return tuple(out)


@cache
def load_cues() -> tuple[Cue, ...]:
    """The cue rules of data/event_cues.tsv (negative, target, cumulative, level:* ...)."""
    out = []
    for shown, number, (label, pattern) in _rows("event_cues.tsv", 2):
        if label not in CUE_LABELS and label not in LEVEL_LABELS:
            raise RuleError(shown, number, f"unknown cue label {label!r}")
        out.append(Cue(label, _compile(pattern, shown, number), f"{shown}:{number}"))
    return tuple(out)


@cache
def cue_patterns() -> dict[str, re.Pattern]:
    """One compiled alternation per cue label: {"negative": re, "level:city": re, ...}."""
    grouped: dict[str, list[str]] = {}
    for cue in load_cues():
        grouped.setdefault(cue.label, []).append(f"(?:{cue.pattern.pattern})")
    return {label: re.compile("|".join(parts)) for label, parts in grouped.items()}


@cache
def trigger_scanner() -> re.Pattern:
    """ONE alternation of every trigger pattern, for the whole-document candidate scan."""
    return re.compile("|".join(f"(?:{t.pattern.pattern})" for t in load_triggers()))
