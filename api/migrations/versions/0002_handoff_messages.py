"""Live handoff chat: messages between the citizen's widget and an officer, the per-handoff key the citizen's
chat token is derived from, and when (and why) the conversation went back to the chatbot.

Revises: 0001
Create Date: 2026-12-04 06:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("citizen_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("handed_back_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("handed_back_reason", sa.String(length=20), nullable=True))

    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=10), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("client_message_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoffs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handoff_id", "client_message_id", name="uq_handoff_messages_client_id"),
    )
    with op.batch_alter_table("handoff_messages", schema=None) as batch_op:
        batch_op.create_index("ix_handoff_messages_handoff_id_id", ["handoff_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handoff_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_handoff_messages_handoff_id_id")
    op.drop_table("handoff_messages")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_column("handed_back_reason")
        batch_op.drop_column("handed_back_at")
        batch_op.drop_column("citizen_key")
