"""Pipeline: a page → its documents (pages.split_page) → their mentions (mentions.annotate) → their events (events.extract_events)."""
from __future__ import annotations

import os

from .errors import InputError
from .mentions.annotate import annotate
from .pages import split_page
from .records import Event, ProjectMention, RawInput, Result
from .text import date_from_text

__all__ = ["extract", "extract_raw", "projects_enabled"]

# Set to "off" to read events only (bench/ingest_speed.py times the 项目库's cost with it).
PROJECTS_SWITCH = "PROJECTRADAR_PROJECTS"


def projects_enabled() -> bool:
    """Whether named projects are read too (the default; ${PROJECTRADAR_PROJECTS}=off stops it)."""
    return os.environ.get(PROJECTS_SWITCH, "on").strip().lower() not in ("off", "0", "no", "false")


def extract_raw(raw: RawInput) -> Result:
    """Split one raw input into documents and find each document's events.

    Every event gets the input's ``source`` and its document's id; its own id
    is computed when the events stage left it empty. This is what ``extract``,
    ``ingest`` and the Spark job call.

    Args:
        raw: one page, JSONL line or WARC record (``raw.published`` overrides
            the date the page gives).
    Returns:
        Result(documents, events, projects). Raises InputError when the content cannot be
        decoded or is empty.

    >>> r = extract_raw(RawInput(source="a.txt", content="某县三个项目开工\\n今天,某县三个项目集中开工。"))
    >>> [d.title for d in r.documents]
    ['某县三个项目开工']
    """
    # imported on first use: the events stage takes a third of a second to import, which
    # `projectradar --help` and the store's commands need not wait for
    from .events import extract_events
    from .projects import extract_projects

    with_projects = projects_enabled()
    documents = split_page(raw)
    events: list[Event] = []
    projects: list[ProjectMention] = []
    for doc in documents:
        annotated = annotate(doc)
        told = extract_events(annotated)
        for event in told:
            event.source = raw.source
            event.document_id = doc.id
            if not event.id:
                event.id = event.compute_id()
        events.extend(told)
        if with_projects:
            for project in extract_projects(annotated, told):
                project.source = raw.source
                project.id = project.compute_id()
                projects.append(project)
    return Result(documents=documents, events=events, projects=projects)


def extract(text_or_html: str | bytes, *, url: str | None = None, published: str | None = None,
            source: str | None = None) -> Result:
    """Read one page given as a string or bytes (HTML, scraped page text or a
    Markdown dump, told apart by content) and return its documents and events.

    Args:
        text_or_html: the page; bytes are decoded (UTF-8, GBK, ... detected).
        url: where the page came from (gives a publication date when its path has one).
        published: the publication date (ISO YYYY-MM-DD; 2023/2/4 and 2023年2月4日
            are read too); overrides the date the page gives. InputError if not a date.
        source: what events' ``source`` says (default: the url, else "text").
    Returns:
        Result with ``.documents`` and ``.events``.

    >>> result = extract("要闻\\n某市签约十个项目\\n3月1日,某市集中签约十个项目。", published="2024-03-02")
    >>> result.documents[0].published
    '2024-03-02'
    """
    if published is not None:
        iso = date_from_text(str(published), strict=False)
        if iso is None or len(iso) != 10:
            raise InputError("published", f"{published!r} is not a date like 2023-02-04")
        published = iso
    raw = RawInput(source=source or url or "text", content=text_or_html, url=url, published=published)
    return extract_raw(raw)
