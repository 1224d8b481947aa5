"""The briefing as a standalone HTML file, a PDF (WeasyPrint, with the CJK fonts fontconfig
finds: Debian's fonts-noto-cjk) or plain text for a terminal."""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..formatting import yuan
from .charts import briefing_charts

__all__ = ["TEMPLATES", "BASE_URL_ENV", "DEFAULT_BASE_URL", "base_url", "link_maker", "money", "render_html",
           "render_pdf", "render_text", "write"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Where the links of a briefing written to a file point: the dashboard that serves this database.
BASE_URL_ENV = "PROJECTRADAR_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url(given: str | None = None) -> str:
    """``given``, else $PROJECTRADAR_BASE_URL, else the address `projectradar serve` uses."""
    return (given or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


def link_maker(base: str):
    """path → the link a briefing shows: relative in the dashboard (base ""), absolute in files."""
    return lambda path: (base + path) if path else ""


def money(value: Any) -> str:
    """Money in the briefing's tables: 186.4亿元, and 0 for none."""
    return yuan(value) if value else "0"


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    env.globals["money"] = money
    return env


def render_html(briefing: dict, *, base: str | None = None) -> str:
    """The briefing as one HTML file (styles inline, charts as inline SVG, links absolute)."""
    url = base_url(base)
    return _environment().get_template("briefing_document.html").render(
        b=briefing, charts=briefing_charts(briefing), link=link_maker(url), base_url=url)


def render_pdf(briefing: dict, *, base: str | None = None) -> bytes:
    """The briefing as a PDF (A4). WeasyPrint lays it out with pango, from Debian's packages."""
    from weasyprint import HTML

    return HTML(string=render_html(briefing, base=base), base_url=str(TEMPLATES)).write_pdf()


def _figures(row: dict, counted: bool) -> str:
    parts = [f"{row['events']}起"]
    if counted and row["projects"]:
        parts.append(f"{row['projects']}个项目")
    if counted and row["investment_yuan"]:
        parts.append(money(row["investment_yuan"]))
    return " ".join(parts)


def render_text(briefing: dict, *, base: str | None = None) -> str:
    """The briefing for a terminal: the same sentences, each followed by its evidence link."""
    link = link_maker(base_url(base))
    b = briefing

    def said(items: list[dict], indent: str = "  ") -> list[str]:
        lines = []
        for item in items:
            lines.append(indent + item["text"])
            if item.get("href"):
                lines.append(f"{indent}  依据 {link(item['href'])}")
        return lines

    out = [f"产经周报 {b['week']['title']} · {b['scope']}", "", "一、本周概览"]
    out += said(b["overview"]["sentences"])
    for r in b["overview"]["rows"]:
        out.append(f"  {r['name']}：本周 {_figures(r['this'], r['counted'])} · 上周 {_figures(r['before'], r['counted'])}"
                   f" · 去年同周 {_figures(r['year_ago'], r['counted'])}")
    out += ["", "二、十大签约与开工"]
    for t in b["top"]:
        out.append(f"  {t['rank']:>2}. {t['headline']}{t.get('note') or ''}  {t['date']}")
        out.append(f"      「{' '.join(t['evidence'].split())}」")
        out.append(f"      依据 {link(t['href'])}")
    if not b["top"]:
        out.append("  本周没有签约或开工事件。")
    movers = b["movers"]
    out += ["", "三、比学赶超：排名变动" + (f"（{movers['what']}{movers['year']}年签约投资排名）" if movers.get("what") else "")]
    out += said(movers["sentences"])
    out += ["", "四、新提出的目标"]
    out += said(b["targets"]) if b["targets"] else ["  本周没有新提出的目标。"]
    out += ["", "五、项目进展"]
    if b["projects"] is None:
        out.append("  本库还没有项目库（projects 表），本节从略。")
    else:
        out += said(b["projects"]) if b["projects"] else ["  本周没有项目进入新阶段。"]
    return "\n".join(out) + "\n"


def write(briefing: dict, out: str | os.PathLike, *, base: str | None = None) -> str:
    """Write the briefing to ``out``: .pdf, .html/.htm or .txt by the name's suffix; returns
    the format written. ValueError for another suffix."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        path.write_bytes(render_pdf(briefing, base=base))
        return "pdf"
    if suffix in (".html", ".htm"):
        path.write_text(render_html(briefing, base=base), encoding="utf-8")
        return "html"
    if suffix in (".txt", ".text"):
        path.write_text(render_text(briefing, base=base), encoding="utf-8")
        return "text"
    raise ValueError(f"{path}: write the briefing to a .pdf, .html or .txt file")
