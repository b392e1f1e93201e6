"""What keeps the queue's priorities current and explained: each item's priority parts, and the
coverage level and article exposure it was last assessed with (the sweep works out again the items
for which these are no longer so, whatever an earlier sweep saw). The coverage level a sweep last
saw is no longer kept.

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Left empty on the items already there: the first sweep assesses every open item again (its
    # coverage level is unknown) and fills them in.
    op.add_column("queue_items", sa.Column("priority_parts", sa.JSON(), nullable=True))
    op.add_column("queue_items", sa.Column("assessed_coverage", sa.String(length=8), nullable=True))
    op.add_column("queue_items", sa.Column("exposure_points", sa.Integer(), nullable=True))
    op.execute("DELETE FROM service_state WHERE key = 'coverage_last_seen'")


def downgrade() -> None:
    op.drop_column("queue_items", "exposure_points")
    op.drop_column("queue_items", "assessed_coverage")
    op.drop_column("queue_items", "priority_parts")
