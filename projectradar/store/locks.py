"""Writers take turns: one ingest batch, or one migration, at a time per database.

Deciding that a document or an event is already stored is a look-up followed by a write;
two writers interleaving them would both find nothing and both store. So each write
transaction first takes the database's writer lock, and the look-ups run under it:
SQLite's ``BEGIN IMMEDIATE`` (the write lock, waited for by busy_timeout), PostgreSQL's
transaction-scoped advisory lock. Readers are never blocked."""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

__all__ = ["take_write_lock", "WRITE_LOCK_KEY", "MIGRATION_LOCK_KEY"]

# PostgreSQL advisory lock keys (any 64-bit numbers no other application on the database uses)
WRITE_LOCK_KEY = 0x5241444152_01          # "RADAR" 01: ingest batches
MIGRATION_LOCK_KEY = 0x5241444152_02      # "RADAR" 02: schema migrations


def take_write_lock(conn: Connection, key: int = WRITE_LOCK_KEY) -> None:
    """Hold the database's writer lock until ``conn``'s transaction ends. Call it first in
    the transaction (on SQLite it is what begins the transaction)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
