"""create posts

Revision ID: 1b2d4f6a8c02
Revises: 0a1c3e5f7b01
Create Date: 2024-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "1b2d4f6a8c02"
down_revision = "0a1c3e5f7b01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"),
                  nullable=False),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text),
    )


def downgrade():
    op.drop_table("posts")
