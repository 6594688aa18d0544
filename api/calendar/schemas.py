from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class CalendarNow(BaseModel):
    now: datetime
    in_office_hours: bool
    is_holiday: bool
    holiday_name: str | None
    is_working_day: bool
    office_hours: str
    next_opening: datetime | None


class DeadlineOut(BaseModel):
    start: date
    working_days: int
    due_date: date
