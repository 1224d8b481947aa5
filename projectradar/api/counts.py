"""A short-lived cache of event counts per filter: paging through one result set counts once."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Callable

__all__ = ["CountCache"]


class CountCache:
    """Remember ``store.count_events(filters)`` for ``ttl`` seconds, for at most ``size`` filters.

    A total shown beside a page of events may be up to ``ttl`` seconds old;
    the list itself is always read fresh. ``clear()`` after this server writes.

    >>> cache = CountCache(ttl=30)
    >>> cache.get(("signing",), lambda: 42), cache.get(("signing",), lambda: 0)
    (42, 42)
    """

    def __init__(self, *, ttl: float = 30.0, size: int = 512, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._items: OrderedDict[Any, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, count: Callable[[], int]) -> int:
        """The cached count for ``key``, or ``count()`` (then kept) when absent or stale."""
        now = self.clock()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._items.move_to_end(key)
                return hit[1]
        value = count()
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def count_events(app_state: Any, store: Any, filters: Any) -> int:
    """``store.count_events(filters)`` through the app's CountCache."""
    cache: CountCache = app_state.counts
    return cache.get(repr(filters), lambda: store.count_events(filters))
