"""merge comments and audit

Revision ID: 15c7e9a0c212
Revises: d1e3a5c6e811, 04b6d8f9b103
Create Date: 2024-03-18 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "15c7e9a0c212"
down_revision = ("d1e3a5c6e811", "04b6d8f9b103")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
