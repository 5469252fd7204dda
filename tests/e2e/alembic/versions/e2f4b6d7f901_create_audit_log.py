"""create audit_log

Revision ID: e2f4b6d7f901
Revises: 
Create Date: 2024-03-15 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "e2f4b6d7f901"
down_revision = None
branch_labels = ("audit",)
depends_on = None


def upgrade():
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("action", sa.String(20), nullable=False),
    )


def downgrade():
    op.drop_table("audit_log")
