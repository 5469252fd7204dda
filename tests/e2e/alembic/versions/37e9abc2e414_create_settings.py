"""create settings

Revision ID: 37e9abc2e414
Revises: 26d8fab1d313
Create Date: 2024-03-20 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "37e9abc2e414"
down_revision = "26d8fab1d313"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "settings",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False,
                  server_default=""),
    )


def downgrade():
    op.drop_table("settings")
