"""seed users

Revision ID: 3d4f6b8cae04
Revises: 2c3e5a7b9d03
Create Date: 2024-03-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "3d4f6b8cae04"
down_revision = "2c3e5a7b9d03"
branch_labels = None
depends_on = None


USERS = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("legacy", sa.String),
    sa.column("email", sa.String),
)


def upgrade():
    op.bulk_insert(USERS, [
        {"id": 1, "name": "ada", "legacy": "x", "email": "ada@example.org"},
        {"id": 2, "name": "o'brien", "legacy": None, "email": None},
    ])


def downgrade():
    op.execute(USERS.delete().where(USERS.c.id.in_([1, 2])))
