"""Console-only records kept beside a complaint: how it came in (non-chat intake), private notes, the
특이민원 flag, and the log of homepage board checks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime

INTAKE_SOURCES = {
    "phone": "전화 메모",
    "visit": "방문",
    "letter": "우편(서신)",
    "fax": "팩스",
    "email": "전자우편",
    "board": "홈페이지 게시판",
}


class ComplaintIntake(Base):
    """A complaint an officer entered for the citizen (대행 작성), with the phone memo's callback tracking."""

    __tablename__ = "console_intakes"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(10), nullable=False)
    taken_by: Mapped[str] = mapped_column(String(50), nullable=False)
    contacted_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    entered_by: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    callback_needed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)
    callback_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    callback_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    callback_note: Mapped[str | None] = mapped_column(Text)
    # The board's own post number, so importing the same export twice adds nothing.
    board_post_id: Mapped[str | None] = mapped_column(String(40), unique=True)


class ComplaintNote(Base):
    """Private note: staff of the department only, never shown to the citizen."""

    __tablename__ = "console_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ComplaintFlag(Base):
    """특이민원 (repeated, abusive or threatening requests), handled under the county's special procedure."""

    __tablename__ = "console_flags"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    flagged_by: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class BoardCheck(Base):
    """Each time someone checked the homepage complaint board (the standard asks for twice a day)."""

    __tablename__ = "console_board_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    imported: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
