"""The 项目库's commands: `projects` (named projects by filter), `project ID` (one project's
timeline with evidence) and `delivery` (signed → started → completed in a region)."""
from __future__ import annotations

from typing import Optional

import typer

from ..formatting import stage_name, yuan
from . import options
from .app import app
from .database import asking, record_command
from .options import DbOption, project_filter
from .output import evidence_lines, print_json, print_jsonl, print_table, write_csv


def _rows(rows: list[dict]) -> list[list[str]]:
    out = []
    for p in rows:
        days = [t.get("date") or "" for t in p.get("timeline") or []]
        out.append([p["id"], p["name"], (p.get("region") or {}).get("name") or "", stage_name(p.get("stage")),
                    yuan(p.get("investment_yuan"), column=True), "、".join(p.get("organizations") or []),
                    f"{days[0]}…{days[-1]}" if len(days) > 1 else (days[0] if days else "")])
    return out


@app.command()
def projects(
    db: Optional[str] = DbOption,
    region: Optional[str] = options.option("region", "Place name or division code; children included."),
    stage: Optional[str] = options.option("stage"),
    org: Optional[str] = options.option("org", "Part of the name of an organization the project names."),
    min_yuan: Optional[str] = typer.Option(None, "--min-yuan", help="At least this investment: 10亿, 5000万."),
    since: Optional[str] = options.option("since", "A stage dated from this day (2025, 2025-03)."),
    until: Optional[str] = options.option("until", "A stage dated up to this day, inclusive."),
    q: Optional[str] = typer.Option(None, "-q", "--q", help="Text in the name or what its articles say."),
    fmt: str = options.output_format("table", "table, jsonl or csv."),
    limit: int = options.limit("At most this many projects."),
    offset: int = options.offset("Skip this many first (to page through)."),
) -> None:
    """List the named projects of the 项目库, latest stage first."""
    options.check_format(fmt, ("table", "jsonl", "csv"))
    flt = project_filter(region, stage, org, min_yuan, since, until, q)
    with asking(db) as store:
        rows = store.projects(flt, limit=limit, offset=offset)
        total = store.count_projects(flt) if fmt == "table" else len(rows)
    if fmt == "jsonl":
        print_jsonl(rows)
    elif fmt == "csv":
        from ..store.export import PROJECT_COLUMNS, flat_project  # lazy: SQLAlchemy is slow to import

        write_csv(rows, PROJECT_COLUMNS, flat_project)
    else:
        print_table(f"{len(rows)} of {total} projects",
                     ["id", "name", "region", "stage", "yuan", "organizations", "told"], _rows(rows),
                     wide=("name", "organizations"))


def _project_lines(rec: dict) -> list[str]:
    region = rec.get("region") or {}
    lines = [f"{rec['id']}  {rec['name']}",
             f"  region      {region.get('name') or '-'} ({region.get('adcode') or '-'})",
             f"  stage       {stage_name(rec.get('stage'))} ({rec.get('stage')})",
             f"  investment  {yuan(rec.get('investment_yuan'), column=True) or '-'}"]
    if rec.get("annual_investment_yuan"):
        lines.append(f"  this year   {yuan(rec['annual_investment_yuan'], column=True)}")
    for label, key in (("phase", "phase"), ("capacity", "capacity")):
        if rec.get(key):
            lines.append(f"  {label:<11} {rec[key]}")
    for label, key in (("orgs", "organizations"), ("sectors", "sectors")):
        if rec.get(key):
            lines.append(f"  {label:<11} {'、'.join(rec[key])}")
    lines.append("timeline:")
    for t in rec.get("timeline") or []:
        lines.append(f"  {t.get('date') or '?':<10}  {stage_name(t['stage'])}  {t.get('source') or ''}"
                     + (f"  (told {t['tellings']} times)" if t.get("tellings", 1) > 1 else ""))
        lines += evidence_lines(t)
    return lines


record_command(app, "project", lambda store, project_id: store.project(project_id), noun="project",
               id_help="A project id (from `projects`).", text_lines=_project_lines,
               help="One project: its facts and its timeline, each stage with its date, source and evidence.")


@app.command()
def delivery(
    db: Optional[str] = DbOption,
    region: Optional[str] = options.option("region", "Place name or division code; children included."),
    since: Optional[str] = options.option("since", "Projects signed from this day (2025, 2025-01)."),
    until: Optional[str] = options.option("until", "... up to this day, inclusive."),
    fmt: str = options.output_format("text", "text or json."),
) -> None:
    """Signed → started → completed for the projects signed in a region and period, the
    stalled list, and apart what signing ceremonies counted."""
    with asking(db) as store:
        d = store.delivery(project_filter(region, since=since, until=until))
    if fmt == "json":
        print_json(d)
        return
    f = d["funnel"]
    share = d["started_share"]
    pct = {k: "-" if v is None else f"{v:.0%}" for k, v in share.items()}
    c = d["ceremonies"]
    lines = [
        "named projects   " + " → ".join(f"{label} {f[k]['projects']} ({yuan(f[k]['investment_yuan'], column=True) or '0'})"
                                         for k, label in (("signed", "signed"), ("started", "started"),
                                                          ("completed", "completed"))),
        f"started within 6 months {pct['within_6_months']}, within 12 months {pct['within_12_months']}; "
        f"median days to start {d['median_days_to_start'] if d['median_days_to_start'] is not None else '-'}",
        f"ceremonies       {c['events']} signings, {c['projects']} projects, "
        f"{yuan(c['investment_yuan'], column=True) or '0'} (counted apart from the named projects)",
        f"stalled          {len(d['stalled'])}",
    ]
    for s in d["stalled"]:
        lines.append(f"  {s['signed_on']}  {s['name']}  {(s.get('region') or {}).get('name') or ''}  "
                     f"{yuan(s.get('investment_yuan'), column=True)}  ({s['days_since_signing']} days)")
    typer.echo("\n".join(lines))
