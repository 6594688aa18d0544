"""action_check_status against the real API."""

from __future__ import annotations

import uuid

from actions.api_client import get_client
from actions.status import ActionCheckStatus
from tests.support.bot_api import complaint_payload
from tests.support.trackers import entity, make_tracker, run_action, slots_of, texts_of, unique_phone


def file(phone, **overrides):
    created = get_client().create_complaint(complaint_payload(phone, **overrides), f"test:{uuid.uuid4().hex}")
    return created["receipt_number"]


def check(text="", entities=None, slots=None):
    tracker = make_tracker(slots=slots or {}, text=text, intent="check_status", entities=entities or [])
    messages, events = run_action(ActionCheckStatus(), tracker)
    return texts_of(messages), slots_of(events)


def test_receipt_and_phone_read_back_in_plain_korean():
    phone = unique_phone()
    receipt = file(phone)
    text, slots = check(
        f"{receipt} {phone} 처리 어떻게 됐어요?", [entity("receipt_number", receipt), entity("phone", phone)]
    )
    assert f"접수번호 {receipt}" in text
    assert "현재 단계: 접수" in text and "건설과(031-839-2221)" in text
    assert "처리 기한:" in text and "년" in text
    assert slots["known_receipts"] == [receipt] and slots["verified_phone"] == phone


def test_last_four_digits_in_answer_to_the_phone_question():
    phone = unique_phone()
    receipt = file(phone)
    text, slots = check("2026 접수번호 알려드릴게요", [entity("receipt_number", receipt)])
    assert "전화번호" in text  # asked for the phone
    text, slots = check(phone[-4:], slots={"receipt_number": receipt})
    assert f"접수번호 {receipt}" in text
    assert "verified_phone" not in slots  # 4 digits do not unlock listing by phone


def test_wrong_pair_reveals_nothing():
    phone = unique_phone()
    receipt = file(phone)
    wrong_phone, _ = check("", [entity("receipt_number", receipt), entity("phone", "010-9999-0000")])
    no_such, slots = check("", [entity("receipt_number", "2026-999999"), entity("phone", phone)])
    assert wrong_phone == no_such  # the same words whether the number exists or not
    assert "확인되는 민원이 없습니다" in wrong_phone
    assert receipt not in wrong_phone and "건설과" not in wrong_phone
    assert slots["receipt_number"] is None and slots["phone"] is None


def test_several_complaints_of_a_verified_phone_are_listed():
    phone = unique_phone()
    first = file(phone)
    second = file(phone, category="environment_waste", description="쓰레기가 수거되지 않았습니다.")
    text, slots = check("", [entity("receipt_number", first), entity("phone", phone)])
    assert f"접수번호 {first}" in text and "다른 민원도 1건" in text and second in text
    assert set(slots["known_receipts"]) == {first, second}
    # Later in the conversation the verified phone alone is enough to list everything.
    text, _ = check("제 민원들 어떻게 됐나요", [entity("phone", phone)], slots={"verified_phone": phone})
    assert "2건" in text and first in text and second in text and "환경·청소" in text


def test_unverified_phone_alone_lists_nothing():
    phone = unique_phone()
    receipt = file(phone)
    text, _ = check("", [entity("phone", phone)])
    assert receipt not in text and "접수번호" in text  # asked for the receipt number instead


def test_nothing_given_asks_for_both():
    text, _ = check("민원 처리 현황 알고 싶어요")
    assert "접수번호" in text and "전화번호" in text


def test_api_down(monkeypatch, closed_port_url):
    monkeypatch.setenv("API_URL", closed_port_url)
    text, slots = check("", [entity("receipt_number", "2026-000001"), entity("phone", "010-1234-5678")])
    assert "연결되지 않아" in text and "031-839-2114" in text
    assert slots["receipt_number"] == "2026-000001"  # kept for a later try


def test_during_the_complaint_form_an_unproven_phone_is_not_asked_for_and_the_forms_phone_is_kept():
    phone = unique_phone()
    receipt = file(phone)
    tracker = make_tracker(
        slots={"phone": phone},
        text=receipt,
        intent="check_status",
        active_loop="complaint_form",
        entities=[entity("receipt_number", receipt)],
    )
    messages, events = run_action(ActionCheckStatus(), tracker)
    text, slots = texts_of(messages), slots_of(events)
    assert "접수를 먼저 마치신 뒤" in text and receipt not in text
    assert "phone" not in slots and slots["receipt_number"] == receipt


def test_during_the_complaint_form_a_phone_proven_earlier_answers_at_once():
    phone = unique_phone()
    receipt = file(phone)
    tracker = make_tracker(
        slots={"verified_phone": phone, "phone": "010-0000-0000"},
        text=receipt,
        intent="check_status",
        active_loop="callback_form",
        entities=[entity("receipt_number", receipt)],
    )
    messages, events = run_action(ActionCheckStatus(), tracker)
    assert f"접수번호 {receipt}" in texts_of(messages)
    assert "phone" not in slots_of(events)
