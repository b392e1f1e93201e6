"""On-call alerts: what must reach a person at once (a comment withheld for abuse or legal reasons,
an item gone overdue, the queue past a size), batched into messages per recipient, with an outbox
of their e-mails and webhook calls.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BigID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_batches",
        sa.Column("id", BigID, primary_key=True, autoincrement=True),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("acknowledged_at", When),
        sa.Column("acknowledged_by", sa.String(200)),
    )
    op.create_index("ix_alert_batches_recipient_time", "alert_batches", ["recipient", "created_at"])
    op.create_table(
        "alerts",
        sa.Column("id", BigID, primary_key=True, autoincrement=True),
        sa.Column("event", sa.String(200), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("comment_id", sa.String(32)),
        sa.Column("reason", sa.String(16)),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("escalated_from", sa.String(200)),
        sa.Column("created_at", When, nullable=False),
        sa.Column("batch_id", BigID, sa.ForeignKey("alert_batches.id")),
        sa.Column("acknowledged_at", When),
        sa.Column("acknowledged_by", sa.String(200)),
        sa.Column("escalated_at", When),
        sa.UniqueConstraint("event", "recipient", name="uq_alert_once_per_recipient"),
    )
    op.create_index("ix_alerts_unbatched", "alerts", ["recipient", "id"], postgresql_where=sa.text("batch_id IS NULL"))
    op.create_index("ix_alerts_batch", "alerts", ["batch_id"])
    op.create_index("ix_alerts_time", "alerts", ["created_at"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", BigID, primary_key=True, autoincrement=True),
        sa.Column("batch_id", BigID, sa.ForeignKey("alert_batches.id"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("target", sa.String(2000), nullable=False),
        sa.Column("format", sa.String(16), nullable=False, server_default=""),
        sa.Column("state", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", When, nullable=False),
        sa.Column("claimed_at", When),
        sa.Column("sent_at", When),
        sa.Column("error", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_alert_deliveries_batch_id", "alert_deliveries", ["batch_id"])
    op.create_index("ix_alert_deliveries_due", "alert_deliveries", ["state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("alert_deliveries")
    op.drop_table("alerts")
    op.drop_table("alert_batches")
