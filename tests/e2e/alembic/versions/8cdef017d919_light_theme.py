"""light theme

Revision ID: 8cdef017d919
Revises: 7bcdef06c818
Create Date: 2024-03-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "8cdef017d919"
down_revision = "7bcdef06c818"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE settings SET value = 'light' WHERE name = 'theme'")


def downgrade():
    op.execute("UPDATE settings SET value = 'dark' WHERE name = 'theme'")
