"""Readers' data: appeals, legal holds, when a comment left view and when its text was purged, the
weight of an erased reporter's complaints, and an audit trail that erasure and retention may redact
(never delete, never rewrite what happened).

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("text_purged_at", sa.DateTime(timezone=True), nullable=True))
    # Comments already removed: deleted ones when they were moderated, withdrawn ones when the
    # trail says they were withdrawn.
    op.execute("UPDATE comments SET removed_at = moderated_at WHERE state = 'deleted'")
    op.execute("UPDATE comments SET removed_at = (SELECT max(e.created_at) FROM audit_events e "
               "WHERE e.comment_id = comments.id AND e.action = 'withdrawn') WHERE state = 'withdrawn'")
    op.execute("UPDATE comments SET removed_at = created_at WHERE state IN ('deleted', 'withdrawn') AND removed_at IS NULL")
    op.create_index("ix_comments_removed_text", "comments", ["removed_at"],
                    postgresql_where=sa.text("removed_at IS NOT NULL AND text_purged_at IS NULL"))
    with op.batch_alter_table("complaints") as batch:
        batch.add_column(sa.Column("reporter_weight", sa.Float(), nullable=True))
    op.create_index("ix_complaints_reporter_id", "complaints", ["reporter_id"])
    op.create_index("ix_complaints_noted", "complaints", ["created_at"], postgresql_where=sa.text("note <> ''"))
    op.create_index("ix_audit_events_time", "audit_events", ["created_at"])
    op.create_index("ix_audit_complaint_notes", "audit_events", ["created_at"],
                    postgresql_where=sa.text("action = 'complaint' AND note <> ''"))
    op.create_table(
        "appeals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("comment_id", sa.String(length=32), sa.ForeignKey("comments.id"), nullable=False, unique=True),
        sa.Column("author_id", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.Column("judged_by", sa.String(length=200), nullable=True),
        sa.Column("judged_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_appeals_author_id", "appeals", ["author_id"])
    op.create_index("ix_appeals_time", "appeals", ["created_at"])
    op.create_table(
        "legal_holds",
        sa.Column("comment_id", sa.String(length=32), sa.ForeignKey("comments.id"), primary_key=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", sa.String(length=200), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Still append-only: no row is ever deleted, and what happened (who, what, when, to what)
        # never changes. Only a transaction that says it is redacting (erasure, retention) may
        # clear the details and replace an erased reader's id.
        op.execute("""
            CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'UPDATE'
                   AND current_setting('moderation.redacting', true) = 'on'
                   AND NEW.id = OLD.id AND NEW.action = OLD.action AND NEW.created_at = OLD.created_at
                   AND NEW.comment_id IS NOT DISTINCT FROM OLD.comment_id
                   AND NEW.reason IS NOT DISTINCT FROM OLD.reason THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'audit_events is append-only';
            END;
            $$ LANGUAGE plpgsql;
        """)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only';
            END;
            $$ LANGUAGE plpgsql;
        """)
    op.drop_table("legal_holds")
    op.drop_index("ix_appeals_time", table_name="appeals")
    op.drop_index("ix_appeals_author_id", table_name="appeals")
    op.drop_table("appeals")
    op.drop_index("ix_audit_complaint_notes", table_name="audit_events")
    op.drop_index("ix_audit_events_time", table_name="audit_events")
    op.drop_index("ix_complaints_noted", table_name="complaints")
    op.drop_index("ix_complaints_reporter_id", table_name="complaints")
    with op.batch_alter_table("complaints") as batch:
        batch.drop_column("reporter_weight")
    op.drop_index("ix_comments_removed_text", table_name="comments")
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("text_purged_at")
        batch.drop_column("removed_at")
