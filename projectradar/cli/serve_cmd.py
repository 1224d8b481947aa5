"""Commands `serve` (the API and dashboard over a database) and `demo` (the shipped corpus, served).

The web stack (FastAPI, uvicorn, the store: a second to import) is imported when a command
runs, so that other commands and `--help` do not wait for it."""
from __future__ import annotations

import errno
import socket
from typing import Optional

import typer

from ..errors import RadarError
from .app import app
from .options import db_option
from .output import fail

DEFAULT_DEMO_DB = "projectradar-demo.db"


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, taken before anything else is done: a port in use is said at
    once, with how to choose another, not after a banner claiming the server runs."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        fail(f"cannot listen on {host}: {err.strerror}")
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            fail(f"port {port} on {host} is already in use (another server, or an earlier `projectradar "
                  f"serve`): stop it, or choose another port with --port {port + 1}")
        fail(f"cannot listen on {host}:{port}: {err.strerror}")
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _run(store, sock: socket.socket, host: str, port: int) -> None:
    import uvicorn

    from ..app import create_app  # lazy: FastAPI and the store are slow to import

    application = create_app(store)
    _warm(application.state.store)
    typer.echo(f"Project Radar at http://{host}:{port}/  (API docs: http://{host}:{port}/docs; Ctrl-C stops)")
    uvicorn.Server(uvicorn.Config(application, log_level="warning")).run(sockets=[sock])


def _warm(store) -> None:
    """Load the place-name lexicon before the first request (a first ?region=合肥 would
    otherwise pay ~30 ms for it)."""
    try:
        store.resolve_region("北京")
    except RadarError:
        pass  # a database problem shows on the first request, with its own message


@app.command()
def serve(
    db: Optional[str] = db_option("Database path or URL. Default ./projectradar.db."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard (/) over a database.

    Writes (POST /api/ingest) need PROJECTRADAR_TOKEN set and sent as a bearer
    token; PROJECTRADAR_READ_TOKEN=1 makes reads need it too.
    """
    from ..store import Store  # lazy: SQLAlchemy is slow to import

    sock = _listen(host, port)
    try:
        store = Store(db)
    except RadarError as err:
        fail(err)
    _run(store, sock, host, port)


@app.command()
def demo(
    db: str = typer.Option(DEFAULT_DEMO_DB, "--db", help="SQLite file to (re)create for the demo."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Only build the demo database, then exit."),
) -> None:
    """Ingest the demo corpus shipped with Project Radar into a fresh SQLite file and serve it."""
    from ..web.demo import build_demo_db, demo_files  # lazy: FastAPI and the store are slow to import

    sock = None if no_serve else _listen(host, port)
    try:
        store, report = build_demo_db(db)
    except RadarError as err:
        fail(err)
    typer.echo(f"demo: {len(demo_files())} pages → {report.documents_new} documents, "
               f"{report.events_new} events in {db}")
    for problem in report.errors:
        typer.echo(f"warning: {problem}", err=True)
    if sock is None:
        return
    _run(store, sock, host, port)
