"""index comments.post_id concurrently

Revision ID: 7bcdef06c818
Revises: 6abcdef5b717
Create Date: 2024-03-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "7bcdef06c818"
down_revision = "6abcdef5b717"
branch_labels = None
depends_on = None


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_comments_post_id", "comments", ["post_id"],
                        postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_comments_post_id", table_name="comments",
                      postgresql_concurrently=True)
