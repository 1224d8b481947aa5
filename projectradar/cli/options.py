"""The options several commands share, each defined here once, and the filters they make.

A command whose wording is its own (`watch add` says "Events dated from this day") passes
its help; the flag, its default and what it parses to stay here."""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Optional

import typer

from ..formatting import parse_yuan
from ..netguard import ALLOW_ENV
from ..records import EVENT_TYPES, PROJECT_STAGES

__all__ = ["DbOption", "db_option", "event_filter", "option", "parse_money", "project_filter", "with_event_filters"]

TYPES = ", ".join(EVENT_TYPES)
STAGES = ", ".join(PROJECT_STAGES)


def db_option(help: str = "Database path or URL (sqlite:///…, postgresql://…). Default ./projectradar.db.") -> Any:
    return typer.Option(None, "--db", envvar="PROJECTRADAR_DB", help=help)


DbOption = db_option()


# parameter name → (flag, its help where the command gives none)
FILTERS = {
    "region": ("--region", "Place name; its children are included."),
    "adcode": ("--adcode", "Division code or prefix (3401 = 合肥)."),
    "type_": ("--type", f"Event type(s), comma-separated: {TYPES}."),
    "since": ("--since", "From this date (2023, 2023-02, 2023-02-01)."),
    "until": ("--until", "Up to this date, inclusive."),
    "min_investment": ("--min-investment", "At least this investment: 10亿, 5000万."),
    "sector": ("--sector", "A sector, e.g. 新能源 (several: 新能源,生物医药)."),
    "org": ("--org", "Part of the name of an organization the event names."),
    "q": ("--q", "Text told by the event's articles (签约, 合肥)."),
    "source": ("--source", "Only events told by this source file or URL."),
    "stage": ("--stage", f"Latest stage(s), comma-separated: {STAGES}."),
}
EVENT_FILTERS = ("region", "adcode", "type_", "since", "until", "min_investment", "sector", "org", "q", "source")


def option(name: str, help: str | None = None) -> Any:
    """The filter option of parameter `name`, with the command's own `help` if it has one."""
    flag, usual = FILTERS[name]
    return typer.Option(None, flag, help=help or usual)


def with_event_filters(*names: str, **wording: str) -> Callable[[Callable], Callable]:
    """Give a command the event filter options (`names`, default all of EVENT_FILTERS; `wording`:
    a help of its own by parameter name) where its parameter `filters` stands; the command
    is called with their EventFilter as `filters`."""
    chosen = names or EVENT_FILTERS

    def decorate(command: Callable) -> Callable:
        signature = inspect.signature(command)   # annotations as written: get_type_hints reads them
        params = []
        for param in signature.parameters.values():
            if param.name != "filters":
                params.append(param)
                continue
            params += [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Optional[str],
                                         default=option(name, wording.get(name))) for name in chosen]

        @functools.wraps(command)
        def run(**values: Any) -> Any:
            return command(filters=event_filter(**{name: values.pop(name) for name in chosen}), **values)

        run.__signature__ = signature.replace(parameters=params)
        run.__annotations__ = {p.name: p.annotation for p in params if p.annotation is not p.empty}
        return run

    return decorate


def allow_private_urls(help: str) -> Any:
    return typer.Option(False, "--allow-private-urls", envvar=ALLOW_ENV, help=help)


def output_format(default: str, help: str) -> Any:
    return typer.Option(default, "--format", "-f", help=help)


def limit(help: str | None = None, *, at_least: int = 0) -> Any:
    return typer.Option(50, "--limit", min=at_least, help=help)


def offset(help: str | None = None) -> Any:
    return typer.Option(0, "--offset", min=0, help=help)


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise typer.BadParameter(f"use {', '.join(allowed[:-1])} or {allowed[-1]}", param_hint="--format")


def parse_money(text: str | None, option: str = "--min-investment") -> int | None:
    """'10亿', '5000万', '1.5亿元' or plain yuan → whole yuan."""
    if text is None or not str(text).strip():
        return None
    try:
        return parse_yuan(text)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from None


def event_filter(*, region=None, adcode=None, type_=None, since=None, until=None, min_investment=None,
                 sector=None, org=None, q=None, source=None):
    """The EventFilter of the event options (`events`, `export`, `watch add`)."""
    from ..store import EventFilter  # lazy: SQLAlchemy is slow to import

    return EventFilter(region=region, adcode=adcode, type=type_, since=since, until=until,
                       min_investment=parse_money(min_investment), sector=sector, q=q, source=source, org=org)


def project_filter(region=None, stage=None, org=None, min_yuan=None, since=None, until=None, q=None):
    """The ProjectFilter of the options of `projects` and `delivery`; --region takes a place
    name or a division code."""
    from ..store import ProjectFilter  # lazy: SQLAlchemy is slow to import

    code = region.strip() if region and region.strip().isdigit() else None
    return ProjectFilter(region=None if code else region, adcode=code, stage=stage, org=org,
                         min_investment=parse_money(min_yuan, "--min-yuan"), since=since, until=until, q=q)
