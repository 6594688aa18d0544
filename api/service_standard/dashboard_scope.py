"""Who sees which dashboard, and the filters read from a request: the period (this year so far by default, at most
three years) and the department (administrators choose; a manager always sees their own)."""

from __future__ import annotations

from datetime import date, timedelta

from api.errors import ApiError
from api.service_standard.dashboard import Filters
from api.staff.models import Staff

MAX_DAYS = 3 * 366


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ApiError(422, "기간은 2026-01-31 형식의 날짜로 입력해 주십시오.", "invalid_date") from None


def filters_for(staff: Staff, params, today: date, departments) -> Filters:
    if staff.role not in ("admin", "manager"):
        raise ApiError(403, "통계 화면은 부서장과 관리자가 볼 수 있습니다.", "forbidden")
    end = _day(params.get("end")) or today
    start = _day(params.get("start")) or end.replace(month=1, day=1)
    if start > end:
        raise ApiError(422, "시작일이 종료일보다 늦습니다.", "invalid_period")
    if end - start > timedelta(days=MAX_DAYS):
        raise ApiError(422, "기간은 3년 이내로 선택해 주십시오.", "period_too_long")
    department_id = params.get("department") or None
    if staff.role == "manager":
        department_id = staff.department_id
    elif department_id is not None and department_id not in departments:
        raise ApiError(422, "등록된 부서가 아닙니다.", "unknown_department")
    return Filters(start=start, end=end, department_id=department_id)
