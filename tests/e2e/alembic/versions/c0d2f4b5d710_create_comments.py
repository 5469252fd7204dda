"""create comments

Revision ID: c0d2f4b5d710
Revises: bfc1e3a4c609
Create Date: 2024-03-13 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "c0d2f4b5d710"
down_revision = "bfc1e3a4c609"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"),
                  nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False,
                  server_default=sa.func.current_timestamp()),
    )


def downgrade():
    op.drop_table("comments")
