from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from api.common_schemas import Channel
from api.county import County
from api.errors import ApiError, conflict, forbidden
from api.handoffs.chat import citizen_token, new_citizen_key
from api.handoffs.models import Handoff
from api.handoffs.schemas import HandoffCreate, HandoffCreated, HandoffDetail, HandoffSummary
from api.privacy.masking import mask_name, mask_phone
from api.staff.models import Staff
from api.working_days import is_office_open, next_opening


def create(session: Session, data: HandoffCreate, county: County, now: datetime) -> Handoff:
    handoff = Handoff(
        conversation_id=data.conversation_id,
        channel=data.channel.value,
        reason=data.reason,
        transcript=[line.model_dump(mode="json") for line in data.transcript],
        form_data=data.form_data,
        callback=data.callback.model_dump(mode="json") if data.callback else None,
        flagged=data.flagged,
        status="open",
        in_office_hours=is_office_open(now, county.opens, county.closes, county.timezone),
        created_at=now,
    )
    # Only a homepage chat in office hours can be continued live by an officer (Kakao cannot receive pushes).
    if handoff.in_office_hours and data.channel.value == "web":
        handoff.citizen_key = new_citizen_key()
    session.add(handoff)
    session.flush()
    return handoff


def created_view(handoff: Handoff, county: County, secret: str | None = None) -> HandoffCreated:
    opening = (
        None
        if handoff.in_office_hours
        else next_opening(handoff.created_at, county.opens, county.closes, county.timezone)
    )
    if handoff.in_office_hours:
        message = "상담원에게 연결해 드리겠습니다. 잠시만 기다려 주십시오."
    elif handoff.callback:
        message = f"지금은 업무시간이 아닙니다. 다음 업무시간({opening:%m월 %d일 %H시})에 담당자가 연락드리겠습니다."
    else:
        message = (
            f"지금은 업무시간이 아닙니다. 상담 내용을 남겨 두었으며 "
            f"다음 업무시간({opening:%m월 %d일 %H시})에 확인하겠습니다."
        )
    return HandoffCreated(
        id=handoff.id,
        status=handoff.status,
        in_office_hours=handoff.in_office_hours,
        next_opening=opening,
        message=message,
        created_at=handoff.created_at,
        citizen_token=citizen_token(secret, handoff) if secret else None,
    )


def summary_fields(h: Handoff) -> dict:
    cb = h.callback or {}
    return dict(
        id=h.id,
        conversation_id=h.conversation_id,
        channel=h.channel,
        reason=h.reason,
        flagged=h.flagged,
        status=h.status,
        in_office_hours=h.in_office_hours,
        created_at=h.created_at,
        claimed_by=h.claimed_by,
        claimed_at=h.claimed_at,
        closed_at=h.closed_at,
        callback_name=mask_name(cb.get("name")),
        callback_phone=mask_phone(cb.get("phone")),
        callback_topic=cb.get("topic"),
        transcript_length=len(h.transcript or []),
    )


def detail_view(h: Handoff, reveal: bool) -> HandoffDetail:
    fields = summary_fields(h)
    callback = h.callback
    if callback and not reveal:
        callback = {**callback, "name": mask_name(callback.get("name")), "phone": mask_phone(callback.get("phone"))}
    return HandoffDetail(
        **fields,
        personal_data_revealed=reveal,
        transcript=h.transcript if reveal else None,
        form_data=h.form_data if reveal else None,
        callback=callback,
        close_note=h.close_note,
        anonymised=h.anonymised_at is not None,
    )


def list_handoffs(
    session: Session,
    staff: Staff,
    county: County,
    status: str | None,
    limit: int,
    offset: int,
    channel: Channel | None = None,
) -> tuple[list[HandoffSummary], int]:
    """The handoffs this staff member may see, filtered by the database so that pages and the total count
    only those."""
    conditions = visible_to(staff, county)
    if status:
        conditions.append(Handoff.status == status)
    if channel:
        conditions.append(Handoff.channel == channel.value)
    total = session.scalar(select(func.count(Handoff.id)).where(*conditions)) or 0
    rows = session.scalars(
        select(Handoff)
        .where(*conditions)
        .order_by(Handoff.flagged.desc(), Handoff.created_at, Handoff.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [HandoffSummary(**summary_fields(h)) for h in rows], total


def get(session: Session, handoff_id: int, lock: bool = False) -> Handoff:
    query = select(Handoff).where(Handoff.id == handoff_id)
    if lock:
        query = query.with_for_update()
    handoff = session.scalar(query)
    if handoff is None:
        raise ApiError(404, "해당 상담 연결 요청을 찾을 수 없습니다.", "not_found")
    return handoff


# What a reveal of a handoff shows in full, as the access log records it.
PERSONAL_FIELDS = ["transcript", "form_data", "callback"]


def handoff_department(county: County, handoff: Handoff) -> str | None:
    """The department a handoff belongs to: the one routed from the category the bot collected, if any."""
    category = (handoff.form_data or {}).get("complaint_category")
    route = county.routing.get(category) if isinstance(category, str) else None
    return route.department_id if route else None


def can_see(staff: Staff, department_id: str | None) -> bool:
    # None: a handoff no department owns yet (the bot had no category); every officer may pick it up.
    return staff.role == "admin" or department_id is None or staff.department_id == department_id


def visible_to(staff: Staff, county: County) -> list:
    """can_see as SQL conditions on handoffs (none for an administrator): not routed to another department."""
    if staff.role == "admin":
        return []
    others = [c for c, route in county.routing.items() if route.department_id != staff.department_id]
    category = Handoff.form_data["complaint_category"].as_string()
    return [or_(category.is_(None), category.not_in(others))]


def get_for_staff(session: Session, handoff_id: int, staff: Staff, county: County, lock: bool = False) -> Handoff:
    """A handoff this staff member may read and answer: the console and the JSON API apply the same rule."""
    handoff = get(session, handoff_id, lock=lock)
    if not can_see(staff, handoff_department(county, handoff)):
        raise forbidden("다른 부서의 상담 연결은 볼 수 없습니다.")
    return handoff


def claim(handoff: Handoff, staff_id: int, now: datetime) -> None:
    if handoff.status == "closed":
        raise conflict("이미 종료된 상담 요청입니다.", "handoff_closed")
    if handoff.status == "claimed" and handoff.claimed_by != staff_id:
        raise conflict("다른 직원이 이미 맡은 상담 요청입니다.", "handoff_claimed")
    handoff.status = "claimed"
    handoff.claimed_by = staff_id
    handoff.claimed_at = handoff.claimed_at or now


def close(handoff: Handoff, staff_id: int, is_admin: bool, note: str | None, now: datetime) -> None:
    if handoff.status == "closed":
        raise conflict("이미 종료된 상담 요청입니다.", "handoff_closed")
    if handoff.status == "claimed" and handoff.claimed_by != staff_id and not is_admin:
        raise conflict("다른 직원이 맡은 상담 요청은 그 직원이나 관리자만 종료할 수 있습니다.", "handoff_claimed")
    handoff.status = "closed"
    handoff.closed_at = now
    handoff.close_note = note
    if handoff.claimed_by is None:
        handoff.claimed_by, handoff.claimed_at = staff_id, now
