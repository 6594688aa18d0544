"""Live handoff chat: a citizen in the homepage widget and an officer write to each other through the API.

A handoff filed in office hours from the web channel gets a random `citizen_key`; the citizen's token is an
HMAC of it under the session secret, handed to the widget once by the chatbot. Nothing else (not the
conversation id, not the handoff id, not a database dump) lets anyone read or write the chat.

The chat ends by being handed back to the chatbot: when an officer closes the handoff, when no officer took it
within HANDOFF_WAIT_SECONDS, or when the office closed before anyone did. The last two are noticed when the
citizen's widget next asks (it asks every second), so no citizen keeps waiting for a reply nobody can send.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timezone

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.county import County
from api.errors import ApiError, conflict
from api.handoffs.chat_schemas import ChatMessage, CitizenChatState, StaffChatPage
from api.handoffs.models import Handoff, HandoffMessage
from api.privacy.masking import mask_phone
from api.privacy.models import AccessLog
from api.privacy.service import record_access
from api.working_days import is_office_open

PAGE = 200

CONNECTED = "담당 직원이 연결되었습니다. 말씀해 주시면 바로 답변드리겠습니다."
CLOSED = (
    "담당 직원과의 상담이 끝났습니다. 이용해 주셔서 감사합니다. "
    "더 궁금하신 점이 있으시면 이어서 챗봇에게 말씀해 주세요."
)


def _unanswered(county: County) -> str:
    return (
        "기다리시게 해서 죄송합니다. 지금은 담당 직원이 모두 다른 상담 중이어서 바로 연결해 드리기 어렵습니다. "
        "전화번호를 남겨 주시면 담당 직원이 확인하는 대로 연락드리겠습니다. "
        "지금까지의 대화는 담당 직원에게 전달되어 있으며, "
        f"민원 접수는 챗봇이 계속 도와드립니다. 급하신 일은 대표전화({county.main_phone})로 문의해 주십시오."
    )


def _office_closed(county: County) -> str:
    return (
        f"업무시간(평일 {county.opens:%H:%M}~{county.closes:%H:%M})이 끝나 "
        "지금은 담당 직원과 연결해 드리기 어렵습니다. "
        "전화번호를 남겨 주시면 다음 업무시간에 담당 직원이 연락드리겠습니다. "
        "지금까지의 대화는 담당 직원에게 전달되어 있으며, "
        "민원 접수는 챗봇이 계속 도와드립니다."
    )


def new_citizen_key() -> str:
    return secrets.token_hex(32)


def citizen_token(secret: str, handoff: Handoff) -> str | None:
    if not handoff.citizen_key:
        return None
    message = f"handoff-chat:{handoff.id}:{handoff.citizen_key}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def get_for_citizen(session: Session, handoff_id: int, token: str | None, secret: str, lock: bool = False) -> Handoff:
    """The handoff if the token is its citizen token; the same 404 for a wrong token and a missing handoff."""
    query = select(Handoff).where(Handoff.id == handoff_id)
    if lock:
        query = query.with_for_update()
    handoff = session.scalar(query)
    expected = citizen_token(secret, handoff) if handoff is not None else None
    if expected is None or not token or not hmac.compare_digest(expected.encode(), token.strip().encode()):
        raise ApiError(
            404,
            "상담 연결 정보를 찾을 수 없습니다. 새로 고침 후에도 계속되면 챗봇에게 다시 말씀해 주세요.",
            "not_found",
        )
    return handoff


def is_live(handoff: Handoff) -> bool:
    return handoff.citizen_key is not None and handoff.handed_back_at is None and handoff.status != "closed"


def _add(
    session: Session,
    handoff: Handoff,
    sender: str,
    text: str,
    now: datetime,
    staff_id: int | None = None,
    client_message_id: str | None = None,
) -> HandoffMessage:
    message = HandoffMessage(
        handoff_id=handoff.id,
        sender=sender,
        text=text,
        staff_id=staff_id,
        client_message_id=client_message_id,
        created_at=now,
    )
    session.add(message)
    session.flush()
    return message


def hand_back(session: Session, handoff: Handoff, reason: str, county: County, now: datetime) -> None:
    """The chat is over; the chatbot answers the citizen again (the caller resumes the Rasa conversation)."""
    handoff.handed_back_at = now
    handoff.handed_back_reason = reason
    text = {"closed": CLOSED, "unanswered": _unanswered(county), "office_closed": _office_closed(county)}[reason]
    _add(session, handoff, "system", text, now)


def due_hand_back(handoff: Handoff, county: County, wait_seconds: int, now: datetime) -> str | None:
    """Why a chat nobody has taken must end now, if it must."""
    if not is_live(handoff) or handoff.status != "open":
        return None
    if (now - handoff.created_at).total_seconds() >= wait_seconds:
        return "unanswered"
    if not is_office_open(now, county.opens, county.closes, county.timezone):
        return "office_closed"
    return None


def note_claimed(session: Session, handoff: Handoff, now: datetime) -> None:
    """Tell a waiting citizen that a person has taken the chat (once)."""
    if is_live(handoff) and not session.scalar(
        select(
            exists().where(
                HandoffMessage.handoff_id == handoff.id,
                HandoffMessage.text == CONNECTED,
                HandoffMessage.sender == "system",
            )
        )
    ):
        _add(session, handoff, "system", CONNECTED, now)


def _view(m: HandoffMessage) -> ChatMessage:
    # UTC always: a message just written still carries the clock's zone, one read back is UTC.
    return ChatMessage(id=m.id, sender=m.sender, text=m.text, created_at=m.created_at.astimezone(timezone.utc))


def messages_after(session: Session, handoff_id: int, after: int) -> list[ChatMessage]:
    rows = session.scalars(
        select(HandoffMessage)
        .where(HandoffMessage.handoff_id == handoff_id, HandoffMessage.id > after)
        .order_by(HandoffMessage.id)
        .limit(PAGE)
    ).all()
    return [_view(m) for m in rows]


def citizen_state(session: Session, handoff: Handoff, after: int, wait_seconds: int, now: datetime) -> CitizenChatState:
    if is_live(handoff):
        state = "connected" if handoff.status == "claimed" else "waiting"
    else:
        state = "ended"
    left = None
    if state == "waiting":
        left = max(0, int(wait_seconds - (now - handoff.created_at).total_seconds()))
    return CitizenChatState(
        state=state,
        ended_reason=handoff.handed_back_reason if state == "ended" else None,
        wait_seconds_left=left,
        callback_requested=bool(handoff.callback),
        messages=messages_after(session, handoff.id, after),
    )


def add_citizen_message(
    session: Session, handoff: Handoff, client_message_id: str, text: str, now: datetime
) -> tuple[ChatMessage, bool]:
    """Store the citizen's line once per client_message_id; (message, created)."""
    same = select(HandoffMessage).where(
        HandoffMessage.handoff_id == handoff.id, HandoffMessage.client_message_id == client_message_id
    )
    existing = session.scalar(same)
    if existing is None:
        if not is_live(handoff):
            raise conflict("담당 직원과의 상담이 이미 끝났습니다. 이어서 챗봇에게 말씀해 주세요.", "handoff_ended")
        try:
            with session.begin_nested():
                existing = _add(session, handoff, "citizen", text, now, client_message_id=client_message_id)
            created = True
        except IntegrityError:  # the same message raced in on another connection
            existing = session.scalar(same)
            created = False
    else:
        created = False
    return _view(existing), created


def add_officer_message(
    session: Session, handoff: Handoff, staff_id: int, is_admin: bool, text: str, now: datetime
) -> ChatMessage:
    if handoff.citizen_key is None:
        raise conflict(
            "실시간 대화가 아닌 상담 요청입니다(카카오톡 또는 업무시간 외 접수). 남긴 연락처로 회신해 주십시오.",
            "handoff_not_live",
        )
    if not is_live(handoff):
        raise conflict(
            "시민의 대화가 이미 챗봇으로 돌아갔습니다. 남긴 연락처가 있으면 전화로 회신해 주십시오.", "handoff_ended"
        )
    if handoff.status == "claimed" and handoff.claimed_by != staff_id and not is_admin:
        raise conflict("다른 직원이 맡은 상담입니다.", "handoff_claimed")
    if handoff.status == "open":  # the first reply takes the chat
        handoff.status, handoff.claimed_by, handoff.claimed_at = "claimed", staff_id, now
        note_claimed(session, handoff, now)
    return _view(_add(session, handoff, "officer", text, now, staff_id=staff_id))


def staff_page(session: Session, handoff: Handoff, after: int) -> StaffChatPage:
    return StaffChatPage(
        handoff_id=handoff.id,
        status=handoff.status,
        live=is_live(handoff),
        handed_back_at=handoff.handed_back_at,
        handed_back_reason=handoff.handed_back_reason,
        messages=messages_after(session, handoff.id, after),
    )


def first_view_logged(session: Session, handoff: Handoff, staff_id: int) -> bool:
    """Whether this officer's first look at the chat is already in the access log."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    AccessLog.staff_id == staff_id,
                    AccessLog.resource_type == "handoff",
                    AccessLog.resource_id == str(handoff.id),
                    AccessLog.fields == "messages",
                )
            )
        )
    )


def log_first_view(
    session: Session, handoff: Handoff, staff_id: int, reason: str, client_ip: str | None, now: datetime
) -> bool:
    """One access-log row per officer and chat (the console polls; each poll is not a new look)."""
    if first_view_logged(session, handoff, staff_id):
        return False
    record_access(
        session,
        staff_id=staff_id,
        resource_type="handoff",
        resource_id=str(handoff.id),
        fields=["messages"],
        reason=reason,
        client_ip=client_ip,
        now=now,
    )
    return True


def set_callback(handoff: Handoff, phone: str, preferred_time: str | None) -> str:
    handoff.callback = {**(handoff.callback or {}), "phone": phone, "preferred_time": preferred_time}
    return f"남겨 주신 전화번호({mask_phone(phone)})로 담당 직원이 확인하는 대로 연락드리겠습니다. 감사합니다."
