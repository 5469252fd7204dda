"""create users

Revision ID: 0a1c3e5f7b01
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "0a1c3e5f7b01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("legacy", sa.String(20)),
    )


def downgrade():
    op.drop_table("users")
