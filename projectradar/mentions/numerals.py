"""Numbers as Chinese news writes them: 250.42, 1,200, 十九, 一百零五, 两千, 二〇二三."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

__all__ = ["MAX_DIGITS", "ARABIC", "CHINESE", "NUMBER", "parse_number", "parse_int"]

# Regex fragments (no groups) for the scanners of money, counts and dates.
# (never starting inside a run of digits: a scan would otherwise retry a long run at every
# digit of it, quadratic in its length)
ARABIC = r"(?<!\d)\d+(?:,\d{3})*(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"

# More integer digits than this is no figure a story gives (a trillion yuan has 13): a longer
# run of digits is an id, a phone number or an attack, and is not read as a number.
MAX_DIGITS = 16

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}


def _chinese_integer(text: str) -> int | None:
    """十九 → 19, 一百零五 → 105, 两千 → 2000, 二〇二三 → 2023; None if not a numeral."""
    if not text:
        return None
    if all(ch in _DIGITS for ch in text):
        # digit by digit, as in years: 二〇二三
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total = section = 0
    digit: int | None = None
    last_unit = 10_000          # units inside a section descend: 一千二百; 百千万 is a slogan, no number
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                return None          # two digits in a row inside a positional numeral
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            if _SMALL_UNITS[ch] >= last_unit:
                return None
            last_unit = _SMALL_UNITS[ch]
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _BIG_UNITS:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit, last_unit = 0, None, 10_000
        else:
            return None
    return total + section + (digit or 0)


def parse_number(text: str) -> Decimal | None:
    """Read a number written in Arabic digits or Chinese numerals.

    Args:
        text: the numeral alone, e.g. ``"250.42"``, ``"1,200"``, ``"十九"``, ``"三点五"``.

    Returns:
        A Decimal (exact, so 250.42 × 10⁸ stays whole), or None if it is not a number.

    >>> parse_number("一百零五"), parse_number("1,200.5")
    (Decimal('105'), Decimal('1200.5'))
    """
    text = text.strip()
    if not text:
        return None
    if text[0].isdigit():
        if sum(ch.isdigit() for ch in text.split(".")[0]) > MAX_DIGITS:
            return None
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    whole, _, fraction = text.partition("点")
    integer = _chinese_integer(whole)
    if integer is None:
        return None
    if not fraction:
        return Decimal(integer)
    if not all(ch in _DIGITS for ch in fraction):
        return None
    return Decimal(f"{integer}." + "".join(str(_DIGITS[ch]) for ch in fraction))


def parse_int(text: str) -> int | None:
    """Like parse_number, for whole numbers only: ``parse_int("四十") == 40``."""
    value = parse_number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


# Words whose last characters look like a bound before a number but are not:
# 签约5亿元 is signed, not "about"; 最近3个 is recent, not "nearly".
_WORDS_ENDING_LIKE_A_BOUND = ("签约", "合约", "预约", "节约", "公约", "条约", "制约", "邀约", "履约",
                              "相约", "违约", "特约", "契约", "集约", "最近", "附近", "临近", "就近",
                              "赶超", "高超", "通过", "经过", "不过", "度过", "路过", "越过")


def bound_is_word_tail(text: str, end: int) -> bool:
    """True when the bound word ending at ``end`` is the tail of another word (签约 for 约).

    >>> bound_is_word_tail("现场签约23个", 4)
    True
    """
    return any(text.startswith(word, end - len(word)) for word in _WORDS_ENDING_LIKE_A_BOUND
               if end >= len(word))
