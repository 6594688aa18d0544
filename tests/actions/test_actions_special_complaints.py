"""action_handle_abuse and action_fallback: when the bot warns, asks again, or escalates."""

from __future__ import annotations

import pytest

from actions.fallback import ActionFallback
from actions.special_complaints import ActionHandleAbuse, severity_of
from tests.support.trackers import bot_event, make_tracker, run_action, slots_of, texts_of, user_event


@pytest.mark.parametrize(
    "text,expected",
    [
        ("군청에 찾아가서 가만 안 둔다", "threat"),
        ("가만안둬 진짜", "threat"),
        ("불 질러버릴 거야", "threat"),
        ("칼 들고 간다", "threat"),
        ("상담하는 여자 몸매 좋냐", "sexual_harassment"),
        ("ㅅㅂ 일 안 하냐", None),
        ("세금도둑놈들", None),
        ("불이 났어요 빨리 와 주세요", None),  # an emergency, not a threat
    ],
)
def test_severity(text, expected):
    assert severity_of(text) == expected


def test_first_abuse_gets_a_calm_warning_only():
    messages, events = run_action(ActionHandleAbuse(), make_tracker(text="ㅅㅂ 일 안 하냐", intent="abuse"))
    assert "기록되고 있습니다" in texts_of(messages)
    assert slots_of(events) == {"abuse_escalated": False}


def test_repeated_abuse_escalates_as_repetition():
    events = [
        user_event("ㅅㅂ", "abuse"),
        bot_event("상담 내용은 기록되고 있습니다."),
        user_event("세금도둑놈들", "abuse"),
    ]
    messages, result = run_action(ActionHandleAbuse(), make_tracker(text="세금도둑놈들", intent="abuse", events=events))
    assert messages == []  # action_handoff says the closing words
    assert slots_of(result) == {"abuse_escalated": True, "handoff_reason": "repetition"}


def test_abuse_in_an_earlier_session_does_not_count():
    events = [user_event("ㅅㅂ", "abuse"), {"event": "session_started"}, user_event("미친", "abuse")]
    _, result = run_action(ActionHandleAbuse(), make_tracker(text="미친", intent="abuse", events=events))
    assert slots_of(result) == {"abuse_escalated": False}


def test_a_threat_escalates_at_once():
    _, result = run_action(ActionHandleAbuse(), make_tracker(text="찾아가서 죽여버린다", intent="abuse"))
    assert slots_of(result) == {"abuse_escalated": True, "handoff_reason": "threat"}


def test_one_misunderstanding_asks_again_two_go_to_a_person():
    messages, result = run_action(ActionFallback(), make_tracker(text="ㅁㄴㅇㄹ", intent="nlu_fallback"))
    assert messages[0]["response"] == "utter_default" and slots_of(result) == {"fallback_repeated": False}

    events = [
        user_event("ㅁㄴㅇㄹ", "nlu_fallback"),
        bot_event("다시 말씀해 주세요"),
        user_event("qwer", "nlu_fallback"),
    ]
    messages, result = run_action(ActionFallback(), make_tracker(text="qwer", intent="nlu_fallback", events=events))
    assert "담당 직원" in texts_of(messages)
    assert slots_of(result) == {"fallback_repeated": True, "handoff_reason": "fallback"}

    # Understood in between: the count starts again.
    events = [
        user_event("ㅁㄴㅇㄹ", "nlu_fallback"),
        user_event("안녕하세요", "greet"),
        user_event("qwer", "nlu_fallback"),
    ]
    _, result = run_action(ActionFallback(), make_tracker(text="qwer", intent="nlu_fallback", events=events))
    assert slots_of(result) == {"fallback_repeated": False}
