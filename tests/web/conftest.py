"""The homepage chat widget in real headless Chromium against the whole stack: the API (clock fixed in office
hours, movable through PUT /test-clock), the action server and Rasa with the trained model, each a process on
a free loopback port; the browser loads the homepage the API serves and talks to Rasa's web channel.

Run with .venv-api (Playwright lives there): .venv-api/bin/pytest tests/web
Needs models/current.tar.gz (scripts/train_if_needed.sh) and Debian's chromium (scripts/ensure_services.sh).
Screenshots go to var/screenshots/widget/.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.support.bot_api import IN_OFFICE_HOURS, SERVICE_TOKEN, admin_client, bot_test_api
from tests.support.bot_env import bot_env
from tests.support.processes import PROJECT_ROOT, ServerProcess, free_port

MODEL = Path(os.environ.get("CONVERSATION_MODEL", PROJECT_ROOT / "models" / "current.tar.gz"))
BOT_PYTHON = PROJECT_ROOT / ".venv-bot" / "bin" / "python"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
RASA_TOKEN = secrets.token_urlsafe(24)
ACTION_TOKEN = secrets.token_urlsafe(24)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """{"api", "rasa"} URLs of a running stack; the homepage at api + "/" names this Rasa in its widget tag."""
    assert MODEL.exists(), f"no trained model at {MODEL}: run scripts/train_if_needed.sh"
    rasa_port = free_port()
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    servers: list[ServerProcess] = []
    try:
        api = bot_test_api(
            tmp_path_factory.mktemp("api"),
            fixed_now=IN_OFFICE_HOURS,
            extra_env={"RASA_URL": rasa_url, "RASA_TOKEN": RASA_TOKEN, "WIDGET_BOT_URL": rasa_url},
        )
        servers.append(api)
        action_port = free_port()
        actions = ServerProcess(
            "actions",
            [BOT_PYTHON, "-m", "bot.action_server", "--port", str(action_port), "--actions", "actions"],
            bot_env(API_URL=api.url, API_SERVICE_TOKEN=SERVICE_TOKEN, ACTION_SERVER_TOKEN=ACTION_TOKEN),
            f"http://127.0.0.1:{action_port}/health",
            tmp_path_factory.mktemp("actions"),
        )
        servers.append(actions.start(timeout=120))
        tmp = tmp_path_factory.mktemp("rasa")
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n  headers:\n'
            f'    X-Action-Token: "{ACTION_TOKEN}"\n',
            encoding="utf-8",
        )
        rasa = ServerProcess(
            "rasa",
            [
                BOT_PYTHON,
                "-m",
                "bot.server",
                "run",
                "--enable-api",
                "--cors",
                "*",
                "--port",
                str(rasa_port),
                "--model",
                MODEL,
                "--endpoints",
                endpoints,
                "--credentials",
                "credentials.yml",
            ],
            bot_env(RASA_TOKEN=RASA_TOKEN),
            f"{rasa_url}/status?token={RASA_TOKEN}",
            tmp,
            ready=lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
        )
        servers.append(rasa.start(timeout=600))
        yield {"api": api.url, "rasa": rasa_url, "rasa_token": RASA_TOKEN}
    finally:
        for server in reversed(servers):
            server.stop()


@pytest.fixture(scope="session")
def admin(stack):
    client = admin_client(stack["api"])
    yield client
    client.close()


@pytest.fixture
def office_clock(stack):
    """Move the API's clock (ISO 8601); put back in office hours after the test."""

    def move(when: str) -> None:
        r = httpx.put(stack["api"] + "/test-clock", json={"now": when}, timeout=10)
        assert r.status_code == 200, r.text

    yield move
    move(IN_OFFICE_HOURS)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.goto(stack["api"] + "/")
    yield page
    context.close()
