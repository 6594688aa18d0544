"""What officers do to a complaint or handoff from the console. Every change goes through the complaint
service (lifecycle, deadlines, history, SMS outbox); this module adds only what the console itself keeps."""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.complaints import service as complaints
from api.complaints.lifecycle import Status, check_transition
from api.complaints.models import Complaint, ComplaintEvent
from api.complaints.schemas import Assign, StatusChange, Transfer
from api.console.exclusions import EXCLUSIONS
from api.console.models import ComplaintFlag, ComplaintIntake, ComplaintNote
from api.console.session import ConsoleUser
from api.errors import ApiError, _korean_message, forbidden
from api.notifications import service as notify
from api.service_standard import corrections
from api.staff.models import Staff
from api.textclean import clean_text


def korean_validation(exc: ValidationError) -> ApiError:
    first = exc.errors()[0] if exc.errors() else {}
    return ApiError(422, _korean_message(first) if first else "입력값을 확인해 주십시오.")


def text(value, limit: int, label: str, required: bool = True) -> str | None:
    value = clean_text(value if isinstance(value, str) else "", multiline=True).strip()
    if not value:
        if required:
            raise ApiError(422, f"{label}을(를) 입력해 주십시오.")
        return None
    if len(value) > limit:
        raise ApiError(422, f"{label}은(는) {limit}자 이하로 입력해 주십시오.")
    return value


def take(session: Session, complaint: Complaint, ctx: complaints.Context) -> ComplaintEvent:
    """An officer takes an unassigned complaint of their own department (the manager may still reassign)."""
    staff = ctx.staff
    if staff.role == "admin" or staff.department_id != complaint.department_id:
        raise forbidden("이 부서의 담당자만 민원을 맡을 수 있습니다.")
    if complaint.status != Status.RECEIVED:
        raise ApiError(409, "이미 담당자가 배정된 민원입니다. 재배정은 부서장에게 요청해 주십시오.", "already_assigned")
    check_transition(complaint.status, Status.ASSIGNED)
    complaint.assignee_id = staff.id
    return complaints.record_change(
        session,
        complaint,
        ctx,
        action="assign",
        to=Status.ASSIGNED,
        note=f"담당자가 직접 맡음: {staff.display_name}",
        public_note="담당자가 배정되었습니다.",
    )


def assign(session: Session, complaint: Complaint, assignee_id, note, ctx: complaints.Context) -> ComplaintEvent:
    try:
        data = Assign(assignee_id=int(assignee_id or 0), note=note or None)
    except (ValueError, ValidationError):
        raise ApiError(422, "배정할 담당자를 선택해 주십시오.") from None
    return complaints.assign(session, complaint, data, ctx)


def change_status(session: Session, complaint: Complaint, form, ctx: complaints.Context) -> ComplaintEvent:
    to = form.get("to")
    values = {"to": to, "note": form.get("note") or None, "public_note": form.get("public_note") or None}
    if to == "closed":
        values["result"] = form.get("result") or None
    if to == "rejected":
        exclusion = EXCLUSIONS.get(form.get("exclusion") or "")
        if exclusion is None:
            raise ApiError(422, "반려 사유를 목록에서 선택해 주십시오.")
        values["reason"] = exclusion.reason
        values["remedy"] = (form.get("remedy") or "").strip() or exclusion.remedy
    try:
        data = StatusChange(**values)
    except ValidationError as exc:
        raise korean_validation(exc) from None
    return complaints.change_status(session, complaint, data, ctx)


def transfer(session: Session, complaint: Complaint, form, ctx: complaints.Context) -> ComplaintEvent:
    """To another department through the corrected category (recorded), or to another agency."""
    reason = text(form.get("reason"), 2000, "이송 사유")
    agency = (form.get("agency") or "").strip()
    category = form.get("category") or ""
    if agency:
        data = Transfer(agency=agency[:200], reason=reason)
        return complaints.transfer(session, complaint, data, ctx)
    route = ctx.county.routing.get(category)
    if route is None:
        raise ApiError(422, "바른 민원 분야를 선택하거나 이송할 기관 이름을 입력해 주십시오.")
    if route.department_id == complaint.department_id:
        raise ApiError(422, "선택한 분야도 지금 부서 소관입니다. 분야만 바로잡을 때는 이송하지 않아도 됩니다.")
    categories = ctx.county.categories
    old = categories[complaint.category].name if complaint.category in categories else complaint.category
    new = ctx.county.categories[category].name
    event = complaints.transfer(session, complaint, Transfer(department_id=route.department_id, reason=reason), ctx)
    if complaint.category in categories:  # the chatbot's category, corrected: a lesson for its next training
        corrections.record(session, complaint, event, complaint.category, category, ctx.now)
    complaint.category = category
    event.note = f"{event.note} (분야 정정: {old} → {new})"
    return event


def public_answer(session: Session, complaint: Complaint, form, ctx: complaints.Context) -> ComplaintEvent:
    """An answer the citizen sees on a status check, also sent by SMS, without changing the stage."""
    staff = ctx.staff
    if staff.role == "officer" and complaint.assignee_id != staff.id:
        raise forbidden("배정된 담당자, 부서장 또는 관리자만 답변을 등록할 수 있습니다.")
    answer = text(form.get("answer"), 1000, "답변")
    event = complaints.record_change(
        session, complaint, ctx, action="answer", to=Status(complaint.status), note=None, public_note=answer
    )
    if complaint.phone and complaint.anonymised_at is None:
        notify.enqueue(
            session,
            dedupe_key=f"complaint:{complaint.id}:sms:answer:{event.id}",
            kind="sms",
            template="citizen_answer",
            recipient=complaint.phone,
            complaint_id=complaint.id,
            now=ctx.now,
            body=f"[{ctx.county.office_name}] 민원({complaint.receipt_number}) 답변: {answer[:60]}"
            f"{'…' if len(answer) > 60 else ''} 전체 내용은 챗봇의 처리 현황 조회에서 확인하실 수 있습니다.",
        )
    return event


def add_note(session: Session, complaint: Complaint, form, staff: Staff, now: datetime) -> ComplaintNote:
    note = ComplaintNote(
        complaint_id=complaint.id, staff_id=staff.id, text=text(form.get("text"), 2000, "메모"), created_at=now
    )
    session.add(note)
    return note


def set_flag(session: Session, complaint: Complaint, form, staff: Staff, now: datetime) -> None:
    existing = session.get(ComplaintFlag, complaint.id)
    if form.get("flag") == "off":
        if existing is not None:
            session.delete(existing)
        return
    reason = text(form.get("reason"), 1000, "특이민원 지정 사유")
    if existing is None:
        session.add(ComplaintFlag(complaint_id=complaint.id, reason=reason, flagged_by=staff.id, flagged_at=now))
    else:
        existing.reason, existing.flagged_by, existing.flagged_at = reason, staff.id, now


def record_callback(session: Session, complaint: Complaint, form, staff: Staff, now: datetime) -> None:
    intake = session.get(ComplaintIntake, complaint.id)
    if intake is None or not intake.callback_needed:
        raise ApiError(409, "회신이 필요한 전화 메모가 아닙니다.")
    if intake.callback_done_at is not None:
        raise ApiError(409, "이미 회신을 기록한 메모입니다.")
    intake.callback_note = text(form.get("note"), 1000, "회신 내용")
    intake.callback_done_at, intake.callback_staff_id = now, staff.id


# --- handoffs -----------------------------------------------------------------------------------


def department_staff(session: Session, department_id: str) -> list[Staff]:
    return list(
        session.scalars(
            select(Staff)
            .where(Staff.department_id == department_id, Staff.is_active.is_(True), Staff.role != "admin")
            .order_by(Staff.role.desc(), Staff.display_name)
        )
    )


def assignable_staff(session: Session, user: ConsoleUser) -> list[Staff]:
    """Whom a manager (own department) or an administrator (any department) may assign in bulk."""
    query = select(Staff).where(Staff.is_active.is_(True), Staff.role != "admin")
    if not user.is_admin:
        query = query.where(Staff.department_id == user.staff.department_id)
    return list(session.scalars(query.order_by(Staff.department_id, Staff.display_name)))
