"""Display helpers for the pages: evidence highlighting and progress percentages (money and
type names are `projectradar.formatting`'s, shared with the CLI)."""
from __future__ import annotations

import re
from typing import Any, Iterable

from markupsafe import Markup, escape

from ..formatting import yuan

__all__ = ["highlight_segments", "percent", "money_html", "mark_terms", "name_pieces"]


def money_html(value: Any, qualifier: str | None = None) -> Markup:
    """`projectradar.formatting.yuan` in a span that never breaks across lines, so a card or a
    cell never shows 1591亿 on one line and 元 on the next.

    >>> str(money_html(159100000000))
    '<span class="money">1591亿元</span>'
    """
    return Markup('<span class="money">%s</span>') % escape(yuan(value, qualifier))


def web_link(url: Any) -> str | None:
    """``url`` when it may be a link on a page (http or https), else None: a stored URL came
    from the input, and ``javascript:`` or ``data:`` there must not become a clickable link.

        >>> web_link("https://example.cn/a.html"), web_link(" JavaScript:alert(1)")
        ('https://example.cn/a.html', None)
    """
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def percent(part: Any, whole: Any) -> int | None:
    """Whole percent of part in whole, capped at 999; None when whole is missing or zero.

    >>> percent(3, 4), percent(1, 0)
    (75, None)
    """
    try:
        if not whole:
            return None
        return min(999, int(round(100 * float(part or 0) / float(whole))))
    except (TypeError, ValueError):
        return None


def highlight_segments(text: str, spans: Iterable[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Cut ``text`` into plain and highlighted pieces for the template to escape and wrap.

    Args:
        text: the document's normalized body.
        spans: ``(start, end, event_id, event_type)``; overlapping spans are
            merged into the first (a sentence often holds several events).

    Returns:
        ``[{"text": str, "event_id": str | None, "type": str | None, "also": [ids]}]``
        that concatenate back to ``text``.

    >>> [s["event_id"] for s in highlight_segments("甲乙丙", [(1, 2, "e1", "signing")])]
    [None, 'e1', None]
    """
    pieces: list[dict[str, Any]] = []
    cursor = 0
    ordered = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], -s[1]))
    for start, end, event_id, kind in ordered:
        if start < cursor:
            # Overlaps the previous highlight: remember the event on it, and extend it.
            if pieces and pieces[-1]["event_id"]:
                pieces[-1]["also"].append(event_id)
                if end > cursor:
                    pieces[-1]["text"] += text[cursor:end]
                    cursor = end
            continue
        if start > cursor:
            pieces.append({"text": text[cursor:start], "event_id": None, "type": None, "also": []})
        pieces.append({"text": text[start:end], "event_id": event_id, "type": kind, "also": []})
        cursor = end
    if cursor < len(text):
        pieces.append({"text": text[cursor:], "event_id": None, "type": None, "also": []})
    return pieces


def name_pieces(text: str, span: list[int] | None) -> tuple[str, str, str]:
    """The evidence cut around the project's name (before, name, after), for the template to
    escape and mark; the whole text before when the span does not fit.

    >>> name_pieces("甲县乙项目开工", [2, 5])
    ('甲县', '乙项目', '开工')
    """
    if not span or not 0 <= span[0] < span[1] <= len(text):
        return text, "", ""
    return text[:span[0]], text[span[0]:span[1]], text[span[1]:]


def mark_terms(text: str | None, query: str | None) -> Markup:
    """``text`` escaped, with each occurrence of the search ``query`` (or of each of its
    space-separated words) in <mark>.

    >>> str(mark_terms("某区签约<b>", "签约"))
    '某区<mark>签约</mark>&lt;b&gt;'
    """
    text = text or ""
    words = sorted({w for w in (query or "").split() if w}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, cursor = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[cursor:match.start()]))
        out.append(Markup("<mark>%s</mark>") % match.group())
        cursor = match.end()
    out.append(escape(text[cursor:]))
    return Markup("").join(out)

