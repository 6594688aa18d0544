"""endpoints.yml and endpoints.production.yml as Rasa reads them: the action server's shared secret reaches the
header Rasa sends, and no ${VAR} stays unexpanded (Rasa expands only unquoted scalars)."""

from __future__ import annotations

import pytest
from rasa.utils.endpoints import read_endpoint_config

from tests.support.processes import PROJECT_ROOT

PRODUCTION_ENV = {
    "ACTION_SERVER_URL": "http://10.0.0.7:5055/webhook",
    "TRACKER_DB_HOST": "db.internal",
    "TRACKER_DB_PORT": "5432",
    "TRACKER_DB_NAME": "rasa",
    "TRACKER_DB_USER": "rasa",
    "TRACKER_DB_PASSWORD": "pw#with:odd chars",
    "REDIS_HOST": "redis.internal",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
}


@pytest.mark.parametrize("name", ["endpoints.yml", "endpoints.production.yml"])
def test_every_variable_is_expanded_and_the_secret_is_sent(monkeypatch, name):
    for key, value in {**PRODUCTION_ENV, "ACTION_SERVER_TOKEN": "s3cret-token"}.items():
        monkeypatch.setenv(key, value)
    path = str(PROJECT_ROOT / name)
    action = read_endpoint_config(path, "action_endpoint")
    assert action.headers == {"X-Action-Token": "s3cret-token"}
    for kind in ("action_endpoint", "tracker_store", "lock_store"):
        config = read_endpoint_config(path, kind)
        values = [config.url, *config.headers.values(), *map(str, config.kwargs.values())]
        assert not any("${" in str(v) for v in values), (name, kind, values)
    if name == "endpoints.production.yml":
        assert action.url == PRODUCTION_ENV["ACTION_SERVER_URL"]
        assert read_endpoint_config(path, "tracker_store").kwargs["password"] == PRODUCTION_ENV["TRACKER_DB_PASSWORD"]
