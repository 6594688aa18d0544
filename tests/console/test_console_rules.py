"""The console's rules without a browser: sessions, CSRF, expiry, department isolation per role, inert HTML,
access logging, intake, answers reaching the citizen's status check, and the CSV export."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from api.notifications.models import OutboxMessage
from api.privacy.models import AccessLog
from tests.console.conftest import SERVICE, csrf_of, login
from tests.support.api_helpers import PASSWORD, create_complaint


def test_pages_need_a_login_and_logout_revokes_the_session(client_for, people):
    anonymous = client_for(None)
    response = anonymous.get("/console/queue")
    assert response.status_code == 303 and response.headers["location"] == "/console/login"
    officer = client_for("officer")
    assert officer.get("/console/queue").status_code == 200
    cookie = officer.cookies.get("console_session")
    assert cookie.startswith("stf_")
    assert officer.post("/console/logout", data={"csrf_token": csrf_of(officer)}).status_code == 303
    replay = client_for(None)
    replay.cookies.set("console_session", cookie, domain="testserver.local", path="/console")
    assert replay.get("/console/queue", cookies={"console_session": cookie}).status_code == 303


def test_session_cookie_is_secure_httponly_strict(client_for, people):
    client = client_for(None)
    response = login(client, people.usernames["officer"], PASSWORD)
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "secure" in header and "samesite=strict" in header


def test_wrong_password_and_missing_login_csrf_are_refused(client_for, people):
    client = client_for(None)
    page = client.get("/console/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    wrong = client.post(
        "/console/login", data={"csrf_token": token, "username": people.usernames["officer"], "password": "x"}
    )
    assert wrong.status_code == 401 and "아이디 또는 비밀번호가 맞지 않습니다" in wrong.text
    forged = client.post(
        "/console/login", data={"csrf_token": "forged", "username": people.usernames["officer"], "password": PASSWORD}
    )
    assert forged.status_code == 403 and "console_session" not in forged.headers.get("set-cookie", "")


def test_session_expires(client_for, clock):
    client = client_for("officer")
    assert client.get("/console/queue").status_code == 200
    clock.advance(minutes=61)  # session_ttl_minutes=60 in the fixture
    response = client.get("/console/queue")
    assert response.status_code == 303 and response.headers["location"] == "/console/login?expired=1"
    assert "로그인 시간이 지나" in client.get("/console/login?expired=1").text


def test_post_without_csrf_token_is_refused_and_changes_nothing(client_for, app):
    complaint = create_complaint(client_for(None), SERVICE)
    officer = client_for("officer")
    url = f"/console/complaints/{complaint['receipt_number']}/note"
    assert officer.post(url, data={"text": "메모"}).status_code == 403
    assert officer.post(url, data={"text": "메모", "csrf_token": "0" * 64}).status_code == 403
    assert officer.post(url, data={"text": "메모"}, headers={"X-CSRF-Token": "bad"}).status_code == 403
    page = officer.get(f"/console/complaints/{complaint['receipt_number']}")
    assert "메모가 없습니다" in page.text
    ok = officer.post(url, data={"text": "현장 사진 요청함", "csrf_token": csrf_of(officer)})
    assert ok.status_code == 303
    assert "현장 사진 요청함" in officer.get(f"/console/complaints/{complaint['receipt_number']}").text


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("officer", True),
        ("manager", True),
        ("admin", True),
        ("other_officer", False),
        ("other_manager", False),
    ],
)
def test_department_isolation_per_role(client_for, who, allowed):
    complaint = create_complaint(client_for(None), SERVICE)  # road_traffic -> construction_roads
    receipt = complaint["receipt_number"]
    client = client_for(who)
    page = client.get(f"/console/complaints/{receipt}")
    assert page.status_code == (200 if allowed else 403)
    reveal = client.post(
        f"/console/complaints/{receipt}/reveal", data={"reason": "확인", "csrf_token": csrf_of(client)}
    )
    assert reveal.status_code == (200 if allowed else 403)
    note = client.post(f"/console/complaints/{receipt}/note", data={"text": "메모", "csrf_token": csrf_of(client)})
    assert note.status_code == (303 if allowed else 403)
    link = f'href="/console/complaints/{receipt}"'
    assert (link in client.get("/console/queue").text) is allowed
    assert (link in client.get("/console/queue", params={"q": receipt}).text) is allowed
    exported = client.get("/console/queue.csv", params={"state": "all"}).content.decode("utf-8-sig")
    assert (receipt in exported) is allowed


def test_handoff_of_another_department_is_403(client_for):
    service = client_for(None)
    created = service.post(
        "/api/v1/handoffs",
        headers=SERVICE,
        json={
            "conversation_id": "conv-roads",
            "channel": "web",
            "reason": "request_human",
            "transcript": [
                {"sender": "user", "text": "도로가 파였어요 010-2222-3333", "timestamp": "2026-03-03T10:00:00+09:00"}
            ],
            "form_data": {"complaint_category": "road_traffic"},
        },
    )
    assert created.status_code == 201
    handoff_id = created.json()["id"]
    assert client_for("officer").get(f"/console/handoffs/{handoff_id}").status_code == 200
    link = f'href="/console/handoffs/{handoff_id}"'
    assert link in client_for("officer").get("/console/queue").text
    assert link not in client_for("other_officer").get("/console/queue").text
    other = client_for("other_officer")
    assert other.get(f"/console/handoffs/{handoff_id}").status_code == 403
    assert other.post(f"/console/handoffs/{handoff_id}/claim", data={"csrf_token": csrf_of(other)}).status_code == 403
    page = client_for("officer").get(f"/console/handoffs/{handoff_id}").text
    assert "010-****-3333" in page and "010-2222-3333" not in page


def test_the_live_chat_poll_logs_each_officers_first_look_once(app, client_for, people):
    created = client_for(None).post(
        "/api/v1/handoffs",
        headers=SERVICE,
        json={"conversation_id": "conv-poll", "channel": "web", "reason": "request_human", "transcript": []},
    )
    handoff_id = created.json()["id"]
    for who in ("officer", "officer", "officer", "manager"):
        assert client_for(who).get(f"/console/handoffs/{handoff_id}/chat").status_code == 200
    with app.state.db.reader() as session:
        viewers = session.scalars(
            select(AccessLog.staff_id).where(
                AccessLog.resource_type == "handoff", AccessLog.resource_id == str(handoff_id)
            )
        ).all()
    assert sorted(viewers) == sorted([people.ids["officer"], people.ids["manager"]])


def test_script_in_a_complaint_is_inert_text(client_for):
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    complaint = create_complaint(client_for(None), SERVICE, description=f"도로 파손 {script}", location="<b>역 앞</b>")
    officer = client_for("officer")
    for url in (f"/console/complaints/{complaint['receipt_number']}", "/console/queue"):
        html = officer.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>역 앞</b>" not in html
        assert "&lt;script&gt;alert(" in html


def test_reveal_needs_a_reason_and_is_logged(client_for, app, people):
    complaint = create_complaint(client_for(None), SERVICE)
    receipt = complaint["receipt_number"]
    officer = client_for("officer")
    masked = officer.get(f"/console/complaints/{receipt}").text
    assert "010-****-5678" in masked and "010-1234-5678" not in masked and "홍*동" in masked
    refused = officer.post(f"/console/complaints/{receipt}/reveal", data={"reason": "", "csrf_token": csrf_of(officer)})
    assert refused.status_code == 422 and "010-1234-5678" not in refused.text
    shown = officer.post(
        f"/console/complaints/{receipt}/reveal", data={"reason": "회신 전화", "csrf_token": csrf_of(officer)}
    )
    assert shown.status_code == 200 and "010-1234-5678" in shown.text and "홍길동" in shown.text
    with app.state.db.reader() as session:
        logs = session.scalars(select(AccessLog).where(AccessLog.resource_id == receipt)).all()
    assert [(log.staff_id, log.reason) for log in logs] == [(people.ids["officer"], "회신 전화")]
    assert "회신 전화" in officer.get("/console/access-log").text


def test_take_answer_close_reach_the_citizen_and_the_sms_outbox(client_for, app):
    complaint = create_complaint(client_for(None), SERVICE)
    receipt = complaint["receipt_number"]
    officer = client_for("officer")

    def act(action, **data):
        return officer.post(f"/console/complaints/{receipt}/{action}", data={**data, "csrf_token": csrf_of(officer)})

    assert act("take").status_code == 303
    investigating = act("status", to="investigating", note="현장 확인 예정", public_note="현장을 확인하고 있습니다.")
    assert investigating.status_code == 303
    assert act("answer", answer="내일 오전에 보수 공사를 합니다.").status_code == 303
    lookup = client_for(None).post("/api/v1/complaints/lookup", json={"receipt_number": receipt, "phone": "5678"})
    assert lookup.json()["complaints"][0]["latest_public_note"] == "내일 오전에 보수 공사를 합니다."
    assert lookup.json()["complaints"][0]["status"] == "investigating"
    with app.state.db.reader() as session:
        bodies = session.scalars(select(OutboxMessage.body).where(OutboxMessage.template == "citizen_answer")).all()
    assert len(bodies) == 1 and "내일 오전에 보수 공사를 합니다" in bodies[0]
    illegal = act("status", to="remedied")
    assert illegal.status_code == 409 and "변경할 수 없습니다" in illegal.text


def test_reject_with_a_legal_reason_shows_the_standard_wording(client_for):
    complaint = create_complaint(client_for(None), SERVICE)
    receipt = complaint["receipt_number"]
    manager = client_for("manager")
    response = manager.post(
        f"/console/complaints/{receipt}/status",
        data={"to": "rejected", "exclusion": "private_matter", "csrf_token": csrf_of(manager)},
    )
    assert response.status_code == 303
    status = (
        client_for(None).post("/api/v1/complaints/lookup", json={"receipt_number": receipt, "phone": "5678"}).json()
    )
    assert status["complaints"][0]["status"] == "rejected"
    assert "개인 사이의 계약" in status["complaints"][0]["rejection_reason"]
    assert "132" in status["complaints"][0]["rejection_remedy"]


def test_transfer_records_the_corrected_category(client_for):
    complaint = create_complaint(client_for(None), SERVICE)
    receipt = complaint["receipt_number"]
    manager = client_for("manager")
    moved = manager.post(
        f"/console/complaints/{receipt}/transfer",
        data={"category": "environment_waste", "reason": "쓰레기 불법 투기 건", "csrf_token": csrf_of(manager)},
    )
    assert moved.status_code == 303 and moved.headers["location"].startswith("/console/queue")
    assert manager.get(f"/console/complaints/{receipt}").status_code == 403
    page = client_for("admin").get(f"/console/complaints/{receipt}").text
    assert "분야 정정" in page and "쓰레기 불법 투기 건" in page


def test_phone_memo_waits_in_the_queue_until_the_callback(client_for):
    officer = client_for("officer")
    created = officer.post(
        "/console/intake",
        data={
            "csrf_token": csrf_of(officer),
            "source": "phone",
            "citizen_name": "김영희",
            "phone": "010-5555-1234",
            "description": "마을 안길 가로등이 꺼졌습니다.",
            "category": "road_traffic",
            "township": "전곡읍",
            "contacted_at": "2026-03-03T09:40",
            "taken_by": "이주무관",
            "callback_needed": "yes",
            "consent": "yes",
        },
    )
    assert created.status_code == 303
    receipt = created.headers["location"].split("/console/complaints/")[1].split("?")[0]
    waiting = officer.get("/console/queue", params={"state": "callback"}).text
    assert receipt in waiting and "회신 대기" in waiting
    page = officer.get(f"/console/complaints/{receipt}").text
    assert "전화 메모" in page and "이주무관" in page and "2026-03-03 09:40" in page
    done = officer.post(
        f"/console/complaints/{receipt}/callback",
        data={"note": "통화 완료, 내일 점검 안내", "csrf_token": csrf_of(officer)},
    )
    assert done.status_code == 303
    assert receipt not in officer.get("/console/queue", params={"state": "callback"}).text
    assert receipt in officer.get("/console/queue").text  # still an open complaint


def test_intake_without_consent_is_refused_in_korean(client_for):
    officer = client_for("officer")
    response = officer.post(
        "/console/intake",
        data={
            "csrf_token": csrf_of(officer),
            "source": "visit",
            "citizen_name": "김영희",
            "phone": "010-5555-1234",
            "description": "문의",
            "category": "road_traffic",
        },
    )
    assert response.status_code == 422 and "동의" in response.text


def test_board_import_is_idempotent_and_records_the_check(client_for):
    officer = client_for("officer")
    export = (
        "번호,제목,내용,작성자,연락처,작성일\n"
        "1001,도로 파손,전곡리 도로가 파였습니다,박민수,010-7777-8888,2026-03-02T21:10\n"
    )
    first = officer.post(
        "/console/intake/board",
        data={"csrf_token": csrf_of(officer), "export_text": export, "category": "road_traffic"},
    )
    assert "새로 접수 1건" in first.text and "기록 없음" not in first.text
    again = officer.post(
        "/console/intake/board",
        data={"csrf_token": csrf_of(officer), "export_text": export, "category": "road_traffic"},
    )
    assert "새로 접수 0건" in again.text and "건너뜀 1건" in again.text
    assert "홈페이지 게시판" in officer.get("/console/queue", params={"q": "전곡리 도로가"}).text


def test_default_order_puts_urgent_and_priority_citizens_first(client_for, clock):
    service = client_for(None)
    plain = create_complaint(service, SERVICE)["receipt_number"]
    clock.advance(minutes=5)
    elderly = create_complaint(service, SERVICE, elderly_or_disabled=True)["receipt_number"]
    clock.advance(minutes=5)
    urgent = create_complaint(service, SERVICE, urgent_safety=True)["receipt_number"]
    html = client_for("officer").get("/console/queue").text
    assert html.index(urgent) < html.index(elderly) < html.index(plain)


def test_csv_export_is_utf8_with_bom_and_formula_safe(client_for):
    create_complaint(client_for(None), SERVICE, description='=HYPERLINK("http://x") 도로 파손')
    response = client_for("officer").get("/console/queue.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "접수번호" and len(rows) == 2
    assert rows[1][-1].startswith("'=HYPERLINK") and rows[1][6] == "홍*동"


def _count(html: str) -> int:
    return int(re.search(r'민원 <span class="count">(\d+)건</span>', html).group(1))


def test_queue_search_count_and_pages(client_for):
    service = client_for(None)
    for i in range(51):
        create_complaint(service, SERVICE, description=f"전곡역 앞 도로 파손 {i}번째 신고입니다. POTHOLE 100%")
    create_complaint(service, SERVICE, description="가로등이 꺼졌습니다. pothole_a")
    officer = client_for("officer")

    def search(**params) -> str:
        return officer.get("/console/queue", params=params).text

    first = search(q="pothole")  # Latin letters in any case
    assert _count(first) == 52 and "1쪽 / 2쪽" in first
    assert _count(search(q="%")) == 51 and _count(search(q="_")) == 1  # LIKE's wildcards taken literally
    assert _count(search(q="가로등")) == 1
    second = search(q="파손", page=2)
    assert _count(second) == 51 and "2쪽 / 2쪽" in second and second.count('href="/console/complaints/20') == 1
    beyond = search(q="파손", page=9)
    assert _count(beyond) == 51 and 'href="/console/complaints/20' not in beyond


def test_a_closed_memo_waiting_for_its_callback_stays_in_the_open_queue(client_for):
    officer, manager = client_for("officer"), client_for("manager")
    created = officer.post(
        "/console/intake",
        data={
            "csrf_token": csrf_of(officer),
            "source": "phone",
            "citizen_name": "김영희",
            "phone": "010-5555-4321",
            "description": "옆집 공사 계약금 문제로 상담하고 싶습니다.",
            "category": "road_traffic",
            "township": "전곡읍",
            "contacted_at": "2026-03-03T09:40",
            "taken_by": "이주무관",
            "callback_needed": "yes",
            "consent": "yes",
        },
    )
    receipt = created.headers["location"].split("/console/complaints/")[1].split("?")[0]
    rejected = manager.post(
        f"/console/complaints/{receipt}/status",
        data={"csrf_token": csrf_of(manager), "to": "rejected", "exclusion": "private_matter"},
    )
    assert rejected.status_code == 303, rejected.text
    assert receipt in officer.get("/console/queue").text  # rejected, but the citizen still waits for a call
    officer.post(
        f"/console/complaints/{receipt}/callback", data={"note": "법률구조공단 안내", "csrf_token": csrf_of(officer)}
    )
    assert receipt not in officer.get("/console/queue").text
    assert receipt in officer.get("/console/queue", params={"state": "all"}).text


def test_a_handoff_turned_into_a_complaint_keeps_its_transcript(client_for):
    created = client_for(None).post(
        "/api/v1/handoffs",
        headers=SERVICE,
        json={
            "conversation_id": "conv-convert",
            "channel": "web",
            "reason": "request_human",
            "transcript": [
                {
                    "sender": "user",
                    "text": "다리 난간이 흔들려요. 010-2222-4444로 연락 주세요",
                    "timestamp": "2026-03-03T09:50:00+09:00",
                },
                {
                    "sender": "bot",
                    "text": "담당 직원에게 연결해 드리겠습니다.",
                    "timestamp": "2026-03-03T09:50:02+09:00",
                },
            ],
            "form_data": {"complaint_category": "road_traffic", "description": "다리 난간이 흔들립니다."},
        },
    )
    handoff_id = created.json()["id"]
    officer = client_for("officer")
    converted = officer.post(
        f"/console/handoffs/{handoff_id}/convert",
        data={
            "csrf_token": csrf_of(officer),
            "category": "road_traffic",
            "description": "다리 난간이 흔들립니다.",
            "citizen_name": "박민수",
            "phone": "010-2222-4444",
            "consent": "yes",
        },
    )
    assert converted.status_code == 303, converted.text
    receipt = converted.headers["location"].split("/console/complaints/")[1].split("?")[0]
    page = officer.get(f"/console/complaints/{receipt}").text
    assert "다리 난간이 흔들려요. 010-****-4444로 연락 주세요" in page and "담당 직원에게 연결해 드리겠습니다." in page
    assert "010-2222-4444" not in page
