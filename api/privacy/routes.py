from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from api.deps import AdminOnly, ReadDB
from api.privacy.models import AccessLog

router = APIRouter(prefix="/access-logs", tags=["privacy"])


class AccessLogOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    staff_id: int
    resource_type: str
    resource_id: str
    fields: str
    reason: str
    client_ip: str | None
    accessed_at: datetime


class AccessLogPage(BaseModel):
    items: list[AccessLogOut]
    total: int


@router.get("", response_model=AccessLogPage, summary="개인정보 접근기록 (관리자)")
def list_access_logs(
    principal: AdminOnly,
    session: ReadDB,
    resource_id: Annotated[str | None, Query(max_length=40)] = None,
    staff_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
):
    conditions = []
    if resource_id:
        conditions.append(AccessLog.resource_id == resource_id)
    if staff_id:
        conditions.append(AccessLog.staff_id == staff_id)
    total = session.scalar(select(func.count(AccessLog.id)).where(*conditions)) or 0
    rows = session.scalars(
        select(AccessLog).where(*conditions).order_by(AccessLog.id.desc()).limit(limit).offset(offset)
    )
    return AccessLogPage(items=[AccessLogOut.model_validate(r) for r in rows], total=total)
