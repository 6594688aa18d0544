from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from api.common_schemas import Channel, RequestModel
from api.service_standard.compensation import Case, Method
from api.textclean import Line, Paragraph


class DecisionCreate(RequestModel):
    case: Case = Field(
        description="record_error 공부 착오 기재, "
        "repeat_visit_local/other 2회 이상 방문(관내/기타 지역), "
        "facility_access 장애인 편의시설 이용 불가, promise_broken 서비스 이행기준 미이행"
    )
    method: Method = Field(description="goods 상품권 전달, transfer 계좌 이체")
    note: Paragraph(1000) | None = Field(default=None, description="내부 메모")


class DecisionOut(BaseModel):
    receipt_number: str
    case: Case
    case_label: str
    amount: int
    reward: str
    method: Method
    method_label: str
    department_training: bool
    decided_at: datetime
    citizen_notified: bool


class StageOut(BaseModel):
    key: str
    label: str
    owner: str
    due_date: date
    state: str  # done | current | upcoming
    overdue: bool


class CaseRuleOut(BaseModel):
    case: Case
    label: str
    amount: int
    reward: str
    department_training: bool


class ChatRatingCreate(RequestModel):
    conversation_id: Line(200)
    channel: Channel
    score: int = Field(ge=1, le=5, description="1 매우 불만족 ~ 5 매우 만족")
    comment: Paragraph(1000) | None = None


class ChatRatingOut(BaseModel):
    conversation_id: str
    score: int
    created_at: datetime
