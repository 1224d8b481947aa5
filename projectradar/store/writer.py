"""Batches of results handed to one writer thread, in order, while the caller produces the next."""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from typing import Any

from .rows import batched

__all__ = ["BackgroundWriter", "write_all"]


class BackgroundWriter:
    """One thread that writes batches in the order they are put, at most two waiting (so
    memory stays bounded); its error is raised in the producer at the next put or at exit."""

    _DONE = object()

    def __init__(self, write: Callable[[list], None]):
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="projectradar-writer", daemon=True)

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            if batch is self._DONE:
                return
            if self._error is None:
                try:
                    self._write(batch)
                except BaseException as err:  # handed to the producer thread
                    self._error = err

    def put(self, batch: list) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(batch)

    def __enter__(self) -> "BackgroundWriter":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        # the batches already handed over are complete: let them be written, then stop
        self._queue.put(self._DONE)
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error


def write_all(inputs: Iterable[Any], batch_size: int, write: Callable[[list], None], *,
              background: bool) -> None:
    """Hand ``inputs`` to ``write`` a batch at a time, in a writer thread when ``background``."""
    if background:
        with BackgroundWriter(write) as writer:
            for batch in batched(inputs, batch_size):
                writer.put(batch)
    else:
        for batch in batched(inputs, batch_size):
            write(batch)
