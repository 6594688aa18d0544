"""Enqueueing notices into the outbox. Delivery happens in api.notifications.sender."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api.complaints.lifecycle import LABELS, TERMINAL, Status
from api.complaints.models import Complaint, ComplaintEvent
from api.county import County
from api.notifications.models import OutboxMessage
from api.service_standard import satisfaction


def enqueue(
    session: Session,
    *,
    dedupe_key: str,
    kind: str,
    template: str,
    recipient: str | None,
    body: str,
    complaint_id: int | None,
    now: datetime,
) -> None:
    """Insert once per dedupe_key; a second enqueue of the same notice is a no-op (also under races)."""
    values = dict(
        dedupe_key=dedupe_key,
        kind=kind,
        template=template,
        recipient=recipient,
        body=body,
        complaint_id=complaint_id,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.execute(_INSERT_IGNORE[session.get_bind().dialect.name == "postgresql"], values)


# Built once, values passed as parameters: a fresh insert().values(...) per call costs more CPU than the insert.
_INSERT_IGNORE = {
    pg: (postgresql.insert if pg else sqlite.insert)(OutboxMessage.__table__).on_conflict_do_nothing(
        index_elements=["dedupe_key"]
    )
    for pg in (False, True)
}


def sms_eligible(complaint: Complaint, min_days: int) -> bool:
    # Citizens get receipt/progress/result texts for complaints with a deadline of >= 5 working days.
    return bool(complaint.phone) and complaint.processing_days >= min_days


def _prefix(county: County) -> str:
    return f"[{county.office_name}]"


def on_created(session: Session, county: County, complaint: Complaint, now: datetime, sms_min_days: int) -> None:
    dept = county.department(complaint.department_id)
    flags = []
    if complaint.urgent_safety:
        flags.append("긴급·안전")
    if complaint.elderly_or_disabled:
        flags.append("어르신·장애인 우선")
    flag_text = f" [{', '.join(flags)}]" if flags else ""
    enqueue(
        session,
        dedupe_key=f"complaint:{complaint.id}:dept:received",
        kind="department",
        template="dept_new",
        recipient=dept.id,
        complaint_id=complaint.id,
        now=now,
        body=(
            f"새 민원이 접수되었습니다{flag_text}. 접수번호 {complaint.receipt_number}, "
            f"처리기한 {complaint.due_date.isoformat()}. 1근무일 안에 담당자를 배정해 주십시오."
        ),
    )
    if sms_eligible(complaint, sms_min_days):
        enqueue(
            session,
            dedupe_key=f"complaint:{complaint.id}:sms:received",
            kind="sms",
            template="citizen_received",
            recipient=complaint.phone,
            complaint_id=complaint.id,
            now=now,
            body=(
                f"{_prefix(county)} 민원이 접수되었습니다. 접수번호 {complaint.receipt_number}, "
                f"담당 {dept.name}({dept.phone}), 처리기한 {complaint.due_date.isoformat()}."
            ),
        )


def on_event(
    session: Session,
    county: County,
    complaint: Complaint,
    event: ComplaintEvent,
    now: datetime,
    sms_min_days: int,
    link_base: str | None = None,
) -> None:
    """Progress and result texts to the citizen; a notice to a department that receives a transfer. With
    link_base, the text of a closed complaint carries the link to its rating page."""
    dept = county.department(complaint.department_id)
    if event.action == "transfer" and event.to_status == Status.RECEIVED:
        enqueue(
            session,
            dedupe_key=f"complaint:{complaint.id}:dept:transfer:{event.id}",
            kind="department",
            template="dept_transferred_in",
            recipient=dept.id,
            complaint_id=complaint.id,
            now=now,
            body=(
                f"다른 부서에서 민원이 이송되었습니다. 접수번호 {complaint.receipt_number}, "
                f"처리기한 {complaint.due_date.isoformat()}."
            ),
        )
    if not sms_eligible(complaint, sms_min_days):
        return
    to = Status(event.to_status)
    if to in (Status.CLOSED, Status.REJECTED) or (event.action == "transfer" and to is Status.TRANSFERRED):
        template, text = (
            "citizen_result",
            (
                f"{_prefix(county)} 민원({complaint.receipt_number}) 처리 결과: {LABELS[to]}. "
                f"자세한 내용은 챗봇 또는 {dept.name}({dept.phone})에서 확인하실 수 있습니다."
            ),
        )
        token = satisfaction.invite(session, complaint, now) if to is Status.CLOSED and link_base else None
        if token:
            text += f" 처리에 만족하셨는지 알려 주십시오: {link_base.rstrip('/')}{satisfaction.rating_path(token)}"
    elif event.action in ("transition", "assign", "transfer") and event.from_status != event.to_status:
        template, text = (
            "citizen_progress",
            (
                f"{_prefix(county)} 민원({complaint.receipt_number}) 진행 상황: {LABELS[to]}. "
                f"담당 {dept.name}({dept.phone}), 처리기한 {complaint.due_date.isoformat()}."
            ),
        )
    else:
        return
    enqueue(
        session,
        dedupe_key=f"complaint:{complaint.id}:sms:{template}:{event.id}",
        kind="sms",
        template=template,
        recipient=complaint.phone,
        complaint_id=complaint.id,
        now=now,
        body=text,
    )


def enqueue_progress_notices(session: Session, county: County, now: datetime, days: int = 30) -> int:
    """Idempotent periodic job: one progress notice per complaint still open `days` after receipt."""
    cutoff = now - timedelta(days=days)
    rows = session.scalars(
        select(Complaint).where(
            Complaint.received_at <= cutoff,
            Complaint.status.notin_([s.value for s in TERMINAL]),
            Complaint.phone.is_not(None),
        )
    ).all()
    for complaint in rows:
        dept = county.department(complaint.department_id)
        enqueue(
            session,
            dedupe_key=f"complaint:{complaint.id}:sms:progress{days}d",
            kind="sms",
            template="citizen_30day",
            recipient=complaint.phone,
            complaint_id=complaint.id,
            now=now,
            body=(
                f"{_prefix(county)} 민원({complaint.receipt_number})이 접수 후 {days}일이 지나 "
                "진행 상황을 알려 드립니다. "
                f"현재 단계: {LABELS[Status(complaint.status)]}. 문의 {dept.name}({dept.phone})."
            ),
        )
    return len(rows)
