"""Live handoff chat endpoints.

Citizen (public, rate-limited per IP, header `X-Handoff-Token` = the token the chatbot gave the widget):
    GET  /handoffs/{id}/chat?after=N      state (waiting | connected | ended) and the messages after id N
    POST /handoffs/{id}/chat              a message; the same client_message_id is stored once
    POST /handoffs/{id}/chat/callback     leave a phone number (with consent) for a call back
Staff (bearer token):
    GET  /handoffs/{id}/messages?after=N  the chat (first look per officer is access-logged)
    POST /handoffs/{id}/messages          reply; the first reply claims an open handoff
Handing the conversation back to the chatbot is POST /handoffs/{id}/close (routes.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Header, Path, Query, Request, Response

from api.deps import AnyStaff, CountyDep, Now, SettingsDep, WriteDB, access_reason, client_ip
from api.errors import ApiError
from api.handoffs import chat, service
from api.handoffs.chat_schemas import (
    ChatMessage,
    CitizenCallbackIn,
    CitizenCallbackOut,
    CitizenChatMessageIn,
    CitizenChatState,
    OfficerMessageIn,
    StaffChatPage,
)
from api.handoffs.conversation_resume import resume_conversation
from api.settings import Settings

router = APIRouter(prefix="/handoffs", tags=["handoff chat"])

HandoffId = Annotated[int, Path(ge=1, le=2_147_483_647)]
After = Annotated[int, Query(ge=0, le=2_147_483_647, description="이 ID 다음 메시지부터")]
CitizenToken = Annotated[str | None, Header(alias="X-Handoff-Token", max_length=100)]


def _limit(request: Request) -> None:
    retry_after = request.app.state.handoff_chat_limiter.hit(client_ip(request))
    if retry_after is not None:
        raise ApiError(
            429,
            "요청이 너무 많습니다. 잠시 후 다시 시도해 주십시오.",
            "rate_limited",
            headers={"Retry-After": str(int(retry_after) + 1)},
        )


def _secret(settings: Settings) -> str:
    return settings.session_secret.get_secret_value()


@router.get("/{handoff_id}/chat", response_model=CitizenChatState, summary="실시간 상담: 시민 화면의 상태와 새 메시지")
def citizen_poll(
    handoff_id: HandoffId,
    request: Request,
    settings: SettingsDep,
    county: CountyDep,
    now: Now,
    background: BackgroundTasks,
    token: CitizenToken = None,
    after: After = 0,
):
    _limit(request)
    db = request.app.state.db
    # Every poll reads; only a chat that must end now takes the write lock.
    with db.reader() as session:
        handoff = chat.get_for_citizen(session, handoff_id, token, _secret(settings))
        due = chat.due_hand_back(handoff, county, settings.handoff_wait_seconds, now)
        if due is None:
            return chat.citizen_state(session, handoff, after, settings.handoff_wait_seconds, now)
    with db.writer() as session:
        handoff = chat.get_for_citizen(session, handoff_id, token, _secret(settings), lock=True)
        due = chat.due_hand_back(handoff, county, settings.handoff_wait_seconds, now)
        if due is not None:
            chat.hand_back(session, handoff, due, county, now)
            background.add_task(resume_conversation, settings, handoff.conversation_id)
        state = chat.citizen_state(session, handoff, after, settings.handoff_wait_seconds, now)
    return state


@router.post("/{handoff_id}/chat", response_model=ChatMessage, status_code=201, summary="실시간 상담: 시민 메시지")
def citizen_send(
    handoff_id: HandoffId,
    body: CitizenChatMessageIn,
    request: Request,
    response: Response,
    settings: SettingsDep,
    session: WriteDB,
    now: Now,
    token: CitizenToken = None,
):
    _limit(request)
    handoff = chat.get_for_citizen(session, handoff_id, token, _secret(settings), lock=True)
    message, created = chat.add_citizen_message(session, handoff, body.client_message_id, body.text, now)
    session.commit()
    if not created:
        response.status_code = 200  # a retry of a message already stored
    return message


@router.post("/{handoff_id}/chat/callback", response_model=CitizenCallbackOut, summary="실시간 상담: 전화 회신 요청")
def citizen_callback(
    handoff_id: HandoffId,
    body: CitizenCallbackIn,
    request: Request,
    settings: SettingsDep,
    session: WriteDB,
    token: CitizenToken = None,
):
    _limit(request)
    handoff = chat.get_for_citizen(session, handoff_id, token, _secret(settings), lock=True)
    if handoff.status == "closed":
        raise ApiError(
            409, "담당 직원과의 상담이 이미 끝났습니다. 다른 도움이 필요하시면 챗봇에게 말씀해 주세요.", "handoff_ended"
        )
    message = chat.set_callback(handoff, body.phone, body.preferred_time)
    session.commit()
    return CitizenCallbackOut(message=message)


@router.get(
    "/{handoff_id}/messages", response_model=StaffChatPage, summary="실시간 상담 대화 (직원; 직원별 첫 열람은 접근기록)"
)
def staff_messages(
    handoff_id: HandoffId,
    request: Request,
    principal: AnyStaff,
    session: WriteDB,
    county: CountyDep,
    now: Now,
    after: After = 0,
    reason: Annotated[str | None, Query(max_length=300)] = None,
):
    handoff = service.get_for_staff(session, handoff_id, principal.staff, county)
    why = access_reason(request, reason) or "실시간 상담 응대"
    if chat.log_first_view(session, handoff, principal.staff.id, why, client_ip(request), now):
        session.commit()
    return chat.staff_page(session, handoff, after)


@router.post("/{handoff_id}/messages", response_model=ChatMessage, status_code=201, summary="실시간 상담: 직원 답변")
def staff_reply(
    handoff_id: HandoffId,
    body: OfficerMessageIn,
    request: Request,
    principal: AnyStaff,
    session: WriteDB,
    county: CountyDep,
    now: Now,
):
    handoff = service.get_for_staff(session, handoff_id, principal.staff, county, lock=True)
    chat.log_first_view(session, handoff, principal.staff.id, "실시간 상담 응대", client_ip(request), now)
    message = chat.add_officer_message(session, handoff, principal.staff.id, principal.is_admin, body.text, now)
    session.commit()
    return message
