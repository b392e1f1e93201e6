"""What the widget's live updates and the decision labels need: a change counter on each comment
(bumped by every update of the row, so a thread's count of comments and sum of changes tell a
poll whether anything readers see may have changed, from an index alone), and decisions that
record no reason (approvals: keeping a comment is not a finding against it).

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("comments", sa.Column("changes", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_comments_article_changes", "comments", ["article_id", "changes"])
    with op.batch_alter_table("decisions") as batch:
        batch.alter_column("reason", existing_type=sa.String(length=16), nullable=True)
    op.execute("UPDATE decisions SET reason = NULL WHERE action = 'approve'")


def downgrade() -> None:
    op.execute("UPDATE decisions SET reason = 'other' WHERE reason IS NULL")
    with op.batch_alter_table("decisions") as batch:
        batch.alter_column("reason", existing_type=sa.String(length=16), nullable=False)
    op.drop_index("ix_comments_article_changes", table_name="comments")
    op.drop_column("comments", "changes")
