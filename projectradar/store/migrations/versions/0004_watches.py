"""Watches (named event filters with an optional webhook) and the log of webhook deliveries;
an index on events.created_at for "what came in since"; the region indexes end with the
investment (a region with a minimum amount is answered from the index alone).

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

from projectradar.store.schema import watch_deliveries, watches

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

COVERING = {"ix_events_match": ["type", "adcode", "date_start", "id", "investment_yuan"],
            "ix_events_adcode_date": ["adcode", "date_start", "id", "investment_yuan"]}


def upgrade() -> None:
    # 0001 builds the tables as declared today, so a fresh database already has these
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    tables = set(inspector.get_table_names())
    for table in (watches, watch_deliveries):
        if table.name not in tables:
            table.create(bind)
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("events")}
    if "ix_events_created" not in indexes:
        op.create_index("ix_events_created", "events", ["created_at", "id"])
    for name, columns in COVERING.items():
        if indexes.get(name) != columns:
            if name in indexes:
                op.drop_index(name, table_name="events")
            op.create_index(name, "events", columns)


def downgrade() -> None:
    for name, columns in COVERING.items():
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", columns[:-1])
    op.drop_index("ix_events_created", table_name="events")
    op.drop_table("watch_deliveries")
    op.drop_table("watches")
