"""Fixtures for the custom-action tests: a REAL complaint API (uvicorn from .venv-api) on a free port with a
temporary SQLite database, and staff and service sessions for checking what actually landed in the API.
Trackers are built with tests.support.trackers.

Run: .venv-bot/bin/pytest tests/actions
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.bot_api import IN_OFFICE_HOURS, OUT_OF_OFFICE_HOURS, SERVICE_TOKEN, admin_client, bot_test_api
from tests.support.processes import free_port
from tests.support.trackers import unique_phone


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    """Start `uvicorn api.main:app` (migrations run on startup) with the demo staff; yield its base URL; stop it."""
    server = bot_test_api(tmp_path_factory.mktemp("api"))
    try:
        yield {"url": server.url, "token": SERVICE_TOKEN}
    finally:
        server.stop()


@pytest.fixture(scope="session")
def fixed_clock_apis(tmp_path_factory):
    """Two more real API processes whose clock is fixed in and out of office hours (started lazily)."""
    servers = {}
    try:
        for name, when in (("in_hours", IN_OFFICE_HOURS), ("out_of_hours", OUT_OF_OFFICE_HOURS)):
            servers[name] = bot_test_api(tmp_path_factory.mktemp(name), fixed_now=when, demo_staff=False)
        yield {name: server.url for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()


@pytest.fixture(autouse=True)
def api_env(api_server, monkeypatch):
    """Point the actions' client at the test API (each test may re-point it, e.g. at a closed port)."""
    monkeypatch.setenv("API_URL", api_server["url"])
    monkeypatch.setenv("API_SERVICE_TOKEN", api_server["token"])
    monkeypatch.delenv("STATUS_LIST_BY_PHONE", raising=False)
    return api_server


@pytest.fixture(scope="session")
def admin(api_server):
    """An httpx client logged in as the demo administrator (reads complaints and handoffs in full)."""
    client = admin_client(api_server["url"])
    yield client
    client.close()


@pytest.fixture(scope="session")
def service(api_server):
    """An httpx client with the bot's service token (as the action server uses it)."""
    client = httpx.Client(
        base_url=api_server["url"] + "/api/v1", timeout=10, headers={"Authorization": f"Bearer {api_server['token']}"}
    )
    yield client
    client.close()


@pytest.fixture
def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}"  # bound and released: nothing listens there


FILLED_FORM = {
    "complaint_category": "road_traffic",
    "category_confirmed": True,
    "description": "전곡역 앞 도로에 큰 포트홀이 생겨서 차가 계속 덜컹거립니다. 빨리 보수해 주세요.",
    "location": "전곡역 앞 사거리",
    "township": "전곡읍",
    "privacy_consent": True,
    "privacy_consent_at": "2026-03-03T10:00:00+09:00",
    "citizen_name": "홍길동",
}


@pytest.fixture
def filled_form():
    def make(**overrides):
        slots = dict(FILLED_FORM, phone=unique_phone(), complaint_nonce=uuid.uuid4().hex)
        slots.update(overrides)
        return slots

    return make
