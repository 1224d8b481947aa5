"""The weekly 产经 briefing's content, from the store: the week's counts and money by type
against the week before and the same week a year earlier, the largest signings and starts,
the regions that moved most in the 比学赶超 ranking, targets announced, projects that reached
a new stage. Every sentence is made from these figures and carries the link to its evidence."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ..errors import FilterError
from ..formatting import stage_name, summary_line, type_name, yuan
from ..records import EVENT_TYPES
from ..regions import MUNICIPALITIES
from ..resolve import COUNTED_TYPES
from ..store import EventFilter

__all__ = ["Week", "parse_week", "week_of", "build_briefing", "TOP_COUNT", "MOVERS_COUNT"]

TOP_COUNT = 10          # the largest signings and starts
MOVERS_COUNT = 5        # the regions that moved most in the ranking
TOP_TYPES = ("signing", "groundbreaking")
_WEEK = re.compile(r"^\s*(\d{4})-?[Ww](\d{1,2})\s*$")
# Whose ranking a briefing shows: the level below its region (cities of a province,
# districts of a city); without a region, the country's cities.
_CHILD_LEVEL = {None: "city", "country": "province", "province": "city", "city": "district"}
_LEVEL_WORD = {"province": "省份", "city": "城市", "district": "区县"}


@dataclass(frozen=True)
class Week:
    """An ISO week: Monday ``start`` to Sunday ``end``."""

    year: int
    number: int

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 7)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def title(self) -> str:
        """2026年第9周（2月23日—3月1日）."""
        s, e = self.start, self.end
        tail = f"{e.year}年{e.month}月{e.day}日" if e.year != s.year else f"{e.month}月{e.day}日"
        return f"{self.year}年第{self.number}周（{s.month}月{s.day}日—{tail}）"

    def before(self) -> "Week":
        return week_of(self.start - dt.timedelta(days=7))

    def year_earlier(self) -> "Week":
        """The same week number a year earlier (week 53 becomes 52 in a year without it)."""
        last = dt.date(self.year - 1, 12, 28).isocalendar().week
        return Week(self.year - 1, min(self.number, last))


def week_of(day: dt.date) -> Week:
    iso = day.isocalendar()
    return Week(iso.year, iso.week)


def parse_week(text: str) -> Week:
    """"2025-W10" (or 2025W10, 2025-w10) → Week; ValueError naming the text otherwise.

        >>> parse_week("2026-W09").start.isoformat()
        '2026-02-23'
    """
    match = _WEEK.match(text or "")
    if match:
        year, number = int(match.group(1)), int(match.group(2))
        week = Week(year, number)
        try:
            week.start         # week 53 of a year without one, week 0
            return week
        except ValueError:
            raise ValueError(f"not a week of {year}: {text!r} (it has weeks 1 to "
                             f"{dt.date(year, 12, 28).isocalendar().week})") from None
    raise ValueError(f"not an ISO week: {text!r} (write it as 2025-W10)")


def _window(week: Week, flt: EventFilter, **more: Any) -> EventFilter:
    return EventFilter(**{**flt.to_dict(), **more, "since": week.start.isoformat(), "until": week.end.isoformat()})


def _events_link(flt: EventFilter, **params: Any) -> str:
    given = {**flt.to_dict(), **params}
    given = {k: (",".join(v) if isinstance(v, list) else v) for k, v in given.items() if v not in (None, "")}
    return "/events?" + urlencode(given)


def _event_link(event_id: str) -> str:
    return f"/events/{quote(event_id, safe='')}"


def _totals(store, week: Week, flt: EventFilter) -> dict[str, dict[str, int]]:
    """By type: {events, projects, investment_yuan} of the week, as `stats --by type` gives them."""
    return {row["key"]: {"events": row["events"], "projects": row["projects"],
                         "investment_yuan": row["investment_yuan"]}
            for row in store.stats("type", filters=_window(week, flt))}


def _figures(row: dict[str, int] | None, kind: str) -> str:
    """"3起，22个项目，186.4亿元" (projects and money only where `stats` adds them up)."""
    row = row or {"events": 0, "projects": 0, "investment_yuan": 0}
    parts = [f"{row['events']}起"]
    if kind in COUNTED_TYPES and row["events"]:
        if row["projects"]:
            parts.append(f"{row['projects']}个项目")
        if row["investment_yuan"]:
            parts.append(yuan(row["investment_yuan"]))
    return "，".join(parts)


def _change(now: int, then: int, unit: str) -> str:
    if now == then:
        return "持平"
    word = "增加" if now > then else "减少"
    amount = yuan(abs(now - then)) if unit == "yuan" else f"{abs(now - then)}{unit}"
    return f"{word}{amount}"


def _overview(store, week: Week, flt: EventFilter) -> tuple[list[dict], list[dict], bool]:
    """The by-type table (this week, the week before, a year earlier) and its sentences."""
    before, year_ago = week.before(), week.year_earlier()
    now, prev, last_year = _totals(store, week, flt), _totals(store, before, flt), _totals(store, year_ago, flt)
    kinds = [k for k in EVENT_TYPES if k in now or k in prev or k in last_year]
    zero = {"events": 0, "projects": 0, "investment_yuan": 0}
    rows = [{"type": k, "name": type_name(k), "counted": k in COUNTED_TYPES, "this": now.get(k, zero),
             "before": prev.get(k, zero), "year_ago": last_year.get(k, zero)} for k in kinds]
    sentences: list[dict] = []
    week_link = _events_link(flt, since=week.start.isoformat(), until=week.end.isoformat())
    total_now = sum(r["events"] for r in now.values())
    if not total_now:
        sentences.append({"text": f"{week.title}，库中没有{_scope(flt)}的事件记录。", "href": week_link})
        return rows, sentences, True
    money_now = sum(r["investment_yuan"] for r in now.values())
    money_prev = sum(r["investment_yuan"] for r in prev.values())
    money_last = sum(r["investment_yuan"] for r in last_year.values())
    listed = "；".join(f"{type_name(k)}{_figures(now[k], k)}" for k in EVENT_TYPES if k in now)
    sentences.append({"text": f"{week.title}，{_scope(flt)}共记录事件{total_now}起：{listed}。", "href": week_link})
    for kind in (k for k in TOP_TYPES if k in now):
        sentences.append({
            "text": f"{type_name(kind)}{_figures(now[kind], kind)}；上周{_figures(prev.get(kind), kind)}，"
                    f"去年同周{_figures(last_year.get(kind), kind)}。",
            "href": _events_link(flt, type=kind, since=week.start.isoformat(), until=week.end.isoformat())})
    compare = [f"较上周（{before.label}）{_change(money_now, money_prev, 'yuan')}"]
    compare.append(f"较去年同周（{year_ago.label}）{_change(money_now, money_last, 'yuan')}"
                   if last_year else f"去年同周（{year_ago.label}）库中无记录")
    sentences.append({"text": f"签约、开工、竣工与重点项目投资额合计{yuan(money_now)}，{'，'.join(compare)}。",
                      "href": week_link})
    return rows, sentences, False


def _scope(flt: EventFilter) -> str:
    return str(flt.region or (f"区划{flt.adcode}" if flt.adcode else "全国"))


def _top(store, week: Week, flt: EventFilter) -> list[dict]:
    found = store.events(_window(week, flt, type=list(TOP_TYPES)), limit=TOP_COUNT, sort="-investment")
    out = []
    for rank, event in enumerate(found, 1):
        evidence = event.get("evidence") or {}
        source = next((s for s in event.get("sources") or [] if s.get("document_id")), None)
        out.append({"rank": rank, "id": event["id"], "type": event["type"], "headline": summary_line(event),
                    "date": (event.get("date") or {}).get("start"), "evidence": evidence.get("text") or "",
                    "investment_yuan": event.get("investment_yuan"), "href": _event_link(event["id"]),
                    "document_href": f"/documents/{quote(source['document_id'], safe='')}" if source else None,
                    "source": (source or {}).get("source_name") or (source or {}).get("source"),
                    "note": None})
    _mark_totals(found, out)
    return out


def _prefix(adcode: str) -> str:
    code = adcode or ""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def _mark_totals(events: list[dict], listed: list[dict]) -> None:
    """A total whose parts the same article also gives (a province's 620 projects, then each
    city's) says so, so that the list is not read as adding up."""
    for event, item in zip(events, listed):
        code = (event.get("region") or {}).get("adcode") or ""
        if len(code) != 6:
            continue
        parts = [e for e in events if e is not event and e["type"] == event["type"]
                 and e.get("document_id") == event.get("document_id")
                 and ((e.get("region") or {}).get("adcode") or "").startswith(_prefix(code))
                 and (e.get("region") or {}).get("adcode") != code]
        if parts:
            item["note"] = "（总数，含下列各地）"
    return None


def _ranking(store, flt: EventFilter, year: int, until: dt.date, level: str, own: str | None) -> dict[str, dict]:
    rows = store.stats("region", level=level, filters=EventFilter(
        **{**flt.to_dict(), "type": "signing", "since": f"{year:04d}-01-01", "until": until.isoformat()}))
    ranked = [r for r in rows if r["investment_yuan"] > 0 and r["key"] != own and len(r["key"]) == 6]
    ranked.sort(key=lambda r: (-r["investment_yuan"], r["key"]))
    return {r["key"]: {**r, "rank": n} for n, r in enumerate(ranked, 1)}


def _movers(store, week: Week, flt: EventFilter, region: dict | None) -> dict[str, Any]:
    """Who moved most in the year's ranking of signed investment one level down."""
    level = _CHILD_LEVEL.get(region["level"] if region else None)
    if region and level == "city" and region["adcode"][:2] in MUNICIPALITIES:
        level = "district"           # 北京's districts sit right under it
    what = f"{_scope(flt)}各{_LEVEL_WORD.get(level, '')}" if level else ""
    if level is None:
        return {"level": None, "rows": [], "sentences": [{
            "text": f"{_scope(flt)}是区县一级，没有下一级的比学赶超排名。", "href": _events_link(flt)}]}
    year = week.end.year
    own = region["adcode"] if region else None
    now = _ranking(store, flt, year, week.end, level, own)
    before = _ranking(store, flt, year, week.start - dt.timedelta(days=1), level, own) if week.start.year == year else {}
    rows = []
    for code, row in now.items():
        was = before.get(code)
        moved = (len(before) + 1 - row["rank"]) if was is None else (was["rank"] - row["rank"])
        gained = row["investment_yuan"] - (was["investment_yuan"] if was else 0)
        if moved or gained:
            rows.append({"adcode": code, "name": row["name"], "rank": row["rank"],
                         "rank_before": was["rank"] if was else None, "moved": moved,
                         "investment_yuan": row["investment_yuan"], "gained_yuan": gained})
    rows.sort(key=lambda r: (-abs(r["moved"]), -r["gained_yuan"], r["rank"]))
    rows = rows[:MOVERS_COUNT]
    sentences = []
    for r in rows:
        where = (f"由第{r['rank_before']}位升至第{r['rank']}位" if r["moved"] > 0 and r["rank_before"]
                 else f"由第{r['rank_before']}位降至第{r['rank']}位" if r["moved"] < 0
                 else f"新进榜，列第{r['rank']}位" if r["rank_before"] is None else f"仍列第{r['rank']}位")
        sentences.append({
            "text": f"{r['name']}{where}："
                    f"{'本周新增签约' + yuan(r['gained_yuan']) if r['gained_yuan'] else '本周没有新的签约'}，"
                    f"{year}年累计{yuan(r['investment_yuan'])}。",
            "href": _events_link(EventFilter(adcode=r["adcode"]), type="signing", since=week.start.isoformat(),
                                 until=week.end.isoformat())})
    if not sentences:
        sentences.append({"text": f"本周{what}签约投资排名没有变化。",
                          "href": _events_link(flt, type="signing", since=f"{year:04d}-01-01",
                                               until=week.end.isoformat())})
    return {"level": level, "what": what, "year": year, "rows": rows, "sentences": sentences}


def _targets(store, week: Week, flt: EventFilter) -> list[dict]:
    out = []
    for t in store.announced_targets(week.start.isoformat(), week.end.isoformat(), flt):
        goal = []
        if t.get("project_count"):
            goal.append(f"{t['project_count']}个项目")
        if t.get("investment_yuan"):
            goal.append(yuan(t["investment_yuan"], t.get("qualifier")))
        goal += [f"{m.get('metric')} {m.get('value')}{m.get('unit') or ''}" for m in t.get("metrics") or []
                 if isinstance(m, dict) and m.get("metric")][:2]
        year = ((t.get("date") or {}).get("start") or "")[:4]
        day = dt.date.fromisoformat(t["announced"])
        place = (t.get("region") or {}).get("name") or "某地"
        out.append({"id": t["id"], "href": _event_link(t["id"]), "evidence": (t.get("evidence") or {}).get("text"),
                    "text": f"{place}提出{year + '年' if year else ''}目标：{'、'.join(goal) or '见原文'}"
                            f"（{day.month}月{day.day}日报道）。"})
    return out


def _projects(store, week: Week, flt: EventFilter) -> list[dict] | None:
    found = store.project_stages(week.start.isoformat(), week.end.isoformat(), flt)
    if found is None:
        return None
    out = []
    for p in found:
        place = (p.get("region") or {}).get("name") or ""
        step = (f"由{stage_name(p['previous_stage'])}进入{stage_name(p.get('stage'))}" if p.get("previous_stage")
                else f"进入{stage_name(p.get('stage'))}")
        href = (_event_link(p["event_id"]) if p.get("event_id")
                else f"/documents/{quote(p['document_id'], safe='')}" if p.get("document_id") else None)
        out.append({"text": f"{place}{p.get('name') or '项目'}{step}（{p.get('date') or '日期不详'}）。", "href": href,
                    "evidence": (p.get("evidence") or {}).get("text")})
    return out


def build_briefing(store, week: Week | None = None, *, region: str | None = None,
                   today: dt.date | None = None) -> dict[str, Any]:
    """The briefing of ``week`` (default: the week of the latest day with events) for
    ``region`` (a place name or code, children included; default the whole country).

    Returns a dict for the renderers: {"week", "region", "empty", "overview": {"rows",
    "sentences"}, "top", "movers", "targets", "projects" (None without a 项目库), "filters"}.
    Raises FilterError for an unknown region."""
    flt = EventFilter(adcode=region) if region and region.isdigit() else EventFilter(region=region or None)
    place = store.resolve_region(region) if region else None
    if region and place is None:
        raise FilterError(f"unknown region: {region!r}")
    if week is None:
        latest = store.latest_day(flt)
        week = week_of(dt.date.fromisoformat(latest) if latest else (today or dt.date.today()))
    rows, sentences, empty = _overview(store, week, flt)
    return {
        "week": {"label": week.label, "title": week.title, "start": week.start.isoformat(),
                 "end": week.end.isoformat(), "before": week.before().label, "year_ago": week.year_earlier().label,
                 "after": week_of(week.end + dt.timedelta(days=1)).label},
        "region": {"name": place["name"], "adcode": place["adcode"], "level": place.get("level")} if place else None,
        "scope": _scope(flt),
        "filters": flt.to_dict(),
        "empty": empty,
        "overview": {"rows": rows, "sentences": sentences},
        "top": [] if empty else _top(store, week, flt),
        "movers": _movers(store, week, flt, place),
        "targets": _targets(store, week, flt),
        "projects": _projects(store, week, flt),
    }
