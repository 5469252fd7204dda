"""add comments.score

Revision ID: d1e3a5c6e811
Revises: c0d2f4b5d710
Create Date: 2024-03-14 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "d1e3a5c6e811"
down_revision = "c0d2f4b5d710"
branch_labels = None
depends_on = None


COMMENTS = sa.Table(
    "comments", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id"),
              nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False,
              server_default=sa.func.current_timestamp()),
    sa.Column("score", sa.Integer, nullable=False, server_default="0"),
)


def upgrade():
    op.add_column("comments", sa.Column("score", sa.Integer, nullable=False,
                                        server_default="0"))


def downgrade():
    with op.batch_alter_table("comments", copy_from=COMMENTS) as batch:
        batch.drop_column("score")
