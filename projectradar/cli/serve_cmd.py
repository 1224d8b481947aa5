"""Commands `serve` (the API and dashboard over a database) and `demo` (the shipped corpus, served).

The web stack (FastAPI, uvicorn, the store: a second to import) is imported when a command
runs, so that other commands and `--help` do not wait for it."""
from __future__ import annotations

from typing import Optional

import typer

from ..errors import RadarError
from .app import app

DEFAULT_DEMO_DB = "projectradar-demo.db"


def _fail(err: BaseException) -> None:
    typer.echo(f"error: {err}", err=True)
    raise typer.Exit(1)


def _run(store, host: str, port: int) -> None:
    import uvicorn

    from ..app import create_app

    application = create_app(store)
    _warm(application.state.store)
    typer.echo(f"Project Radar at http://{host}:{port}/  (API docs: http://{host}:{port}/docs; Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _warm(store) -> None:
    """Load the place-name lexicon before the first request (a first ?region=济南 would
    otherwise pay ~30 ms for it)."""
    try:
        store.resolve_region("北京")
    except RadarError:
        pass  # a database problem shows on the first request, with its own message


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", envvar="PROJECTRADAR_DB",
                                     help="Database path or URL. Default ./projectradar.db."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/) over a database.

    Writes (POST /api/ingest) need PROJECTRADAR_TOKEN set and sent as a bearer
    token; PROJECTRADAR_READ_TOKEN=1 makes reads need it too.
    """
    from ..store import Store

    try:
        store = Store(db)
    except RadarError as err:
        _fail(err)
    _run(store, host, port)


@app.command()
def demo(
    db: str = typer.Option(DEFAULT_DEMO_DB, "--db", help="SQLite file to (re)create for the demo."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Only build the demo database, then exit."),
) -> None:
    """Ingest the demo corpus shipped with Project Radar into a fresh SQLite file and serve it."""
    from ..web.demo import build_demo_db, demo_files

    try:
        store, report = build_demo_db(db)
    except RadarError as err:
        _fail(err)
    typer.echo(f"demo: {len(demo_files())} pages → {report.documents_new} documents, "
               f"{report.events_new} events in {db}")
    for problem in report.errors:
        typer.echo(f"warning: {problem}", err=True)
    if no_serve:
        return
    _run(store, host, port)
