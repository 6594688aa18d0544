"""Runtime configuration, read from environment variables (and an optional .env file)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from civic_rules.contracts import CATEGORIES_FILE
from civic_rules.county_file import DEFAULT_COUNTY_FILE
from civic_rules.retention import DEFAULT_RETENTION_DAYS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "api.sqlite3"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_env: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    county_config: Path = DEFAULT_COUNTY_FILE
    categories_path: Path = CATEGORIES_FILE

    # Bearer token the chatbot's action server presents. Unset = service access disabled.
    api_service_token: SecretStr | None = None
    # Pepper mixed into stored session-token hashes, so a leaked DB alone cannot forge sessions.
    session_secret: SecretStr = SecretStr("dev-only-session-secret-change-me")
    session_ttl_minutes: int = Field(default=480, ge=5, le=60 * 24 * 30)

    personal_data_retention_days: int = Field(default=DEFAULT_RETENTION_DAYS, ge=1)
    sms_provider: str = "api.notifications.providers.LoggingProvider"
    # "<count>/<second|minute|hour>" per client IP for citizen status lookups and logins.
    lookup_rate_limit: str = "10/minute"
    login_rate_limit: str = "20/minute"
    # Only behind a trusted reverse proxy: take the client IP from X-Forwarded-For.
    trust_forwarded_for: bool = False
    # Number of uvicorn worker processes on this host. uvicorn takes its default --workers from the same variable,
    # so start it with WEB_CONCURRENCY=N rather than --workers N: the in-process rate limiters then give each
    # process 1/N of the per-IP limits, and the host as a whole still allows at most the configured rate.
    web_concurrency: int = Field(default=1, ge=1, le=64)

    # The Rasa server's HTTP API (rasa run --enable-api). When set, closing a handoff resumes the paused
    # conversation so the chatbot answers again; unset = conversations stay paused until the citizen starts anew.
    rasa_url: str | None = None
    rasa_token: SecretStr | None = None

    # Live handoff chat (homepage widget): how long a citizen waits for an officer to take the chat before the
    # widget offers a callback and the chatbot takes the conversation back; per-IP rate of the citizen's chat
    # calls (the widget polls once a second while connected).
    handoff_wait_seconds: int = Field(default=300, ge=5, le=3600)
    handoff_chat_rate_limit: str = "600/minute"
    # The chatbot's address the demo homepage's widget tag names (unset: http://127.0.0.1:5005; "" = same origin,
    # e.g. behind one reverse proxy).
    widget_bot_url: str | None = None
    # Origins of county web pages that embed the widget while the API lives on another origin (JSON list, e.g.
    # '["https://www.yeoncheon.go.kr"]'). Such calls may carry only Content-Type and X-Handoff-Token, never a
    # staff Authorization header, so only public endpoints like the live chat answer them. Empty = none.
    widget_origins: list[str] = []

    # The address citizens reach this API at, for links in text messages (the rating page of a closed complaint).
    public_base_url: str = "http://127.0.0.1:8000"

    due_soon_working_days: int = Field(default=2, ge=0, le=30)
    sms_min_processing_days: int = 5
    progress_notice_days: int = 30
    auto_migrate: bool = True
    thread_pool_size: int = Field(default=8, ge=1, le=200)
    sql_echo: bool = False

    @field_validator("lookup_rate_limit", "login_rate_limit", "handoff_chat_rate_limit")
    @classmethod
    def _check_rate(cls, value: str) -> str:
        parse_rate(value)
        return value

    @property
    def lookup_rate(self) -> tuple[int, float]:
        """Per-process share of LOOKUP_RATE_LIMIT (the whole limit with one process)."""
        return self._per_process(parse_rate(self.lookup_rate_limit))

    @property
    def login_rate(self) -> tuple[int, float]:
        return self._per_process(parse_rate(self.login_rate_limit))

    @property
    def handoff_chat_rate(self) -> tuple[int, float]:
        return self._per_process(parse_rate(self.handoff_chat_rate_limit))

    def _per_process(self, rate: tuple[int, float]) -> tuple[int, float]:
        count, period = rate
        return max(1, count // self.web_concurrency), period

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


_PERIODS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_rate(value: str) -> tuple[int, float]:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(second|minute|hour|s|m|h)\s*", value)
    if not match:
        raise ValueError("rate must look like '10/minute'")
    return int(match.group(1)), _PERIODS[match.group(2)]


@lru_cache
def get_settings() -> Settings:
    return Settings()
