"""The KakaoTalk channel against the real stack: the API (clock fixed in office hours), the action server and
the Rasa server with the trained model and the project's credentials.yml, each a separate process.

Each test module starts its own Rasa server (KAKAO_TIME_BUDGET differs: 4 s, or 0 s so that every answer is
late); the API and the action server are shared by the session. Rasa takes about a minute to load the model.
Needs models/current.tar.gz (scripts/train_if_needed.sh) or CONVERSATION_MODEL=path.
"""

from __future__ import annotations

import pytest

from tests.channels.kakao_client import ACTION_TOKEN
from tests.support import bot_servers
from tests.support.bot_api import IN_OFFICE_HOURS, SERVICE_TOKEN, admin_client, bot_test_api
from tests.support.processes import free_port


@pytest.fixture(scope="session")
def api_server(tmp_path_factory):
    server = bot_test_api(tmp_path_factory.mktemp("api"), fixed_now=IN_OFFICE_HOURS)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def admin(api_server):
    client = admin_client(api_server)
    yield client
    client.close()


@pytest.fixture(scope="session")
def action_server(api_server, tmp_path_factory):
    port = free_port()
    server = bot_servers.action_server(
        port,
        tmp_path_factory.mktemp("actions"),
        API_URL=api_server,
        API_SERVICE_TOKEN=SERVICE_TOKEN,
        ACTION_SERVER_TOKEN=ACTION_TOKEN,
    )
    server.start(120)
    try:
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        server.stop()
