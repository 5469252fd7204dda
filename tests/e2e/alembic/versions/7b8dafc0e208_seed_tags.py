"""seed tags

Revision ID: 7b8dafc0e208
Revises: 6a7c9ebfd107
Create Date: 2024-03-08 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "7b8dafc0e208"
down_revision = "6a7c9ebfd107"
branch_labels = None
depends_on = None


TAGS = sa.table("tags", sa.column("id", sa.Integer),
                sa.column("name", sa.String))


def upgrade():
    op.bulk_insert(TAGS, [{"id": 1, "name": "news"},
                          {"id": 2, "name": "it's; odd -- text"}])


def downgrade():
    op.execute("DELETE FROM tags WHERE id IN (1, 2)")
