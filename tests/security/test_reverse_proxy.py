"""deploy/nginx/minwon.conf in front of the real API and Rasa server: the citizens' channel webhooks and the
API's pages pass; Rasa's HTTP API (even with its token), its `rest` channel and the API's schema do not."""

from __future__ import annotations

import http.client
import os
import shutil
from pathlib import Path

import httpx
import pytest

from tests.security.security_stack import RASA_TOKEN, Citizen, enabled_channels
from tests.support.processes import PROJECT_ROOT, ServerProcess, free_port

CONF = PROJECT_ROOT / "deploy" / "nginx" / "minwon.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PUBLIC_CHANNELS = ("web", "kakao")  # the channels minwon.conf proxies


def render(conf: str, api_port: int, rasa_port: int, port: int) -> str:
    """The example with this test's ports; each replaced line must be there exactly once."""
    for old, new in (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{api_port};"),
        ("server 127.0.0.1:5005;", f"server 127.0.0.1:{rasa_port};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
    ):
        assert conf.count(old) == 1, old
        conf = conf.replace(old, new)
    return conf


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, api_server, rasa_server):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: scripts/ensure_services.sh installs it")
    tmp = tmp_path_factory.mktemp("nginx")
    tmp.chmod(0o755)  # worker processes may run as another user
    port = free_port()
    site = render(CONF.read_text(encoding="utf-8"), int(api_server.rsplit(":", 1)[1]), rasa_server["port"], port)
    temp = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n    access_log {tmp}/access.log;\n{temp}\n{site}\n}}\n",
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{port}"
    # Ready when the API answers through it; nginx reports a bad configuration on stderr (nginx.log).
    with ServerProcess(
        "nginx", [NGINX, "-c", tmp / "nginx.conf", "-p", tmp], os.environ, f"{url}/api/v1/health", tmp
    ).start(20):
        yield url


def test_the_homepage_and_the_public_api_pass(proxy):
    assert httpx.get(f"{proxy}/", timeout=10).status_code == 200
    assert httpx.get(f"{proxy}/api/v1/health", timeout=10).json() == {"status": "ok"}


@pytest.mark.parametrize("channel", PUBLIC_CHANNELS)
def test_a_citizens_channel_works_through_the_proxy(proxy, rasa_server, channel):
    if channel not in enabled_channels():
        pytest.skip(f"channel {channel!r} is not in credentials.yml yet")
    citizen = Citizen(rasa_server["url"], channel, base=proxy)
    citizen.say("안녕하세요")
    assert any(e["event"] == "user" and e["text"] == "안녕하세요" for e in citizen.tracker()["events"])


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/conversations/{c}/tracker"),
        ("POST", "/conversations/{c}/tracker/events"),
        ("GET", "/status"),
        ("GET", "/version"),
        ("POST", "/model/parse"),
        ("GET", "/domain"),
        ("POST", "/webhooks/rest/webhook"),
        ("GET", "/docs"),
        ("GET", "/openapi.json"),
    ],
)
def test_internal_paths_are_refused_even_with_the_token(proxy, rasa_server, method, path):
    citizen = Citizen(rasa_server["url"], "rest")
    citizen.say("안녕하세요")  # a real conversation, so a leak would have something to show
    url = proxy + path.format(c=citizen.conversation)
    body = {"json": {"sender": citizen.conversation, "message": "hi", "text": "hi"}} if method == "POST" else {}
    r = httpx.request(method, url, params={"token": RASA_TOKEN}, timeout=10, **body)
    assert r.status_code in (403, 404), (path, r.status_code, r.text[:200])
    r = httpx.request(method, url, headers={"Authorization": f"Bearer {RASA_TOKEN}"}, timeout=10, **body)
    assert r.status_code in (403, 404), (path, r.status_code, r.text[:200])


@pytest.mark.parametrize(
    "raw",
    [
        "/webhooks/web/../../conversations/{c}/tracker",
        "/webhooks/kakao/%2e%2e/%2e%2e/conversations/{c}/tracker",
        "/webhooks/web/..%2f..%2fconversations/{c}/tracker",
        "/conversations/{c}/../../webhooks/web/tracker",
        "/webhooks%2fweb/../conversations/{c}/tracker",
    ],
)
def test_no_path_trick_reaches_rasas_api(proxy, rasa_server, raw):
    citizen = Citizen(rasa_server["url"], "rest")
    citizen.say("안녕하세요")
    host, port = proxy.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", raw.format(c=citizen.conversation) + f"?token={RASA_TOKEN}")  # sent as written
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    assert response.status != 200 or citizen.conversation not in body, (raw, response.status, body[:200])


def test_a_client_cannot_choose_the_address_its_rate_limits_count_against(api_server, proxy):
    """Behind the proxy the API takes the client's address from X-Forwarded-For (TRUST_FORWARDED_FOR); the proxy
    overwrites the header, so a client that sends another address with every login guess still meets the limit."""

    def guesses(base):
        return [
            httpx.post(
                f"{base}/api/v1/auth/login",
                json={"username": "nobody", "password": "wrong"},
                headers={"X-Forwarded-For": f"203.0.113.{i}"},
                timeout=10,
            ).status_code
            for i in range(30)
        ]

    assert 429 not in guesses(api_server)  # straight to the API the header counts: 30 addresses, 30 buckets
    assert 429 in guesses(proxy)
