"""The weekly 产经 briefing: what a week's news added to the store, for a reader on Monday
(CLI `projectradar briefing`, the dashboard's /briefing, HTML and PDF files).

    >>> from projectradar.briefing import build_briefing, parse_week, render_text
    >>> print(render_text(build_briefing(store, parse_week("2026-W09"), region="山东")))
"""
from __future__ import annotations

from .build import Week, build_briefing, parse_week, week_of
from .charts import briefing_charts
from .render import TEMPLATES, render_html, render_pdf, render_text, write

__all__ = ["Week", "build_briefing", "parse_week", "week_of", "briefing_charts", "render_html", "render_pdf",
           "render_text", "write", "TEMPLATES"]
