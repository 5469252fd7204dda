"""widen posts.title (batch)

Revision ID: 9dafc1e2a407
Revises: 8c9eb0d1f306
Create Date: 2024-03-10 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "9dafc1e2a407"
down_revision = "8c9eb0d1f306"
branch_labels = None
depends_on = None


def posts(title_length):
    return sa.Table(
        "posts", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"),
                  nullable=False),
        sa.Column("title", sa.String(title_length), nullable=False),
        sa.Column("body", sa.Text),
        sa.Column("published", sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Index("ix_posts_user_id", "user_id"),
    )


def upgrade():
    with op.batch_alter_table("posts", copy_from=posts(100)) as batch:
        batch.alter_column("title", type_=sa.String(200),
                           existing_type=sa.String(100),
                           existing_nullable=False)


def downgrade():
    with op.batch_alter_table("posts", copy_from=posts(200)) as batch:
        batch.alter_column("title", type_=sa.String(100),
                           existing_type=sa.String(200),
                           existing_nullable=False)
