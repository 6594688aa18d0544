"""action_submit_complaint against the real API: what the citizen reads and what actually landed."""

from __future__ import annotations

import re
import uuid

from actions.submit import ActionResetComplaint, ActionSubmitComplaint, idempotency_key
from actions.texts import korean_date
from tests.support.trackers import make_tracker, run_action, slots_of, texts_of

RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")


def submit(slots, sender_id=None, channel="rest"):
    tracker = make_tracker(slots=slots, text="네", intent="affirm", sender_id=sender_id, channel=channel)
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    return texts_of(messages), slots_of(events)


def detail(admin, receipt):
    r = admin.get(f"/complaints/{receipt}", params={"reason": "챗봇 액션 테스트"})
    assert r.status_code == 200, r.text
    return r.json()


def test_submit_files_the_complaint_and_reads_the_receipt_back(filled_form, admin, service):
    slots = filled_form()
    text, events = submit(slots, channel="kakao")
    receipt = RECEIPT.search(text).group(1)
    assert "건설과(031-839-2221)" in text
    assert re.search(r"처리 기한: \d{4}년 \d{1,2}월 \d{1,2}일\([월화수목금]\)까지", text)
    assert "민원 처리 현황" in text  # how to check progress
    assert "문자" in text and "010-****-" in text  # 고충 = 7 working days: SMS notices follow
    # What landed in the API.
    landed = detail(admin, receipt)
    assert landed["description"] == slots["description"]
    assert landed["citizen_name"] == "홍길동" and landed["phone"] == slots["phone"]
    assert landed["township"] == "전곡읍" and landed["location"] == "전곡역 앞 사거리"
    assert (
        landed["channel"] == "kakao"
        and landed["kind"] == "grievance"
        and landed["department_id"] == "construction_roads"
    )
    assert korean_date(landed["due_date"]) in text
    # The conversation remembers the receipt; the form is cleared for a next complaint.
    assert events["known_receipts"] == [receipt] and events["receipt_number"] == receipt
    assert events["verified_phone"] == slots["phone"]
    assert events["complaint_nonce"] is None and events["description"] is None and events["pending_submission"] is False


def test_the_channel_of_the_conversation_is_recorded(filled_form, admin):
    for channel, recorded in (("web", "web"), ("kakao", "kakao"), ("rest", "rest"), ("socketio", "rest")):
        text, _ = submit(filled_form(), channel=channel)
        assert detail(admin, RECEIPT.search(text).group(1))["channel"] == recorded


def test_retry_with_the_same_nonce_files_one_complaint(filled_form, service):
    slots = filled_form()
    sender = f"kakao-user-{uuid.uuid4().hex[:8]}"
    first, _ = submit(slots, sender_id=sender)
    second, _ = submit(slots, sender_id=sender)  # e.g. Rasa re-ran the action, or the citizen said "다시 접수"
    assert RECEIPT.search(first).group(1) == RECEIPT.search(second).group(1)
    r = service.post("/complaints/lookup", json={"phone": slots["phone"]})
    assert len(r.json()["complaints"]) == 1


def test_second_complaint_in_the_same_conversation_gets_a_new_key(filled_form, service):
    sender = f"web-{uuid.uuid4().hex[:8]}"
    slots = filled_form()
    first, _ = submit(slots, sender_id=sender)
    # After the first submission the nonce was reset; the next form run sets a new one.
    second, events = submit(
        {**slots, "complaint_nonce": uuid.uuid4().hex, "description": "두 번째 민원: 가로등이 꺼져 있어요."},
        sender_id=sender,
    )
    assert RECEIPT.search(first).group(1) != RECEIPT.search(second).group(1)
    assert len(service.post("/complaints/lookup", json={"phone": slots["phone"]}).json()["complaints"]) == 2
    assert idempotency_key(sender, "a") != idempotency_key(sender, "b")
    assert re.fullmatch(r"[A-Za-z0-9._:\-]{1,200}", idempotency_key("카카오 사용자/123", "n"))


def test_api_down_is_told_honestly_and_the_data_kept(filled_form, monkeypatch, closed_port_url, api_server, service):
    slots = filled_form()
    monkeypatch.setenv("API_URL", closed_port_url)
    text, events = submit(slots)
    assert "연결되지 않아" in text and "보관" in text and "전화 회신" in text
    assert "접수번호" not in text
    assert events.get("pending_submission") is True
    # Nothing cleared: every form slot is still there for the retry.
    for name in ("description", "citizen_name", "phone", "complaint_nonce"):
        assert name not in events
    # The API is back: the retry with the same slots (same nonce) files exactly one complaint.
    monkeypatch.setenv("API_URL", api_server["url"])
    text, events = submit(slots)
    assert RECEIPT.search(text) and events["pending_submission"] is False
    assert len(service.post("/complaints/lookup", json={"phone": slots["phone"]}).json()["complaints"]) == 1


def test_bad_input_is_cleaned_before_it_lands(filled_form, admin):
    description = (
        "<script>alert('x')</script><b>하수구</b> 냄새가 심해요 😷🤢 '; DROP TABLE complaints; --\n" + "가" * 10_000
    )
    slots = filled_form(description=description, location="<i>연천역</i>   앞 🚏", complaint_category="water_sewer")
    text, _ = submit(slots)
    receipt = RECEIPT.search(text).group(1)
    landed = detail(admin, receipt)
    assert landed["description"].startswith("하수구 냄새가 심해요 😷🤢 '; DROP TABLE complaints; --\n가")
    assert len(landed["description"]) == 5000
    assert "<" not in landed["description"] and "alert" not in landed["description"]
    assert landed["location"] == "연천역 앞 🚏"


def test_refused_consent_files_nothing(filled_form, service):
    slots = filled_form(privacy_consent=False, citizen_name=None, phone=None)
    text, events = submit(slots)
    assert text == ""  # the refusal was explained by the form already
    assert events["complaint_category"] is None and events["description"] is None


def test_unknown_township_and_location_are_sent_as_null(filled_form, admin):
    slots = filled_form(location="모름", township="모름", complaint_category="welfare_childcare")
    text, _ = submit(slots)
    landed = detail(admin, RECEIPT.search(text).group(1))
    assert landed["location"] is None and landed["township"] is None
    assert "주민복지과" in text


def test_priority_flags_are_set_and_said(filled_form, admin):
    slots = filled_form(description="마을 앞 도로에 싱크홀이 생겼어요. 80대 어르신들이 지나다니는 길이라 위험합니다.")
    text, _ = submit(slots)
    landed = detail(admin, RECEIPT.search(text).group(1))
    assert landed["urgent_safety"] is True and landed["elderly_or_disabled"] is True
    assert "안전사고 위험" in text and "어르신·장애인" in text

    slots = filled_form(description="가로등 하나가 깜빡거립니다.")
    text, _ = submit(slots)
    landed = detail(admin, RECEIPT.search(text).group(1))
    assert landed["urgent_safety"] is False and landed["elderly_or_disabled"] is False
    assert "안전사고 위험" not in text


def test_misconduct_goes_to_the_misconduct_department(filled_form, admin):
    slots = filled_form(
        complaint_kind="misconduct",
        complaint_category="general_admin",
        description="민원실 직원이 반말을 하고 서류를 던졌습니다.",
    )
    text, _ = submit(slots)
    landed = detail(admin, RECEIPT.search(text).group(1))
    assert landed["kind"] == "misconduct" and landed["department_id"] == "planning_audit"
    assert "기획감사실" in text


def test_reset_after_a_cancelled_form_clears_the_complaint_but_keeps_known_receipts(filled_form):
    slots = filled_form(known_receipts=["2026-000001"], verified_phone="010-1111-2222")
    messages, events = run_action(ActionResetComplaint(), make_tracker(slots=slots, text="그만할래요", intent="stop"))
    assert messages == []
    cleared = slots_of(events)
    for name in (
        "complaint_category",
        "category_confirmed",
        "description",
        "location",
        "township",
        "privacy_consent",
        "citizen_name",
        "phone",
        "complaint_nonce",
        "privacy_consent_at",
        "requested_slot",
    ):
        assert cleared[name] is None, name
    assert cleared["pending_submission"] is False
    assert "known_receipts" not in cleared and "verified_phone" not in cleared
