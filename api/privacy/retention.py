"""Retention job: removes citizens' personal data after PERSONAL_DATA_RETENTION_DAYS.

    .venv-api/bin/python -m api.privacy.retention

Closed complaints keep category, department, kind, township, dates and outcome for statistics;
name, phone, address and the chatbot transcript are deleted and phone numbers in free text are masked: the
citizen's description, and what officers wrote (status notes, result, rejection and transfer reasons, handoff
closing notes), where a callback number is often copied. Open complaints are never touched. Run daily (cron or a
systemd timer).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.complaints.lifecycle import TERMINAL
from api.complaints.models import Complaint, ComplaintEvent
from api.handoffs.models import Handoff, HandoffMessage
from api.idempotency.models import IdempotencyRecord
from api.notifications.models import OutboxMessage
from api.privacy.masking import mask_text
from api.staff.models import StaffSession


@dataclass
class RetentionReport:
    complaints: int = 0
    handoffs: int = 0
    notifications: int = 0


# Ids per IN list: SQLite limits the variables of one statement, and a first run may meet years of rows.
_BATCH = 500


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start : start + _BATCH]


def _mask_fields(row, *names: str) -> None:
    for name in names:
        value = getattr(row, name)
        if value:
            setattr(row, name, mask_text(value))


def run_retention(session: Session, now: datetime, days: int) -> RetentionReport:
    cutoff = now - timedelta(days=days)
    report = RetentionReport()
    complaints = session.scalars(
        select(Complaint).where(
            Complaint.anonymised_at.is_(None),
            Complaint.status.in_([s.value for s in TERMINAL]),
            Complaint.closed_at <= cutoff,
        )
    ).all()
    for c in complaints:
        c.citizen_name = c.phone = c.phone_digits = c.address = c.transcript = None
        c.description = mask_text(c.description)
        _mask_fields(c, "result", "rejection_reason", "rejection_remedy", "transfer_reason")
        c.anonymised_at = now
    for batch in _batches([c.id for c in complaints]):
        for event in session.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id.in_(batch))):
            _mask_fields(event, "note", "public_note")
    report.complaints = len(complaints)

    handoffs = session.scalars(
        select(Handoff).where(Handoff.anonymised_at.is_(None), Handoff.created_at <= cutoff)
    ).all()
    for h in handoffs:
        h.transcript = None
        h.form_data = None
        h.callback = None
        _mask_fields(h, "close_note")
        h.anonymised_at = now
    # The live chat is the citizen's own words, like the transcript.
    for batch in _batches([h.id for h in handoffs]):
        session.execute(delete(HandoffMessage).where(HandoffMessage.handoff_id.in_(batch)))
    report.handoffs = len(handoffs)

    sent = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.status == "sent",
            OutboxMessage.created_at <= cutoff,
            OutboxMessage.kind == "sms",
            OutboxMessage.recipient.is_not(None),
        )
    ).all()
    for m in sent:
        m.recipient = None
        m.body = mask_text(m.body)
    report.notifications = len(sent)

    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at <= cutoff))
    session.execute(delete(StaffSession).where(StaffSession.expires_at <= now - timedelta(days=1)))
    return report


def main() -> int:
    from api.cli import open_app_context
    from api.db import utcnow

    with open_app_context() as (db, _county, settings):
        with db.writer() as session:
            report = run_retention(session, utcnow(), settings.personal_data_retention_days)
    print(
        f"retention: anonymised {report.complaints} complaints, {report.handoffs} handoffs, "
        f"{report.notifications} sent notifications (older than {settings.personal_data_retention_days} days)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
