"""The bot's servers as the suites that talk to the trained model start them (tests/conversation, tests/channels,
tests/security): the action server (bot.action_server, behind its shared secret) and the Rasa server (bot.server
with the trained model, the project's credentials.yml and its HTTP API behind a token), each a process on the
given loopback port. Needs .venv-bot and the trained model (models/current.tar.gz, or CONVERSATION_MODEL=path).
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.bot_env import bot_env
from tests.support.processes import PROJECT_ROOT, ServerProcess

BOT_VENV = PROJECT_ROOT / ".venv-bot" / "bin"
MODEL = Path(os.environ.get("CONVERSATION_MODEL", PROJECT_ROOT / "models" / "current.tar.gz"))
CREDENTIALS = PROJECT_ROOT / "credentials.yml"


def action_server(port: int, log_dir: Path, **env: str) -> ServerProcess:
    """The action server (not started); `env` gives its API_URL, API_SERVICE_TOKEN and ACTION_SERVER_TOKEN."""
    return ServerProcess(
        "actions",
        [BOT_VENV / "python", "-m", "bot.action_server", "--port", port, "--actions", "actions"],
        bot_env(**env),
        f"http://127.0.0.1:{port}/health",
        log_dir,
    )


def rasa_server(port: int, endpoints: Path, log_dir: Path, rasa_token: str, **env: str) -> ServerProcess:
    """The Rasa server (not started); ready once it has loaded the model (give `start` several minutes)."""
    assert MODEL.exists(), f"no trained model at {MODEL}: run scripts/train_if_needed.sh"
    return ServerProcess(
        "rasa",
        [
            BOT_VENV / "python",
            "-m",
            "bot.server",
            "run",
            "--enable-api",
            "--port",
            port,
            "--model",
            MODEL,
            "--endpoints",
            endpoints,
            "--credentials",
            CREDENTIALS,
        ],
        bot_env(RASA_TOKEN=rasa_token, **env),
        f"http://127.0.0.1:{port}/status?token={rasa_token}",
        log_dir,
        ready=lambda r: r.status_code == 200 and bool(r.json().get("model_file")),
    )
