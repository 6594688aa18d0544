"""Complaint state machine, after the county service standard (민원 처리 표준).

접수 → 담당자 배정 → 확인·조사 → 조사결과 확인 → 시정·개선 조치 → 결과 통보(완료),
plus 이송 (to another department: back to 접수 there; to another agency: ends here) and 반려.
"""

from __future__ import annotations

from enum import StrEnum

from api.errors import ApiError


class Status(StrEnum):
    RECEIVED = "received"
    ASSIGNED = "assigned"
    INVESTIGATING = "investigating"
    REVIEWED = "reviewed"
    REMEDIED = "remedied"
    CLOSED = "closed"
    TRANSFERRED = "transferred"
    REJECTED = "rejected"


LABELS: dict[Status, str] = {
    Status.RECEIVED: "접수",
    Status.ASSIGNED: "담당자 배정",
    Status.INVESTIGATING: "확인·조사",
    Status.REVIEWED: "조사결과 확인",
    Status.REMEDIED: "시정·개선 조치",
    Status.CLOSED: "처리 완료(결과 통보)",
    Status.TRANSFERRED: "이송",
    Status.REJECTED: "반려",
}

DESCRIPTIONS: dict[Status, str] = {
    Status.RECEIVED: "민원이 접수되어 담당자 배정을 기다리고 있습니다.",
    Status.ASSIGNED: "담당 부서에서 담당자를 배정하였으며 곧 확인을 시작합니다.",
    Status.INVESTIGATING: "담당자가 현장 확인 등 조사를 하고 있습니다.",
    Status.REVIEWED: "조사 결과를 확인하고 있습니다.",
    Status.REMEDIED: "시정·개선 조치를 하였으며 곧 처리 결과를 알려 드리겠습니다.",
    Status.CLOSED: "처리가 완료되었습니다. 처리 결과를 확인해 주십시오.",
    Status.TRANSFERRED: "소관 기관으로 이송되었습니다. 이송 사유와 기관을 확인해 주십시오.",
    Status.REJECTED: "민원이 반려되었습니다. 반려 사유와 안내를 확인해 주십시오.",
}

TERMINAL = frozenset({Status.CLOSED, Status.TRANSFERRED, Status.REJECTED})

# Legal next states. TRANSFERRED stands for any transfer: to another agency it ends the complaint,
# to another department of the county it returns the complaint to RECEIVED there.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.ASSIGNED, Status.TRANSFERRED, Status.REJECTED}),
    Status.ASSIGNED: frozenset({Status.INVESTIGATING, Status.TRANSFERRED, Status.REJECTED}),
    Status.INVESTIGATING: frozenset({Status.REVIEWED, Status.TRANSFERRED, Status.REJECTED}),
    Status.REVIEWED: frozenset({Status.REMEDIED, Status.CLOSED, Status.REJECTED}),
    Status.REMEDIED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.TRANSFERRED: frozenset(),
    Status.REJECTED: frozenset(),
}

# Reassigning the officer is allowed while work is open and does not change the state.
REASSIGNABLE = frozenset({Status.ASSIGNED, Status.INVESTIGATING, Status.REVIEWED, Status.REMEDIED})


def can_transition(current: Status | str, target: Status | str) -> bool:
    return Status(target) in TRANSITIONS[Status(current)]


def check_transition(current: Status | str, target: Status | str) -> None:
    current, target = Status(current), Status(target)
    if target in TRANSITIONS[current]:
        return
    if current in TERMINAL:
        detail = f"이미 '{LABELS[current]}' 상태로 종결된 민원이라 '{LABELS[target]}'(으)로 변경할 수 없습니다."
    else:
        allowed = ", ".join(f"'{LABELS[s]}'" for s in sorted(TRANSITIONS[current], key=list(Status).index))
        detail = (
            f"현재 '{LABELS[current]}' 상태에서는 '{LABELS[target]}'(으)로 변경할 수 없습니다. "
            f"가능한 다음 단계: {allowed}."
        )
    raise ApiError(409, detail, "illegal_transition")
