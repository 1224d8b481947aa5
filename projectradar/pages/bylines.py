"""Bylines and credits: outlet, reporters, photographers, editor, and the names they credit."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..tables import surnames
from .words import alternation, credit_roles, words

__all__ = ["is_person_name", "Byline", "parse_byline", "split_caption", "has_photo_credit",
           "staff_editor", "dateline_credits", "source_byline", "role_at"]

_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}"


def is_person_name(token: str) -> bool:
    """A Chinese personal name as bylines write it: 2–4 Han characters starting
    with a known surname, or a transliterated name with ``·`` (阿依古丽·买买提).

    >>> is_person_name("林雨桐"), is_person_name("司马晓"), is_person_name("手记")
    (True, True, False)
    """
    if "·" in token:
        return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,12}", token))
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", token):
        return False
    single, compound = surnames()
    if token in words("not_a_name"):
        return False
    return token[0] in single or (len(token) >= 3 and token[:2] in compound)


@functools.cache
def _role() -> re.Pattern:
    """A byline role and the separator after it (记者 / 文/ / 图:)."""
    return re.compile("(" + "|".join(r.pattern for r in credit_roles()) + r")\s*[:/]?\s*")


@functools.cache
def _photo_roles() -> frozenset[str]:
    return frozenset(r.role for r in credit_roles() if r.photographer)


@functools.cache
def _filler() -> frozenset[str]:
    """Byline tokens that are no names (报道, 摄, 编辑, /)."""
    return frozenset(words("byline_filler") + words("photo_mark") + words("report_mark"))


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
    role_pattern = _role()
    if len(line) > 60 or "。" in line or not role_pattern.search(line):
        return None
    pieces = role_pattern.split(line)
    outlet = pieces[0].strip(" |:")
    if outlet and (len(outlet) > 25 or re.search(r"[,。!?;]", outlet)):
        return None
    photo_marks, report_marks = words("photo_mark"), words("report_mark")
    reporters: list[str] = []
    photographers: list[str] = []
    for role, names in zip(pieces[1::2], pieces[2::2]):
        role = role.strip(" :/")
        tokens = [t for t in re.split(r"[\s、,|/]+", names.strip()) if t]
        photo = role in _photo_roles()
        found: list[str] = []
        for token in tokens:
            if token in _filler():
                if token in photo_marks:
                    photo = True
                continue
            mark = next((m for m in photo_marks if token.endswith(m) and is_person_name(token[:-len(m)])), None)
            if mark:
                found.append(token[:-len(mark)])
                photo = True
                continue
            mark = next((m for m in report_marks if token.endswith(m) and is_person_name(token[:-len(m)])), None)
            if mark:
                token = token[:-len(mark)]
            if not is_person_name(token):
                return None
            found.append(token)
        if not found:
            continue
        (photographers if photo else reporters).extend(found)
    if not reporters and not photographers:
        return None
    outlet = _own_outlet().sub("", outlet).strip() or None
    return Byline(outlet, reporters, photographers)


@functools.cache
def _own_outlet() -> re.Pattern:
    return re.compile(rf"^{alternation('own_outlet')}")


@functools.cache
def _caption_credit() -> re.Pattern:
    """A photo credit at a caption's end: 记者 X 摄, (X 摄), 摄影:X."""
    outlet, role = alternation("caption_outlet"), alternation("caption_role")
    label, mark = alternation("caption_label"), alternation("photo_mark")
    return re.compile(
        rf"(?:(?:(?:{outlet})?(?:{role})\s*)|(?<=[\s。!?;,:”)(]))"
        rf"(?P<names>{_NAME}(?:\s*[、 ]\s*{_NAME})*)\s*(?:{mark})\s*$"
        rf"|(?:[(]\s*(?:(?:{role})\s*)?(?P<names2>{_NAME}(?:\s*[、 ]\s*{_NAME})*)\s*(?:{mark})\s*[)])\s*$"
        rf"|(?:{label})\s*[:/]\s*(?P<names3>{_NAME}(?:\s*[、 ]\s*{_NAME})*)\s*$"
    )


def has_photo_credit(line: str) -> bool:
    """True when the line ends with a photo credit (a caption)."""
    return bool(_caption_credit().search(line))


def split_caption(caption: str) -> tuple[str, list[str]]:
    """Take the photographer credit off a caption.

    >>> split_caption("3月1日,新厂房主体完工。记者 陈晨 摄")
    ('3月1日,新厂房主体完工。', ['陈晨'])
    """
    m = _caption_credit().search(caption)
    if not m:
        return caption, []
    names = m.group("names") or m.group("names2") or m.group("names3") or ""
    people = [n for n in re.split(r"[\s、]+", names) if n]
    if not all(is_person_name(n) for n in people):
        return caption, []
    return caption[: m.start()].rstrip(), people


@functools.cache
def _staff_editor() -> re.Pattern:
    return re.compile(rf"{alternation('editor_label')}\s*:\s*"
                      r"([\u4e00-\u9fff·]{2,5}(?:[ 、,]+[\u4e00-\u9fff·]{2,5}(?![\u4e00-\u9fff·]|\s*:))*)")


def staff_editor(line: str) -> str | None:
    """The editor named on a line of production credits (编辑:X 审核:Y).

    >>> staff_editor("编辑:刘畅 审核:王敏")
    '刘畅'
    """
    m = _staff_editor().search(line)
    return m.group(1) if m else None


@functools.cache
def _dateline() -> re.Pattern:
    """A dateline at a paragraph's start: 本报讯(记者 X 通讯员 Y) / 新华社北京3月5日电(记者 X)."""
    return re.compile(rf"^[^\s。,!?(]{{0,24}}{alternation('dateline_end')}\s*\(([^()]{{2,40}})\)")


def dateline_credits(line: str) -> Byline | None:
    """The reporters credited in a paragraph's opening dateline, or None."""
    m = _dateline().match(line)
    return parse_byline(m.group(1)) if m else None


@functools.cache
def _source_label() -> re.Pattern:
    labels = alternation("source_label") + "|" + alternation("publisher_label")
    return re.compile(rf"(?:{labels})\s*:\s*([^\s:)】\]|]{{1,30}})")


@functools.cache
def _author_label() -> re.Pattern:
    return re.compile(rf"{alternation('author_label')}\s*:\s*((?:{_NAME})(?:[ 、]+{_NAME})*)")


def source_byline(line: str) -> tuple[str | None, list[str]]:
    """From a header line (来源:X 作者:Y 发布时间:…): the outlet and authors.

    >>> source_byline("来源:某市日报 作者:王小明 发布时间:2024-03-05")
    ('某市日报', ['王小明'])
    """
    m = _source_label().search(line)
    outlet = m.group(1) if m and not line.startswith("://", m.end(1)) else None   # a link is no outlet
    authors = []
    for m in _author_label().finditer(line):
        authors.extend(n for n in re.split(r"[ 、]+", m.group(1)) if is_person_name(n))
    return outlet, authors


def role_at(line: str, pos: int = 0) -> re.Match | None:
    """The first byline role in ``line`` at or after ``pos``."""
    return _role().search(line, pos)
