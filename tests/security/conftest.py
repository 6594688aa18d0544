"""The whole stack for the security tests, started as `make start` starts it, each server a process on a free
loopback port: the real API, the action server (bot.action_server, with its shared secret) and the Rasa server
(bot.server, the trained model, the project's credentials.yml, its HTTP API behind a token).

Needs the trained model (models/current.tar.gz, or CONVERSATION_MODEL=path); Rasa takes about a minute to load.
Run: .venv-bot/bin/pytest tests/security
"""

from __future__ import annotations

import os

import pytest
import yaml

from tests.security.security_stack import (
    ACTION_TOKEN,
    BOT,
    CREDENTIALS,
    KAKAO_SECRET,
    MODEL,
    RASA_TOKEN,
    SERVICE_TOKEN,
)
from tests.support.api_server import ApiServer
from tests.support.bot_env import bot_env
from tests.support.processes import PROJECT_ROOT, ServerProcess, free_port


@pytest.fixture(scope="session")
def rasa_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def api_server(tmp_path_factory, rasa_port):
    tmp = tmp_path_factory.mktemp("api")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("API_", "DATABASE_", "RASA_", "COUNTY_"))},
        "DATABASE_URL": f"sqlite:///{tmp / 'api.sqlite3'}",
        "API_SERVICE_TOKEN": SERVICE_TOKEN,
        "APP_ENV": "test",
        "SESSION_SECRET": "test-session-secret",
        "PYTHONPATH": str(PROJECT_ROOT),
        "PYTHONUNBUFFERED": "1",
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "RASA_TOKEN": RASA_TOKEN,
        "TRUST_FORWARDED_FOR": "true",
    }  # as behind deploy/nginx/minwon.conf
    server = ApiServer(env, tmp)
    server.start(90)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def action_server(api_server, tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = ServerProcess(
        "actions",
        [BOT / "python", "-m", "bot.action_server", "--port", port, "--actions", "actions"],
        bot_env(API_URL=api_server, API_SERVICE_TOKEN=SERVICE_TOKEN, ACTION_SERVER_TOKEN=ACTION_TOKEN),
        f"{url}/health",
        log_dir=tmp_path_factory.mktemp("actions"),
    )
    server.start(120)
    try:
        yield {"url": url, "pid": server.proc.pid, "port": port}
    finally:
        server.stop()


@pytest.fixture(scope="session")
def rasa_server(action_server, rasa_port, tmp_path_factory):
    assert MODEL.exists(), f"no trained model at {MODEL}: run scripts/train_if_needed.sh"
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
    server = ServerProcess(
        "rasa",
        [
            BOT / "python",
            "-m",
            "bot.server",
            "run",
            "--enable-api",
            "--port",
            rasa_port,
            "--model",
            MODEL,
            "--endpoints",
            endpoints,
            "--credentials",
            CREDENTIALS,
        ],
        bot_env(RASA_TOKEN=RASA_TOKEN, KAKAO_SKILL_SECRET=KAKAO_SECRET),
        f"{url}/status?token={RASA_TOKEN}",
        log_dir=tmp,
        ready=lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
    )
    server.start(600)
    try:
        yield {"url": url, "pid": server.proc.pid, "port": rasa_port}
    finally:
        server.stop()
