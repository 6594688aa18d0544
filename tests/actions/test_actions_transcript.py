"""What a complaint carries besides the form: the conversation it came from and the NLU's category prediction
(set by action_route_complaint from the message that named the problem, sent by action_submit_complaint)."""

from __future__ import annotations

import re
import time

from actions.route_complaint import ActionRouteComplaint
from actions.submit import ActionResetComplaint, ActionSubmitComplaint
from tests.support.trackers import bot_event, make_tracker, run_action, slots_of, texts_of, user_event

RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")
FIRST = "전곡역 앞 도로에 포트홀이 생겨서 위험해요"
# Parse data as Rasa sends it after the ComplaintRouter re-ranked a complaint: categories and other intents mixed.
PARSED = {
    "text": FIRST,
    "intent": {"name": "complaint_road_traffic", "confidence": 0.71},
    "intent_ranking": [
        {"name": "complaint_road_traffic", "confidence": 0.71},
        {"name": "greet", "confidence": 0.12},
        {"name": "complaint_water_sewer", "confidence": 0.08},
        {"name": "complaint_environment_waste", "confidence": 0.05},
        {"name": "nlu_fallback", "confidence": 0.03},
        {"name": "complaint_parks_forest", "confidence": 0.02},
        {"name": "complaint_building_urban", "confidence": 0.01},
    ],
    "entities": [],
}


def test_route_complaint_keeps_the_prediction_of_the_message():
    tracker = make_tracker(text=FIRST, latest_message=PARSED)
    _, events = run_action(ActionRouteComplaint(), tracker)
    prediction = slots_of(events)["complaint_prediction"]
    assert prediction == {
        "category": "road_traffic",
        "confidence": 0.71,
        "runner_ups": [
            {"category": "water_sewer", "confidence": 0.08},
            {"category": "environment_waste", "confidence": 0.05},
            {"category": "parks_forest", "confidence": 0.02},
        ],
    }


def conversation(phone: str):
    start = time.time() - 120
    return [
        user_event(FIRST, "complaint_road_traffic", ts=start, channel="kakao"),
        bot_event("말씀하신 내용은 '도로·교통' 분야 민원으로, 건설과(031-839-2221)에서 담당합니다.", ts=start + 1),
        bot_event("연락받으실 전화번호를 알려 주세요.", ts=start + 30),
        user_event(f"{phone}이요", ts=start + 40, channel="kakao"),
        bot_event("이대로 접수할까요?", ts=start + 60),
        user_event("네", "affirm", ts=start + 70, channel="kakao"),
    ]


def test_submit_sends_the_transcript_and_the_prediction(filled_form, admin):
    slots = filled_form(
        complaint_prediction={
            "category": "road_traffic",
            "confidence": 0.71,
            "runner_ups": [{"category": "water_sewer", "confidence": 0.08}],
        }
    )
    events = conversation(slots["phone"])
    tracker = make_tracker(slots=slots, events=events, text="네", intent="affirm", channel="kakao")
    messages, result = run_action(ActionSubmitComplaint(), tracker)
    receipt = RECEIPT.search(texts_of(messages)).group(1)

    masked = admin.get(f"/complaints/{receipt}").json()
    assert masked["channel"] == "kakao"
    assert masked["prediction"] == slots["complaint_prediction"]
    assert [t["sender"] for t in masked["transcript"]] == ["user", "bot", "bot", "user", "bot", "user"]
    assert masked["transcript"][0]["text"] == FIRST
    assert slots["phone"] not in masked["transcript"][3]["text"] and "****" in masked["transcript"][3]["text"]

    revealed = admin.get(f"/complaints/{receipt}", params={"reason": "챗봇 액션 테스트"}).json()
    assert revealed["transcript"][3]["text"] == f"{slots['phone']}이요"
    times = [t["timestamp"] for t in revealed["transcript"]]
    assert times == sorted(times) and all(t.endswith("+09:00") for t in times)
    # The prediction is forgotten with the rest of the complaint.
    assert slots_of(result)["complaint_prediction"] is None


def test_without_a_prediction_the_complaint_is_filed_without_one(filled_form, admin):
    slots = filled_form()  # e.g. the citizen said "민원 접수할게요" and picked the category from the buttons
    messages, _ = run_action(ActionSubmitComplaint(), make_tracker(slots=slots, text="네", intent="affirm"))
    landed = admin.get(f"/complaints/{RECEIPT.search(texts_of(messages)).group(1)}").json()
    assert landed["prediction"] is None and [t["text"] for t in landed["transcript"]] == ["네"]


def test_a_cancelled_complaint_forgets_its_prediction(filled_form):
    slots = filled_form(complaint_prediction={"category": "road_traffic", "confidence": 0.71, "runner_ups": []})
    _, events = run_action(ActionResetComplaint(), make_tracker(slots=slots, text="그만할래요", intent="stop"))
    assert slots_of(events)["complaint_prediction"] is None
