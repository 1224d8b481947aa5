"""Load the event rule tables (data/triggers.tsv, data/event_cues.tsv), validated, once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..errors import RuleError
from ..records import EVENT_TYPES
from ..tables import data_path, load_table, parse_table

__all__ = ["Trigger", "Cue", "load_triggers", "load_cues", "parse_triggers", "parse_cues",
           "cue_patterns", "cue", "trigger_scanner", "anchors_within"]

CUE_LABELS = ("negative", "target", "plan", "cumulative", "conference", "related", "generic", "reference", "negative_sentence",
              "context:award", "context:meeting", "context:target",
              "context:completion", "context:signing", "context:investment_trip", "attending", "negative_left", "batch", "batch_started", "period", "progress", "part", "by_place", "addition", "gathering")
# patterns the stage reads sentences with, one rule each (see event_cues.tsv)
READING_LABELS = ("title_after_verb", "ceremony_name", "leading_date", "split_lead", "ceremony_tail", "talk", "companies_visited", "works_before", "afterwards", "figure", "umbrella_gap", "amount_word", "works_noun", "size_class_after", "counted_after", "support_after", "award_funds", "award_sum", "single_project", "plural", "goal_metric", "demonstrative", "investment_word", "goal_verbs", "forecast", "towards_before", "list_join", "investor_after", "subject_after", "towards_list", "abroad_site", "piece_count", "piece_lead", "count_cell", "total_row", "intro_line", "same_day", "next_day", "stated_date", "header:groundbreaking", "header:completion", "header:signing", "header:key_projects", "header:amount", "header:annual", "header:count", "header:place", "one_of", "projects_after", "sum_before", "money_written", "part_lead", "whole_then_part", "counted", "whole_area", "firm_named", "plain_relative", "partner_before", "partner_list_before", "site_before", "settled_before", "subject_verb", "not_projects_counted", "origin_after", "partner_firm_after", "ranking_after", "named_meeting", "planned_batch", "trip_list_intro", "trip_route", "annual_of_projects", "projects_counted_before", "quoted_goal", "investment_goal_after", "award_paid_before", "award_received", "award_conferred", "annual_clause", "venue_after", "joined_to", "goal_progress_before", "funds_attracted_before", "single_subject", "progress_rate", "among_whole", "size_class_before", "example_project_after", "in_enumeration", "title_year", "section_number", "attended_event", "trip_venue", "firms_signed_with", "single_after", "intent_of_signing", "this_occasion", "award_more", "organ_holder", "task_sheet")
# single words and characters the stage tests a text for (项目 in a count's noun, 等 closing a list)
READING_LABELS += ("project_word", "projects_or_works", "bare_classifier", "works_classifier", "item_classifier",
                   "bounded_below", "amount_metric_trim", "goal_metric_trim", "joined_by", "intent_word", "list_end",
                   "venue_before", "our_nation", "enumeration_sum")
LEVEL_LABELS = ("level:national", "level:provincial", "level:city", "level:district")
TYPED_NEGATIVES = tuple(f"negative:{t}" for t in EVENT_TYPES)


@dataclass(frozen=True)
class Trigger:
    """One trigger rule: a type, its compiled pattern, how sure it is, and where it came from."""

    type: str
    pattern: re.Pattern
    weight: float
    where: str
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cue:
    """One cue rule: a label (negative, target, level:city ...) and its compiled pattern."""

    label: str
    pattern: re.Pattern
    where: str


def _compile(pattern: str, shown: str, number: int) -> re.Pattern:
    """A compiled pattern, or RuleError naming the line."""
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
    return _triggers(load_table("triggers.tsv", 4))


def parse_triggers(text: str, shown: str = "triggers.tsv") -> tuple[Trigger, ...]:
    r"""Parse trigger rules from a table's text (see `load_triggers`); `shown` names it in errors.

    Example:
        >>> parse_triggers("signing\t集中签约\t0.9\t签约\n")[0].type
        'signing'
    """
    return _triggers(parse_table(text, shown, 4))


def _triggers(rows) -> tuple[Trigger, ...]:
    out = []
    for (kind, pattern, weight, anchor), number, shown in rows:
        if kind not in EVENT_TYPES:
            raise RuleError(shown, number, f"unknown trigger type {kind!r}")
        try:
            value = float(weight)
        except ValueError:
            raise RuleError(shown, number, f"weight {weight!r} is not a number") from None
        if not 0.0 <= value <= 1.0:
            raise RuleError(shown, number, f"weight {value} is not within 0..1")
        anchors = tuple(a for a in anchor.split("|") if a)
        if not anchors or any(re.escape(a) != a for a in anchors):
            raise RuleError(shown, number, f"anchor {anchor!r} must be plain words, |-separated")
        out.append(Trigger(kind, _compile(pattern, shown, number), value, f"{shown}:{number}", anchors))
    return tuple(out)


@cache
def load_cues() -> tuple[Cue, ...]:
    """The cue rules of data/event_cues.tsv (negative, target, cumulative, level:* ...)."""
    return _cues(load_table("event_cues.tsv", 2))


def parse_cues(text: str, shown: str = "event_cues.tsv") -> tuple[Cue, ...]:
    """Parse cue rules from a table's text (see `load_cues`); `shown` names it in errors."""
    return _cues(parse_table(text, shown, 2))


def _cues(rows) -> tuple[Cue, ...]:
    out = []
    readings: set[str] = set()
    for (label, pattern), number, shown in rows:
        if label not in CUE_LABELS + LEVEL_LABELS + TYPED_NEGATIVES + READING_LABELS:
            raise RuleError(shown, number, f"unknown cue label {label!r}")
        if label in READING_LABELS:
            if label in readings:
                raise RuleError(shown, number, f"a second rule for {label!r}, which takes one")
            readings.add(label)
        out.append(Cue(label, _compile(pattern, shown, number), f"{shown}:{number}"))
    return tuple(out)


@cache
def cue_patterns() -> dict[str, re.Pattern]:
    """One compiled alternation per cue label: {"negative": re, "level:city": re, ...}."""
    grouped: dict[str, list[str]] = {}
    for cue in load_cues():
        grouped.setdefault(cue.label, []).append(f"(?:{cue.pattern.pattern})")
    return {label: re.compile("|".join(parts)) for label, parts in grouped.items()}


def cue(label: str) -> re.Pattern:
    """The compiled rule of a label the stage cannot read without (RuleError when the table has none).

    Example:
        >>> cue("same_day").search("同日，乙县集中开工") is not None
        True
    """
    pattern = cue_patterns().get(label)
    if pattern is None:
        raise RuleError(data_path("event_cues.tsv"), 0, f"no rule labelled {label!r}")
    return pattern


@cache
def trigger_scanner() -> re.Pattern:
    """ONE alternation of every trigger's anchor words, for the whole-document scan."""
    words = sorted({a for t in load_triggers() for a in t.anchors}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@cache
def anchors_within() -> dict[str, frozenset[str]]:
    """Each anchor word → every anchor written inside it (招商团 → 招商团, 招商, 团 ...),
    since the scan reports only the longest anchor at a place."""
    words = {a for t in load_triggers() for a in t.anchors}
    return {w: frozenset(a for a in words if a in w) for w in words}
