"""drop users.legacy (batch)

Revision ID: 26d8fab1d313
Revises: 15c7e9a0c212
Create Date: 2024-03-19 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "26d8fab1d313"
down_revision = "15c7e9a0c212"
branch_labels = None
depends_on = None


def users(with_legacy):
    cols = [sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(50), nullable=False)]
    if with_legacy:
        cols.append(sa.Column("legacy", sa.String(20)))
    cols.append(sa.Column("email", sa.String(120)))
    return sa.Table("users", sa.MetaData(), *cols)


def upgrade():
    with op.batch_alter_table("users", copy_from=users(True)) as batch:
        batch.drop_column("legacy")


def downgrade():
    with op.batch_alter_table("users", copy_from=users(False)) as batch:
        batch.add_column(sa.Column("legacy", sa.String(20)))
