"""The first schema: documents, sources, events and their side tables, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
from alembic import op

from projectradar.store import fts
from projectradar.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # The first revision builds the declared tables as they stand; later
    # revisions change them with op.* so old databases follow.
    metadata.create_all(bind=bind)
    fts.create_fts(bind)


def downgrade() -> None:
    bind = op.get_bind()
    fts.drop_fts(bind)
    metadata.drop_all(bind=bind)
