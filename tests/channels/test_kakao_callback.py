"""Late answers on the KakaoTalk channel: a Rasa server whose time budget is 0 s, so that every answer is late
(deterministically, whatever the machine's speed). With a callbackUrl the answer reaches a loopback callback
receiver exactly once, also when the receiver fails at first; without one, the citizen is asked to look
again and loses nothing, a complaint included."""

from __future__ import annotations

import json
import random
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List

import pytest

from bot.channels import kakao
from tests.channels.kakao_client import KakaoCitizen, assert_skill_response, outputs_text, rasa_server, tracker_of
from tests.support.processes import free_port

# A running Rasa server with the trained model: left out of `make test-fast`.
pytestmark = pytest.mark.model

RECEIPT = re.compile(r"접수번호: (\d{4}-\d{6,7})")
LATE = {
    "version": "2.0",
    "template": {
        "outputs": [{"simpleText": {"text": kakao.LATE_TEXT}}],
        "quickReplies": [{"label": "답변 보기", "action": "message", "messageText": "답변 보기"}],
    },
}
ACK = {"version": "2.0", "useCallback": True, "data": {"text": kakao.CALLBACK_WAIT_TEXT}}


class CallbackReceiver:
    """Kakao's callback endpoint on loopback: /ok/... accepts, /flaky/... answers 503 twice and then accepts,
    /gone/... answers 400 (an expired URL). Every POST is recorded."""

    def __init__(self):
        self.posts: Dict[str, List[dict]] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
                with receiver.lock:
                    attempts = receiver.posts.setdefault(self.path, [])
                    attempts.append(body)
                    n = len(attempts)
                if self.path.startswith("/gone/"):
                    status = 400
                else:
                    status = 503 if self.path.startswith("/flaky/") and n <= 2 else 200
                reply = json.dumps({"taskId": "t", "status": "SUCCESS" if status == 200 else "FAIL"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def attempts(self, path: str) -> List[dict]:
        with self.lock:
            return list(self.posts.get(path, []))

    def wait_for(self, path: str, count: int, seconds: float = 60) -> List[dict]:
        deadline = time.monotonic() + seconds
        while len(self.attempts(path)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.attempts(path)


@pytest.fixture(scope="module")
def rasa(action_server, tmp_path_factory):
    # Callbacks only to 127.0.0.1, the receiver's host (a county would name Kakao's).
    with rasa_server(
        action_server,
        tmp_path_factory.mktemp("rasa-kakao-late"),
        time_budget=0.0,
        extra_env={"KAKAO_CALLBACK_HOSTS": "127.0.0.1"},
    ) as url:
        yield url


@pytest.fixture(scope="module")
def receiver():
    r = CallbackReceiver()
    yield r
    r.server.shutdown()


@pytest.fixture
def citizen(rasa):
    return KakaoCitizen(rasa)


def user_texts(rasa, citizen) -> List[str]:
    return [e["text"] for e in tracker_of(rasa, citizen.user_id)["events"] if e.get("event") == "user"]


def bot_texts(rasa, citizen) -> List[str]:
    return [e["text"] for e in tracker_of(rasa, citizen.user_id)["events"] if e.get("event") == "bot" and e.get("text")]


def answer_of(citizen, text: str, seconds: float = 60) -> dict:
    """Send `text` (late: asked to look again) and then repeat it until the answer is there."""
    body = citizen.say(text)
    deadline = time.monotonic() + seconds
    while body == LATE and time.monotonic() < deadline:
        time.sleep(0.3)
        body = citizen.say(text)
    assert body != LATE, citizen.transcript()
    return body


def test_a_late_answer_is_posted_to_the_callback_url_exactly_once(citizen, receiver, rasa):
    path = f"/ok/{citizen.user_id}"
    assert citizen.say("안녕하세요", callback_url=receiver.url + path) == ACK
    [posted] = receiver.wait_for(path, 1)
    assert_skill_response(posted)
    time.sleep(3)
    assert len(receiver.attempts(path)) == 1
    # The answer posted is what the bot said.
    assert outputs_text(posted) == "\n\n".join(bot_texts(rasa, citizen))


def test_a_failing_callback_is_retried_within_its_minute_and_never_after_success(citizen, receiver):
    path = f"/flaky/{citizen.user_id}"
    assert citizen.say("안녕하세요", callback_url=receiver.url + path) == ACK
    attempts = receiver.wait_for(path, 3, seconds=30)
    assert len(attempts) == 3 and attempts[0] == attempts[2]
    assert_skill_response(attempts[2])
    time.sleep(4)
    assert len(receiver.attempts(path)) == 3  # the third landed: nothing more


def test_a_refused_callback_is_logged_and_its_answer_shown_on_the_next_turn(citizen, receiver, rasa):
    path = f"/gone/{citizen.user_id}"
    assert citizen.say("안녕하세요", callback_url=receiver.url + path) == ACK
    [refused] = receiver.wait_for(path, 1)
    time.sleep(1)
    assert len(receiver.attempts(path)) == 1  # a 400 is final: not repeated
    shown = citizen.say(kakao.PENDING_TEXT)
    assert shown == refused  # the same answer, now in the citizen's next response
    assert user_texts(rasa, citizen) == ["안녕하세요"]  # "답변 보기" was answered by the channel itself


def test_a_callback_url_on_another_host_is_not_used(citizen, receiver):
    other = receiver.url.replace("127.0.0.1", "localhost")  # the same receiver, by a name not allowed
    assert citizen.say("안녕하세요", callback_url=f"{other}/ok/{citizen.user_id}") == LATE
    time.sleep(2)
    assert receiver.attempts(f"/ok/{citizen.user_id}") == []
    assert answer_of(citizen, kakao.PENDING_TEXT) != LATE  # the answer is not lost


def test_without_a_callback_url_a_late_answer_is_asked_for_again_and_the_message_is_processed_once(citizen, rasa):
    assert citizen.say("안녕하세요") == LATE
    body = answer_of(citizen, "안녕하세요")
    assert outputs_text(body) == "\n\n".join(bot_texts(rasa, citizen))
    assert user_texts(rasa, citizen) == ["안녕하세요"]


def test_a_new_message_while_an_answer_is_pending_brings_both_answers(citizen, rasa):
    assert citizen.say("안녕하세요") == LATE
    assert citizen.say("민원 처리 현황 알려주세요") == LATE
    body = answer_of(citizen, kakao.PENDING_TEXT)
    assert user_texts(rasa, citizen) == ["안녕하세요", "민원 처리 현황 알려주세요"]
    shown = outputs_text(body)
    for said in bot_texts(rasa, citizen):
        assert said.strip()[:30] in shown, citizen.transcript()


def test_a_complaint_with_every_answer_late_is_filed_exactly_once(citizen, admin, rasa):
    phone = f"010-6{random.randint(100, 999)}-{random.randint(1000, 9999)}"
    answers = [
        (re.compile(r"이대로 접수할까요"), "네, 접수해 주세요"),
        (re.compile(r"분야 민원으로 .*접수를 진행할까요"), "네"),
        (re.compile(r"동의"), "네, 동의합니다"),
        (re.compile(r"성함"), "김철수"),
        (re.compile(r"전화번호"), phone),
        (re.compile(r"읍·면"), "전곡읍"),
        (re.compile(r"장소"), "전곡리 버스정류장 앞"),
        (re.compile(r"자세히 말씀해"), "보도블록이 깨져서 걸려 넘어질 뻔했습니다."),
    ]
    body = answer_of(citizen, "전곡리 버스정류장 앞 보도블록이 깨져 있어요")
    for _ in range(12):
        text = outputs_text(body)
        if RECEIPT.search(text):
            break
        step = next((answer for pattern, answer in answers if pattern.search(text)), None)
        assert step, f"unexpected question:\n{citizen.transcript()}"
        body = answer_of(citizen, step)
    else:
        raise AssertionError(f"no receipt after 12 turns:\n{citizen.transcript()}")
    receipt = RECEIPT.search(outputs_text(body)).group(1)
    r = admin.get("/complaints", params={"limit": 200})
    filed = [c["receipt_number"] for c in r.json()["items"] if c.get("phone", "")[-4:] == phone[-4:]]
    assert filed == [receipt], citizen.transcript()
    # Every message reached the bot once, however often it was repeated.
    said = user_texts(rasa, citizen)
    assert len(said) == len(set(said)), said
