"""Service standard: compensation decisions for misconduct reports and citizens' ratings of closed complaints
(with the per-complaint token of the closing SMS's link); praise linked to the officer it names;
officers' category corrections kept as labelled examples for retraining.

Revises: 0004
Create Date: 2026-12-04 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "compensation_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("case", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("department_training", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("complaint_id"),
    )
    op.create_table(
        "complaint_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.String(length=40), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("complaint_id"),
    )
    with op.batch_alter_table("complaint_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_ratings_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_ratings_department_id"), ["department_id"], unique=False)

    op.create_table(
        "complaint_rating_invites",
        sa.Column("complaint_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("complaint_id"),
        sa.UniqueConstraint("token_hash"),
    )

    op.create_table(
        "routing_examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("bot_category", sa.String(length=40), nullable=False),
        sa.Column("officer_category", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["complaint_events.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["reviewed_by"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("routing_examples", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routing_examples_status"), ["status"], unique=False)

    with op.batch_alter_table("praises", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_praises_staff_id"), ["staff_id"], unique=False)
        batch_op.create_foreign_key("fk_praises_staff_id_staff", "staff", ["staff_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("praises", schema=None) as batch_op:
        batch_op.drop_constraint("fk_praises_staff_id_staff", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_praises_staff_id"))
        batch_op.drop_column("staff_id")
    with op.batch_alter_table("routing_examples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_examples_status"))
    op.drop_table("routing_examples")
    op.drop_table("complaint_rating_invites")
    with op.batch_alter_table("complaint_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_ratings_department_id"))
        batch_op.drop_index(batch_op.f("ix_complaint_ratings_created_at"))
    op.drop_table("complaint_ratings")
    op.drop_table("compensation_decisions")
