"""What counts as a retried request, and a callback to a URL nobody listens on."""

import asyncio
import time

import aiohttp

from bot.channels import kakao_callback
from bot.channels.kakao_turns import CALLBACK, CARRIED, DELIVERED, Turn, TurnBook, request_key, user_ref
from tests.support.processes import free_port


def run(coroutine):
    return asyncio.run(coroutine)


async def _turn(key: str, **fields) -> Turn:
    future = asyncio.get_running_loop().create_future()
    return Turn(key=key, task=future, **fields)


def test_user_keys_appear_in_logs_only_hashed():
    ref = user_ref("a1b2c3d4e5f6-user-key")
    assert len(ref) == 12 and "a1b2" not in ref and ref == user_ref("a1b2c3d4e5f6-user-key")


def test_the_same_words_are_a_retry_until_the_answer_is_delivered():
    async def check():
        book = TurnBook(retry_window=0.2)
        citizen = book.citizen("u1")
        key = request_key("u1", "모름")
        citizen.last = await _turn(key)
        assert book.retry_of(citizen, key) is citizen.last  # still running
        for state in (CALLBACK, CARRIED):
            citizen.last.state = state
            assert book.retry_of(citizen, key) is citizen.last
        assert book.retry_of(citizen, request_key("u1", "전곡읍")) is None
        assert book.retry_of(citizen, request_key("u2", "모름")) is None
        citizen.last.state, citizen.last.answered_at = DELIVERED, time.monotonic()
        assert book.retry_of(citizen, key) is citizen.last  # within the window: Kakao repeating itself
        await asyncio.sleep(0.25)
        assert book.retry_of(citizen, key) is None  # the same answer to the next question

    run(check())


def test_idle_citizens_are_forgotten():
    async def check():
        book = TurnBook(max_citizens=2)
        for user in ("a", "b", "c"):
            book.citizen(user).last = await _turn(user)
            book.citizen(user).last.task.set_result([])
        assert list(book._citizens) == ["b", "c"]

    run(check())


def test_a_callback_nobody_answers_is_given_up_within_its_deadline():
    async def check():
        async with aiohttp.ClientSession() as session:
            started = time.monotonic()
            outcome = await kakao_callback.post_once(
                session, f"http://127.0.0.1:{free_port()}/cb", {"version": "2.0"}, started + 1.5, "test"
            )
            return outcome, time.monotonic() - started

    outcome, took = run(check())
    assert outcome == kakao_callback.FAILED and 1.4 <= took < 3


def test_callback_hosts():
    # No hosts configured: any public host, never this machine or a private network.
    assert kakao_callback.allowed("https://bot-api.kakao.com/cb/1", [])
    for internal in (
        "http://127.0.0.1:9/cb",
        "http://localhost:8000/api/v1/complaints",
        "http://[::1]/cb",
        "http://10.0.0.5/cb",
        "http://192.168.1.1/cb",
        "http://169.254.169.254/latest/meta-data",
    ):
        assert not kakao_callback.allowed(internal, []), internal
    assert kakao_callback.allowed("http://127.0.0.1:9/cb", ["127.0.0.1"])
    assert kakao_callback.allowed("https://bot-api.kakao.com/cb/1", ["kakao.com"])
    assert kakao_callback.allowed("https://KAKAO.com/cb/1", ["kakao.com"])
    assert not kakao_callback.allowed("https://evilkakao.com/cb", ["kakao.com"])
    assert not kakao_callback.allowed("http://127.0.0.1:8000/api/v1/complaints", ["kakao.com"])
