from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.county import County
from api.errors import ApiError
from api.praises.models import Praise
from api.praises.schemas import PraiseCreate
from api.staff.models import Staff


def create(session: Session, data: PraiseCreate, county: County, now: datetime) -> Praise:
    department_id = data.department_id
    if department_id is not None and department_id not in county.departments:
        raise ApiError(422, "등록된 부서가 아닙니다. department_id를 확인해 주십시오.", "unknown_department")
    if department_id is None:
        # Match a department named in the free text, so praise reaches the right desk.
        department_id = next((d.id for d in county.departments.values() if d.name in data.target), None)
    staff = named_staff(session, data.target, department_id)
    if staff is not None and department_id is None:
        department_id = staff.department_id
    praise = Praise(
        target=data.target,
        department_id=department_id,
        staff_id=staff.id if staff else None,
        message=data.message,
        channel=data.channel.value,
        created_at=now,
    )
    session.add(praise)
    session.flush()
    return praise


def list_praises(session: Session, department_id: str | None, limit: int, offset: int) -> tuple[list[Praise], int]:
    conditions = [Praise.department_id == department_id] if department_id else []
    total = session.scalar(select(func.count(Praise.id)).where(*conditions)) or 0
    rows = session.scalars(
        select(Praise).where(*conditions).order_by(Praise.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), total


def named_staff(session: Session, target: str, department_id: str | None) -> Staff | None:
    """The one active officer or manager whose name the target names ('건설과 김민수 주무관'), within the named
    department when there is one; None when no one or more than one person matches (never a guess)."""
    words = set(target.split())
    if not words:
        return None
    query = select(Staff).where(
        Staff.is_active.is_(True), Staff.role.in_(("officer", "manager")), Staff.display_name.in_(words)
    )
    if department_id is not None:
        query = query.where(Staff.department_id == department_id)
    matches = session.scalars(query.limit(2)).all()
    return matches[0] if len(matches) == 1 else None
