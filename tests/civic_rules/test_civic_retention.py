"""How long personal data is kept (civic_rules.retention): the API's default and the bot's consent text agree."""

from __future__ import annotations

from civic_rules.retention import DEFAULT_RETENTION_DAYS, retention_days


def test_retention_default_and_override():
    assert DEFAULT_RETENTION_DAYS == 1095  # three years
    assert retention_days({}) == DEFAULT_RETENTION_DAYS
    assert retention_days({"PERSONAL_DATA_RETENTION_DAYS": "365"}) == 365
