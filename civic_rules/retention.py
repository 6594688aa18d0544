"""How long personal data is kept: the API deletes it after this, the bot tells the citizen before consent."""

from __future__ import annotations

import os
from typing import Mapping, Optional

# Three years after a complaint is closed.
DEFAULT_RETENTION_DAYS = 1095
RETENTION_ENV = "PERSONAL_DATA_RETENTION_DAYS"


def retention_days(environ: Optional[Mapping[str, str]] = None) -> int:
    """PERSONAL_DATA_RETENTION_DAYS, else the default."""
    value = (os.environ if environ is None else environ).get(RETENTION_ENV)
    return int(value) if value else DEFAULT_RETENTION_DAYS
