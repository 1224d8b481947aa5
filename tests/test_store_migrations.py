"""Migrations: an empty database is brought to the schema the code declares."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from fixtures.store.store_support import db_url, pg_database, lixia_signing  # noqa: F401
from projectradar.errors import StoreError
from projectradar.store import Store, upgrade_database
from projectradar.store.engine import open_engine
from projectradar.store.migrate import head_revision
from projectradar.store.schema import metadata

TABLES = {"sources", "documents", "document_bands", "events", "event_sources", "event_history", "event_sectors",
          "people", "organizations", "regions", "region_stats", "month_stats", "sector_stats", "document_fts", "alembic_version"}


def test_upgrade_from_an_empty_database(db_url):
    before, after = upgrade_database(db_url)
    assert (before, after) == (None, head_revision())
    engine = open_engine(db_url)
    try:
        names = set(inspect(engine).get_table_names())
        assert TABLES <= names, TABLES - names
        with engine.connect() as conn:
            # what the migrations built is what schema.py declares
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        # the full-text table (and FTS5's shadow tables) are built by hand, per dialect
        diff = [d for d in diff if not (d[0] in ("remove_table", "remove_index")
                                        and d[1].name.startswith(("document_fts", "ix_document_fts")))]
        assert diff == []
    finally:
        engine.dispose()
    # a second upgrade is a no-op and the store opens without migrating
    assert upgrade_database(db_url) == (head_revision(), head_revision())
    store = Store(db_url, create=False)
    assert store.ingest([lixia_signing()]).events_new == 1
    store.close()


def test_store_without_create_refuses_an_empty_database(db_url):
    with pytest.raises(StoreError, match="db upgrade"):
        Store(db_url, create=False)


def test_migrations_ship_inside_the_package():
    from projectradar.store import migrate

    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert (migrate.MIGRATIONS / "versions" / "0001_initial.py").is_file()
    assert migrate.MIGRATIONS.parent.name == "store"
