"""The real API as the bot's suites (tests/actions, tests/conversation) run it: its own temporary SQLite
database, the bot's service token, optionally a clock fixed in or out of office hours, and the demo staff."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Mapping

import httpx

from tests.support.api_server import ApiServer
from tests.support.processes import PROJECT_ROOT

SERVICE_TOKEN = "test-service-token-" + uuid.uuid4().hex
DEMO_PASSWORD = "demo-yeoncheon-2026"
# Tuesday 2026-03-03 10:00 KST (in office hours) and Saturday 2026-03-07 10:00 KST (closed).
IN_OFFICE_HOURS = "2026-03-03T10:00:00+09:00"
OUT_OF_OFFICE_HOURS = "2026-03-07T10:00:00+09:00"
# The API app with its clock at FIXED_NOW (tests/support/fixed_clock_app.py).
FIXED_CLOCK_APP = ("--factory", "tests.support.fixed_clock_app:create")


def bot_test_api(
    tmp: Path, fixed_now: str | None = None, extra_env: Mapping[str, str] | None = None, demo_staff: bool = True
) -> ApiServer:
    """A started API; with `fixed_now` (ISO 8601) its clock stands at that time."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("API_", "DATABASE_", "COUNTY_", "CATEGORIES_"))},
        "DATABASE_URL": f"sqlite:///{tmp / 'api.sqlite3'}",
        "API_SERVICE_TOKEN": SERVICE_TOKEN,
        "APP_ENV": "test",
        "SESSION_SECRET": "test-session-secret",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(PROJECT_ROOT),
        **({"FIXED_NOW": fixed_now} if fixed_now else {}),
        **(extra_env or {}),
    }
    server = ApiServer(env, tmp, app=FIXED_CLOCK_APP if fixed_now else ("api.main:app",))
    server.start()
    if demo_staff:
        try:
            server.seed_demo_staff()
        except RuntimeError:
            server.stop()
            raise
    return server


def complaint_payload(phone: str, **overrides) -> dict:
    """A complaint as the actions' API client files it (POST /complaints), with the given phone."""
    body = {
        "channel": "web",
        "category": "road_traffic",
        "kind": "grievance",
        "processing_days": None,
        "description": "가로등이 꺼져 있어 밤길이 위험합니다.",
        "location": "연천역 앞",
        "township": "연천읍",
        "citizen_name": "김민수",
        "phone": phone,
        "address": None,
        "privacy_consent": {"agreed": True, "version": "2026-01", "agreed_at": None},
        "elderly_or_disabled": False,
        "urgent_safety": False,
    }
    body.update(overrides)
    return body


def admin_client(api_url: str) -> httpx.Client:
    """An httpx client logged in as the demo administrator (reads complaints and handoffs in full)."""
    client = httpx.Client(base_url=api_url + "/api/v1", timeout=10)
    r = client.post("/auth/login", json={"username": "admin", "password": DEMO_PASSWORD})
    if r.status_code != 200:
        client.close()
        raise RuntimeError(f"demo admin login failed: {r.status_code} {r.text}")
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return client
