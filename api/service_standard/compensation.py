"""The county service standard's compensation for poor service (잘못된 서비스 제공에 대한 보상): the four cases,
their amounts in 문화상품권, and the procedure's stages with their deadlines in working days and owners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from api.complaints.lifecycle import Status
from api.working_days import add_working_days


class Case(StrEnum):
    RECORD_ERROR = "record_error"  # 공부 착오 기재
    REPEAT_VISIT_LOCAL = "repeat_visit_local"  # 2회 이상 방문 (관내)
    REPEAT_VISIT_OTHER = "repeat_visit_other"  # 2회 이상 방문 (기타 지역)
    FACILITY_ACCESS = "facility_access"  # 장애인 편의시설 이용 불가
    PROMISE_BROKEN = "promise_broken"  # 서비스 이행기준 미이행


@dataclass(frozen=True)
class CaseRule:
    label: str
    amount: int  # won, paid as 문화상품권
    department_training: bool = False


CASES: dict[Case, CaseRule] = {
    Case.RECORD_ERROR: CaseRule("공무원의 착오로 공부(公簿)가 잘못 기재된 경우", 10_000),
    Case.REPEAT_VISIT_LOCAL: CaseRule(
        "공무원의 실수나 불친절한 처리로 같은 용무에 2회 이상 방문한 경우 (관내 거주)", 5_000
    ),
    Case.REPEAT_VISIT_OTHER: CaseRule(
        "공무원의 실수나 불친절한 처리로 같은 용무에 2회 이상 방문한 경우 (기타 지역 거주)", 10_000
    ),
    Case.FACILITY_ACCESS: CaseRule("장애인 고객이 편의시설을 이용하지 못한 경우", 10_000),
    Case.PROMISE_BROKEN: CaseRule(
        "공표한 서비스 이행기준을 지키지 못한 경우 (해당 부서 친절 교육 병행)", 10_000, department_training=True
    ),
}

REWARD = "문화상품권"


class Method(StrEnum):
    GOODS = "goods"  # 상품권 실물 전달
    TRANSFER = "transfer"  # 계좌 이체


METHOD_LABELS = {Method.GOODS: "상품권 전달", Method.TRANSFER: "계좌 이체"}


class Owner(StrEnum):
    LEAD = "lead"  # 주관부서 (the county's misconduct department)
    OFFICER = "officer"  # 분야별 담당자 (the assigned officer)


OWNER_LABELS = {Owner.LEAD: "주관부서", Owner.OFFICER: "분야별 담당자"}


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    days: int  # working days the stage may take (0: on the day)
    owner: Owner
    statuses: frozenset[Status]  # the complaint's statuses while this stage is the one in progress


# 불만접수(주관부서) → 담당자배정(1일) → 확인·조사(2일) → 조사결과확인(2일, 주관부서) → 시정·개선조치(3일) → 통보.
STAGES: tuple[Stage, ...] = (
    Stage("intake", "불만 접수", 0, Owner.LEAD, frozenset()),
    Stage("assignment", "담당자 배정", 1, Owner.LEAD, frozenset({Status.RECEIVED})),
    Stage(
        "investigation", "분야별 담당자 확인·조사", 2, Owner.OFFICER, frozenset({Status.ASSIGNED, Status.INVESTIGATING})
    ),
    Stage("review", "조사결과 확인", 2, Owner.LEAD, frozenset({Status.REVIEWED})),
    Stage("remedy", "시정·개선 조치", 3, Owner.OFFICER, frozenset({Status.REMEDIED})),
    Stage("notice", "조치 결과 고객 통보", 0, Owner.LEAD, frozenset()),
)


def stage_deadlines(received: date) -> dict[str, date]:
    """Each stage's last day: its days added to the previous stage's last day, in working days (the receipt
    day not counted). Notice goes out with the remedy's last day at the latest."""
    dues: dict[str, date] = {}
    elapsed = 0
    for stage in STAGES:
        elapsed += stage.days
        dues[stage.key] = add_working_days(received, elapsed)
    return dues


def current_stage(status: str) -> Stage | None:
    """The stage in progress for a complaint in `status`; None once it is closed, rejected or transferred."""
    return next((s for s in STAGES if Status(status) in s.statuses), None)


def amount_for(case: Case | str) -> int:
    return CASES[Case(case)].amount
