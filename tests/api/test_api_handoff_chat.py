"""Live handoff chat: the citizen's token, messages both ways, retries stored once, and a chat nobody takes
goes back to the chatbot (wait limit, office closing) with a callback offered."""

from __future__ import annotations

from datetime import datetime

from tests.support.api_helpers import KST, SERVICE

WEB_HANDOFF = {
    "conversation_id": "web-3f9a2c71d0b84e5f9a6c1e2d3b4a5f60",
    "channel": "web",
    "reason": "request_human",
    "transcript": [{"sender": "user", "text": "상담원 연결해 주세요", "timestamp": "2026-03-03T10:00:00+09:00"}],
}


def open_chat(client, **overrides) -> tuple[int, dict]:
    r = client.post("/api/v1/handoffs", json={**WEB_HANDOFF, **overrides}, headers=SERVICE)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["citizen_token"], body
    return body["id"], {"X-Handoff-Token": body["citizen_token"]}


def poll(client, hid, headers, after=0):
    r = client.get(f"/api/v1/handoffs/{hid}/chat", params={"after": after}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_officer_and_citizen_talk_and_a_retry_is_stored_once(client, people):
    hid, citizen = open_chat(client)
    state = poll(client, hid, citizen)
    assert state["state"] == "waiting" and state["messages"] == [] and 0 < state["wait_seconds_left"] <= 300

    sent = client.post(
        f"/api/v1/handoffs/{hid}/chat", json={"client_message_id": "m-0001-abcdef", "text": "계세요?"}, headers=citizen
    )
    retry = client.post(
        f"/api/v1/handoffs/{hid}/chat", json={"client_message_id": "m-0001-abcdef", "text": "계세요?"}, headers=citizen
    )
    assert sent.status_code == 201 and retry.status_code == 200 and sent.json() == retry.json()

    officer = people.headers("officer")
    page = client.get(f"/api/v1/handoffs/{hid}/messages", headers=officer).json()
    assert [(m["sender"], m["text"]) for m in page["messages"]] == [("citizen", "계세요?")] and page["live"]

    reply = client.post(
        f"/api/v1/handoffs/{hid}/messages", json={"text": "네, 건설과입니다. 말씀하세요."}, headers=officer
    )
    assert reply.status_code == 201, reply.text
    state = poll(client, hid, citizen, after=sent.json()["id"])
    assert state["state"] == "connected"
    assert [m["sender"] for m in state["messages"]] == ["system", "officer"]
    assert state["messages"][-1]["text"] == "네, 건설과입니다. 말씀하세요."
    # The first reply claimed the chat; a colleague cannot write into it.
    other = client.post(f"/api/v1/handoffs/{hid}/messages", json={"text": "저도요"}, headers=people.headers("officer2"))
    assert other.status_code == 409

    # Handing back: the citizen hears the chat is over and can no longer write to the officer.
    assert client.post(f"/api/v1/handoffs/{hid}/close", json={}, headers=officer).status_code == 200
    state = poll(client, hid, citizen, after=reply.json()["id"])
    assert state["state"] == "ended" and state["ended_reason"] == "closed" and "챗봇" in state["messages"][-1]["text"]
    late = client.post(
        f"/api/v1/handoffs/{hid}/chat",
        json={"client_message_id": "m-0002-abcdef", "text": "하나 더요"},
        headers=citizen,
    )
    assert late.status_code == 409 and "끝났습니다" in late.json()["detail"]
    assert client.post(f"/api/v1/handoffs/{hid}/messages", json={"text": "?"}, headers=officer).status_code == 409


def test_only_the_citizen_token_opens_the_chat(client, people):
    hid, citizen = open_chat(client)
    other_hid, other_citizen = open_chat(client, conversation_id="web-another-conversation-000000000001")
    for headers in ({}, {"X-Handoff-Token": "x" * 43}, other_citizen):
        r = client.get(f"/api/v1/handoffs/{hid}/chat", headers=headers)
        assert r.status_code == 404 and "찾을 수 없습니다" in r.json()["detail"]
        r = client.post(
            f"/api/v1/handoffs/{hid}/chat", json={"client_message_id": "m-9999-abcdef", "text": "x"}, headers=headers
        )
        assert r.status_code == 404
    # A handoff that cannot be a live chat (Kakao, or out of hours) gives the citizen nothing at all.
    kakao = client.post(
        "/api/v1/handoffs", json={**WEB_HANDOFF, "channel": "kakao", "conversation_id": "k1"}, headers=SERVICE
    ).json()
    assert kakao["citizen_token"] is None
    r = client.post(
        f"/api/v1/handoffs/{kakao['id']}/messages", json={"text": "안녕하세요"}, headers=people.headers("officer")
    )
    assert r.status_code == 409
    # The citizen endpoints are the only public part; staff reading needs a staff token.
    assert client.get(f"/api/v1/handoffs/{hid}/messages", headers=citizen).status_code == 401
    assert poll(client, other_hid, other_citizen)["state"] == "waiting"


def test_bad_messages_get_clear_korean_errors(client):
    hid, citizen = open_chat(client)
    url = f"/api/v1/handoffs/{hid}/chat"
    too_long = client.post(url, json={"client_message_id": "m-long-000001", "text": "가" * 2001}, headers=citizen)
    assert too_long.status_code == 422 and "2000" in too_long.json()["detail"]
    empty = client.post(url, json={"client_message_id": "m-empty-00001", "text": "   "}, headers=citizen)
    assert empty.status_code == 422
    assert client.post(url, json={"client_message_id": "<script>", "text": "안녕"}, headers=citizen).status_code == 422
    html = client.post(url, json={"client_message_id": "m-html-000001", "text": "<b>굵게</b> 😀"}, headers=citizen)
    # Stored as text; the widget never renders HTML.
    assert html.status_code == 201 and html.json()["text"] == "<b>굵게</b> 😀"


def test_nobody_answers_in_time_the_chat_goes_back_and_a_callback_can_be_left(client, clock, people):
    hid, citizen = open_chat(client)
    clock.advance(seconds=299)
    assert poll(client, hid, citizen)["state"] == "waiting"
    clock.advance(seconds=2)
    state = poll(client, hid, citizen)
    assert state["state"] == "ended" and state["ended_reason"] == "unanswered"
    assert "전화번호를 남겨 주시면" in state["messages"][-1]["text"]

    no_consent = client.post(
        f"/api/v1/handoffs/{hid}/chat/callback", json={"phone": "010-2345-6789", "consent": False}, headers=citizen
    )
    assert no_consent.status_code == 422
    r = client.post(
        f"/api/v1/handoffs/{hid}/chat/callback",
        json={"phone": "010-2345-6789", "preferred_time": "오후 3시 이후", "consent": True},
        headers=citizen,
    )
    assert r.status_code == 200 and "010-****-6789" in r.json()["message"]
    assert poll(client, hid, citizen)["callback_requested"] is True
    # Staff still find it in the queue, now as a callback request; the chat itself is closed to officers.
    queue = client.get("/api/v1/handoffs", params={"status": "open"}, headers=people.headers("officer")).json()
    [item] = [h for h in queue["items"] if h["id"] == hid]
    assert item["callback_phone"] == "010-****-6789"
    r = client.post(f"/api/v1/handoffs/{hid}/messages", json={"text": "늦었습니다"}, headers=people.headers("officer"))
    assert r.status_code == 409 and "챗봇으로 돌아갔습니다" in r.json()["detail"]


def test_the_office_closing_ends_a_chat_nobody_took(client, clock):
    clock.set(datetime(2026, 3, 3, 17, 58, tzinfo=KST))
    hid, citizen = open_chat(client)
    clock.set(datetime(2026, 3, 3, 18, 0, 1, tzinfo=KST))
    state = poll(client, hid, citizen)
    assert state["state"] == "ended" and state["ended_reason"] == "office_closed"
    assert "업무시간(평일 09:00~18:00)이 끝나" in state["messages"][-1]["text"]


def test_a_chat_an_officer_took_is_not_ended_by_the_wait_limit(client, clock, people):
    hid, citizen = open_chat(client)
    assert client.post(f"/api/v1/handoffs/{hid}/claim", headers=people.headers("officer")).status_code == 200
    clock.advance(minutes=30)
    state = poll(client, hid, citizen)
    assert state["state"] == "connected" and state["messages"][0]["text"].startswith("담당 직원이 연결되었습니다")


def test_first_look_at_a_chat_is_access_logged_once_per_officer(client, people):
    hid, _ = open_chat(client)
    for _ in range(3):
        assert client.get(f"/api/v1/handoffs/{hid}/messages", headers=people.headers("officer")).status_code == 200
    logs = client.get("/api/v1/access-logs", params={"limit": 200}, headers=people.headers("admin")).json()
    rows = [e for e in logs["items"] if e["resource_type"] == "handoff" and e["resource_id"] == str(hid)]
    assert len(rows) == 1 and rows[0]["staff_id"] == people.ids["officer"]


def test_idempotent_creation_gives_the_same_citizen_token_without_storing_it(client, app):
    headers = {**SERVICE, "Idempotency-Key": "h-chat-1"}
    first = client.post("/api/v1/handoffs", json=WEB_HANDOFF, headers=headers).json()
    again = client.post("/api/v1/handoffs", json=WEB_HANDOFF, headers=headers)
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == first
    from api.idempotency.models import IdempotencyRecord

    with app.state.db.reader() as session:
        stored = [r.response_body for r in session.query(IdempotencyRecord).all()]
    assert stored and not any(first["citizen_token"] in body for body in stored)


def test_retention_deletes_the_chat_with_the_transcript(client, app, clock):
    from datetime import timedelta

    from api.handoffs.models import HandoffMessage
    from api.privacy.retention import run_retention

    hid, citizen = open_chat(client)
    client.post(
        f"/api/v1/handoffs/{hid}/chat",
        json={"client_message_id": "m-ret-000001", "text": "제 번호는 010-1111-2222"},
        headers=citizen,
    )
    days = app.state.settings.personal_data_retention_days
    with app.state.db.writer() as session:
        assert run_retention(session, clock() + timedelta(days=days + 1), days).handoffs >= 1
    with app.state.db.reader() as session:
        assert session.query(HandoffMessage).filter_by(handoff_id=hid).count() == 0


def test_a_county_page_of_another_origin_may_call_the_chat_only_when_configured(db_url, clock):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from tests.support.api_helpers import make_settings

    page, stranger = "https://www.yeoncheon.go.kr", "https://evil.example"
    preflight = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-handoff-token"}
    app = create_app(make_settings(db_url, widget_origins=[page]), clock=clock)
    with TestClient(app) as c:
        ok = c.options("/api/v1/handoffs/1/chat", headers={"Origin": page, **preflight})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == page
        assert "x-handoff-token" in ok.headers["access-control-allow-headers"].lower()
        refused = c.options("/api/v1/handoffs/1/chat", headers={"Origin": stranger, **preflight})
        assert "access-control-allow-origin" not in refused.headers
    app.state.db.dispose()
    plain = create_app(make_settings(db_url), clock=clock)
    with TestClient(plain) as c:
        r = c.get("/api/v1/health", headers={"Origin": page})
        assert "access-control-allow-origin" not in r.headers
    plain.state.db.dispose()


def test_an_officer_of_another_department_can_neither_read_nor_answer_its_chat(client, people):
    # A road question belongs to the construction department, as it does in the console.
    hid, _ = open_chat(client, form_data={"complaint_category": "road_traffic"})
    other = people.headers("other_officer")
    for method, url, body in [
        ("GET", f"/api/v1/handoffs/{hid}?reason=회신 전화", None),
        ("GET", f"/api/v1/handoffs/{hid}/messages", None),
        ("POST", f"/api/v1/handoffs/{hid}/messages", {"text": "환경과입니다."}),
        ("POST", f"/api/v1/handoffs/{hid}/claim", None),
        ("POST", f"/api/v1/handoffs/{hid}/close", {}),
    ]:
        r = client.request(method, url, json=body, headers=other)
        assert r.status_code == 403, (method, url, r.text)
        assert "다른 부서" in r.json()["detail"]
    logs = client.get("/api/v1/access-logs", params={"limit": 200}, headers=people.headers("admin")).json()
    assert not [e for e in logs["items"] if e["resource_type"] == "handoff" and e["resource_id"] == str(hid)]
    assert client.get(f"/api/v1/handoffs/{hid}/messages", headers=people.headers("officer")).status_code == 200
