"""action_handoff, action_record_praise and action_answer_faq against the real API.

The API uses the real clock, so handoff tests read /calendar/now and assert on the branch that applies.
"""

from __future__ import annotations

import time
import uuid

from actions.api_client import get_client
from actions.handoff import ActionHandoff
from actions.praise_faq import ActionAnswerFaq, ActionRecordPraise, faq_key, praise_target
from tests.support.trackers import bot_event, make_tracker, run_action, slots_of, texts_of, user_event


def conversation(*turns):
    t0 = time.time() - 120
    events = []
    for i, (who, text) in enumerate(turns):
        events.append(user_event(text, ts=t0 + i) if who == "user" else bot_event(text, ts=t0 + i))
    return events


def handoff_detail(admin, handoff_id):
    r = admin.get(f"/handoffs/{handoff_id}", params={"reason": "챗봇 액션 테스트"})
    assert r.status_code == 200, r.text
    return r.json()


def test_handoff_carries_the_transcript_and_form_data(admin):
    events = conversation(
        ("user", "안녕하세요"),
        ("bot", "안녕하세요, 연천군 민원 상담 챗봇입니다."),
        ("user", "도로에 구멍이 났어요"),
        ("bot", "어디인지 알려 주세요."),
        ("user", "상담원 연결해 주세요"),
    )
    slots = {
        "complaint_category": "road_traffic",
        "description": "도로에 구멍이 났어요",
        "phone": "010-2345-6789",
        "citizen_name": "홍길동",
    }
    tracker = make_tracker(slots=slots, text="상담원 연결해 주세요", intent="request_human", events=events)
    in_hours = get_client().calendar_now()["in_office_hours"]
    messages, result = run_action(ActionHandoff(), tracker)
    text, slots_out = texts_of(messages), slots_of(result)
    handoff_id = slots_out["handoff_id"]
    assert handoff_id
    if in_hours:
        assert "연결해 드리겠습니다" in text
    else:
        assert "업무시간이 아니어서" in text and "010-****-6789" in text and "이후 담당 직원이 연락드리겠습니다" in text
    landed = handoff_detail(admin, handoff_id)
    assert landed["reason"] == "request_human" and landed["conversation_id"] == tracker.sender_id
    assert [line["sender"] for line in landed["transcript"]] == ["user", "bot", "user", "bot", "user"]
    assert landed["transcript"][2]["text"] == "도로에 구멍이 났어요"
    assert landed["transcript"][0]["timestamp"].endswith("+09:00")
    assert landed["form_data"]["description"] == "도로에 구멍이 났어요"
    # Same turn again (a retried action): the same handoff, not a second one.
    _, again = run_action(ActionHandoff(), tracker)
    assert slots_of(again)["handoff_id"] == handoff_id


def test_handoff_without_a_phone_out_of_hours_asks_for_a_callback_number_first():
    tracker = make_tracker(text="담당자랑 통화하고 싶어요", intent="request_human")
    in_hours = get_client().calendar_now()["in_office_hours"]
    messages, result = run_action(ActionHandoff(), tracker)
    text, slots = texts_of(messages), slots_of(result)
    if in_hours:
        assert slots["handoff_id"]
    else:
        assert slots == {"callback_requested": True}
        assert "전화번호를 남겨 주시면" in text
        # The citizen does not want to leave a number: the handoff is filed anyway.
        tracker = make_tracker(slots={"callback_requested": True}, text="괜찮아요", intent="deny")
        messages, result = run_action(ActionHandoff(), tracker)
        assert slots_of(result)["handoff_id"] and "대화 내용을 담당 직원에게 남겨 두었으며" in texts_of(messages)


def test_pending_submission_becomes_an_api_unavailable_handoff_with_callback(admin, filled_form):
    slots = {**filled_form(), "pending_submission": True}
    tracker = make_tracker(slots=slots, text="전화 회신 요청할게요", intent="request_human")
    messages, result = run_action(ActionHandoff(), tracker)
    out = slots_of(result)
    assert "접수하지 못한 민원 내용을 담당 직원에게 그대로 전달했습니다" in texts_of(messages)
    assert out["pending_submission"] is False
    landed = handoff_detail(admin, out["handoff_id"])
    assert landed["reason"] == "api_unavailable"
    assert landed["callback"]["phone"] == slots["phone"] and landed["callback"]["name"] == "홍길동"
    assert (
        landed["form_data"]["description"] == slots["description"] and landed["form_data"]["pending_submission"] is True
    )


def test_handoff_api_down(monkeypatch, closed_port_url):
    monkeypatch.setenv("API_URL", closed_port_url)
    messages, result = run_action(ActionHandoff(), make_tracker(text="상담원", intent="request_human"))
    assert "031-839-2114" in texts_of(messages) and slots_of(result) == {"handoff_pending": True}


def test_abuse_is_flagged(admin):
    tracker = make_tracker(slots={"phone": "010-3456-7890"}, text="(욕설)", intent="abuse")
    _, result = run_action(ActionHandoff(), tracker)
    landed = handoff_detail(admin, slots_of(result)["handoff_id"])
    assert landed["reason"] == "abuse" and landed["flagged"] is True


def test_praise_lands_with_its_department(admin):
    marker = uuid.uuid4().hex[:6]
    text = f"건설과 김민수 주무관님이 도로를 정말 빨리 고쳐 주셨어요. 감사합니다 😊 {marker}"
    messages, _ = run_action(ActionRecordPraise(), make_tracker(text=text, intent="praise_staff"))
    assert "건설과 김민수 주무관에게" in texts_of(messages)
    items = admin.get("/praises", params={"limit": 50}).json()["items"]
    praise = next(p for p in items if marker in p["message"])
    assert praise["department_id"] == "construction_roads" and praise["target"] == "건설과 김민수 주무관"


def test_praise_without_details_asks_for_them():
    messages, _ = run_action(ActionRecordPraise(), make_tracker(text="칭찬하고 싶어요", intent="praise_staff"))
    assert "어느 부서의 어떤 직원" in texts_of(messages)
    assert praise_target("친절한 직원분이 도와주셨어요") is None
    assert praise_target("민원토지과 직원분") == "민원토지과"


def test_praise_api_down(monkeypatch, closed_port_url):
    monkeypatch.setenv("API_URL", closed_port_url)
    messages, _ = run_action(
        ActionRecordPraise(), make_tracker(text="재무과 박 팀장님 정말 친절하셨어요", intent="praise_staff")
    )
    assert "바로 등록하지 못했습니다" in texts_of(messages)


def faq_message(key):
    return {
        "text": "질문",
        "intent": {"name": "faq", "confidence": 0.9},
        "entities": [],
        "response_selector": {"faq": {"response": {"intent_response_key": key, "utter_action": f"utter_{key}"}}},
    }


def test_faq_rendered_from_the_county_config():
    messages, _ = run_action(ActionAnswerFaq(), make_tracker(latest_message=faq_message("faq/passport")))
    text = texts_of(messages)
    assert "여권 발급 안내" in text and "53,000원" in text and "여권용 사진 1매" in text
    messages, _ = run_action(ActionAnswerFaq(), make_tracker(latest_message=faq_message("faq/office_hours")))
    assert "09:00~18:00" in texts_of(messages) and "목요일" in texts_of(messages)
    messages, _ = run_action(ActionAnswerFaq(), make_tracker(latest_message=faq_message("faq/township_office")))
    assert "장남면 행정복지센터" in texts_of(messages)


def test_faq_falls_back_to_the_response_template():
    messages, _ = run_action(ActionAnswerFaq(), make_tracker(latest_message=faq_message("faq/fees")))
    assert messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_faq/fees",
            "response": "utter_faq/fees",
            "image": None,
            "attachment": None,
        }
    ]
    messages, _ = run_action(ActionAnswerFaq(), make_tracker(text="?", intent="faq"))
    assert messages[0]["response"] == "utter_default"
    assert (
        faq_key({"response_selector": {"faq": {"response": {"utter_action": "utter_faq/location"}}}}) == "faq/location"
    )


# --- both office-hours branches, on API processes with a fixed clock --------------------------------


def test_in_office_hours_an_officer_takes_over(fixed_clock_apis, monkeypatch):
    monkeypatch.setenv("API_URL", fixed_clock_apis["in_hours"])
    tracker = make_tracker(text="상담원 연결해 주세요", intent="request_human")
    messages, result = run_action(ActionHandoff(), tracker)
    assert slots_of(result)["handoff_id"]
    assert "담당 직원에게 연결해 드리겠습니다" in texts_of(messages)
    # The officer talks from now on; the bot must not (the API resumes the conversation on close).
    assert {"event": "pause", "timestamp": None} in result


def test_a_threat_ends_the_conversation_flagged_without_asking_for_a_number(fixed_clock_apis, monkeypatch):
    monkeypatch.setenv("API_URL", fixed_clock_apis["out_of_hours"])
    slots = {"handoff_reason": "threat", "abuse_escalated": True}
    messages, result = run_action(
        ActionHandoff(), make_tracker(slots=slots, text="찾아가서 가만 안 둔다", intent="abuse")
    )
    assert "여기서 마치겠습니다" in texts_of(messages) and "전화번호를 남겨" not in texts_of(messages)
    assert slots_of(result)["handoff_id"] and slots_of(result)["abuse_escalated"] is False
    assert {"event": "pause", "timestamp": None} not in result


def test_out_of_office_hours_a_callback_is_arranged(fixed_clock_apis, monkeypatch):
    monkeypatch.setenv("API_URL", fixed_clock_apis["out_of_hours"])
    sender = f"kakao-{uuid.uuid4().hex[:8]}"
    # No number known yet: ask for one (nothing filed yet).
    messages, result = run_action(
        ActionHandoff(), make_tracker(text="상담원", intent="request_human", sender_id=sender)
    )
    assert slots_of(result) == {"callback_requested": True}
    assert "업무시간(평일 09:00~18:00" in texts_of(messages)
    assert "다음 업무시간(2026년 3월 9일(월) 오전 9시)" in texts_of(messages)
    # The callback form filled the number: the handoff is filed with it.
    slots = {
        "callback_requested": True,
        "callback_phone": "010 5555 1234",
        "callback_name": "김영희",
        "callback_preferred_time": "오후 2시 이후",
    }
    messages, result = run_action(
        ActionHandoff(),
        make_tracker(
            slots=slots,
            text="01055551234",
            sender_id=sender,
            events=conversation(("user", "상담원"), ("bot", "연락처를 남겨 주세요"), ("user", "01055551234")),
        ),
    )
    text = texts_of(messages)
    assert slots_of(result)["handoff_id"] and slots_of(result)["callback_requested"] is False
    assert "010-****-1234" in text and "2026년 3월 9일(월) 오전 9시 이후 담당 직원이 연락드리겠습니다" in text


def test_a_threat_with_the_api_down_still_ends_politely_and_says_only_what_is_true(monkeypatch, closed_port_url):
    monkeypatch.setenv("API_URL", closed_port_url)
    slots = {"handoff_reason": "threat", "abuse_escalated": True}
    messages, result = run_action(
        ActionHandoff(), make_tracker(slots=slots, text="찾아가서 가만 안 둔다", intent="abuse")
    )
    text = texts_of(messages)
    assert "여기서 마치겠습니다" in text and "전달되었습니다" not in text
    assert slots_of(result)["handoff_pending"] is True and slots_of(result)["abuse_escalated"] is False


def test_in_office_hours_the_web_widget_gets_the_live_chat_token(fixed_clock_apis, monkeypatch):
    import httpx

    monkeypatch.setenv("API_URL", fixed_clock_apis["in_hours"])
    messages, result = run_action(
        ActionHandoff(), make_tracker(text="상담원 연결해 주세요", intent="request_human", channel="web")
    )
    [custom] = [m["custom"] for m in messages if m.get("custom")]
    assert custom["handoff"]["id"] == slots_of(result)["handoff_id"]
    # The token opens this handoff's chat for the citizen, and nothing else does.
    url = f"{fixed_clock_apis['in_hours']}/api/v1/handoffs/{custom['handoff']['id']}/chat"
    assert httpx.get(url, headers={"X-Handoff-Token": custom["handoff"]["token"]}).json()["state"] == "waiting"
    assert httpx.get(url).status_code == 404

    kakao_messages, _ = run_action(
        ActionHandoff(), make_tracker(text="상담원 연결해 주세요", intent="request_human", channel="kakao")
    )
    assert not any(m.get("custom") for m in kakao_messages)
