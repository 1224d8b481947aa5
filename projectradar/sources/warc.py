"""WARC files (.warc, .warc.gz) → one RawInput per HTML response, bounded memory, damage reported."""
from __future__ import annotations

import os
import re
import zlib
from typing import BinaryIO, Iterator

from ..errors import InputError, quote
from ..records import RawInput
from ..text import decode
from .limits import MAX_PAGE_BYTES, describe_size

__all__ = ["iter_warc", "iter_warc_file"]

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# WARC and HTTP header lines are short; a "line" longer than this, or more header lines in
# a row than this, is a decompression bomb or damage, not a record.
_HEADER_LINE_BYTES = 64 * 1024
_HEADER_LINES = 10_000
_RECORD_TYPES = {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}


def iter_warc(stream: BinaryIO, where: str) -> Iterator[RawInput | InputError]:
    """Read a WARC stream record by record: each HTML response (status 2xx,
    Content-Type text/html or xhtml) becomes a RawInput with its body decoded
    by the charset the HTTP header names (else sniffed, see ``text.decode``).

    Never raises for bad data: a damaged record or a truncated ``.warc.gz``
    yields an InputError naming ``where`` and the record number, after every
    record read before the damage. This is what the Spark job calls per file.

    Args:
        stream: a binary stream (plain or gzip WARC; warcio detects which).
        where: the file name or URL for messages and the records' location.
    Yields:
        RawInput(source=target URL, url=target URL, hint="html",
        location="where#N") or InputError.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    number = 0
    counted = _CountingReader(stream)
    try:
        archive = ArchiveIterator(counted)
        _bound(archive)
        for record in archive:
            number += 1
            if record.rec_type not in _RECORD_TYPES or record.rec_headers.get_header("Content-Length") is None:
                # warcio's reading of a record cut off inside its WARC headers
                raise ValueError(f"record {number} is cut off or has no WARC headers")
            if not str(record.format).startswith("warc"):  # warcio reads any text as an old ARC line
                raise ValueError("not a WARC file (no WARC/1.x record header)")
            http = record.http_headers if record.rec_type == "response" else None
            status = (http.get_statuscode() or "") if http is not None else ""
            content_type = (http.get_header("Content-Type") or "").lower() if http is not None else ""
            if record.rec_type == "response" and not status and not str(
                    record.rec_headers.get_header("WARC-Target-URI") or "").startswith("dns:"):
                raise ValueError(f"record {number} is cut off in its HTTP headers")
            if not status.startswith("2") or not content_type.startswith(_HTML_TYPES):
                _skip(record, number)
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            location = f"{where}#{number}"
            body = record.content_stream().read(MAX_PAGE_BYTES + 1)
            missing = getattr(record.raw_stream, "limit", 0) if len(body) <= MAX_PAGE_BYTES else 0
            if missing:
                raise ValueError(f"record {number} is cut off ({missing} bytes missing)")
            if len(body) > MAX_PAGE_BYTES:
                yield InputError(location, f"page over the {describe_size(MAX_PAGE_BYTES)} limit for one page; skipped")
                continue
            if not body.strip():
                yield InputError(location, "empty HTML response")
                continue
            declared = _CHARSET.search(content_type)
            try:
                text = decode(body, where=location, declared=declared.group(1) if declared else None)
            except InputError as err:
                yield err
                continue
            yield RawInput(source=url or location, content=text, url=url, hint="html", location=location)
        if number:
            # warcio stops quietly at a cut-off gzip member: bytes left after
            # the last whole record mean the file is truncated or damaged.
            end = archive.get_record_offset() + archive.get_record_length()
            counted.drain()
            left = counted.total - end
            if left > 0 and (left > len(counted.tail) or counted.tail[-left:].strip()):
                raise ValueError(f"{left} bytes after record {number} cannot be read")
        elif counted.drain() and counted.total:
            raise ValueError("no WARC record could be read")
    # warcio meets damaged bytes with whatever its parser trips on: each is reported as damage
    except (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, OSError, ValueError,
            AttributeError, TypeError, KeyError, IndexError) as err:
        problem = quote(str(err) or type(err).__name__)
        yield InputError(where, f"truncated or damaged WARC after record {number}: {problem}")


def _bound(archive) -> None:
    """Make the archive's reader refuse over-long lines and endless header blocks: warcio
    reads a line whole, so a gzip member of zeros (16 KB that inflate to 16 MB, a 1 MB file
    to 1 GB) would otherwise be held in memory, and quoted in its error, at once."""
    from warcio.bufferedreaders import DecompressingBufferedReader

    class _BoundedReader(DecompressingBufferedReader):
        _lines = 0

        def readline(self, length=None):
            cap = _HEADER_LINE_BYTES + 1 if not length else min(length, _HEADER_LINE_BYTES + 1)
            parts, size = [], 0
            while size < cap:
                self._fillbuff()
                if self.empty():
                    break
                part = self.buff.readline(cap - size)
                parts.append(part)
                size += len(part)
                if part.endswith(b"\n"):
                    break
            line = b"".join(parts)
            if size > _HEADER_LINE_BYTES:
                raise ValueError(f"a header line over {_HEADER_LINE_BYTES // 1024} KB "
                                 f"(starting {quote(line[:60].decode('latin-1'))!s})")
            self._lines += 1
            if self._lines > _HEADER_LINES:
                raise ValueError(f"over {_HEADER_LINES} header or blank lines in a row")
            return line

        def read(self, length=None):
            self._lines = 0
            return super().read(length)

    archive.reader.__class__ = _BoundedReader


def _skip(record, number: int) -> None:
    """Read past a record we do not keep, in bounded memory, checking it is whole."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    missing = getattr(stream, "limit", 0)
    if missing:
        raise ValueError(f"record {number} is cut off ({missing} bytes missing)")


class _CountingReader:
    """A binary stream wrapper that counts the bytes it delivers."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.total = 0
        self.tail = b""  # the last bytes delivered: what trails the last record

    def _count(self, data: bytes) -> bytes:
        self.total += len(data)
        if data:
            self.tail = (self.tail + data)[-64:]
        return data

    def read(self, size: int = -1) -> bytes:
        return self._count(self._stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self._stream.readline(size))

    def drain(self) -> bool:
        """Read (and count) what is left; True when done."""
        while self.read(1 << 16):
            pass
        return True


def iter_warc_file(path: str) -> Iterator[RawInput | InputError]:
    """``iter_warc`` over a file on disk; a missing or unreadable file is an InputError."""
    try:
        stream = open(path, "rb")
    except OSError as err:
        yield InputError(path, err.strerror or str(err))
        return
    with stream:
        if os.fstat(stream.fileno()).st_size == 0:
            yield InputError(path, "empty file")
            return
        yield from iter_warc(stream, path)
