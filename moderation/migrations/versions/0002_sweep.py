"""Queue items remember their urgency; periodic jobs remember what they last saw.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("queue_items") as batch:
        batch.add_column(sa.Column("urgency", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "service_state",
        sa.Column("key", sa.String(length=100), primary_key=True),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("service_state")
    with op.batch_alter_table("queue_items") as batch:
        batch.drop_column("urgency")
