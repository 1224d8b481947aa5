"""Commands `batch` (Spark over WARC files → Parquet) and `load` (Parquet → the store)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import RadarError
from ..batch.summary import RunSummary
from .app import app
from .output import fail


@app.command("batch")
def batch(
    inputs: list[str] = typer.Argument(..., help="WARC files (.warc, .warc.gz), folders of them, or text files "
                                                 "listing them like Common Crawl's warc.paths; local, s3a:// or hdfs://."),
    out: str = typer.Option(..., "--out", "-o", help="Output directory: documents/, events/ (Parquet, by month), summary.json."),
    master: Optional[str] = typer.Option("local[*]", "--master", help="Spark master URL."),
    partitions: Optional[int] = typer.Option(None, "--partitions", min=1, help="Spark tasks (default: one per WARC file)."),
    base: Optional[str] = typer.Option(None, "--base", help="Prefix for relative paths in listing files (s3a://commoncrawl/)."),
    isolate: bool = typer.Option(True, "--isolate/--no-isolate",
                                 help="Extract in a child process of each task, so a page that crashes it is only listed as failed."),
) -> None:
    """Extract events from WARC files on Apache Spark and write Parquet.

    A missing WARC, an unreadable record or a page that fails is listed in
    summary.json; the rest of the job goes on. Exit status 1 when no page at
    all could be read.
    """
    try:
        from ..batch.spark import run_batch  # lazy: PySpark is optional (ImportError below)

        summary = run_batch(inputs, out, master=master, partitions=partitions, base=base, isolate=isolate)
    except ImportError as err:
        typer.echo(f"error: the batch job needs PySpark: pip install 'projectradar[spark]' ({err})", err=True)
        raise typer.Exit(1)
    except RadarError as err:
        fail(err)
    typer.echo(f"{summary.inputs} inputs, {summary.records} pages, {summary.documents} documents, "
               f"{summary.events} events, {len(summary.failed)} failed in {summary.elapsed_seconds:.1f}s")
    for failure in summary.failed[:10]:
        typer.echo(f"  failed: {failure.where}: {failure.reason}")
    if len(summary.failed) > 10:
        typer.echo(f"  ... and {len(summary.failed) - 10} more in {out.rstrip('/')}/summary.json")
    typer.echo(f"wrote {out.rstrip('/')}/documents, {out.rstrip('/')}/events, {out.rstrip('/')}/summary.json")
    if summary.failed and not summary.records:
        raise typer.Exit(1)  # nothing could be read at all: say so to scripts too


@app.command("load")
def load(
    directory: Path = typer.Argument(..., help="A `batch` output directory."),
    db: Optional[str] = typer.Option(None, "--db", help="Database path or URL (default $PROJECTRADAR_DB, else ./projectradar.db)."),
) -> None:
    """Bring a batch output into the store, with the same dedupe and merging as `ingest`."""
    try:
        from ..batch.load import load_batch  # lazy: pyarrow and the store are slow to import

        report = load_batch(directory, db)
    except RadarError as err:
        fail(err)
    typer.echo(
        f"{report.documents} documents read: {report.documents_new} new, {report.documents_duplicate} "
        f"already stored; {report.events} events: {report.events_new} new, {report.events_merged} merged "
        f"({report.events_improved} improved) in {report.seconds:.1f}s")
    for error in report.errors[:10]:
        typer.echo(f"error: {error}", err=True)
    try:
        failed = len(RunSummary.read(directory).failed)
    except RadarError:  # Parquet without its summary: nothing more to say
        failed = 0
    if failed:
        typer.echo(f"the batch run listed {failed} failure{'s' if failed != 1 else ''} "
                   f"(missing files, broken records, pages): see {directory / 'summary.json'}")
    if report.errors:
        raise typer.Exit(1)
