"""Working-day arithmetic across 설날, 추석 and substitute holidays; deadlines by kind; stage due dates."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from api.complaints import deadlines
from api.complaints.deadlines import Kind
from api.working_days import (
    add_working_days,
    holiday_name,
    is_office_open,
    is_working_day,
    next_opening,
    working_days_between,
)
from tests.support.api_helpers import KST

OPENS, CLOSES = time(9), time(18)


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 2, 16), "설날 전날"),
        (date(2026, 2, 17), "설날"),
        (date(2026, 2, 18), "설날 다음날"),
        (date(2026, 3, 2), "삼일절 대체 휴일"),
        (date(2026, 9, 25), "추석"),
        (date(2026, 10, 5), "개천절 대체 휴일"),
        (date(2027, 2, 9), "설날 대체 휴일"),
        (date(2027, 10, 11), "한글날 대체 휴일"),
        (date(2026, 3, 3), None),
    ],
)
def test_korean_holidays_include_substitutes(day, expected):
    assert holiday_name(day) == expected
    assert is_working_day(day) is (expected is None and day.weekday() < 5)


@pytest.mark.parametrize(
    "start, days, due",
    [
        # 2026 설날 (Mon 2/16 – Wed 2/18): Fri 2/13 + 7 → Thu 2/19 is day 1 … Fri 2/27 is day 7.
        (date(2026, 2, 13), 7, date(2026, 2, 27)),
        # 삼일절 falls on Sunday 3/1 → substitute Monday 3/2.
        (date(2026, 2, 27), 1, date(2026, 3, 3)),
        # 2026 추석 (Thu 9/24 – Sat 9/26) and 개천절 on Saturday 10/3 → substitute Monday 10/5.
        (date(2026, 9, 23), 7, date(2026, 10, 7)),
        # 2027 설날 (Sat 2/6 – Mon 2/8) with substitute Tuesday 2/9.
        (date(2027, 2, 5), 1, date(2027, 2, 10)),
        # 건의 14 days over 2027 추석 (Tue 9/14 – Thu 9/16) and 개천절 substitute Mon 10/4.
        (date(2027, 9, 10), 14, date(2027, 10, 6)),
        # Misconduct 1+2+2+3 = 8 over 2027 한글날 (Sat 10/9 → Mon 10/11 substitute).
        (date(2027, 10, 6), 8, date(2027, 10, 19)),
        # Receipt on a Saturday: counting starts on Monday.
        (date(2026, 3, 7), 1, date(2026, 3, 9)),
        (date(2026, 3, 3), 0, date(2026, 3, 3)),
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due
    assert working_days_between(start, due) == days


def test_deadline_days_by_kind():
    assert deadlines.processing_days(Kind.INQUIRY, None) == 7
    assert deadlines.processing_days(Kind.SUGGESTION, None) == 14
    assert deadlines.processing_days(Kind.GRIEVANCE, None) == 7
    assert deadlines.processing_days(Kind.MISCONDUCT, None) == 8
    assert deadlines.processing_days(Kind.STATUTORY, 3) == 3
    with pytest.raises(ValueError):
        deadlines.processing_days(Kind.STATUTORY, None)


def test_stage_due_dates_follow_the_standard_over_chuseok():
    # Misconduct received Wed 2026-09-23: assignment by +1, investigation by +3, review by +5, remedy by +8.
    dues = deadlines.stage_due_dates(date(2026, 9, 23), 8)
    assert dues == {
        "received": date(2026, 9, 28),
        "assigned": date(2026, 9, 30),
        "investigating": date(2026, 9, 30),
        "reviewed": date(2026, 10, 2),
        "remedied": date(2026, 10, 8),
    }
    # A short statutory period caps every stage at the deadline.
    short = deadlines.stage_due_dates(date(2026, 3, 3), 2)
    assert max(short.values()) == add_working_days(date(2026, 3, 3), 2)


def test_overdue_and_due_soon_are_derived():
    due = date(2026, 3, 12)
    assert not deadlines.is_overdue("investigating", due, date(2026, 3, 12))
    assert deadlines.is_overdue("investigating", due, date(2026, 3, 13))
    assert not deadlines.is_overdue("closed", due, date(2026, 4, 1))
    assert deadlines.is_due_soon("assigned", due, date(2026, 3, 10), 2)
    assert not deadlines.is_due_soon("assigned", due, date(2026, 3, 9), 2)


@pytest.mark.parametrize(
    "moment, open_, next_open",
    [
        (datetime(2026, 3, 3, 10, 0, tzinfo=KST), True, None),
        (datetime(2026, 3, 3, 18, 0, tzinfo=KST), False, datetime(2026, 3, 4, 9, 0, tzinfo=KST)),
        (datetime(2026, 3, 3, 7, 30, tzinfo=KST), False, datetime(2026, 3, 3, 9, 0, tzinfo=KST)),
        (datetime(2026, 2, 17, 11, 0, tzinfo=KST), False, datetime(2026, 2, 19, 9, 0, tzinfo=KST)),  # 설날
        (datetime(2026, 2, 28, 11, 0, tzinfo=KST), False, datetime(2026, 3, 3, 9, 0, tzinfo=KST)),  # Sat before 3/2
    ],
)
def test_office_hours(moment, open_, next_open):
    assert is_office_open(moment, OPENS, CLOSES, KST) is open_
    assert next_opening(moment, OPENS, CLOSES, KST) == next_open
