from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime


class Handoff(Base):
    """A conversation the chatbot hands to a person (상담원 연결 / 전화 회신)."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    reason: Mapped[str] = mapped_column(String(30), nullable=False)
    transcript: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    form_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    callback: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    flagged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, index=True)
    in_office_hours: Mapped[bool] = mapped_column(Boolean, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_note: Mapped[str | None] = mapped_column(Text)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Random per handoff; the citizen's chat token is an HMAC of it under the session secret, so the database
    # alone (or a conversation id) never lets anyone read the live chat.
    citizen_key: Mapped[str | None] = mapped_column(String(64))
    # When the conversation went back to the chatbot (officer closed it, nobody answered, the office closed);
    # officers can no longer write into the chat after that.
    handed_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handed_back_reason: Mapped[str | None] = mapped_column(String(20))


class HandoffMessage(Base):
    """One line of a live handoff chat between the citizen (widget) and an officer (console)."""

    __tablename__ = "handoff_messages"
    __table_args__ = (
        # A citizen's retry of the same message (dropped connection) is stored once.
        UniqueConstraint("handoff_id", "client_message_id", name="uq_handoff_messages_client_id"),
        Index("ix_handoff_messages_handoff_id_id", "handoff_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False)
    sender: Mapped[str] = mapped_column(String(10), nullable=False)  # citizen | officer | system
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    client_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
