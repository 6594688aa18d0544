"""validate_complaint_form and the action_ask_* questions (no API calls)."""

from __future__ import annotations

import pytest

from actions.common import FORM_SLOTS
from actions.complaint_form import (
    ActionAskCategoryConfirmed,
    ActionAskComplaintCategory,
    ActionAskPrivacyConsent,
    ActionAskSummaryConfirmed,
    ValidateComplaintForm,
    parse_yes_no,
)
from actions.route_complaint import ActionRouteComplaint
from tests.support.trackers import entity, make_tracker, run_action, slot_event, slots_of, texts_of, user_event

# The part of domain.yml the validation action reads.
DOMAIN = {
    "forms": {"complaint_form": {"required_slots": list(FORM_SLOTS)}},
    "slots": {name: {"type": "any", "mappings": [{"type": "custom"}]} for name in FORM_SLOTS},
}


def validate(slots, candidates, text="", intent="", entities=None):
    """Run validate_complaint_form as Rasa does: current slots plus freshly extracted candidates at the end."""
    events = [user_event(text, intent, entities)] + [slot_event(k, v) for k, v in candidates.items()]
    tracker = make_tracker(
        slots={**slots, **candidates},
        text=text,
        intent=intent,
        entities=entities,
        events=events,
        active_loop="complaint_form",
    )
    messages, result = run_action(ValidateComplaintForm(), tracker, DOMAIN)
    return texts_of(messages), slots_of(result)


def first_empty_slot(slots):
    """The slot Rasa's form asks for next when the validation action leaves the choice to it."""
    return next((name for name in FORM_SLOTS if slots.get(name) is None), None)


BEFORE_CONSENT = {
    "complaint_category": "road_traffic",
    "category_confirmed": True,
    "description": "도로가 파손되어 위험합니다.",
    "location": "전곡역 앞",
    "township": "전곡읍",
    "requested_slot": "privacy_consent",
}


def test_nonce_set_when_the_form_starts_and_kept_afterwards():
    _, slots = validate({"requested_slot": None}, {})
    assert len(slots["complaint_nonce"]) == 32
    _, slots = validate(
        {"complaint_nonce": "abc", "requested_slot": "description"}, {"description": "물이 새요 도와주세요"}
    )
    assert "complaint_nonce" not in slots


def test_name_and_phone_are_not_asked_before_consent():
    _, slots = validate({**BEFORE_CONSENT, "privacy_consent": None, "requested_slot": "township"}, {"township": "전곡"})
    assert slots["township"] == "전곡읍"
    assert slots["requested_slot"] == "privacy_consent"


def test_consent_given_then_name_is_asked():
    _, slots = validate(BEFORE_CONSENT, {"privacy_consent": True})
    assert slots["privacy_consent"] is True and slots["privacy_consent_at"]
    # After consent the form's own order applies (the full domain list): the action leaves the next question
    # to Rasa, which asks for the first empty slot of that list.
    assert "requested_slot" not in slots
    assert first_empty_slot({**BEFORE_CONSENT, **slots}) == "citizen_name"


def test_consent_refused_ends_the_form_with_an_explanation():
    text, slots = validate(BEFORE_CONSENT, {"privacy_consent": False})
    assert slots["privacy_consent"] is False
    assert slots["requested_slot"] is None  # nothing left to ask: the form ends
    assert "citizen_name" not in slots and "phone" not in slots
    assert "민원 처리에 관한 법률" in text
    assert "건설과(031-839-2221)" in text  # the department to call instead
    assert "의견" in text  # a general suggestion without contact details


def test_unclear_consent_is_asked_again():
    text, slots = validate(BEFORE_CONSENT, {"privacy_consent": "글쎄요 뭐에 쓰는데요"})
    assert slots["privacy_consent"] is None
    assert "동의합니다" in text


def test_words_decide_a_yes_no_answer_before_the_intent():
    # The classifier took "동의함" for deny once; the words say yes.
    _, slots = validate(
        {**BEFORE_CONSENT, "privacy_consent": None}, {"privacy_consent": "동의함"}, text="동의함", intent="deny"
    )
    assert slots["privacy_consent"] is True
    _, slots = validate(
        {**BEFORE_CONSENT, "privacy_consent": None},
        {"privacy_consent": "개인정보는 좀"},
        text="개인정보는 좀",
        intent="refuse_personal_info",
    )
    assert slots["privacy_consent"] is False
    _, slots = validate(
        {**BEFORE_CONSENT, "requested_slot": "category_confirmed", "category_confirmed": None},
        {"category_confirmed": "넹"},
        text="넹",
        intent="nlu_fallback",
    )
    assert slots["category_confirmed"] is True
    _, slots = validate(
        {**BEFORE_CONSENT, "requested_slot": "category_confirmed", "category_confirmed": None},
        {"category_confirmed": "/affirm"},
        text="/affirm",
        intent="affirm",
    )  # a button
    assert slots["category_confirmed"] is True


def test_a_place_answer_taken_for_an_faq_is_still_the_place():
    place = [entity("location", "청산면"), entity("township", "청산면")]
    asked = {**BEFORE_CONSENT, "location": None, "township": None, "requested_slot": "location"}
    _, slots = validate(asked, {}, text="청산면사무소 뒷길", intent="faq", entities=place)
    assert slots["location"] == "청산면사무소 뒷길" and slots["township"] == "청산면"
    # A real question mid-form is left to the FAQ rule (nothing filled, the form is rejected).
    _, slots = validate(asked, {}, text="청산면사무소 몇 시까지 해요?", intent="faq", entities=place)
    assert "location" not in slots


def test_yes_no_parsing():
    assert parse_yes_no("동의합니다") is True
    assert parse_yes_no("네") is True
    assert parse_yes_no("동의하지 않습니다") is False
    assert parse_yes_no("동의 안 함") is False
    assert parse_yes_no("동의 안 합니다") is False  # was read as consent: "동의" opens the sentence
    assert parse_yes_no("동의 안 할게요") is False
    assert parse_yes_no("아니요") is False
    assert parse_yes_no("음") is None


def test_name_and_phone_validation_after_consent():
    after = {**BEFORE_CONSENT, "privacy_consent": True, "requested_slot": "citizen_name"}
    text, slots = validate(after, {"citizen_name": "<b>홍길동</b>"})
    assert slots["citizen_name"] is None and "2~20자" in text
    _, slots = validate(after, {"citizen_name": "홍길동입니다"})
    assert slots["citizen_name"] == "홍길동"
    after = {**after, "citizen_name": "홍길동", "requested_slot": "phone"}
    text, slots = validate(after, {"phone": "1234"})
    assert slots["phone"] is None and "010-1234-5678" in text
    _, slots = validate(after, {"phone": "01098765432"})
    assert slots["phone"] == "010-9876-5432"
    # Not complete yet and not ended: summary_confirmed is still empty, so Rasa's form asks for it (shows the
    # summary).
    assert "summary_confirmed" not in slots and "requested_slot" not in slots
    assert first_empty_slot({**after, **slots}) == "summary_confirmed"


COMPLETE = {
    **BEFORE_CONSENT,
    "privacy_consent": True,
    "citizen_name": "홍길동",
    "phone": "010-9876-5432",
    "requested_slot": "summary_confirmed",
}


def test_summary_confirmed_completes_the_form():
    _, slots = validate(COMPLETE, {"summary_confirmed": "네 맞아요"})
    assert slots["summary_confirmed"] is True
    assert slots.get("requested_slot") is None  # complete (Rasa ends the form: every slot is filled)


@pytest.mark.parametrize("intent", ["nlu_fallback", "deny", "affirm", "complaint_road_traffic", "check_status"])
def test_a_correction_at_the_summary_is_read_from_the_words_whatever_its_label(intent):
    # A model trained on another machine may label this line differently; the form must not care.
    text, slots = validate(COMPLETE, {"summary_confirmed": "아 주소를 잘못 말했어요"}, intent=intent)
    assert "장소" in text and slots["location"] is None and slots["summary_confirmed"] is None


def test_a_correction_at_the_summary_asks_that_field_again():
    text, slots = validate(COMPLETE, {"summary_confirmed": "전화번호 잘못 적었네요"})
    assert slots["phone"] is None and "location" not in slots
    _, slots = validate(COMPLETE, {"summary_confirmed": "분야가 틀렸어요"})
    assert slots["complaint_category"] is None and slots["category_confirmed"] is None


def test_no_at_the_summary_asks_what_to_correct():
    text, slots = validate(COMPLETE, {"summary_confirmed": "아니요"}, intent="deny")
    assert "어느 부분을 고칠까요" in text and slots["summary_confirmed"] is None
    text, slots = validate(COMPLETE, {"summary_confirmed": "음"})
    assert "'네'라고" in text and slots["summary_confirmed"] is None


def test_description_cleaned_and_long_text_cut_with_notice():
    base = {"complaint_category": "road_traffic", "category_confirmed": True, "requested_slot": "description"}
    _, slots = validate(base, {"description": "<p>하수구가   <b>막혔어요</b></p>"})
    assert slots["description"] == "하수구가 막혔어요"
    text, slots = validate(base, {"description": "가" * 10_000})
    assert len(slots["description"]) == 5000 and "5,000자" in text
    text, slots = validate(base, {"description": "😡😡😡"})
    assert slots["description"] is None and "자세히" in text
    sql = "'; DROP TABLE complaints; -- 도로 보수 요청"
    _, slots = validate(base, {"description": sql})
    assert slots["description"] == sql


def test_location_fills_township_and_unknown_is_accepted():
    base = {
        "complaint_category": "road_traffic",
        "category_confirmed": True,
        "description": "포트홀이 있어요",
        "requested_slot": "location",
    }
    _, slots = validate(base, {"location": "은대리 마을회관 앞"})
    assert slots["location"] == "은대리 마을회관 앞" and slots["township"] == "전곡읍"
    assert slots["requested_slot"] == "privacy_consent"
    _, slots = validate(base, {"location": "잘 모르겠어요"})
    assert slots["location"] == "모름" and slots["requested_slot"] == "township"
    text, slots = validate({**base, "location": "어딘가", "requested_slot": "township"}, {"township": "서울"})
    assert slots["township"] is None and "전곡읍" in text


def test_category_denied_then_chosen_from_the_list():
    base = {"complaint_category": "road_traffic", "requested_slot": "category_confirmed"}
    text, slots = validate(base, {"category_confirmed": False})
    assert slots["complaint_category"] is None and slots["requested_slot"] == "complaint_category"
    # The citizen answers with a number from the list: extracted, and no second confirmation.
    tracker_slots = {"complaint_category": None, "category_confirmed": None, "requested_slot": "complaint_category"}
    events = [user_event("3", "nlu_fallback")]
    tracker = make_tracker(
        slots=tracker_slots, text="3", intent="nlu_fallback", events=events, active_loop="complaint_form"
    )
    _, result = run_action(ValidateComplaintForm(), tracker, DOMAIN)
    slots = slots_of(result)
    assert slots["complaint_category"] == "water_sewer" and slots["category_confirmed"] is True
    assert slots["requested_slot"] == "description"


def test_category_from_a_complaint_intent_also_fills_the_description():
    tracker_slots = {"requested_slot": "complaint_category"}
    text = "우리 집 앞 하수구가 막혀서 물이 역류하고 있어요"
    tracker = make_tracker(
        slots=tracker_slots,
        text=text,
        intent="complaint_water_sewer",
        events=[user_event(text)],
        active_loop="complaint_form",
    )
    _, result = run_action(ValidateComplaintForm(), tracker, DOMAIN)
    slots = slots_of(result)
    assert slots["complaint_category"] == "water_sewer" and slots["description"] == text
    assert slots["requested_slot"] == "category_confirmed"


def test_questions():
    messages, _ = run_action(ActionAskComplaintCategory(), make_tracker())
    assert "14. 일반행정·기타" in texts_of(messages)
    messages, _ = run_action(
        ActionAskCategoryConfirmed(), make_tracker(slots={"complaint_category": "environment_waste"})
    )
    assert "'환경·청소' 분야 민원으로 환경보호과에" in texts_of(messages)
    messages, _ = run_action(ActionAskPrivacyConsent(), make_tracker())
    assert "수집 항목: 이름, 연락처" in texts_of(messages) and messages[0]["buttons"]
    messages, _ = run_action(ActionAskSummaryConfirmed(), make_tracker(slots=COMPLETE))
    summary = texts_of(messages)
    assert "도로·교통" in summary and "건설과" in summary and "전곡역 앞 / 읍·면: 전곡읍" in summary
    assert "홍길동 / 연락처: 010-9876-5432" in summary and "이대로 접수할까요" in summary


def test_route_complaint_prefills_the_form():
    text = "전곡역 앞 도로에 포트홀이 생겨서 위험해요"
    tracker = make_tracker(text=text, intent="complaint_road_traffic", entities=[entity("location", "전곡역 앞")])
    messages, events = run_action(ActionRouteComplaint(), tracker)
    slots = slots_of(events)
    assert "건설과(031-839-2221)" in texts_of(messages)
    assert slots == {
        "complaint_category": "road_traffic",
        "description": text,
        "location": "전곡역 앞",
        "township": "전곡읍",
        "complaint_prediction": {"category": "road_traffic", "confidence": 0.9, "runner_ups": []},
    }


def test_status_form_collects_receipt_and_phone():
    from actions.status_form import ValidateStatusForm

    domain = {"forms": {"status_form": {"required_slots": ["receipt_number", "phone"]}}}

    def run(slots, candidates):
        events = [user_event("x")] + [slot_event(k, v) for k, v in candidates.items()]
        tracker = make_tracker(slots={**slots, **candidates}, events=events, active_loop="status_form")
        messages, result = run_action(ValidateStatusForm(), tracker, domain)
        return texts_of(messages), slots_of(result)

    text, slots = run({"requested_slot": "receipt_number"}, {"receipt_number": "접수번호는 2026000123"})
    assert slots["receipt_number"] == "2026-000123"
    text, slots = run({"requested_slot": "phone", "receipt_number": "2026-000123"}, {"phone": "5678"})
    assert slots["phone"] == "5678"
    text, slots = run({"requested_slot": "phone", "receipt_number": "2026-000123"}, {"phone": "몰라요"})
    assert slots["phone"] is None and "뒤 4자리" in text
    # A phone verified earlier in the conversation is not asked again.
    text, slots = run(
        {"requested_slot": "receipt_number", "verified_phone": "010-1234-5678"}, {"receipt_number": "2026-000123"}
    )
    assert slots["requested_slot"] is None


def test_misconduct_report_is_prepared_as_misconduct():
    text = "민원실 직원이 반말하고 서류를 던졌어요. 너무 불쾌했습니다"
    messages, events = run_action(ActionRouteComplaint(), make_tracker(text=text, intent="report_staff_misconduct"))
    assert "기획감사실(031-839-2021)" in texts_of(messages)
    # The compensation procedure and standard from the county file.
    assert (
        "불만 접수(주관부서) → 담당자 배정(1일 이내) → 분야별 담당자 확인·조사(2일 이내) → 조사결과 확인(2일 이내) → "
        "시정·개선 조치(3일) → 조치 결과 통보"
    ) in texts_of(messages)
    # The standard's compensation: 문화상품권, 5,000원 only for a repeat visit within the county.
    assert "보상 기준: 조사 결과" in texts_of(messages) and "문화상품권" in texts_of(messages)
    assert "관내 5,000원·기타 지역 10,000원" in texts_of(messages) and "지역화폐" not in texts_of(messages)
    assert slots_of(events) == {
        "complaint_kind": "misconduct",
        "complaint_category": "general_admin",
        "category_confirmed": True,
        "description": text,
    }
