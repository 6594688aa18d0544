"""Compensation for poor service: the procedure's progress per misconduct report, reminders for a stage past its
deadline (department notices in the outbox), and the officer's decision with the citizen told by SMS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.complaints.deadlines import Kind
from api.complaints.lifecycle import TERMINAL, Status
from api.complaints.models import Complaint
from api.county import County
from api.errors import ApiError, forbidden
from api.notifications.service import enqueue
from api.service_standard.compensation import (
    CASES,
    METHOD_LABELS,
    OWNER_LABELS,
    REWARD,
    STAGES,
    Case,
    Method,
    Owner,
    Stage,
    current_stage,
    stage_deadlines,
)
from api.service_standard.models import CompensationDecision
from api.staff.models import Staff
from api.working_days import local_date

# A decision follows the investigation: once its results are under review, or later.
DECIDABLE = frozenset({Status.REVIEWED, Status.REMEDIED, Status.CLOSED})


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    due: date
    state: str  # done | current | upcoming
    overdue: bool

    @property
    def owner_label(self) -> str:
        return OWNER_LABELS[self.stage.owner]


def procedure(complaint: Complaint, today: date) -> list[StageProgress]:
    """Every stage with its deadline; the one in progress is overdue when today is past its last day."""
    dues = stage_deadlines(complaint.received_date)
    current = current_stage(complaint.status)
    # A closed, rejected or transferred report has no stage in progress: every stage is behind it.
    at = STAGES.index(current) if current else len(STAGES)
    rows = []
    for i, stage in enumerate(STAGES):
        state = "done" if i < at else "current" if i == at else "upcoming"
        rows.append(StageProgress(stage, dues[stage.key], state, state == "current" and today > dues[stage.key]))
    return rows


def overdue_stage(complaint: Complaint, today: date) -> StageProgress | None:
    return next((row for row in procedure(complaint, today) if row.overdue), None)


def _open_reports(session: Session) -> list[Complaint]:
    return list(
        session.scalars(
            select(Complaint).where(
                Complaint.kind == Kind.MISCONDUCT.value, Complaint.status.notin_([s.value for s in TERMINAL])
            )
        ).all()
    )


def overdue_reports(session: Session, today: date) -> list[tuple[Complaint, StageProgress]]:
    rows = ((c, overdue_stage(c, today)) for c in _open_reports(session))
    return [(c, stage) for c, stage in rows if stage is not None]


def enqueue_stage_reminders(session: Session, county: County, now: datetime) -> int:
    """Idempotent periodic job: one reminder per report and overdue stage, to the stage's owner."""
    today = local_date(now, county.timezone)
    reminders = 0
    for complaint, row in overdue_reports(session, today):
        stage = row.stage
        if stage.owner is Owner.OFFICER and complaint.assignee_id is not None:
            officer = session.get(Staff, complaint.assignee_id)
            owner = f"담당자 {officer.display_name}" if officer else OWNER_LABELS[stage.owner]
            recipient = complaint.department_id
        else:
            owner = OWNER_LABELS[Owner.LEAD]
            recipient = county.misconduct_department
        enqueue(
            session,
            dedupe_key=f"complaint:{complaint.id}:stage_overdue:{stage.key}",
            kind="department",
            template="stage_overdue",
            recipient=recipient,
            complaint_id=complaint.id,
            now=now,
            body=(
                f"[처리기한 경과] 불친절·부당 처리 신고 {complaint.receipt_number}의 '{stage.label}' 단계 기한"
                f"({row.due.isoformat()})이 지났습니다. {owner}께서 오늘 중 처리해 주십시오."
            ),
        )
        reminders += 1
    return reminders


def decision_for(session: Session, complaint: Complaint) -> CompensationDecision | None:
    return session.scalar(select(CompensationDecision).where(CompensationDecision.complaint_id == complaint.id))


def record_decision(
    session: Session,
    complaint: Complaint,
    case: Case | str,
    method: Method | str,
    note: str | None,
    staff: Staff,
    county: County,
    now: datetime,
) -> tuple[CompensationDecision, bool]:
    """The amount comes from the case, never from the officer. Returns the decision and whether an SMS was queued."""
    if complaint.kind != Kind.MISCONDUCT.value:
        raise ApiError(422, "보상은 공무원 불친절·부당 처리 신고 민원에 대해서만 결정할 수 있습니다.", "not_misconduct")
    if not (staff.role == "admin" or staff.department_id == county.misconduct_department):
        raise forbidden("보상 결정은 주관부서 직원이나 관리자만 할 수 있습니다.")
    if Status(complaint.status) not in DECIDABLE:
        raise ApiError(409, "조사 결과를 확인한 뒤(조사결과 확인 단계 이후)에 보상을 결정할 수 있습니다.", "too_early")
    if decision_for(session, complaint) is not None:
        raise ApiError(409, "이 민원의 보상은 이미 결정되었습니다.", "already_decided")
    try:
        case, method = Case(case), Method(method)
    except ValueError:
        raise ApiError(422, "보상 사유와 지급 방법을 목록에서 골라 주십시오.", "invalid_choice") from None
    rule = CASES[case]
    decision = CompensationDecision(
        complaint_id=complaint.id,
        case=case.value,
        amount=rule.amount,
        method=method.value,
        department_training=rule.department_training,
        note=note,
        decided_by=staff.id,
        decided_at=now,
    )
    session.add(decision)
    session.flush()
    notified = bool(complaint.phone)
    if notified:
        dept = county.department(county.misconduct_department)
        how = "상품권을 전달해" if method is Method.GOODS else "계좌로 이체해"
        enqueue(
            session,
            dedupe_key=f"complaint:{complaint.id}:sms:compensation",
            kind="sms",
            template="citizen_compensation",
            recipient=complaint.phone,
            complaint_id=complaint.id,
            now=now,
            body=(
                f"[{county.office_name}] 신고하신 민원({complaint.receipt_number})에 대해 사과드리며, "
                f"서비스 기준에 따라 {REWARD} {rule.amount:,}원으로 보상해 드립니다. {how} 드리겠습니다. "
                f"문의 {dept.name}({dept.phone})."
            ),
        )
    return decision, notified


def describe(decision: CompensationDecision) -> dict:
    rule = CASES[Case(decision.case)]
    return dict(
        case=Case(decision.case),
        case_label=rule.label,
        amount=decision.amount,
        reward=REWARD,
        method=Method(decision.method),
        method_label=METHOD_LABELS[Method(decision.method)],
        department_training=decision.department_training,
        decided_at=decision.decided_at,
    )
