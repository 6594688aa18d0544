"""The homepage chat widget's channel: Rasa's REST channel under the name "web", at /webhooks/web/webhook.

Why not plain `rest`: the actions record the channel of each complaint and handoff from the tracker's input
channel, so the widget needs a name of its own (curl and tests keep `rest`); and a browser on a flaky
connection retries, so each message carries a `message_id` and a retry is answered, never processed twice.

Request: {"sender": "<conversation id>", "message": "<text>", "message_id": "<client id>", "retry": false}
  sender      22-64 characters of [A-Za-z0-9_-] (the widget makes 128 random bits, base64url), so
              conversation ids are not guessable.
  message     1-2,000 characters (the widget says so before sending).
  message_id  8-64 characters of [A-Za-z0-9_-], new for every message the citizen sends.
  retry       true when the widget sends the same message again after a failure.
Response: Rasa's REST list of bot messages; 400 with a Korean {"error": ...} for a malformed request.

A retry with the same (sender, message_id) waits for the first request if it is still running in this
process, gets the stored answer if it finished in the last 10 minutes, and otherwise (another replica, a
restart; looked up only for a request marked as a retry) the answer is rebuilt from the conversation's tracker,
which keeps every message id: the message is never handled twice.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

log = logging.getLogger(__name__)

MAX_MESSAGE = 2000
SENDER = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
REMEMBER_SECONDS = 600
REMEMBER_COUNT = 5000

Answer = List[Dict[str, Any]]


def _bad(text: str) -> HTTPResponse:
    return response.json({"error": text}, status=400)


def _failed() -> HTTPResponse:
    return response.json({"error": "일시적인 오류로 답변하지 못했습니다. 잠시 후 다시 보내 주십시오."}, status=500)


def answer_from_tracker(events: List[Any], sender_id: Text, message_id: Text) -> Optional[Answer]:
    """The bot messages that followed the user message with this id, as the REST channel sends them."""
    answer: Optional[Answer] = None
    for event in events:
        if isinstance(event, UserUttered):
            if answer is not None:
                break
            if event.message_id == message_id:
                answer = []
        elif isinstance(event, BotUttered) and answer is not None:
            data = event.data or {}
            if event.text or data.get("buttons") or data.get("quick_replies") or data.get("image"):
                item = {
                    "recipient_id": sender_id,
                    "text": event.text,
                    "buttons": data.get("buttons") or data.get("quick_replies"),
                    "image": data.get("image"),
                }
                answer.append({k: v for k, v in item.items() if v})
            if data.get("custom"):
                answer.append({"recipient_id": sender_id, "custom": data["custom"]})
    return answer


class WebInput(RestInput):
    """REST input for the homepage widget: validated, named "web", retries answered once."""

    @classmethod
    def name(cls) -> Text:
        return "web"

    def __init__(self) -> None:
        self._running: Dict[Tuple[str, str], "asyncio.Future[Answer]"] = {}
        self._answered: "OrderedDict[Tuple[str, str], Tuple[float, Answer]]" = OrderedDict()

    def _remembered(self, key: Tuple[str, str]) -> Optional[Answer]:
        now = time.monotonic()
        while self._answered:
            oldest_key, (at, _) = next(iter(self._answered.items()))
            if now - at < REMEMBER_SECONDS and len(self._answered) <= REMEMBER_COUNT:
                break
            self._answered.pop(oldest_key)
        found = self._answered.get(key)
        return found[1] if found else None

    async def _from_tracker(self, request: Request, sender_id: Text, message_id: Text) -> Optional[Answer]:
        agent = getattr(request.app.ctx, "agent", None)
        if agent is None or agent.tracker_store is None:
            return None
        tracker = await agent.tracker_store.retrieve(sender_id)
        return answer_from_tracker(list(tracker.events), sender_id, message_id) if tracker else None

    async def _process(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: Text, sender_id: Text, message_id: Text
    ) -> Answer:
        key = (sender_id, message_id)
        try:
            collector = CollectingOutputChannel()
            await on_new_message(
                UserMessage(text, collector, sender_id, input_channel=self.name(), message_id=message_id)
            )
            self._answered[key] = (time.monotonic(), collector.messages)
            return collector.messages
        finally:
            self._running.pop(key, None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        web = Blueprint("web_widget_webhook", __name__)

        @web.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @web.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # sanic raises its own error types for a body that is not JSON
                body = None
            if not isinstance(body, dict):
                return _bad("요청 형식이 올바르지 않습니다. JSON으로 보내 주십시오.")
            sender_id, text, message_id = body.get("sender"), body.get("message"), body.get("message_id")
            if not isinstance(sender_id, str) or not SENDER.match(sender_id):
                return _bad("대화 ID(sender)가 올바르지 않습니다. 페이지를 새로 고쳐 주십시오.")
            if not isinstance(message_id, str) or not MESSAGE_ID.match(message_id):
                return _bad("메시지 ID(message_id)가 올바르지 않습니다.")
            if not isinstance(text, str) or not text.strip():
                return _bad("메시지를 입력해 주십시오.")
            if len(text) > MAX_MESSAGE:
                return _bad(f"메시지가 너무 깁니다. {MAX_MESSAGE:,}자 이하로 나누어 보내 주십시오.")

            key = (sender_id, message_id)
            running = self._running.get(key)
            if running is not None:
                try:
                    return response.json(await asyncio.shield(running))
                except Exception:
                    return _failed()
            remembered = self._remembered(key)
            if remembered is None and body.get("retry") is True:  # only a resend pays for loading the tracker
                remembered = await self._from_tracker(request, sender_id, message_id)
            if remembered is not None:
                return response.json(remembered)

            # A task of its own, awaited through a shield: a citizen who drops the connection does not cancel the
            # turn half way, and a retry arriving meanwhile waits for this same turn.
            task = asyncio.ensure_future(self._process(on_new_message, text, sender_id, message_id))
            self._running[key] = task
            try:
                return response.json(await asyncio.shield(task))
            except Exception:
                log.exception("web widget message failed")
                return _failed()

        return web
