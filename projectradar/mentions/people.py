"""People named with a title cue: 区委书记王建华, 区委副书记、区长陈立新, 周平书记, 国务院总理李强."""
from __future__ import annotations

import functools
import logging
import re
from typing import NamedTuple

from projectradar.errors import RuleError
from projectradar.tables import data_path, load_table, surnames as table_surnames
from projectradar.records import PersonMention
from projectradar.regions.finder import find_places

__all__ = ["find_people"]

_HAN = r"[\u4e00-\u9fff]"
# The marks that may stand before a name a title follows (，周平书记); the words that may are in titles.tsv.
_BEFORE_TRAILING_MARKS = "，,。；;：:、“”\"（）() \n"


# What may follow a name in a list of names (张三、李四，); 等 (张三、李四等) ends it as a stop word.
_LIST_END = "、，,。；;：:）)"
_STOP_KINDS = ("verb", "particle", "group", "namechar", "not_a_surname", "title_end")
_TITLE_KINDS = ("party", "government", "congress", "company", "academic", "other", "not_a_title")
# kinds of titles.tsv that are no title standing before a name, but the words around titles
_TITLE_WORD_KINDS = ("trailing", "before_trailing", "not_trailing_start", "chain_join", "place_end")
_ONE_CHARACTER_KINDS = ("before_trailing", "not_trailing_start", "place_end")
# A name that goes on after these is a transliterated foreign name.
_NAME_GOES_ON = "·•・》"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class _Rules(NamedTuple):
    leading: re.Pattern[str]
    trailing: re.Pattern[str]
    stops: tuple[str, ...]            # end a name anywhere
    late_stops: tuple[str, ...]       # end a name only after one given character (李强为 / 王为民)
    surnames: frozenset[str]
    not_surnames: tuple[str, ...]     # surnames that after a title are a conjunction (区长和县长)
    title_tails: tuple[str, ...]      # the last two characters of every title: a quick first check
    bare_name: re.Pattern[str]        # a name with no title: surname and one or two characters
    foreign_chars: frozenset[str]     # characters of transliterated foreign names
    title_word: re.Pattern[str]       # a title on its own: what a name may never begin with (董事长区长 has no name)
    nobody_ends: tuple[str, ...]      # a "name" ending with these is a title or a group (区长, 一行), nobody's
    trailing_titles: tuple[str, ...]  # titles that may follow a name (周平书记)
    before_trailing: frozenset[str]   # words that may stand right before such a name (和周平书记)
    not_trailing_start: frozenset[str]  # characters that begin a name only in other words (区长, 市委)
    place_ends: frozenset[str]        # last characters of a place name that a title may begin with (温州|市长)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _rules() -> _Rules:
    titles = []
    not_titles = []
    around: dict[str, list[str]] = {kind: [] for kind in _TITLE_WORD_KINDS}
    for row in load_table("titles.tsv", 2):
        word, kind = row.cells
        if not re.fullmatch(rf"{_HAN}+", word):
            raise RuleError(row.path, row.line, f"title {word!r} must be Chinese characters only")
        if kind not in _TITLE_KINDS + _TITLE_WORD_KINDS:
            raise RuleError(row.path, row.line, f"kind {kind!r} is not one of {_TITLE_KINDS + _TITLE_WORD_KINDS}")
        if kind in _ONE_CHARACTER_KINDS and len(word) != 1:
            raise RuleError(row.path, row.line, f"{word!r}: a {kind} is one character")
        if kind in around:
            around[kind].append(word)
        else:
            (not_titles if kind == "not_a_title" else titles).append(word)
    missing = [kind for kind, words in around.items() if not words]
    if missing:
        raise RuleError(data_path("titles.tsv"), 0, f"lists no word of kind {', '.join(missing)}")
    single, compound = table_surnames()
    surnames = sorted(single | compound)
    stops: list[str] = []
    late_stops: list[str] = []
    not_surnames: list[str] = []
    groups: list[str] = []
    title_ends: list[str] = []
    for row in load_table("name_stops.tsv", 2):
        word, why = row.cells
        if why not in _STOP_KINDS:
            raise RuleError(row.path, row.line, f"why {why!r} is not one of {_STOP_KINDS}")
        if why == "title_end":
            title_ends.append(word)
            continue
        {"namechar": late_stops, "not_a_surname": not_surnames}.get(why, stops).append(word)
        if why == "group":
            groups.append(word)
    stops.sort(key=len, reverse=True)

    parts = []
    for row in load_table("minority_names.tsv", 2):
        part, people = row.cells
        if not re.fullmatch(rf"{_HAN}{{2,3}}", part) or people not in ("tibetan", "mongolian"):
            raise RuleError(row.path, row.line, f"{part!r} is not a 2-3 character name part of tibetan|mongolian")
        parts.append(part)

    title = f"(?:{_alternation(titles)})"
    surname = f"(?:{_alternation(surnames)})"
    # A chain of titles: 区委副书记、区长 / 党委书记、董事长 / 全国人大代表、中国飞鹤董事长.
    chain = rf"(?P<title>{title}(?:(?:、|{_alternation(around['chain_join'])}){_HAN}{{0,8}}?{title}|{title})*)"
    # A word that only holds a title (班主任, 吉林省长春市) is matched first and skipped.
    # A transliterated name with its middle dot (艾尔肯·吐尼亚孜) or a surnameless Tibetan or
    # Mongolian name (扎西次仁) is tried before a surname and one or two characters.
    dotted = rf"{_HAN}{{1,6}}·{_HAN}{{1,8}}(?:·{_HAN}{{1,8}})?"
    minority = rf"(?:{_alternation(parts)}){{1,2}}" if parts else r"(?!)"
    leading = re.compile(rf"(?P<not_title>{_alternation(not_titles)})"
                         rf"|{chain}(?P<name>{dotted}|{minority}(?=[^\u4e00-\u9fff]|{_alternation(stops)})"
                         rf"|{surname}{_HAN}{{1,2}})")
    trailing_titles = tuple(around["trailing"])
    trailing = re.compile(rf"(?P<name>{surname}{_HAN}{{1,2}}?)(?P<title>{_alternation(trailing_titles)})")
    tails = tuple(sorted({t[-2:] for t in titles} | set(trailing_titles)))
    return _Rules(leading, trailing, tuple(stops), tuple(stops + late_stops),
                  frozenset(surnames), tuple(not_surnames), tails,
                  re.compile(rf"{surname}{_HAN}{{1,2}}"), _foreign_chars(),
                  re.compile(rf"(?:{_alternation(titles)})"), tuple(title_ends + groups),
                  trailing_titles, frozenset(around["before_trailing"]), frozenset(around["not_trailing_start"]),
                  frozenset(around["place_end"]))


def _foreign_chars() -> frozenset[str]:
    chars: set[str] = set()
    for row in load_table("foreign_name_chars.tsv", 2):
        if not re.fullmatch(rf"{_HAN}+", row.cells[0]):
            raise RuleError(row.path, row.line, "the first column must be Chinese characters only")
        chars.update(row.cells[0])
    return frozenset(chars)


def _title_inside_place_name(text: str, start: int) -> bool:
    """True when the title's first character belongs to a place name begun before it (福州长乐: no 州长),
    not when it is the division's suffix (温州市长, 鼓楼区委书记) or the place is whole without it (恩施州长)."""
    if not start or text[start] not in _rules().place_ends or not _is_han(text[start - 1]):
        return False
    lead = max(0, start - 4)
    for place in find_places(text[lead:start + 1]):
        if lead + place.start < start < lead + place.end:
            if any(c.name == place.text for c in place.candidates):
                return False      # 温州市长, 鼓楼区委书记: the character is the division's suffix
            # 恩施州长: the place stands without that character, which begins the title
            rest = text[lead + place.start:start]
            return not any(p.text == rest for p in find_places(rest))
    return False


def _trim_dotted(text: str, name_start: int, name: str, rules: _Rules) -> str | None:
    """A dotted name ends where a verb or particle begins (艾尔肯·吐尼亚孜出席 → 艾尔肯·吐尼亚孜);
    one that runs on past what we read is left out rather than cut anywhere."""
    last_dot = name.rindex("·")
    for k in range(last_dot + 2, len(name)):
        if text.startswith(rules.stops, name_start + k):
            return name[:k]
    after = name_start + len(name)
    if after < len(text) and _is_han(text[after]) and not text.startswith(rules.stops, after):
        return None
    return name


def _trim_name(text: str, name_start: int, name: str, rules: _Rules) -> str | None:
    """Cut the name where a verb or particle begins: 周平在 → 周平, 赵海带队 → 赵海."""
    if "·" in name:
        return _trim_dotted(text, name_start, name, rules)
    if name[0] not in rules.surnames and name[:2] not in rules.surnames:
        return name                       # a Tibetan or Mongolian name: the pattern saw where it ends
    surname_len = 2 if name[:2] in rules.surnames and len(name) >= 3 else 1
    given_start = name_start + surname_len
    if text.startswith(rules.stops + rules.not_surnames, name_start) or text.startswith(rules.stops, given_start):
        return None                       # 市长在会上: no name at all
    if len(name) - surname_len == 2 and text.startswith(rules.late_stops, given_start + 1):
        return name[:surname_len + 1]
    after = name_start + len(name)
    if after < len(text) and text[after] in _NAME_GOES_ON:
        return None                       # 穆罕默德·穆斯塔法, 《部长宣言》
    if after < len(text) and _is_han(text[after]) and not text.startswith(rules.late_stops, after) \
            and not text.startswith(rules.trailing_titles, after):
        if text[after] in rules.foreign_chars or sum(ch in rules.foreign_chars for ch in name) >= 2:
            return None                   # 古特雷斯, 索比亚宁: a foreign name we would only cut short
        return _where_words_end(text, name_start, name, surname_len)
    return name


def _where_words_end(text: str, name_start: int, name: str, surname_len: int) -> str | None:
    """The name when no verb we know follows it (陈晓峰推介 / 罗伟推动): where the word
    segmenter puts a boundary, at the full name or one character short; else no name."""
    import jieba                           # loaded only for these rare undecided names
    jieba.setLogLevel(logging.WARNING)
    ends, position = set(), 0
    for word in jieba.lcut(text[name_start:name_start + len(name) + 4]):
        position += len(word)
        ends.add(position)
    if len(name) in ends:
        return name
    if len(name) - 1 > surname_len and len(name) - 1 in ends:
        return name[:-1]
    return None


def _listed_after(text: str, pos: int, title: str, rules: _Rules) -> list[PersonMention]:
    """Names listed after a titled one share its title: 副市长张三、李四等 → 李四, 副市长.

    A listed name must end at a list mark or a verb, and must not begin a title of
    its own (区委书记王建华、区长陈立新 gives 陈立新 the title 区长, not 区委书记).
    """
    listed: list[PersonMention] = []
    while pos < len(text) and text[pos] == "、":
        start = pos + 1
        m = rules.bare_name.match(text, start)
        if not m or rules.leading.match(text, start) or rules.title_word.match(text, start):
            break
        name = _trim_name(text, start, m.group(), rules)
        if not name:
            break
        end = start + len(name)
        if end < len(text) and text[end] not in _LIST_END and not text.startswith(rules.stops, end):
            break
        listed.append(PersonMention(start=start, end=end, text=name, name=name, title=title))
        pos = end
    return listed


def find_people(text: str) -> list[PersonMention]:
    """People named right after (or right before) a title in ``text``.

    Names are 2–3 Chinese characters (4 with a compound surname such as 司马),
    must start with a surname from data/surnames.tsv, and end where a verb or
    particle begins (data/name_stops.tsv). A title with no name after it
    (区委书记带队) gives nothing: no name is invented.

    Args:
        text: normalized (simplified) text.

    Returns:
        PersonMention list in order; ``title`` is the chain of titles as written
        (区委副书记、区长), without the place before it (成都市委书记 → 市委书记).

    >>> [(p.name, p.title) for p in find_people("区委副书记、区长陈立新表示")]
    [('陈立新', '区委副书记、区长')]
    """
    if not text:
        return []
    rules = _rules()
    found = _titled_people(text, rules) if any(tail in text for tail in rules.title_tails) else []
    named, title_alone = _short_titles()
    for m in named.finditer(text):
        name = m.group(2)
        if title_alone.match(name) or not (name[0] in rules.surnames or name[:2] in rules.surnames):
            continue
        if not any(p.start < m.end(2) and m.start(2) < p.end for p in found) \
                and all(p.name != name for p in found):
            found.append(PersonMention(m.start(2), m.end(2), name, name=name, title=m.group(1).rstrip("、")))
    found.sort(key=lambda p: p.start)
    return [p for p in found if not _nobody(p.name, rules)]


def _nobody(name: str, rules: _Rules) -> bool:
    """True for a "name" that is a title or a group (区长, 县委书记, 一行) or begins with a verb (带队)."""
    return not name or name.startswith(rules.stops) or name.endswith(rules.nobody_ends)


@functools.cache
def _short_titles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a short title with the 2-3 characters after it, a short title alone) from short_titles.tsv.

    A second, looser reading anchored on a title directly before a name (区委书记王建华 followed by
    a word the stop list does not know): it adds the names the reading of titles.tsv leaves out
    right after a title, never one that overlaps its own.
    """
    kinds: dict[str, list[str]] = {"title": [], "place": [], "committee": [], "deputy": [], "next": []}
    for row in load_table("short_titles.tsv", 2):
        word, kind = row.cells
        if kind not in kinds or (kind != "title" and len(word) != 1):
            raise RuleError(row.path, row.line, f"{word!r} {kind}: kind is title, or one character of "
                                                f"{', '.join(k for k in kinds if k != 'title')}")
        kinds[kind].append(word)
    if not kinds["title"] or not kinds["next"]:
        raise RuleError(data_path("short_titles.tsv"), 0, "lists no title or no next character")

    def chars(kind: str) -> str:
        return "[" + re.escape("".join(kinds[kind])) + "]" if kinds[kind] else "(?!)"

    title = (rf"(?:{chars('place')})?(?:{chars('committee')})?(?:{chars('deputy')})?"
             rf"(?:{_alternation(kinds['title'])})")
    named = re.compile(rf"((?:{title}、?)+)({_HAN}{{2,3}}?)(?=[，,、\s]|{chars('next')})")
    return named, re.compile(rf"^{title}$")


def _titled_people(text: str, rules: _Rules) -> list[PersonMention]:
    """People named right after or before a title of titles.tsv (see find_people)."""
    found: list[PersonMention] = []
    for m in rules.leading.finditer(text):
        if m.group("not_title"):
            continue
        if rules.title_word.match(text, m.start("name")):
            continue                      # 区委副书记区长到场: a second title, no name
        if _title_inside_place_name(text, m.start("title")):
            continue                      # 福州长乐国际机场: no 州长 there
        name = _trim_name(text, m.start("name"), m.group("name"), rules)
        if not name:
            continue
        end = m.start("name") + len(name)
        found.append(PersonMention(start=m.start(), end=end, text=text[m.start():end],
                                   name=name, title=m.group("title")))
        found.extend(_listed_after(text, end, m.group("title"), rules))
    taken = [(p.start, p.end) for p in found]
    for m in rules.trailing.finditer(text):
        start = m.start()
        if start and text[start - 1] not in _BEFORE_TRAILING_MARKS and text[start - 1] not in rules.before_trailing:
            continue
        if text[start] in rules.not_trailing_start or any(a < m.end() and start < b for a, b in taken) \
                or rules.title_word.match(text, start):
            continue
        found.append(PersonMention(start=start, end=m.end(), text=m.group(),
                                   name=m.group("name"), title=m.group("title")))
    found.sort(key=lambda p: p.start)
    return found
