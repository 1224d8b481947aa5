"""Following without the dashboard: `watch add|list|show|rm|deliveries` and `briefing`.

A watch is a named filter of `events`; it matches what is stored after it was made, has an
Atom feed (/feeds/watches/NAME.atom) and may have a webhook that `ingest` calls."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import FetchError, RadarError
from ..formatting import describe_filter
from .app import app
from .store_cmd import DbOption, _asking, _event_rows, _fail, _filter, _print_table

__all__ = ["watch_app"]

watch_app = typer.Typer(name="watch", no_args_is_help=True,
                        help="Named filters to follow: what matched since, an Atom feed, a webhook after each ingest.")
app.add_typer(watch_app, name="watch")

NameArgument = typer.Argument(..., help="The watch's name (letters, digits, _ . -).")


def _webhook_text(watch: dict) -> str:
    return watch.get("webhook_url") or "—"


@watch_app.command("add")
def watch_add(
    name: str = NameArgument,
    db: Optional[str] = DbOption,
    region: Optional[str] = typer.Option(None, "--region", help="Place name; its children are included."),
    adcode: Optional[str] = typer.Option(None, "--adcode", help="Division code or prefix (3701 = 济南)."),
    type_: Optional[str] = typer.Option(None, "--type", help="Event type(s), comma-separated."),
    since: Optional[str] = typer.Option(None, "--since", help="Events dated from this day (2026, 2026-03, 2026-03-01)."),
    until: Optional[str] = typer.Option(None, "--until", help="Events dated up to this day, inclusive."),
    min_investment: Optional[str] = typer.Option(None, "--min-investment", help="At least this investment: 10亿."),
    sector: Optional[str] = typer.Option(None, "--sector", help="Sector(s), comma-separated: 新能源,生物医药."),
    org: Optional[str] = typer.Option(None, "--org", help="Part of an organization's name (a rival: 比亚迪)."),
    q: Optional[str] = typer.Option(None, "--q", help="Text told by the event's articles."),
    source: Optional[str] = typer.Option(None, "--source", help="Only events told by this source file or URL."),
    webhook: Optional[str] = typer.Option(None, "--webhook", help="POST each new event here (JSON, signed)."),
    secret: Optional[str] = typer.Option(None, "--secret", help="The webhook's HMAC-SHA256 key (default: a new one)."),
    allow_private_urls: bool = typer.Option(
        False, "--allow-private-urls", envvar="PROJECTRADAR_ALLOW_PRIVATE_URLS",
        help="Allow a webhook on a loopback, link-local or private address."),
) -> None:
    """Keep a named filter; it matches the events stored from now on."""
    from ..netguard import check_url
    from ..notify import new_secret

    flt = _filter(region, adcode, type_, since, until, min_investment, sector, q, source, org)
    if webhook:
        try:
            check_url(webhook, allow_private=allow_private_urls or None, must_resolve=False)
        except FetchError as err:
            raise typer.BadParameter(err.problem, param_hint="--webhook") from None
        if secret is not None and len(secret) < 16:
            raise typer.BadParameter("use at least 16 characters", param_hint="--secret")
        secret = secret or new_secret()
    elif secret:
        raise typer.BadParameter("a secret signs webhook calls: give --webhook too", param_hint="--secret")
    with _asking(db) as store:
        made = store.add_watch(name, flt, webhook_url=webhook, secret=secret)
    typer.echo(f"watch {made['name']}: {describe_filter(made['filters'])} (matches events stored from now on)")
    typer.echo(f"  feed     /feeds/watches/{made['name']}.atom")
    if webhook:
        typer.echo(f"  webhook  {webhook} (each new event after every ingest)")
        typer.echo(f"  secret   {secret}  (X-Radar-Signature: sha256=HMAC-SHA256(secret, body))")


@watch_app.command("list")
def watch_list(
    db: Optional[str] = DbOption,
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Every watch: its filter, webhook and how many events it matched since it was made."""
    with _asking(db) as store:
        rows = store.watches()
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _print_table(f"{len(rows)} watches", ["name", "filter", "webhook", "matched"],
                 [[w["name"], describe_filter(w["filters"]), _webhook_text(w), str(w["matched"])] for w in rows],
                 wide=("filter", "webhook"))


@watch_app.command("show")
def watch_show(
    name: str = NameArgument,
    db: Optional[str] = DbOption,
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or jsonl."),
    limit: int = typer.Option(50, "--limit", min=0),
    offset: int = typer.Option(0, "--offset", min=0),
) -> None:
    """What the watch matched since it was made, newest first."""
    with _asking(db) as store:
        watch = store.watch(name)
        found = store.watch_events(name, limit=limit, offset=offset) if watch else None
    if watch is None or found is None:
        _fail(f"no watch named {name!r} (see `projectradar watch list`)")
    total, rows = found
    if fmt == "json":
        typer.echo(json.dumps({**watch, "matched": total, "events": rows}, ensure_ascii=False, indent=1))
        return
    if fmt == "jsonl":
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
        return
    typer.echo(f"watch {watch['name']}: {describe_filter(watch['filters'])}; webhook {_webhook_text(watch)}")
    _print_table(f"{len(rows)} of {total} events since the watch was made",
                 ["id", "date", "type", "region", "projects", "yuan", "told", "title"], _event_rows(rows),
                 wide=("title",))


@watch_app.command("rm")
def watch_rm(name: str = NameArgument, db: Optional[str] = DbOption) -> None:
    """Remove a watch (and its delivery log)."""
    with _asking(db) as store:
        removed = store.remove_watch(name)
    if not removed:
        _fail(f"no watch named {name!r} (see `projectradar watch list`)")
    typer.echo(f"removed watch {name}")


@watch_app.command("deliveries")
def watch_deliveries(
    name: str = NameArgument,
    db: Optional[str] = DbOption,
    limit: int = typer.Option(50, "--limit", min=1),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """The watch's webhook deliveries, latest first: each attempt, its answer or error."""
    with _asking(db) as store:
        log = store.deliveries(name, limit=limit)
    if log is None:
        _fail(f"no watch named {name!r} (see `projectradar watch list`)")
    if fmt == "json":
        typer.echo(json.dumps(log, ensure_ascii=False, indent=1))
        return
    _print_table(f"{len(log)} delivery attempts", ["at", "event", "attempt", "outcome", "status", "ms", "error"],
                 [[d["at"][:19].replace("T", " "), d["event_id"], str(d["attempt"]), d["outcome"],
                   "" if d["status"] is None else str(d["status"]),
                   "" if d["milliseconds"] is None else str(d["milliseconds"]), d["error"] or ""] for d in log],
                 wide=("error",))


# ---------------------------------------------------------------- briefing
@app.command()
def briefing(
    week: Optional[str] = typer.Option(None, "--week", help="ISO week, e.g. 2026-W09 (default: the latest with events)."),
    region: Optional[str] = typer.Option(None, "--region", help="Place name or adcode; its children are included."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write briefing.pdf, briefing.html or .txt."),
    base_url: Optional[str] = typer.Option(
        None, "--base-url", envvar="PROJECTRADAR_BASE_URL",
        help="Where the links point: the dashboard serving this database (default http://127.0.0.1:8000)."),
    db: Optional[str] = DbOption,
) -> None:
    """The weekly 产经 briefing: counts and money by type against the week before and a year
    earlier, the largest signings and starts, ranking moves, targets, project stages."""
    from ..briefing import build_briefing, parse_week, render_text, write

    try:
        chosen = parse_week(week) if week else None
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--week") from None
    if out is not None and out.suffix.lower() not in (".pdf", ".html", ".htm", ".txt"):
        raise typer.BadParameter("write to a .pdf, .html or .txt file", param_hint="--out")
    with _asking(db) as store:
        made = build_briefing(store, chosen, region=region)
    if out is None:
        typer.echo(render_text(made, base=base_url), nl=False)
        return
    try:
        kind = write(made, out, base=base_url)
    except (OSError, RadarError) as err:
        _fail(f"{out}: {err}")
    typer.echo(f"wrote the {kind.upper()} briefing of {made['week']['label']} ({made['scope']}) to {out}", err=True)
