"""add users.active

Revision ID: 9def0128ea20
Revises: 8cdef017d919
Create Date: 2024-03-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "9def0128ea20"
down_revision = "8cdef017d919"
branch_labels = None
depends_on = None


USERS = sa.Table(
    "users", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(50), nullable=False),
    sa.Column("email", sa.String(120)),
    sa.Column("active", sa.Boolean, nullable=False,
              server_default=sa.true()),
)


def upgrade():
    op.add_column("users", sa.Column("active", sa.Boolean, nullable=False,
                                     server_default=sa.true()))


def downgrade():
    with op.batch_alter_table("users", copy_from=USERS) as batch:
        batch.drop_column("active")
