"""The end-of-chat rating: asked once on goodbye after a complaint was filed or checked, the answer read by its
words (score and comment, or a skip), recorded once per conversation in the API."""

from __future__ import annotations

import uuid

from actions.chat_rating import (
    ActionAskChatRating,
    ActionEndChat,
    ActionRecordChatRating,
    ValidateChatRatingForm,
    read_answer,
)
from tests.support.trackers import make_tracker, run_action, slots_of, texts_of


def test_answers_are_read_by_their_words():
    assert read_answer("5 친절했어요") == (5, "친절했어요")
    assert read_answer("4점") == (4, None)
    assert read_answer(" 3점, 보통이었어요 ") == (3, "보통이었어요")
    assert read_answer("다섯 점이요") == (5, None)
    for no_score in ("건너뛰기", "괜찮아요", "10점", "0", "6 좋아요", "", "<script>", "🙂"):
        assert read_answer(no_score) == (None, None), no_score


def test_goodbye_asks_once_and_only_after_a_complaint():
    messages, events = run_action(ActionEndChat(), make_tracker(text="안녕히 계세요", intent="goodbye"))
    assert events == [] and messages[0]["response"] == "utter_goodbye"
    filed = {"known_receipts": ["2026-000123"]}
    messages, events = run_action(ActionEndChat(), make_tracker(filed, text="안녕히 계세요", intent="goodbye"))
    assert messages == [] and slots_of(events) == {"chat_rating_state": "offered"}
    assert {"event": "followup", "name": "chat_rating_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]
    for state in ("offered", "done"):  # never twice in a conversation
        messages, events = run_action(
            ActionEndChat(), make_tracker({**filed, "chat_rating_state": state}, text="잘 있어요", intent="goodbye")
        )
        assert events == [] and messages[0]["response"] == "utter_goodbye"
    messages, _ = run_action(ActionAskChatRating(), make_tracker(filed))
    assert "1점(매우 불만족)부터 5점(매우 만족)" in texts_of(messages)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["5", "4", "3", "2", "1", "건너뛰기"]


def _answer(text: str, sender: str):
    tracker = make_tracker(
        {"known_receipts": ["2026-000123"], "chat_rating_state": "offered", "requested_slot": "chat_rating"},
        text=text,
        sender_id=sender,
    )
    slots = ValidateChatRatingForm().validate_chat_rating(text, None, tracker, {})
    tracker = make_tracker({"chat_rating_state": "offered", **slots}, text=text, sender_id=sender)
    return run_action(ActionRecordChatRating(), tracker)


def test_a_score_and_comment_are_recorded_once_per_conversation(service):
    sender = f"rating-{uuid.uuid4().hex[:12]}"
    messages, events = _answer("4 빠르게 접수돼서 좋았어요. 010-1234-5678", sender)
    assert "평가해 주셔서 감사합니다" in texts_of(messages)
    assert slots_of(events) == {"chat_rating_state": "done", "chat_rating": None}
    again = service.post("/chat-ratings", json={"conversation_id": sender, "channel": "rest", "score": 1})
    assert again.status_code == 409
    # A second answer in the same conversation (a retried turn) changes nothing and still ends politely.
    messages, _ = _answer("1", sender)
    assert "평가를 저장하지 못했지만" in texts_of(messages)


def test_a_skip_records_nothing(service):
    sender = f"rating-{uuid.uuid4().hex[:12]}"
    messages, events = _answer("건너뛰기", sender)
    assert "이용해 주셔서 감사합니다" in texts_of(messages) and slots_of(events)["chat_rating_state"] == "done"
    first = service.post("/chat-ratings", json={"conversation_id": sender, "channel": "kakao", "score": 5})
    assert first.status_code == 201  # nothing was stored for this conversation before


def test_bad_ratings_are_refused_by_the_api(service):
    for body in (
        {"conversation_id": "x", "channel": "rest", "score": 0},
        {"conversation_id": "", "channel": "rest", "score": 3},
        {"conversation_id": "y", "channel": "fax", "score": 3},
    ):
        assert service.post("/chat-ratings", json=body).status_code == 422
    assert service.post(
        "/chat-ratings", json={"conversation_id": "z", "channel": "rest", "score": 3}, headers={"Authorization": ""}
    ).status_code in (401, 403)
