"""Sources: files, folders, stdin, URLs, feeds and WARC files → RawInput, or an InputError to report.

    >>> for item in iter_inputs(["pages/", "news.jsonl", "-"]):
    ...     if isinstance(item, InputError): print("error:", item)
    ...     else: handle(item)
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..errors import InputError
from ..records import RawInput
from .files import KNOWN_EXTENSIONS, iter_file, iter_folder, iter_jsonl, iter_path, iter_stdin
from .limits import MAX_PAGE_BYTES
from .warc import iter_warc, iter_warc_file
from .web import Fetcher, is_url, iter_url

__all__ = ["iter_inputs", "iter_file", "iter_folder", "iter_path", "iter_warc", "iter_warc_file", "iter_jsonl", "iter_stdin", "iter_url", "Fetcher",
           "MAX_PAGE_BYTES", "KNOWN_EXTENSIONS"]


def iter_inputs(paths: Iterable[str], *, recursive: bool = True,
                fetcher: Fetcher | None = None) -> Iterator[RawInput | InputError]:
    """Every input named: files by extension (.txt .html .htm .jsonl .md
    .warc .warc.gz), folders (recursively unless ``recursive=False``; hidden
    entries skipped), ``-`` for standard input, http(s) URLs and RSS/Atom feeds.

    Never raises for a bad input: it yields an InputError (its ``str`` is
    ``FILE[:LINE]: problem``) and goes on with the others.

    Args:
        paths: paths, ``-`` or URLs, in the order to read them.
        recursive: descend into sub-folders.
        fetcher: the polite HTTP fetcher to use for URLs (default: a shared one).
    Yields:
        RawInput (one page, JSONL line or WARC record) or InputError.
    """
    for path in paths:
        if path == "-":
            yield from iter_stdin()
        elif is_url(path):
            yield from iter_url(path, fetcher=fetcher)
        else:
            yield from iter_path(path, recursive=recursive)
