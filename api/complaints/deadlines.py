"""Processing periods (민원 처리에 관한 법률) and per-stage due dates (county service standard)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from api.complaints.lifecycle import TERMINAL, Status
from api.working_days import add_working_days, working_days_between


class Kind(StrEnum):
    INQUIRY = "inquiry"  # 질의
    SUGGESTION = "suggestion"  # 건의
    GRIEVANCE = "grievance"  # 고충
    STATUTORY = "statutory"  # 법정민원: period set per petition type
    MISCONDUCT = "misconduct"  # 공무원 부당 처리 신고: compensation procedure


KIND_LABELS = {
    Kind.INQUIRY: "질의",
    Kind.SUGGESTION: "건의",
    Kind.GRIEVANCE: "고충",
    Kind.STATUTORY: "법정민원",
    Kind.MISCONDUCT: "공무원 부당 처리 신고",
}

KIND_DAYS = {Kind.INQUIRY: 7, Kind.SUGGESTION: 14, Kind.GRIEVANCE: 7, Kind.MISCONDUCT: 1 + 2 + 2 + 3}

# Working days, counted from receipt, by which each stage's work should be finished:
# assignment 1, investigation 2, review of results 2, remedy 3 (= 8 for the compensation procedure).
# Capped by the complaint's own deadline; the remedy stage ends at the deadline itself.
_STAGE_END_OFFSET = {Status.RECEIVED: 1, Status.ASSIGNED: 3, Status.INVESTIGATING: 3, Status.REVIEWED: 5}


def processing_days(kind: Kind | str, given: int | None) -> int:
    kind = Kind(kind)
    if kind is Kind.STATUTORY:
        if not given:
            raise ValueError("법정민원은 처리기간(processing_days)을 입력해 주십시오.")
        return given
    return KIND_DAYS[kind]


def due_date(received: date, days: int) -> date:
    return add_working_days(received, days)


def stage_due_dates(received: date, days: int) -> dict[str, date]:
    dues = {status.value: add_working_days(received, min(offset, days)) for status, offset in _STAGE_END_OFFSET.items()}
    dues[Status.REMEDIED.value] = add_working_days(received, days)
    return dues


def is_overdue(status: str, due: date, today: date) -> bool:
    return Status(status) not in TERMINAL and today > due


def is_due_soon(status: str, due: date, today: date, within_working_days: int) -> bool:
    if Status(status) in TERMINAL or today > due:
        return False
    return working_days_between(today, due) <= within_working_days
