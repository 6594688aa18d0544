"""Fixtures for the custom-action tests: a REAL complaint API (uvicorn from .venv-api) on a free port with a
temporary SQLite database, trackers built like the ones Rasa sends, and a staff session for checking what
actually landed in the API.

Run: .venv-bot/bin/pytest tests/actions
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

SERVICE_TOKEN = "test-service-token-" + uuid.uuid4().hex
DEMO_PASSWORD = "demo-yeoncheon-2026"
API_VENV = PROJECT_ROOT / ".venv-api" / "bin"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A server process of the test stack (API, action server, Rasa) with its output in a log file."""

    def __init__(self, name: str, args: List[str], env: Dict[str, str], log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_http(self, url: str, seconds: float, ok=lambda r: r.status_code == 200) -> None:
        deadline = time.monotonic() + seconds
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_path.read_text()[-4000:]}")
            try:
                if ok(httpx.get(url, timeout=2)):
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not start in {seconds} s:\n{self.log_path.read_text()[-4000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


class ApiProcess(Process):
    """One uvicorn process of the real API on a free port with its own temporary SQLite database."""

    def __init__(self, tmp: Path, app_args: List[str], extra_env: Optional[Dict[str, str]] = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("API_", "DATABASE_", "COUNTY_", "CATEGORIES_"))},
            "DATABASE_URL": f"sqlite:///{tmp / 'api.sqlite3'}",
            "API_SERVICE_TOKEN": SERVICE_TOKEN,
            "APP_ENV": "test",
            "SESSION_SECRET": "test-session-secret",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(PROJECT_ROOT),
            **(extra_env or {}),
        }
        super().__init__("uvicorn", [str(API_VENV / "uvicorn"), *app_args, "--host", "127.0.0.1", "--port",
                                     str(self.port), "--log-level", "warning"], self.env, tmp)

    def wait(self, seconds: float = 60) -> "ApiProcess":
        self.wait_http(f"{self.url}/api/v1/health", seconds)
        return self

    def seed_demo_staff(self) -> None:
        seeded = subprocess.run([str(API_VENV / "python"), "-m", "api.staff.seed_demo"], cwd=PROJECT_ROOT, env=self.env,
                                capture_output=True, text=True, timeout=120)
        assert seeded.returncode == 0, seeded.stderr


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    """Start `uvicorn api.main:app` (migrations run on startup); yield its base URL; stop it."""
    server = ApiProcess(tmp_path_factory.mktemp("api"), ["api.main:app"])
    try:
        server.wait()
        # Demo staff, so tests can read a complaint's full record as an administrator would.
        server.seed_demo_staff()
        yield {"url": server.url, "token": SERVICE_TOKEN, "env": server.env, "log": server.log_path}
    finally:
        server.stop()


# Tuesday 2026-03-03 10:00 KST (in office hours) and Saturday 2026-03-07 10:00 KST (closed).
IN_OFFICE_HOURS = "2026-03-03T10:00:00+09:00"
OUT_OF_OFFICE_HOURS = "2026-03-07T10:00:00+09:00"


@pytest.fixture(scope="session")
def fixed_clock_apis(tmp_path_factory):
    """Two more real API processes whose clock is fixed in and out of office hours (started lazily)."""
    servers = {}
    try:
        for name, when in (("in_hours", IN_OFFICE_HOURS), ("out_of_hours", OUT_OF_OFFICE_HOURS)):
            servers[name] = ApiProcess(tmp_path_factory.mktemp(name),
                                       ["--factory", "--app-dir", "tests/actions", "fixed_clock_app:create"],
                                       {"FIXED_NOW": when})
        for server in servers.values():
            server.wait()
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
    client = httpx.Client(base_url=api_server["url"] + "/api/v1", timeout=10)
    r = client.post("/auth/login", json={"username": "admin", "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    yield client
    client.close()


@pytest.fixture(scope="session")
def service(api_server):
    """An httpx client with the bot's service token (as the action server uses it)."""
    client = httpx.Client(base_url=api_server["url"] + "/api/v1", timeout=10,
                          headers={"Authorization": f"Bearer {api_server['token']}"})
    yield client
    client.close()


@pytest.fixture
def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}"  # bound and released: nothing listens there


# --- trackers ------------------------------------------------------------------------------------


def user_event(text: str, intent: str = "", entities: Optional[List[Dict[str, Any]]] = None,
               ts: Optional[float] = None, channel: str = "rest") -> Dict[str, Any]:
    return {"event": "user", "timestamp": ts or time.time(), "text": text, "input_channel": channel,
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text}}


def bot_event(text: str, ts: Optional[float] = None) -> Dict[str, Any]:
    return {"event": "bot", "timestamp": ts or time.time(), "text": text, "data": {}}


def slot_event(name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "timestamp": time.time(), "name": name, "value": value}


def make_tracker(slots: Optional[Dict[str, Any]] = None, text: str = "", intent: str = "",
                 entities: Optional[List[Dict[str, Any]]] = None, events: Optional[List[Dict[str, Any]]] = None,
                 sender_id: Optional[str] = None, active_loop: Optional[str] = None,
                 latest_message: Optional[Dict[str, Any]] = None, channel: str = "rest") -> Tracker:
    latest = latest_message or {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    evs = list(events) if events is not None else [user_event(text, intent, entities, channel=channel)]
    return Tracker(
        sender_id=sender_id or f"test-{uuid.uuid4().hex[:12]}",
        slots=dict(slots or {}),
        latest_message=latest,
        events=evs,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run_action(action, tracker: Tracker, domain: Optional[Dict[str, Any]] = None):
    """Run a (sync or async) rasa_sdk action; return (messages, events)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, domain or {})
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return dispatcher.messages, result


def texts_of(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def slots_of(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for e in events:
        if e.get("event") == "slot":
            out[e["name"]] = e["value"]
    return out


def entity(name: str, value: str) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(value), "extractor": "test"}


def unique_phone() -> str:
    n = uuid.uuid4().int % 10_000_0000
    return f"010-{2000 + n // 10000 % 8000:04d}-{n % 10000:04d}"


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
