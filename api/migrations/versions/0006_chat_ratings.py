"""Ratings of chatbot conversations (the end-of-chat question): one per conversation.

Revises: 0005
Create Date: 2026-12-04 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id"),
    )
    with op.batch_alter_table("chat_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_ratings_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chat_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_ratings_created_at"))
    op.drop_table("chat_ratings")
