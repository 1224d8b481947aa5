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
          "people", "organizations", "regions", "region_stats", "month_stats", "sector_stats", "document_fts", "alembic_version",
          "watches", "watch_deliveries"}


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


def test_upgrade_from_0001_adds_umbrella_and_the_type_investment_index(db_url):
    from projectradar.store.migrate import upgrade

    engine = open_engine(db_url)
    try:
        assert upgrade(engine, "0001") == (None, "0001")
        with engine.begin() as conn:
            # 0001 as it shipped: before events.umbrella and ix_events_type_investment
            conn.exec_driver_sql("DROP INDEX ix_events_type_investment")
            conn.exec_driver_sql("DROP INDEX ix_events_match")
            conn.exec_driver_sql("CREATE INDEX ix_events_match ON events (type, adcode, date_start)")
            conn.exec_driver_sql("ALTER TABLE events DROP COLUMN umbrella")
        assert "umbrella" not in {c["name"] for c in inspect(engine).get_columns("events")}
        assert upgrade(engine) == ("0001", head_revision())
        found = inspect(engine)
        assert "umbrella" in {c["name"] for c in found.get_columns("events")}
        indexes = {i["name"]: i["column_names"] for i in found.get_indexes("events")}
        assert indexes["ix_events_type_investment"] == ["type", "investment_yuan", "id"]
        assert indexes["ix_events_match"] == ["type", "adcode", "date_start", "id", "investment_yuan"]
    finally:
        engine.dispose()


def test_upgrade_from_0002_adds_watches_and_covering_region_indexes(db_url):
    from projectradar.store.migrate import upgrade

    engine = open_engine(db_url)
    try:
        assert upgrade(engine, "0002") == (None, "0002")
        with engine.begin() as conn:
            # 0002 as it shipped: no watches, region indexes without the investment
            conn.exec_driver_sql("DROP TABLE watch_deliveries")
            conn.exec_driver_sql("DROP TABLE watches")
            conn.exec_driver_sql("DROP INDEX ix_events_created")
            conn.exec_driver_sql("DROP INDEX ix_events_adcode_date")
            conn.exec_driver_sql("CREATE INDEX ix_events_adcode_date ON events (adcode, date_start, id)")
        assert not {"watches", "watch_deliveries"} & set(inspect(engine).get_table_names())
        assert upgrade(engine) == ("0002", head_revision())
        found = inspect(engine)
        assert {"watches", "watch_deliveries"} <= set(found.get_table_names())
        indexes = {i["name"]: i["column_names"] for i in found.get_indexes("events")}
        assert indexes["ix_events_created"] == ["created_at", "id"]
        assert indexes["ix_events_adcode_date"] == ["adcode", "date_start", "id", "investment_yuan"]
        assert indexes["ix_events_match"] == ["type", "adcode", "date_start", "id", "investment_yuan"]
    finally:
        engine.dispose()
