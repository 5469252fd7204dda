"""index posts.user_id

Revision ID: 4e5a7c9dbf05
Revises: 3d4f6b8cae04
Create Date: 2024-03-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "4e5a7c9dbf05"
down_revision = "3d4f6b8cae04"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_posts_user_id", "posts", ["user_id"])


def downgrade():
    op.drop_index("ix_posts_user_id", table_name="posts")
