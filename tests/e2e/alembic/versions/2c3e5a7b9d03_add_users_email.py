"""add users.email

Revision ID: 2c3e5a7b9d03
Revises: 1b2d4f6a8c02
Create Date: 2024-03-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "2c3e5a7b9d03"
down_revision = "1b2d4f6a8c02"
branch_labels = None
depends_on = None


USERS = sa.Table(
    "users", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("legacy", sa.String(20)),
    sa.Column("email", sa.String(120)),
)


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(120)))


def downgrade():
    with op.batch_alter_table("users", copy_from=USERS) as batch:
        batch.drop_column("email")
