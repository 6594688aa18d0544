"""Rasa's HTTP API and the action server are internal: loopback only, and a token or shared secret on every
call. The channel webhooks stay open."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Set

import httpx
import pytest

from tests.security.security_stack import ACTION_TOKEN, RASA_AUTH, RASA_TOKEN, Citizen
from tests.support.bot_env import bot_env
from tests.support.bot_servers import BOT_VENV
from tests.support.processes import PROJECT_ROOT, free_port


def listening_addresses(port: int) -> Set[str]:
    """The local addresses with a listening TCP socket on `port` (from /proc/net, IPv4 and IPv6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:
                continue
            raw = bytes.fromhex(address)
            if width == 8:
                found.add(".".join(str(b) for b in reversed(raw)))
            else:  # four little-endian 32-bit words
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                found.add(":".join(words[i : i + 2].hex() for i in range(0, 16, 2)))
    return found


def test_rasa_and_the_action_server_listen_on_loopback_only(rasa_server, action_server):
    assert listening_addresses(rasa_server["port"]) == {"127.0.0.1"}
    assert listening_addresses(action_server["port"]) == {"127.0.0.1"}


INTERNAL = [
    ("GET", "/conversations/{c}/tracker"),
    ("POST", "/conversations/{c}/tracker/events"),
    ("PUT", "/conversations/{c}/tracker/events"),
    ("POST", "/conversations/{c}/messages"),
    ("POST", "/conversations/{c}/trigger_intent"),
    ("POST", "/conversations/{c}/execute"),
    ("GET", "/conversations/{c}/story"),
    ("POST", "/conversations/{c}/predict"),
    ("GET", "/status"),
    ("GET", "/domain"),
    ("POST", "/model/parse"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
]


@pytest.mark.parametrize("method, path", INTERNAL)
def test_rasa_http_api_refuses_a_call_without_the_token(rasa_server, method, path):
    url = rasa_server["url"] + path.format(c=f"probe-{uuid.uuid4().hex[:8]}")
    body = {"json": {}} if method in ("POST", "PUT") else {}
    for extra in (
        {},
        {"headers": {"Authorization": "Bearer wrong"}},
        {"params": {"token": "wrong"}},
        {"params": {"token": ""}},
    ):
        r = httpx.request(method, url, timeout=10, **body, **extra)
        assert r.status_code == 401, (method, path, extra, r.status_code, r.text[:200])


def test_the_events_endpoint_writes_nothing_without_the_token_and_works_with_it(rasa_server):
    citizen = Citizen(rasa_server["url"], "rest")
    citizen.say("안녕하세요")
    events = f"{rasa_server['url']}/conversations/{citizen.conversation}/tracker/events"
    forged = [{"event": "slot", "name": "verified_phone", "value": "010-5555-0101"}]

    assert httpx.post(events, json=forged, timeout=10).status_code == 401
    assert citizen.tracker()["slots"]["verified_phone"] is None

    # The same call with the token (the API resumes conversations this way) is carried out: the token decides.
    assert httpx.post(events, json=forged, params={"token": RASA_TOKEN}, timeout=10).status_code == 200
    assert citizen.tracker()["slots"]["verified_phone"] == "010-5555-0101"


def test_the_token_is_taken_from_a_header_or_rasas_query_parameter(rasa_server):
    url = rasa_server["url"] + "/status"
    assert httpx.get(url, headers=RASA_AUTH, timeout=10).status_code == 200
    assert httpx.get(url, params={"token": RASA_TOKEN}, timeout=10).status_code == 200


def test_the_webhook_needs_no_token(rasa_server):
    r = httpx.post(
        f"{rasa_server['url']}/webhooks/rest/webhook",
        json={"sender": f"open-{uuid.uuid4().hex[:8]}", "message": "안녕하세요"},
        timeout=60,
    )
    assert r.status_code == 200 and any(m.get("text") for m in r.json()), r.text


def test_the_action_server_answers_only_the_rasa_server(action_server):
    call = {
        "next_action": "action_check_status",
        "sender_id": "probe",
        "version": "3.6.2",
        "tracker": {
            "sender_id": "probe",
            "slots": {"verified_phone": "010-5555-0101"},
            "latest_message": {},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {},
    }
    url = action_server["url"]
    for headers in ({}, {"X-Action-Token": "wrong"}, {"X-Action-Token": ""}):
        assert httpx.post(f"{url}/webhook", json=call, headers=headers, timeout=10).status_code == 401
        assert httpx.get(f"{url}/actions", headers=headers, timeout=10).status_code == 401
    listed = httpx.get(f"{url}/actions", headers={"X-Action-Token": ACTION_TOKEN}, timeout=10)
    assert listed.status_code == 200 and {"name": "action_check_status"} in listed.json()
    assert httpx.get(f"{url}/health", timeout=10).status_code == 200  # readiness checks reveal nothing


def test_the_servers_refuse_to_start_without_their_secrets():
    port = str(free_port())
    actions = subprocess.run(
        [str(BOT_VENV / "python"), "-m", "bot.action_server", "--port", port, "--actions", "actions"],
        cwd=PROJECT_ROOT,
        env=bot_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert actions.returncode != 0 and "ACTION_SERVER_TOKEN" in actions.stderr
    rasa = subprocess.run(
        [str(BOT_VENV / "python"), "-m", "bot.server", "run", "--enable-api", "--port", port],
        cwd=PROJECT_ROOT,
        env=bot_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rasa.returncode != 0 and "RASA_TOKEN" in rasa.stderr
