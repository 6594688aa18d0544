"""Template environment and the data the complaint and handoff pages show."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.complaints import deadlines
from api.complaints import service as complaints
from api.complaints.deadlines import KIND_LABELS
from api.complaints.lifecycle import LABELS, TERMINAL, TRANSITIONS, Status
from api.console import actions
from api.console.exclusions import EXCLUSIONS
from api.console.models import INTAKE_SOURCES, ComplaintFlag, ComplaintIntake, ComplaintNote
from api.console.queue import CHANNEL_LABELS
from api.console.session import ConsoleUser
from api.errors import ApiError
from api.handoffs.models import Handoff
from api.handoffs.service import handoff_department
from api.privacy.masking import mask_address, mask_name, mask_phone, mask_text
from api.staff.models import Staff

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Autoescape everywhere: complaint text with HTML or script must stay inert text.
env = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True)
)
STAGE_LABELS = {
    "assigned": "담당자 배정",
    "investigating": "확인·조사",
    "reviewed": "조사결과 확인",
    "remedied": "시정·개선 조치",
}
HANDOFF_STATUS = {"open": "대기 중", "claimed": "상담 중", "closed": "종료"}
HANDOFF_REASONS = {
    "request_human": "직원 연결 요청",
    "fallback": "챗봇이 이해하지 못함",
    "abuse": "욕설·폭언",
    "threat": "위협",
    "sexual_harassment": "성희롱",
    "api_unavailable": "시스템 장애",
    "repetition": "같은 질문 반복",
}
FORM_LABELS = {
    "description": "민원 내용",
    "location": "장소",
    "township": "읍·면",
    "citizen_name": "이름",
    "phone": "전화번호",
    "privacy_consent": "개인정보 동의",
    "category_confirmed": "분야 확인",
    "summary_confirmed": "요약 확인",
    "complaint_kind": "민원 종류",
    "receipt_number": "접수번호",
    "pending_submission": "접수 미완료",
    "known_receipts": "조회한 접수번호",
}
HAND_BACK_REASONS = {
    "closed": "직원이 상담을 마침",
    "unanswered": "대기 시간 안에 응대하지 못함",
    "office_closed": "업무시간이 끝남",
}
# Personal-data fields as the access log names them.
ACCESS_FIELDS = {
    "citizen_name": "이름",
    "phone": "전화번호",
    "address": "주소",
    "transcript": "대화 기록",
    "form_data": "수집 정보",
    "callback": "회신 연락처",
    "messages": "상담 채팅",
}
ACTION_LABELS = {
    "created": "접수",
    "assign": "배정",
    "transition": "단계 변경",
    "transfer": "이송",
    "answer": "답변 등록",
}


def error_page(request: Request, user: ConsoleUser | None, exc: ApiError) -> HTMLResponse:
    return render(request, "error.html", status_code=exc.status_code, user=user, message=exc.detail)


def staff_context(request: Request, user: ConsoleUser) -> complaints.Context:
    """What the complaint service needs to act now for the signed-in staff member."""
    state = request.app.state
    return complaints.Context(
        county=state.county,
        settings=state.settings,
        now=state.clock(),
        actor=f"staff:{user.staff.id}",
        staff=user.staff,
    )


def render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    county = request.app.state.county
    tz = county.timezone

    def kst(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        return moment.astimezone(tz).strftime(fmt) if moment else ""

    html = env.get_template(name).render(
        request=request,
        county=county,
        kst=kst,
        status_labels={s.value: LABELS[s] for s in Status},
        channel_labels=CHANNEL_LABELS,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def complaint_context(session: Session, receipt: str, user: ConsoleUser, ctx: complaints.Context, reveal: bool) -> dict:
    complaint = complaints.get_for_staff(session, receipt, ctx)
    county = ctx.county
    status = Status(complaint.status)
    staff_ids = {e.actor_staff_id for e in complaint.events if e.actor_staff_id} | {complaint.assignee_id}
    notes = list(
        session.scalars(
            select(ComplaintNote).where(ComplaintNote.complaint_id == complaint.id).order_by(ComplaintNote.id)
        )
    )
    intake = session.get(ComplaintIntake, complaint.id)
    flag = session.get(ComplaintFlag, complaint.id)
    staff_ids |= {n.staff_id for n in notes} | ({flag.flagged_by} if flag else set())
    if intake:
        staff_ids |= {intake.entered_by, intake.callback_staff_id}
    staff_ids.discard(None)
    names = dict(session.execute(select(Staff.id, Staff.display_name).where(Staff.id.in_(staff_ids))).all())
    revealed = reveal and complaint.anonymised_at is None
    person = {
        "name": complaint.citizen_name if revealed else mask_name(complaint.citizen_name),
        "phone": complaint.phone if revealed else mask_phone(complaint.phone),
        "address": complaint.address if revealed else mask_address(complaint.address),
    }
    staff = user.staff
    return dict(
        c=complaint,
        status=status,
        terminal=status in TERMINAL,
        person=person,
        revealed=revealed,
        transcript=transcript_lines(complaint.transcript, revealed),
        prediction=prediction_view(complaint.prediction, county),
        kind_label=KIND_LABELS.get(complaint.kind, complaint.kind),
        category_name=county.categories[complaint.category].name
        if complaint.category in county.categories
        else complaint.category,
        department=county.departments.get(complaint.department_id),
        stage_dues=[]
        if status in TERMINAL
        else [
            (STAGE_LABELS[k], v)
            for k, v in deadlines.stage_due_dates(complaint.received_date, complaint.processing_days).items()
            if k in STAGE_LABELS
        ],
        overdue=deadlines.is_overdue(status, complaint.due_date, ctx.today),
        events=complaint.events,
        names=names,
        action_labels=ACTION_LABELS,
        notes=notes,
        intake=intake,
        intake_sources=INTAKE_SOURCES,
        flag=flag,
        next_states=[
            s
            for s in sorted(TRANSITIONS[status], key=list(Status).index)
            if s in (Status.INVESTIGATING, Status.REVIEWED, Status.REMEDIED, Status.CLOSED)
        ],
        can_take=staff.role != "admin" and status is Status.RECEIVED and staff.department_id == complaint.department_id,
        can_manage=staff.role == "admin"
        or (staff.role == "manager" and staff.department_id == complaint.department_id),
        can_work=staff.role != "officer" or complaint.assignee_id == staff.id,
        can_reject=Status.REJECTED in TRANSITIONS[status],
        can_transfer=Status.TRANSFERRED in TRANSITIONS[status],
        officers=actions.department_staff(session, complaint.department_id),
        exclusions=EXCLUSIONS.values(),
        categories=county.categories.values(),
    )


def transcript_lines(transcript: list[dict] | None, revealed: bool) -> list[dict]:
    """A chatbot transcript (handoff or complaint) for the page: phone numbers masked until revealed."""
    return [
        {
            "sender": line.get("sender"),
            "time": parse_datetime(line.get("timestamp")),
            "text": line.get("text", "") if revealed else mask_text(line.get("text", "")),
        }
        for line in (transcript or [])
    ]


def prediction_view(prediction: dict | None, county) -> dict | None:
    """The bot's category prediction with the categories' Korean names and confidences in per cent."""
    if not prediction:
        return None

    def scored(item: dict) -> dict:
        category = item.get("category")
        name = county.categories[category].name if category in county.categories else category
        return {"category": category, "name": name, "percent": round(float(item.get("confidence") or 0) * 100)}

    return {**scored(prediction), "runner_ups": [scored(r) for r in prediction.get("runner_ups") or []]}


def handoff_context(session: Session, handoff: Handoff, county, reveal: bool) -> dict:
    revealed = reveal and handoff.anonymised_at is None
    transcript = transcript_lines(handoff.transcript, revealed)
    callback = dict(handoff.callback or {})
    if callback and not revealed:
        callback.update(name=mask_name(callback.get("name")), phone=mask_phone(callback.get("phone")))
    form = dict(handoff.form_data or {})
    if not revealed:
        for key in ("citizen_name", "phone"):
            if form.get(key):
                form[key] = mask_name(form[key]) if key == "citizen_name" else mask_phone(form[key])
    claimed_name = (
        session.scalar(select(Staff.display_name).where(Staff.id == handoff.claimed_by)) if handoff.claimed_by else None
    )
    department_id = handoff_department(county, handoff)
    category = form.get("complaint_category")
    return dict(
        h=handoff,
        transcript=transcript,
        callback=callback,
        form=form,
        revealed=revealed,
        claimed_name=claimed_name,
        department=county.departments.get(department_id) if department_id else None,
        category_name=county.categories[category].name if category in county.categories else None,
        status_label=HANDOFF_STATUS.get(handoff.status, handoff.status),
        form_labels=FORM_LABELS,
        has_chat=handoff.citizen_key is not None,
        reason_label=HANDOFF_REASONS.get(handoff.reason, handoff.reason),
        categories=county.categories.values(),
        consent_in_chat=form.get("privacy_consent") is True or form.get("privacy_consent") == "true",
    )


def parse_datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
