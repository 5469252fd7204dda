"""rename users.name to username (batch)

Revision ID: 59abcde4a616
Revises: 48fabcd3f515
Create Date: 2024-03-22 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "59abcde4a616"
down_revision = "48fabcd3f515"
branch_labels = None
depends_on = None


def users(name):
    return sa.Table(
        "users", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(name, sa.String(50), nullable=False),
        sa.Column("email", sa.String(120)),
    )


def upgrade():
    with op.batch_alter_table("users", copy_from=users("name")) as batch:
        batch.alter_column("name", new_column_name="username",
                           existing_type=sa.String(50),
                           existing_nullable=False)


def downgrade():
    with op.batch_alter_table("users", copy_from=users("username")) as batch:
        batch.alter_column("username", new_column_name="name",
                           existing_type=sa.String(50),
                           existing_nullable=False)
