from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from api.calendar.schemas import CalendarNow, DeadlineOut
from api.deps import CountyDep, Now
from api.errors import ApiError
from api.working_days import add_working_days, holiday_name, is_office_open, is_working_day, next_opening

router = APIRouter(prefix="/calendar", tags=["calendar"])


@router.get("/now", response_model=CalendarNow, summary="지금 업무시간인지, 공휴일인지, 다음 업무 시작 시각")
def calendar_now(county: CountyDep, now: Now):
    local = now.astimezone(county.timezone)
    name = holiday_name(local.date())
    return CalendarNow(
        now=local,
        in_office_hours=is_office_open(now, county.opens, county.closes, county.timezone),
        is_holiday=name is not None,
        holiday_name=name,
        is_working_day=is_working_day(local.date()),
        office_hours=f"평일 {county.opens:%H:%M}~{county.closes:%H:%M} (토·일·공휴일 휴무)",
        next_opening=next_opening(now, county.opens, county.closes, county.timezone),
    )


@router.get("/deadline", response_model=DeadlineOut, summary="근무일 기준 기한 계산 (접수일 다음 날부터 셈)")
def deadline(start: date, working_days: Annotated[int, Query(ge=0, le=365)]):
    if not 2000 <= start.year <= 2100:
        raise ApiError(422, "날짜는 2000년부터 2100년 사이로 입력해 주십시오.")
    return DeadlineOut(start=start, working_days=working_days, due_date=add_working_days(start, working_days))
