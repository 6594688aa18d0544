"""Complaint use cases: creation, citizen lookup, staff views and state changes."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Row, and_, bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from api.common_schemas import Channel, DepartmentRef, TownshipRef
from api.complaints import deadlines
from api.complaints.deadlines import KIND_LABELS, Kind
from api.complaints.lifecycle import DESCRIPTIONS, LABELS, REASSIGNABLE, TERMINAL, Status, check_transition
from api.complaints.models import Complaint, ComplaintEvent
from api.complaints.receipts import next_receipt_number
from api.complaints.schemas import (
    Assign,
    ComplaintCreate,
    ComplaintCreated,
    ComplaintDetail,
    ComplaintSummary,
    EventOut,
    PublicStatus,
    StatusChange,
    Transfer,
)
from api.county import County
from api.db import Database
from api.errors import ApiError, forbidden
from api.notifications import service as notify
from api.privacy.masking import mask_address, mask_name, mask_phone, mask_text
from api.settings import Settings
from api.staff.models import Staff
from api.working_days import add_working_days, local_date

LOOKUP_NOT_FOUND = "접수번호와 전화번호가 일치하는 민원을 찾을 수 없습니다. 입력하신 내용을 다시 확인해 주십시오."


@dataclass
class Context:
    county: County
    settings: Settings
    now: datetime
    actor: str
    staff: Staff | None = None

    @property
    def today(self) -> date:
        return local_date(self.now, self.county.timezone)


def department_ref(county: County, department_id: str) -> DepartmentRef:
    dept = county.department(department_id)
    return DepartmentRef(id=dept.id, name=dept.name, phone=dept.phone)


def _add_event(
    session: Session,
    complaint: Complaint,
    ctx: Context,
    *,
    action: str,
    from_status: str | None,
    to_status: str,
    note: str | None = None,
    public_note: str | None = None,
) -> ComplaintEvent:
    event = ComplaintEvent(
        complaint_id=complaint.id,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=ctx.actor,
        actor_staff_id=ctx.staff.id if ctx.staff else None,
        note=note,
        public_note=public_note,
        created_at=ctx.now,
    )
    session.add(event)
    session.flush()
    return event


def create_complaint(session: Session, data: ComplaintCreate, ctx: Context) -> Complaint:
    county = ctx.county
    if data.category not in county.categories:
        raise ApiError(422, f"알 수 없는 민원 분야입니다: {data.category}", "unknown_category")
    township = None
    if data.township:
        township = county.township(data.township)
        if township is None:
            names = ", ".join(county.townships)
            raise ApiError(
                422, f"{county.name}의 읍·면이 아닙니다. 다음 중에서 입력해 주십시오: {names}", "unknown_township"
            )
    kind = Kind(data.kind)
    days = deadlines.processing_days(kind, data.processing_days)
    department = county.route(data.category).department
    department_id = county.misconduct_department if kind is Kind.MISCONDUCT else department.id
    received_date = ctx.today
    complaint = Complaint(
        receipt_number=next_receipt_number(session, received_date.year),
        channel=data.channel.value,
        category=data.category,
        department_id=department_id,
        kind=kind.value,
        processing_days=days,
        description=data.description,
        location=data.location,
        township=township.name if township else None,
        citizen_name=data.citizen_name,
        phone=data.phone,
        phone_digits="".join(ch for ch in data.phone if ch.isdigit()),
        address=data.address,
        consent_at=data.privacy_consent.agreed_at or ctx.now,
        consent_version=data.privacy_consent.version,
        elderly_or_disabled=data.elderly_or_disabled,
        urgent_safety=data.urgent_safety,
        status=Status.RECEIVED.value,
        received_at=ctx.now,
        received_date=received_date,
        due_date=deadlines.due_date(received_date, days),
        status_changed_at=ctx.now,
        created_by=ctx.actor,
        transcript=[turn.model_dump(mode="json") for turn in data.transcript] if data.transcript else None,
        prediction=data.prediction.model_dump(mode="json") if data.prediction else None,
    )
    session.add(complaint)
    session.flush()
    _add_event(
        session,
        complaint,
        ctx,
        action="created",
        from_status=None,
        to_status=Status.RECEIVED.value,
        public_note="민원이 접수되었습니다.",
    )
    notify.on_created(session, county, complaint, ctx.now, ctx.settings.sms_min_processing_days)
    return complaint


def created_view(county: County, complaint: Complaint, settings: Settings) -> ComplaintCreated:
    township_office = None
    if complaint.kind != Kind.MISCONDUCT:
        office = county.route(complaint.category, complaint.township).township_office
        if office:
            township_office = TownshipRef(name=office.name, phone=office.phone, address=office.address)
    return ComplaintCreated(
        receipt_number=complaint.receipt_number,
        status=Status(complaint.status),
        status_label=LABELS[Status(complaint.status)],
        kind=Kind(complaint.kind),
        kind_label=KIND_LABELS[Kind(complaint.kind)],
        category=complaint.category,
        category_name=county.categories[complaint.category].name,
        department=department_ref(county, complaint.department_id),
        township_office=township_office,
        received_at=complaint.received_at,
        processing_days=complaint.processing_days,
        due_date=complaint.due_date,
        sms_notifications=notify.sms_eligible(complaint, settings.sms_min_processing_days),
    )


# --- citizen lookup -------------------------------------------------------------------------
# The hot path of the API: one prebuilt Core statement per lookup (complaint columns + latest public note as
# a correlated subquery), run by Database.read_all without an ORM session. Returns Rows, not entities.


def _phone_matches(stored_digits: str | None, given_digits: str) -> bool:
    """Compare in constant time (for equal lengths), so response times do not reveal matching digits."""
    if not stored_digits:
        return False
    if len(given_digits) == 4:
        return hmac.compare_digest(stored_digits[-4:].encode(), given_digits.encode())
    return hmac.compare_digest(stored_digits.encode(), given_digits.encode())


def _latest_public_note():
    return (
        select(ComplaintEvent.public_note)
        .where(ComplaintEvent.complaint_id == Complaint.id, ComplaintEvent.public_note.is_not(None))
        .order_by(ComplaintEvent.id.desc())
        .limit(1)
        .correlate(Complaint)
        .scalar_subquery()
        .label("latest_public_note")
    )


_PUBLIC_COLUMNS = (
    Complaint.receipt_number,
    Complaint.status,
    Complaint.category,
    Complaint.department_id,
    Complaint.received_at,
    Complaint.due_date,
    Complaint.status_changed_at,
    Complaint.phone_digits,
    Complaint.result,
    Complaint.rejection_reason,
    Complaint.rejection_remedy,
    Complaint.transferred_to,
    Complaint.transfer_reason,
    _latest_public_note(),
)
_BY_RECEIPT = select(*_PUBLIC_COLUMNS).where(Complaint.receipt_number == bindparam("receipt_number"))
PHONE_LOOKUP_LIMIT = 20
_BY_PHONE = (
    select(*_PUBLIC_COLUMNS)
    .where(Complaint.phone_digits == bindparam("phone_digits"))
    .order_by(Complaint.received_at.desc(), Complaint.id.desc())
    .limit(PHONE_LOOKUP_LIMIT)
)


def public_status(county: County, complaint: Row, today: date) -> PublicStatus:
    """`complaint`: a row of the lookup statements (complaint columns and latest_public_note)."""
    status = Status(complaint.status)
    return PublicStatus(
        receipt_number=complaint.receipt_number,
        status=status,
        status_label=LABELS[status],
        status_description=DESCRIPTIONS[status],
        category_name=county.categories[complaint.category].name,
        department=department_ref(county, complaint.department_id),
        received_at=complaint.received_at,
        due_date=complaint.due_date,
        overdue=deadlines.is_overdue(status, complaint.due_date, today),
        latest_public_note=complaint.latest_public_note,
        updated_at=complaint.status_changed_at,
        result=complaint.result if status is Status.CLOSED else None,
        rejection_reason=complaint.rejection_reason if status is Status.REJECTED else None,
        rejection_remedy=complaint.rejection_remedy if status is Status.REJECTED else None,
        transferred_to=complaint.transferred_to if status is Status.TRANSFERRED else None,
        transfer_reason=complaint.transfer_reason if status is Status.TRANSFERRED else None,
    )


def lookup_by_receipt(db: Database, receipt_number: str | None, phone_digits: str) -> Row:
    rows = db.read_all(_BY_RECEIPT, {"receipt_number": receipt_number}) if receipt_number else []
    complaint = rows[0] if rows else None
    # Same answer whether the number does not exist or the phone does not match: no existence oracle.
    if complaint is None or not _phone_matches(complaint.phone_digits, phone_digits):
        raise ApiError(404, LOOKUP_NOT_FOUND, "not_found")
    return complaint


def lookup_by_phone(db: Database, phone_digits: str) -> list[Row]:
    return db.read_all(_BY_PHONE, {"phone_digits": phone_digits})


# --- staff views ----------------------------------------------------------------------------


def _stage_due(complaint: Complaint) -> dict[str, date]:
    return deadlines.stage_due_dates(complaint.received_date, complaint.processing_days)


def summary_fields(complaint: Complaint, ctx: Context) -> dict:
    status = Status(complaint.status)
    stage = None if status in TERMINAL else _stage_due(complaint).get(status.value)
    excerpt = complaint.description[:100] + ("…" if len(complaint.description) > 100 else "")
    return dict(
        receipt_number=complaint.receipt_number,
        status=status,
        status_label=LABELS[status],
        kind=Kind(complaint.kind),
        category=complaint.category,
        department_id=complaint.department_id,
        channel=complaint.channel,
        township=complaint.township,
        citizen_name=mask_name(complaint.citizen_name),
        phone=mask_phone(complaint.phone),
        description_excerpt=excerpt,
        assignee_id=complaint.assignee_id,
        elderly_or_disabled=complaint.elderly_or_disabled,
        urgent_safety=complaint.urgent_safety,
        received_at=complaint.received_at,
        due_date=complaint.due_date,
        stage_due_date=stage,
        overdue=deadlines.is_overdue(status, complaint.due_date, ctx.today),
        due_soon=deadlines.is_due_soon(status, complaint.due_date, ctx.today, ctx.settings.due_soon_working_days),
    )


def list_complaints(
    session: Session,
    ctx: Context,
    *,
    department_id: str | None,
    status: Status | None,
    overdue: bool | None,
    due_soon: bool | None,
    assigned_to_me: bool,
    limit: int,
    offset: int,
    channel: Channel | None = None,
) -> tuple[list[ComplaintSummary], int]:
    staff = ctx.staff
    conditions = []
    if staff.role != "admin":
        if department_id and department_id != staff.department_id:
            raise forbidden("다른 부서의 민원 목록은 볼 수 없습니다.")
        department_id = staff.department_id
    if department_id:
        conditions.append(Complaint.department_id == department_id)
    if status:
        conditions.append(Complaint.status == status.value)
    if assigned_to_me:
        conditions.append(Complaint.assignee_id == staff.id)
    if channel:
        conditions.append(Complaint.channel == channel.value)
    open_states = [s.value for s in Status if s not in TERMINAL]
    today = ctx.today
    # Overdue / due-soon are derived from due_date and today at query time, never stored.
    if overdue is not None:
        cond = and_(Complaint.status.in_(open_states), Complaint.due_date < today)
        conditions.append(cond if overdue else ~cond)
    if due_soon is not None:
        horizon = add_working_days(today, ctx.settings.due_soon_working_days)
        cond = and_(Complaint.status.in_(open_states), Complaint.due_date >= today, Complaint.due_date <= horizon)
        conditions.append(cond if due_soon else ~cond)
    total = session.scalar(select(func.count(Complaint.id)).where(*conditions)) or 0
    rows = session.scalars(
        select(Complaint)
        .where(*conditions)
        .order_by(Complaint.received_at.desc(), Complaint.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return [ComplaintSummary(**summary_fields(c, ctx)) for c in rows], total


def get_for_staff(session: Session, receipt_number: str, ctx: Context, *, lock: bool = False) -> Complaint:
    query = select(Complaint).options(selectinload(Complaint.events)).where(Complaint.receipt_number == receipt_number)
    if lock:
        query = query.with_for_update()
    complaint = session.scalar(query)
    if complaint is None:
        raise ApiError(404, "해당 접수번호의 민원을 찾을 수 없습니다.", "not_found")
    if not (ctx.staff.role == "admin" or ctx.staff.department_id == complaint.department_id):
        raise forbidden("다른 부서의 민원은 볼 수 없습니다.")
    return complaint


PERSONAL_FIELDS = ["citizen_name", "phone", "address", "transcript"]


def transcript_view(complaint: Complaint, reveal: bool) -> list[dict] | None:
    """The chatbot conversation; phone numbers in it masked unless the personal data is revealed."""
    if not complaint.transcript:
        return None
    if reveal:
        return list(complaint.transcript)
    return [{**turn, "text": mask_text(turn.get("text") or "")} for turn in complaint.transcript]


def detail_view(complaint: Complaint, ctx: Context, reveal: bool) -> ComplaintDetail:
    fields = summary_fields(complaint, ctx)
    if reveal:
        fields.update(citizen_name=complaint.citizen_name, phone=complaint.phone)
    status = Status(complaint.status)
    return ComplaintDetail(
        **fields,
        personal_data_revealed=reveal,
        address=complaint.address if reveal else mask_address(complaint.address),
        description=complaint.description,
        location=complaint.location,
        processing_days=complaint.processing_days,
        consent_at=complaint.consent_at,
        consent_version=complaint.consent_version,
        stage_due_dates={} if status in TERMINAL else _stage_due(complaint),
        result=complaint.result,
        rejection_reason=complaint.rejection_reason,
        rejection_remedy=complaint.rejection_remedy,
        transferred_to=complaint.transferred_to,
        transfer_reason=complaint.transfer_reason,
        closed_at=complaint.closed_at,
        anonymised=complaint.anonymised_at is not None,
        events=[EventOut.model_validate(e, from_attributes=True) for e in complaint.events],
        prediction=complaint.prediction,
        transcript=transcript_view(complaint, reveal),
    )


# --- state changes --------------------------------------------------------------------------


def _require_manager_of(ctx: Context, complaint: Complaint) -> None:
    if ctx.staff.role == "admin":
        return
    if ctx.staff.role != "manager" or ctx.staff.department_id != complaint.department_id:
        raise forbidden("담당자 배정과 이송은 해당 부서의 부서장 또는 관리자만 할 수 있습니다.")


def _set_status(complaint: Complaint, status: Status, ctx: Context) -> None:
    complaint.status = status.value
    complaint.status_changed_at = ctx.now
    if status in TERMINAL:
        complaint.closed_at = ctx.now


def assign(session: Session, complaint: Complaint, data: Assign, ctx: Context) -> ComplaintEvent:
    _require_manager_of(ctx, complaint)
    current = Status(complaint.status)
    officer = session.get(Staff, data.assignee_id)
    if (
        officer is None
        or not officer.is_active
        or officer.role == "admin"
        or officer.department_id != complaint.department_id
    ):
        raise ApiError(422, "배정할 담당자는 이 민원을 맡은 부서의 직원이어야 합니다.", "bad_assignee")
    if current is Status.RECEIVED:
        check_transition(current, Status.ASSIGNED)
        target = Status.ASSIGNED
    elif current in REASSIGNABLE:
        target = current  # reassignment keeps the stage
    else:
        check_transition(current, Status.ASSIGNED)  # raises the Korean 409
        target = current
    complaint.assignee_id = officer.id
    if target != current:
        _set_status(complaint, target, ctx)
    event = _add_event(
        session,
        complaint,
        ctx,
        action="assign",
        from_status=current.value,
        to_status=target.value,
        note=data.note or f"담당자 배정: {officer.display_name}",
        public_note="담당자가 배정되었습니다." if target != current else None,
    )
    notify.on_event(session, ctx.county, complaint, event, ctx.now, ctx.settings.sms_min_processing_days)
    return event


def transfer(session: Session, complaint: Complaint, data: Transfer, ctx: Context) -> ComplaintEvent:
    _require_manager_of(ctx, complaint)
    current = Status(complaint.status)
    check_transition(current, Status.TRANSFERRED)
    county = ctx.county
    if data.department_id is not None:
        if data.department_id not in county.departments:
            raise ApiError(422, "이송할 부서가 등록된 부서가 아닙니다.", "unknown_department")
        if data.department_id == complaint.department_id:
            raise ApiError(422, "같은 부서로는 이송할 수 없습니다.", "same_department")
        old = county.department(complaint.department_id).name
        new = county.department(data.department_id)
        complaint.department_id = new.id
        complaint.assignee_id = None
        complaint.transfer_reason = data.reason
        _set_status(complaint, Status.RECEIVED, ctx)
        return _finish_transfer(
            session,
            complaint,
            ctx,
            current,
            Status.RECEIVED,
            f"이송: {old} → {new.name}. 사유: {data.reason}",
            data.public_note or f"소관 부서인 {new.name}(으)로 이송되었습니다.",
        )
    complaint.transferred_to = data.agency
    complaint.transfer_reason = data.reason
    _set_status(complaint, Status.TRANSFERRED, ctx)
    return _finish_transfer(
        session,
        complaint,
        ctx,
        current,
        Status.TRANSFERRED,
        f"이송: {data.agency}. 사유: {data.reason}",
        data.public_note or f"소관 기관인 {data.agency}(으)로 이송되었습니다.",
    )


def _finish_transfer(session, complaint, ctx, current, target, note, public_note) -> ComplaintEvent:
    event = _add_event(
        session,
        complaint,
        ctx,
        action="transfer",
        from_status=current.value,
        to_status=target.value,
        note=note,
        public_note=public_note,
    )
    notify.on_event(session, ctx.county, complaint, event, ctx.now, ctx.settings.sms_min_processing_days)
    return event


def record_change(
    session: Session,
    complaint: Complaint,
    ctx: Context,
    *,
    action: str,
    to: Status,
    note: str | None,
    public_note: str | None,
) -> ComplaintEvent:
    """A change the caller has already checked (an officer taking a complaint, a public answer that keeps the
    stage): sets the stage, writes the history and queues the notices like every other change."""
    current = Status(complaint.status)
    if to is not current:
        _set_status(complaint, to, ctx)
    event = _add_event(
        session,
        complaint,
        ctx,
        action=action,
        from_status=current.value,
        to_status=to.value,
        note=note,
        public_note=public_note,
    )
    notify.on_event(session, ctx.county, complaint, event, ctx.now, ctx.settings.sms_min_processing_days)
    return event


def change_status(session: Session, complaint: Complaint, data: StatusChange, ctx: Context) -> ComplaintEvent:
    staff = ctx.staff
    if staff.role == "officer" and complaint.assignee_id != staff.id:
        raise forbidden("배정된 담당자, 부서장 또는 관리자만 처리 단계를 바꿀 수 있습니다.")
    if staff.role == "manager" and staff.department_id != complaint.department_id:
        raise forbidden("다른 부서의 민원은 처리할 수 없습니다.")
    current, target = Status(complaint.status), Status(data.to)
    check_transition(current, target)
    public_note = data.public_note
    if target is Status.CLOSED:
        complaint.result = data.result
        public_note = public_note or "처리가 완료되었습니다."
    elif target is Status.REJECTED:
        complaint.rejection_reason = data.reason
        complaint.rejection_remedy = data.remedy
        public_note = public_note or "민원이 반려되었습니다."
    _set_status(complaint, target, ctx)
    event = _add_event(
        session,
        complaint,
        ctx,
        action="transition",
        from_status=current.value,
        to_status=target.value,
        note=data.note,
        public_note=public_note,
    )
    notify.on_event(
        session,
        ctx.county,
        complaint,
        event,
        ctx.now,
        ctx.settings.sms_min_processing_days,
        link_base=ctx.settings.public_base_url,
    )
    return event
