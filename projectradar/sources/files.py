"""Files, folders and stdin → RawInput: page text, HTML, JSONL, Markdown dumps; WARC handed to warc.py."""
from __future__ import annotations

import datetime as _dt
import gzip
import io
import json
import os
import re
import sys
import zlib
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..records import RawInput
from ..text import date_from_text, decode, looks_binary
from .limits import MAX_PAGE_BYTES, describe_size
from .warc import iter_warc, iter_warc_file

__all__ = ["iter_path", "iter_file", "iter_folder", "iter_stdin", "iter_jsonl", "PAGE_EXTENSIONS",
           "KNOWN_EXTENSIONS", "extension_of"]

# extension → hint for pages.split_page (None: sniff HTML / text / Markdown by content)
PAGE_EXTENSIONS = {".txt": None, ".text": None, ".html": "html", ".htm": "html", ".shtml": "html",
                   ".xhtml": "html", ".md": "markdown", ".markdown": "markdown"}
JSONL_EXTENSIONS = (".jsonl", ".ndjson", ".jsonl.gz")
WARC_EXTENSIONS = (".warc", ".warc.gz")
KNOWN_EXTENSIONS = tuple(PAGE_EXTENSIONS) + JSONL_EXTENSIONS + WARC_EXTENSIONS

# JSONL field names people use, in order of preference.
URL_FIELDS = ("url", "source", "link", "source_url")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("published", "date", "publish_time", "pub_date", "publish_date", "pubdate", "time")
TEXT_FIELDS = ("text", "raw_text", "content", "body")
HTML_FIELDS = ("html", "raw_html")


def extension_of(path: str) -> str:
    """'a/b.WARC.GZ' → '.warc.gz'; 'x.html' → '.html'."""
    lower = path.lower()
    for double in (".warc.gz", ".jsonl.gz"):
        if lower.endswith(double):
            return double
    return os.path.splitext(lower)[1]


def iter_path(path: str, *, recursive: bool = True) -> Iterator[RawInput | InputError]:
    """A file or a folder (recursively, hidden entries skipped)."""
    if os.path.isdir(path):
        yield from iter_folder(path, recursive=recursive)
    elif os.path.exists(path):
        yield from iter_file(path)
    else:
        yield InputError(path, "no such file or folder")


def iter_folder(folder: str, *, recursive: bool = True) -> Iterator[RawInput | InputError]:
    """Every readable file under ``folder`` in name order. Hidden files and
    folders (``.git``) are skipped, and so are files whose extension is not an
    input kind (a README.pdf beside the pages is not an error)."""
    unreadable: list[OSError] = []
    if not os.access(folder, os.R_OK | os.X_OK):
        yield InputError(folder, "permission denied: cannot list the folder")
        return
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        while unreadable:
            err = unreadable.pop(0)
            yield InputError(err.filename or root, err.strerror or str(err))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        for name in sorted(files):
            if name.startswith(".") or extension_of(name) not in KNOWN_EXTENSIONS:
                continue
            yield from iter_file(os.path.join(root, name))
    for err in unreadable:  # raised while walking after the last folder listed
        yield InputError(err.filename or folder, err.strerror or str(err))


def iter_file(path: str) -> Iterator[RawInput | InputError]:
    """One file by its extension. Yields InputErrors for: unknown extension,
    unreadable, empty, binary, or a page over the size limit."""
    ext = extension_of(path)
    name = os.path.basename(path)
    if ext in WARC_EXTENSIONS:
        yield from iter_warc_file(path)
        return
    if ext not in PAGE_EXTENSIONS and ext not in JSONL_EXTENSIONS:
        kinds = " ".join(KNOWN_EXTENSIONS)
        yield InputError(path, f"unknown file type {ext or '(no extension)'!r}; expected one of: {kinds}")
        return
    try:
        size = os.path.getsize(path)
        stream = open(path, "rb")
    except OSError as err:
        yield InputError(path, err.strerror or str(err))
        return
    with stream:
        if size == 0:
            yield InputError(path, "empty file")
            return
        if ext == ".jsonl.gz":
            yield from _gzip_jsonl(stream, where=path, source=name)
            return
        if ext in JSONL_EXTENSIONS:
            yield from iter_jsonl(stream, where=path, source=name)
            return
        if size > MAX_PAGE_BYTES:
            yield InputError(path, f"page is {describe_size(size)}, over the {describe_size(MAX_PAGE_BYTES)} "
                                   f"limit for one page (set PROJECTRADAR_MAX_PAGE_MB to change it)")
            return
        data = stream.read()
    yield from _page(data, where=path, source=name, hint=PAGE_EXTENSIONS[ext])


def _page(data: bytes, *, where: str, source: str, hint: str | None) -> Iterator[RawInput | InputError]:
    if not data.strip():
        yield InputError(where, "empty file")
        return
    try:
        text = decode(data, where=where)
    except InputError as err:
        yield err
        return
    if not text.strip():
        yield InputError(where, "empty file")
        return
    yield RawInput(source=source, content=text, hint=hint, location=where)


def _first(record: dict, names: tuple[str, ...]):
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None


def _iso_date(value) -> str | None:
    """A JSONL date field (ISO, '2023-02-04 10:20', '2023年2月4日', '20230204',
    epoch seconds) as ISO YYYY-MM-DD, or None when it is not a date."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:  # China Standard Time: the papers' own calendar day
            return _dt.datetime.fromtimestamp(seconds, _dt.timezone(_dt.timedelta(hours=8))).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return date_from_text(value, strict=False)
    return None


def iter_jsonl(stream: BinaryIO, *, where: str, source: str) -> Iterator[RawInput | InputError]:
    """One document a line; line by line, so a file of any size uses bounded
    memory. A malformed line yields an InputError with its line number and the
    other lines are still read.

    Fields accepted: url/source/link, title/headline,
    published/date/publish_time/pub_date, text/raw_text/content/body, html/raw_html.
    Every RawInput's ``source`` is the file's name (``source``); its ``url``
    is the line's url.
    """
    number = 0
    documents = 0
    any_content = False
    while True:
        line = stream.readline(MAX_PAGE_BYTES + 1)
        if not line:
            if documents == 0 and number > 0 and not any_content:
                yield InputError(where, "empty file (no JSON lines)")
            break
        number += 1
        if len(line) > MAX_PAGE_BYTES and not line.endswith(b"\n"):
            any_content = True
            while True:  # skip the rest of the over-long line without holding it
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield InputError(where, f"line over the {describe_size(MAX_PAGE_BYTES)} limit for one document; skipped",
                             line=number)
            continue
        if not line.strip():
            continue
        any_content = True
        try:
            record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            try:
                record = json.loads(decode(line, where=f"{where}:{number}"))
            except (InputError, ValueError) as err:
                yield InputError(where, f"not JSON: {str(err).splitlines()[0]}", line=number)
                continue
        except ValueError as err:
            yield InputError(where, f"not JSON: {err}", line=number)
            continue
        if not isinstance(record, dict):
            yield InputError(where, f"want a JSON object with a text or html field, got {type(record).__name__}",
                             line=number)
            continue
        html = _first(record, HTML_FIELDS)
        text = _first(record, TEXT_FIELDS)
        # the line's clean text wins over its HTML: a dataset's offsets refer to it
        content, hint = (text, None) if isinstance(text, str) and text.strip() else (html, "html")
        if not isinstance(content, str) or not content.strip():
            wanted = "/".join(TEXT_FIELDS + HTML_FIELDS)
            yield InputError(where, f"no text: want one of the fields {wanted}", line=number)
            continue
        url = _first(record, URL_FIELDS)
        if url is not None and record.get("url") in (None, "") and not re.search(r"[/.]", str(url)):
            url = None  # a "source" that names an outlet (某某日报), not where the page lives
        title = _first(record, TITLE_FIELDS)
        documents += 1
        yield RawInput(source=source, content=content, url=str(url) if url is not None else None,
                       published=_iso_date(_first(record, DATE_FIELDS)),
                       title=str(title) if title is not None else None, hint=hint,
                       location=f"{where}:{number}")


def _gzip_jsonl(stream: BinaryIO, *, where: str, source: str) -> Iterator[RawInput | InputError]:
    """JSONL compressed with gzip, streamed; a damaged archive ends with an InputError."""
    try:
        yield from iter_jsonl(gzip.GzipFile(fileobj=stream), where=where, source=source)
    except (OSError, EOFError, zlib.error) as err:
        yield InputError(where, f"truncated or damaged gzip: {err}")


def iter_stdin(stream: BinaryIO | None = None, *, name: str = "stdin") -> Iterator[RawInput | InputError]:
    """``-``: standard input, its kind sniffed: a WARC (``WARC/`` or gzip
    magic), JSONL (first line a JSON object), else one page (text, HTML or
    Markdown, told apart by pages.split_page)."""
    stream = stream if stream is not None else sys.stdin.buffer
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(_RawWrapper(stream))
    head = buffered.peek(65536)[:65536]
    if not head:
        yield InputError("-", "empty standard input")
        return
    if head.startswith((b"WARC/", b"\x1f\x8b")):
        yield from iter_warc(buffered, name)
        return
    first_line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].strip()
    if first_line.startswith(b"{") and first_line.endswith(b"}"):
        yield from iter_jsonl(buffered, where="-", source=name)
        return
    data = buffered.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        yield InputError("-", f"page on standard input is over the {describe_size(MAX_PAGE_BYTES)} limit for one page")
        return
    if looks_binary(data):
        yield InputError("-", "binary data on standard input, not text")
        return
    yield from _page(data, where="-", source=name, hint=None)


class _RawWrapper(io.RawIOBase):
    """Lets io.BufferedReader (and its peek) sit on any binary stream."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
