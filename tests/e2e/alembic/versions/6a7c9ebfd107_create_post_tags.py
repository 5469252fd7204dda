"""create post_tags

Revision ID: 6a7c9ebfd107
Revises: 5f6b8daec006
Create Date: 2024-03-07 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "6a7c9ebfd107"
down_revision = "5f6b8daec006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "post_tags",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"),
                  primary_key=True),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"),
                  primary_key=True),
    )


def downgrade():
    op.drop_table("post_tags")
