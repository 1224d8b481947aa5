"""Text: bytes to str (any Chinese charset), one normal form, HTML to text, sentence spans.

The normal form (what ``normalize`` returns and what every evidence offset
points into):

* traditional script becomes simplified (opencc ``t2s``), but only when the
  text holds a traditional-only character: opencc is slow and most input is
  simplified already;
* pinyin residue that scrapers leave after characters (``節(jié)點``) is removed;
* every character of the Fullwidth Forms block (U+FF01–U+FF5E) becomes its
  ASCII twin and the ideographic space a plain space: ``１２３`` → ``123``,
  ``，：！？（）；％`` → ``,:!?();%`` — the sample pages already write these
  half-width, so rules see one form. The small forms (``﹐﹔﹕``) go the same
  way and traditional pages' corner quotes ``「」『』`` become ``“”‘’``. Other
  CJK punctuation (``。、“”‘’《》【】—…·``) is kept as it is;
* whitespace is tidied: zero-width characters dropped, runs of spaces and
  tabs become one space, every line is trimmed and empty lines are dropped,
  so the result is one paragraph a line.
"""
from __future__ import annotations

import functools
import html as html_lib
import re

from .errors import InputError

__all__ = [
    "decode",
    "normalize",
    "to_simplified",
    "html_to_text",
    "strip_tags",
    "site_name_from_title",
    "sentences",
    "CLAUSE_WINDOW",
    "date_from_text",
    "date_from_html_meta",
    "looks_binary",
]

# ---------------------------------------------------------------------------
# decode
# ---------------------------------------------------------------------------
_GB_FAMILY = {"gbk", "gb2312", "gb18030", "cp936", "euc_cn", "hz", "gb_2312", "x-gbk", "936"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def _codec_name(label: str) -> str:
    """The codec to decode a declared charset with: the GB family is read as
    gb18030, its superset, so a GBK page with a rare character still decodes."""
    name = label.strip().lower().replace("_", "-")
    if name.replace("-", "") in {n.replace("-", "").replace("_", "") for n in _GB_FAMILY}:
        return "gb18030"
    return name


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b < 32)


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text in any charset: NUL bytes or many
    control characters in the first 8 KB (UTF-16 with a BOM is text)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 100)


def decode(data: bytes, *, where: str, declared: str | None = None) -> str:
    """Decode page bytes to text.

    Order: a byte-order mark; UTF-8; the charset the container or the page
    declares (``declared``, an HTML ``<meta charset>``); then charset-normalizer's
    guess. Any of GBK / GB2312 / GB18030 is decoded as gb18030.

    Args:
        data: the raw bytes.
        where: the file, URL or record, for the error message.
        declared: a charset named by the container (HTTP header, WARC record).
    Returns:
        The text. Raises InputError when the bytes are binary or undecodable.

    >>> decode("合肥".encode("gbk"), where="x.html")
    '合肥'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if looks_binary(data):
        raise InputError(where, "binary file, not text (expected page text, HTML, JSONL or Markdown)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.start > 0:  # cut off inside its last character
            return data.decode("utf-8", errors="ignore")
        replaced = data.decode("utf-8", errors="replace")
        if replaced.count("\ufffd") * 1000 < len(replaced):  # UTF-8 with a stray bad byte or two
            return replaced
    labels = []
    if declared:
        labels.append(declared)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        labels.append(meta.group(1).decode("ascii", "ignore"))
    for label in labels:
        try:
            return data.decode(_codec_name(label))
        except (LookupError, UnicodeDecodeError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else None
    # charset-normalizer misreads short Chinese texts (GBK as Big5 and the
    # reverse), so the GB family, Big5 and its guess are each tried strictly
    # and the reading that looks most like Chinese text wins; ties go to gb18030.
    readings: list[tuple[float, int, str]] = []
    for rank, codec in enumerate(dict.fromkeys(["gb18030", "big5hkscs", _codec_name(guess or "gb18030")])):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        readings.append((_plausibility(text), -rank, text))
    if readings:
        return max(readings)[2]
    if guess is None:
        raise InputError(where, "cannot tell the character set (not UTF-8, GBK or another known charset)")
    return data.decode(_codec_name(guess), errors="replace")


_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x00-\x7f“”‘’…—·]")


def _plausibility(text: str) -> float:
    """Share of a text's first 4000 characters that Chinese prose is made of
    (ideographs, ASCII, CJK punctuation): wrong-charset readings are full of
    kana, box drawing, Greek and private-use characters."""
    head = text[:4000]
    return len(_PLAUSIBLE.findall(head)) / max(len(head), 1)


# ---------------------------------------------------------------------------
# normalize
# ---------------------------------------------------------------------------
# Common characters that exist only in traditional script (each verified to
# change under opencc t2s, none in a year of simplified CCTV transcripts but
# one). Finding one is the cheap signal to run opencc at all.
_TRADITIONAL_ONLY = (
    "們個來為這會發說與對開關時經過還點國際區縣鄉書長進產業項設現實資總萬億簽約動濟"
    "認識東車門馬鳥魚龍風飛見貝頁難讓讀請謝議論選舉應該從帶隊務專體製傳統學習層幾將並"
    "後氣電話網絡計劃歷華廣場壓辦顯標準級單條狀態權職員據邊鐵樓陸規環節聯協質構廠裝備"
    "園農醫療衛藥價變遷軍黨導領詳細覽歲臺灣遼寧閩贛蘇滬粵瓊陝隴貴雲興積極續顧問題"
)
_TRADITIONAL_RE = re.compile(f"[{_TRADITIONAL_ONLY}]")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A parenthesised lowercase pinyin syllable with at least one tone mark right
# after a Han character: 節(jié)點 → 節點. Without a tone mark "(a)" could be a list label.
_PINYIN_RESIDUE = re.compile(
    rf"(?<=[\u3400-\u9fff])[ \u3000]?[(（]\s*[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*\s*[)）]"
)

# A character lost to the page's encoding (?) with what is left of its residue: 赴天津?qū)训 → 赴天津训.
# Left alone, the ? would end the sentence in the middle.
_LOST_RESIDUE = re.compile(rf"[?？\ufffd][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*\s*[)）]")

_FULLWIDTH = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({"\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\t": " ",
                   "\u000b": " ", "\u000c": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "",
                   "\ufeff": "", "\r\n": "\n", "\r": "\n", "\u0085": "\n", "\u2028": "\n", "\u2029": "\n",
                   # small form variants and the corner quotes of traditional-script pages
                   "\ufe50": ",", "\ufe51": "、", "\ufe52": ".", "\ufe54": ";", "\ufe55": ":", "\ufe56": "?",
                   "\ufe57": "!", "\ufe59": "(", "\ufe5a": ")", "「": "“", "」": "”", "『": "‘", "』": "’"})
# Finding which of them occur, then str.replace for each, is several times
# faster than str.translate over long Chinese text.
_FULLWIDTH_RE = re.compile("\r\n|[" + "".join(k for k in _FULLWIDTH if len(k) == 1) + "]")
_SPACES = re.compile(r" {2,}")


@functools.cache
def _opencc_t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified with opencc, run only when a traditional-only
    character is present (a cheap regex search otherwise).

    >>> to_simplified("簽約項目")
    '签约项目'
    """
    if not _TRADITIONAL_RE.search(text):
        return text
    return _opencc_t2s().convert(text)


def normalize(text: str) -> str:
    """The normal form every later stage reads (see the module docstring).

    Args:
        text: decoded page text, any script or width.
    Returns:
        Simplified, half-width ASCII, pinyin residue removed, one paragraph a line.

    >>> normalize("節(jié)點項目　２３個，總投資１０億元！")
    '节点项目 23个,总投资10亿元!'
    """
    if "(" in text or "（" in text:
        text = _PINYIN_RESIDUE.sub("", text)
    if ")" in text or "）" in text:
        text = _LOST_RESIDUE.sub("", text)
    text = to_simplified(text)
    present = set(_FULLWIDTH_RE.findall(text))
    if "\r\n" in present:  # before the lone "\r"
        text = text.replace("\r\n", "\n")
        present.discard("\r\n")
    for char in present:
        text = text.replace(char, _FULLWIDTH[char])
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return "\n".join(line for line in (raw.strip(" ") for raw in text.split("\n")) if line)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------
_TAG = re.compile(r"<[^>]*>")
_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/h[1-6]|/li|/tr|p|div|h[1-6]|li|tr)\b[^>]*>", re.I)
_INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)


def strip_tags(fragment: str) -> str:
    """Cheap HTML → text for simple markup (the Markdown dumps' ``<p>`` items):
    block tags and ``<br>`` become line breaks, other tags vanish, entities are
    decoded. No trafilatura: it is for whole pages.

    >>> strip_tags("<p><strong>央视网消息</strong>：今天&nbsp;开工<br></p><p>次段</p>")
    '央视网消息：今天\\xa0开工\\n\\n\\n次段'
    """
    if "<script" in fragment or "<style" in fragment or "<!--" in fragment:
        fragment = _INVISIBLE.sub("", fragment)
    fragment = _BREAKS.sub("\n", fragment)
    fragment = _TAG.sub("", fragment)
    return html_lib.unescape(fragment).strip()


_TAG_NAME = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)")
_HEAD = re.compile(r"<head\b.*?</head\s*>|<title\b.*?</title\s*>", re.I | re.S)
# Markup that carries only paragraphs: no navigation, sidebars or comments to remove.
_SIMPLE_TAGS = frozenset("html head body title meta p br strong b em i u span font sup sub h1 h2 h3 h4 h5 h6 "
                         "center blockquote".split())


def _is_simple_html(html: str) -> bool:
    """True for bare paragraph markup (a feed item, a Markdown dump's story):
    tag stripping gives the same text as trafilatura, many times faster."""
    return {name.lower() for name in _TAG_NAME.findall(html)} <= _SIMPLE_TAGS


_INNER_TABLE = re.compile(r"<table\b(?:(?!<table\b).)*?</table\s*>", re.I | re.S)
_ROW = re.compile(r"<tr\b.*?(?:</tr\s*>|(?=<tr\b)|$)", re.I | re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)(?:</t[dh]\s*>|(?=<t[dh]\b)|$)", re.I | re.S)


_CELL_MARKS = re.compile(r"^[ \t]*\|[ \t]+|[ \t]+\|[ \t]*$", re.M)


def _flatten_table(match: re.Match) -> str:
    """A data table (innermost, two or more rows, short cells) → one paragraph
    a row, cells joined by " | ", so a row (甲市 | 37个 | 210亿元) stays one line.
    Layout tables (long cells, nested tables) are left to trafilatura."""
    rows = []
    for row in _ROW.findall(match.group(0)):
        cells = [" ".join(strip_tags(c).split()) for c in _CELL.findall(row)]
        if any(len(c) > 60 for c in cells):
            return match.group(0)
        if any(cells):
            rows.append(" | ".join(cells))
    if len(rows) < 2:
        return match.group(0)
    return "".join(f"<p>{html_lib.escape(r)}</p>" for r in rows)


def html_to_text(html: str) -> str:
    """The main text of an HTML page with trafilatura, paragraphs and headings
    kept one a line, image captions kept; nothing about dates is guessed here.

    Data tables become one line a row, cells joined by `` | ``.
    Bare paragraph markup (only ``<p>``, ``<br>``, ``<strong>``… tags) is
    tag-stripped without trafilatura, and so is a page where trafilatura finds
    no main text. Returns text (not yet normalized).

    >>> "开工" in html_to_text("<html><body><article><p>今天，十个项目集中开工。</p></article></body></html>")
    True
    """
    if "<table" in html or "<TABLE" in html:
        html = _INNER_TABLE.sub(_flatten_table, html)
    if _is_simple_html(html):
        return strip_tags(_HEAD.sub("", html))
    import trafilatura

    extracted = trafilatura.extract(
        html,
        output_format="txt",
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_formatting=False,
        include_links=False,
        with_metadata=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not extracted or not extracted.strip():
        return strip_tags(html)
    # trafilatura marks the cells of tables it keeps with "| "; layout tables are not data
    return _CELL_MARKS.sub("", extracted)


_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.I | re.S)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z_:.\-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE_META = ("og:title", "twitter:title", "articletitle", "title", "headline")
_DATE_META = ("article:published_time", "og:published_time", "pubdate", "publishdate", "publish_date",
              "publishtime", "publish_time", "datepublished", "date", "dc.date", "dc.date.issued",
              "dcterms.created", "og:release_date", "sailuo:date", "firstpublishedtime")
_SOURCE_META = ("contentsource", "source", "og:site_name", "author", "sitename")


def html_meta(html: str) -> dict[str, str]:
    """The page's ``<meta name|property=… content=…>`` pairs, names lowercased."""
    out: dict[str, str] = {}
    for tag in _META_TAG.findall(html[:100_000]):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(tag)}
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").lower()
        if key and "content" in attrs and key not in out:
            out[key] = html_lib.unescape(attrs["content"]).strip()
    return out


def html_title(html: str) -> str | None:
    """The page's headline: og:title/meta title, else ``<h1>``, else ``<title>``."""
    meta = html_meta(html)
    for key in _TITLE_META:
        if meta.get(key):
            return meta[key]
    for pattern in (_HTML_H1, _HTML_TITLE):
        m = pattern.search(html)
        if m:
            title = strip_tags(m.group(1)).strip()
            if title:
                return title
    return None


def date_from_html_meta(html: str) -> str | None:
    """The publication date the page's meta tags state, ISO ``YYYY-MM-DD``."""
    meta = html_meta(html)
    for key in _DATE_META:
        if meta.get(key):
            found = date_from_text(meta[key], strict=False)
            if found:
                return found
    return None


_TITLE_SITE = re.compile(r"(?:_|\|| - | — |——|-)\s*([^_|\-—]{2,24}?)\s*$")


def site_name_from_title(html: str) -> str | None:
    """The site's own name at the end of the ``<title>`` tag: ``…_邳州市人民政府`` → ``邳州市人民政府``.

    Args: html: the page.
    Returns: the last part after ``_``, ``|`` or a dash, when it has no digits; else None.

    >>> site_name_from_title("<title>重大项目开工_邳州市人民政府</title>")
    '邳州市人民政府'
    """
    m = _HTML_TITLE.search(html[:200_000])
    if not m:
        return None
    title = normalize(strip_tags(m.group(1))).strip()
    found = _TITLE_SITE.search(title)
    if not found or found.start() == 0 or re.search(r"\d", found.group(1)):
        return None
    return found.group(1).strip() or None


def source_from_html_meta(html: str) -> str | None:
    """The outlet a page's meta tags name (ContentSource, og:site_name ...)."""
    meta = html_meta(html)
    for key in _SOURCE_META:
        if meta.get(key):
            return meta[key]
    return None


# ---------------------------------------------------------------------------
# publication dates: a year-first date on a byline line or in a meta tag
# (the URL's and the other shapes a page uses: pages/published.py)
# ---------------------------------------------------------------------------
_TEXT_DATE = re.compile(
    r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}):(\d\d))?"
)


def _iso(year: str, month: str, day: str | None) -> str | None:
    y, m = int(year), int(month)
    if not (1 <= m <= 12):
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    d = int(day)
    if not (1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def date_from_text(line: str, *, strict: bool = True) -> str | None:
    """An explicit full date (2023-02-04, 2023/2/4, 2023年2月4日, with an
    optional hh:mm) in a byline line or meta value, ISO ``YYYY-MM-DD``.

    ``strict`` (for byline lines) wants the year written out: a bare
    ``2月4日`` in running text is never a publication date.

    >>> date_from_text("发布时间:2023-02-04 10:20 来源:某市日报")
    '2023-02-04'
    """
    m = _TEXT_DATE.search(line)
    if not m:
        if not strict:
            m2 = re.match(r"\s*((?:19|20)\d\d)(\d\d)(\d\d)", line)
            if m2:
                return _iso(m2.group(1), m2.group(2), m2.group(3))
        return None
    return _iso(m.group(1), m.group(2), m.group(3))


# ---------------------------------------------------------------------------
# sentences
# ---------------------------------------------------------------------------
# How far either side of a point (a trigger, a name) its clause is read, in characters: a news
# clause is shorter, and a line of megabytes without a comma must not be read whole per point.
CLAUSE_WINDOW = 160

_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’\"』」)]*|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of normalized text: split after 。！？；(and their
    half-width forms, with closing quotes kept) and at line ends; spans never
    include the newline and empty spans are skipped.

    >>> t = "今天签约。明天开工!\\n新段"
    >>> [t[a:b] for a, b in sentences(t)]
    ['今天签约。', '明天开工!', '新段']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        while start < end and text[start] in " \n":
            start += 1
        if end > start:
            spans.append((start, end))
        start = m.end()
    while start < len(text) and text[start] in " \n":
        start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans
