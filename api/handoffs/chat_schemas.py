"""Request and response bodies of the live handoff chat (citizen widget and staff console)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.common_schemas import RequestModel
from api.textclean import Line, Paragraph, PhoneNumber

# The widget checks the same limit before sending (api/web/widget/widget.js).
MAX_CHAT_MESSAGE = 2000

Sender = Literal["citizen", "officer", "system"]
HandBackReason = Literal["closed", "unanswered", "office_closed"]


class ChatMessage(BaseModel):
    id: int
    sender: Sender
    text: str
    created_at: datetime


class CitizenChatMessageIn(RequestModel):
    client_message_id: str = Field(
        pattern=r"^[A-Za-z0-9_-]{8,64}$",
        description="위젯이 메시지마다 만드는 ID: 같은 ID로 다시 보내면 한 번만 저장됩니다",
    )
    text: Paragraph(MAX_CHAT_MESSAGE)


class CitizenChatState(BaseModel):
    """What the widget shows: waiting for an officer, talking to one, or back with the chatbot."""

    state: Literal["waiting", "connected", "ended"]
    ended_reason: HandBackReason | None = None
    wait_seconds_left: int | None = Field(description="담당 직원을 기다리는 동안 남은 시간(초)")
    callback_requested: bool
    messages: list[ChatMessage]


class CitizenCallbackIn(RequestModel):
    phone: PhoneNumber
    preferred_time: Line(100) | None = None
    consent: Literal[True] = Field(description="개인정보(전화번호) 수집·이용 동의")


class CitizenCallbackOut(BaseModel):
    message: str


class OfficerMessageIn(RequestModel):
    text: Paragraph(MAX_CHAT_MESSAGE)


class StaffChatPage(BaseModel):
    handoff_id: int
    status: Literal["open", "claimed", "closed"]
    live: bool = Field(description="시민이 위젯에서 기다리거나 대화 중이면 true (직원이 쓸 수 있음)")
    handed_back_at: datetime | None
    handed_back_reason: HandBackReason | None
    messages: list[ChatMessage]
