from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from api.common_schemas import Channel, RequestModel
from api.textclean import Line, Paragraph, PhoneNumber, clean_json

Reason = Literal["request_human", "fallback", "abuse", "threat", "sexual_harassment", "api_unavailable", "repetition"]


class TranscriptLine(RequestModel):
    sender: Literal["user", "bot"]
    text: Paragraph(4000, min_length=0)
    timestamp: datetime


class Callback(RequestModel):
    name: Line(50) | None = None
    phone: PhoneNumber
    topic: Line(200) | None = None
    preferred_time: Line(100) | None = Field(default=None, description="예: 평일 오후 2시 이후")


class HandoffCreate(RequestModel):
    conversation_id: Line(200)
    channel: Channel
    reason: Reason
    transcript: list[TranscriptLine] = Field(default_factory=list, max_length=500)
    form_data: dict[str, Any] = Field(default_factory=dict, description="챗봇이 모은 양식 값 (자유 형식, 20KB 이하)")
    callback: Callback | None = None
    flagged: bool = Field(default=False, description="특이민원(욕설·위협 등) 표시")

    @field_validator("form_data", mode="before")
    @classmethod
    def _clean_form(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        cleaned = clean_json(value)
        if len(json.dumps(cleaned, ensure_ascii=False, default=str)) > 20_000:
            raise ValueError("form_data는 20KB 이하여야 합니다.")
        return cleaned


class HandoffCreated(BaseModel):
    id: int
    status: Literal["open", "claimed", "closed"]
    in_office_hours: bool
    next_opening: datetime | None = Field(description="업무시간 외 접수 시 다음 업무 시작 시각")
    message: str = Field(description="시민에게 안내할 문장")
    created_at: datetime
    citizen_token: str | None = Field(
        default=None,
        description="업무시간 중 웹 채널 상담: 시민 위젯이 실시간 상담에 쓰는 토큰 "
        "(X-Handoff-Token; 챗봇이 위젯에만 전달, 저장되지 않음)",
    )


class HandoffSummary(BaseModel):
    id: int
    conversation_id: str
    channel: Channel
    reason: Reason
    flagged: bool
    status: Literal["open", "claimed", "closed"]
    in_office_hours: bool
    created_at: datetime
    claimed_by: int | None
    claimed_at: datetime | None
    closed_at: datetime | None
    callback_name: str | None = Field(description="마스킹됨")
    callback_phone: str | None = Field(description="마스킹됨")
    callback_topic: str | None
    transcript_length: int


class HandoffDetail(HandoffSummary):
    personal_data_revealed: bool
    transcript: list[dict[str, Any]] | None = Field(description="reason을 준 경우에만 포함")
    form_data: dict[str, Any] | None = Field(description="reason을 준 경우에만 포함")
    callback: dict[str, Any] | None
    close_note: str | None
    anonymised: bool


class HandoffPage(BaseModel):
    items: list[HandoffSummary]
    total: int


class HandoffClose(RequestModel):
    note: Paragraph(2000) | None = None
