"""Handoff and 특이민원 through the REST channel, with the API's clock in office hours."""

from __future__ import annotations

import time

import httpx


def handoffs_of(admin, sender: str):
    r = admin.get("/handoffs", params={"limit": 200})
    assert r.status_code == 200, r.text
    return [h for h in r.json()["items"] if h["conversation_id"] == sender]


def test_a_person_takes_over_and_the_bot_stays_silent_until_the_handoff_is_closed(
    conversation, admin, rasa_server, rasa_headers
):
    reply = conversation.say("상담원 연결해 주세요")
    assert "담당 직원에게 연결" in reply, conversation.transcript()
    [handoff] = handoffs_of(admin, conversation.sender)
    assert handoff["reason"] == "request_human" and not handoff["flagged"]

    # The officer is answering now: the bot says nothing, but the message is kept in the conversation.
    assert conversation.say("여보세요 계세요?") == ""
    tracker_url = f"{rasa_server}/conversations/{conversation.sender}/tracker"
    events = httpx.get(tracker_url, headers=rasa_headers, timeout=10).json()["events"]
    assert any(e.get("event") == "user" and e.get("text") == "여보세요 계세요?" for e in events)

    r = admin.post(f"/handoffs/{handoff['id']}/close", json={"note": "전화로 안내 완료"})
    assert r.status_code == 200, r.text
    for _ in range(50):  # the API resumes the conversation in the background, right after answering
        tracker = httpx.get(tracker_url, headers=rasa_headers, timeout=10).json()
        if not tracker.get("paused"):
            break
        time.sleep(0.1)
    assert "별말씀을요" in conversation.say("감사합니다"), conversation.transcript()


def test_abuse_gets_one_warning_then_the_conversation_ends_flagged(conversation, admin):
    reply = conversation.say("이 멍청한 공무원 놈들아 일 좀 똑바로 해")
    assert "기록되고 있습니다" in reply, conversation.transcript()
    assert handoffs_of(admin, conversation.sender) == []  # a first outburst is only a warning

    reply = conversation.say("세금도둑놈들 진짜")
    assert "여기서 마치겠습니다" in reply, conversation.transcript()
    [handoff] = handoffs_of(admin, conversation.sender)
    assert handoff["flagged"] and handoff["reason"] == "repetition"


def test_a_threat_is_flagged_at_once(conversation, admin):
    reply = conversation.say("군청에 찾아가서 가만 안 둔다")
    assert "여기서 마치겠습니다" in reply, conversation.transcript()
    [handoff] = handoffs_of(admin, conversation.sender)
    assert handoff["flagged"] and handoff["reason"] == "threat"


def test_an_emergency_is_answered_before_anything_else(conversation):
    reply = conversation.say("옆집에서 가스 냄새가 엄청 나요")
    assert "119" in reply, conversation.transcript()
