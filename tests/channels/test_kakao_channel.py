"""The KakaoTalk channel on a running Rasa server (trained model, action server, real API in office hours):
the sample payloads and their variations, the shared secret, a complaint filed through quick replies, a
retried request, and a handoff that takes a callback number instead of pausing the chat."""

from __future__ import annotations

import json
import random
import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bot.channels import kakao
from tests.channels.kakao_client import (
    SECRET,
    SECRET_HEADER,
    KakaoCitizen,
    assert_skill_response,
    outputs_text,
    rasa_server,
    replies_of,
    sample,
    tracker_of,
)

# A running Rasa server with the trained model: left out of `make test-fast`.
pytestmark = pytest.mark.model

RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")


@pytest.fixture(scope="module")
def rasa_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("rasa-kakao")


@pytest.fixture(scope="module")
def rasa(action_server, rasa_dir):
    # The tests' callback receivers are on loopback, which the channel refuses unless it is named.
    with rasa_server(action_server, rasa_dir, time_budget=4.0, extra_env={"KAKAO_CALLBACK_HOSTS": "127.0.0.1"}) as url:
        yield url


@pytest.fixture
def citizen(rasa):
    return KakaoCitizen(rasa)


def text_only(text: str):
    return {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": text}}]}}


def post_raw(rasa, body: bytes, headers=None):
    return httpx.post(
        f"{rasa}/webhooks/kakao/webhook",
        content=body,
        timeout=30,
        headers={"Content-Type": "application/json", SECRET_HEADER: SECRET, **(headers or {})},
    )


def test_health(rasa):
    assert httpx.get(f"{rasa}/webhooks/kakao/", timeout=10).json() == {"status": "ok"}


def test_the_sample_payload_gets_a_skill_response(rasa):
    r = post_raw(rasa, json.dumps(sample()).encode())
    assert r.status_code == 200, r.text
    body = r.json()
    assert_skill_response(body)
    assert "useCallback" not in body


def test_the_sample_with_a_callback_url_answered_in_time_needs_no_callback(rasa, citizen):
    # The callbackUrl points at a closed port: had the channel used it, the answer would be lost.
    body = citizen.say("안녕하세요", callback_url="http://127.0.0.1:9/callback/one-time-token")
    assert "useCallback" not in body and outputs_text(body)


def test_emoji_are_read_like_any_text(citizen):
    body = citizen.say("안녕하세요 😀🙏 가로등이 꺼졌어요 💡")
    assert outputs_text(body)


def test_requests_without_the_secret_are_refused(rasa):
    body = json.dumps(sample()).encode()
    r = httpx.post(f"{rasa}/webhooks/kakao/webhook", content=body, timeout=10)
    assert r.status_code == 401 and r.json() == text_only(kakao.MISSING_SECRET_TEXT)
    r = post_raw(rasa, body, headers={SECRET_HEADER: "guess"})
    assert r.status_code == 403 and r.json() == text_only(kakao.WRONG_SECRET_TEXT)


def _without(*path):
    payload = sample()
    node = payload
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return json.dumps(payload).encode()


@pytest.mark.parametrize(
    "body, message",
    [
        (b"", "요청 형식이 올바르지 않습니다. JSON 객체 형식의 스킬 요청이 필요합니다."),
        (b'{"userRequest": ', "요청 형식이 올바르지 않습니다. JSON 형식의 스킬 요청이 필요합니다."),
        (b"[1, 2]", "요청 형식이 올바르지 않습니다. JSON 객체 형식의 스킬 요청이 필요합니다."),
        (_without("userRequest"), "요청 형식이 올바르지 않습니다. 'userRequest' 항목이 없거나 객체가 아닙니다."),
        (_without("userRequest", "user"), "요청 형식이 올바르지 않습니다. 'user' 항목이 없거나 객체가 아닙니다."),
        (
            _without("userRequest", "user", "id"),
            "요청 형식이 올바르지 않습니다. 'userRequest.user.id'가 없거나 올바르지 않습니다.",
        ),
        (
            _without("userRequest", "utterance"),
            "요청 형식이 올바르지 않습니다. 'userRequest.utterance'가 없거나 문자열이 아닙니다.",
        ),
    ],
)
def test_a_malformed_payload_gets_a_400_in_korean(rasa, body, message):
    r = post_raw(rasa, body)
    assert r.status_code == 400
    assert r.json() == text_only(message)


def test_a_bad_callback_url_is_a_malformed_payload(citizen):
    r = httpx.post(
        citizen.url,
        json=citizen.payload("안녕하세요", callback_url="file:///etc/passwd"),
        headers={SECRET_HEADER: SECRET},
        timeout=10,
    )
    assert r.status_code == 400
    assert r.json() == text_only("요청 형식이 올바르지 않습니다. 'userRequest.callbackUrl'이 올바른 주소가 아닙니다.")


def test_an_empty_utterance_is_asked_for_politely(citizen):
    assert citizen.say("   ") == text_only(kakao.EMPTY_TEXT)


def test_ten_thousand_characters_are_asked_to_be_split(citizen):
    too_long = "말씀이 너무 깁니다. 2,000자 이내로 나누어 보내 주시면 이어서 도와드리겠습니다."
    assert citizen.say(("가로등이 꺼졌어요. " * 1000)[:10000]) == text_only(too_long)
    # The conversation goes on normally.
    assert outputs_text(citizen.say("안녕하세요"))


def complaints_with_phone(admin, phone):
    r = admin.get("/complaints", params={"limit": 200})
    assert r.status_code == 200, r.text
    return [c for c in r.json()["items"] if c.get("phone", "")[-4:] == phone[-4:]]


def press_yes(citizen, body):
    """Tap the quick reply that answers yes: it must exist and read as Korean."""
    replies = replies_of(body)
    yes = [text for text in replies.values() if text.startswith("네")]
    assert yes, f"no yes quick reply:\n{citizen.transcript()}"
    return yes[0]


def test_a_complaint_filed_through_quick_replies_is_filed_once_even_when_the_last_tap_is_retried(citizen, admin):
    phone = f"010-4{random.randint(100, 999)}-{random.randint(1000, 9999)}"
    answers = [
        (re.compile(r"이대로 접수할까요"), None),
        (re.compile(r"분야 민원으로 .*접수를 진행할까요"), None),
        (re.compile(r"동의"), None),
        (re.compile(r"성함"), "홍길동"),
        (re.compile(r"전화번호"), phone),
        (re.compile(r"읍·면"), "전곡읍"),
        (re.compile(r"장소"), "은대리 마을회관 앞"),
        (re.compile(r"자세히 말씀해"), "밤에 길이 너무 어두워서 다니기 무섭습니다."),
    ]
    body = citizen.say("전곡읍 은대리 앞 가로등이 사흘째 꺼져 있어요")
    for _ in range(12):
        text = outputs_text(body)
        if RECEIPT.search(text):
            break
        step = next(((pattern, answer) for pattern, answer in answers if pattern.search(text)), None)
        assert step, f"unexpected question:\n{citizen.transcript()}"
        said = step[1] or press_yes(citizen, body)
        if step[0].pattern == "이대로 접수할까요":
            # The last tap, sent twice at once (Kakao repeating a request): one filing, the same answer.
            with ThreadPoolExecutor(2) as pool:
                first, second = pool.map(lambda _: citizen.post(said), range(2))
            assert first.status_code == second.status_code == 200
            assert first.json() == second.json()
            body = first.json()
            assert_skill_response(body)
            citizen.log += [f"USER: {said} (x2)", f"BOT: {json.dumps(body, ensure_ascii=False)}"]
        else:
            body = citizen.say(said)
    else:
        raise AssertionError(f"no receipt after 12 turns:\n{citizen.transcript()}")

    receipt = RECEIPT.search(outputs_text(body)).group(1)
    card = next(o["textCard"] for o in body["template"]["outputs"] if "textCard" in o)
    assert receipt in card["description"]
    assert card["buttons"][0]["messageText"] == "민원 처리 현황 알려 주세요"

    # Retried once more, right away: the same response, nothing filed again.
    assert citizen.say(said) == body
    filed = complaints_with_phone(admin, phone)
    assert [c["receipt_number"] for c in filed] == [receipt], citizen.transcript()
    landed = admin.get(f"/complaints/{receipt}", params={"reason": "카카오 채널 테스트"}).json()
    assert landed["channel"] == "kakao" and landed["phone"] == phone and "가로등" in landed["description"]


def handoffs_of(admin, conversation_id):
    r = admin.get("/handoffs", params={"limit": 200})
    assert r.status_code == 200, r.text
    return [h for h in r.json()["items"] if h["conversation_id"] == conversation_id]


def test_in_office_hours_a_kakao_handoff_takes_a_callback_number_and_never_goes_silent(citizen, admin, rasa):
    body = citizen.say("상담원 연결해 주세요")
    text = outputs_text(body)
    assert "전화번호를 남겨 주시면" in text and "카카오톡에서는" in text, citizen.transcript()
    assert handoffs_of(admin, citizen.user_id) == []  # nothing filed before the number is given

    phone = f"010-5{random.randint(100, 999)}-{random.randint(1000, 9999)}"
    body = citizen.say(phone)
    for _ in range(3):  # the callback form may ask for a name or a time first
        text = outputs_text(body)
        if "연락드리겠습니다" in text:
            break
        body = citizen.say("홍길동" if "성함" in text else "아무 때나 괜찮아요")
    assert f"{phone[:3]}-****-{phone[-4:]}" in outputs_text(body), citizen.transcript()
    [handoff] = handoffs_of(admin, citizen.user_id)
    assert handoff["channel"] == "kakao"

    # Not paused: the bot still answers.
    assert tracker_of(rasa, citizen.user_id)["paused"] is False
    assert outputs_text(citizen.say("안녕하세요")) != kakao.NO_ANSWER_TEXT, citizen.transcript()


def test_the_log_names_users_only_by_a_hash(rasa, rasa_dir):
    """Runs last in this module: every request above went through the server whose log is read here."""
    log = (rasa_dir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert "kakao channel: user " in log  # the channel did log about users (a retry, a long message)
    for user_id in KakaoCitizen.user_ids + [sample()["userRequest"]["user"]["id"]]:
        assert user_id not in log
