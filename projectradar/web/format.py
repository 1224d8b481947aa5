"""Display helpers for the pages: evidence highlighting and progress percentages (money and
type names are `projectradar.formatting`'s, shared with the CLI)."""
from __future__ import annotations

from typing import Any, Iterable

__all__ = ["highlight_segments", "percent"]


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
