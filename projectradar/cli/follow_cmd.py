"""Following without the dashboard: `watch add|list|show|rm|deliveries` and `briefing`.

A watch is a named filter of `events`; it matches what is stored after it was made, has an
Atom feed (/feeds/watches/NAME.atom) and may have a webhook that `ingest` calls."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import FetchError, RadarError
from ..formatting import describe_filter
from ..netguard import check_url
from ..notify import new_secret
from . import options
from .app import app
from .database import asking, fetch_record
from .options import DbOption
from .output import EVENT_HEADER, event_rows, fail, print_json, print_jsonl, print_table

if TYPE_CHECKING:
    from ..store import EventFilter

__all__ = ["watch_app"]

watch_app = typer.Typer(name="watch", no_args_is_help=True,
                        help="Named filters to follow: what matched since, an Atom feed, a webhook after each ingest.")
app.add_typer(watch_app, name="watch")

NameArgument = typer.Argument(..., help="The watch's name (letters, digits, _ . -).")


def _webhook_text(watch: dict) -> str:
    return watch.get("webhook_url") or "—"


@watch_app.command("add")
@options.with_event_filters(
    type_="Event type(s), comma-separated.", since="Events dated from this day (2026, 2026-03, 2026-03-01).",
    until="Events dated up to this day, inclusive.", min_investment="At least this investment: 10亿.",
    sector="Sector(s), comma-separated: 新能源,生物医药.", org="Part of an organization's name (a rival: 星禾光电).",
    q="Text told by the event's articles.")
def watch_add(
    name: str = NameArgument,
    db: Optional[str] = DbOption,
    filters: EventFilter = None,
    webhook: Optional[str] = typer.Option(None, "--webhook", help="POST each new event here (JSON, signed)."),
    secret: Optional[str] = typer.Option(None, "--secret", help="The webhook's HMAC-SHA256 key (default: a new one)."),
    allow_private_urls: bool = options.allow_private_urls(
        "Allow a webhook on a loopback, link-local or private address."),
) -> None:
    """Keep a named filter; it matches the events stored from now on."""
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
    with asking(db) as store:
        made = store.add_watch(name, filters, webhook_url=webhook, secret=secret)
    typer.echo(f"watch {made['name']}: {describe_filter(made['filters'])} (matches events stored from now on)")
    typer.echo(f"  feed     /feeds/watches/{made['name']}.atom")
    if webhook:
        typer.echo(f"  webhook  {webhook} (each new event after every ingest)")
        typer.echo(f"  secret   {secret}  (X-Radar-Signature: sha256=HMAC-SHA256(secret, body))")


@watch_app.command("list")
def watch_list(
    db: Optional[str] = DbOption,
    fmt: str = options.output_format("table", "table or json."),
) -> None:
    """Every watch: its filter, webhook and how many events it matched since it was made."""
    with asking(db) as store:
        rows = store.watches()
    if fmt == "json":
        print_json(rows)
        return
    print_table(f"{len(rows)} watches", ["name", "filter", "webhook", "matched"],
                 [[w["name"], describe_filter(w["filters"]), _webhook_text(w), str(w["matched"])] for w in rows],
                 wide=("filter", "webhook"))


@watch_app.command("show")
def watch_show(
    name: str = NameArgument,
    db: Optional[str] = DbOption,
    fmt: str = options.output_format("table", "table, json or jsonl."),
    limit: int = options.limit(),
    offset: int = options.offset(),
) -> None:
    """What the watch matched since it was made, newest first."""
    watch, (total, rows) = fetch_record(db, lambda store: _watch_and_events(store, name, limit, offset),
                                        _no_watch(name))
    if fmt == "json":
        print_json({**watch, "matched": total, "events": rows})
        return
    if fmt == "jsonl":
        print_jsonl(rows)
        return
    typer.echo(f"watch {watch['name']}: {describe_filter(watch['filters'])}; webhook {_webhook_text(watch)}")
    print_table(f"{len(rows)} of {total} events since the watch was made", EVENT_HEADER + ["title"], event_rows(rows),
                wide=("title",))


def _watch_and_events(store, name: str, limit: int, offset: int):
    """(the watch, (matched, events)), or None where there is no such watch."""
    watch = store.watch(name)
    found = store.watch_events(name, limit=limit, offset=offset) if watch else None
    return None if watch is None or found is None else (watch, found)


def _no_watch(name: str) -> str:
    return f"no watch named {name!r} (see `projectradar watch list`)"


@watch_app.command("rm")
def watch_rm(name: str = NameArgument, db: Optional[str] = DbOption) -> None:
    """Remove a watch (and its delivery log)."""
    with asking(db) as store:
        removed = store.remove_watch(name)
    if not removed:
        fail(_no_watch(name))
    typer.echo(f"removed watch {name}")


@watch_app.command("deliveries")
def watch_deliveries(
    name: str = NameArgument,
    db: Optional[str] = DbOption,
    limit: int = options.limit(at_least=1),
    fmt: str = options.output_format("table", "table or json."),
) -> None:
    """The watch's webhook deliveries, latest first: each attempt, its answer or error."""
    log = fetch_record(db, lambda store: store.deliveries(name, limit=limit), _no_watch(name))
    if fmt == "json":
        print_json(log)
        return
    print_table(f"{len(log)} delivery attempts", ["at", "event", "attempt", "outcome", "status", "ms", "error"],
                 [[d["at"][:19].replace("T", " "), d["event_id"], str(d["attempt"]), d["outcome"],
                   "" if d["status"] is None else str(d["status"]),
                   "" if d["milliseconds"] is None else str(d["milliseconds"]), d["error"] or ""] for d in log],
                 wide=("error",))


# ---------------------------------------------------------------- briefing
@app.command()
def briefing(
    week: Optional[str] = typer.Option(None, "--week", help="ISO week, e.g. 2026-W09 (default: the latest with events)."),
    region: Optional[str] = options.option("region", "Place name or adcode; its children are included."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write briefing.pdf, briefing.html or .txt."),
    base_url: Optional[str] = typer.Option(
        None, "--base-url", envvar="PROJECTRADAR_BASE_URL",
        help="Where the links point: the dashboard serving this database (default http://127.0.0.1:8000)."),
    db: Optional[str] = DbOption,
) -> None:
    """The weekly 产经 briefing: counts and money by type against the week before and a year
    earlier, the largest signings and starts, ranking moves, targets, project stages."""
    from ..briefing import build_briefing, parse_week, render_text, write  # lazy: a second to import

    try:
        chosen = parse_week(week) if week else None
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--week") from None
    if out is not None and out.suffix.lower() not in (".pdf", ".html", ".htm", ".txt"):
        raise typer.BadParameter("write to a .pdf, .html or .txt file", param_hint="--out")
    with asking(db) as store:
        made = build_briefing(store, chosen, region=region)
    if out is None:
        typer.echo(render_text(made, base=base_url), nl=False)
        return
    try:
        kind = write(made, out, base=base_url)
    except (OSError, RadarError) as err:
        fail(f"{out}: {err}")
    typer.echo(f"wrote the {kind.upper()} briefing of {made['week']['label']} ({made['scope']}) to {out}", err=True)
