"""The security tests' shared parts: the secrets of this test run and how a citizen
talks to each public channel (tests/security/conftest.py starts the servers)."""

from __future__ import annotations

import json
import secrets
import uuid
from typing import Any, Callable, Dict, List

import httpx
import yaml

from tests.support.bot_servers import CREDENTIALS
from tests.support.processes import PROJECT_ROOT

KAKAO_SAMPLE = PROJECT_ROOT / "data" / "contracts" / "kakao" / "skill-request.json"

RASA_TOKEN = "rasa-" + secrets.token_urlsafe(24)
ACTION_TOKEN = "action-" + secrets.token_urlsafe(24)
KAKAO_SECRET = "kakao-" + secrets.token_urlsafe(16)
RASA_AUTH = {"Authorization": f"Bearer {RASA_TOKEN}"}


# --- the public channels ------------------------------------------------------------------------------------


def enabled_channels() -> List[str]:
    """The names (webhook prefixes /webhooks/<name>/) of the channels credentials.yml enables."""
    from rasa.core.channels import BUILTIN_CHANNELS
    from rasa.shared.utils.common import class_from_module_path

    names = []
    for key in yaml.safe_load(CREDENTIALS.read_text(encoding="utf-8")) or {}:
        names.append(key if key in BUILTIN_CHANNELS else class_from_module_path(key).name())
    return names


def send_rest(base: str, name: str, conversation: str, text: str) -> httpx.Response:
    return httpx.post(f"{base}/webhooks/{name}/webhook", json={"sender": conversation, "message": text}, timeout=60)


def send_web(base: str, name: str, conversation: str, text: str) -> httpx.Response:
    return httpx.post(
        f"{base}/webhooks/{name}/webhook",
        json={"sender": conversation, "message": text, "message_id": uuid.uuid4().hex},
        timeout=60,
    )


def send_kakao(base: str, name: str, conversation: str, text: str) -> httpx.Response:
    skill = json.loads(KAKAO_SAMPLE.read_text(encoding="utf-8"))
    skill["userRequest"]["utterance"] = text
    skill["userRequest"]["user"]["id"] = conversation
    return httpx.post(
        f"{base}/webhooks/{name}/webhook", json=skill, headers={"X-Kakao-Skill-Secret": KAKAO_SECRET}, timeout=60
    )


# How a citizen talks to each channel, and the conversation id that channel gives them.
CHANNELS: Dict[str, Dict[str, Any]] = {
    "rest": {"send": send_rest, "new_id": lambda: f"forger-{uuid.uuid4().hex[:12]}"},
    "web": {"send": send_web, "new_id": lambda: secrets.token_urlsafe(16)},
    "kakao": {"send": send_kakao, "new_id": lambda: secrets.token_hex(32)},
}


class Citizen:
    """Someone talking to one public channel; the conversation is read back through Rasa's HTTP API."""

    def __init__(self, rasa_url: str, channel: str, base: str | None = None):
        assert channel in CHANNELS, f"tests/security/conftest.py: add how a citizen talks to channel {channel!r}"
        self.rasa_url, self.channel, self.base = rasa_url, channel, base or rasa_url
        self.conversation = CHANNELS[channel]["new_id"]()
        self._send: Callable[..., httpx.Response] = CHANNELS[channel]["send"]

    def say(self, text: str) -> httpx.Response:
        response = self._send(self.base, self.channel, self.conversation, text)
        assert response.status_code == 200, response.text
        return response

    def tracker(self) -> Dict[str, Any]:
        r = httpx.get(f"{self.rasa_url}/conversations/{self.conversation}/tracker", headers=RASA_AUTH, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()
