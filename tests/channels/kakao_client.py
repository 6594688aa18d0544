"""Talking to the KakaoTalk channel in tests: a Rasa server with the project's credentials.yml, skill payloads
built from the samples in data/contracts/kakao, and Kakao's rules for a SkillResponse."""

from __future__ import annotations

import copy
import json
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import httpx

from tests.support import bot_servers
from tests.support.processes import PROJECT_ROOT, free_port

SAMPLES = PROJECT_ROOT / "data" / "contracts" / "kakao"
SECRET = "test-kakao-secret-" + uuid.uuid4().hex[:8]
SECRET_HEADER = "X-Kakao-Skill-Secret"
RASA_TOKEN = "test-rasa-token-" + uuid.uuid4().hex
ACTION_TOKEN = "test-action-token-" + uuid.uuid4().hex


@contextmanager
def rasa_server(
    action_url: str, log_dir: Path, time_budget: float, extra_env: Optional[Dict[str, str]] = None
) -> Iterator[str]:
    """A Rasa server with the project's credentials.yml, the Kakao secret and the given time budget."""
    endpoints = log_dir / "endpoints.yml"
    # In-memory tracker and lock stores: every run starts from empty conversations.
    endpoints.write_text(
        f'action_endpoint:\n  url: "{action_url}"\n  headers:\n    X-Action-Token: "{ACTION_TOKEN}"\n',
        encoding="utf-8",
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = bot_servers.rasa_server(
        port,
        endpoints,
        log_dir,
        RASA_TOKEN,
        KAKAO_SKILL_SECRET=SECRET,
        KAKAO_TIME_BUDGET=str(time_budget),
        **(extra_env or {}),
    )
    server.start(600)  # (not `with`: entering a ServerProcess starts it, with a shorter time limit)
    try:
        yield url
    finally:
        server.stop()


def tracker_of(rasa_url: str, user_id: str) -> Dict[str, Any]:
    """The conversation as Rasa keeps it (its HTTP API, with the token)."""
    r = httpx.get(f"{rasa_url}/conversations/{user_id}/tracker", params={"token": RASA_TOKEN}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def sample(name: str = "skill-request.json") -> Dict[str, Any]:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def outputs_text(body: Dict[str, Any]) -> str:
    """Everything a SkillResponse shows as text, in order."""
    parts: List[str] = []
    for output in body["template"]["outputs"]:
        if "simpleText" in output:
            parts.append(output["simpleText"]["text"])
        if "textCard" in output:
            parts += [output["textCard"]["title"], output["textCard"]["description"]]
    return "\n".join(parts)


def replies_of(body: Dict[str, Any]) -> Dict[str, str]:
    return {r["label"]: r["messageText"] for r in body.get("template", {}).get("quickReplies") or []}


def assert_skill_response(body: Dict[str, Any]) -> None:
    """Kakao's rules for a SkillResponse, as the channel must keep them."""
    assert body["version"] == "2.0", body
    outputs = body["template"]["outputs"]
    assert 1 <= len(outputs) <= 3, body
    for output in outputs:
        [(kind, content)] = output.items()
        assert kind in ("simpleText", "textCard", "simpleImage"), body
        if kind == "simpleText":
            assert 0 < len(content["text"]) <= 1000, body
        if kind == "textCard":
            assert len(content["title"]) <= 50 and len(content["description"]) <= 400, body
            assert len(content.get("buttons") or []) <= 3, body
    replies = body["template"].get("quickReplies") or []
    assert len(replies) <= 10, body
    for reply in replies:
        assert reply["action"] == "message" and 0 < len(reply["label"]) <= 14, body
        assert reply["messageText"] and not reply["messageText"].startswith("/") and "{" not in reply["messageText"]


class KakaoCitizen:
    """One KakaoTalk user posting skill payloads to the channel."""

    # Every user key the tests used, to look for in the servers' logs.
    user_ids: List[str] = []

    def __init__(self, rasa_url: str):
        self.url = rasa_url + "/webhooks/kakao/webhook"
        self.user_id = uuid.uuid4().hex + uuid.uuid4().hex[:6]
        KakaoCitizen.user_ids.append(self.user_id)
        self.log: List[str] = []

    def payload(self, utterance: str, callback_url: Optional[str] = None) -> Dict[str, Any]:
        body = copy.deepcopy(sample("skill-request-callback.json" if callback_url else "skill-request.json"))
        body["userRequest"]["user"]["id"] = self.user_id
        body["userRequest"]["utterance"] = utterance
        if callback_url:
            body["userRequest"]["callbackUrl"] = callback_url
        return body

    def post(self, utterance: str, callback_url: Optional[str] = None, timeout: float = 30) -> httpx.Response:
        return httpx.post(
            self.url, json=self.payload(utterance, callback_url), headers={SECRET_HEADER: SECRET}, timeout=timeout
        )

    def say(self, utterance: str, callback_url: Optional[str] = None) -> Dict[str, Any]:
        r = self.post(utterance, callback_url)
        assert r.status_code == 200, r.text
        body = r.json()
        if not body.get("useCallback"):
            assert_skill_response(body)
        self.log += [f"USER: {utterance}", f"BOT: {json.dumps(body, ensure_ascii=False)}"]
        return body

    def transcript(self) -> str:
        return "\n".join(self.log)
