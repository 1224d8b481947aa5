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
never body: the rules are in ``data/page_lines.tsv``. ``Document.text`` is
the normalized body (``text.normalize``), which evidence offsets point into.
"""
from __future__ import annotations

import collections
import functools
import os
import re
from dataclasses import dataclass
from importlib import resources

from .errors import InputError, RuleError
from .records import Document, Image, RawInput, stable_id
from .text import (date_from_html_meta, date_from_text, date_from_url, decode, html_title, html_to_text,
                   normalize, site_name_from_title, source_from_html_meta, strip_tags)

__all__ = ["split_page", "sniff_kind", "page_text", "table_rows", "join_table_cells"]

_RULES_FILE = "page_lines.tsv"
_ACTIONS = ("boilerplate", "related", "image", "editor", "staff", "original_title", "byline_source")


@dataclass(frozen=True)
class LineRule:
    label: str
    action: str
    pattern: re.Pattern


@functools.cache
def line_rules() -> tuple[LineRule, ...]:
    """The furniture rules of ``data/page_lines.tsv``, validated once.

    Raises RuleError naming file:line for a line without three columns, an
    unknown action, a regex that does not compile, or a value rule whose regex
    lacks the group ``value`` where its action needs one.
    """
    path = resources.files("projectradar") / "data" / _RULES_FILE
    rules: list[LineRule] = []
    seen_header = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not seen_header:
            seen_header = True
            if cols[:3] == ["label", "action", "pattern"]:
                continue
        if len(cols) != 3 or not all(c.strip() for c in cols):
            raise RuleError(_RULES_FILE, number, "want three tab-separated columns: label, action, pattern")
        label, action, pattern = (c.strip() for c in cols)
        if action not in _ACTIONS:
            raise RuleError(_RULES_FILE, number, f"unknown action {action!r} (one of {', '.join(_ACTIONS)})")
        try:
            compiled = re.compile(pattern)
        except re.error as err:
            raise RuleError(_RULES_FILE, number, f"bad regex: {err}") from None
        if action in ("editor", "original_title") and "value" not in compiled.groupindex:
            raise RuleError(_RULES_FILE, number, f"action {action} needs a (?P<value>...) group")
        rules.append(LineRule(label, action, compiled))
    return tuple(rules)


@functools.cache
def _any_rule() -> re.Pattern:
    """Every rule in one alternation: most lines match none, and one C-level
    fullmatch rejects them (the single rules then name the one that matched)."""
    return re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z_]+>', '(?:', r.pattern.pattern)})" for r in line_rules()))


def _classify(line: str) -> tuple[str, re.Match] | None:
    """The furniture action of a line (first rule whose regex matches it whole)."""
    if len(line) > 120 or not _any_rule().fullmatch(line):
        return None
    for rule in line_rules():
        m = rule.pattern.fullmatch(line)
        if m:
            return rule.action, m
    return None


def _is_label(match: re.Match, label: str) -> bool:
    """True when ``match`` came from the rule of page_lines.tsv labelled ``label``."""
    return any(rule.label == label and rule.pattern is match.re for rule in line_rules())


# ---------------------------------------------------------------------------
# line shapes
# ---------------------------------------------------------------------------
_CLOSERS = "”’\"』」)》】]"
_SENTENCE_FINAL = "。.!?;:,、…—"
_CLAUSE_FINAL = "。.;:,、…—"
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)")
_BREADCRUMB = re.compile(r"\s*(?:>|»|›|→)\s*")
_BREADCRUMB_START = re.compile(r"^(?:(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*:\s*)?(?:首页|主页|网站首页)\s*(?:>|»|›|→)")
_BREADCRUMB_PREFIX = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*:\s*")
# A year the text is set in; "到2030年", "2030年前/要/将" look ahead to a goal and "2019年以来" back, not the story's year.
_YEAR = re.compile(r"(?<![到至])((?:19|20)\d\d)(?:年(?![前要将]|以来|起)|-\d\d?-)")


def _last_char(line: str) -> str:
    stripped = line.rstrip(_CLOSERS + " ")
    return stripped[-1] if stripped else ""


def _is_titleish(line: str, *, limit: int = 64) -> bool:
    """Short, and not ending like a sentence or clause (a title or heading)."""
    return 2 <= len(line) <= limit and _last_char(line) not in _SENTENCE_FINAL


def _is_paragraph(line: str) -> bool:
    """Body text rather than a heading: long, or ending like a sentence."""
    return len(line) > 50 or (len(line) > 12 and _last_char(line) in "。!?;…")


def _is_headline(line: str, *, limit: int = 64) -> bool:
    """A headline may end with ! or ? (项目为何落户这里?), unlike a section heading."""
    return 2 <= len(line) <= limit and _last_char(line) not in _CLAUSE_FINAL


def _channel(line: str) -> str | None:
    """A channel name: a short word (产经, 要闻) or the last part of a breadcrumb
    (当前位置:首页 > 本地 > 经济 → 经济)."""
    if 1 < len(line) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", line):
        return line
    line = _BREADCRUMB_PREFIX.sub("", line)
    parts = [p for p in _BREADCRUMB.split(line) if p]
    if len(parts) >= 2 and len(line) <= 60 and all(len(p) <= 10 for p in parts):
        return parts[-1]
    return None


def _named_years(text: str) -> set[int]:
    """Every year the text sets itself in (see ``_YEAR``)."""
    return {int(y) for y in _YEAR.findall(text)}


def _text_year(text: str) -> int | None:
    """The year the text itself names most often (ties: the first named)."""
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    counts = collections.Counter(years)
    best = max(counts.values())
    return next(y for y in years if counts[y] == best)


# ---------------------------------------------------------------------------
# bylines and captions
# ---------------------------------------------------------------------------
_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}"
_ROLE = re.compile(r"(特约通讯员|通讯员|特约记者|见习记者|首席记者|实习记者|摄影记者|本报记者|本台记者|本网记者|记者|作者|撰文"
                   r"|文/|图/|文(?=\s*:)|图(?=\s*:)|摄影)\s*[:/]?\s*")
_PHOTO_ROLES = {"摄影记者", "图/", "图", "摄影"}
_NOISE = {"报道", "摄", "报道。", "摄影", "编辑", "/", "|"}
_STAFF_EDITOR = re.compile(r"(?:责任编辑|责编|值班编辑|编辑)\s*:\s*([\u4e00-\u9fff·]{2,5}(?:[ 、,]+[\u4e00-\u9fff·]{2,5}(?![\u4e00-\u9fff·]|\s*:))*)")
# A dateline at a paragraph's start: 本报讯(记者 X 通讯员 Y) / 新华社北京3月5日电(记者 X)
_DATELINE = re.compile(r"^[^\s。,!?(]{0,24}(?:讯|电)\s*\(([^()]{2,40})\)")
_OUTLET_PREFIX = re.compile(r"^(?:本报|本台|本网|本刊)(?:讯)?")
_CAPTION_CREDIT = re.compile(
    rf"(?:(?:(?:本报|新华社|特约)?(?:摄影记者|记者|通讯员)\s*)|(?<=[\s。!?;,:”)(]))"
    rf"(?P<names>{_NAME}(?:\s*[、 ]\s*{_NAME})*)\s*摄\s*$"
    rf"|(?:[(]\s*(?:(?:摄影记者|记者|通讯员)\s*)?(?P<names2>{_NAME}(?:\s*[、 ]\s*{_NAME})*)\s*摄\s*[)])\s*$"
    rf"|(?:摄影|图)\s*[:/]\s*(?P<names3>{_NAME}(?:\s*[、 ]\s*{_NAME})*)\s*$"
)


@functools.cache
def name_rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(single surnames, compound surnames, words that are never names) from
    ``data/person_names.tsv``, validated once (RuleError names file:line)."""
    name = "person_names.tsv"
    text = (resources.files("projectradar") / "data" / name).read_text(encoding="utf-8")
    kinds: dict[str, set[str]] = {"single": set(), "compound": set(), "not_name": set()}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line == "word\tkind":
            continue
        cols = line.split("\t")
        if len(cols) != 2 or cols[1] not in kinds:
            raise RuleError(name, number, "want two tab-separated columns: word, single|compound|not_name")
        word, kind = cols
        size = {"single": 1, "compound": 2}.get(kind)
        if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or (size and len(word) != size):
            raise RuleError(name, number, f"{word!r} is not a {kind} entry")
        kinds[kind].add(word)
    return frozenset(kinds["single"]), frozenset(kinds["compound"]), frozenset(kinds["not_name"])


def is_person_name(token: str) -> bool:
    """A Chinese personal name as bylines write it: 2–4 Han characters starting
    with a known surname, or a transliterated name with ``·`` (阿依古丽·买买提).

    >>> is_person_name("柏凌君"), is_person_name("欧阳雪"), is_person_name("手记")
    (True, True, False)
    """
    if "·" in token:
        return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,12}", token))
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", token):
        return False
    single, compound, not_names = name_rules()
    if token in not_names:
        return False
    return token[0] in single or (len(token) >= 3 and token[:2] in compound)


@dataclass
class Byline:
    source_name: str | None
    reporters: list[str]
    photographers: list[str]


def parse_byline(line: str) -> Byline | None:
    """Read a byline line: outlet, reporters (记者/通讯员), photographers (X 摄).

    Returns None unless the whole line is outlet + roles + names, so body text
    is never read as a byline.

    >>> parse_byline("某市日报·某某客户端 记者张小明 通讯员 李华 王强")
    Byline(source_name='某市日报·某某客户端', reporters=['张小明', '李华', '王强'], photographers=[])
    """
    if len(line) > 60 or "。" in line or not _ROLE.search(line):
        return None
    pieces = _ROLE.split(line)
    outlet = pieces[0].strip(" |:")
    if outlet and (len(outlet) > 25 or re.search(r"[,。!?;]", outlet)):
        return None
    reporters: list[str] = []
    photographers: list[str] = []
    for role, names in zip(pieces[1::2], pieces[2::2]):
        role = role.strip(" :/")
        tokens = [t for t in re.split(r"[\s、,|/]+", names.strip()) if t]
        photo = role in _PHOTO_ROLES or role + "/" in _PHOTO_ROLES
        found: list[str] = []
        for token in tokens:
            if token in _NOISE:
                if token == "摄":
                    photo = True
                continue
            if token.endswith("摄") and is_person_name(token[:-1]):
                found.append(token[:-1])
                photo = True
                continue
            if token.endswith("报道") and is_person_name(token[:-2]):
                token = token[:-2]
            if not is_person_name(token):
                return None
            found.append(token)
        if not found:
            continue
        (photographers if photo else reporters).extend(found)
    if not reporters and not photographers:
        return None
    outlet = _OUTLET_PREFIX.sub("", outlet).strip() or None
    return Byline(outlet, reporters, photographers)


def split_caption(caption: str) -> tuple[str, list[str]]:
    """Take the photographer credit off a caption.

    >>> split_caption("3月1日,新厂房主体完工。记者 陈晨 摄")
    ('3月1日,新厂房主体完工。', ['陈晨'])
    """
    m = _CAPTION_CREDIT.search(caption)
    if not m:
        return caption, []
    names = m.group("names") or m.group("names2") or m.group("names3") or ""
    people = [n for n in re.split(r"[\s、]+", names) if n]
    if not all(is_person_name(n) for n in people):
        return caption, []
    return caption[: m.start()].rstrip(), people


_NOT_PUBLICATION = re.compile(r"(?:成文日期|成文时间|印发日期|生效日期|施行日期|截止日期|有效期至?)\s*:?\s*[\d年月日./-]+")


def _publication_date(line: str) -> str | None:
    """The publication date on a byline/header line, passing over the other
    dates such lines carry (成文日期 is when a document was written)."""
    return date_from_text(_NOT_PUBLICATION.sub(" ", line))


def _source_byline(line: str) -> tuple[str | None, list[str]]:
    """From a header line (来源:X 作者:Y 发布时间:…): the outlet and authors."""
    outlet = None
    m = re.search(r"(?:来源|来自|稿源|信息来源|文章来源|发布机构|发文机关|来源单位|发布单位)\s*:\s*([^\s:)】\]|]{1,30})",
                  line)
    if m:
        outlet = m.group(1)
    authors = []
    for m in re.finditer(r"(?:作者|记者)\s*:\s*((?:" + _NAME + r")(?:[ 、]+" + _NAME + r")*)", line):
        authors.extend(n for n in re.split(r"[ 、]+", m.group(1)) if is_person_name(n))
    return outlet, authors


# ---------------------------------------------------------------------------
# articles and teasers
# ---------------------------------------------------------------------------
def _is_caption(line: str) -> bool:
    if _classify(line):
        return False
    return bool(_CAPTION_CREDIT.search(line)) or len(line) <= 50


def _read_article(lines: list[str], doc: Document) -> None:
    """Fill ``doc`` from an article's lines: metadata off, body and headings kept."""
    body: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        md = _MD_IMAGE.fullmatch(line)
        if md:
            alt = md.group("alt").strip() or None
            if alt:
                alt, credit = split_caption(alt)
                doc.photographers.extend(p for p in credit if p not in doc.photographers)
            doc.images.append(Image(file=os.path.basename(md.group("src")), caption=alt or None))
            continue
        hit = _classify(line)
        if hit and _is_label(hit[1], "bare_date") and body and any(_is_paragraph(rest) for rest in lines[i:]):
            hit = None    # a date alone amid the body is a table cell (开工日期 column), not the byline
        if hit:
            action, m = hit
            if action == "image":
                caption = None
                if i < len(lines) and _is_caption(lines[i]):
                    caption, credit = split_caption(lines[i])
                    doc.photographers.extend(p for p in credit if p not in doc.photographers)
                    i += 1
                doc.images.append(Image(file=line, caption=caption or None))
            elif action == "editor":
                doc.editor = doc.editor or re.sub(r"\s+", " ", m.group("value")).strip()
                if doc.published is None:  # 编辑:李明 2024-02-20
                    doc.published = _publication_date(line)
            elif action == "staff":
                editor = _STAFF_EDITOR.search(line)
                if editor:
                    doc.editor = doc.editor or editor.group(1)
            elif action == "original_title":
                doc.original_title = doc.original_title or m.group("value").strip()
            elif action == "byline_source":
                value = (m.groupdict().get("value") or "").strip() or None
                outlet, authors = _source_byline(line)
                doc.source_name = doc.source_name or outlet or value
                doc.reporters.extend(a for a in authors if a not in doc.reporters)
                if doc.published is None:
                    doc.published = _publication_date(line)
            continue
        byline = parse_byline(line)
        if byline:
            doc.source_name = doc.source_name or byline.source_name
            doc.reporters.extend(r for r in byline.reporters if r not in doc.reporters)
            doc.photographers.extend(p for p in byline.photographers if p not in doc.photographers)
            continue
        dateline = _DATELINE.match(line)
        if dateline:  # credits inside the dateline; the paragraph stays body
            credits = parse_byline(dateline.group(1))
            if credits:
                doc.reporters.extend(r for r in credits.reporters if r not in doc.reporters)
                doc.photographers.extend(p for p in credits.photographers if p not in doc.photographers)
        body.append(line)
    body = table_rows(body)
    # Section headings: short unpunctuated lines with a paragraph after them.
    for k, line in enumerate(body[:-1]):
        nxt = body[k + 1]
        if _is_titleish(line, limit=40) and len(nxt) > len(line) and not _is_titleish(nxt, limit=40) \
                and " | " not in line:
            doc.headings.append(line)
    doc.text = "\n".join(body)


_NUMERIC_CELL = re.compile(r"[-+]?\d[\d,.]*\s*(?:%|个|项|家|亿元|万元|亿|万|元|人|公里|亩)?"
                           r"|(?:19|20)\d\d(?:[-/.]\d{1,2}){1,2}|(?:(?:19|20)\d\d年)?\d{1,2}月(?:\d{1,2}日)?")
_CELL_PUNCTUATION = re.compile(r"[。,;!?:、“”]")


# A column of row numbers (序号 1, 2, 3) is still a table's first column.
_NUMBER_COLUMNS = {"序号", "编号", "排名", "排序", "名次", "No.", "NO.", "No", "NO"}


def _is_cell(line: str) -> bool:
    # long enough for a project's full name (某集团年产20万吨高性能纤维及复合材料项目)
    return len(line) <= 40 and " | " not in line and not _CELL_PUNCTUATION.search(line)


def _as_table(cells: list[str]) -> list[str] | None:
    """Cells read one a line as rows of k columns, when the shape is
    unmistakable: a header of words, three or more rows in all, a first column
    of names and at least one column of numbers."""
    for k in range(2, 9):
        if len(cells) % k or len(cells) // k < 3:
            continue
        rows = [cells[r:r + k] for r in range(0, len(cells), k)]
        header, data = rows[0], rows[1:]
        numbered = header[0] in _NUMBER_COLUMNS
        if any(_NUMERIC_CELL.fullmatch(c) for c in header) \
                or any(_NUMERIC_CELL.fullmatch(r[0]) for r in data) != numbered \
                or (numbered and not all(r[0].isdigit() for r in data)):
            continue
        if numbered and k < 3:
            continue
        if any(all(_NUMERIC_CELL.fullmatch(r[c]) for r in data) for c in range(2 if numbered else 1, k)):
            return [" | ".join(r) for r in rows]
    return None


_MD_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_PIPE_ROW = re.compile(r"\|?(?:[^|\n]*\|){1,11}[^|\n]*\|?")


def table_rows(lines: list[str]) -> list[str]:
    """Rows of a Markdown table (| 地区 | 项目 |, with a |---| rule line) or of
    a pipe-separated table (地区|项目|总投资) as one line a row, cells joined by
    " | " and the rule line dropped; one-cell-a-line tables as ``join_table_cells``.
    Other lines are left alone.

    >>> table_rows(["| 地区 | 项目 |", "|---|---|", "| 甲区 | 12个 |", "完。"])
    ['地区 | 项目', '甲区 | 12个', '完。']
    """
    out: list[str] = []
    for k, line in enumerate(lines):
        if "-" in line and _MD_TABLE_RULE.fullmatch(line.strip()):
            continue
        if "|" in line and _PIPE_ROW.fullmatch(line.strip()) and _in_pipe_table(lines, k):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if any(cells):
                out.append(" | ".join(cells))
            continue
        out.append(line)
    return join_table_cells(out)


def _in_pipe_table(lines: list[str], k: int) -> bool:
    """A pipe line is a table row when a neighbouring line is one too (or a |---| rule):
    one lone 甲|乙 in a sentence is no table."""
    for j in (k - 1, k + 1):
        if 0 <= j < len(lines) and "|" in lines[j] and _PIPE_ROW.fullmatch(lines[j].strip()):
            return True
    return False


def join_table_cells(lines: list[str]) -> list[str]:
    """Join a table that a scrape left one cell a line back into one line a
    row, cells separated by " | " (城市 | 开工项目 | 总投资 / 甲市 | 37个 | 210亿元),
    so each row's figures stay with its place. Anything else is left alone.

    >>> join_table_cells(["各市情况如下。", "城市", "项目", "甲市", "37", "乙市", "67", "完。"])
    ['各市情况如下。', '城市 | 项目', '甲市 | 37', '乙市 | 67', '完。']
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_cell(lines[j]):
            j += 1
        if j - i < 6:
            out.append(lines[i])
            i += 1
            continue
        run = lines[i:j]
        joined = None
        for lead in range(0, 4):  # a heading line or more may sit on top of the table
            for tail in range(0, 3):
                joined = _as_table(run[lead:len(run) - tail])
                if joined:
                    out.extend(run[:lead] + joined + run[len(run) - tail:])
                    break
            if joined:
                break
        if not joined:
            out.extend(run)
        i = j
    return out


def _read_teasers(lines: list[str]) -> list[tuple[str, str]]:
    """Pair teaser lines: a headline, then its snippet paragraph (longer, often
    cut off); a paragraph with no headline before it continues the last snippet."""
    teasers: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if _is_headline(line):
            if nxt is not None and (len(nxt) > 64 or len(nxt) > 1.5 * len(line) or not _is_headline(nxt)):
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


def _drop_furniture(lines: list[str]) -> list[str]:
    """Teaser-area lines without navigation, image names and bylines."""
    out = []
    for line in lines:
        hit = _classify(line)
        if hit or parse_byline(line) or _MD_IMAGE.fullmatch(line):
            continue
        out.append(line)
    return out


def _cut_trailing_teasers(lines: list[str]) -> tuple[list[str], list[str]]:
    """A page without an editor line: its article ends at the last closing
    line (byline, 原标题, 来源) that follows body text, and what comes after is
    teasers only when it reads as two or more title + snippet pairs."""
    seen_body = False
    last_close = None
    for k, line in enumerate(lines):
        hit = _classify(line)
        if not hit and _is_paragraph(line) and not parse_byline(line):
            seen_body = True
        elif seen_body and ((hit and hit[0] in ("original_title", "byline_source")) or (not hit and parse_byline(line))):
            last_close = k
    if last_close is None:
        return lines, []
    tail = lines[last_close + 1:]
    while tail and (_classify(tail[0]) or parse_byline(tail[0])):  # more closing lines: still the article
        last_close += 1
        tail = tail[1:]
    pairs = _read_teasers(_drop_furniture(tail))
    if len(pairs) >= 2 and all(title and snippet for title, snippet in pairs):
        return lines[: last_close + 1], tail
    return lines, []


def _page_head(lines: list[str], known_title: str | None) -> tuple[str | None, str | None, int]:
    """(channel, title, index of the first line after them) of a page's lines.

    A breadcrumb (首页 > 本地 > 经济) or a short channel word (产经) before the
    title gives the channel; a few furniture lines (adverts) on top are passed
    over. With ``known_title`` (a JSONL title, an HTML headline) the title line
    is only skipped when the text repeats it.
    """
    channel = None
    i = 0
    if lines and _BREADCRUMB.search(lines[0]) and _channel(lines[0]):
        channel, i = _channel(lines[0]), 1
    if known_title is not None:
        title = normalize(known_title)
        for k in range(i, min(i + 3, len(lines))):
            if lines[k] == title:
                if channel is None and k > i and _channel(lines[k - 1]):
                    channel = _channel(lines[k - 1])
                return channel, title, k + 1
        return channel, title, i
    real = [k for k in range(i, min(i + 6, len(lines))) if not _classify(lines[k])]
    if len(real) < 2 or real[0] > i + 3:  # a page of one line, or no headline on top
        return channel, None, i
    first, second = real[0], real[1]
    if channel is None and _channel(lines[first]) and _is_headline(lines[second]) and len(lines[second]) > 3:
        return _channel(lines[first]), lines[second], second + 1
    if _is_headline(lines[first]):
        return channel, lines[first], first + 1
    return channel, None, i


def _split_text(text: str, raw: RawInput, *, title: str | None, published: str | None,
                source_name: str | None = None) -> list[Document]:
    """Split normalized page text into its articles and teasers."""
    lines = text.split("\n") if text else []
    channel, title, start = _page_head(lines, title)
    # furniture above the headline (a date line, 来源) still belongs to the article
    above = [line for line in lines[:start] if line != title and _classify(line)]

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
        hit = _classify(line)
        segments[-1].append(line)
        if hit and hit[0] == "related":
            segments[-1].pop()
            in_teasers = True
        elif hit and hit[0] in ("editor", "staff") and has_body:
            closed[-1] = True
            segments.append([])
            closed.append(False)
            has_body = False
        elif not hit and _is_paragraph(line):
            has_body = True
    if len(segments) > 1 and not closed[-1]:
        teaser_lines = segments.pop() + teaser_lines
        closed.pop()
    elif len(segments) == 1 and not in_teasers:
        segments[0], teaser_lines = _cut_trailing_teasers(segments[0])

    docs: list[Document] = []
    for k, seg in enumerate(segments):
        seg_title = title
        if k > 0:
            seg_title = seg[0] if seg and _is_headline(seg[0]) else None
            seg = seg[1:] if seg_title else seg
        doc = Document(id="", source=raw.source, kind="article", position=len(docs), title=seg_title,
                       channel=channel if k == 0 else None, url=raw.url)
        doc.published = published if k == 0 else None
        doc.source_name = source_name if k == 0 else None
        _read_article(seg, doc)
        if raw.published:  # the container's (or the user's) date wins over the page's
            doc.published = raw.published
        if doc.published is None and raw.url:
            url_date = date_from_url(raw.url)
            if url_date and len(url_date) == 10:
                doc.published = url_date
        # a later article on the page: the page's date, unless it names another year
        if doc.published is not None or not docs or not _date_from_page(doc, docs[0]):
            _date_document(doc, url_month=date_from_url(raw.url) if raw.url else None)
            if doc.year is None and docs:
                doc.year = docs[0].year
        doc.id = _document_id(raw, doc)
        if doc.text or doc.title or k == 0:
            docs.append(doc)
    page = docs[0] if docs else None
    for title_line, snippet in _read_teasers(_drop_furniture(teaser_lines)):
        doc = Document(id="", source=raw.source, kind="teaser", position=len(docs), title=title_line or None,
                       text=snippet)
        if not _date_from_page(doc, page):
            doc.year = _text_year(f"{title_line}\n{snippet}")
        doc.id = _document_id(raw, doc)
        docs.append(doc)
    return docs


def _date_from_page(doc: Document, page: Document | None) -> bool:
    """Date a teaser or a later article by its page: the page's publication date and
    year (2月1日 in a teaser on a page published 2024-02-03 is 2024's) when it names
    no year, or names the page's among others (总结2023年…2024年大会). Returns False,
    leaving ``doc`` alone, when it names only other years or the page has no year."""
    text = f"{doc.title or ''}\n{doc.text}"
    if page is None or page.year is None or (_named_years(text) and page.year not in _named_years(text)):
        return False
    doc.published = page.published
    doc.year, doc.month = page.year, page.month
    return True


def _document_id(raw: RawInput, doc: Document) -> str:
    """Stable id: the input's name, its line or record number (JSONL, WARC),
    the document's position, title and text — not the path as typed, so
    ``./a.txt`` and ``/data/a.txt`` give the same ids."""
    scope = re.search(r"[:#](\d+)$", raw.location or "")
    return stable_id(raw.source, scope.group(1) if scope else None, doc.position, doc.title, doc.text)


def _date_document(doc: Document, *, url_month: str | None = None) -> None:
    """Year/month from the publication date, else from a month-only URL, else
    the year the text names most and the month of the first day it tells (3月28日)."""
    if doc.published:
        doc.year, doc.month = int(doc.published[:4]), int(doc.published[5:7])
    elif url_month:
        doc.year, doc.month = int(url_month[:4]), int(url_month[5:7])
    else:
        doc.year = _text_year(f"{doc.title or ''}\n{doc.text}")
        if doc.year:
            doc.month = _text_month(doc.text, doc.year)


# 3月28日 (or 2024年3月28日): the day a story tells, whose month dates the story when nothing else does
_DAY_IN_TEXT = re.compile(r"(?:((?:19|20)\d\d)年)?(?<![\d.])(\d{1,2})月(\d{1,2})[日号]")


def _text_month(text: str, year: int) -> int | None:
    """The month of the first day the text names (of its own year, when it writes one), or None."""
    for m in _DAY_IN_TEXT.finditer(text[:3000]):
        if m.group(1) and int(m.group(1)) != year:
            continue
        month = int(m.group(2))
        if 1 <= month <= 12:
            return month
    return None


# ---------------------------------------------------------------------------
# Markdown dumps (新闻联播 style): every ### item is a story
# ---------------------------------------------------------------------------
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_MD_LINK_LINE = re.compile(r"^\s*\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]+)\)\s*$", re.M)
_MD_HEADING_MARK = re.compile(r"^#{1,6}[ \t]+", re.M)
_MD_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_MD_FILE_DATE = re.compile(r"((?:19|20)\d\d)(\d\d)(\d\d)")
_SKIP_SECTIONS = {"新闻摘要", "摘要", "目录", "内容提要", "本期导读"}


def _split_markdown(text: str, raw: RawInput) -> list[Document]:
    headings = list(_MD_HEADING.finditer(text))
    published = raw.published
    if published is None:
        for m in headings[:1]:
            if len(m.group(1)) == 1:
                d = _MD_FILE_DATE.search(m.group(2))
                published = _iso_or_none(d)
    if published is None:
        published = _iso_or_none(_MD_FILE_DATE.search(os.path.basename(raw.source or "")))
    story_level = 3 if any(len(m.group(1)) == 3 for m in headings) else 2
    docs: list[Document] = []
    skipping = False
    story_number = 0
    for k, m in enumerate(headings):
        level, heading = len(m.group(1)), m.group(2).strip()
        if level < story_level:
            skipping = heading in _SKIP_SECTIONS
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
            if link.group("label") in ("查看原文", "原文", "原文链接", "阅读原文", "来源"):
                url = link.group("url")
        chunk = _MD_LINK_LINE.sub("", chunk)
        body = strip_tags(chunk) if "<" in chunk else chunk
        body = "\n".join(table_rows(normalize(body).split("\n")))
        story_number += 1
        doc = Document(id="", source=raw.source, kind="article", position=story_number,
                       title=normalize(heading), url=url or raw.url, published=published,
                       text=body)
        _date_document(doc)
        doc.id = _document_id(raw, doc)
        docs.append(doc)
    return docs


def _iso_or_none(m: re.Match | None) -> str | None:
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------
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
        Documents with normalized ``text``; an empty page gives ``[]``.
        Raises InputError when bytes cannot be decoded.

    >>> docs = split_page(RawInput(source="p.txt", content="要闻\\n某县十个项目集中开工\\n今天,某县十个项目集中开工,总投资50亿元。"))
    >>> [(d.kind, d.channel, d.title) for d in docs]
    [('article', '要闻', '某县十个项目集中开工')]
    """
    content = page_text(raw)
    if not content.strip():
        raise InputError(raw.location or raw.source, "empty page (no text)")
    kind = raw.hint or sniff_kind(content)
    if kind == "markdown":
        stories = _split_markdown(content, raw)
        if stories:
            return stories
        # one article written in Markdown (# title, then text): read as page text
        content = _MD_HEADING_MARK.sub("", strip_tags(content) if "<" in content else content)
        kind = "text"
    if kind == "html":
        return _split_html(content, raw)
    return _split_text(normalize(content), raw, title=raw.title, published=raw.published)


_SITE_SUFFIX = re.compile(r"\s*(?:[_|]|\s-\s|——)\s*[^_|]{2,20}(?:网|报|台|客户端|政府|门户|新闻|在线|频道|中心|官网)\s*$")
_FIGURE = re.compile(r"<figure\b.*?</figure\s*>", re.I | re.S)
_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.I | re.S)


def _split_html(html: str, raw: RawInput) -> list[Document]:
    """An HTML page: main text by trafilatura, then the text-page reading;
    the headline, date, outlet, reporters, channel and figure captions come
    from the markup, since main-text extraction drops bylines and breadcrumbs."""
    title = raw.title or html_title(html)
    if title:
        title = _SITE_SUFFIX.sub("", normalize(title)) or normalize(title)
    facts = _html_byline(html)
    published = raw.published or date_from_html_meta(html) or facts["published"]
    body = normalize(html_to_text(html))
    related = [t for t in _related_links(html) if t not in body]
    if related and not any(_classify(line) and _classify(line)[0] == "related" for line in body.split("\n")):
        body += "\n相关新闻\n" + "\n".join(related)      # the teasers main-text extraction dropped
    docs = _split_text(body, raw, title=title, published=published,
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


_RELATED_MARK = re.compile(r">\s*[【\[]?\s*(?:相关新闻|相关阅读|相关文章|相关报道|推荐阅读|延伸阅读|热点推荐|热门推荐|更多新闻|"
                           r"猜你喜欢|为你推荐|精彩推荐|热点新闻|更多精彩)\s*[】\]]?\s*[:：]?\s*<")
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)
_LIST_END = re.compile(r"</(?:ul|ol)\s*>|<h[1-6]\b", re.I)
_MAX_RELATED = 20


def _related_links(html: str) -> list[str]:
    """Headlines of a related-stories list (相关新闻 then links), which trafilatura drops as navigation."""
    mark = _RELATED_MARK.search(html)
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
        if facts["channel"] is None and _BREADCRUMB_START.match(line):
            facts["channel"] = _channel(line)
        if facts["published"] is None and facts["outlet"] is None:
            hit = _classify(line)
            if hit and hit[0] == "byline_source":
                outlet, authors = _source_byline(line)
                facts["published"] = _publication_date(line)
                facts["outlet"] = outlet or (hit[1].groupdict().get("value") or None)
                role = _ROLE.search(line, (hit[1].end("value") if hit[1].groupdict().get("value") else 0))
                credits = parse_byline(line[role.start():]) if role else None
                facts["reporters"] = authors + [r for r in (credits.reporters if credits else []) if r not in authors]
    return facts
