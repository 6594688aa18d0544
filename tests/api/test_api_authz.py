"""Authorization matrix: every role against every endpoint, table-driven.

Allowed means the request got past authorization (any status except 401/403);
refused means 401 (anonymous) or 403, always with a Korean message.
"""

from __future__ import annotations

import uuid

import pytest

from tests.support.api_helpers import PASSWORD, SERVICE, complaint_body, create_complaint

ROLES = ["anonymous", "service", "officer", "manager", "admin", "other_officer", "other_manager"]
ALL = set(ROLES)
STAFF = {"officer", "manager", "admin", "other_officer", "other_manager"}
DEPT_STAFF = {"officer", "manager", "admin"}  # the complaint belongs to the officer's and manager's department
MANAGERS = {"manager", "admin"}
HANDOFF = {"conversation_id": "conv", "channel": "web", "reason": "request_human", "transcript": [], "form_data": {}}


def assigned_complaint(client, people) -> str:
    rn = create_complaint(client)["receipt_number"]
    r = client.post(
        f"/api/v1/complaints/{rn}/assign", json={"assignee_id": people.ids["officer"]}, headers=people.headers("admin")
    )
    assert r.status_code == 200
    return rn


def new_handoff(client, people) -> int:
    body = {**HANDOFF, "conversation_id": uuid.uuid4().hex}
    return client.post("/api/v1/handoffs", json=body, headers=SERVICE).json()["id"]


# name: (allowed roles, builder(client, people, role) -> (method, url, json))
MATRIX = {
    "health": (ALL, lambda c, p, r: ("GET", "/api/v1/health", None)),
    "calendar_now": (ALL, lambda c, p, r: ("GET", "/api/v1/calendar/now", None)),
    "calendar_deadline": (
        ALL,
        lambda c, p, r: ("GET", "/api/v1/calendar/deadline?start=2026-03-03&working_days=7", None),
    ),
    "departments": (ALL, lambda c, p, r: ("GET", "/api/v1/departments", None)),
    "categories": (ALL, lambda c, p, r: ("GET", "/api/v1/categories", None)),
    "townships": (ALL, lambda c, p, r: ("GET", "/api/v1/townships", None)),
    "routing": (ALL, lambda c, p, r: ("GET", "/api/v1/routing/road_traffic", None)),
    "openapi": (ALL, lambda c, p, r: ("GET", "/openapi.json", None)),
    "create_complaint": (ALL - {"anonymous"}, lambda c, p, r: ("POST", "/api/v1/complaints", complaint_body())),
    "lookup_receipt": (
        ALL,
        lambda c, p, r: (
            "POST",
            "/api/v1/complaints/lookup",
            {"receipt_number": create_complaint(c)["receipt_number"], "phone": "5678"},
        ),
    ),
    "lookup_phone_only": (
        {"service"},
        lambda c, p, r: ("POST", "/api/v1/complaints/lookup", {"phone": "010-1234-5678"}),
    ),
    "list_complaints": (STAFF, lambda c, p, r: ("GET", "/api/v1/complaints", None)),
    "complaint_detail": (
        DEPT_STAFF,
        lambda c, p, r: ("GET", f"/api/v1/complaints/{create_complaint(c)['receipt_number']}", None),
    ),
    "complaint_detail_reveal": (
        DEPT_STAFF,
        lambda c, p, r: ("GET", f"/api/v1/complaints/{create_complaint(c)['receipt_number']}?reason=민원 처리", None),
    ),
    "change_status": (
        DEPT_STAFF,
        lambda c, p, r: ("POST", f"/api/v1/complaints/{assigned_complaint(c, p)}/status", {"to": "investigating"}),
    ),
    "assign": (
        MANAGERS,
        lambda c, p, r: (
            "POST",
            f"/api/v1/complaints/{create_complaint(c)['receipt_number']}/assign",
            {"assignee_id": p.ids["officer"]},
        ),
    ),
    "transfer": (
        MANAGERS,
        lambda c, p, r: (
            "POST",
            f"/api/v1/complaints/{create_complaint(c)['receipt_number']}/transfer",
            {"agency": "경기도청", "reason": "도 소관"},
        ),
    ),
    "create_handoff": (
        {"service"},
        lambda c, p, r: ("POST", "/api/v1/handoffs", {**HANDOFF, "conversation_id": uuid.uuid4().hex}),
    ),
    "list_handoffs": (STAFF, lambda c, p, r: ("GET", "/api/v1/handoffs", None)),
    "handoff_detail": (STAFF, lambda c, p, r: ("GET", f"/api/v1/handoffs/{new_handoff(c, p)}?reason=회신 전화", None)),
    "claim_handoff": (STAFF, lambda c, p, r: ("POST", f"/api/v1/handoffs/{new_handoff(c, p)}/claim", None)),
    "close_handoff": (
        STAFF,
        lambda c, p, r: ("POST", f"/api/v1/handoffs/{new_handoff(c, p)}/close", {"note": "회신 완료"}),
    ),
    "create_praise": (
        {"service"},
        lambda c, p, r: ("POST", "/api/v1/praises", {"target": "건설과", "message": "감사합니다", "channel": "web"}),
    ),
    "list_praises": (STAFF, lambda c, p, r: ("GET", "/api/v1/praises", None)),
    "login": (
        ALL,
        lambda c, p, r: ("POST", "/api/v1/auth/login", {"username": p.usernames["officer"], "password": PASSWORD}),
    ),
    "me": (STAFF, lambda c, p, r: ("GET", "/api/v1/auth/me", None)),
    "logout": (STAFF, lambda c, p, r: ("POST", "/api/v1/auth/logout", None)),
    "list_staff": (MANAGERS | {"other_manager"}, lambda c, p, r: ("GET", "/api/v1/staff", None)),
    "create_staff": (
        {"admin"},
        lambda c, p, r: (
            "POST",
            "/api/v1/staff",
            {
                "username": f"u{uuid.uuid4().hex[:8]}",
                "display_name": "신규",
                "role": "officer",
                "department_id": "traffic",
                "password": "long-enough-password",
            },
        ),
    ),
    "access_logs": ({"admin"}, lambda c, p, r: ("GET", "/api/v1/access-logs", None)),
    "static_web": (ALL, lambda c, p, r: ("GET", "/web/", None)),
}


@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_authorization_matrix(client, people, endpoint):
    allowed, build = MATRIX[endpoint]
    for role in ROLES:
        method, url, body = build(client, people, role)
        headers = people.headers(role)
        if endpoint == "logout" and role != "anonymous" and role != "service":
            people.add(role + "_logout", "officer", "traffic")  # logging out must not spend the shared token
            headers = people.headers(role + "_logout") if role not in STAFF else headers
        r = client.request(method, url, json=body, headers=headers)
        if role in allowed:
            assert r.status_code not in (401, 403), (endpoint, role, r.status_code, r.text)
            assert r.status_code < 500, (endpoint, role, r.text)
        else:
            assert r.status_code in (401, 403), (endpoint, role, r.status_code, r.text)
            if role == "anonymous" and endpoint != "lookup_phone_only":
                assert r.status_code == 401
            detail = r.json()["detail"]
            assert not detail.isascii(), detail  # Korean message


def test_bad_tokens_are_refused(client):
    for header in ("Bearer nope", "Bearer stf_forged", "Basic abc", "Bearer "):
        r = client.get("/api/v1/complaints", headers={"Authorization": header})
        assert r.status_code == 401, header
        assert not r.json()["detail"].isascii()


def test_login_logout_and_expiry(client, people, clock):
    r = client.post("/api/v1/auth/login", json={"username": people.usernames["manager"], "password": PASSWORD})
    assert r.status_code == 200
    token = r.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/auth/me", headers=headers).json()["role"] == "manager"
    clock.advance(hours=9)  # default session lifetime is 8 hours
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    clock.advance(hours=-9)
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401
    wrong = client.post(
        "/api/v1/auth/login", json={"username": people.usernames["manager"], "password": "wrong-password"}
    )
    unknown = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "wrong-password"})
    assert wrong.status_code == unknown.status_code == 401 and wrong.json() == unknown.json()


def test_department_scoping_of_lists(client, people):
    create_complaint(client)  # construction_roads
    create_complaint(client, category="environment_waste")  # environment
    assert client.get("/api/v1/complaints", headers=people.headers("officer")).json()["total"] == 1
    assert client.get("/api/v1/complaints", headers=people.headers("other_officer")).json()["total"] == 1
    assert client.get("/api/v1/complaints", headers=people.headers("admin")).json()["total"] == 2
    r = client.get("/api/v1/complaints?department_id=environment", headers=people.headers("officer"))
    assert r.status_code == 403
    staff = client.get("/api/v1/staff", headers=people.headers("manager")).json()
    assert {s["department_id"] for s in staff} == {"construction_roads"}
