"""What tells where a story is besides its place names (story_cues.tsv): datelines, national
outlets, a delegation setting out, firms named after a place."""
from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.mentions.orgs import find_organizations
from projectradar.records import OrgMention
from projectradar.tables import data_path, load_table

__all__ = ["story_cues", "set_out_for", "firm_spans", "held_at"]

_STORY_CUES = ("setting_out", "list_join", "own_outlet", "outlet_end", "reporter", "dateline_end", "national_outlet",
               "firm_ending", "venue_verb", "venue_adverb", "venue_unit", "venue_before", "province_end", "dateline_date")
# kinds whose entries are regular expressions, not words
_PATTERN_CUES = ("dateline_date",)


class _StoryCues(NamedTuple):
    setting_out: re.Pattern[str]       # 赴粤, 前往深圳、东莞: where a delegation goes, not the story's place
    dateline: re.Pattern[str]          # 本报成都1月30日讯, 新华社北京3月5日电: group 1 the outlet, group 2 the place
    national_outlets: tuple[str, ...]  # their dateline says where the reporter sat
    firm_endings: tuple[str, ...]      # 深圳华腾集团, 北京大学: a firm's or school's place is no support
    firm_hint: re.Pattern[str]
    venue: re.Pattern[str]             # 在东莞市举行, 在北京成功举办: matched right after the place
    venue_before: re.Pattern[str]      # 在: the character right before a venue
    held_in_province: re.Pattern[str]  # 在安徽省(合肥市举行): a venue written after its province, matched before it


@cache
def story_cues() -> _StoryCues:
    words: dict[str, list[str]] = {kind: [] for kind in _STORY_CUES}
    for row in load_table("story_cues.tsv", 3, optional=1):
        word, kind, _note = row.cells
        if kind not in words:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not one of {', '.join(_STORY_CUES)}")
        if kind in _PATTERN_CUES:
            _check_pattern(word, row)
        words[kind].append(word)
    missing = [kind for kind, listed in words.items() if not listed]
    if missing:
        raise RuleError(data_path("story_cues.tsv"), 0, f"lists no word of kind {', '.join(missing)}")

    def any_of(kind: str) -> str:
        if kind in _PATTERN_CUES:
            return "|".join(f"(?:{p})" for p in words[kind])
        return "|".join(re.escape(w) for w in sorted(words[kind], key=len, reverse=True))

    joins = re.escape("".join(words["list_join"]))
    return _StoryCues(
        setting_out=re.compile(rf"(?:{any_of('setting_out')})(?:[^，,。；;：:\s]{{1,8}}[{joins}])*$"),
        dateline=re.compile(rf"({any_of('own_outlet')}|[\u4e00-\u9fff]{{1,8}}?(?:{any_of('outlet_end')}))\s*"
                            rf"(?:{any_of('reporter')})?\s*([\u4e00-\u9fff]{{2,8}}?)\s*(?:{any_of('dateline_date')})\s*"
                            rf"(?:{any_of('dateline_end')})"),
        national_outlets=tuple(words["national_outlet"]),
        firm_endings=tuple(words["firm_ending"]),
        firm_hint=re.compile(any_of("firm_ending")),
        venue=re.compile(rf"(?:{any_of('venue_unit')})?(?:{any_of('venue_adverb')})?(?:{any_of('venue_verb')})"),
        venue_before=re.compile(any_of("venue_before")),
        held_in_province=re.compile(rf"(?:{any_of('venue_before')})[\u4e00-\u9fff]{{2,8}}?(?:{any_of('province_end')})$"),
    )


def _check_pattern(pattern: str, row) -> None:
    """RuleError naming the row when a pattern entry does not compile."""
    try:
        re.compile(pattern)
    except re.error as err:
        raise RuleError(row.path, row.line, f"bad regular expression {pattern!r}: {err}") from err


def set_out_for(text: str, start: int) -> bool:
    """True when the place at `start` of `text` follows 赴/前往 (or a list opened by them)."""
    return bool(story_cues().setting_out.search(text[max(0, start - 40):start]))


def held_at(text: str, start: int, end: int) -> re.Match[str] | None:
    """The verb when the place at [start, end) of `text` is where something is held (在东莞市举行,
    在北京成功举办了), else None."""
    cues = story_cues()
    if not cues.venue_before.fullmatch(text, max(0, start - 1), start) \
            and not cues.held_in_province.search(text, max(0, start - 10), start):
        return None
    return cues.venue.match(text, end)


def firm_spans(text: str, organizations: list[OrgMention] | None) -> list[tuple[int, int]]:
    """(start, end) of the firms and schools named in the text, whose places are no support."""
    cues = story_cues()
    if organizations is None:
        organizations = find_organizations(text) if cues.firm_hint.search(text) else []
    return [(o.start, o.end) for o in organizations if o.text.endswith(cues.firm_endings)]
