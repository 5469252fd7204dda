"""add posts.published

Revision ID: 8c9eb0d1f306
Revises: 4e5a7c9dbf05
Create Date: 2024-03-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "8c9eb0d1f306"
down_revision = "4e5a7c9dbf05"
branch_labels = None
depends_on = None


POSTS = sa.Table(
    "posts", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"),
              nullable=False),
    sa.Column("title", sa.String(100), nullable=False),
    sa.Column("body", sa.Text),
    sa.Column("published", sa.Boolean, nullable=False,
              server_default=sa.false()),
    sa.Index("ix_posts_user_id", "user_id"),
)


def upgrade():
    op.add_column("posts", sa.Column("published", sa.Boolean,
                                     nullable=False,
                                     server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("posts", copy_from=POSTS) as batch:
        batch.drop_column("published")
