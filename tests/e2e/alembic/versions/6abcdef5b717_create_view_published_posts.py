"""create view published_posts

Revision ID: 6abcdef5b717
Revises: 59abcde4a616
Create Date: 2024-03-23 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "6abcdef5b717"
down_revision = "59abcde4a616"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE VIEW published_posts AS "
               "SELECT id, title FROM posts WHERE published")


def downgrade():
    op.execute("DROP VIEW published_posts")
