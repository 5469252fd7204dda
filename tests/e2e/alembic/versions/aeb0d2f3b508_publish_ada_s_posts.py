"""publish ada's posts

Revision ID: aeb0d2f3b508
Revises: 9dafc1e2a407
Create Date: 2024-03-11 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "aeb0d2f3b508"
down_revision = "9dafc1e2a407"
branch_labels = None
depends_on = None


POSTS = sa.table("posts", sa.column("user_id", sa.Integer),
                 sa.column("published", sa.Boolean))


def upgrade():
    op.execute(POSTS.update().where(POSTS.c.user_id == 1)
               .values(published=True))


def downgrade():
    op.execute(POSTS.update().where(POSTS.c.user_id == 1)
               .values(published=False))
