"""Open a database: a path or an SQLAlchemy URL → an Engine, with clear errors."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from ..errors import StoreError

__all__ = ["DEFAULT_DB", "resolve_url", "open_engine", "describe", "store_error"]

DEFAULT_DB = "projectradar.db"


def resolve_url(url: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL for a path, URL or None ($PROJECTRADAR_DB, else ./projectradar.db).

        >>> resolve_url("data/radar.db")
        'sqlite:///data/radar.db'
        >>> resolve_url("postgresql://postgres@127.0.0.1/test")
        'postgresql+psycopg://postgres@127.0.0.1/test'
    """
    raw = str(url) if url is not None else (os.environ.get("PROJECTRADAR_DB") or DEFAULT_DB)
    if "://" not in raw:
        return "sqlite:///" + raw
    # psycopg 3 is what we ship; plain postgresql:// would ask for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def store_error(url: str, err: BaseException) -> StoreError:
    """A one-line StoreError for a database failure."""
    detail = getattr(err, "orig", None) or err
    message = " ".join(str(detail).split())
    low = message.lower()
    if "readonly" in low or "read-only" in low or "read only" in low:
        message = "the database is read-only (check the file's permissions)"
    elif "unable to open database" in low:
        message = "cannot open the database file (does its folder exist?)"
    elif "connection" in low and ("refused" in low or "failed" in low or "timeout" in low):
        message = f"cannot connect: {message[:160]}"
    return StoreError(f"{describe(url)}: {message[:240]}")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    try:
        cur.execute("PRAGMA journal_mode=WAL")
    except Exception:  # a read-only file cannot switch journal mode; reads still work
        pass
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA cache_size=-65536")       # 64 MB: index pages stay in memory during bulk writes
    cur.execute("PRAGMA temp_store=MEMORY")
    # checkpoint the WAL every 20,000 pages (~80 MB) instead of 1,000: a batch of a few
    # thousand documents would otherwise copy its pages into the database at every commit
    cur.execute("PRAGMA wal_autocheckpoint=20000")
    cur.close()


def open_engine(url: str | os.PathLike | None = None, *, check: bool = True) -> Engine:
    """Create the Engine for ``url`` (see `resolve_url`) and, with ``check``, connect once.

    Raises StoreError naming the database when it cannot be reached or the
    SQLite file's folder does not exist.
    """
    full = resolve_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as err:
        raise StoreError(f"{full}: not a database path or URL ({err})") from None
    kwargs: dict = {}
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if path and path != ":memory:" and not (parsed.query or {}).get("uri"):
            folder = Path(path).resolve().parent
            if not folder.is_dir():
                raise StoreError(f"{path}: cannot create the database: folder {folder} does not exist")
            if Path(path).exists() and not os.access(path, os.W_OK):
                raise StoreError(f"{path}: the database is read-only (check the file's permissions)")
    else:
        kwargs["pool_pre_ping"] = True
        if parsed.get_backend_name() == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
    try:
        engine = create_engine(full, **kwargs)
    except (ArgumentError, ImportError, SQLAlchemyError) as err:
        raise StoreError(f"{describe(full)}: cannot use this database URL ({err})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if check:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (DBAPIError, SQLAlchemyError) as err:
            engine.dispose()
            raise store_error(full, err) from None
    return engine
