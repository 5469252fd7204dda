"""merge tagging and publishing

Revision ID: bfc1e3a4c609
Revises: 7b8dafc0e208, aeb0d2f3b508
Create Date: 2024-03-12 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "bfc1e3a4c609"
down_revision = ("7b8dafc0e208", "aeb0d2f3b508")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
