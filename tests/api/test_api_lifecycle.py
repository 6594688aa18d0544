"""State machine: every legal and illegal transition, as a table and through the API on both databases."""

from __future__ import annotations

import pytest

from api.complaints.lifecycle import (
    LABELS,
    REASSIGNABLE,
    TERMINAL,
    TRANSITIONS,
    Status,
    can_transition,
    check_transition,
)
from api.errors import ApiError
from tests.support.api_helpers import create_complaint

STATUS_TARGETS = ["investigating", "reviewed", "remedied", "closed", "rejected"]
PAYLOAD = {
    "investigating": {"to": "investigating", "note": "현장 확인 예정"},
    "reviewed": {"to": "reviewed", "public_note": "조사 결과를 확인하고 있습니다."},
    "remedied": {"to": "remedied", "public_note": "보수 공사를 마쳤습니다."},
    "closed": {"to": "closed", "result": "포트홀을 보수하였습니다. 불편을 드려 죄송합니다."},
    "rejected": {
        "to": "rejected",
        "reason": "사인 간 계약 분쟁으로 행정기관이 처리할 수 없는 사항입니다.",
        "remedy": "법률구조공단(132)에 상담하실 수 있습니다.",
    },
}
# Path from 접수 to each state, as (endpoint, payload) steps.
PATHS = {
    "received": [],
    "assigned": ["assign"],
    "investigating": ["assign", "investigating"],
    "reviewed": ["assign", "investigating", "reviewed"],
    "remedied": ["assign", "investigating", "reviewed", "remedied"],
    "closed": ["assign", "investigating", "reviewed", "remedied", "closed"],
    "rejected": ["rejected"],
    "transferred": ["transfer_agency"],
}

EXPECTED_TABLE = {
    ("received", "assigned"),
    ("received", "transferred"),
    ("received", "rejected"),
    ("assigned", "investigating"),
    ("assigned", "transferred"),
    ("assigned", "rejected"),
    ("investigating", "reviewed"),
    ("investigating", "transferred"),
    ("investigating", "rejected"),
    ("reviewed", "remedied"),
    ("reviewed", "closed"),
    ("reviewed", "rejected"),
    ("remedied", "closed"),
}


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_transition_table(current, target):
    legal = (current.value, target.value) in EXPECTED_TABLE
    assert can_transition(current, target) is legal
    if legal:
        check_transition(current, target)
    else:
        with pytest.raises(ApiError) as info:
            check_transition(current, target)
        assert info.value.status_code == 409
        assert LABELS[current] in info.value.detail and "변경할 수 없습니다" in info.value.detail


def test_terminal_states_have_no_exit():
    assert all(not TRANSITIONS[s] for s in TERMINAL)


def step(client, people, rn, action):
    mgr = people.headers("manager")
    if action == "assign":
        r = client.post(f"/api/v1/complaints/{rn}/assign", json={"assignee_id": people.ids["officer"]}, headers=mgr)
    elif action == "transfer_agency":
        r = client.post(
            f"/api/v1/complaints/{rn}/transfer",
            json={"agency": "한국전력공사", "reason": "전신주 관련 민원"},
            headers=mgr,
        )
    else:
        r = client.post(f"/api/v1/complaints/{rn}/status", json=PAYLOAD[action], headers=mgr)
    return r


def drive(client, people, state):
    rn = create_complaint(client)["receipt_number"]
    for action in PATHS[state]:
        r = step(client, people, rn, action)
        assert r.status_code == 200, r.text
    return rn


@pytest.mark.parametrize("state", list(PATHS))
def test_every_transition_through_the_api(client, people, state):
    for target in STATUS_TARGETS:
        rn = drive(client, people, state)
        r = step(client, people, rn, target)
        if can_transition(state, target):
            assert r.status_code == 200, (state, target, r.text)
            assert r.json()["status"] == target
        else:
            assert r.status_code == 409, (state, target, r.text)
            assert "변경할 수 없습니다" in r.json()["detail"]
    # Assignment: moves 접수 → 배정, reassigns later open stages, refused once ended.
    rn = drive(client, people, state)
    r = client.post(
        f"/api/v1/complaints/{rn}/assign",
        json={"assignee_id": people.ids["officer2"]},
        headers=people.headers("manager"),
    )
    assert r.status_code == (200 if state == "received" or Status(state) in REASSIGNABLE else 409), (state, r.text)
    # Transfer to another department: only before the results are reviewed.
    rn = drive(client, people, state)
    r = client.post(
        f"/api/v1/complaints/{rn}/transfer",
        json={"department_id": "traffic", "reason": "불법 주정차 건"},
        headers=people.headers("manager"),
    )
    assert r.status_code == (200 if can_transition(state, "transferred") else 409), (state, r.text)


def test_full_history_is_recorded(client, people):
    rn = drive(client, people, "closed")
    detail = client.get(f"/api/v1/complaints/{rn}", headers=people.headers("manager")).json()
    assert [(e["from_status"], e["to_status"]) for e in detail["events"]] == [
        (None, "received"),
        ("received", "assigned"),
        ("assigned", "investigating"),
        ("investigating", "reviewed"),
        ("reviewed", "remedied"),
        ("remedied", "closed"),
    ]
    assert all(e["actor"].startswith("staff:") for e in detail["events"][1:])
    assert detail["result"].startswith("포트홀") and detail["closed_at"]
    looked = client.post("/api/v1/complaints/lookup", json={"receipt_number": rn, "phone": "5678"}).json()[
        "complaints"
    ][0]
    assert looked["status"] == "closed" and looked["result"].startswith("포트홀")


def test_closing_and_rejecting_require_their_texts(client, people):
    rn = drive(client, people, "reviewed")
    r = client.post(f"/api/v1/complaints/{rn}/status", json={"to": "closed"}, headers=people.headers("manager"))
    assert r.status_code == 422 and "처리 결과" in r.json()["detail"]
    r = client.post(
        f"/api/v1/complaints/{rn}/status",
        json={"to": "rejected", "reason": "성명 불명확"},
        headers=people.headers("manager"),
    )
    assert r.status_code == 422 and "반려" in r.json()["detail"]


def test_rejection_shows_reason_and_remedy_to_citizen(client, people):
    rn = drive(client, people, "rejected")
    item = client.post("/api/v1/complaints/lookup", json={"receipt_number": rn, "phone": "5678"}).json()["complaints"][
        0
    ]
    assert item["status_label"] == "반려" and "계약" in item["rejection_reason"] and "132" in item["rejection_remedy"]


def test_internal_transfer_returns_to_received_in_new_department(client, people):
    rn = drive(client, people, "investigating")
    r = client.post(
        f"/api/v1/complaints/{rn}/transfer",
        json={"department_id": "traffic", "reason": "불법 주정차 건"},
        headers=people.headers("manager"),
    )
    body = r.json()
    assert body["status"] == "received" and body["department_id"] == "traffic" and body["assignee_id"] is None
    assert body["events"][-1]["action"] == "transfer"
    # The old department can no longer see it; the citizen sees the new department.
    assert client.get(f"/api/v1/complaints/{rn}", headers=people.headers("manager")).status_code == 403
    item = client.post("/api/v1/complaints/lookup", json={"receipt_number": rn, "phone": "5678"}).json()["complaints"][
        0
    ]
    assert item["department"]["name"] == "교통과" and "교통과" in item["latest_public_note"]


def test_external_transfer_ends_with_agency_and_reason(client, people):
    rn = drive(client, people, "transferred")
    item = client.post("/api/v1/complaints/lookup", json={"receipt_number": rn, "phone": "5678"}).json()["complaints"][
        0
    ]
    assert item["status_label"] == "이송" and item["transferred_to"] == "한국전력공사" and item["transfer_reason"]


def test_officer_must_be_assignee_and_assignee_must_be_in_department(client, people):
    rn = drive(client, people, "assigned")  # assigned to "officer"
    r = client.post(
        f"/api/v1/complaints/{rn}/status", json=PAYLOAD["investigating"], headers=people.headers("officer2")
    )
    assert r.status_code == 403 and "담당자" in r.json()["detail"]
    r = client.post(f"/api/v1/complaints/{rn}/status", json=PAYLOAD["investigating"], headers=people.headers("officer"))
    assert r.status_code == 200
    r = client.post(
        f"/api/v1/complaints/{rn}/assign",
        json={"assignee_id": people.ids["other_officer"]},
        headers=people.headers("manager"),
    )
    assert r.status_code == 422 and "부서" in r.json()["detail"]
