from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.common_schemas import Channel, RequestModel
from api.textclean import Line, Paragraph


class PraiseCreate(RequestModel):
    target: Line(100) = Field(description="칭찬 대상 (직원 이름 또는 부서 이름, 자유 입력)")
    department_id: str | None = Field(default=None, max_length=40)
    message: Paragraph(2000)
    channel: Channel


class PraiseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    target: str
    department_id: str | None
    staff_id: int | None
    message: str
    channel: Channel
    created_at: datetime


class PraisePage(BaseModel):
    items: list[PraiseOut]
    total: int
