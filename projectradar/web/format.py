"""Display helpers for the pages: money in 亿元, type names in Chinese, evidence highlighting."""
from __future__ import annotations

from typing import Any, Iterable

__all__ = ["TYPE_LABELS", "LEVEL_LABELS", "yuan", "type_label", "highlight_segments", "percent"]

TYPE_LABELS = {
    "signing": "签约",
    "groundbreaking": "开工",
    "completion": "竣工投产",
    "key_projects": "重点项目",
    "investment_trip": "外出招商",
    "meeting": "会议观摩",
    "target": "目标",
    "award": "奖励兑现",
}
LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "city": "市级", "district": "县区级",
                "province": "省", "country": "全国"}
QUALIFIER_LABELS = {"exact": "", "about": "约", "over": "超", "at_least": "以上"}


def yuan(value: Any, qualifier: str | None = None) -> str:
    """Money for people: 25042000000 → ``250.42亿元``; 30000000 → ``3000万元``; None → ``—``.

    >>> yuan(25042000000)
    '250.42亿元'
    """
    if value in (None, ""):
        return "—"
    amount = float(value)
    if abs(amount) >= 1e8:
        text = f"{amount / 1e8:.2f}".rstrip("0").rstrip(".") + "亿元"
    elif abs(amount) >= 1e4:
        text = f"{amount / 1e4:.2f}".rstrip("0").rstrip(".") + "万元"
    else:
        text = f"{amount:,.0f}元"
    mark = QUALIFIER_LABELS.get(qualifier or "exact", "")
    if mark == "以上":
        return text + "以上"
    return mark + text


def type_label(kind: str | None) -> str:
    """Chinese name of an event type (the type itself when unknown)."""
    return TYPE_LABELS.get(kind or "", kind or "—")


def percent(part: Any, whole: Any) -> int | None:
    """Whole percent of part in whole, capped at 999; None when whole is missing or zero."""
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
