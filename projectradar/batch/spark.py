"""The Spark job: WARC files in, Parquet documents and events out, one task per WARC.

Run it through the CLI (`projectradar batch INPUT... --out DIR`) or, on a
cluster, hand this file to spark-submit (see docs/readme/scale.md)::

    spark-submit --master yarn projectradar/batch/submit.py warc.paths --out s3a://bucket/radar/

Each task opens its WARC file(s), reads HTML responses with the same
`sources.warc.iter_warc` as `ingest`, extracts with the same
`pipeline.extract_raw`, and writes its rows to Parquet itself; nothing
page-level is shuffled or collected.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import posixpath
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, RadarError
from ..runner import extract_in_pool
from ..sources.warc import iter_warc
from .parquet import PartitionedWriter, result_rows
from .storage import open_input, remove_dir, write_text
from .summary import SUMMARY_FILE, Failure, RunSummary

__all__ = ["run_batch", "expand_inputs", "open_input", "spark_session", "process_warcs"]


WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")

# Tags on what process_warcs yields: a document row, an event row, a WARC's summary.
_DOC, _EVENT, _PROJECT, _SUMMARY = "d", "e", "p", "s"


def is_warc(path: str) -> bool:
    """True when the path names a WARC (or ARC) file, compressed or not."""
    return path.lower().endswith(WARC_SUFFIXES)


def expand_inputs(inputs: Iterable[str], *, base: str | None = None) -> tuple[list[str], list[Failure]]:
    """WARC paths named directly, found in a local folder, or listed in text files
    (like Common Crawl's warc.paths[.gz]).

    A listed path that is relative is taken relative to ``base`` when given
    (``s3a://commoncrawl/`` for Common Crawl), else to the listing's folder.
    Blank lines and lines starting with # are skipped.

    Returns:
        (WARC paths in order, failures for listings that could not be read).

    >>> expand_inputs(["a.warc.gz", "b.warc"])
    (['a.warc.gz', 'b.warc'], [])
    """
    paths: list[str] = []
    failures: list[Failure] = []
    for item in inputs:
        if is_warc(item):
            paths.append(item)
            continue
        local = item.removeprefix("file://")
        if "://" not in local and os.path.isdir(local):
            found = sorted(str(p) for p in Path(local).rglob("*") if p.is_file() and is_warc(p.name))
            if not found:
                failures.append(Failure(item, "a folder with no .warc or .warc.gz file in it"))
            paths.extend(found)
            continue
        try:
            with open_input(item) as stream:
                data = stream.read()
        except InputError as err:
            failures.append(Failure.from_error(err))
            continue
        if item.endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as err:
                failures.append(Failure(item, f"not a gzip listing: {err}"))
                continue
        folder = base if base is not None else posixpath.dirname(item)
        for line in data.decode("utf-8", errors="replace").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            absolute = line.startswith("/") or "://" in line
            paths.append(line if absolute or not folder else _join(folder, line))
    return paths, failures


def _join(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name if "://" in folder else os.path.join(folder, name)


def process_warcs(
    paths: Iterable[str],
    *,
    extract: Callable | None = None,
    read_warc: Callable[[IO[bytes], str], Iterable[Any]] | None = None,
    isolate: bool = False,
) -> Iterator[tuple[str, Any]]:
    """What one Spark task does: read each WARC, extract every HTML page, yield tagged rows.

    Yields ("d", document row), ("e", event row) and, last for each WARC,
    ("s", RunSummary of that WARC). Nothing raises: a missing file, a broken
    record or a page whose extraction fails is a Failure in the summary.
    With ``isolate`` the pages are extracted in a child process, so a page
    that kills it (a crash in a C library, the OOM killer) is one Failure too.
    Works without Spark (the bench and tests call it directly).
    """
    read = read_warc or iter_warc    # the one WARC reader everyone uses
    for path in paths:
        summary = RunSummary(inputs=1)
        try:
            stream = open_input(path)
        except InputError as err:
            summary.failed.append(Failure.from_error(err))
            yield _SUMMARY, summary
            continue
        in_flight: deque[Any] = deque()   # the inputs whose outputs are still to come, in order

        def records(stream=stream, path=path):
            for item in read(stream, path):
                in_flight.append(item)
                yield item

        try:
            with stream:
                outputs = extract_in_pool(records(), workers=1, extract=extract, isolate=isolate, reuse_pool=True)
                for out in outputs:
                    item = in_flight.popleft()
                    if isinstance(item, InputError):
                        if item.where != path:  # a damaged record, not the file giving out
                            summary.records += 1
                        summary.failed.append(Failure.from_error(item))
                        continue
                    summary.records += 1
                    if isinstance(out, InputError):
                        summary.failed.append(Failure.from_error(out))
                        continue
                    page = item.location or f"{path}#{summary.records}"
                    try:
                        docs, events, projects = result_rows(out, page)
                    except RadarError as err:
                        summary.failed.append(Failure(page, str(err)))
                        continue
                    summary.documents += len(docs)
                    summary.events += len(events)
                    for row in docs:
                        yield _DOC, row
                    for row in events:
                        yield _EVENT, row
                    for row in projects:
                        yield _PROJECT, row
        except RadarError as err:  # the extraction workers could not run at all
            summary.failed.append(Failure(path, str(err)))
        except Exception as err:  # a stream that breaks mid-file: keep what was read, say where it stopped
            summary.failed.append(Failure(path, f"reading stopped after record {summary.records}: "
                                                f"{type(err).__name__}: {err}"))
        yield _SUMMARY, summary


def spark_session(master: str | None = "local[*]", *, app_name: str = "projectradar-batch", driver_memory: str = "1g"):
    """A SparkSession fit for this job: UI off, few shuffle partitions, modest driver memory.

    ``master`` None keeps what spark-submit set (falling back to local[*]).
    Returns the existing session if one is active.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # Spark's Python workers start as `python -m pyspark.daemon` in this folder: without this,
    # a `projectradar/` folder here (a clone, run from the folder above it) would be imported
    # instead of the installed package. Local workers inherit it; executors get it below.
    os.environ.setdefault("PYTHONSAFEPATH", "1")
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).config("spark.executorEnv.PYTHONSAFEPATH", "1")
    if master is not None:
        builder = builder.master(master)
    elif not SparkConf().contains("spark.master"):
        builder = builder.master("local[*]")
    if (master or "").startswith("local"):
        # a local run prints our summary, not Spark's start-up warnings, and
        # binds to loopback (a CI box's hostname may resolve to nothing useful)
        builder = (builder.config("spark.log.level", "ERROR")
                   .config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    return (
        builder.config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", driver_memory)
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.sources.partitionOverwriteMode", "static")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )


def _task_writing_parquet(out: str, extract: Callable | None, read_warc: Callable | None, isolate: bool):
    """The function each Spark task runs: extract its WARCs and write its own Parquet files
    (named after the partition, so a retried task replaces them), yielding only its summary."""

    def task(index: int, paths: Iterable[str]) -> Iterator[RunSummary]:
        total = RunSummary()
        with PartitionedWriter(out, f"part-{index:05d}") as writer:
            for tag, value in process_warcs(paths, extract=extract, read_warc=read_warc, isolate=isolate):
                if tag == _DOC:
                    writer.add([value], ())
                elif tag == _EVENT:
                    writer.add((), [value])
                elif tag == _PROJECT:
                    writer.add((), (), [value])
                else:
                    total.merge(value)
        yield total

    return task


def run_batch(
    inputs: Iterable[str],
    out: str,
    *,
    master: str | None = "local[*]",
    partitions: int | None = None,
    base: str | None = None,
    spark=None,
    extract: Callable | None = None,
    read_warc: Callable | None = None,
    isolate: bool = True,
) -> RunSummary:
    """Run the batch job and write OUT/documents, OUT/events (Parquet, partitioned
    by month) and OUT/summary.json.

    One Spark task per WARC file (``partitions`` to group them): inside
    ``mapPartitionsWithIndex`` it reads its WARCs, extracts every HTML page and
    writes its rows straight into Parquet, one file per month it saw. Only the
    small per-task summaries travel back to the driver: no shuffle, and the
    pages are read and extracted once.

    Args:
        inputs: WARC paths and/or text files listing them (local, s3a://, hdfs://).
        out: output directory (local or a URI pyarrow can write: s3a://, hdfs://);
            its documents/ and events/ are replaced.
        master: Spark master; None keeps spark-submit's.
        partitions: tasks to run; default one per WARC file.
        base: prefix for relative paths in listing files (e.g. s3a://commoncrawl/).
        spark: an existing SparkSession to use (tests reuse one).
        extract, read_warc: stand-ins for `pipeline.extract_raw` and
            `sources.warc.iter_warc` (tests); they are shipped to the tasks.
        isolate: extract in a child process of each task, so that a page
            killing it is listed as failed instead of failing the task (and,
            after retries, the job).
    Returns:
        the RunSummary that was written.

    Example:
        >>> summary = run_batch(["crawl/a.warc.gz"], "out/")
        >>> summary.documents, len(summary.failed)
    """
    started = time.perf_counter()
    paths, failures = expand_inputs(inputs, base=base)
    session = spark or spark_session(master)
    sc = session.sparkContext
    out = out.rstrip("/") or out
    for table in ("documents", "events"):
        remove_dir(f"{out}/{table}")
    summary = RunSummary(failed=list(failures), inputs=len(failures))
    tasks = max(1, min(partitions or len(paths), len(paths) or 1))
    if paths:
        job = sc.parallelize(paths, numSlices=tasks).mapPartitionsWithIndex(
            _task_writing_parquet(out, extract, read_warc, isolate))
        for part in job.collect():
            summary.merge(part)
    for table in ("documents", "events"):  # present even when nothing was found
        write_text(f"{out}/{table}", "_SUCCESS", "")
    summary.elapsed_seconds = time.perf_counter() - started
    summary.extra = {"master": sc.master, "tasks": tasks, "out": out}
    write_text(out, SUMMARY_FILE, json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return summary


def main(argv: list[str] | None = None) -> int:
    """Entry point for spark-submit (batch/submit.py): ``INPUT... --out DIR [--partitions N] [--base URI] [--no-isolate]``."""
    parser = argparse.ArgumentParser(prog="projectradar-batch", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="WARC files or text files listing them")
    parser.add_argument("--out", required=True, help="output directory for Parquet and summary.json")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--partitions", type=int, default=None, help="tasks (default: one per WARC)")
    parser.add_argument("--base", default=None, help="prefix for relative paths in listings")
    parser.add_argument("--no-isolate", dest="isolate", action="store_false",
                        help="extract in the task's own process (a crashing page then fails the task)")
    args = parser.parse_args(argv)
    try:
        summary = run_batch(args.inputs, args.out, master=args.master, partitions=args.partitions, base=args.base,
                            isolate=args.isolate)
    except RadarError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{summary.records} pages, {summary.documents} documents, {summary.events} events, "
          f"{len(summary.failed)} failed, {summary.elapsed_seconds:.1f}s -> {args.out}")
    return 0

