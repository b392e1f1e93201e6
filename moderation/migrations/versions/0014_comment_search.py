"""Trigram indexes for the dashboard's search on PostgreSQL: a search for words in comments'
text or an author's name reads the index instead of every comment. The query is the same
substring match on every database (SQLite reads the table, as before).

Revision ID: 0014
Revises: 0013
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_comments_body_trigrams": "body",
    "ix_comments_amended_body_trigrams": "amended_body",
    "ix_comments_author_name_trigrams": "author_name",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension: the database's owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON comments USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
