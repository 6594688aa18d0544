"""Reading a Kakao i Open Builder SkillPayload (skill version 2.0) into the few fields the channel uses.

Only what the channel needs is read; everything else in the payload (block, bot, action, the user's
properties) is ignored on purpose, so that no more personal data than the user key enters the bot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import urlsplit

# Kakao's botUserKey is about 70 characters; anything far longer is not a user key.
MAX_USER_ID = 200
# Bytes of a whole request body (a 10,000-character Korean utterance escaped as \uXXXX is about 60 KB).
MAX_BODY_BYTES = 256 * 1024


BAD = "요청 형식이 올바르지 않습니다."


class PayloadError(ValueError):
    """A request that is not a SkillPayload; `message` is the Korean explanation sent back with the 400."""

    def __init__(self, message: str, code: str):
        super().__init__(code)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class SkillRequest:
    user_id: str
    utterance: str
    callback_url: Optional[str] = None


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise PayloadError(f"{BAD} '{where}' 항목이 없거나 객체가 아닙니다.", f"missing_{where}")
    return value


def _callback_url(value: Any) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) <= 2000:
        parts = urlsplit(value)
        if parts.scheme in ("http", "https") and parts.netloc:
            return value
    raise PayloadError(f"{BAD} 'userRequest.callbackUrl'이 올바른 주소가 아닙니다.", "bad_callback_url")


def parse_body(body: bytes) -> SkillRequest:
    """The SkillRequest of a raw request body; PayloadError when it is not a SkillPayload."""
    if len(body) > MAX_BODY_BYTES:
        raise PayloadError("요청이 너무 큽니다. 메시지를 줄여 다시 보내 주십시오.", "too_large")
    try:
        data = json.loads(body.decode("utf-8")) if body else None
    except (UnicodeDecodeError, ValueError):
        raise PayloadError(f"{BAD} JSON 형식의 스킬 요청이 필요합니다.", "invalid_json") from None
    return parse_payload(data)


def parse_payload(data: Any) -> SkillRequest:
    if not isinstance(data, dict):
        raise PayloadError(f"{BAD} JSON 객체 형식의 스킬 요청이 필요합니다.", "not_an_object")
    payload = data
    request = _object(payload.get("userRequest"), "userRequest")
    user = _object(request.get("user"), "user")
    user_id = user.get("id")
    if not isinstance(user_id, str) or not user_id.strip() or len(user_id) > MAX_USER_ID:
        raise PayloadError(f"{BAD} 'userRequest.user.id'가 없거나 올바르지 않습니다.", "bad_user_id")
    utterance = request.get("utterance")
    if not isinstance(utterance, str):
        raise PayloadError(f"{BAD} 'userRequest.utterance'가 없거나 문자열이 아닙니다.", "bad_utterance")
    return SkillRequest(
        user_id=user_id.strip(), utterance=utterance.strip(), callback_url=_callback_url(request.get("callbackUrl"))
    )
