from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.county import County
from api.errors import ApiError
from api.praises.models import Praise
from api.praises.schemas import PraiseCreate


def create(session: Session, data: PraiseCreate, county: County, now: datetime) -> Praise:
    department_id = data.department_id
    if department_id is not None and department_id not in county.departments:
        raise ApiError(422, "등록된 부서가 아닙니다. department_id를 확인해 주십시오.", "unknown_department")
    if department_id is None:
        # Match a department named in the free text, so praise reaches the right desk.
        department_id = next((d.id for d in county.departments.values() if d.name in data.target), None)
    praise = Praise(target=data.target, department_id=department_id, message=data.message, channel=data.channel.value,
                    created_at=now)
    session.add(praise)
    session.flush()
    return praise


def list_praises(session: Session, department_id: str | None, limit: int, offset: int) -> tuple[list[Praise], int]:
    conditions = [Praise.department_id == department_id] if department_id else []
    total = session.scalar(select(func.count(Praise.id)).where(*conditions)) or 0
    rows = session.scalars(select(Praise).where(*conditions).order_by(Praise.id.desc()).limit(limit).offset(offset)).all()
    return list(rows), total
