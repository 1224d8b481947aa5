"""Pages: one raw input (scraped page text, HTML or a Markdown dump) → its articles and teasers.

A scraped page (the shape of most inputs) reads, one paragraph a line::

    channel            产经                      (optional, a short word; or a breadcrumb a > b > c)
    title              …
    header lines       来源:… 发布时间:…          (government sites)
    image + caption    02.jpg / 开工现场。记者X 摄
    body, headings     paragraphs; short unpunctuated lines between them are section headings
    原标题:…
    byline             某某日报·某客户端 记者X
    【责任编辑:…】      ends the article
    teasers            title line, then one snippet paragraph (often cut off), repeated

Furniture lines (navigation, editor, image names, bylines) become metadata,
never body: the rules are in ``data/page_lines.tsv`` and the words they and the
code's patterns are built from in ``data/page_words.tsv`` and
``data/byline_roles.tsv``. ``Document.text`` is the normalized body
(``text.normalize``), which evidence offsets point into.

One module an extraction step: ``lines`` (which lines are furniture),
``bylines`` (outlet, reporters, editor, captions), ``published`` (the date a
page states: URL, header line, dateline), ``dates`` (the year a document is set in), ``tables`` (table rows), ``teasers``,
``text_pages`` (articles of a page's lines), ``markdown`` and ``html``.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..records import Document, RawInput
from ..text import decode, normalize, strip_tags
from .html import split_html
from .markdown import HEADING_MARK, split_markdown
from .tables import join_table_cells, table_rows
from .text_pages import split_text

__all__ = ["split_page", "sniff_kind", "page_text", "table_rows", "join_table_cells"]

_HTML_SNIFF = re.compile(r"<(?:!doctype|html|head|body|div|article|meta|p|section|table|span|br)\b", re.I)
_MD_SNIFF = re.compile(r"^#{1,3} \S", re.M)


def sniff_kind(text: str) -> str:
    """"markdown" (a ``# `` heading and ``##`` items), "html" (tags) or "text".

    >>> sniff_kind("# 某日新闻\\n\\n### 第一条\\n<p>正文</p>")
    'markdown'
    """
    head = text[:5000]
    if _MD_SNIFF.search(head) and ("\n## " in text or "\n### " in text or head.lstrip().startswith(("# ", "## "))):
        return "markdown"
    if _HTML_SNIFF.search(head):
        return "html"
    return "text"


def page_text(raw: RawInput) -> str:
    """The decoded text of a raw input (bytes decoded with ``text.decode``)."""
    if isinstance(raw.content, bytes):
        return decode(raw.content, where=raw.location or raw.source)
    return raw.content


def split_page(raw: RawInput) -> list[Document]:
    """One page → its documents (articles first, then teasers), metadata filled.

    Args:
        raw: the input; ``raw.hint`` ("html" | "text" | "markdown") skips sniffing;
            ``raw.title``/``raw.published`` (a JSONL line's fields, ``--published``)
            win over what the page says.
    Returns:
        Documents with normalized ``text``. Raises InputError for an empty
        page or bytes that cannot be decoded.

    >>> docs = split_page(RawInput(source="p.txt", content="要闻\\n某县十个项目集中开工\\n今天,某县十个项目集中开工,总投资50亿元。"))
    >>> [(d.kind, d.channel, d.title) for d in docs]
    [('article', '要闻', '某县十个项目集中开工')]
    """
    content = page_text(raw)
    if not content.strip():
        raise InputError(raw.location or raw.source, "empty page (no text)")
    kind = raw.hint or sniff_kind(content)
    if kind == "markdown":
        stories = split_markdown(content, raw)
        if stories:
            return stories
        # one article written in Markdown (# title, then text): read as page text
        content = HEADING_MARK.sub("", strip_tags(content) if "<" in content else content)
        kind = "text"
    if kind == "html":
        return split_html(content, raw)
    return split_text(normalize(content), raw, title=raw.title, published=raw.published)
