"""The summary tables kept on write: what each event adds to its province, city and district rows."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from ..regions import NATION
from ..regions import MUNICIPALITIES
from ..resolve import counts_in_sums
from .rows import batched
from .schema import SUMMARY_KEYS, month_stats, region_stats, sector_stats

__all__ = ["level_codes", "stats_contribution", "add_contribution", "upsert_summaries", "Deltas"]

# {summary table: {key: [events, projects, investment]}}: what a batch adds, written once
Deltas = dict[str, dict[tuple, list[int]]]
_TABLES = {"region_stats": region_stats, "month_stats": month_stats, "sector_stats": sector_stats}


def level_codes(adcode: str | None) -> dict[str, str]:
    """The province, city and district codes an event's region counts under.

        >>> level_codes("370102")
        {'province': '370000', 'city': '370100', 'district': '370102'}
        >>> level_codes("370000")["city"]     # a province-level event stays the province
        '370000'
    """
    code = adcode or ""
    if len(code) != 6 or not code.isdigit() or code == NATION.adcode:
        return {"province": code, "city": code, "district": code}
    province = code[:2] + "0000"
    # a municipality (北京, 天津, 上海, 重庆) is its own city: its districts sit right under it
    city = code if code.endswith("0000") else province if code[:2] in MUNICIPALITIES else code[:4] + "00"
    return {"province": province, "city": city, "district": code}


def stats_contribution(rec: dict[str, Any]) -> dict[str, list[tuple[tuple, tuple[int, int, int]]]]:
    """The summary rows an event adds to: {table: [(key, (events, projects, investment))]}."""
    etype = rec["type"]
    counted = counts_in_sums(rec, umbrella=bool(rec.get("_umbrella")))
    value = (1, (rec.get("project_count") or 0) if counted else 0,
             (rec.get("investment_yuan") or 0) if counted else 0)
    codes = level_codes((rec.get("region") or {}).get("adcode"))
    month = ((rec.get("date") or {}).get("start") or "")[:7]
    year = month[:4]
    wide = [("all", ""), ("province", codes["province"]), ("city", codes["city"])]
    return {
        "region_stats": [((level, code, year, etype), value) for level, code in codes.items()],
        "month_stats": [((level, code, month, etype), value) for level, code in wide],
        "sector_stats": [((sector, level, code, year, etype), value)
                         for sector in dict.fromkeys(rec.get("sectors") or []) for level, code in wide],
    }


def add_contribution(deltas: Deltas, rec: dict[str, Any], sign: int = 1) -> None:
    """Accumulate an event's summary rows (sign -1 takes a replaced version out)."""
    for name, rows in stats_contribution(rec).items():
        table = deltas.setdefault(name, defaultdict(lambda: [0, 0, 0]))
        for key, (n, p, m) in rows:
            d = table[key]
            d[0] += sign * n
            d[1] += sign * p
            d[2] += sign * m


def upsert_summaries(conn: Connection, deltas: Deltas) -> None:
    """Add the deltas to the summary tables with one INSERT ... ON CONFLICT DO UPDATE each."""
    upsert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    for name, changes in deltas.items():
        keys = SUMMARY_KEYS[name]
        rows = [{**dict(zip(keys, key)), "events": n, "projects": p, "investment_yuan": m}
                for key, (n, p, m) in sorted(changes.items()) if n or p or m]
        if not rows:
            continue
        table = _TABLES[name]
        stmt = upsert(table)
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_={
            "events": table.c.events + stmt.excluded.events,
            "projects": table.c.projects + stmt.excluded.projects,
            "investment_yuan": table.c.investment_yuan + stmt.excluded.investment_yuan,
        })
        for chunk in batched(rows, 2000):
            conn.execute(stmt, chunk)
