"""The web channel rebuilds a retried message's answer from the tracker (another replica or a restart handled
the first request), as the REST channel would have sent it."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot.channels.web import WebInput, answer_from_tracker


def test_the_answer_to_a_message_id_is_the_bot_messages_that_followed_it():
    buttons = [{"title": "네", "payload": "/affirm"}, {"title": "아니요", "payload": "/deny"}]
    events = [
        UserUttered("안녕하세요", message_id="m-first-0001"),
        BotUttered("안녕하세요. 무엇을 도와드릴까요?"),
        ActionExecuted("action_listen"),
        UserUttered("가로등이 꺼졌어요", message_id="m-second-002"),
        SlotSet("complaint_category", "road_traffic"),
        BotUttered("도로·교통 분야로 접수할까요?", data={"buttons": buttons}),
        BotUttered(None, data={"custom": {"handoff": {"id": 3, "token": "t"}}}),
        ActionExecuted("action_listen"),
        UserUttered("네", message_id="m-third-0003"),
        BotUttered("접수했습니다."),
    ]
    assert answer_from_tracker(events, "s", "m-second-002") == [
        {"recipient_id": "s", "text": "도로·교통 분야로 접수할까요?", "buttons": buttons},
        {"recipient_id": "s", "custom": {"handoff": {"id": 3, "token": "t"}}},
    ]
    assert answer_from_tracker(events, "s", "m-first-0001") == [
        {"recipient_id": "s", "text": "안녕하세요. 무엇을 도와드릴까요?"}
    ]
    assert answer_from_tracker(events, "s", "m-unknown-00") is None


def test_the_channel_is_named_web_so_the_actions_record_web():
    assert WebInput.name() == "web"
