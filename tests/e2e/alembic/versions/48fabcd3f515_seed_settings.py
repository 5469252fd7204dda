"""seed settings

Revision ID: 48fabcd3f515
Revises: 37e9abc2e414
Create Date: 2024-03-21 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "48fabcd3f515"
down_revision = "37e9abc2e414"
branch_labels = None
depends_on = None


SETTINGS = sa.table("settings", sa.column("name", sa.String),
                    sa.column("value", sa.String))


def upgrade():
    op.bulk_insert(SETTINGS, [{"name": "theme", "value": "dark"},
                              {"name": "lang", "value": "en"}])


def downgrade():
    op.execute(SETTINGS.delete())
