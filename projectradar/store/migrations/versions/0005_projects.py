"""The 项目库: projects (named projects followed from signing to production) and
project_mentions (each telling of one).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

from projectradar.store.schema import project_mentions, projects

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0001 builds the tables as declared today, so a fresh database already has these
    bind = op.get_bind()
    tables = set(sa.inspect(bind).get_table_names())
    for table in (projects, project_mentions):
        if table.name not in tables:
            table.create(bind)


def downgrade() -> None:
    op.drop_table("project_mentions")
    op.drop_table("projects")
