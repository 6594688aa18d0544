"""Staff console: non-chat intake with the phone memo's callback, private notes, the 특이민원 flag and the
log of homepage board checks.

Revises: 0002
Create Date: 2026-12-04 06:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_board_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("console_board_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_console_board_checks_checked_at"), ["checked_at"], unique=False)

    op.create_table(
        "console_flags",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("flagged_by", sa.Integer(), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["flagged_by"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("complaint_id"),
    )
    op.create_table(
        "console_intakes",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("taken_by", sa.String(length=50), nullable=False),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entered_by", sa.Integer(), nullable=False),
        sa.Column("callback_needed", sa.Boolean(), nullable=False),
        sa.Column("callback_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("callback_staff_id", sa.Integer(), nullable=True),
        sa.Column("callback_note", sa.Text(), nullable=True),
        sa.Column("board_post_id", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["callback_staff_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["entered_by"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("complaint_id"),
        sa.UniqueConstraint("board_post_id"),
    )
    with op.batch_alter_table("console_intakes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_console_intakes_callback_needed"), ["callback_needed"], unique=False)

    op.create_table(
        "console_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("console_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_console_notes_complaint_id"), ["complaint_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("console_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_notes_complaint_id"))

    op.drop_table("console_notes")
    with op.batch_alter_table("console_intakes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_intakes_callback_needed"))

    op.drop_table("console_intakes")
    op.drop_table("console_flags")
    with op.batch_alter_table("console_board_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_board_checks_checked_at"))

    op.drop_table("console_board_checks")
