"""Fixtures for the staff console: an in-process app for the rules, a live API server and headless Chromium
(the system's /usr/bin/chromium through Playwright) for the pages."""

from __future__ import annotations

import os
import re
import shutil
import uuid
import warnings
from pathlib import Path

import httpx
import pytest

warnings.filterwarnings("ignore", message="Using `httpx`")
from fastapi.testclient import TestClient  # noqa: E402

from api.db import upgrade_database  # noqa: E402
from api.main import create_app  # noqa: E402
from api.staff.passwords import hash_password  # noqa: E402
from tests.support.api_helpers import DEFAULT_NOW, PASSWORD, SERVICE_TOKEN, FakeClock, People, make_settings  # noqa: E402
from tests.support.api_server import ApiServer  # noqa: E402
from tests.support.bot_api import FIXED_CLOCK_APP  # noqa: E402
from tests.support.processes import PROJECT_ROOT  # noqa: E402

SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots" / "console"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "demo-yeoncheon-2026"
LIVE_NOW = "2026-03-03T10:00:00+09:00"  # a Tuesday, office hours


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(DEFAULT_NOW)


@pytest.fixture
def app(sqlite_template, tmp_path, clock):
    path = tmp_path / f"{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copy(sqlite_template, path)
    application = create_app(make_settings(f"sqlite:///{path}", session_ttl_minutes=60), clock=clock)
    yield application
    application.state.db.dispose()


@pytest.fixture
def people(app) -> People:
    return People(app, hash_password(PASSWORD))


@pytest.fixture
def client_for(app, people):
    """A logged-in browser-like client per staff member (cookies over https, as the Secure cookie requires)."""
    clients = []

    def make(name: str | None) -> TestClient:
        client = TestClient(app, base_url="https://testserver", follow_redirects=False)
        client.__enter__()
        clients.append(client)
        if name is not None:
            login(client, people.usernames[name], PASSWORD)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def login(client: TestClient, username: str, password: str) -> httpx.Response:
    page = client.get("/console/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/console/login", data={"csrf_token": token, "username": username, "password": password})
    assert response.status_code == 303, response.text
    return response


def without_csrf(html: str) -> str:
    """A page without its CSRF digest (64 random hex characters), so that checks for leaked digits such as
    '5678' cannot match by chance (about once in a thousand pages)."""
    return re.sub(r"[0-9a-f]{64}", "", html)


def csrf_of(client: TestClient) -> str:
    page = client.get("/console/queue")
    return page.text.split('"X-CSRF-Token": "', 1)[1].split('"', 1)[0]


SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


# --- live server and browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_api(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("console-live")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'api.sqlite3'}",
        "API_SERVICE_TOKEN": SERVICE_TOKEN,
        "SESSION_SECRET": "console-test-secret",
        "APP_ENV": "test",
        "LOOKUP_RATE_LIMIT": "1000/minute",
        "LOGIN_RATE_LIMIT": "1000/minute",
        "PYTHONPATH": str(PROJECT_ROOT),
        "FIXED_NOW": LIVE_NOW,
    }
    env.pop("RASA_URL", None)
    # A fixed clock in office hours, so a web handoff is a live chat whatever time the suite runs.
    server = ApiServer(env, tmp, app=FIXED_CLOCK_APP).start()
    server.seed_demo_staff()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        # Korean date fields (연도. 월. 일.) need Chromium's own UI language, which it takes from the environment
        # (and the ko.pak of Debian's chromium-l10n); the context's locale only sets navigator.language and Intl.
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            env={**os.environ, "LANGUAGE": "ko", "LANG": "ko_KR.UTF-8"},
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page_for(browser, live_api):
    contexts = []

    def make(username: str, viewport=(1280, 800)):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="ko-KR")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_api.url}/console/login")
        page.get_by_label("아이디").fill(username)
        page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="로그인").click()
        page.wait_for_url("**/console/queue")
        return page

    yield make
    for context in contexts:
        context.close()
