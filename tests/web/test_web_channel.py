"""Rasa's web channel (bot/channels/web.py) as the widget calls it: validation, the channel name the actions
record, and a retried message answered without being handled twice."""

from __future__ import annotations

import base64
import secrets

import httpx


def new_id() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).rstrip(b"=").decode()


def post(stack, **body) -> httpx.Response:
    return httpx.post(stack["rasa"] + "/webhooks/web/webhook", json=body, timeout=60)


def user_events(stack, sender: str) -> list[dict]:
    tracker = httpx.get(
        f"{stack['rasa']}/conversations/{sender}/tracker", params={"token": stack["rasa_token"]}, timeout=10
    ).json()
    return [e for e in tracker["events"] if e.get("event") == "user"]


def test_malformed_requests_get_a_clear_korean_400(stack):
    ok = {"sender": new_id(), "message": "안녕하세요", "message_id": new_id()}
    cases = [
        ({**ok, "sender": "citizen-1"}, "대화 ID"),  # guessable, too short
        ({**ok, "sender": None}, "대화 ID"),
        ({**ok, "message_id": "x"}, "메시지 ID"),
        ({**ok, "message": "   "}, "메시지를 입력해"),
        ({**ok, "message": 42}, "메시지를 입력해"),
        ({**ok, "message": "가" * 2001}, "2,000자 이하"),
    ]
    for body, words in cases:
        r = post(stack, **body)
        assert r.status_code == 400 and words in r.json()["error"], (body, r.text)
    r = httpx.post(
        stack["rasa"] + "/webhooks/web/webhook",
        content=b"not json",
        timeout=10,
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400 and "JSON" in r.json()["error"]
    assert post(stack, **{**ok, "message": "가로등 " + "가" * 1990}).status_code == 200


def test_a_retry_gets_the_same_answer_and_the_message_is_handled_once(stack):
    sender, message_id = new_id(), new_id()
    first = post(stack, sender=sender, message="집 앞 가로등이 며칠째 꺼져 있어요", message_id=message_id, retry=False)
    again = post(stack, sender=sender, message="집 앞 가로등이 며칠째 꺼져 있어요", message_id=message_id, retry=True)
    assert first.status_code == again.status_code == 200 and first.json() == again.json() and first.json()
    events = user_events(stack, sender)
    assert len(events) == 1 and events[0]["input_channel"] == "web" and events[0]["message_id"] == message_id


def test_cors_lets_the_homepage_call_the_bot(stack):
    r = httpx.options(
        stack["rasa"] + "/webhooks/web/webhook",
        timeout=10,
        headers={
            "Origin": stack["api"],
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code in (200, 204) and r.headers.get("access-control-allow-origin") in ("*", stack["api"])
