"""The KakaoTalk channel: a Kakao i Open Builder skill served at /webhooks/kakao/webhook.

Kakao posts a SkillPayload and shows the citizen an error unless a SkillResponse arrives within 5 seconds.
Each request waits for the bot at most `time_budget` seconds (about 4). A late answer is not lost: with a
callbackUrl the channel answers at once with useCallback and posts the full answer to that URL once it is
ready; without one it asks the citizen, politely, to look again ("답변 보기"), and the answer is shown on
the next request. The bot keeps working meanwhile, so a complaint is filed whatever the timing.

A retried request (same citizen, same words, before the first was answered, or within a few seconds after)
is answered from the first one and never processed twice. Requests may be required to carry a shared
secret header, set in the skill's settings in Open Builder.

credentials.yml:

    bot.channels.kakao.KakaoInput:
      secret_header: X-Kakao-Skill-Secret   # header Open Builder sends (skill settings -> headers)
      secret_env: KAKAO_SKILL_SECRET        # env var with its value; unset or empty: no check
      time_budget: 4.0                      # seconds; KAKAO_TIME_BUDGET overrides
      retry_window: 3.0                     # seconds after an on-time answer in which the same words are a retry
      max_utterance: 2000                   # longer messages get a polite request to split them
      callback_hosts: []                    # hosts a callbackUrl may name (empty: public hosts); KAKAO_CALLBACK_HOSTS
                                            # (comma-separated) overrides
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import logging
import os
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import kakao_callback, kakao_response
from bot.channels.kakao_payload import PayloadError, SkillRequest, parse_body
from bot.channels.kakao_turns import (
    CALLBACK,
    CARRIED,
    DELIVERED,
    RUNNING,
    Citizen,
    Turn,
    TurnBook,
    request_key,
    user_ref,
)

log = logging.getLogger(__name__)

PENDING_TEXT = "답변 보기"
# What a citizen sends to get what is waiting for them: a late answer, then further pages.
SHOW_PENDING = {PENDING_TEXT, kakao_response.MORE_TEXT}

LATE_TEXT = (
    "답변을 준비하는 데 시간이 조금 더 걸리고 있습니다. 말씀하신 내용은 잘 받았으니 "
    "잠시 뒤 '답변 보기'를 눌러 주십시오."
)
CALLBACK_WAIT_TEXT = "답변을 준비하고 있습니다. 잠시만 기다려 주십시오."
EMPTY_TEXT = "말씀을 입력해 주십시오. 민원 접수, 처리 현황 확인, 궁금한 점 안내를 도와드립니다."
NO_ANSWER_TEXT = "말씀 잘 받았습니다. 더 도와드릴 일이 있으면 말씀해 주십시오."
ERROR_TEXT = (
    "죄송합니다. 답변을 준비하는 중에 문제가 생겼습니다. 잠시 뒤 다시 말씀해 주시거나 군청 대표전화로 문의해 주십시오."
)
MISSING_SECRET_TEXT = "인증 정보가 없는 요청입니다. 군청 카카오톡 채널을 통해 이용해 주십시오."
WRONG_SECRET_TEXT = "허용되지 않은 요청입니다. 군청 카카오톡 채널을 통해 이용해 주십시오."

_dumps = functools.partial(json.dumps, ensure_ascii=False)


def too_long_text(limit: int) -> str:
    return f"말씀이 너무 깁니다. {limit:,}자 이내로 나누어 보내 주시면 이어서 도와드리겠습니다."


def skill_json(body: Dict[str, Any], status: int = 200) -> HTTPResponse:
    return response.json(body, status=status, dumps=_dumps)


class KakaoCollector(CollectingOutputChannel):
    """Keeps each bot message whole (text, buttons and custom data together), so that a receipt's text and
    its receipt number arrive as one message."""

    @classmethod
    def name(cls) -> Text:
        return "kakao"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        await self._persist_message(dict(message))


class KakaoInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "kakao"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "KakaoInput":
        credentials = credentials or {}
        secret_env = credentials.get("secret_env") or "KAKAO_SKILL_SECRET"
        budget = os.environ.get("KAKAO_TIME_BUDGET") or credentials.get("time_budget", 4.0)
        hosts = os.environ.get("KAKAO_CALLBACK_HOSTS")
        hosts = hosts.split(",") if hosts else credentials.get("callback_hosts") or []
        return cls(
            secret_header=credentials.get("secret_header") or "X-Kakao-Skill-Secret",
            secret=os.environ.get(secret_env) or None,
            time_budget=float(budget),
            retry_window=float(credentials.get("retry_window", 3.0)),
            max_utterance=int(credentials.get("max_utterance", 2000)),
            callback_hosts=[h.strip().lower() for h in hosts if h.strip()],
        )

    def __init__(
        self,
        secret_header: str = "X-Kakao-Skill-Secret",
        secret: Optional[str] = None,
        time_budget: float = 4.0,
        retry_window: float = 3.0,
        max_utterance: int = 2000,
        callback_hosts: Optional[List[str]] = None,
    ):
        self.secret_header = secret_header
        self.secret = secret
        self.time_budget = time_budget
        self.max_utterance = max_utterance
        self.callback_hosts = callback_hosts or []
        self.book = TurnBook(retry_window=retry_window)
        self._session: Optional[aiohttp.ClientSession] = None
        if not secret:
            log.warning("kakao channel: no shared secret configured; any caller can post skill requests")

    # --- the webhook ----------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("kakao_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            started = time.monotonic()
            refused = self._refusal(request)
            if refused is not None:
                return refused
            try:
                skill = parse_body(request.body)
            except PayloadError as exc:
                log.info("kakao channel: malformed skill payload (%s)", exc.code)
                return skill_json(kakao_response.text_response(exc.message), status=400)
            if not skill.utterance:
                return skill_json(kakao_response.text_response(EMPTY_TEXT))
            if len(skill.utterance) > self.max_utterance:
                log.info("kakao channel: user %s sent %d characters", user_ref(skill.user_id), len(skill.utterance))
                return skill_json(kakao_response.text_response(too_long_text(self.max_utterance)))
            citizen = self.book.citizen(skill.user_id)
            key = request_key(skill.user_id, skill.utterance)
            turn = self.book.retry_of(citizen, key)
            if turn is None:
                turn = self._start_turn(citizen, skill, key, on_new_message)
            else:
                log.info(
                    "kakao channel: user %s repeated a request (%s); answered from the first",
                    user_ref(skill.user_id),
                    turn.state,
                )
            return skill_json(await self._answer(citizen, turn, skill, started))

        @hook.listener("after_server_stop")
        async def close_session(*_: Any) -> None:
            if self._session is not None:
                await self._session.close()

        return hook

    def _refusal(self, request: Request) -> Optional[HTTPResponse]:
        if not self.secret:
            return None
        given = request.headers.get(self.secret_header)
        if not given:
            return skill_json(kakao_response.text_response(MISSING_SECRET_TEXT), status=401)
        if not hmac.compare_digest(given.encode("utf-8"), self.secret.encode("utf-8")):
            log.warning("kakao channel: a request with a wrong shared secret was refused")
            return skill_json(kakao_response.text_response(WRONG_SECRET_TEXT), status=403)
        return None

    # --- turns ----------------------------------------------------------------------------------

    def _start_turn(
        self, citizen: Citizen, skill: SkillRequest, key: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Turn:
        asks_pending = skill.utterance in SHOW_PENDING
        if asks_pending and not citizen.carried and citizen.pages:
            # The next page of a long answer: no need to ask the bot.
            done = asyncio.get_running_loop().create_future()
            done.set_result([])
            turn = Turn(
                key=key, task=done, state=DELIVERED, answered_at=time.monotonic(), response=citizen.pages.pop(0)
            )
        else:
            carried, citizen.carried = citizen.carried, []
            for earlier in carried:
                earlier.state = DELIVERED  # this turn brings their answers now
            citizen.pages = []
            if asks_pending and carried and all(earlier.task.done() for earlier in carried):
                # Only answers that are ready: the citizen gets them in this very response.
                task = asyncio.get_running_loop().create_future()
                task.set_result([m for earlier in carried for m in earlier.task.result()])
            else:
                text = None if asks_pending and carried else skill.utterance
                task = asyncio.ensure_future(self._run(carried, skill.user_id, text, on_new_message))
            turn = Turn(key=key, task=task)
        citizen.last = turn
        return turn

    async def _run(
        self,
        carried: List[Turn],
        user_id: str,
        text: Optional[str],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> List[Dict[str, Any]]:
        """The bot's messages for this turn: first those of earlier turns that never reached the citizen."""
        messages: List[Dict[str, Any]] = []
        for earlier in carried:
            messages.extend(await earlier.task)
        if text is None:
            return messages
        collector = KakaoCollector()
        try:
            await on_new_message(UserMessage(text, collector, user_id, input_channel=self.name()))
        except Exception:  # noqa: BLE001  (the citizen gets an apology, the server log the trace)
            log.exception("kakao channel: the bot failed on a message of user %s", user_ref(user_id))
            return messages + collector.messages + [{"text": ERROR_TEXT}]
        return messages + collector.messages

    def _respond_with(self, citizen: Citizen, turn: Turn) -> Dict[str, Any]:
        """The turn's SkillResponse, built once; its further pages wait for "더 보기"."""
        if turn.response is None:
            first, *rest = kakao_response.pages(turn.task.result(), NO_ANSWER_TEXT)
            turn.response = first
            if citizen.last is turn:
                citizen.pages = rest
        return turn.response

    async def _answer(self, citizen: Citizen, turn: Turn, skill: SkillRequest, started: float) -> Dict[str, Any]:
        user = user_ref(skill.user_id)
        left = self.time_budget - (time.monotonic() - started)
        if left > 0 and not turn.task.done():
            await asyncio.wait({turn.task}, timeout=left)
        if turn.task.done():
            body = self._respond_with(citizen, turn)
            if turn in citizen.carried:
                citizen.carried.remove(turn)
            if turn.state != DELIVERED:
                turn.state = DELIVERED
                turn.answered_at = time.monotonic()
            return body
        if skill.callback_url and not kakao_callback.allowed(skill.callback_url, self.callback_hosts):
            log.warning("kakao channel: a callbackUrl on a host not in callback_hosts was ignored (user %s)", user)
        elif skill.callback_url:
            turn.callback_url = skill.callback_url
            turn.callback_deadline = started + kakao_callback.CALLBACK_LIFETIME - 2.0
            if turn in citizen.carried:
                citizen.carried.remove(turn)
            turn.state = CALLBACK
            if turn.callback_task is None or turn.callback_task.done():
                turn.callback_task = asyncio.ensure_future(self._deliver_by_callback(citizen, turn, user))
            log.info("kakao channel: answer for user %s will come by callback", user)
            return kakao_response.callback_ack(CALLBACK_WAIT_TEXT)
        if turn.state == RUNNING:
            turn.state = CARRIED
            citizen.carried.append(turn)
        log.info("kakao channel: answer for user %s is late; shown on the next request", user)
        return kakao_response.text_response(LATE_TEXT, [kakao_response.quick_reply(PENDING_TEXT, PENDING_TEXT)])

    async def _deliver_by_callback(self, citizen: Citizen, turn: Turn, user: str) -> None:
        await asyncio.wait({turn.task})
        body = self._respond_with(citizen, turn)
        if turn.state != CALLBACK:
            return  # a repeated request took the answer directly meanwhile
        outcome = await kakao_callback.post_once(self._http(), turn.callback_url, body, turn.callback_deadline, user)
        if turn.state != CALLBACK:
            return
        if outcome == kakao_callback.SENT:
            turn.state = DELIVERED
            turn.answered_at = time.monotonic()
        else:
            # Not (surely) delivered: the citizen's next request brings it.
            turn.state = CARRIED
            citizen.carried.append(turn)

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session
