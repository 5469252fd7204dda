"""create tags

Revision ID: 5f6b8daec006
Revises: 4e5a7c9dbf05
Create Date: 2024-03-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "5f6b8daec006"
down_revision = "4e5a7c9dbf05"
branch_labels = ("tagging",)
depends_on = None


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False, unique=True),
    )


def downgrade():
    op.drop_table("tags")
