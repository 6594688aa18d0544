"""The whole stack for the security tests, started as `make start` starts it, each server a process on a free
loopback port: the real API, the action server (bot.action_server, with its shared secret) and the Rasa server
(bot.server, the trained model, the project's credentials.yml, its HTTP API behind a token).

Needs the trained model (models/current.tar.gz, or CONVERSATION_MODEL=path); Rasa takes about a minute to load.
Run: .venv-bot/bin/pytest tests/security
"""

from __future__ import annotations

import pytest
import yaml

from tests.security.security_stack import ACTION_TOKEN, KAKAO_SECRET, RASA_TOKEN
from tests.support import bot_servers
from tests.support.bot_api import SERVICE_TOKEN, bot_test_api
from tests.support.processes import free_port


@pytest.fixture(scope="session")
def rasa_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def api_server(tmp_path_factory, rasa_port):
    server = bot_test_api(
        tmp_path_factory.mktemp("api"),
        extra_env={
            "RASA_URL": f"http://127.0.0.1:{rasa_port}",
            "RASA_TOKEN": RASA_TOKEN,
            "TRUST_FORWARDED_FOR": "true",  # as behind deploy/nginx/minwon.conf
        },
        demo_staff=False,
    )
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def action_server(api_server, tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = bot_servers.action_server(
        port,
        tmp_path_factory.mktemp("actions"),
        API_URL=api_server,
        API_SERVICE_TOKEN=SERVICE_TOKEN,
        ACTION_SERVER_TOKEN=ACTION_TOKEN,
    )
    server.start(120)
    try:
        yield {"url": url, "pid": server.proc.pid, "port": port}
    finally:
        server.stop()


@pytest.fixture(scope="session")
def rasa_server(action_server, rasa_port, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rasa")
    endpoints = tmp / "endpoints.yml"
    # As endpoints.yml, with an in-memory tracker store: each run starts from empty conversations.
    endpoints.write_text(
        yaml.safe_dump(
            {"action_endpoint": {"url": f"{action_server['url']}/webhook", "headers": {"X-Action-Token": ACTION_TOKEN}}}
        ),
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{rasa_port}"
    server = bot_servers.rasa_server(rasa_port, endpoints, tmp, RASA_TOKEN, KAKAO_SKILL_SECRET=KAKAO_SECRET)
    server.start(600)
    try:
        yield {"url": url, "pid": server.proc.pid, "port": rasa_port}
    finally:
        server.stop()
