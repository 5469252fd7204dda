"""create audit_posts

Revision ID: 04b6d8f9b103
Revises: f3a5c7e8a002
Create Date: 2024-03-17 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "04b6d8f9b103"
down_revision = "f3a5c7e8a002"
branch_labels = None
depends_on = ("1b2d4f6a8c02",)


def upgrade():
    op.create_table(
        "audit_posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id")),
    )


def downgrade():
    op.drop_table("audit_posts")
