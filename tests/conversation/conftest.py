"""Fixtures for whole conversations: the REAL API (as in tests/actions), the action server and the Rasa server
with the trained model, each a separate process on a free port.

The API's clock is fixed in office hours (a Tuesday morning), so the handoff path is the live one: the bot
pauses, and closing the handoff in the API resumes the conversation through Rasa's HTTP API.

Needs the trained model (models/current.tar.gz from scripts/train_if_needed.sh, or CONVERSATION_MODEL=path).
Run: .venv-bot/bin/pytest tests/conversation   (Rasa takes about a minute to load the model)
"""

from __future__ import annotations

import secrets
import uuid
from typing import List

import httpx
import pytest

from tests.support import bot_servers
from tests.support.bot_api import IN_OFFICE_HOURS, SERVICE_TOKEN, admin_client, bot_test_api
from tests.support.processes import free_port

# Rasa's HTTP API and the action server need their shared secrets (bot/server/access.py, bot/action_server).
RASA_TOKEN = secrets.token_urlsafe(24)
ACTION_TOKEN = secrets.token_urlsafe(24)


@pytest.fixture(scope="session")
def rasa_port():
    return free_port()


@pytest.fixture(scope="session")
def api_server(tmp_path_factory, rasa_port):
    server = bot_test_api(
        tmp_path_factory.mktemp("api"),
        IN_OFFICE_HOURS,
        {"RASA_URL": f"http://127.0.0.1:{rasa_port}", "RASA_TOKEN": RASA_TOKEN},
    )
    try:
        yield {"url": server.url, "token": SERVICE_TOKEN, "in_office_hours": IN_OFFICE_HOURS}
    finally:
        server.stop()


@pytest.fixture(scope="session")
def admin(api_server):
    client = admin_client(api_server["url"])
    yield client
    client.close()


@pytest.fixture(scope="session")
def action_server(api_server, tmp_path_factory):
    port = free_port()
    proc = bot_servers.action_server(
        port,
        tmp_path_factory.mktemp("actions"),
        API_URL=api_server["url"],
        API_SERVICE_TOKEN=api_server["token"],
        ACTION_SERVER_TOKEN=ACTION_TOKEN,
    )
    try:
        proc.start(120)
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def rasa_server(action_server, rasa_port, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rasa")
    endpoints = tmp / "endpoints.yml"
    # In-memory tracker and lock stores: each test run starts from empty conversations.
    endpoints.write_text(
        f'action_endpoint:\n  url: "{action_server}"\n  headers:\n    X-Action-Token: "{ACTION_TOKEN}"\n',
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{rasa_port}"
    proc = bot_servers.rasa_server(rasa_port, endpoints, tmp, RASA_TOKEN)
    try:
        proc.start(600)
        yield url
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def rasa_headers():
    """Headers for Rasa's HTTP API (tracker, events)."""
    return {"Authorization": f"Bearer {RASA_TOKEN}"}


class Conversation:
    """One citizen talking through the REST channel."""

    def __init__(self, rasa_url: str):
        self.url = rasa_url + "/webhooks/rest/webhook"
        self.sender = f"conv-{uuid.uuid4().hex[:12]}"
        self.log: List[str] = []

    def say(self, text: str) -> str:
        r = httpx.post(self.url, json={"sender": self.sender, "message": text}, timeout=60)
        assert r.status_code == 200, r.text
        reply = "\n".join(m.get("text") or "" for m in r.json())
        self.log += [f"USER: {text}", f"BOT: {reply}"]
        return reply

    def transcript(self) -> str:
        return "\n".join(self.log)


@pytest.fixture
def conversation(rasa_server):
    return Conversation(rasa_server)
