"""Newsroom controls: versions of the banned and suspect word lists, the site-wide commenting pause,
and on each article whether it is sensitive (every new comment waits for a moderator) and when its
comments close by themselves.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("sensitive", sa.Boolean(), nullable=False, server_default=sa.text("false")))
        batch.add_column(sa.Column("sensitive_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("close_automatically", sa.Boolean(), nullable=False, server_default=sa.text("true")))
    op.create_index("ix_articles_closing", "articles", ["closes_at"],
                    postgresql_where=sa.text("comments_open AND closes_at IS NOT NULL"))
    op.create_table(
        "word_list_versions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("banned", sa.JSON(), nullable=False),
        sa.Column("suspect", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "site_controls",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("commenting_paused", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("site_controls")
    op.drop_table("word_list_versions")
    op.drop_index("ix_articles_closing", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("close_automatically")
        batch.drop_column("closes_at")
        batch.drop_column("sensitive_since")
        batch.drop_column("sensitive")
