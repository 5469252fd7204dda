"""add audit_log.detail

Revision ID: f3a5c7e8a002
Revises: e2f4b6d7f901
Create Date: 2024-03-16 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "f3a5c7e8a002"
down_revision = "e2f4b6d7f901"
branch_labels = None
depends_on = None


AUDIT = sa.Table(
    "audit_log", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("detail", sa.Text),
)


def upgrade():
    op.add_column("audit_log", sa.Column("detail", sa.Text))


def downgrade():
    with op.batch_alter_table("audit_log", copy_from=AUDIT) as batch:
        batch.drop_column("detail")
