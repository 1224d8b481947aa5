"""events.umbrella (a total whose parts the same document gives), an index on (type, investment),
and ix_events_match covering the id (a type + region filter sorts its matches from the index alone).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0001 builds the tables as declared today, so a fresh database already has both
    inspector = sa.inspect(op.get_bind())
    if "umbrella" not in {c["name"] for c in inspector.get_columns("events")}:
        op.add_column("events", sa.Column("umbrella", sa.Boolean(), nullable=False, server_default=sa.false()))
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("events")}
    if "ix_events_type_investment" not in indexes:
        op.create_index("ix_events_type_investment", "events", ["type", "investment_yuan", "id"])
    if indexes.get("ix_events_match") != ["type", "adcode", "date_start", "id"]:
        if "ix_events_match" in indexes:
            op.drop_index("ix_events_match", table_name="events")
        op.create_index("ix_events_match", "events", ["type", "adcode", "date_start", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_match", table_name="events")
    op.create_index("ix_events_match", "events", ["type", "adcode", "date_start"])
    op.drop_index("ix_events_type_investment", table_name="events")
    op.drop_column("events", "umbrella")
