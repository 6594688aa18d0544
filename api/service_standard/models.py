from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, UTCDateTime


class CompensationDecision(Base):
    """The officer's decision on compensation for a misconduct report: one per complaint, amount set by the case."""

    __tablename__ = "compensation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    case: Mapped[str] = mapped_column(String(30), nullable=False)
    amount: Mapped[int] = mapped_column(Integer, nullable=False)
    method: Mapped[str] = mapped_column(String(10), nullable=False)  # goods | transfer
    department_training: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[int] = mapped_column(ForeignKey("staff.id"), nullable=False)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ComplaintRating(Base):
    """A citizen's rating of a closed complaint, through the link in the closing SMS: one per complaint."""

    __tablename__ = "complaint_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    department_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    score: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


class RatingInvite(Base):
    """The per-complaint token in the closing SMS's rating link; only its hash is kept."""

    __tablename__ = "complaint_rating_invites"

    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class RoutingExample(Base):
    """A citizen's complaint text with the category it came with (the chatbot's) and the one an officer corrected it
    to, kept from the console's transfer, for retraining the NLU. The text is stored with personal data removed."""

    __tablename__ = "routing_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_events.id", ondelete="SET NULL"), unique=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    bot_category: Mapped[str] = mapped_column(String(40), nullable=False)
    officer_category: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, index=True)  # pending | accepted | rejected
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class ChatRating(Base):
    """The citizen's rating of a chatbot conversation that filed or checked a complaint: one per conversation."""

    __tablename__ = "chat_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    score: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
