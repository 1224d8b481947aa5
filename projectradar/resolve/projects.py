"""Which named-project mentions are one project, and what the project says: pure functions
over mention records (``ProjectMention.to_dict()``), no SQL. The store asks them for each
new mention and writes what they decide.

Two mentions are one project when they are in the same place (or one's place lies inside the
other's), their names' cores are the same once the investor's short name is dropped (鲁新高端
铝合金精深加工项目 = 高端铝合金精深加工项目 when 鲁新 is an investor's), their phases are the same
(一期 and 二期 never merge), their investors share a short name when both name one, and their
totals, when both give one, are within a quarter of each other.
"""
from __future__ import annotations

import functools
from typing import Any, Iterable

from ..projects.rules import rules
from ..records import PROJECT_STAGES, stable_id
from ..regions.table import all_regions, is_within

__all__ = ["short_names", "plain_core", "link_key", "tail_key", "same_project", "link", "project_record", "STAGE_RANK",
           "STARTED", "COMPLETED"]

STAGE_RANK = {stage: rank for rank, stage in enumerate(PROJECT_STAGES)}
# stages that say building has begun, and that it has ended
STARTED = ("groundbreaking", "under_construction", "completion", "production")
COMPLETED = ("completion", "production")
_AMOUNT_RATIO = 1.25
_TAIL = 4


@functools.cache
def _place_words() -> tuple[str, ...]:
    """Names of divisions and their short forms (山东省, 山东), longest first."""
    words = set()
    for region in all_regions():
        name = region.name
        if len(name) >= 2:
            words.add(name)
        for end in ("省", "市", "区", "县", "自治区", "自治州", "自治县", "特别行政区"):
            if name.endswith(end) and len(name) - len(end) >= 2:
                words.add(name[:-len(end)])
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def short_names(org: str) -> tuple[str, ...]:
    """The names a project may be told under for an investor: without the places that open
    it and the tails that close it (山东鲁新铝业集团有限公司 → 鲁新铝业, 鲁新), longest first.

    >>> short_names("山东鲁新铝业集团有限公司")
    ('山东鲁新铝业集团有限公司', '鲁新铝业', '鲁新')
    """
    r = rules()
    stem = org
    changed = True
    while changed:
        changed = False
        for word in _place_words():
            if stem.startswith(word) and len(stem) - len(word) >= 2:
                stem, changed = stem[len(word):], True
                break
        for tail in r.org_tails:
            if stem.endswith(tail) and len(stem) - len(tail) >= 2:
                stem, changed = stem[:-len(tail)], True
                break
    out = [org, stem]
    for trade in r.trades:
        if stem.endswith(trade) and len(stem) - len(trade) >= 2:
            out.append(stem[:-len(trade)])
            break
    return tuple(dict.fromkeys(n for n in out if len(n) >= 2))


def plain_core(core: str) -> str:
    """A core without the 项目 that follows another name ending (…生产基地项目 = …生产基地).

    >>> plain_core("低空飞行器总装基地项目"), plain_core("再生铝项目")
    ('低空飞行器总装基地', '再生铝项目')
    """
    suffix = rules().suffix
    for m in suffix.finditer(core):
        if m.end() < len(core) and suffix.fullmatch(core, m.end()):
            return core[:m.end()]
    return core


def link_key(core: str, organizations: Iterable[str]) -> str:
    """A name's core without an investor's name or short name opening it, and without a 项目
    after another ending."""
    core = plain_core(core)
    names = sorted({n for org in organizations for n in short_names(org)}, key=len, reverse=True)
    for name in names:
        if core.startswith(name) and len(core) - len(name) >= 2:
            return core[len(name):]
    return core


def tail_key(mention: dict[str, Any]) -> str:
    """What the store looks candidates up by: the end of the name's core."""
    return plain_core(mention.get("core") or "")[-_TAIL:]


def _adcode(m: dict) -> str | None:
    return (m.get("region") or {}).get("adcode")


def _nested(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a == b or is_within(a, b) or is_within(b, a))


def _investors(mentions: Iterable[dict]) -> set[str]:
    return {n for m in mentions for org in m.get("organizations") or [] for n in short_names(org)[1:]}


def same_project(mention: dict[str, Any], project: list[dict[str, Any]]) -> bool:
    """Whether ``mention`` tells the project whose mentions are ``project``."""
    if not project or any(m.get("phase") != mention.get("phase") for m in project):
        return False
    place = _adcode(mention)
    if not place or not all(_nested(place, _adcode(m)) for m in project):
        return False
    theirs = _investors(project)
    ours = _investors([mention])
    if theirs and ours and not theirs & ours:
        return False
    orgs = [o for m in [mention, *project] for o in m.get("organizations") or []]
    key = link_key(mention.get("core") or "", orgs)
    if not any(link_key(m.get("core") or "", orgs) == key for m in project):
        return False
    amount = mention.get("investment_yuan")
    for m in project:
        other = m.get("investment_yuan")
        if amount and other and max(amount, other) > _AMOUNT_RATIO * min(amount, other):
            return False
    return True


def _order(m: dict) -> tuple:
    return ((m.get("date") or {}).get("start") or "9999", STAGE_RANK.get(m.get("stage"), 0), m.get("id") or "")


def link(new: list[dict[str, Any]], known: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The project each new mention belongs to: ``known`` maps project ids to their mentions
    (stored projects that may match); it is updated with the new mentions. A mention that
    matches none starts a project whose id comes from the mention's. Same input, same answer.

    >>> a = {"id": "m1", "core": "星禾光电模组项目", "stage": "signing", "region": {"adcode": "510000"}}
    >>> b = dict(a, id="m2", stage="groundbreaking")
    >>> c = dict(a, id="m3", phase="二期")
    >>> ids = link([a, b, c], {})
    >>> ids["m1"] == ids["m2"] != ids["m3"]
    True
    """
    out: dict[str, str] = {}
    for mention in sorted(new, key=_order):
        found = None
        if _adcode(mention):
            tail = tail_key(mention)
            for pid in sorted(known):
                members = known[pid]
                if members and tail_key(members[0]) == tail and same_project(mention, members):
                    found = pid
                    break
        if found is None:
            found = stable_id("project", mention["id"])
            known[found] = []
        known[found].append(mention)
        out[mention["id"]] = found
    return out


def _best_name(ordered: list[dict], organizations: list[str]) -> str:
    """The name told most often; among equals one that does not open with an investor's full
    name or state a capacity, the first told."""
    counts: dict[str, int] = {}
    for m in ordered:
        counts[m["name"]] = counts.get(m["name"], 0) + 1
    capacity = {m["name"] for m in ordered if m.get("capacity")}
    first = {n: i for i, n in reversed(list(enumerate(m["name"] for m in ordered)))}
    return min(counts, key=lambda n: (-counts[n], any(n.startswith(o) for o in organizations),
                                      n in capacity, first[n]))


def project_record(project_id: str, mentions: list[dict[str, Any]]) -> dict[str, Any]:
    """The project its mentions tell: name, region, organizations, money, current stage and a
    timeline (one entry a stage: its first date, the source and evidence that told it, and
    how many tellings it has), oldest first.

    >>> m = {"id": "m1", "name": "甲项目", "core": "甲项目", "stage": "signing", "source": "a.txt",
    ...      "region": {"name": "某县", "adcode": "510000"}, "date": {"start": "2025-01-02"},
    ...      "investment_yuan": 100, "organizations": ["某公司"], "evidence": {"text": "甲", "start": 0, "end": 1}}
    >>> r = project_record("p", [m, dict(m, id="m2", stage="groundbreaking", date={"start": "2025-03-01"})])
    >>> r["stage"], [t["stage"] for t in r["timeline"]], r["signed_on"], r["started_on"]
    ('groundbreaking', ['signing', 'groundbreaking'], '2025-01-02', '2025-03-01')
    """
    ordered = sorted(mentions, key=_order)
    organizations = list(dict.fromkeys(o for m in ordered for o in m.get("organizations") or []))
    name = _best_name(ordered, organizations)
    regions = [m["region"] for m in ordered if m.get("region")]
    region = max(regions, key=lambda g: len(g["adcode"].rstrip("0"))) if regions else None
    invest = [m["investment_yuan"] for m in ordered if m.get("investment_yuan")]
    annual = [m["annual_investment_yuan"] for m in ordered if m.get("annual_investment_yuan")]
    timeline = []
    by_stage: dict[str, list[dict]] = {}
    for m in ordered:
        by_stage.setdefault(m["stage"], []).append(m)
    for stage, told in by_stage.items():
        first = told[0]
        day = (first.get("date") or {}).get("start") or ""
        finer = [m for m in told if ((m.get("date") or {}).get("start") or "").startswith(day)
                 and len((m.get("date") or {}).get("start") or "") > len(day)] if day else []
        first = finer[0] if finer else first      # 2026-02 and 2026-02-24: the day
        timeline.append({
            "stage": stage, "date": (first.get("date") or {}).get("start"), "source": first.get("source"),
            "document_id": first.get("document_id"), "event_id": first.get("event_id"), "name": first["name"],
            "name_start": first.get("name_start"), "name_end": first.get("name_end"),
            "evidence": first.get("evidence"), "tellings": len(told),
        })
    timeline.sort(key=lambda t: (t["date"] or "9999", STAGE_RANK.get(t["stage"], 0)))
    stage = max(by_stage, key=lambda s: STAGE_RANK.get(s, 0))

    def first_day(stages) -> str | None:
        days = [t["date"] for t in timeline if t["stage"] in stages and t["date"]]
        return min(days) if days else None

    return {
        "id": project_id, "name": name, "core": ordered[0].get("core"), "phase": ordered[0].get("phase"),
        "region": region, "organizations": organizations,
        "investment_yuan": invest[-1] if invest else None,
        "annual_investment_yuan": annual[-1] if annual else None,
        "capacity": next((m["capacity"] for m in ordered if m.get("capacity")), None),
        "sectors": list(dict.fromkeys(s for m in ordered for s in m.get("sectors") or [])),
        "stage": stage, "signed_on": first_day(("signing",)), "started_on": first_day(("groundbreaking",)),
        "started": any(s in STARTED for s in by_stage), "completed_on": first_day(COMPLETED),
        "completed": any(s in COMPLETED for s in by_stage),
        "mentions": len(ordered), "timeline": timeline,
    }
