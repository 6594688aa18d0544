"""Data, settings, a clock and staff for the API tests (.venv-api)."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.settings import Settings
from api.staff.models import Staff
from api.staff.service import open_session

KST = ZoneInfo("Asia/Seoul")
SERVICE_TOKEN = "test-service-token-0123456789abcdef"
SESSION_SECRET = "test-session-secret"
PASSWORD = "correct-horse-battery"
# Tuesday 2026-03-03 10:00 KST: a working day right after the 삼일절 substitute holiday.
DEFAULT_NOW = datetime(2026, 3, 3, 10, 0, tzinfo=KST)
# PostgreSQL runs in `make test`; `make test-fast` (-m "not slow") keeps SQLite.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.slow)]


class FakeClock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta) -> None:
        self.now = self.now + timedelta(**delta)


def make_settings(database_url: str, **overrides) -> Settings:
    values = dict(
        app_env="test",
        database_url=database_url,
        api_service_token=SERVICE_TOKEN,
        session_secret=SESSION_SECRET,
        auto_migrate=False,
        lookup_rate_limit="1000/minute",
        login_rate_limit="1000/minute",
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


SERVICE = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def complaint_body(**overrides) -> dict:
    body = {
        "channel": "kakao",
        "category": "road_traffic",
        "kind": "grievance",
        "description": "전곡역 앞 도로에 큰 포트홀이 생겨 차량이 위험합니다.",
        "location": "전곡역 앞 사거리",
        "township": "전곡읍",
        "citizen_name": "홍길동",
        "phone": "010-1234-5678",
        "privacy_consent": {"agreed": True, "version": "2026-01"},
    }
    body.update(overrides)
    return body


def create_complaint(client, headers=None, key: str | None = None, **overrides) -> dict:
    headers = dict(headers or SERVICE)
    if key:
        headers["Idempotency-Key"] = key
    response = client.post("/api/v1/complaints", json=complaint_body(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


class RecordingProvider:
    """Test provider: records sends; fails the first `fail_times` attempts of each message."""

    sent: list = []

    def __init__(self, fail_times: int = 0, delay: float = 0.0):
        self.fail_times = fail_times
        self.delay = delay
        self.sent = []
        self.attempts: dict[str, int] = {}
        self._lock = threading.Lock()

    def send(self, message):
        with self._lock:
            self.attempts[message.dedupe_key] = self.attempts.get(message.dedupe_key, 0) + 1
            if self.attempts[message.dedupe_key] <= self.fail_times:
                raise ConnectionError("gateway unavailable")
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.sent.append(message.dedupe_key)
        return f"rec-{message.id}"


class People:
    """Staff accounts and their bearer headers. Department 'construction_roads' owns road complaints."""

    DEPT = "construction_roads"
    OTHER = "environment"

    def __init__(self, app, password_hash: str):
        self.app = app
        self.password_hash = password_hash
        self.ids: dict[str, int] = {}
        self.usernames: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        for name, role, dept in [
            ("admin", "admin", None),
            ("manager", "manager", self.DEPT),
            ("officer", "officer", self.DEPT),
            ("officer2", "officer", self.DEPT),
            ("other_manager", "manager", self.OTHER),
            ("other_officer", "officer", self.OTHER),
        ]:
            self.add(name, role, dept)

    def add(self, name: str, role: str, dept: str | None) -> None:
        db = self.app.state.db
        with db.writer() as session:
            staff = Staff(
                username=f"{name}-{uuid.uuid4().hex[:6]}",
                display_name=name,
                role=role,
                department_id=dept,
                password_hash=self.password_hash,
                is_active=True,
                created_at=DEFAULT_NOW,
            )
            session.add(staff)
            session.flush()
            # Sessions long enough to survive clock jumps in the tests.
            token, _ = open_session(
                session,
                staff,
                secret=SESSION_SECRET,
                ttl_minutes=60 * 24 * 365 * 3,
                now=DEFAULT_NOW - timedelta(days=30),
            )
            self.ids[name] = staff.id
            self.usernames[name] = staff.username
            self.tokens[name] = token

    def headers(self, name: str) -> dict[str, str]:
        if name == "service":
            return {"Authorization": f"Bearer {SERVICE_TOKEN}"}
        if name == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.tokens[name]}"}
