"""What /metrics reads at every scrape, kept cheap however many comments there are: indexes for
the withheld comments, the newest scores and the open queue by reason, and running totals of
decisions per moderator and action.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_comments_withheld", "comments", ["created_at"],
                    postgresql_where=sa.text("withheld AND state = 'published'"))
    op.create_index("ix_scores_time", "comment_scores", ["created_at"])
    op.create_index("ix_queue_open_reasons", "queue_items", ["reason", "entered_coverage"],
                    postgresql_where=sa.text("state = 'open'"))
    op.create_table(
        "decision_tallies",
        sa.Column("moderator_id", sa.String(length=200), primary_key=True),
        sa.Column("action", sa.String(length=16), primary_key=True),
        sa.Column("decisions", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO decision_tallies (moderator_id, action, decisions) "
               "SELECT moderator_id, action, count(*) FROM decisions GROUP BY moderator_id, action")


def downgrade() -> None:
    op.drop_table("decision_tallies")
    op.drop_index("ix_queue_open_reasons", table_name="queue_items")
    op.drop_index("ix_scores_time", table_name="comment_scores")
    op.drop_index("ix_comments_withheld", table_name="comments")
