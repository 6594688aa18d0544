"""Working-day arithmetic for Korea: weekends and public holidays (incl. substitute holidays) are closed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SEOUL = ZoneInfo("Asia/Seoul")


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> dict[date, str]:
    # The holidays package includes 대체공휴일 and election days for KR.
    return dict(holidays.country_holidays("KR", years=year, language="ko"))


def holiday_name(day: date) -> str | None:
    return _holidays_for(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def add_working_days(start: date, days: int) -> date:
    """The day on which a period of `days` working days ends, counting from the day after `start`.

    The receipt day itself is not counted (초일 불산입), as the civil-petitions act counts periods.
    """
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return sign * count


def next_working_day(day: date) -> date:
    return add_working_days(day, 1)


def local_date(moment: datetime, tz: ZoneInfo = SEOUL) -> date:
    return moment.astimezone(tz).date()


def is_office_open(moment: datetime, opens: time, closes: time, tz: ZoneInfo = SEOUL) -> bool:
    local = moment.astimezone(tz)
    return is_working_day(local.date()) and opens <= local.time() < closes


def next_opening(moment: datetime, opens: time, closes: time, tz: ZoneInfo = SEOUL) -> datetime | None:
    """Next time the office opens; None while it is open."""
    local = moment.astimezone(tz)
    if is_office_open(moment, opens, closes, tz):
        return None
    day = local.date()
    if not (is_working_day(day) and local.time() < opens):
        day = next_working_day(day)
    return datetime.combine(day, opens, tzinfo=tz)
