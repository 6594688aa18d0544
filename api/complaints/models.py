from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, UTCDateTime


class ReceiptCounter(Base):
    """One row per year; incremented inside the creating transaction so numbers are never reused."""

    __tablename__ = "receipt_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(Integer, nullable=False)


class Complaint(Base):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_number: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    category: Mapped[str] = mapped_column(String(40), nullable=False)
    department_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    processing_days: Mapped[int] = mapped_column(Integer, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    location: Mapped[str | None] = mapped_column(String(300))
    township: Mapped[str | None] = mapped_column(String(20))

    # Personal data: removed by the retention job (anonymised_at set), the rest is kept for statistics.
    citizen_name: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_digits: Mapped[str | None] = mapped_column(String(15), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The chatbot conversation the complaint came from (personal data too, removed with the rest). Deferred, like
    # the prediction: only the complaint page reads them, never the queue's 50 rows.
    transcript: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, deferred=True)
    # The NLU's category for the message that started the complaint: {category, confidence, runner_ups}.
    prediction: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)

    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    consent_version: Mapped[str] = mapped_column(String(40), nullable=False)
    elderly_or_disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    urgent_safety: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    received_date: Mapped[date] = mapped_column(Date, nullable=False)
    due_date: Mapped[date] = mapped_column(Date, nullable=False)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    result: Mapped[str | None] = mapped_column(Text)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    rejection_remedy: Mapped[str | None] = mapped_column(Text)
    transferred_to: Mapped[str | None] = mapped_column(String(200))
    transfer_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(40), nullable=False)

    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_complaints_status_received", "status", "received_at"),)


class ComplaintEvent(Base):
    """Status history: who, when, from, to, note. Append-only."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False, index=True
    )
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    actor: Mapped[str] = mapped_column(String(40), nullable=False)
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    note: Mapped[str | None] = mapped_column(Text)
    public_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    complaint: Mapped[Complaint] = relationship(back_populates="events")
