"""The console in real headless Chromium against a live API server: an officer's day from the queue to the
citizen's status check. Screenshots go to var/screenshots/console/ (not committed)."""

from __future__ import annotations

import httpx
import pytest

from tests.console.conftest import SCREENSHOTS, SERVICE

pytestmark = pytest.mark.filterwarnings("ignore")


def _complaint(api, **overrides) -> str:
    body = {
        "channel": "kakao",
        "category": "road_traffic",
        "kind": "grievance",
        "description": "전곡역 앞 도로에 큰 포트홀이 생겨 차량이 위험합니다.",
        "location": "전곡역 앞 사거리",
        "township": "전곡읍",
        "citizen_name": "홍길동",
        "phone": "010-1234-5678",
        "privacy_consent": {"agreed": True, "version": "2026-01"},
    }
    body.update(overrides)
    response = httpx.post(f"{api.url}/api/v1/complaints", json=body, headers=SERVICE)
    assert response.status_code == 201, response.text
    return response.json()["receipt_number"]


def test_officer_day_from_queue_to_citizen_status(page_for, live_api):
    receipt = _complaint(live_api, description="전곡역 앞 도로에 큰 포트홀이 생겨 차량이 위험합니다.")
    _complaint(live_api, category="environment_waste", description="하천변에 쓰레기가 쌓여 있습니다.")
    _complaint(
        live_api, description="노인정 앞 보도블록이 깨졌습니다.", elderly_or_disabled=True, phone="010-3333-4444"
    )
    page = page_for("construction_roads.officer")
    rows = page.locator("#queue-table tbody tr")
    assert rows.count() == 2  # the waste complaint belongs to another department
    assert "우선 응대" in rows.first.inner_text()  # priority citizens first
    page.screenshot(path=str(SCREENSHOTS / "queue.png"), full_page=True)

    page.get_by_label("검색 (내용·장소 또는 접수번호)").fill("포트홀")
    page.get_by_role("button", name="검색").click()
    assert page.locator("#queue-table tbody tr").count() == 1
    page.get_by_role("link", name=receipt).click()
    assert page.locator("#description").inner_text().startswith("전곡역 앞 도로")
    assert page.locator("#person-phone").inner_text() == "010-****-5678"

    page.get_by_label("열람 사유 (접근기록에 남습니다)").fill("현장 확인 일정 안내 전화")
    page.get_by_role("button", name="개인정보 보기").click()
    assert page.locator("#person-phone").inner_text() == "010-1234-5678"
    page.get_by_role("link", name="개인정보 열람 기록").click()
    log_row = page.locator("#access-log tbody tr").first.inner_text()
    assert receipt in log_row and "현장 확인 일정 안내 전화" in log_row

    page.goto(f"{live_api.url}/console/complaints/{receipt}")
    page.get_by_role("button", name="내가 맡기").click()
    assert "민원을 맡았습니다" in page.locator("main").inner_text()
    page.get_by_label("다음 단계").select_option("investigating")
    page.get_by_label("민원인 안내 (처리 현황 조회에 표시)").fill("담당자가 현장을 확인하고 있습니다.")
    page.get_by_role("button", name="단계 변경").click()
    answer = page.get_by_label("민원인에게 답변 (처리 현황 조회와 문자로 안내)")
    answer.fill("3월 5일 오전에 포트홀 보수 공사를 합니다.")
    page.get_by_role("button", name="답변 등록").click()
    assert "답변을 등록했습니다" in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "complaint.png"), full_page=True)

    # What the bot's status action calls for the citizen.
    status = httpx.post(f"{live_api.url}/api/v1/complaints/lookup", json={"receipt_number": receipt, "phone": "5678"})
    assert status.json()["complaints"][0]["status_label"] == "확인·조사"
    assert status.json()["complaints"][0]["latest_public_note"] == "3월 5일 오전에 포트홀 보수 공사를 합니다."


def test_complaint_page_shows_the_transcript_and_the_predicted_category(page_for, live_api):
    transcript = [
        {"sender": "user", "text": "전곡역 앞 도로가 움푹 파였어요", "timestamp": "2026-03-03T09:58:01+09:00"},
        {
            "sender": "bot",
            "text": "말씀하신 내용은 '도로·교통·주차' 분야 민원으로, 건설과에서 담당합니다.",
            "timestamp": "2026-03-03T09:58:02+09:00",
        },
        {"sender": "user", "text": "연락처는 010-2468-1357입니다", "timestamp": "2026-03-03T09:59:30+09:00"},
    ]
    prediction = {
        "category": "road_traffic",
        "confidence": 0.83,
        "runner_ups": [
            {"category": "water_sewer", "confidence": 0.09},
            {"category": "building_urban", "confidence": 0.04},
        ],
    }
    receipt = _complaint(
        live_api,
        description="전곡역 앞 도로가 움푹 파였어요. 빨리 메워 주세요.",
        phone="010-2468-1357",
        transcript=transcript,
        prediction=prediction,
    )
    page = page_for("construction_roads.officer")
    page.goto(f"{live_api.url}/console/complaints/{receipt}")
    shown = page.locator("#prediction").inner_text()
    assert "도로·교통·주차" in shown and "83%" in shown
    assert "상하수도 9%" in shown and "건축·주택·도시계획 4%" in shown
    lines = page.locator("#transcript li")
    assert lines.count() == 3 and "카카오톡" in page.locator("#transcript-title").inner_text()
    assert "09:58:01" in lines.first.inner_text() and "시민" in lines.first.inner_text()
    assert "챗봇" in lines.nth(1).inner_text()
    assert "010-****-1357" in lines.nth(2).inner_text() and "010-2468-1357" not in page.content()

    page.get_by_label("열람 사유 (접근기록에 남습니다)").fill("회신 전화번호 확인")
    page.get_by_role("button", name="개인정보 보기").click()
    assert "010-2468-1357" in page.locator("#transcript li").nth(2).inner_text()
    page.screenshot(path=str(SCREENSHOTS / "transcript.png"), full_page=True)
    page.get_by_role("link", name="개인정보 열람 기록").click()
    row = page.locator("#access-log tbody tr", has_text=receipt).first.inner_text()
    assert "회신 전화번호 확인" in row and "이름, 전화번호, 주소, 대화 기록" in row


def test_phone_memo_lands_in_the_queue(page_for, live_api):
    page = page_for("construction_roads.officer")
    page.get_by_role("link", name="전화·방문·서면 접수").click()
    page.get_by_label("접수 경로").select_option("phone")
    page.get_by_label("이름").fill("김영희")
    page.get_by_label("전화번호").fill("010-5555-1234")
    page.get_by_label("용건").fill("마을 안길 가로등이 사흘째 꺼져 있습니다.")
    page.get_by_label("분야", exact=True).select_option("road_traffic")
    page.get_by_label("받은 사람").fill("이주무관")
    page.get_by_label("회신 전화 필요 (전화 메모)").check()
    page.get_by_label("개인정보 수집·이용 동의를 받았습니다").check()
    page.screenshot(path=str(SCREENSHOTS / "intake.png"), full_page=True)
    page.get_by_role("button", name="접수", exact=True).click()
    assert "민원을 접수했습니다" in page.locator("main").inner_text()
    page.get_by_role("link", name="민원 대기열").first.click()
    page.get_by_label("처리 상태").select_option("callback")
    page.get_by_role("button", name="검색").click()
    row = page.locator("#queue-table tbody tr", has_text="가로등")
    assert row.count() == 1 and "회신 대기" in row.inner_text()


def test_script_injection_renders_as_text(page_for, live_api):
    receipt = _complaint(live_api, description='<script>window.pwned=1</script><img src=x onerror="window.pwned=2">')
    page = page_for("construction_roads.officer")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_api.url}/console/complaints/{receipt}")
    assert "<script>window.pwned=1</script>" in page.locator("#description").inner_text()
    assert page.evaluate("window.pwned === undefined")
    page.goto(f"{live_api.url}/console/queue")
    assert page.evaluate("window.pwned === undefined") and not dialogs


def test_other_department_complaint_is_403(page_for, live_api):
    receipt = _complaint(live_api, category="environment_waste", description="하천 쓰레기")
    page = page_for("construction_roads.officer")
    response = page.goto(f"{live_api.url}/console/complaints/{receipt}")
    assert response.status == 403
    assert "다른 부서의 민원은 볼 수 없습니다" in page.locator("main").inner_text()


def test_new_handoff_appears_without_reload_and_opens_with_its_transcript(page_for, live_api):
    page = page_for("construction_roads.officer", viewport=(1024, 768))  # tablet
    created = httpx.post(
        f"{live_api.url}/api/v1/handoffs",
        headers=SERVICE,
        json={
            "conversation_id": "browser-handoff",
            "channel": "web",
            "reason": "request_human",
            "transcript": [
                {
                    "sender": "user",
                    "text": "도로가 움푹 파였는데 사람이랑 얘기하고 싶어요",
                    "timestamp": "2026-03-03T10:00:00+09:00",
                },
                {
                    "sender": "bot",
                    "text": "담당 직원에게 연결해 드리겠습니다. 잠시만 기다려 주십시오.",
                    "timestamp": "2026-03-03T10:00:02+09:00",
                },
                {"sender": "user", "text": "제 번호는 010-9999-8888입니다", "timestamp": "2026-03-03T10:00:10+09:00"},
            ],
            "form_data": {"complaint_category": "road_traffic", "description": "도로 파임"},
        },
    )
    assert created.status_code == 201
    handoff_id = created.json()["id"]
    link = page.locator(f'a[href="/console/handoffs/{handoff_id}"]')
    link.wait_for(timeout=15_000)  # the queue polls every 5 s
    link.click()
    transcript = page.locator("#transcript").inner_text()
    assert "사람이랑 얘기하고 싶어요" in transcript and "010-****-8888" in transcript
    assert "010-9999-8888" not in transcript
    page.screenshot(path=str(SCREENSHOTS / "handoff.png"), full_page=True)


def test_live_handoff_officer_and_citizen_write_to_each_other(page_for, live_api):
    created = httpx.post(
        f"{live_api.url}/api/v1/handoffs",
        headers=SERVICE,
        json={
            "conversation_id": "browser-live-chat",
            "channel": "web",
            "reason": "request_human",
            "transcript": [
                {"sender": "user", "text": "직원분이랑 얘기하고 싶어요", "timestamp": "2026-03-03T09:59:00+09:00"}
            ],
            "form_data": {"complaint_category": "road_traffic"},
        },
    ).json()
    handoff_id, token = created["id"], created["citizen_token"]
    assert token, "a web handoff in office hours is a live chat"
    citizen = {"X-Handoff-Token": token}
    chat_url = f"{live_api.url}/api/v1/handoffs/{handoff_id}/chat"
    sent = httpx.post(
        chat_url,
        headers=citizen,
        json={"client_message_id": "citizen-msg-0001", "text": "전곡역 앞 포트홀 언제 고쳐 주시나요?"},
    )
    assert sent.status_code == 201

    page = page_for("construction_roads.officer")
    page.goto(f"{live_api.url}/console/handoffs/{handoff_id}")
    messages = page.locator("#live-messages")
    messages.get_by_text("전곡역 앞 포트홀 언제 고쳐 주시나요?").wait_for(timeout=10_000)
    page.get_by_label("답변 (시민의 채팅 창에 바로 표시됩니다)").fill("확인해 보니 내일 오전에 보수할 예정입니다.")
    page.get_by_role("button", name="보내기").click()
    messages.get_by_text("확인해 보니 내일 오전에 보수할 예정입니다.").wait_for(timeout=10_000)

    seen = httpx.get(chat_url, headers=citizen).json()
    assert seen["state"] == "connected"
    assert any(m["sender"] == "officer" and "내일 오전" in m["text"] for m in seen["messages"])
    # The citizen's next line appears for the officer without a reload.
    httpx.post(chat_url, headers=citizen, json={"client_message_id": "citizen-msg-0002", "text": "감사합니다!"})
    messages.get_by_text("감사합니다!").wait_for(timeout=10_000)
    page.screenshot(path=str(SCREENSHOTS / "live_handoff.png"), full_page=True)

    page.get_by_role("button", name="해결·종료 (챗봇에게 돌려주기)").click()
    assert "상담을 종료했습니다" in page.locator("main").inner_text()
    assert httpx.get(chat_url, headers=citizen).json()["state"] == "ended"
