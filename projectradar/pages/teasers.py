"""Teasers: the headline + snippet pairs of related stories under an article."""
from __future__ import annotations

from .bylines import parse_byline
from .lines import MD_IMAGE, classify, is_headline, is_paragraph

__all__ = ["read_teasers", "drop_furniture", "cut_trailing_teasers"]


def read_teasers(lines: list[str]) -> list[tuple[str, str]]:
    """Pair teaser lines: a headline, then its snippet paragraph (longer, often
    cut off); a paragraph with no headline before it continues the last snippet.

    >>> read_teasers(["某县签约五个项目", "今天,某县签约五个项目,总投资二十亿元,涉及新材料等多个领域…"])
    [('某县签约五个项目', '今天,某县签约五个项目,总投资二十亿元,涉及新材料等多个领域…')]
    """
    teasers: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if is_headline(line):
            if nxt is not None and (len(nxt) > 64 or len(nxt) > 1.5 * len(line) or not is_headline(nxt)):
                teasers.append((line, [nxt]))
                i += 2
            else:
                teasers.append((line, []))
                i += 1
        elif teasers:
            teasers[-1][1].append(line)
            i += 1
        else:
            teasers.append(("", [line]))
            i += 1
    return [(title, "\n".join(snippet)) for title, snippet in teasers]


def drop_furniture(lines: list[str]) -> list[str]:
    """Teaser-area lines without navigation, image names and bylines."""
    out = []
    for line in lines:
        hit = classify(line)
        if hit or parse_byline(line) or MD_IMAGE.fullmatch(line):
            continue
        out.append(line)
    return out


def cut_trailing_teasers(lines: list[str]) -> tuple[list[str], list[str]]:
    """A page without an editor line: its article ends at the last closing
    line (byline, 原标题, 来源) that follows body text, and what comes after is
    teasers only when it reads as two or more title + snippet pairs."""
    seen_body = False
    last_close = None
    for k, line in enumerate(lines):
        hit = classify(line)
        if not hit and is_paragraph(line) and not parse_byline(line):
            seen_body = True
        elif seen_body and ((hit and hit[0] in ("original_title", "byline_source")) or (not hit and parse_byline(line))):
            last_close = k
    if last_close is None:
        return lines, []
    tail = lines[last_close + 1:]
    while tail and (classify(tail[0]) or parse_byline(tail[0])):  # more closing lines: still the article
        last_close += 1
        tail = tail[1:]
    pairs = read_teasers(drop_furniture(tail))
    if len(pairs) >= 2 and all(title and snippet for title, snippet in pairs):
        return lines[: last_close + 1], tail
    return lines, []
