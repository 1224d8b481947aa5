"""The runner: inputs (paths, URLs, stdin, RawInputs) into results, in this process or an
ordered process pool. Every face uses it (`extract`, `ingest`, the API's ingest, the demo)
and so does each Spark task; the store only ever sees its results.

    >>> from projectradar.runner import extract_inputs, ingest
    >>> for out in extract_inputs(["pages/", "news.jsonl"], workers=2):
    ...     print(out if isinstance(out, Exception) else len(out.events))
    >>> ingest(Store("radar.db"), ["pages/"], workers=2).events_new
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool, _ExecutorManagerThread
from typing import TYPE_CHECKING, Any

from .errors import IngestError, InputError, RadarError, quote
from .pipeline import extract_raw
from .records import RawInput, Result
from .sources import KNOWN_EXTENSIONS, iter_inputs
from .sources.files import extension_of
from .sources.web import is_url

if TYPE_CHECKING:  # the store is the caller's: the runner itself never opens a database
    from .store import IngestReport, Store

__all__ = ["extract_inputs", "ingest", "extract_in_pool", "default_workers", "extract_one", "warm_up",
           "raw_inputs", "input_files"]

Input = str | os.PathLike | RawInput | InputError
Extractor = Callable[[RawInput], Result]
# What a worker sends back for a page it could not extract: (where, problem, line).
# InputError itself does not survive pickling (its __init__ takes keywords),
# so the parent rebuilds it from these.
_Failure = tuple[str, str, int | None]
# What a worker sends back when the rules themselves are broken (a bad rule table):
# every other page would fail the same way, so the run stops with this message.
_Broken = tuple[str]

# Seconds one page's extraction may take; a page still over it (every stage is linear, but a
# page of pathological text can be slow) is reported and the run goes on. 0: no limit.
PAGE_SECONDS = float(os.environ.get("PROJECTRADAR_PAGE_SECONDS", "60"))

# Chunks kept in flight per worker: enough to hide the parent's reading and
# yielding, small enough that memory stays bounded on an endless input.
_CHUNKS_AHEAD_PER_WORKER = 8
# Pages in a row whose worker died before the run is taken for broken (workers
# that cannot start, or every page killing them) rather than one bad page.
_DEATHS_BEFORE_GIVING_UP = 8


def raw_inputs(inputs: Iterable[Input]) -> Iterator[RawInput | InputError]:
    """What `sources` reads from each input: paths, '-' and URLs are read (an InputError for
    one that cannot be), RawInputs and InputErrors pass as they are. Lazy, in order."""
    for item in inputs:
        if isinstance(item, (RawInput, InputError)):
            yield item
            continue
        path = os.fspath(item)
        try:
            yield from iter_inputs([path])
        except Exception as err:  # a reader's own failure (a missing module, a library bug): this input's error
            yield InputError(path, f"cannot be read: {type(err).__name__}: {quote(err)}")


def input_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The files the inputs name, in the order they are read: each folder listed as `sources`
    reads it (hidden entries and other extensions skipped); files, '-' and URLs as given.
    Cheap (nothing is opened), so a progress bar can know its total first. A folder that
    cannot be listed stays itself, so that reading it reports the problem.

    >>> input_files(["pages/", "news.jsonl"])
    ['pages/a.txt', 'pages/b.html', 'news.jsonl']
    """
    out: list[str] = []
    for path in map(os.fspath, paths):
        if path == "-" or is_url(path) or not os.path.isdir(path):
            out.append(path)
            continue
        unlistable: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=unlistable.append):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            out.extend(os.path.join(root, name) for name in sorted(files)
                       if not name.startswith(".") and extension_of(name) in KNOWN_EXTENSIONS)
        out.extend(err.filename or path for err in unlistable)
    return out


def extract_inputs(inputs: Iterable[Input], *, workers: int | None = None,
                   published: str | None = None, isolate: bool = False,
                   reuse_pool: bool = False) -> Iterator[Result | InputError]:
    """Read and extract every input, in order: a Result for each page, an InputError for each
    input or page that failed (the others go on).

    Args:
        inputs: files, folders, '-' (stdin), URLs and feeds, WARC files, or RawInputs.
        workers: extraction processes; None for every core (`default_workers`), 1 for this
            process. The outputs, and so what a store keeps, are the same either way.
        published: an ISO date that overrides every page's publication date.
        isolate, reuse_pool: as `extract_in_pool` (a server extracts in a kept child process,
            so that extraction never holds its own interpreter).
    Returns:
        an iterator of Result | InputError. Raises RadarError when extraction cannot run at
        all (a broken rule table, workers that keep dying).

    >>> [type(out).__name__ for out in extract_inputs(["missing.txt"], workers=1)]
    ['InputError']
    """
    raws = raw_inputs(inputs)
    if published is not None:
        raws = (_published(raw, published) for raw in raws)
    return extract_in_pool(raws, workers=default_workers() if workers is None else workers, isolate=isolate,
                           reuse_pool=reuse_pool)


def _published(raw: RawInput | InputError, published: str) -> RawInput | InputError:
    return dataclasses.replace(raw, published=published) if isinstance(raw, RawInput) else raw


def ingest(store: "Store", inputs: Iterable[Input], *, workers: int | None = None, published: str | None = None,
           batch_size: int = 200, on_progress: Callable[["IngestReport"], None] | None = None,
           on_output: Callable[[Result | InputError], None] | None = None, isolate: bool = False,
           reuse_pool: bool = False) -> "IngestReport":
    """Read, extract and store inputs: `extract_inputs` into ``store.ingest`` (``batch_size``
    results a transaction, ``on_progress(report)`` after each, ``on_output(output)`` for each
    Result or InputError as it comes, in input order).

    Inputs that cannot be read or extracted are in ``report.errors``; the rest is stored.
    Raises IngestError (with ``.report``) when nothing at all could be read: no input given or
    found, or every one failed. Safe to call from a plain script (no ``__main__`` guard needed):
    see `extract_in_pool` on how workers start.

    >>> report = ingest(Store("radar.db"), ["pages/"], workers=2)
    >>> report.events_new, report.errors
    (6, [])
    """
    workers = default_workers() if workers is None else workers
    outputs = extract_inputs(inputs, workers=workers, published=published, isolate=isolate, reuse_pool=reuse_pool)
    if on_output is not None:
        outputs = _watched(outputs, on_output)
    # With a pool the workers extract while this process writes, so no writer thread is
    # needed; and with no thread running the workers can be forked (see extract_in_pool).
    report = store.ingest(outputs, batch_size=batch_size, on_progress=on_progress,
                          background=workers <= 1 and not isolate)
    if report.inputs == 0:
        raise IngestError(_nothing_read(report), report)
    return report


def _watched(outputs: Iterator[Result | InputError],
             watch: Callable[[Result | InputError], None]) -> Iterator[Result | InputError]:
    for out in outputs:
        watch(out)
        yield out


def _nothing_read(report: "IngestReport") -> str:
    if not report.errors:
        return "nothing to ingest: no page found in the inputs"
    first = report.errors[0]
    more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
    return f"nothing stored: every input failed; {first}{more}"


def default_workers() -> int:
    """The cores this process may run on (``os.sched_getaffinity``), at least 1.

    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _where(raw: RawInput) -> str:
    return raw.location or raw.url or raw.source


def extract_one(raw: RawInput, extract: Extractor | None = None) -> Result | InputError:
    """Extract one page, turning any failure into an InputError naming the page.

    Args:
        raw: the page as `sources` read it.
        extract: the extractor (default `projectradar.pipeline.extract_raw`).
    Returns:
        the page's Result, or an InputError ("where: extraction failed: ..."). Raises
        RadarError when the rules are broken (every page would fail).

    >>> extract_one(RawInput(source="a.txt", content=b""), lambda r: Result())
    Result(documents=[], events=[], projects=[])
    """
    return _as_output(_extract_or_failure(raw, extract or extract_raw))


class _OverBudget(BaseException):
    """Raised by the timer inside a page's extraction (a BaseException: no stage catches it)."""


@contextlib.contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Interrupt what runs inside after ``seconds`` with _OverBudget (a timer signal: only
    in a process's main thread, where every face and worker extracts; elsewhere no limit)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise _OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract_or_failure(raw: RawInput, extract: Extractor) -> Result | _Failure | _Broken:
    try:
        with _time_budget(PAGE_SECONDS):
            return extract(raw)
    except _OverBudget:
        return (_where(raw), f"extraction took over {PAGE_SECONDS:g} s, skipped (a page of pathological text; "
                             "PROJECTRADAR_PAGE_SECONDS sets the limit)", None)
    except InputError as err:
        return (err.where, err.problem, err.line)
    except RadarError as err:
        return (str(err),)
    except Exception as err:  # one bad page must not stop the run: report it, go on
        return (_where(raw), f"extraction failed: {type(err).__name__}: {err}", None)


def _as_output(outcome: Result | _Failure | _Broken) -> Result | InputError:
    if isinstance(outcome, Result):
        return outcome
    if len(outcome) == 1:
        raise RadarError(outcome[0])
    where, problem, line = outcome
    return InputError(where, problem, line=line)


# ---------------------------------------------------------------- in a worker
_worker_extract: Extractor | None = None

# A page touching most lexicons (HTML, a date, a place, money, a count, a title).
_WARM_UP_PAGE = (
    "<html><head><title>某市重点项目集中签约</title></head><body><article>"
    "<h1>某市重点项目集中签约</h1><p>2024年3月5日，盐城市举行一季度重点项目集中签约活动，"
    "共签约项目12个，总投资86.4亿元，涉及新能源、高端装备等产业。市委书记出席并讲话。</p>"
    "</article></body></html>"
)


@functools.cache
def warm_up() -> None:
    """Load the pipeline's lexicons in this process, once, by extracting a small page. A
    process forked afterwards shares them instead of loading its own."""
    try:
        extract_raw(RawInput(source="warm-up", content=_WARM_UP_PAGE, hint="html"))
    except Exception:  # warming is an optimisation; a real failure shows on the first page
        pass


def _init_worker(extract: Extractor | None) -> None:
    """Run once per worker process: pick the extractor and warm its lexicons
    (a no-op when they came with the fork), so the first chunk does not pay."""
    global _worker_extract
    _worker_extract = extract or extract_raw
    if extract is None:
        warm_up()


def _extract_chunk(chunk: list[RawInput]) -> list[Result | _Failure | _Broken]:
    extract = _worker_extract or extract_raw
    return [_extract_or_failure(raw, extract) for raw in chunk]


# ---------------------------------------------------------------- in the parent
def extract_in_pool(
    raws: Iterable[RawInput | InputError],
    *,
    workers: int,
    chunksize: int = 16,
    extract: Extractor | None = None,
    start_method: str | None = None,
    isolate: bool = False,
    reuse_pool: bool = False,
) -> Iterator[Result | InputError]:
    """Extract pages on ``workers`` processes, yielding one output per input, in order.

    An InputError among the inputs (a file `sources` could not read) is passed
    through in its place. A page whose extraction raises, or whose worker dies
    outright (a crash, the OOM killer), comes out as an InputError naming that
    page; the other pages go on (RadarError if workers die on page after
    page, i.e. cannot run at all). With ``workers <= 1`` everything runs in this
    process, with the same error handling.

    Args:
        raws: pages as `sources.iter_inputs` yields them (read lazily).
        workers: processes to use; `default_workers()` gives all cores.
        chunksize: pages sent to a worker at a time.
        extract: a module-level function RawInput -> Result (default
            `projectradar.pipeline.extract_raw`); it must pickle.
        start_method: multiprocessing start method (default "fork" when this
            process runs no other thread, else "forkserver"). Forked workers never
            import ``__main__``, so a plain script may call this at its top level; with
            spawn or forkserver each worker imports the script again, and when that
            reaches this call the workers cannot start: RadarError at once, saying to
            use ``if __name__ == "__main__":`` or ``workers=1``.
        isolate: with ``workers <= 1``, still extract in one child process,
            so that a page killing its process costs only that page (the
            Spark job uses this inside each task).
        reuse_pool: keep the worker processes for the next call with the same
            workers/extract from this process instead of starting new ones.
    Returns:
        an iterator of Result | InputError, as many as there were inputs.

    Example:
        >>> from projectradar.sources import iter_inputs
        >>> for out in extract_in_pool(iter_inputs(["news/"]), workers=2):
        ...     print(len(out.events) if isinstance(out, Result) else out)
    """
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    if _reimported_main():
        # A worker that started by importing the caller's script (spawn, forkserver) and so
        # reached this call again: leave at once and quietly; the parent says what to do.
        os._exit(_REIMPORTED_MAIN_EXIT)
    if workers <= 1 and not isolate:
        extractor = extract or extract_raw
        for raw in raws:
            yield raw if isinstance(raw, InputError) else _as_output(_extract_or_failure(raw, extractor))
        return
    yield from _PoolRun(max(1, workers), chunksize, extract, start_method, reuse_pool).run(raws)


# Exit status of a worker that found itself re-running the caller's script.
_REIMPORTED_MAIN_EXIT = 3


def _reimported_main() -> bool:
    """True in a worker process that is still starting, i.e. importing the parent's
    ``__main__`` (the check multiprocessing itself makes before refusing to start a process)."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def _ready() -> bool:
    return True


def _default_start_method() -> str | None:
    """fork where it is safe: it is the fastest start and the workers inherit the
    lexicons this process already loaded, and it never re-imports ``__main__``.
    With other threads running (a Spark gateway, a web server) a forked child
    could inherit a held lock, so then forkserver."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and not _foreign_threads():
        return "fork"
    if "forkserver" in methods:
        return "forkserver"
    return None  # the platform's default (spawn)


# Pools kept alive between calls with reuse_pool=True, by (workers, extract's name, start_method):
# the Spark tasks run by one Python worker share one isolated child this way.
_KEPT_POOLS: dict[tuple, tuple[Any, ProcessPoolExecutor]] = {}


def _foreign_threads() -> list[threading.Thread]:
    """Threads other than the main one and those of our own pools (a process
    pool forks its workers beside its own manager thread by design)."""
    return [t for t in threading.enumerate() if t is not threading.main_thread()
            and not isinstance(t, _ExecutorManagerThread) and t.name != "QueueFeederThread"]


def _finished_well(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


class _PoolRun:
    """One pooled run: a window of chunks in flight, drained in input order."""

    def __init__(self, workers: int, chunksize: int, extract: Extractor | None, start_method: str | None,
                 reuse: bool = False):
        self.workers = workers
        self.chunksize = chunksize
        self.extract = extract
        self.reuse = reuse
        # By name, not identity: Spark unpickles a fresh copy of the same function for each task.
        self.key = (workers, None if extract is None else f"{extract.__module__}.{extract.__qualname__}", start_method)
        kept = _KEPT_POOLS.get(self.key) if reuse else None
        # A kept pool keeps the start method it was made with (threads exist now).
        self.context = kept[0] if kept else multiprocessing.get_context(start_method or _default_start_method())
        self.pool: ProcessPoolExecutor | None = kept[1] if kept else None
        self.deaths_in_a_row = 0     # pages whose worker died, with no page done in between

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=_init_worker,
            initargs=(self.extract,),
        )

    def run(self, raws: Iterable[RawInput | InputError]) -> Iterator[Result | InputError]:
        if self.extract is None and self.context.get_start_method() == "fork":
            warm_up()  # here, once: every worker forked from now on (restarts too) starts warm
        if self.context.get_start_method() == "fork":
            # Move what is loaded so far out of the collector's sight: a forked worker's
            # collections would otherwise touch (and so copy) every page of the lexicons.
            gc.freeze()
        if self.pool is None:
            self.pool = self._new_pool()
            self._keep()
            if self.context.get_start_method() != "fork":
                self._check_start()
        # Each slot is either an InputError passed through or (chunk, future).
        window: deque[InputError | tuple[list[RawInput], Future]] = deque()
        limit = self.workers * _CHUNKS_AHEAD_PER_WORKER
        pending: list[RawInput] = []
        source = iter(raws)
        end = object()
        try:
            exhausted = False
            while True:
                while not exhausted and len(window) < limit:
                    item = next(source, end)
                    if item is end:
                        exhausted = True
                        if pending:
                            window.append(self._submit(pending))
                            pending = []
                    elif isinstance(item, InputError):
                        # keep order: what was read before it goes first
                        if pending:
                            window.append(self._submit(pending))
                            pending = []
                        window.append(item)
                    else:
                        pending.append(item)
                        if len(pending) >= self.chunksize:
                            window.append(self._submit(pending))
                            pending = []
                if not window:
                    return
                slot = window.popleft()
                if isinstance(slot, InputError):
                    yield slot
                else:
                    yield from self._collect(*slot, window)
        finally:
            if self.reuse:
                for slot in window:  # stopped early: drop our queued work, keep the processes
                    if not isinstance(slot, InputError):
                        slot[1].cancel()
            elif self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                if self.context.get_start_method() == "fork":
                    gc.unfreeze()  # no more forks from this run: let this process collect as usual again

    def _check_start(self) -> None:
        """Workers that start by importing ``__main__`` (spawn, forkserver) die at once when the
        caller's script calls us at its top level; say so now rather than page after page."""
        assert self.pool is not None
        try:
            self.pool.submit(_ready).result()
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
            raise RadarError(
                f"extraction worker processes could not start (start method "
                f"{self.context.get_start_method()!r}: each worker imports your script again). "
                "In a script, call projectradar.ingest / extract_inputs under "
                "`if __name__ == \"__main__\":`, or pass workers=1") from None

    def _submit(self, chunk: list[RawInput]) -> tuple[list[RawInput], Future]:
        assert self.pool is not None
        try:
            return chunk, self.pool.submit(_extract_chunk, chunk)
        except BrokenProcessPool:
            self._restart()
            return chunk, self.pool.submit(_extract_chunk, chunk)

    def _collect(self, chunk: list[RawInput], future: Future, window: deque) -> Iterator[Result | InputError]:
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            # A worker died. Every chunk in flight is lost with the pool: rerun
            # this one page by page to find the culprit, resubmit the others.
            self._restart()
            yield from self._isolate(chunk)
            for i, slot in enumerate(window):
                if not isinstance(slot, InputError) and not _finished_well(slot[1]):
                    window[i] = self._submit(slot[0])
            return
        self.deaths_in_a_row = 0
        for outcome in outcomes:
            yield _as_output(outcome)

    def _isolate(self, chunk: list[RawInput]) -> Iterator[Result | InputError]:
        for raw in chunk:
            assert self.pool is not None
            try:
                outcome = self.pool.submit(_extract_chunk, [raw]).result()[0]
            except BrokenProcessPool as err:
                self.deaths_in_a_row += 1
                if self.deaths_in_a_row >= _DEATHS_BEFORE_GIVING_UP:
                    # not one bad page but workers that cannot run at all
                    raise RadarError(f"extraction workers keep dying ({self.deaths_in_a_row} pages in a row, "
                                     f"last at {_where(raw)}): {err}; try --workers 1") from None
                self._restart()
                yield InputError(_where(raw), "extraction failed: the worker process died on this page")
            else:
                self.deaths_in_a_row = 0
                yield _as_output(outcome)

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        self._keep()

    def _keep(self) -> None:
        if self.reuse:
            _KEPT_POOLS[self.key] = (self.context, self.pool)
