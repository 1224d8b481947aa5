"""Text pages: a scraped page's lines → its articles (metadata off, body kept) and teasers."""
from __future__ import annotations

import functools
import os
import re

from ..records import Document, Image, RawInput, stable_id
from ..text import normalize
from .bylines import dateline_credits, has_photo_credit, parse_byline, source_byline, split_caption, staff_editor
from .dates import date_document, date_from_page, text_year
from .lines import BREADCRUMB, MD_IMAGE, channel, classify, is_headline, is_label, is_paragraph, is_titleish
from .published import date_from_url, dateline_day, filed_on, publication_date
from .tables import table_rows
from .teasers import cut_trailing_teasers, drop_furniture, read_teasers
from .words import characters

__all__ = ["split_text", "document_id"]


# Date lines that are a table's cells when they stand amid the body (a 开工日期 column)
_CELL_DATES = ("bare_date", "day_first_date", "channel_date")


@functools.cache
def _sentence_then_more() -> re.Pattern:
    """A sentence end with more text after it: a line of two sentences is a paragraph, not a caption."""
    ends, closers = characters("sentence_end"), characters("closing_mark")
    return re.compile(rf"[{ends}]\s*[^\s{ends}{closers}]")


def _is_caption(line: str) -> bool:
    """The short line under an image (its caption, maybe with the photographer's credit);
    a line that goes on past a sentence end is the story's next paragraph."""
    if classify(line):
        return False
    return has_photo_credit(line) or (len(line) <= 50 and not _sentence_then_more().search(line))


def _add_new(people: list[str], more: list[str]) -> None:
    people.extend(p for p in more if p not in people)


def _read_article(lines: list[str], doc: Document) -> None:
    """Fill ``doc`` from an article's lines: metadata off, body and headings kept."""
    body: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        md = MD_IMAGE.fullmatch(line)
        if md:
            alt = md.group("alt").strip() or None
            if alt:
                alt, credit = split_caption(alt)
                _add_new(doc.photographers, credit)
            doc.images.append(Image(file=os.path.basename(md.group("src")), caption=alt or None))
            continue
        hit = classify(line)
        if hit and is_label(hit[1], *_CELL_DATES) and body and any(is_paragraph(rest) for rest in lines[i:]):
            hit = None    # a date alone amid the body is a table cell (开工日期 column), not the byline
        if hit:
            action, m = hit
            if action == "image":
                caption = None
                if i < len(lines) and _is_caption(lines[i]):
                    caption, credit = split_caption(lines[i])
                    _add_new(doc.photographers, credit)
                    i += 1
                doc.images.append(Image(file=line, caption=caption or None))
            elif action == "editor":
                doc.editor = doc.editor or re.sub(r"\s+", " ", m.group("value")).strip()
                if doc.published is None:  # 编辑:李明 2024-02-20
                    doc.published = publication_date(line)
            elif action == "staff":
                doc.editor = doc.editor or staff_editor(line)
            elif action == "original_title":
                doc.original_title = doc.original_title or m.group("value").strip()
            elif action == "byline_source":
                value = (m.groupdict().get("value") or "").strip() or None
                outlet, authors = source_byline(line)
                doc.source_name = doc.source_name or outlet or value
                _add_new(doc.reporters, authors)
                if doc.published is None:
                    doc.published = publication_date(line)
            continue
        byline = parse_byline(line)
        if byline:
            doc.source_name = doc.source_name or byline.source_name
            _add_new(doc.reporters, byline.reporters)
            _add_new(doc.photographers, byline.photographers)
            continue
        credits = dateline_credits(line)
        if credits:  # credits inside the dateline; the paragraph stays body
            _add_new(doc.reporters, credits.reporters)
            _add_new(doc.photographers, credits.photographers)
        body.append(line)
    body = table_rows(body)
    # Section headings: short unpunctuated lines with a paragraph after them.
    for k, line in enumerate(body[:-1]):
        nxt = body[k + 1]
        if is_titleish(line, limit=40) and len(nxt) > len(line) and not is_titleish(nxt, limit=40) \
                and " | " not in line:
            doc.headings.append(line)
    doc.text = "\n".join(body)


_MAX_HEADER_LINES = 15


def _page_head(lines: list[str], known_title: str | None) -> tuple[str | None, str | None, int]:
    """(channel, title, index of the first line after them) of a page's lines.

    A breadcrumb (首页 > 本地 > 经济) or a short channel word (产经) before the
    title gives the channel; a few furniture lines (adverts) on top are passed
    over. With ``known_title`` (a JSONL title, an HTML headline) the title line
    is only skipped when the text repeats it.
    """
    found = None
    i = 0
    if lines and BREADCRUMB.search(lines[0]) and channel(lines[0]):
        found, i = channel(lines[0]), 1
    if known_title is not None:
        title = normalize(known_title)
        for k in range(i, min(i + 3, len(lines))):
            if lines[k] == title:
                if found is None and k > i and channel(lines[k - 1]):
                    found = channel(lines[k - 1])
                return found, title, k + 1
        return found, title, i
    top = i   # furniture on top (adverts, a government page's index header) is passed over
    while top < min(i + _MAX_HEADER_LINES, len(lines)) and classify(lines[top]):
        top += 1
    real = [k for k in range(top, min(max(i + 6, top + 3), len(lines))) if not classify(lines[k])]
    if len(real) < 2 or top >= i + _MAX_HEADER_LINES:  # a page of one line, or no headline on top
        return found, None, i
    first, second = real[0], real[1]
    if found is None and channel(lines[first]) and is_headline(lines[second]) and len(lines[second]) > 3:
        return channel(lines[first]), lines[second], second + 1
    if is_headline(lines[first]):
        return found, lines[first], first + 1
    return found, None, i


def split_text(text: str, raw: RawInput, *, title: str | None, published: str | None,
               source_name: str | None = None) -> list[Document]:
    """Split normalized page text into its articles and teasers."""
    lines = text.split("\n") if text else []
    page_channel, title, start = _page_head(lines, title)
    # furniture above the headline (a date line, 来源) still belongs to the article
    above = [line for line in lines[:start] if line != title and classify(line)]

    # Segments: an editor line closes an article; a "related" marker opens the teasers.
    segments: list[list[str]] = [above]
    closed: list[bool] = [False]
    teaser_lines: list[str] = []
    in_teasers = False
    has_body = False
    for line in lines[start:]:
        if in_teasers:
            teaser_lines.append(line)
            continue
        hit = classify(line)
        segments[-1].append(line)
        if hit and hit[0] == "related":
            segments[-1].pop()
            in_teasers = True
        elif hit and hit[0] in ("editor", "staff") and has_body:
            closed[-1] = True
            segments.append([])
            closed.append(False)
            has_body = False
        elif not hit and is_paragraph(line):
            has_body = True
    if len(segments) > 1 and not closed[-1]:
        teaser_lines = segments.pop() + teaser_lines
        closed.pop()
    elif len(segments) == 1 and not in_teasers:
        segments[0], teaser_lines = cut_trailing_teasers(segments[0])

    docs: list[Document] = []
    for k, seg in enumerate(segments):
        seg_title = title
        if k > 0:
            seg_title = seg[0] if seg and is_headline(seg[0]) else None
            seg = seg[1:] if seg_title else seg
        doc = Document(id="", source=raw.source, kind="article", position=len(docs), title=seg_title,
                       channel=page_channel if k == 0 else None, url=raw.url)
        doc.published = published if k == 0 else None
        doc.source_name = source_name if k == 0 else None
        _read_article(seg, doc)
        if raw.published:  # the container's (or the user's) date wins over the page's
            doc.published = raw.published
        url_date = date_from_url(raw.url) if raw.url else None
        if doc.published is None and url_date and len(url_date) == 10:
            doc.published = url_date
        if not raw.published:
            _date_by_dateline(doc, url_date)
        # a later article on the page: the page's date, unless it names another year
        if doc.published is not None or not docs or not date_from_page(doc, docs[0]):
            date_document(doc, url_month=url_date)
            if doc.year is None and docs:
                doc.year = docs[0].year
        doc.id = document_id(raw, doc)
        if doc.text or doc.title or k == 0:
            docs.append(doc)
    page = docs[0] if docs else None
    for title_line, snippet in read_teasers(drop_furniture(teaser_lines)):
        doc = Document(id="", source=raw.source, kind="teaser", position=len(docs), title=title_line or None,
                       text=snippet)
        if not date_from_page(doc, page):
            doc.year = text_year(f"{title_line}\n{snippet}")
        doc.id = document_id(raw, doc)
        docs.append(doc)
    return docs


def _date_by_dateline(doc: Document, url_date: str | None) -> None:
    """A dateline (某某网2月26日电) at the top of the article is the day the story
    was filed: its month and day, in the year of the page's date (else the URL's,
    else the year the text names), become the publication date, so 今天 in the
    story is that day even when the page was dated later (a repost)."""
    for paragraph in doc.text.split("\n", 2)[:2]:
        dateline = dateline_day(paragraph)
        if dateline:
            break
    else:
        return
    known = doc.published or url_date
    year = int(known[:4]) if known else text_year(f"{doc.title or ''}\n{doc.text}")
    if year:
        doc.published = filed_on(dateline, year, page_date=known) or doc.published


def document_id(raw: RawInput, doc: Document) -> str:
    """Stable id: the input's name, its line or record number (JSONL, WARC),
    the document's position, title and text — not the path as typed, so
    ``./a.txt`` and ``/data/a.txt`` give the same ids."""
    scope = re.search(r"[:#](\d+)$", raw.location or "")
    return stable_id(raw.source, scope.group(1) if scope else None, doc.position, doc.title, doc.text)
