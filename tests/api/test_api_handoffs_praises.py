"""Handoffs (idempotent creation, office hours, queue), praises, calendar and routing endpoints."""

from __future__ import annotations

from datetime import datetime

from api.handoffs.models import Handoff
from tests.support.api_helpers import KST, SERVICE
from tests.support.processes import free_port

HANDOFF = {
    "conversation_id": "kakao-user-42",
    "channel": "kakao",
    "reason": "request_human",
    "transcript": [
        {"sender": "user", "text": "담당자와 통화하고 싶어요", "timestamp": "2026-03-03T10:00:00+09:00"},
        {"sender": "bot", "text": "연결해 드릴게요", "timestamp": "2026-03-03T10:00:01+09:00"},
    ],
    "form_data": {"category": "road_traffic", "nested": {"list": [1, "<b>x</b>"]}},
    "callback": {"name": "김철수", "phone": "01099998888", "topic": "도로 파손", "preferred_time": "오후"},
    "flagged": False,
}


def test_handoff_in_office_hours_and_idempotent(client):
    headers = {**SERVICE, "Idempotency-Key": "h-1"}
    first = client.post("/api/v1/handoffs", json=HANDOFF, headers=headers)
    again = client.post("/api/v1/handoffs", json=HANDOFF, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and first.json()["in_office_hours"] is True and first.json()["status"] == "open"
    changed = client.post("/api/v1/handoffs", json={**HANDOFF, "flagged": True}, headers=headers)
    assert changed.status_code == 409
    # Without a key, an open request of the same conversation is reused rather than duplicated.
    no_key = client.post("/api/v1/handoffs", json=HANDOFF, headers=SERVICE)
    assert no_key.json()["id"] == first.json()["id"]
    other = client.post("/api/v1/handoffs", json={**HANDOFF, "conversation_id": "other"}, headers=SERVICE)
    assert other.json()["id"] != first.json()["id"]


def test_handoff_out_of_hours_names_next_opening(client, clock):
    clock.set(datetime(2026, 2, 16, 20, 0, tzinfo=KST))  # 설날 연휴 evening
    r = client.post("/api/v1/handoffs", json=HANDOFF, headers=SERVICE).json()
    assert r["in_office_hours"] is False and r["next_opening"].startswith("2026-02-19T09:00")
    assert "업무시간" in r["message"]


def test_handoff_queue_claim_and_close(client, people):
    hid = client.post("/api/v1/handoffs", json=HANDOFF, headers=SERVICE).json()["id"]
    flagged = client.post(
        "/api/v1/handoffs",
        json={**HANDOFF, "conversation_id": "abusive", "reason": "abuse", "flagged": True},
        headers=SERVICE,
    ).json()["id"]
    queue = client.get("/api/v1/handoffs", params={"status": "open"}, headers=people.headers("other_officer")).json()
    assert [h["id"] for h in queue["items"]] == [flagged, hid]  # flagged first
    r = client.post(f"/api/v1/handoffs/{hid}/claim", headers=people.headers("officer"))
    assert r.status_code == 200 and r.json()["status"] == "claimed"
    r = client.post(f"/api/v1/handoffs/{hid}/claim", headers=people.headers("other_officer"))
    assert r.status_code == 409 and "다른 직원" in r.json()["detail"]
    r = client.post(f"/api/v1/handoffs/{hid}/close", json={"note": "통화 완료"}, headers=people.headers("officer"))
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = client.post(f"/api/v1/handoffs/{hid}/close", json={}, headers=people.headers("officer"))
    assert r.status_code == 409
    assert client.get("/api/v1/handoffs/999999", headers=people.headers("officer")).status_code == 404


def test_handoff_validation(client):
    bad_reason = client.post("/api/v1/handoffs", json={**HANDOFF, "reason": "bored"}, headers=SERVICE)
    assert bad_reason.status_code == 422 and "허용된 값" in bad_reason.json()["detail"]
    bad_sender = client.post(
        "/api/v1/handoffs",
        json={**HANDOFF, "transcript": [{"sender": "admin", "text": "x", "timestamp": "2026-03-03T10:00:00+09:00"}]},
        headers=SERVICE,
    )
    assert bad_sender.status_code == 422
    huge = client.post("/api/v1/handoffs", json={**HANDOFF, "form_data": {"blob": "가" * 30000}}, headers=SERVICE)
    assert huge.status_code == 422 and "20KB" in huge.json()["detail"]


def test_praise_and_listing(client, people):
    r = client.post(
        "/api/v1/praises",
        json={"target": "건설과 박주무관님", "message": "빠르게 고쳐 주셔서 감사합니다 👍", "channel": "kakao"},
        headers=SERVICE,
    )
    assert r.status_code == 201 and r.json()["department_id"] == "construction_roads"
    r = client.post(
        "/api/v1/praises",
        json={"target": "누군가", "department_id": "nope", "message": "감사", "channel": "web"},
        headers=SERVICE,
    )
    assert r.status_code == 422
    listed = client.get(
        "/api/v1/praises", params={"department_id": "construction_roads"}, headers=people.headers("officer")
    )
    assert listed.json()["total"] == 1 and "👍" in listed.json()["items"][0]["message"]


def test_calendar_now(client, clock):
    r = client.get("/api/v1/calendar/now").json()
    assert r["in_office_hours"] is True and r["is_holiday"] is False and r["next_opening"] is None
    clock.set(datetime(2026, 9, 25, 11, 0, tzinfo=KST))  # 추석
    r = client.get("/api/v1/calendar/now", headers=SERVICE).json()
    assert r["is_holiday"] and r["holiday_name"] == "추석" and r["in_office_hours"] is False
    assert r["next_opening"].startswith("2026-09-28T09:00:00+09:00")
    r = client.get("/api/v1/calendar/deadline", params={"start": "2026-02-13", "working_days": 7}).json()
    assert r["due_date"] == "2026-02-27"


def test_departments_and_routing(client):
    depts = client.get("/api/v1/departments").json()
    assert {"id": "traffic", "name": "교통과", "phone": "031-839-2241"}.items() <= depts[
        [d["id"] for d in depts].index("traffic")
    ].items()
    r = client.get("/api/v1/routing/road_traffic").json()
    assert r["department"]["name"] == "건설과" and r["township_office"] is None
    r = client.get("/api/v1/routing/civil_registry_land", params={"township": "백학"}).json()
    assert r["department"]["id"] == "civil_land" and r["township_office"]["name"] == "백학면"
    assert client.get("/api/v1/routing/unknown").status_code == 404
    assert client.get("/api/v1/routing/road_traffic", params={"township": "서울"}).status_code == 422
    assert len(client.get("/api/v1/categories").json()) == 14


def test_closing_a_handoff_survives_an_unreachable_chatbot(client, people, app):
    """Closing resumes the paused Rasa conversation (tests/conversation checks it against a real Rasa); when
    the chatbot cannot be reached the handoff is closed all the same."""
    app.state.settings.rasa_url = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    hid = client.post("/api/v1/handoffs", json=HANDOFF, headers=SERVICE).json()["id"]
    r = client.post(f"/api/v1/handoffs/{hid}/close", json={"note": "통화 완료"}, headers=people.headers("officer"))
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_the_handoff_list_shows_staff_only_their_departments_and_unrouted_ones(client, people):
    """As the detail does (get_for_staff): a handoff belongs to the department its collected category routes to."""
    ids = {}
    for name, form in [
        ("roads", {"complaint_category": "road_traffic"}),  # construction_roads
        ("waste", {"complaint_category": "environment_waste"}),  # environment
        ("none", {"category": "road_traffic"}),  # no collected category: anyone may take it
        ("odd", {"complaint_category": "'; DROP TABLE handoffs; --"}),  # no such category: the same
    ]:
        body = {**HANDOFF, "conversation_id": f"scope-{name}", "form_data": form}
        ids[name] = client.post("/api/v1/handoffs", json=body, headers=SERVICE).json()["id"]
    # What the retention job leaves of an old handoff: no form data at all.
    ids["empty"] = client.post(
        "/api/v1/handoffs", json={**HANDOFF, "conversation_id": "scope-empty", "form_data": {}}, headers=SERVICE
    ).json()["id"]
    with client.app.state.db.writer() as session:
        session.get(Handoff, ids["empty"]).form_data = None

    def listed(who: str, **params) -> tuple[set[int], int]:
        page = client.get("/api/v1/handoffs", params=params, headers=people.headers(who)).json()
        return {h["id"] for h in page["items"]}, page["total"]

    shared = {ids["none"], ids["odd"], ids["empty"]}
    assert listed("officer") == (shared | {ids["roads"]}, 4)
    assert listed("other_officer") == (shared | {ids["waste"]}, 4)
    assert listed("admin") == (set(ids.values()), 5)
    assert listed("officer", limit=2)[1] == 4  # the total counts what the officer may see, not one page
    for name, visible in (("officer", "roads"), ("other_officer", "waste")):
        hidden = ids["waste" if visible == "roads" else "roads"]
        assert client.get(f"/api/v1/handoffs/{hidden}", headers=people.headers(name)).status_code == 403
