"""URLs and RSS/Atom feeds → RawInput, fetched politely with httpx (rate limit, User-Agent, charset honoured)."""
from __future__ import annotations

import re
import threading
import time
import urllib.parse
from typing import Iterator

from .. import __version__
from ..errors import FetchError, InputError
from ..netguard import Resolver, guarded_request
from ..records import RawInput
from ..text import decode
from .limits import MAX_PAGE_BYTES, describe_size

__all__ = ["Fetcher", "iter_url", "is_url", "is_feed", "USER_AGENT"]


USER_AGENT = f"projectradar/{__version__} (investment-project news reader; +https://pypi.org/project/projectradar/)"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


def is_url(value: str) -> bool:
    """'http://…' or 'https://…'."""
    return value.lower().startswith(("http://", "https://"))


def is_feed(data: bytes, content_type: str) -> bool:
    """An RSS/Atom document: by Content-Type, else by its first element."""
    ctype = content_type.lower()
    if ctype.startswith(_FEED_TYPES):
        return True
    if "html" in ctype:
        return False
    head = data[:2048].lstrip().lower()
    return bool(re.match(rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:rdf)\b", head, re.S))


class Fetcher:
    """An httpx client with a polite rate: at most one request per
    ``min_interval`` seconds to the same host, a User-Agent naming
    projectradar, redirects followed, bodies capped at the page limit, and no
    loopback, link-local or private target (checked after resolving and at every
    redirect, `projectradar.netguard`) unless ``allow_private``.

    Args:
        min_interval: seconds between two requests to one host (default 1.0).
        timeout: seconds for connect and read.
        client: an httpx.Client to use instead (tests pass a MockTransport one).
    """

    def __init__(self, *, min_interval: float = 1.0, timeout: float = 20.0, client=None,
                 allow_private: bool | None = None, resolve: Resolver | None = None):
        self.min_interval = min_interval
        self.allow_private = allow_private      # None: $PROJECTRADAR_ALLOW_PRIVATE_URLS decides
        self.resolve = resolve
        self.timeout = timeout
        self._client = client
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def client(self):
        if self._client is None:
            import httpx

            self._client = httpx.Client(headers={"User-Agent": USER_AGENT}, follow_redirects=True,
                                        timeout=self.timeout)
        return self._client

    def _wait_turn(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        with self._lock:
            now = time.monotonic()
            wait = self._last.get(host, -1e9) + self.min_interval - now
            self._last[host] = now + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def get(self, url: str) -> tuple[bytes, str, str]:
        """Fetch ``url``: (body, content type, final URL). Raises FetchError
        for a network failure, an HTTP error status or a body over the limit."""
        import httpx

        self._wait_turn(url)
        try:
            response = guarded_request(self.client, "GET", url, allow_private=self.allow_private, resolve=self.resolve,
                                       headers={"User-Agent": USER_AGENT}, stream=True)
            try:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_PAGE_BYTES:
                        raise FetchError(url, f"response over the {describe_size(MAX_PAGE_BYTES)} limit for one page")
                    chunks.append(chunk)
                final = response.extensions.get("guarded_url", url)
                return b"".join(chunks), response.headers.get("content-type", ""), final
            finally:
                response.close()
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out after {self.timeout:g} s") from None
        except httpx.HTTPError as err:
            reason = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise FetchError(url, f"cannot fetch: {reason}") from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _page(url: str, data: bytes, content_type: str, **fields) -> RawInput:
    declared = _CHARSET.search(content_type)
    text = decode(data, where=url, declared=declared.group(1) if declared else None)
    hint = "html" if "html" in content_type.lower() else None
    return RawInput(source=url, content=text, url=url, hint=hint, location=url, **fields)


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None


def iter_url(url: str, *, fetcher: Fetcher | None = None) -> Iterator[RawInput | InputError]:
    """A page URL → one RawInput; a feed URL (RSS/Atom) → one RawInput per
    entry, each entry's page fetched (its published date and title kept).
    Failures are yielded as FetchError/InputError, never raised."""
    fetcher = fetcher or default_fetcher()
    try:
        data, content_type, final_url = fetcher.get(url)
    except InputError as err:
        yield err
        return
    if not data.strip():
        yield FetchError(url, "empty response")
        return
    if not is_feed(data, content_type):
        try:
            yield _page(url, data, content_type)
        except InputError as err:
            yield err
        return
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        yield FetchError(url, "feed has no entries")
        return
    for entry in feed.entries:
        link = entry.get("link")
        title = entry.get("title")
        published = _entry_date(entry)
        if not link:  # a feed that carries its stories whole
            body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
            if body.strip():
                yield RawInput(source=url, content=body, url=None, title=title, published=published,
                               location=url)
            continue
        link = urllib.parse.urljoin(final_url, link)
        try:
            body, ctype, _ = fetcher.get(link)
            yield _page(link, body, ctype, title=title, published=published)
        except InputError as err:
            yield err


_DEFAULT: Fetcher | None = None


def default_fetcher() -> Fetcher:
    """The process-wide polite fetcher (one rate limit for every URL read)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Fetcher()
    return _DEFAULT
