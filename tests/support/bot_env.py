"""The environment of the bot's servers (Rasa, the action server) in the tests: what scripts/bot_env.sh and the
Procfile set, without the caller's own API_, RASA_, ACTION_, KAKAO_, STATUS_LIST and virtualenv settings (each
test passes the ones it means)."""

from __future__ import annotations

import os

from tests.support.processes import PROJECT_ROOT

DROPPED = ("API_", "RASA_", "ACTION_", "KAKAO_", "STATUS_LIST", "VIRTUAL_ENV")


def bot_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED)}
    env.update(
        {
            "PYTHONPATH": str(PROJECT_ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env
