"""HTML pages: main text by trafilatura, then the text-page reading; headline, date,
outlet, reporters, channel, figure captions and related links from the markup."""
from __future__ import annotations

import os
import re

from ..records import Document, RawInput
from ..text import (date_from_html_meta, html_title, html_to_text, normalize, site_name_from_title,
                    source_from_html_meta, strip_tags)
from .bylines import parse_byline, role_at, source_byline, split_caption
from .published import publication_date
from .lines import breadcrumb_start, channel, classify
from .text_pages import split_text
from .words import page_pattern, words

__all__ = ["split_html"]

_FIGURE = re.compile(r"<figure\b.*?</figure\s*>", re.I | re.S)
_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.I | re.S)
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)
_LIST_END = re.compile(r"</(?:ul|ol)\s*>|<h[1-6]\b", re.I)
_MAX_RELATED = 20


# A site's name after a page title (…_某某日报, … - 某某网)
_SITE_SUFFIX = r"\s*(?:[_|]|\s-\s|——)\s*[^_|]{2,20}{site_name_end}\s*$"
# The element text that opens a related-stories list (>相关新闻<)
_RELATED_MARK = r">\s*[【\[]?\s*{related_heading}\s*[】\]]?\s*[:：]?\s*<"


def split_html(html: str, raw: RawInput) -> list[Document]:
    """An HTML page: main text by trafilatura, then the text-page reading;
    the headline, date, outlet, reporters, channel and figure captions come
    from the markup, since main-text extraction drops bylines and breadcrumbs."""
    title = raw.title or html_title(html)
    if title:
        title = page_pattern(_SITE_SUFFIX).sub("", normalize(title)) or normalize(title)
    facts = _html_byline(html)
    published = raw.published or date_from_html_meta(html) or facts["published"]
    body = normalize(html_to_text(html))
    related = [t for t in _related_links(html) if t not in body]
    if related and not any(classify(line) and classify(line)[0] == "related" for line in body.split("\n")):
        # the teasers main-text extraction dropped, under the heading that opens teasers
        body += "\n" + "\n".join([words("related_heading")[0], *related])
    docs = split_text(body, raw, title=title, published=published,
                      source_name=facts["outlet"] or source_from_html_meta(html)
                      or site_name_from_title(html))
    if docs and docs[0].kind == "article":
        article = docs[0]
        article.channel = article.channel or facts["channel"]
        article.reporters.extend(r for r in facts["reporters"] if r not in article.reporters)
        captions = _figure_captions(html)
        for image in article.images:
            caption = captions.get(image.file or "")
            if caption:
                image.caption, credit = split_caption(caption)
                image.caption = image.caption or None
                article.photographers.extend(p for p in credit if p not in article.photographers)
    return docs


def _related_links(html: str) -> list[str]:
    """Headlines of a related-stories list (相关新闻 then links), which trafilatura drops as navigation."""
    mark = page_pattern(_RELATED_MARK).search(html)
    if not mark:
        return []
    window = html[mark.end():mark.end() + 6000]
    end = _LIST_END.search(window)
    if end:
        window = window[:end.start()]
    titles = []
    for m in _LINK_TEXT.finditer(window):
        text = normalize(strip_tags(m.group(1))).strip()
        if 6 <= len(text) <= 64 and len(re.findall(r"[\u4e00-\u9fff]", text)) >= 4 and text not in titles:
            titles.append(text)
        if len(titles) >= _MAX_RELATED:
            break
    return titles


def _figure_captions(html: str) -> dict[str, str]:
    """Image file name → its <figcaption>, normalized."""
    out: dict[str, str] = {}
    for figure in _FIGURE.findall(html):
        src, caption = _IMG_SRC.search(figure), _FIGCAPTION.search(figure)
        if src and caption:
            text = normalize(strip_tags(caption.group(1))).replace("\n", " ")
            if text:
                out[os.path.basename(src.group(1))] = text
    return out


def _html_byline(html: str) -> dict:
    """What an HTML page's byline line and breadcrumb say (published date,
    outlet, reporters, channel)."""
    facts: dict = {"published": None, "outlet": None, "reporters": [], "channel": None}
    for line in normalize(strip_tags(html[:300_000])).split("\n"):
        if len(line) > 120:
            continue
        if facts["channel"] is None and breadcrumb_start().match(line):
            facts["channel"] = channel(line)
        if facts["published"] is None and facts["outlet"] is None:
            hit = classify(line)
            if hit and hit[0] == "byline_source":
                outlet, authors = source_byline(line)
                facts["published"] = publication_date(line)
                facts["outlet"] = outlet or (hit[1].groupdict().get("value") or None)
                role = role_at(line, (hit[1].end("value") if hit[1].groupdict().get("value") else 0))
                credits = parse_byline(line[role.start():]) if role else None
                facts["reporters"] = authors + [r for r in (credits.reporters if credits else []) if r not in authors]
    return facts
