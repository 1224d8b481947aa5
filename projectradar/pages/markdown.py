"""Markdown dumps (a daily news programme's items): every ### item is a story, dated by the dump."""
from __future__ import annotations

import os
import re

from ..records import Document, RawInput
from ..text import normalize, strip_tags
from .dates import date_document
from .tables import table_rows
from .text_pages import document_id
from .words import words

__all__ = ["split_markdown", "HEADING_MARK"]

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_MD_LINK_LINE = re.compile(r"^\s*\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]+)\)\s*$", re.M)
HEADING_MARK = re.compile(r"^#{1,6}[ \t]+", re.M)
_MD_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_MD_FILE_DATE = re.compile(r"((?:19|20)\d\d)(\d\d)(\d\d)")


def split_markdown(text: str, raw: RawInput) -> list[Document]:
    """The stories of a Markdown dump (``[]`` when it has no story headings)."""
    headings = list(_MD_HEADING.finditer(text))
    published = raw.published
    if published is None:
        for m in headings[:1]:
            if len(m.group(1)) == 1:
                d = _MD_FILE_DATE.search(m.group(2))
                published = _iso_or_none(d)
    if published is None:
        published = _iso_or_none(_MD_FILE_DATE.search(os.path.basename(raw.source or "")))
    skip_sections = words("markdown_skip_section")
    source_links = words("markdown_source_link")
    story_level = 3 if any(len(m.group(1)) == 3 for m in headings) else 2
    docs: list[Document] = []
    skipping = False
    story_number = 0
    for k, m in enumerate(headings):
        level, heading = len(m.group(1)), m.group(2).strip()
        if level < story_level:
            skipping = heading in skip_sections
            continue
        if level > story_level or skipping:
            continue
        end = len(text)
        for nxt in headings[k + 1:]:
            if len(nxt.group(1)) <= story_level:
                end = nxt.start()
                break
        chunk = text[m.end():end]
        rule = _MD_RULE.search(chunk)  # a --- rule ends the story: the file's trailer (更新时间戳) follows
        if rule:
            chunk = chunk[: rule.start()]
        url = None
        for link in _MD_LINK_LINE.finditer(chunk):
            if link.group("label") in source_links:
                url = link.group("url")
        chunk = _MD_LINK_LINE.sub("", chunk)
        body = strip_tags(chunk) if "<" in chunk else chunk
        body = "\n".join(table_rows(normalize(body).split("\n")))
        story_number += 1
        doc = Document(id="", source=raw.source, kind="article", position=story_number,
                       title=normalize(heading), url=url or raw.url, published=published,
                       text=body)
        date_document(doc)
        doc.id = document_id(raw, doc)
        docs.append(doc)
    return docs


def _iso_or_none(m: re.Match | None) -> str | None:
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
